"""Person names: strict folding for merging, tolerant matching for --person (SPEC §5, §6)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from anyascii import anyascii
from hypothesis import assume, given
from hypothesis import strategies as st

from incidentctl.record.names import (
    MATCH_THRESHOLD,
    fold_name,
    merge_key,
    name_similarity,
    names_match,
    normalise_tokens,
    search_keys,
    similar_but_different,
)

EVAL_FILE = Path(__file__).resolve().parents[1] / "data" / "name_eval.yaml"
RECALL_TARGET = 0.95  # issue 13, on the held-out part
PRECISION_TARGET = 0.98
HELDOUT_MIN_PERSONS = 150  # issue 13: the whole set, of which a third held out
HELDOUT_MIN_NEAR_MISSES = 40
# Tuned on, so optimistic; kept above the held-out target so that a blind set has a chance.
# With the fourth blind part spent (heldout-4, now development) the round-4 rules measured
# 0.919 here (tp 2099, fn 185, fp 16); round 5 measures 0.953 (tp 2176, fn 108, fp 16).
# With the fifth spent too (heldout-5) the round-5 rules measure 0.946 (tp 3339, fn 192, fp 37,
# precision 0.989); round 6 measures 0.954 (tp 3370, fn 161, fp 28, precision 0.992).
# With the sixth spent too (heldout-6) the round-6 rules measure 0.943 (tp 4999, fn 300, fp 42,
# precision 0.992); round 7 measures 0.955 (tp 5061, fn 238, fp 42, precision 0.992).
# With the seventh spent too (heldout-7) the round-7 rules measure 0.941 (tp 7312, fn 461,
# fp 91, precision 0.988); round 8 measures 0.950 (tp 7382, fn 391, fp 85, precision 0.989;
# recall 0.9497), so the floor stays at 0.94.
DEVELOPMENT_RECALL = 0.94
DEVELOPMENT_PRECISION = 0.98
PARTS = ("development", "heldout")
SPENT = (
    "heldout-1",
    "fresh-1",
    "heldout-2",
    "heldout-3",
    "heldout-4",
    "heldout-5",
    "heldout-6",
    "heldout-7",
)  # once-blind parts, now development (name_eval.yaml header)

# --------------------------------------------------------------------------- fold


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Сергей Сизинцев", "sergey sizintsev"),
        ("  SERGEY   Sizintsev ", "sergey sizintsev"),
        ("Sergueï Sizintsev", "serguei sizintsev"),
        ("Михаил Беньяш", "mikhail benyash"),  # soft sign: anyascii "'" is dropped, not a split
        ("Sizintsev, Sergey V.", "sizintsev sergey v"),
        ("Jean-Pierre  O'Brien", "jean pierre obrien"),
        ("Бақытжан Төреғожина", "baqytzhan toreghozhina"),
        ("", ""),
    ],
)
def test_fold_examples(name: str, expected: str) -> None:
    assert fold_name(name) == expected


def test_fold_merges_scripts_and_case_but_not_spellings() -> None:
    assert fold_name("Сергей Сизинцев") == fold_name("sergey SIZINTSEV")
    assert fold_name("Айман Омарова") == fold_name("Ayman Omarova")
    assert fold_name("Botagöz Jardemalie") == fold_name("Botagoz Jardemalie")
    # Similar-but-different spellings are never merged silently.
    assert fold_name("Sizentsev") != fold_name("Sizintsev")
    assert fold_name("Aiman Omarova") != fold_name("Ayman Omarova")
    assert fold_name("Omarova") != fold_name("Omarov")
    # Token order is kept: the key is a name, not a bag of words.
    assert fold_name("Sizintsev Sergey") != fold_name("Sergey Sizintsev")


# --------------------------------------------------------------------------- normalise_tokens


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sergey Sizintsev", ("sergei", "sizincev")),
        ("Sizintzev", ("sizincev",)),
        ("Sizincev", ("sizincev",)),
        ("Сизинцева Сергея Васильевича", ("sizincev", "sergei", "vasilevich")),
        ("Сизинцеву Сергею Васильевичу", ("sizincev", "sergei", "vasilevich")),
        ("Магнитского Сергея Леонидовича", ("magnicki", "sergei", "leonidovich")),
        ("Moukhtar Ablyazov", ("muhtar", "abliazov")),
        ("Botagoz Dzhardemali", ("botagoz", "jardemali")),
        ("Jardemalie", ("jardemali",)),
        ("Yevgeniy Zhovtis", ("evgeni", "jovtis")),
        ("Evgueni Jovtis", ("evgeni", "jovtis")),
        ("Бузургмехр Ёров", ("buzurgmehr", "erov")),
        ("Max Bokayev", ("maks", "bokaev")),
        ("Zhanar Balghabaeva", ("janar", "balgabaeva")),
        ("Омаровой", ("omarova",)),
        ("Mme Jardemalie", ("jardemali",)),
        ("S. V. Sizintsev", ("s", "v", "sizincev")),
        ("Nariman Enver oğlu Celâl", ("nariman", "enveroglu", "jelal")),
        # a number is nobody's father: --public's word windows reached across a separator
        # ("0000000 kizi" read as one patronymic; a Hypothesis draw, e93ceea on names8)
        ("aa 0000000 kizi", ("a", "0000000", "kizi")),
    ],
)
def test_normalise_tokens_examples(name: str, expected: tuple[str, ...]) -> None:
    assert normalise_tokens(name) == expected


def test_genitive_is_only_undone_when_a_masculine_patronymic_says_so() -> None:
    # Without the patronymic, "Сизинцева" is the feminine surname and stays so.
    assert normalise_tokens("Сизинцева") == ("sizinceva",)
    assert normalise_tokens("Ольга Сизинцева") == ("olga", "sizinceva")
    # A feminine patronymic does not turn a woman's surname masculine.
    assert normalise_tokens("Омарова Айман Сериковна")[0] == "omarova"


# --------------------------------------------------------------------------- name_similarity


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Sizentsev", "Sergey Sizintsev"),
        ("Сизинцев", "Sergey Sizintsev"),
        ("Сизинцева Сергея Васильевича", "Sergey Sizintsev"),
        ("Сизинцев С.В.", "Sergey Sizintsev"),
        ("S. Sizintsev", "Sergey Sizintsev"),
        ("Sizintsev Sergey", "Sergey Sizintsev"),
        ("Umarova", "Aiman Omarova"),
        ("Omaraova", "Aiman Omarova"),
        ("Aiman Umarova", "Aiman Omarova"),
        ("Айман Омарова", "Aiman Omarova"),
        ("Bota Jardemalie", "Botagoz Jardemalie"),
        ("Ботагоз Джардемали", "Botagoz Jardemalie"),
        ("Moukhtar Ablyazov", "Mukhtar Ablyazov"),
        ("Мухтар Аблязов", "Mukhtar Ablyazov"),
        ("Жанар Балгабаева", "Zhanar Balghabaeva"),
        ("Ринат Рафкат", "Rinat Rafqat"),
        ("Айгерим Тилеужан", "Aigerim Tileuzhan"),
        ("Vadim Kouramchine", "Vadim Kuramshin"),
        ("Бақытжан Төреғожина", "Bakhytzhan Toregozhina"),
        # issue 16: the forms --public must withhold are the forms --person must find
        ("Oma\u00adrova", "Aiman Omarova"),  # soft hyphen
        ("Omar\u200bova", "Aiman Omarova"),  # zero-width space
        ("Aim\u200dan Oma\u2060rova\ufeff", "Aiman Omarova"),  # joiner, word joiner, BOM
        ("Федор Семенов", "Fyodor Semyonov"),  # ё written е
        ("Фёдор Семёнов", "Fedor Semenov"),
        ("Сизинцевым", "Ербол Сизинцев"),  # Russian instrumental
        ("Омароваға", "Aiman Omarova"),  # Kazakh dative
        ("Омарованың", "Aiman Omarova"),  # Kazakh genitive
        ("Омаровадан", "Aiman Omarova"),  # Kazakh ablative
        ("Сизинцевке", "Yerbol Sizintsev"),  # Kazakh dative after a front vowel
        ("Ербол", "Yerbol Sizintsev"),
    ],
)
def test_spellings_of_one_person_match(query: str, candidate: str) -> None:
    score = name_similarity(query, candidate)
    assert score >= MATCH_THRESHOLD, score
    assert names_match(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # Other surnames.
        ("Sizov", "Sergey Sizintsev"),
        ("Sizikov", "Sergey Sizintsev"),
        ("Amirova", "Aiman Omarova"),
        ("Aiman Ospanova", "Aiman Omarova"),
        ("Marat Tursunbekov", "Marat Turymbetov"),
        ("Maira Gabdullaeva", "Maira Gabdullina"),
        ("Stanislav Markov", "Stanislav Markelov"),
        ("Madina Akhmedova", "Madina Akhmetova"),  # one consonant apart
        # The other gender's form of the surname is another person.
        ("Omarov", "Aiman Omarova"),
        ("Umarov", "Aiman Omarova"),
        ("Sizintsev", "Olga Sizintseva"),
        ("Сизинцева", "Sergey Sizintsev"),  # bare genitive reads as the feminine surname
        # Same surname, another given name (relatives).
        ("Madiyar Ablyazov", "Mukhtar Ablyazov"),
        ("Murat Turymbetov", "Marat Turymbetov"),
        # A wrong initial is not waived.
        ("A. Sizintsev", "Sergey Sizintsev"),
        # A surname is not an abbreviation of a longer surname.
        ("Talgat Ayanova", "Talgat Ayan"),
        # Every query token must match: a full name does not find a surname-only alias.
        ("Aiman Omarova", "Omarova"),
        ("Sergey Petrov Sizintsev", "Sergey Sizintsev"),
        # A different patronymic is a different person.
        ("Сизинцев Сергей Петрович", "Sergey Vasilyevich Sizintsev"),
    ],
)
def test_other_people_do_not_match(query: str, candidate: str) -> None:
    score = name_similarity(query, candidate)
    assert score < MATCH_THRESHOLD, score
    assert not names_match(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # issue 13: the region's conventions
        ("Jewgeni Schowtis", "Yevgeniy Zhovtis"),  # German
        ("Jevgenij Žovtis", "Yevgeniy Zhovtis"),  # Czech / ISO 9
        ("Jovtis", "Yevgeniy Zhovtis"),  # French
        ("Жовтиса", "Yevgeniy Zhovtis"),  # Russian genitive of a non -ov surname
        ("Сизинцеву", "Sergey Sizintsev"),  # Russian dative
        ("Омаровой", "Aiman Omarova"),
        ("Сизинцев С.В.", "Sergey Sizintsev"),
        ("S. Sizintsev", "Sergey Sizintsev"),
        ("İntiqam Əliyev", "Intigam Aliyev"),  # Azerbaijani Latin
        ("Rəsul Cəfərov", "Rasul Jafarov"),
        ("Расула Джафарова", "Rasul Jafarov"),  # genitive, given name and surname
        ("Elşən Həsənovun", "Elshan Hasanov"),  # Azerbaijani genitive
        ("Soltan Açylowa", "Soltan Achilova"),  # Turkmen
        ("Tojiboyeva", "Тожибоева"),  # Uzbek Latin
        ("Oʻtkir Sultonov", "Otkir Sultonov"),  # Uzbek oʻ
        ("A'zam Turg'unov", "Agzam Turgunov"),  # Uzbek gʻ, Azam/Agzam
        ("Агзам Тургунов", "A`zam Turg`unov"),
        ("Qassym-Schomart Toqajew", "Kassym-Jomart Tokayev"),  # German and Kazakh Latin
        ("Maryia Kalesnikava", "Maria Kolesnikova"),  # Belarusian
        ("Марыя Калеснікава", "Maria Kolesnikova"),
        ("Maryja Kalesnikawa", "Maria Kolesnikova"),  # Polish
        ("Marya Alyaksandrauna Kalesnikava", "Maria Kolesnikova"),  # Belarusian patronymic
        ("Oleksandra Matwijtschuk", "Oleksandra Matviichuk"),  # German, Ukrainian
        ("Oleksandra Matvijčuk", "Oleksandra Matviichuk"),
        ("Жанболата Мамая", "Zhanbolat Mamay"),  # genitive
        ("Жанболат Мамайға", "Zhanbolat Mamay"),  # Kazakh dative
        ("Болот Темировдун", "Bolot Temirov"),  # Kyrgyz genitive
        ("Хадиджи Исмаиловой", "Khadija Ismayilova"),  # feminine genitive
        ("Asimdschon Askarow", "Azimjan Askarov"),  # German Дж
        ("Aliaksandr Bialiatski", "Ales Bialiatski"),  # Belarusian forms of one given name
        # Belarusian akanye and the Uzbek/Tajik o for а: o and a as one vowel
        ("Raman Pratasevich", "Roman Protasevich"),
        ("Viktor Babariko", "Viktar Babaryka"),
        ("Andrei Marozau", "Andrei Morozov"),  # Belarusian -аў
        ("Nigmatilla Yuldoshev", "Nigmatilla Yuldashev"),
        # Belarusian цеканне / дзеканне and given names
        ("Svetlana Tikhanovskaya", "Sviatlana Tsikhanouskaya"),
        ("Siarhei Tsikhanouski", "Sergei Tikhanovsky"),
        ("Uladzimir Labkovich", "Vladimir Labkovich"),
        ("Volodymyr Zelenskyi", "Volodymyr Zelensky"),
        # Polish transcription
        ("Roman Protasiewicz", "Roman Protasevich"),
        ("Ramana Pratasiewicza", "Roman Protasevich"),
        ("Swiatłana Cichanouska", "Sviatlana Tsikhanouskaya"),
        ("Swiatłana Aleksijewicz", "Svetlana Alexievich"),
        # Tajik and Uzbek surnames without the Russian suffix, beside the same given name
        ("Muhiddin Tilloevich Kabirov", "Muhiddin Kabiri"),
        ("Emomali Rahmonov", "Emomali Rahmon"),
        ("Muhammad Bekjon", "Muhammad Bekjanov"),
        ("Талгат Аянов", "Talgat Ayan"),
        # Turkic patronymic words, final devoicing, Greek
        ("Nariman Enver oğlu Celâl", "Nariman Dzhelyal"),
        ("Nəriman Cəlal", "Nariman Dzhelyal"),  # ə as Russian sources read it (Джелял)
        ("Жәмшит Ёров", "Jamshed Yorov"),  # Kazakh Ж for Дж, final т for д
        ("Рысбек Сарсенбайулы", "Ryspek Sarsenbaiuly"),
        ("Ολεγκ Ορλόφ", "Oleg Orlov"),
        ("Ojub Titijew", "Oyub Titiev"),  # German j between vowels
        ("Oleg Senzow", "Oleg Sentsov"),  # German z for Ц ...
        ("Nursultan Nazarbajew", "Nursultan Nazarbayev"),  # ... and the English z kept
        ("Julija Tymoschenko", "Yulia Tymoshenko"),  # German/Slavic j before a vowel: Й
        ("Mustafa Cemilev", "Mustafa Dzhemilev"),  # Crimean Tatar / Turkish c: Дж
        ("Jańbolat Mamai", "Zhanbolat Mamay"),  # Kazakh Latin 2018: ń is Ң, j is Ж
    ],
)
def test_the_regions_conventions_match(query: str, candidate: str) -> None:
    assert names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Maria Kolesnik", "Maria Kolesnikova"),  # issue 13's near miss
        ("Kolesnik", "Maria Kolesnikova"),
        ("Kolesnikov", "Maria Kolesnikova"),
        ("Jamshed Yorov", "Buzurgmehr Yorov"),  # brothers
        ("Ilham Aliyev", "Intigam Aliyev"),  # a president and a lawyer
        ("Miromon Mirziyoyev", "Shavkat Mirziyoyev"),  # father and son
        ("Dariga Nazarbayeva", "Nursultan Nazarbayev"),  # daughter and father
        ("Khadija Ismayilova", "Khadija Ismailov"),  # a genitive reading is no abbreviation
        ("Rasul Jafarli", "Rasul Jafarov"),  # Azerbaijani -li is a surname of its own
        ("Anar Mammadov", "Anar Mammadli"),  # two real people
        ("Тургунова", "Agzam Turgunov"),  # a lone -ova reads as the feminine surname
        # A surname without the Russian suffix needs the given name, and one such pair only.
        ("Kabirov", "Muhiddin Kabiri"),
        ("Ivan Petrov", "Petr Ivanov"),
        ("Yevgeniy Zhovtisov", "Yevgeniy Zhovtis"),  # not a Central Asian given-name stem
        ("Ivan Kolesnik", "Ivan Kolesnikov"),
        # o and a are one vowel, u is not; consonants must agree
        ("Murat Turymbetov", "Marat Turymbetov"),
        ("Aiman Amirova", "Aiman Omarova"),
    ],
)
def test_near_misses_of_the_region_stay_apart(query: str, candidate: str) -> None:
    assert not names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # issue 13, round 3: declension by case, every word in the same case
        ("Зарему Мусаеву", "Zarema Musaeva"),  # accusative, a-declension and -ova
        ("Асию Тулесову", "Asya Tulesova"),
        ("Азизой Абдирасуловой", "Aziza Abdirasulova"),  # instrumental
        ("Учи Нануашвили", "Ucha Nanuashvili"),  # genitive beside an undeclined surname
        ("Ильми Умерова", "Ilmi Umerov"),  # undeclined given name, masculine genitive
        ("Станіславом Асєєвим", "Stanislav Aseyev"),  # Ukrainian instrumental and є
        ("Дмитра Лубінця", "Dmytro Lubinets"),  # Ukrainian -о name, fleeting е
        ("Мікалаю Статкевічу", "Mikalai Statkevich"),  # Belarusian dative, given-name form
        ("Насты Лойкі", "Nasta Loika"),
        # Armenian and Georgian script with their endings and patronymic
        ("Արթուր Սաքունցի", "Artur Sakunts"),
        ("Ա. Թաթոյանը", "Arman Tatoyan"),
        ("Նիկոլ Վովայի Փաշինյան", "Nikol Pashinyan"),
        ("უჩა ნანუაშვილს", "Ucha Nanuashvili"),
        ("უჩა ნანუაშვილმა", "Ucha Nanuashvili"),
        # given names across the region's languages
        ("Андрей Почобут", "Andrzej Poczobut"),
        ("Анджэй Пачобут", "Andrzej Poczobut"),
        ("Victoria Roshchyna", "Viktoriia Roshchyna"),
        ("Nicol Pashinyan", "Nikol Pashinyan"),
        # glued initials, typos in long names, Czech -ová, Polish -ę, Tajik -ро
        ("Sh.Humbatova", "Shahla Humbatova"),
        ("С.В.Сизинцев", "Sergey Sizintsev"),
        ("Абдулмулин Гаджиев", "Abdulmumin Gadzhiev"),
        ("Lukpan Akhemdyarov", "Lukpan Akhmedyarov"),
        ("Kaciaryna Andrejevová", "Katsiaryna Andreyeva"),
        ("Nikę Gwaramię", "Nika Gvaramia"),
        ("Далери Имомалиро", "Daler Imomali"),
    ],
)
def test_round_3_conventions_match(query: str, candidate: str) -> None:
    assert names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Хадиджи Исмаиловой", "Khadija Ismailov"),  # -овой names a woman
        ("Bakhytzhan Toregozhina", "Bakhytzhan Toregozhin"),  # gender form, not a typo
        ("Madina Akhmedova", "Madina Akhmetova"),  # short token: no typo rule
        ("Omarova", "Aishe Umerova"),  # an edit on top of a letter class
        ("Зарему Мусаеву", "Zarema Musaev"),
        ("Maria Kolesnik", "Maria Kolesnikova"),
        ("Leyla Yunusova", "Leyla Yunus"),  # decided with Kolesnik: kept apart
    ],
)
def test_round_3_near_misses_stay_apart(query: str, candidate: str) -> None:
    assert not names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # short forms of given names (translit.DIMINUTIVES), in their cases
        ("Zhenya Ivanova", "Evgenia Ivanova"),
        ("Жене Ивановой", "Evgenia Ivanova"),
        ("Саши Петровой", "Aleksandra Petrova"),
        ("Dima Sokolov", "Dmitry Sokolov"),
        ("Lekso Beridze", "Aleksandre Beridze"),
        ("Михаил Беридзе", "Mikheil Beridze"),
        # Polish ż and -iow, Hungarian, Latvian -s, German schtsch, Greek γι
        ("Dżamil Kasymow", "Dzhamil Kasymov"),
        ("Siergiej Kowaliow", "Sergei Kovalyov"),
        ("Mihail Szaakasvili", "Mikheil Saakashvili"),
        ("Andrej Hodorkovszkij", "Andrei Khodorkovsky"),
        ("Refats Petrovs", "Refat Petrov"),
        ("Pawel Chruschtschow", "Pavel Khrushchev"),
        ("Γιεβγκένι Γιεβλόγιεφ", "Yevgeni Yevloev"),
        # the Georgian patronymic, in script and romanised
        ("მიხეილ ნიკოლოზის ძე ბერიძე", "Mikheil Beridze"),
        ("Irakli Giorgis dze Beridze", "Irakli Beridze"),
        # adjectival surnames in their cases; Belarusian -еўна, -ам
        ("Алексея Ратушного", "Aleksei Ratushny"),
        ("Алексею Ратушному", "Aleksei Ratushny"),
        ("Марына Васільеўна Золатава", "Maryna Zolatava"),
        ("Паўлам Севярынцам", "Pavel Seviarynets"),
        # -ев after ж, ш, ч, ц is the -ов the Azerbaijani and Uzbek spellings keep
        ("Азиз Оруджев", "Aziz Orujov"),
        # Kazakh ң and its genitive; a swap of neighbours
        ("Темірлан Еңсебектің", "Temirlan Ensebek"),
        ("Duaren Ibraev", "Dauren Ibraev"),
    ],
)
def test_round_4_conventions_match(query: str, candidate: str) -> None:
    assert names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Sergey Petrov Sizintsev", "Sergey Sizintsev"),
        ("Alma met Li", "Alma Li"),  # a word between is no father's name (--public's windows)
        ("Madina Akhmedova", "Madina Akhmetova"),  # a changed consonant is no swap
        ("Alnur Ilyashev", "Alnur Ilyasov"),
        ("Giyas Ibrahim", "Giyas Ibrahimov"),  # bare stem: decided against (translit)
        ("Dilmurod Said", "Dilmurod Saidov"),
        ("Zhenya Ivanov", "Evgenia Ivanova"),  # the short form does not change the surname
        ("Aleš Puszkin", "Ales Pashkin"),  # Polish sz is not the Hungarian s
    ],
)
def test_round_4_near_misses_stay_apart(query: str, candidate: str) -> None:
    assert not names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # Moldovan names written in Russian, read in the Romanian alphabet (MOLDOVAN_CYRILLIC)
        ("Ион Чобану", "Ion Ciobanu"),
        ("Ионел Ревенко", "Ionel Revenco"),
        ("Марии Морарь", "Maria Morari"),
        ("Вадим Плахотнюк", "Vadim Plahotniuc"),
        ("Геннадию Чобану", "Ghenadie Ciobanu"),
        ("Ана Гуцул", "Ana Gutul"),
        # Romanian letters (ROMANIAN), with and without their diacritics
        ("Petru Grechany", "Petru Greceanîi"),
        ("Ilan Șor", "Ilan Shor"),
        ("Ana Guțul", "Ana Gutul"),
        # Belarusian forms: дзеканне inside a word, ў for В, Зміцер and Дзяніс, -дзе
        ("Дзяніс Радзівонаў", "Denis Radivonov"),
        ("Ганна Ўладава", "Anna Vladova"),
        ("Зміцер Казлоў", "Dmitry Kozlov"),
        ("Паліне Шарэндзе", "Palina Sharenda"),
        # a stored Latvian name (the -s of every word) and its Russian form, in its cases
        ("Александру Петрову", "Aleksandrs Petrovs"),
        ("V.Kuzajevs", "Vladimir Kuzaev"),
        # Georgian short forms and a nickname inside the name
        ("Giorgi Beridze", "Gigi Beridze"),
        ("Aleksandre Beridze", "Aleko Beridze"),
        ("Giorgi (Giga) Beridze", "Giga Beridze"),
        ("Zurab “Lekso” Beridze", "Zurab Beridze"),
        # Armenian church titles and the classical -եան
        ("Բագրատ արքեպիսկոպոս Մանուկյան", "Bagrat Manukyan"),
        ("Արամ Մանուկեան", "Aram Manukyan"),
        # Azerbaijani and Uzbek x, the Uzbek oʻ, the Kazakh -uly, f and п
        ("Aşur Xalilov", "Ashur Khalilov"),
        ("Ilgar Xalilov", "Ilgar Khalilov"),
        ("Oʻtkir Qoʻchqorov", "Utkir Kuchkarov"),
        ("Nurlan Abdullauly", "Nurlan Abdullaev"),
        ("Arif Sharifov", "Arip Sharipov"),
        # Ukrainian Сергій; the fleeting е of Лев and Павел; Рустем in the dative
        ("Сергій Коваль", "Serhiy Koval"),
        ("Льва Котова", "Lev Kotov"),
        ("Павла Котова", "Pavel Kotov"),
        ("Рустему Котову", "Rustem Kotov"),
    ],
)
def test_round_5_conventions_match(query: str, candidate: str) -> None:
    assert names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Said Nuriev", "Said Abdullo Nuri"),  # a bare stem in -i: decided against
        ("Zurab Girchi Beridze", "Zurab Beridze"),  # a word without quotes is no nickname
        ("Алексею Тёмному", "Aleksei Tem"),  # adjectival dative after a hard consonant
    ],
)
def test_round_5_near_misses_stay_apart(query: str, candidate: str) -> None:
    assert not names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate", "same"),
    [
        # The Orthodox style: the secular surname in brackets after the name in religion.
        ("Onufriy (Berezovsky)", "Onufriy Berezovsky", True),
        ("Онуфрий (Березовский)", "Onufriy Berezovsky", True),
        ("Onufriy (Berezovsky)", "Onufriy Petrenko", False),  # not every Onufriy
        ("Onufriy (Berezovsky)", "Mykola Berezovsky", False),  # nor every Berezovsky
        ("Onufriy Petrenko", "Onufriy (Berezovsky)", False),  # stored so, either way
        ('"Girchi" Beridze', "Zurab Beridze", False),  # the surname alone is no reading
        ('"Girchi" Beridze', "Girchi Beridze", True),
        ("Giorgi (Giga) Beridze", "Giga Beridze", True),  # two words either way: kept
    ],
)
def test_a_nickname_reading_keeps_two_words(query: str, candidate: str, same: bool) -> None:
    """A word in brackets or quotes is read as a nickname, the name without it and the name it
    stands for; a reading left with one word would find every bearer of that word, so it is
    none. Found in the eighth blind part's false matches ("Serhiy (Horobtsov)" found every
    Serhiy: 312 of its second wave's 367; tests/data/name_eval-heldout-8.md)."""
    assert names_match(query, candidate) is same, name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # a woman's adjectival surname in the genitive and accusative (-ской, -скую, -ську),
        # with a feminine patronymic in the genitive (-овны: no Kazakh accusative)
        ("Марины Сергеевны Вишневской", "Marina Vishnevskaya"),
        ("Марину Вишневскую", "Marina Vishnevskaya"),
        ("Оксану Вишневську", "Oksana Vishnevska"),
        # a name read back from its case is the full form of a shortened stored one
        ("Владимира Котова", "Vlad Kotov"),
        ("Нурбека Исаева", "Nur Isaev"),
        # the Central Asian -jon and -bek as elements of a given name
        ("Бахромжон Алиев", "Bahrom Aliev"),
        ("Шухратжоном Алиевым", "Shukhrat Aliev"),
        # Belarusian яканне, цеканне inside a word, -іоў/-еў for -ев
        ("Пётр Зенкевич", "Piotr Ziankevich"),
        ("Андрэй Федорук", "Andrei Fiadaruk"),
        ("Сцяпан Лісіцын", "Stepan Lisitsyn"),
        ("Сергей Котилов", "Siarhei Katsilau"),
        ("Сергей Лебедев", "Siarhei Lebiadzieu"),
        ("Рыгор Лапин", "Ryhor Lapin"),
        # a German spelling names every word in German
        ("Machmud Chasbulatow", "Makhmud Khasbulatov"),
        ("Jelena Markowa", "Yelena Markova"),
        # Lithuanian case endings (-ui, -iui, -io, -aus, -ą, -į, -ų; č for t before -io)
        ("Jonui Kazlauskui", "Jonas Kazlauskas"),
        ("Algirdo Petraičio", "Algirdas Petraitis"),
        ("Mariui Jankui", "Marius Jankus"),
        ("Viktorui Orlovui", "Viktor Orlov"),
        # Romanian: the patronymic -ovici/-evici, the Slavic -ский written -schi
        ("Igor Petrovici Dodonschii", "Igor Dodonsky"),
        # short forms: Georgian Bacho, Belarusian Yuras
        ("Bachana Beridze", "Bacho Beridze"),
        ("Юрий Лапин", "Yuras Lapin"),
    ],
)
def test_round_6_conventions_match(query: str, candidate: str) -> None:
    assert names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # initials are the given name's, then the patronymic's: D. may not stay unpaired
        # while G. pairs with the given name
        ("D.G. Kotov", "Gennady Kotov"),
        ("Котов Д.Г.", "Геннадий Котов"),
        # -ali makes another name, not a longer form (Novruz, Novruzali)
        ("Novruz Aliyev", "Novruzali Aliyev"),
        ("Новрузали Алиева", "Novruz Aliyev"),
        # a reading back never takes a surname for a shortened one
        ("Oleg Orlovsky", "Oleg Orlov"),
        # -ской alone is also a man's nominative (Донской): only read so in a case reading
        ("Донской", "Donskaya"),
        # a Russian name ending in -o everywhere is no Lithuanian genitive
        ("Petro Kotenko", "Petras Kotenkas"),
    ],
)
def test_round_6_near_misses_stay_apart(query: str, candidate: str) -> None:
    assert not names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # Belarusian and Ukrainian given names (Вольга, Яўген, Ягор, Генадзь, Костянтин),
        # Галина and its short Галя
        ("Вольга Петрова", "Volha Piatrova"),
        ("Яўген Козлов", "Yauhen Kozlov"),
        ("Егор Лапин", "Yahor Lapin"),
        ("Генадзь Лапин", "Gennady Lapin"),
        ("Константин Лапин", "Kostiantyn Lapin"),
        ("Галя Лапина", "Halyna Lapina"),
        ("Halya Lapina", "Галина Лапина"),
        # Azerbaijani given names with ə/ö: Russian е and English a, o
        ("Мамед Алиев", "Mammad Aliyev"),
        ("Nemet Huseynov", "Nemat Huseynov"),
        ("Айтен Алиева", "Aytan Aliyeva"),
        ("Gezal Huseynova", "Gozal Huseynova"),
        # a woman's short given name in its cases (a stem of two letters)
        ("Аллу Петрову", "Alla Petrova"),
        ("Инны Сидоровой", "Inna Sidorova"),
        ("Ильи Петрова", "Ilya Petrov"),
        # French ï before a vowel; Belarusian ў/ŭ inside a word; -аеў
        ("Sergueï Fadeïev", "Sergei Fadeyev"),
        ("Siarhei Kraŭcoŭ", "Sergei Kravtsov"),
        ("Nikolai Bokayeu", "Николай Бокаев"),
        # Latvian and Lithuanian j is Й; the Lithuanian -us of a given name
        ("Янис Озолс", "Jānis Ozols"),
        ("Юозас Йонайтис", "Juozas Jonaitis"),
        ("Juozui Jonaičiui", "Juozas Jonaitis"),
        ("Aleksejus Petrovas", "Aleksei Petrov"),
        ("Valerijus Orlovas", "Valeri Orlov"),
        # the Belarusian а after a hardened consonant for the Russian е
        ("Андрей Чернов", "Andrei Charnou"),
        ("Олег Черкасов", "Aleh Charkasau"),
    ],
)
def test_round_7_conventions_match(query: str, candidate: str) -> None:
    assert names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # the Azerbaijani names are a table, not a vowel rule: Arman is not Armen, Alena
        # (Алёна) not Elena, Umarov not Umerov
        ("Arman Petrosyan", "Armen Petrosyan"),
        ("Alena Petrova", "Elena Petrova"),
        ("Umarov", "Ilmi Umerov"),
        ("Ayten Aliyeva", "Aytaj Aliyeva"),
        # a short given name read in its case keeps the surname's gender and its own name
        ("Аллу Петрову", "Alla Petrov"),
        ("Анны Петровой", "Anna Petrov"),
        ("Инну Лапину", "Anna Lapina"),
        # the Lithuanian and Belarusian readings keep the other gender's form apart
        ("Aleksejus Petrovas", "Aleksei Petrova"),
        ("Ivan Kraŭcoŭ", "Ivan Kravtsova"),
        ("Андрей Чернов", "Andrei Charnova"),
        # u stays apart from a and e
        ("Андрей Чернов", "Andrei Churnou"),
    ],
)
def test_round_7_near_misses_stay_apart(query: str, candidate: str) -> None:
    assert not names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # Ukrainian є after a vowel, written ie (KMU 2010); Найем and Nayyem stay one
        ("Yevhen Matveyev", "Yevhen Matvieiev"),
        ("Andrei Erofeiev", "Andrei Yerofeyev"),
        ("Мустафа Найем", "Mustafa Nayyem"),
        # a slip of the surname's gender beside the exact given name
        ("Ramil Babayeva", "Ramil Babayev"),
        ("Mikhail Golovatova", "Mikhail Golovatov"),
        ("Tatyana Nikolaevna Moskalkov", "Tatyana Moskalkova"),
        # Czech, Slovak, Polish, Lithuanian and German ch = Х in a Latin name
        ("Michailas Golovatovas", "Mikhail Golovatov"),
        ("Rinat Achmetov", "Rinat Akhmetov"),
        ("Vadzim Chrasko", "Vadzim Khrasko"),
        # given-name forms (Victor, Artiom, Ahmed, Serzh) and short forms (Pavlik, Lida, Vano)
        ("Victor Stashevsky", "Viktor Stashevsky"),
        ("Виктор Плешканов", "Victor Pleshkanov"),
        ("Artiom Kamardine", "Artyom Kamardin"),
        ("Ahmed Mukhtar", "Ahmad Mukhtar"),
        ("Serzh Nihoyan", "Serhiy Nigoyan"),
        ("Pavlik Manukyan", "Pavel Manukyan"),
        ("Lida Yusupova", "Lidia Yusupova"),
        ("Ivan Merabişvili", "Vano Merabishvili"),
        ("Seržas Sargsiãnas", "Serzh Sargsyan"),  # the Lithuanian -as, then the table
        # Hungarian: sz in every word of a Hungarian name, and before -ov
        ("Marat Oszipov", "Marat Osipov"),
        ("Olekszandr Szirszkij", "Oleksandr Syrskyi"),
        ("Arszen Boriszovics Avakov", "Arsen Avakov"),
        # Łacinka and Polish ie after a consonant for е; Belarusian Аляксандар
        ("Alexander Milinkevich", "Alaksandar Milinkievič"),
        ("Эрика Швенчёнене", "Erika Švenčionienė"),
        # the Czech -ová on any foreign surname
        ("Maria Eismontová", "Maria Eismont"),
        ("Inna Omblerová", "Inna Ombler"),
    ],
)
def test_round_8_conventions_match(query: str, candidate: str) -> None:
    assert names_match(query, candidate), name_similarity(query, candidate)


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        # a slip of the surname's gender needs the exact given name, and a stored name whose
        # given name says its gender (a Kazakh woman's Bakhytzhan, Aiman does not)
        ("Babayeva", "Ramil Babayev"),
        ("Ramil Babayeva", "Rasim Babayev"),
        ("Bakhytzhan Toregozhin", "Bakhytzhan Toregozhina"),
        ("Aiman Omarov", "Aiman Omarova"),
        # a woman's name made on a man's is not his shortened name
        ("Viktor Pylypenko", "Viktoriia Pylypenko"),
        ("Vasyl Stepanenko", "Vasylysa Stepanenko"),
        ("Stanislav Petrenko", "Stanislava Petrenko"),
        # Cyrillic Ч is never Х
        ("Андрей Чернов", "Andrei Khernov"),
        # -ová without its accent is no Czech suffix (a Russian feminine -ova stays one)
        ("Maria Eismontova", "Maria Eismont"),
    ],
)
def test_round_8_near_misses_stay_apart(query: str, candidate: str) -> None:
    assert not names_match(query, candidate), name_similarity(query, candidate)


def test_initials_in_order_still_match_a_full_name() -> None:
    # the rule above keeps the usual forms: both initials, or the first alone
    assert names_match("G.D. Kotov", "Gennady Dmitrievich Kotov")
    assert names_match("G. Kotov", "Gennady Kotov")
    assert names_match("Котов Г.Д.", "Геннадий Котов")


def test_merge_key_reads_conventions_but_never_spelling() -> None:
    assert merge_key("Rəsul Cəfərov") == merge_key("Расул Джафаров")
    assert merge_key("Elşən Həsənov") == merge_key("Elshan Hasanov")
    assert merge_key("Jevgenij Žovtis") == merge_key("yevgenij zhovtis")
    assert merge_key("Aiman Omarova") != merge_key("Ayman Omarova")
    assert merge_key("Omarov") != merge_key("Omarova")
    assert merge_key("Sizentsev") != merge_key("Sizintsev")
    assert merge_key("") == ""


def test_similarity_is_graded_and_bounded() -> None:
    exact = name_similarity("Sergey Sizintsev", "Sergey Sizintsev")
    variant = name_similarity("Omaraova", "Aiman Omarova")  # one letter inserted
    other = name_similarity("Sizov", "Sergey Sizintsev")
    unrelated = name_similarity("Talgat Ayan", "Sergey Sizintsev")
    assert exact == 100.0
    assert 100.0 > variant >= MATCH_THRESHOLD > other > unrelated >= 0.0


def test_abbreviations_need_a_full_match_elsewhere() -> None:
    assert names_match("Bota Jardemalie", "Botagoz Jardemalie")
    assert names_match("Max Bokayev", "Maksim Bokayev")
    assert not names_match("Bota", "Botagoz Jardemalie")
    assert not names_match("S.", "Sergey Sizintsev")
    assert name_similarity("S. V.", "Sergey Vasilyevich Sizintsev") == 0.0


def test_optional_tokens_are_waived_only_when_nothing_is_left_to_pair() -> None:
    # The candidate has no patronymic: the query's patronymic and initials are waived.
    assert names_match("Sizintsev Sergey Vasilyevich", "Sergey Sizintsev")
    assert names_match("Сизинцев С.В.", "Sergey Sizintsev")
    # The candidate has one: it must agree.
    assert names_match("Сизинцев С.В.", "Sergey Vasilyevich Sizintsev")
    assert not names_match("Сизинцев С.П.", "Sergey Vasilyevich Sizintsev")


@pytest.mark.parametrize("empty", ["", "   ", "...", "Mr", "—"])
def test_empty_names_match_nothing(empty: str) -> None:
    assert normalise_tokens(empty) == ()
    assert name_similarity(empty, "Sergey Sizintsev") == 0.0
    assert name_similarity("Sergey Sizintsev", empty) == 0.0
    assert not names_match(empty, empty)


def test_threshold_is_a_score() -> None:
    assert 0.0 < MATCH_THRESHOLD <= 100.0
    # names_match is exactly the threshold applied to name_similarity.
    for query, candidate in [("Sizentsev", "Sergey Sizintsev"), ("Sizov", "Sergey Sizintsev")]:
        assert names_match(query, candidate) == (
            name_similarity(query, candidate) >= MATCH_THRESHOLD
        )


def test_long_inputs_stay_fast_and_bounded() -> None:
    text = " ".join(["Sergey", "Sizintsev", "Aiman", "Omarova"] * 25)
    assert 0.0 <= name_similarity(text, text[::-1]) <= 100.0


# --------------------------------------------------------------------------- similar_but_different


def test_similar_but_different() -> None:
    assert similar_but_different("Sizentsev", "Sizintsev")
    assert similar_but_different("Sergey Sizintsev", "Sergei Sizintsev")
    assert similar_but_different("Sizentsev", "Sergey Sizintsev")  # either direction
    assert similar_but_different("Aiman Omarova", "Aiman Umarova")
    # Equal after folding: the same name, merged by `people`, no warning.
    assert not similar_but_different("Сергей Сизинцев", "Sergey Sizintsev")
    assert not similar_but_different("SERGEY SIZINTSEV", "sergey sizintsev")
    # Different people: no warning either.
    assert not similar_but_different("Sizov", "Sizintsev")
    assert not similar_but_different("Omarov", "Omarova")
    assert not similar_but_different("Aiman Omarova", "Aiman Amirova")


# --------------------------------------------------------------------------- search_keys


def test_search_keys_are_index_safe_and_shared_by_variants() -> None:
    keys = search_keys("Сергей Сизинцев")
    assert keys
    assert all(re.fullmatch(r"[a-z0-9]{2,}", k) for k in keys)
    assert len(keys) == len(set(keys))
    assert "sizincev" in keys
    assert set(search_keys("Sizentsev")) & set(keys)
    assert set(search_keys("Umarova")) & set(search_keys("Aiman Omarova"))
    assert search_keys("S.") == []
    assert search_keys("") == []


# --------------------------------------------------------------------------- evaluation set


@dataclass
class Figures:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[tuple[str, str, float]] = field(default_factory=list)
    false_matches: list[tuple[str, str, float]] = field(default_factory=list)

    def add(self, query: str, candidate: str, positive: bool) -> None:
        predicted = names_match(query, candidate)
        if positive == predicted:
            if positive:
                self.tp += 1
            else:
                self.tn += 1
            return
        score = name_similarity(query, candidate)  # scored for the report of errors only
        assert (score >= MATCH_THRESHOLD) == predicted, (query, candidate)
        if positive:
            self.fn += 1
            self.misses.append((query, candidate, round(score, 1)))
        else:
            self.fp += 1
            self.false_matches.append((query, candidate, round(score, 1)))

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def line(self, label: str) -> str:
        return (
            f"{label}: recall {self.recall:.3f} precision {self.precision:.3f} "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}, tn {self.tn}; "
            f"threshold {MATCH_THRESHOLD})"
        )


@pytest.fixture(scope="module")
def eval_set() -> dict[str, Any]:
    with EVAL_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


class _EveryEnding(dict[str, tuple[tuple[str, str, str], ...]]):
    """One case's endings offered for every token, as _case_reading tried them before they were
    grouped by last letter (the reference for the grouping)."""

    def __init__(self, endings: tuple[tuple[str, str, str], ...]) -> None:
        super().__init__()
        self.endings = endings

    def get(self, key: str, default: Any = None) -> tuple[tuple[str, str, str], ...]:
        return self.endings


def test_case_endings_grouped_by_last_letter_read_as_every_ending_did(
    eval_set: dict[str, Any],
) -> None:
    # names._case_reading tries only the endings a token can end with (a fast path of
    # --public's word windows): every case reading of every spelling of the set is the one
    # trying every ending gives, options in the same order.
    from incidentctl.record import names, translit

    spellings = [v for p in eval_set["persons"] for v in [p["name"], *p["variants"]]]
    spellings += [d["name"] for d in eval_set["distractors"]]
    tried = 0
    for spelling in spellings[::3]:  # a third of ~5,000 spellings: ~10 s of one core
        tokens = names.normalise_tokens(spelling)
        if len(tokens) < 2:
            continue
        for grouped, endings in zip(
            names._CASES_BY_LAST_LETTER, translit.CASES.values(), strict=True
        ):
            for man in (True, False):
                expected = names._case_reading(tokens, _EveryEnding(endings), man)
                assert names._case_reading(tokens, grouped, man) == expected, spelling
                tried += expected is not None
    assert tried > 300


def test_names_match_says_what_the_similarity_threshold_says(eval_set: dict[str, Any]) -> None:
    # names_match gives a reading up at its first query word that pairs with no candidate token
    # (a fast path: most pairs end there); it must agree with name_similarity >= threshold. On
    # every 20th spelling of the set: against every name sharing a search key with it (the
    # pairs --person scores), and against every 40th name (pairs it never scores).
    persons, distractors = eval_set["persons"], eval_set["distractors"]
    spellings = [v for p in persons for v in p["variants"]] + [d["name"] for d in distractors]
    names = [p["name"] for p in persons] + [d["name"] for d in distractors]
    keys = {name: frozenset(search_keys(name)) for name in names}
    agreed = matched = 0
    for i, query in enumerate(spellings[::20]):
        query_keys = frozenset(search_keys(query))
        sharing = [n for n in names if keys[n] & query_keys]
        for name in dict.fromkeys([*sharing, *names[i % 40 :: 40]]):
            expected = name_similarity(query, name) >= MATCH_THRESHOLD
            assert names_match(query, name) == expected, (query, name)
            agreed += 1
            matched += expected
    assert agreed > 10_000 and matched > 300, (agreed, matched)


def _evaluate(data: dict[str, Any], part: str) -> Figures:
    """Score every (query, candidate) pair of one part, as the header of name_eval.yaml says:
    a pair counts in the held-out part when either side is held out.

    `--person` only ever scores a name that shares a search key with the query (the index
    pre-selects by key; tests/index/test_filters.py proves no pair names_match accepts is left
    out): another counted pair is a true negative without being scored, and is counted, not
    visited. The same figures, in the same order, as scoring every pair."""
    persons, distractors = data["persons"], data["distractors"]
    target = PARTS.index(part)
    figures = Figures()
    keys = cache(lambda name: frozenset(search_keys(name)))

    def by_key(entries: list[dict[str, Any]]) -> dict[str, set[int]]:
        index: dict[str, set[int]] = {}
        for i, entry in enumerate(entries):
            for key in keys(entry["name"]):
                index.setdefault(key, set()).add(i)
        return index

    def counted_with(entry: dict[str, Any], entries: list[dict[str, Any]]) -> set[int]:
        # The entries a pair with ``entry`` counts in this part: the later part of the two.
        rank = PARTS.index(entry["part"])
        if rank > target:
            return set()
        wanted = (lambda r: r <= target) if rank == target else (lambda r: r == target)
        return {i for i, e in enumerate(entries) if wanted(PARTS.index(e["part"]))}

    def negatives(
        query: str, entries: list[dict[str, Any]], index: dict[str, set[int]], counted: set[int]
    ) -> None:
        shared = set().union(*(index.get(key, set()) for key in keys(query))) & counted
        for i in sorted(shared):
            figures.add(query, entries[i]["name"], positive=False)
        figures.tn += len(counted) - len(shared)

    person_keys, distractor_keys = by_key(persons), by_key(distractors)
    for at, person in enumerate(persons):
        other_persons = counted_with(person, persons) - {at}
        near_misses = counted_with(person, distractors)
        for variant in person["variants"]:
            if PARTS.index(person["part"]) == target:
                figures.add(variant, person["name"], positive=True)
            negatives(variant, persons, person_keys, other_persons)
            negatives(variant, distractors, distractor_keys, near_misses)
    for distractor in distractors:
        bearers = {i for i, person in enumerate(persons) if _bears(person, distractor)}
        counted = counted_with(distractor, persons) - bearers
        negatives(distractor["name"], persons, person_keys, counted)
    return figures


def _bears(person: dict[str, Any], distractor: dict[str, Any]) -> bool:
    """A surname-only distractor is no near miss of a person who bears that surname (a
    surname-only query finds every bearer: the header's rule for variants, decided for
    distractors before the third held-out part was measured)."""
    alone = fold_name(distractor["name"])
    return " " not in alone and alone in fold_name(person["name"]).split()


def _check_part(entry: dict[str, Any]) -> None:
    """The split written in name_eval.yaml's header: development (spent parts included) or
    held out; a held-out entry was added blind, so it carries no development history."""
    assert entry["part"] in PARTS, entry["name"]
    if "spent" in entry:
        assert entry["spent"] in SPENT and entry["part"] == "development", entry["name"]
    if entry["part"] == "heldout":
        assert not entry.get("legacy") and not entry.get("issue_13"), entry["name"]


def test_eval_set_is_the_one_the_spec_asks_for(eval_set: dict[str, Any]) -> None:
    persons, distractors = eval_set["persons"], eval_set["distractors"]
    assert len(persons) >= 90
    names = {p["name"] for p in persons}
    assert len(names) == len(persons)
    cyrillic = re.compile(r"[\u0400-\u04ff]")
    for person in persons:
        variants = person["variants"]
        _check_part(person)
        assert len(variants) >= 2, person["name"]
        assert len(set(variants)) == len(variants), person["name"]
        assert any(fold_name(v) != fold_name(person["name"]) for v in variants), person["name"]
        if person.get("legacy"):
            assert any(cyrillic.search(v) for v in variants), person["name"]
        else:  # every spelling says where it was seen
            cited = {s["text"] for s in person["seen"] if s["source"] and s["url"]}
            assert set(variants) <= cited, (person["name"], set(variants) - cited)
    assert len(distractors) >= 40
    by_name = {p["name"]: p for p in persons}
    bearer = {fold_name(v): p["name"] for p in persons for v in [p["name"], *p["variants"]]}
    for distractor in distractors:
        _check_part(distractor)
        assert distractor["near"] in names, distractor
        assert distractor["part"] == by_name[distractor["near"]]["part"], distractor
        # a distractor is nobody in the set
        assert fold_name(distractor["name"]) not in bearer, (
            distractor,
            bearer.get(fold_name(distractor["name"])),
        )
    # The near-misses the SPEC and issue 13 call for are there.
    distractor_names = {d["name"] for d in distractors}
    assert {"Omarov", "Umarov", "Aiman Amirova", "Aiman Ospanova", "Sizov"} <= distractor_names
    assert {"Marat Tursunbekov", "Maira Gabdullaeva", "Maria Kolesnik"} <= distractor_names


_SCORED: dict[tuple[int, str], Figures] = {}


def _reported(data: dict[str, Any], part: str, capsys: pytest.CaptureFixture[str]) -> Figures:
    """The figures of one part, printed with its misses and false matches (pytest -s); scored
    once per part and run (half a million pairs: the tests of a part share them)."""
    key = (id(data), part)
    if key not in _SCORED:
        _SCORED[key] = _evaluate(data, part)
    figures = _SCORED[key]
    with capsys.disabled():
        print()
        if not any(p["part"] == part for p in data["persons"]):
            print(f"name_eval.yaml, {part} part: no persons yet")
            return figures
        print(figures.line(f"name_eval.yaml, {part} part"))
        for query, candidate, score in figures.misses:
            print(f"  missed: {query!r} -> {candidate!r} ({score})")
        for query, candidate, score in figures.false_matches:
            print(f"  false match: {query!r} -> {candidate!r} ({score})")
    return figures


def _holds(figures: Figures, recall: float, precision: float) -> None:
    assert figures.recall >= recall, figures.misses
    assert figures.precision >= precision, figures.false_matches


def test_eval_set_development_part_holds_its_level(
    eval_set: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # Tuned on (the spent parts included): optimistic, reported for comparison.
    _holds(_reported(eval_set, "development", capsys), DEVELOPMENT_RECALL, DEVELOPMENT_PRECISION)


HELDOUT_RECALL_FLOOR = 0.895
HELDOUT_PRECISION_FLOOR = 0.98
"""The held-out part as measured once (the eighth, two waves, 2026-12-05, round 8 rules: recall
0.8995, precision 0.891 once four near misses its decisions drop were found in the false matches;
0.888 as first measured; tests/data/name_eval-heldout-8.md), and its precision after the one fix
read from those false matches (a nickname reading keeps two words: 0.981, no longer a blind
figure; recall unchanged, still blind): what the rules must not fall below while the target is
not met (docs/name-matching.md); the lead sets it again when the next blind part is added."""


def _require_heldout(data: dict[str, Any]) -> None:
    """No held-out person is in the file while the rules change (name_eval.yaml's header): the
    split and the floor are the lead's to check once the next blind part is added."""
    if not any(p["part"] == "heldout" for p in data["persons"]):
        pytest.skip("no held-out part yet: the next blind part is added by the lead")


def test_eval_set_split_is_the_one_issue_13_asks_for(eval_set: dict[str, Any]) -> None:
    persons = eval_set["persons"]
    heldout = [p for p in persons if p["part"] == "heldout"]
    assert len(persons) >= HELDOUT_MIN_PERSONS, len(persons)
    _require_heldout(eval_set)
    assert len(heldout) * 3 >= len(persons), (len(heldout), len(persons))
    assert len({d["name"] for d in eval_set["distractors"]}) >= HELDOUT_MIN_NEAR_MISSES


@pytest.mark.xfail(
    strict=True,
    reason="issue 13's target is not met blind (the eighth part under round 8, measured once: "
    "recall 0.900, precision 0.891; tests/data/name_eval-heldout-8.md)",
)
def test_eval_set_heldout_part_meets_the_issue_13_targets(
    eval_set: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _holds(_reported(eval_set, "heldout", capsys), RECALL_TARGET, PRECISION_TARGET)


def test_eval_set_heldout_part_holds_its_measured_level(
    eval_set: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _require_heldout(eval_set)
    _holds(_reported(eval_set, "heldout", capsys), HELDOUT_RECALL_FLOOR, HELDOUT_PRECISION_FLOOR)


# That search keys pre-select every pair of the evaluation set that names_match accepts is
# proven once, through the real index, by tests/index/test_filters.py
# (test_person_filter_misses_nothing_names_match_finds_and_meets_its_target: every spelling
# against every person and near miss). Repeating it here took ~13 minutes of one core at 726
# persons (four million names_match calls), for the same pairs; _evaluate relies on it.


# --------------------------------------------------------------------------- properties

LATIN = "abcdefghijklmnopqrstuvwxyzéèïöüçñşğ"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщыэюяәғқңөұүһі"


def _names(alphabet: str) -> st.SearchStrategy[str]:
    token = st.text(alphabet=alphabet, min_size=2, max_size=12)
    return st.lists(token, min_size=1, max_size=4).map(
        lambda tokens: " ".join(t.capitalize() for t in tokens)
    )


@given(st.text(max_size=60))
def test_fold_is_idempotent_and_plain(text: str) -> None:
    key = fold_name(text)
    assert fold_name(key) == key
    assert re.fullmatch(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?", key)


@given(st.one_of(_names(LATIN), _names(CYRILLIC)))
def test_a_name_matches_itself_in_any_case(name: str) -> None:
    assume(any(len(t) >= 2 for t in normalise_tokens(name)))
    assert name_similarity(name, name) == 100.0
    assert names_match(name, name)
    assert names_match(name.upper(), name.lower())
    assert not similar_but_different(name, name)


@given(_names(CYRILLIC))
def test_a_cyrillic_name_matches_its_latin_rendering(name: str) -> None:
    assume(any(len(t) >= 2 for t in normalise_tokens(name)))
    latin = anyascii(name)
    assert fold_name(name) == fold_name(latin)
    assert names_match(name, latin)
    assert names_match(latin, name)
    # Each side has readings of its own script (Cyrillic: without the French final-e rule,
    # Саше; Latin: the Latvian -s, "Ats Ats"), so the keys need not be equal: pre-selection
    # needs them to share one.
    assert set(search_keys(latin)) & set(search_keys(name))


@given(_names(LATIN + CYRILLIC), _names(LATIN + CYRILLIC))
def test_similarity_is_bounded_and_keys_preselect_matches(query: str, candidate: str) -> None:
    score = name_similarity(query, candidate)
    assert 0.0 <= score <= 100.0
    assert names_match(query, candidate) == (score >= MATCH_THRESHOLD)
    if names_match(query, candidate):
        assert set(search_keys(query)) & set(search_keys(candidate))
