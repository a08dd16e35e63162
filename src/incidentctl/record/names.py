"""Person-name folding and tolerant matching across scripts and spellings.

Analysts copy names from English, Russian, Kazakh, French, German, Polish, Belarusian and Turkic
sources, so one person appears as "Sergey Sizintsev", "Sizentsev", "Sizincev" and "Сизинцева
Сергея Васильевича", or as "Roman Protasevich", "Raman Pratasevich" and "Ramana Pratasiewicza".
The conventions behind such spellings are data in :mod:`incidentctl.record.translit`. This
module gives the two notions of "same name" that the rest of the package needs:

* :func:`fold_name` — a strict key (case-, accent- and script-insensitive) used to *merge* people in
  ``incidentctl people``. Different spellings do not fold equal: merging is never fuzzy.
* :func:`name_similarity` / :func:`names_match` — tolerant matching for the ``--person`` filter,
  built on ``anyascii`` (any script to Latin), a short list of phonetic rules on the Latin form
  and ``rapidfuzz`` edit distances per name token.

Everything here is pure (no I/O) and deterministic. How it works, the threshold and the
measured quality are in ``docs/name-matching.md``; the evaluation set is
``tests/data/name_eval.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import OSA, Levenshtein

from incidentctl.record import translit

__all__ = [
    "MATCH_THRESHOLD",
    "fold_name",
    "merge_key",
    "name_similarity",
    "names_match",
    "normalise_tokens",
    "search_keys",
    "similar_but_different",
]

#: Minimum :func:`name_similarity` for :func:`names_match`. Token scores are normalised
#: Levenshtein similarities (100 * (1 - edits / longer length)), so 85 lets one edit through in
#: a token of 7 letters or more ("Omaraova"/"Omarova" 87.5, "Azimjon"/"Azimjan" 85.7) and none
#: in shorter ones ("Murat"/"Marat" 80, "Bokeyev"/"Bokayev" 83.3); two edits need 14 letters.
#: On tests/data/name_eval.yaml recall drops above 85 and precision drops below 84.
MATCH_THRESHOLD: float = 85.0

# Apostrophes (soft/hard-sign marks that anyascii emits, the Uzbek okina) join letters: Ben'yash
# is one token. Any other character that is not a letter or digit separates tokens.
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bb\u02bc]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Courtesy titles that sources put before names ("Me" is the French "Maître" for lawyers).
_HONORIFICS = frozenset({"mr", "mrs", "ms", "mme", "mlle", "me", "dr"}) | translit.CHURCH_TITLES

# French final -e after a consonant: Kouramchine/Kuramshin, Maxime/Maxim.
_FRENCH_E = r"(?<=[a-z]{3}[^aeiou])e$"

# Phonetic rules on one lower-case ASCII token, applied in order. They reconcile the usual
# romanisations (BGN/PCGN, passport, French, scholarly, Kazakh Latin) of what anyascii has
# already transliterated; they are not a transliteration table.
_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        # Й written j before a consonant or at the end of a word, in any convention (Zajkin,
        # Jevgenij, Matvijchuk): j there is never Ж or Дж.
        (r"(?<=[aeiouy])j(?=[^aeiouy]|$)", "y"),
        # Belarusian ў after a vowel, written u (Tsikhanouskaya, Alyaksandrauna): the Russian
        # -ов-/-ав- of the same name.
        # Also the patronymic -еўна (Васільеўна = Васильевна).
        (r"(?<=[aoe])u(?=sk|n[ai]$)", "v"),
        # Е/Ё at the start of a word: Yevgeniy/Evgeniy, Yorov/Ёров (anyascii: Erov), French Iorov.
        (r"^[yi][eo]", "e"),
        # Ё after a consonant: Fyodor/Fedor; the -ёв of a surname as French and Polish write it,
        # io (Kovaliov, Kowaliow = Ковалёв).
        (r"(?<=[bcdfgklmnprstvz])yo", "e"),
        (r"(?<=[a-z]{3}[bcdfgklmnprstvz])io(?=[vw]a?$)", "e"),
        # Е after a vowel: Bokayev/Bokaev, Shormanbayev/Shormanbaev.
        (r"(?<=[aeiou])ye", "e"),
        # Ж and Дж: Zhovtis/Jovtis, Dzhardemali/Djardemali/Jardemalie, Azimzhan/Azimjan.
        (r"dzh|dj|zh", "j"),
        # Ч and Щ: French tch, shch/sch.
        (r"tch", "ch"),
        (r"shch|sch", "sh"),
        # Х, Қ, Ғ: kh/h (Mukhtar/Muhtar), q/k (Rafqat/Rafkat), gh/g (Balghabaeva); x/ks; ph/f; w/v.
        (r"kh", "h"),
        (r"gh", "g"),
        # Kazakh Ң before a consonant or at the end: anyascii and BGN/PCGN write ng, the Latin
        # alphabet of 2021 ñ and English sources n (Еңсебек = Eñsebek = Ensebek; the genitive
        # -тің of Еңсебектің is then the -tin of translit.TURKIC_ENDINGS).
        (r"(?<=[aeiou])ng(?![aeiou])", "n"),
        (r"q", "k"),
        (r"x", "ks"),
        (r"ph", "f"),
        (r"w", "v"),
        # Russian spelling writes an unstressed о after ж, ш, ч, щ, ц as е (Русская грамматика
        # 1980, orthography of suffixes): the Azerbaijani Orujov is Оруджев, Gorbachov
        # Горбачёв/Gorbachev, Kuznetsov beside Sizintsev. One suffix after those letters.
        (r"(?<=[a-z]{2})(j|sh|ch|ts|c)ov(a?)$", r"\1ev\2"),
        # Belarusian feminine -ава (akanye) for Russian -ова: Kalesnikava/Kolesnikova.
        (r"(?<=[a-z]{4})ava$", "ova"),
        # Persian -zadeh, Azerbaijani -zadə, English -zade: one suffix (Mehralizadeh).
        (r"(?<=[a-z]{3})zade(?:h)?$", "zada"),
        # Belarusian ў at the end of a surname, written u (BGN/PCGN, the 2007 national system,
        # Łacinka ŭ): Арлоў/Arlou = Орлов, Марозаў/Marozau = Морозов, Казлоў/Kazlou = Козлов.
        # Not in a French spelling that writes ou for У earlier in the word (Koukou = Куку).
        (r"^(?!.*ou.+ou$)(.*[a-z]{2}[^aeiou])([aoe])u$", r"\1\2v"),
        # The same ў after a soft consonant, -еў/-ёў, written -ieu, -iou (the national system
        # of 2007 writes е and ё after a consonant ie, io): Kastusiou = Костусев.
        (r"(?<=[a-z]{3}[^aeiou])i[eo]u$", "ev"),
        # And after а, о: Караеў/Karayeu = Караев (the y of -ye- already read as above).
        (r"(?<=[a-z]{2}[ao])eu$", "ev"),
        # French: ou for У (Moukhtar), gu before e/i (Sergueï, Evguéni).
        (r"ou", "u"),
        (r"gu(?=[ei])", "g"),
        # Ц: ts/tz/c (Sizintsev/Sizintzev/Sizincev).
        (r"ts|tz", "c"),
        # Й, Ы and y/i: Aiman/Ayman, Sergey/Sergei, Magnitskiy/Magnitsky.
        (r"y", "i"),
        # Doubled letters: Gabdullina/Gabdulina, Saiid/Said, Evgenii/Evgeni.
        (r"([a-z])\1+", r"\1"),
        # Ukrainian є after a vowel, which the national romanisation (KMU 2010, table 1: є is
        # ye at the start of a word, ie elsewhere) writes ie: Матвєєв = Matvieiev = Matveyev,
        # Гаєв = Haiev; read after y = i and doubled letters, so Найем (Naiem) and Nayyem stay
        # one, and the doubles it leaves merged again (Matvieiev = Matveev). Round 8.
        (r"(?<=[aeiou])ie(?=[a-z])", "e"),
        (r"([a-z])\1+", r"\1"),
        # Masculine instrumental (Сизинцевым -> sizincev): -ым never ends a nominative surname.
        (r"(?<=[a-z]{3})(ov|ev|in)im$", r"\1"),
        # Kazakh case endings after a surname (Омароваға, Омарованың, Сизинцевке, Омаровадан):
        # dative, genitive, ablative, locative, accusative, instrumental. Not -овны/-евны,
        # the Russian patronymic in the genitive (Владимировны), where the Kazakh accusative
        # after -ов would be -ты, not -ны (Қазақ грамматикасы 2002, the accusative).
        (
            r"(?<=[a-z]{3})(ova|eva|ina|ov|ev|in)(?!ni$)"
            r"(?:ga|ge|ka|ke|ning|nin|dan|den|tan|ten|nan|nen|da|de|ta|te|ni|di|ti|men|ben|pen)$",
            r"\1",
        ),
        (_FRENCH_E, ""),
        # -ie for a final -и: Jardemalie/Jardemali.
        (r"ie$", "i"),
        # Russian oblique cases that are unambiguous without context: feminine surname
        # (Омаровой -> omarova) and masculine adjectival surname (Магнитского -> magnicki).
        (r"(?<=[a-z]{3})(ov|ev|in)oi$", r"\1a"),
        (r"(?<=[a-z]{3})(sk|ck)(ogo|omu|im)$", r"\1i"),
        # The adjectival surname (-ый, -ий, -ой: Навальный, Ратушный) in the genitive,
        # accusative and dative, -ого/-его/-ому/-ему, which no nominative name ends in
        # (Русская грамматика 1980, § 1193: such surnames decline as adjectives).
        # -его/-ему only after the hushing letters and н, where adjectives are soft (Хорошему,
        # Синему): Рустему and Артему are the datives of Рустем and Артём, not adjectives.
        (r"(?<=[a-z]{4})(?:ogo|omu)$|(?<=[a-z]{3}[jhn])(?:ego|emu)$", "i"),
        # Polish and Czech -ska/-ská for the Russian and Belarusian feminine -ская/-ская
        # (Cichanouska = Ціханоўская, Politkowska = Политковская).
        (r"(?<=[a-z]{3})([sc])ka$", r"\1kaia"),
    )
)

_NON_FRENCH_RULES = tuple(rule for rule in _PHONETIC_RULES if rule[0].pattern != _FRENCH_E)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Patronymics: Russian masculine (-ich + case ending), feminine (-ovna, -ichna + case ending),
# Turkic -oglu / -gizi / -uly / -kyzy (written as one word, or joined: _joined_patronymics).
_PATRONYMIC = re.compile(
    r"ich(?:a|u|em|e)?$|(?:vn|ichn)(?:a|i|e|u|oi)$|(?:ul[ui]|ogl[ui]|ugli|[kg]izi)$"
    r"|[oe]vici$"  # Romanian spelling of -ович/-евич (Nicolaevici; ROMANIAN, DOOM2)
    r"|is(?:dze|asuli)$"  # Georgian: the father's name in the genitive + ძე / ასული
)
_MASC_OBLIQUE_PATRONYMIC = re.compile(r"ich(a|u|em|e)$")

# Gender of a Russian-style surname. Omarov and Omarova are different people (often relatives,
# themselves targets of reprisals), so the two forms never pair.
_FEMININE = re.compile(r"(?:ova|eva|ina|skaia|ckaia)$")
_MASCULINE = re.compile(r"(?:ov|ev|in|ski|cki)$")
# Endings that mark a surname; a surname is never taken as the long form of an abbreviation
# ("Ayan" does not abbreviate "Ayanov").
_SURNAME_LIKE = re.compile(r"(?:ov|ev|in|ova|eva|ina|ski|cki|skaia|ckaia|enko|uk|dze|shvili|ich)$")

_ABBREV_MIN = 3  # shortest prefix accepted as a shortened given name ("Bota" for "Botagoz")
_MAX_TOKENS = 10  # longer inputs are not names; bounds the assignment search

# Letters that sources swap freely, merged only where edit distances are taken (never in the
# tokens themselves): o/u (Omarova/Umarova, Kazakh Ө), e/i (Sizentsev/Sizintsev), the velars
# g/k/h (Kazakh Бақытжан vs Russian Бахытжан, Azerbaijani Intiqam/Intigam), French ch for Ш,
# German sch for Ж and Ш, German s for С and З.
_CLASS_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ch"), "sh"),
    (re.compile(r"(?<![sc])h|g"), "k"),
    # German sch is both Ж and Ш (Schowtis = Жовтис, Schawkat = Шавкат): one class.
    (re.compile(r"sh"), "j"),
    # German s is both С and З (Snak = Знак, Mirsijojew = Мирзиёев), Roza/Rosa: one class.
    (re.compile(r"z"), "s"),
    # Belarusian цеканне and дзеканне: Ц and ДЗ where Russian has a soft Т and Д (Ціханоўская
    # = Тихановская, Дзмітры = Дмитрий); at the start of a word, where it is unambiguous.
    (re.compile(r"^c(?=[ie])"), "t"),
    # Inside a word, between vowels before і and after с before і and я (Пуціла = Путило,
    # Сцяпан = Степан; not the Moldovan ча of Грибинча, written cia); Беларуская граматыка (1985), the correspondences of Belarusian and Russian
    # consonants.
    (re.compile(r"(?<=[aeiou])c(?=i[^aeiou])|(?<=s)c(?=i)"), "t"),
    (re.compile(r"^ds(?=m)"), "d"),
    # Дзеканне anywhere before a soft vowel (Радзіна = Радина, Дзяніс), but not the Georgian
    # -dze at the end of a word (Japaridze); and the Belarusian non-syllabic ў for В before a
    # consonant at the start of a word, written u (Ўласава = Власова, Уладзімір = Владимир).
    (re.compile(r"ds(?=[ie](?!$))"), "d"),
    (re.compile(r"^u(?=l[aeiou])"), "v"),
    # Arabic and Persian ф is п in the Turkic languages of the region that have no /f/ of
    # their own, and in Russian renderings of their names (Шарипов = Sharifov, Арипов =
    # Arifov, Latypov; Georgian script writes the f of foreign names ფ, p: რაუფ = Rauf).
    # Н. А. Баскаков, Введение в изучение тюркских языков (1969), on the Arabic loans.
    (re.compile(r"f"), "p"),
    # Final devoicing (Russian, and the Turkic languages): a final б, д, в is said and often
    # written п, т, ф (Jamshed/Жәмшит, Orlov/Ορλόφ, Orloff); Kazakh and Kyrgyz б after a
    # voiceless consonant is п (Рысбек/Ryspek). Грамматика русского языка (1980) § 62;
    # Қазақ грамматикасы (2002), progressive assimilation.
    (re.compile(r"b$|(?<=[sptkfc])b"), "p"),
    (re.compile(r"d$"), "t"),
    (re.compile(r"v$"), "f"),
)
_VOWEL_CLASSES = str.maketrans("oe", "ui")
# The vowel-tolerant form (see _token_score): o and a as one vowel, Belarusian akanye (Raman,
# Pratasevich, Babaryka for Roman, Protasevich, Babariko; Aleh for Oleg) and the Uzbek and
# Tajik o for the Russian а (Bekjon/Бекжанов, Sultonov/Sultanov); Я after a consonant inside a
# word as а (Dzhelyal/Cəlal). u stays apart from them (Marat is not Murat).
_TOLERANT_VOWELS = str.maketrans("oe", "ai")
_SOFT_A = re.compile(r"(?<=[^aeiou])ia(?=[a-z])")
# Belarusian яканне: я after a consonant where Russian writes an unstressed е (Зянковіч =
# Зенкович, Фядута = Федута, Сцяпан = Степан: Беларуская граматыка 1985, the vowels after
# soft consonants). The vowel-tolerant form also reads such an я as е.
_SOFT_E = re.compile(r"(?<=[^aeiou])ia(?=[a-z])")
# Belarusian аканне after the hardened ц, ч, ш, ж, р (Банцар = Банцер, Сямчанка = Семченко,
# Цярцель: Беларуская граматыка 1985; the orthography of 2008, § 9): an е of the Russian form
# is а there. On the compared forms (ц is c, ч and ш sh, ж j).
_HARD_E = re.compile(r"(?:(?<=[cjr])|(?<=sh))e(?=[a-z])")
#: Subtracted from a pair that only the vowel-tolerant form makes close: one Belarusian or
#: Uzbek vowel is weaker evidence than an equal spelling, so it spends a part of the budget.
VOWEL_TOLERANCE_PENALTY = 5.0
_VOWELS = re.compile(r"[aeiou]")
_DOUBLED = re.compile(r"([a-z])\1+")


def fold_name(name: str) -> str:
    """Return the strict merge key of ``name``.

    Transliterated to ASCII by anyascii, lower-cased, apostrophes dropped, any other punctuation
    and whitespace collapsed to one space, tokens kept in order. ``people`` merges two entries
    only when a name or alias of one folds equal to one of the other, so this stays strict:
    "Сергей Сизинцев" folds to "sergey sizintsev", but "Sizentsev" and "Sizintsev" stay apart.
    """
    text = _APOSTROPHES.sub("", anyascii(name).lower())
    return _NON_ALNUM.sub(" ", text).strip()


_TURKIC_C = str.maketrans(translit.TURKIC_LETTERS["c"])
_TURKIC_X = str.maketrans(translit.TURKIC_LETTERS["x"])
_LETTERS = str.maketrans(translit.LETTERS)
_SLAVIC_J = re.compile(r"j(?=[aeiou])")
# A j that only Slavic and German spellings write: Й before a consonant or at the end of a word
# (Jevgenij, Zajkin) or after a labial or l (Bjaljacki, Natalja); Turkic and English j (Ж, Дж)
# stands before a vowel and after a vowel, m, n, r, k or at the start (Azimjan, Bekjon).
_SLAVIC_J_SPELLING = re.compile(r"[aeiou]j(?![aeiou])|[bpfvly]j[aeiou]")


_ENGLISH_J = re.compile(r"(?<=[kmnrgt])j")
_ROMANIAN_SKI = re.compile(r"(?<=[a-z]{3})schii?$")


def _germanised(word: str, german_z: bool = False, whole: bool = False) -> str:
    """``word`` read in the German convention (translit.GERMAN) when it shows a German marker,
    or, with ``whole``, because another word of the name does."""
    # Romanian ch is К (DOOM2): the Slavic -ский of a Moldovan name is written -schi, -schii
    # (Crasnoselschii = Красносельский), which is no German sch.
    word = _ROMANIAN_SKI.sub("ski", word)
    if not whole and not any(m in word for m in translit.GERMAN_MARKERS):
        return word
    word = _ENGLISH_J.sub("\x02", word)  # Дж as English writes it: kept (see translit.GERMAN)
    for old, new in translit.GERMAN:
        word = word.replace(old, new)
    if german_z:  # the Duden z, Ц (Senzow = Сенцов); German writers also keep the English z
        word = word.replace("z", "ts")
    return word.replace("\x02", "j")


_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_GREEK_FINAL = re.compile("(" + "|".join(translit.GREEK_FINAL) + r")\b")
_POLISH = re.compile("|".join(translit.POLISH_MARKERS))


def _polish(word: str) -> str:
    for old, new in translit.POLISH:
        word = word.replace(old, new)
    return word


_HUNGARIAN = re.compile("|".join(translit.HUNGARIAN_MARKERS))


def _is_hungarian(word: str) -> bool:
    """A word with cs, zs, -szkij or with sz beside a lone s (Szaakasvili); sz alone is also
    Polish (Milaszina, Puszkin), and cz, rz, w are Polish or German."""
    if any(m in word for m in translit.HUNGARIAN_EXCLUDED):
        return False
    if _HUNGARIAN.search(word):
        return True
    if "sz" in word and word.endswith(translit.HUNGARIAN_SUFFIXES):
        return True  # Oszipov: Polish writes the Russian -ов -ow (Osipow), Hungarian -ov
    return "sz" in word and "s" in word.replace("sz", "")


def _hungarian(word: str) -> str:
    for old, new in translit.HUNGARIAN:
        word = word.replace(old, new)
    return word


def _greek(name: str) -> str:
    name = _GREEK_FINAL.sub(lambda m: translit.GREEK_FINAL[m.group(1)], name.lower())
    for old, new in translit.GREEK:
        name = name.replace(old, new)
    return name


_SOFT_IE = re.compile(r"(?<=[bdfklmnprstvzćńśźłčšž])ie(?=[a-zćńśźłčšžŭ])")
_ARMENIAN_SCRIPT = re.compile(r"[\u0531-\u058a]")
_ARMENIAN_INITIAL = re.compile(r"\b([եո])(?!ւ)")
_CZECH_OVA = re.compile(r"(ov|ev|in)ová\b", re.IGNORECASE)
_CZECH_OVA_ANY = re.compile(r"(?<=[^\W\d_]{3})ová\b", re.IGNORECASE)
_POLISH_CASE = re.compile(r"[ęą]\b")
_FRENCH_TREMA = re.compile(r"[ïÏ](?=[aeiouAEIOU])")


def _romanian(word: str) -> str:
    """A word with a Romanian letter read as Russian and English sources read Romanian
    (translit.ROMANIAN: Greceanîi = Гречаный)."""
    if not any(c in translit.ROMANIAN_MARKERS for c in word):
        return word
    word = word.lower()
    for old, new in translit.ROMANIAN:
        word = word.replace(old, new)
    return word


_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїє")


def _moldovan(name: str) -> str:
    """A name in Cyrillic as the Romanian Latin alphabet writes it (translit.MOLDOVAN_CYRILLIC:
    Грибинча = Gribincea, Морарь = Morari, Гуцул = Gutul), diacritics dropped."""
    text = name.lower().replace("дж", "ӂ")
    out: list[str] = []
    for i, char in enumerate(text):
        following = text[i + 1] if i + 1 < len(text) else ""
        previous = text[i - 1] if i else ""
        if char in translit.MOLDOVAN_SOFTENED:
            soft, hard = translit.MOLDOVAN_SOFTENED[char]
            out.append(soft if following in "еи" else hard)  # чи = ci, ча = cia, ки = chi
        elif char == "я":
            out.append("ea" if previous.isalpha() and previous not in _CYRILLIC_VOWELS else "ia")
        elif char == "ь":
            out.append("i" if not following.isalpha() else "")
        elif char in translit.MOLDOVAN_CYRILLIC:
            out.append(translit.MOLDOVAN_CYRILLIC[char])
        else:
            out.append(char)
    return "".join(out)


def _armenian(name: str) -> str:
    """Armenian script in the BGN/PCGN reading (translit.ARMENIAN); word-initial ե and ո are
    ye and vo (Երևան = Yerevan, Ոսկան = Voskan); the classical -եան is -յան."""
    name = name.lower()
    for old, new in translit.ARMENIAN_CLASSICAL:
        name = name.replace(old + " ", new + " ")
        if name.endswith(old):
            name = name[: -len(old)] + new
    name = _ARMENIAN_INITIAL.sub(lambda m: "ye" if m.group(1) == "ե" else "vo", name)
    for old, new in translit.ARMENIAN:
        name = name.replace(old, new)
    return name


def _romanised(
    name: str,
    schwa: str = "a",
    german_z: bool = False,
    slavic_j: bool = False,
    german: bool = False,
) -> str:
    """``name`` as lower-case ASCII with the region's conventions undone (module translit):
    alphabet-specific letters first, then anyascii, then German, Polish and Slavic ``j``
    spellings. ``schwa`` is how the Azerbaijani ə is read: "a" as English sources write it
    (Həsənov = Hasanov), or "e" as Russian ones often do (Məmmədov = Мамедов, Cəlal = Джелял)."""
    slavic = turkic = False
    if not name.isascii():
        if _GREEK.search(name):
            name = _greek(name)
        turkic = any(c in translit.TURKIC_C_MARKERS for c in name)
        if turkic:
            name = name.translate(_TURKIC_C)
        if turkic or any(m in name for m in translit.X_AS_KH_MARKERS):
            name = name.translate(_TURKIC_X)
        slavic = any(c in translit.SLAVIC_J_MARKERS for c in name.lower())
        if slavic:  # Polish, Czech, Łacinka ch is Х (Cichanoŭskaja); č is Ч
            name = name.lower().replace("ch", "kh")
            # Łacinka and Polish write е after a consonant ie (Milinkievič = Мілінкевіч,
            # Siergiej): the Belarusian Łacinka orthography (Тарашкевіч 1918; the 2007
            # instruction). Round 8.
            name = _SOFT_IE.sub("e", name)
        if any(o in name for o in translit.UZBEK_O):  # Oʻtkir = Ўткир = Уткир
            for o in translit.UZBEK_O:
                name = name.replace(o, "u")
        if schwa != "a":
            name = name.replace("ə", schwa).replace("Ə", schwa)
        if _ARMENIAN_SCRIPT.search(name):
            name = _armenian(name)
        if any(c in translit.ROMANIAN_MARKERS for c in name):
            name = " ".join(_romanian(w) for w in name.split(" "))
        # Czech and Slovak -ová on a foreign surname (Andrejevová = Андреева), Polish
        # accusative and instrumental -ę, -ą of a woman's name (Nikę Gwaramię, Swiatłaną).
        name = _CZECH_OVA.sub(r"\1a", _POLISH_CASE.sub("a", name))
        # and on any other foreign surname, where it is the Czech woman's suffix alone
        # (Eismontová = Эйсмонт; Pravidla českého pravopisu, přechylování). Round 8.
        name = _CZECH_OVA_ANY.sub("", name)
        # French ï before a vowel is Й (Fadeïeva = Фадеева, Akaïev = Акаев: the French
        # rendering of Russian names, Sergueï).
        name = _FRENCH_TREMA.sub("y", name)
        name = anyascii(name.translate(_LETTERS))
    text = name.lower()
    if not turkic and "s" in text and any(_is_hungarian(w) for w in text.split(" ")):
        words = text.split(" ")
        hungarian = [_is_hungarian(w) for w in words]
        # A name with a Hungarian word is written in Hungarian: its other words with sz are
        # Hungarian too (Olekszandr Szirszkij, Arszen Boriszovics). Round 8.
        hungarian = [
            h or ("sz" in w and not any(m in w for m in translit.HUNGARIAN_EXCLUDED))
            for w, h in zip(words, hungarian, strict=True)
        ]
        slavic = slavic or any(hungarian)
        text = " ".join(_hungarian(w) if h else w for w, h in zip(words, hungarian, strict=True))
    if not turkic and (_POLISH.search(text) or any(m in text for m in translit.GERMAN_MARKERS)):
        # Per word: German sources keep English spellings of some names beside German ones
        # ("Khadija Ismajilowa"), and a German j in one word says nothing of the next.
        words = text.split(" ")
        polish = [bool(_POLISH.search(w)) for w in words]
        slavic = slavic or any(polish)
        text = " ".join(
            _polish(w) if p else _germanised(w, german_z, german)
            for w, p in zip(words, polish, strict=True)
        )
    if slavic or slavic_j or ("j" in text and _SLAVIC_J_SPELLING.search(text)):
        text = _SLAVIC_J.sub("y", text)
    return text


def merge_key(name: str) -> str:
    """The key ``people`` merges entries on: :func:`fold_name` of the name with the region's
    alphabets read as their users read them (module translit: Azerbaijani, Turkmen, Crimean
    Tatar and Kazakh Latin letters, ISO 9 and Łacinka letters, German spellings). Strict like
    :func:`fold_name` — one transliteration, no spelling rules, no edit distance — so "Rəsul
    Cəfərov" and "Расул Джафаров" are one key, while "Sizentsev" and "Sizintsev", "Aiman" and
    "Ayman", or Omarov and Omarova, are not (SPEC §6: never merged silently)."""
    return fold_name(_romanised(name))


@lru_cache(maxsize=8192)
def _phonetic(token: str, french: bool = True) -> str:
    """``token`` through the spelling rules; ``french``: also the rules only French spellings
    need (the final -e of Maxime), which a name written in Cyrillic never is (Саше, the dative
    of Саша, keeps its -e for the case readings)."""
    rules = _PHONETIC_RULES if french else _NON_FRENCH_RULES
    for pattern, repl in rules:
        token = pattern.sub(repl, token)
    return token


def _is_patronymic(token: str) -> bool:
    return len(token) > 4 and _PATRONYMIC.search(token) is not None


def _uninflect_masculine(token: str, case_ending: str) -> str:
    """Strip a Russian masculine oblique-case ending: sizinceva -> sizincev, sergeia -> sergei."""
    pattern = r"(?:em|om|im)$" if case_ending == "em" else case_ending + "$"
    stripped = re.sub(pattern, "", token)
    return stripped if len(stripped) >= 3 else token


_PATRONYMIC_WORDS = translit.TURKIC_PATRONYMIC_WORDS | translit.GEORGIAN_PATRONYMIC_WORD


def _joined_patronymics(tokens: list[str]) -> list[str]:
    """A Turkic patronymic word joined to the father's name before it: "Enver oğlu" is one
    token, like "Kemeluly" (translit.TURKIC_PATRONYMIC_WORDS). Only to a word of letters: a
    number is nobody's father ("0000000 kizi" stays two words)."""
    joined: list[str] = []
    for token in tokens:
        if token in _PATRONYMIC_WORDS and len(joined) >= 2 and joined[-1].isalpha():
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def _given_key(form: str, french: bool = True) -> str:
    return "".join(_phonetic(t, french) for t in fold_name(_romanised(form)).split())


# translit.GIVEN_NAMES and GIVEN_NAME_GROUPS in the form the tokens have after the spelling
# rules (Muhammed -> muhamed, Andrzej -> andrzei), so that each form is found however the
# spelling rules changed it.
_GIVEN_NAMES = {_given_key(k): _given_key(v) for k, v in translit.GIVEN_NAMES.items()}
_GIVEN_NAMES.update(
    {
        _given_key(form): _given_key(group[0])
        for group in translit.GIVEN_NAME_GROUPS
        for form in group
    }
)
_GIVEN_NAMES.update(
    {
        _given_key(short): _GIVEN_NAMES.get(_given_key(full), _given_key(full))
        for short, full in translit.DIMINUTIVES.items()
    }
)
# A form read without the French rule (a Cyrillic Александре keeps its -e) maps the same way.
_GIVEN_NAMES.update(
    {
        _given_key(form, french=False): _given_key(group[0])
        for group in translit.GIVEN_NAME_GROUPS
        for form in group
        if _given_key(form, french=False) not in _GIVEN_NAMES
    }
)
_GIVEN_NAMES = {k: _GIVEN_NAMES.get(v, v) for k, v in _GIVEN_NAMES.items()}

# The given names of the tables, in either form: a query word read back from a case ending
# is taken as the full form of a shortened stored name only when it is one of these.
_KNOWN_GIVEN_NAMES = frozenset(_GIVEN_NAMES) | frozenset(_GIVEN_NAMES.values())

# An initial of a letter that romanisations write with two (Sh. for Ш, Zh., Kh., Ch., Yu.),
# glued to the next word as often as not (Sh.Humbatova): one initial, its first letter.
_DIGRAPH_INITIAL = re.compile(r"\b([a-z]{2})\.")


def _digraph_initial(match: re.Match[str]) -> str:
    pair = match.group(1)
    return match.group(0) if pair in _HONORIFICS else _phonetic(pair)[0] + ". "


def _latvian(name: str, words: int = 2) -> bool:
    """True when ``name`` reads as Latvian (translit.LATVIAN_ENDING): every word of two letters
    or more ends in a consonant and -s after a stem of three letters or more, and there are
    ``words`` such words (Aleksandrs Kuzmins). With one such word beside initials (V.
    Buzajevs) the name is only also read so, as a query (:func:`_readings`): A. Sakunts is
    Armenian (-ц). Decided on the folded name, so a name and its Latin rendering agree."""
    folded = fold_name(name).split()
    if len(folded) < 2:
        return False
    if not all(len(w) == 1 or (len(w) >= 4 and _LATVIAN.search(w)) for w in folded):
        return False
    return sum(len(w) > 1 for w in folded) >= words


def _lithuanian(name: str) -> bool:
    """True when every word of ``name`` (two or more, initials aside) ends as a Lithuanian
    nominative does and one in -as or -us (translit.LITHUANIAN_WORD_ENDINGS): Kazimieras
    Juraitis, Vytautas Landsbergis. Decided on the folded name."""
    words = [w for w in fold_name(name).split() if len(w) > 1]
    return (
        len(words) >= 2
        and all(len(w) >= 4 and w.endswith(translit.LITHUANIAN_WORD_ENDINGS) for w in words)
        and any(w.endswith(translit.LITHUANIAN_NOMINATIVES) for w in words)
    )


@lru_cache(maxsize=8192)
def _normalised(
    name: str,
    schwa: str = "a",
    german_z: bool = False,
    slavic_j: bool = False,
    french: bool = True,
    latvian: bool = False,
    german: bool = False,
) -> tuple[str, ...]:
    latvian = latvian or _latvian(name)
    # Latvian and Lithuanian j is Й (Buzajevs = Бузаев, Juraitis = Юрайтис)
    slavic_j = slavic_j or latvian or _lithuanian(name)
    romanised = _DIGRAPH_INITIAL.sub(
        _digraph_initial, _romanised(name, schwa, german_z, slavic_j, german)
    )
    words = fold_name(romanised).split()
    if latvian:  # without the -s (Kuzmins = Кузьмин)
        words = [w[:-1] if len(w) >= 4 and w.endswith("s") else w for w in words]
    tokens = [_phonetic(t, french) for t in words if t not in _HONORIFICS]
    tokens = _joined_patronymics([_GIVEN_NAMES.get(t, t) for t in tokens if t])
    if len(tokens) >= 3:
        for token in tokens:
            oblique = _MASC_OBLIQUE_PATRONYMIC.search(token)
            if oblique and _is_patronymic(token):
                tokens = [_uninflect_masculine(t, oblique.group(1)) for t in tokens]
                break
    return tuple(tokens)


def normalise_tokens(name: str) -> tuple[str, ...]:
    """Return the phonetic-normalised Latin tokens of ``name``, in order.

    For tolerant matching only, never for merging. Honorifics are dropped; initials stay as
    one-letter tokens; a Turkic patronymic word is joined to the name before it ("Enver oğlu").
    A Russian full name in an oblique case, recognised by its masculine patronymic ("Сизинцева
    Сергея Васильевича"), is put back in the nominative (sizincev sergei vasilevich) so that
    its surname does not read as the feminine form.
    """
    return _normalised(name)


@lru_cache(maxsize=8192)
def _consonant_classes(token: str) -> str:
    for pattern, repl in _CLASS_RULES:
        token = pattern.sub(repl, token)
    return token


@lru_cache(maxsize=65536)
def _compared(token: str) -> str:
    """The form edit distances are taken on: letter classes merged (see ``_CLASS_RULES``)."""
    return _consonant_classes(token).translate(_VOWEL_CLASSES)


@lru_cache(maxsize=65536)
def _tolerant(token: str) -> str:
    """The vowel-tolerant form: consonant classes as in :func:`_compared`, o/a and e/i merged,
    the Belarusian а after a hardened consonant read as е (_HARD_A)."""
    classes = _HARD_E.sub("a", _SOFT_A.sub("a", _consonant_classes(token)))
    return classes.translate(_TOLERANT_VOWELS)


@lru_cache(maxsize=65536)
def _yakanne(token: str) -> str:
    """The vowel-tolerant form with the Belarusian я read as the Russian е (_SOFT_E)."""
    return _SOFT_E.sub("e", _consonant_classes(token)).translate(_TOLERANT_VOWELS)


@lru_cache(maxsize=65536)
def _skeleton(token: str) -> str:
    """Consonants only, doubles collapsed: a different consonant means a different name more
    often than a different vowel does (Akhmetova is not Akhmedova; Umarova is Omarova)."""
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", token))


@lru_cache(maxsize=65536)
def _gender(token: str) -> str | None:
    if len(token) < 5:
        return None
    if _FEMININE.search(token):
        return "f"
    if _MASCULINE.search(token):
        return "m"
    return None


# Token-pair kinds: a full match is evidence; an abbreviation (initial, shortened given name)
# and a surname with and without its Russian suffix (Kabiri/Kabirov) only support a full match
# elsewhere in the name.
_FULL, _ABBREV, _SUFFIX = "full", "abbrev", "suffix"
_RUSSIAN_SUFFIX = re.compile(r"^([a-z]{3,}?)[oe]v$")


_SHORT_TOKEN = 8


def _spelling_score(q: str, c: str) -> float:
    """Similarity of two tokens as spellings: normalised Levenshtein on the compared forms,
    and on their consonant skeletons, the lower of the two; with equal skeletons, also the
    vowel-tolerant form (akanye, the Uzbek o), less VOWEL_TOLERANCE_PENALTY."""
    cq, cc = _compared(q), _compared(c)
    whole = Levenshtein.normalized_similarity(cq, cc)
    sq, sc = _skeleton(cq), _skeleton(cc)
    score = 100.0 * min(whole, Levenshtein.normalized_similarity(sq, sc))
    if (
        score < 100.0
        and max(len(cq), len(cc)) <= _SHORT_TOKEN
        and Levenshtein.distance(q, c) > Levenshtein.distance(cq, cc)
    ):
        # In a short token, an edit on top of a merged letter class (Omarova/Umerova: o/u
        # merged, a/e not) is two differences, not one: it spends the tolerance penalty.
        score -= VOWEL_TOLERANCE_PENALTY
    if sq == sc and score < 100.0:
        tolerant = Levenshtein.normalized_similarity(_tolerant(q), _tolerant(c))
        if tolerant < 1.0 and ("ia" in q or "ia" in c):  # яканне (_SOFT_E)
            tolerant = max(tolerant, Levenshtein.normalized_similarity(_yakanne(q), _yakanne(c)))
        score = max(score, 100.0 * tolerant - VOWEL_TOLERANCE_PENALTY)
    return score


def _suffix_score(q: str, c: str) -> float:
    """The score of ``q`` and ``c`` as one family name with and without the Russian -ов/-ев
    (translit.DERUSSIFIED_SUFFIXES: Kabirov/Kabiri, Rahmonov/Rahmon, Bekjanov/Bekjon), or 0."""
    for long_, short in ((q, c), (c, q)):
        russian = _RUSSIAN_SUFFIX.match(long_)
        if not russian:
            continue
        stem = russian.group(1)
        best = 0.0
        for suffix in translit.DERUSSIFIED_SUFFIXES:
            if not short.endswith(suffix) or len(short) - len(suffix) < 3:
                continue
            other = short[: len(short) - len(suffix)] if suffix else short
            if not suffix and not other.endswith(translit.BARE_STEM_ENDINGS):
                continue
            best = max(best, _spelling_score(stem, other))
        if best:
            return best
    return 0.0


#: Which shortened given names pair (see :func:`_token_score`): any, only a shorter candidate
#: token of a known given name (a query word read back from a case ending: Владимира =
#: Vladimir finds a stored "Vlad"), none.
_ABBREV_ANY, _ABBREV_CANDIDATE, _ABBREV_NONE = 2, 1, 0


# The compound elements without their last vowel, which a case ending replaces (Новрузалы).
_COMPOUND_STEMS = tuple(element[:-1] for element in translit.COMPOUND_NAME_ELEMENTS)


def _element_pair(long_: str, short: str) -> bool:
    """``long_`` is ``short`` with a given-name element (translit.GIVEN_NAME_ELEMENTS:
    Zokirjon/Zakir, Kanatbek/Kanat), the stems spelled alike."""
    for element in translit.GIVEN_NAME_ELEMENTS:
        stem = long_[: -len(element)]
        if (
            long_.endswith(element)
            and len(stem) >= _ABBREV_MIN
            and len(short) >= _ABBREV_MIN
            and (stem == short or _spelling_score(stem, short) >= MATCH_THRESHOLD)
        ):
            return True
    return False


def _womans_form(short: str, long_: str) -> bool:
    """``long_`` is a woman's name made on a man's given name of the tables (Viktor:
    Viktoriia, Vasili: Vasilisa, Stanislav: Stanislava): another person, not a shortened
    name (round 8). The region's women's given names end in -a (Русская грамматика 1980, the
    a-declension of personal names)."""
    return short in _KNOWN_GIVEN_NAMES and long_.endswith("a") and not short.endswith("a")


@lru_cache(maxsize=65536)
def _token_score(q: str, c: str, abbreviations: int = _ABBREV_ANY) -> tuple[float, str]:
    if len(q) == 1 or len(c) == 1:
        return (100.0 if q[0] == c[0] else 0.0), _ABBREV
    if q == c:
        return 100.0, _FULL
    gq, gc = _gender(q), _gender(c)
    if gq and gc and gq != gc:
        return 0.0, _FULL
    short, long_ = (q, c) if len(q) <= len(c) else (c, q)
    if (
        (
            abbreviations == _ABBREV_ANY
            or (
                abbreviations == _ABBREV_CANDIDATE
                and short is c
                and long_ in _KNOWN_GIVEN_NAMES  # Vladimir for Vlad; not Тёмному for Tem
                and _spelling_score(q, c) < MATCH_THRESHOLD  # a full pair where one is
            )
        )
        and len(short) >= _ABBREV_MIN
        and long_.startswith(short)
        and not _SURNAME_LIKE.search(long_)
        and not long_[len(short) :].startswith(_COMPOUND_STEMS)  # Novruzali, Новрузалы
        and not _womans_form(short, long_)
    ):
        return 100.0, _ABBREV
    if abbreviations and not _SURNAME_LIKE.search(long_) and _element_pair(long_, short):
        return MATCH_THRESHOLD, _ABBREV
    score = _spelling_score(q, c)
    if score < MATCH_THRESHOLD and gq != "f" and gc != "f":
        suffix = _suffix_score(q, c)
        if suffix > score:
            return suffix, _SUFFIX
    return score, _FULL


#: A query read one way: for each query word, the tokens it may stand for (its readings back
#: to the nominative; one token for a word read as written).
Reading = tuple[tuple[str, ...], ...]

_TYPO, _EXACT = "typo", "exact"
#: A single-letter typo (one edit or one swap of neighbours: Abdulmulin, Akhemdyarov) passes
#: in a token of this many letters or more when another token of the name agrees exactly.
TYPO_MIN_LENGTH = 9
#: A swap of neighbouring letters (Ashkat for Askhat, Okir-like slips of the keyboard) passes
#: from this many letters: a swap keeps every letter, which the consonant near misses of the
#: region (Akhmetova/Akhmedova, Ilyashev/Ilyasov) do not.
TYPO_SWAP_MIN_LENGTH = 6


@lru_cache(maxsize=65536)
def _typo(q: str, c: str) -> bool:
    gq, gc = _gender(q), _gender(c)
    if gq and gc and gq != gc:
        return False  # Toregozhin is not Toregozhina: the other gender's form, not a typo
    cq, cc = _compared(q), _compared(c)
    shorter = min(len(cq), len(cc))
    if shorter < TYPO_SWAP_MIN_LENGTH or OSA.distance(cq, cc) > 1:
        return False
    return shorter >= TYPO_MIN_LENGTH or sorted(cq) == sorted(cc)


@lru_cache(maxsize=65536)
def _gender_slip(q: str, c: str) -> bool:
    """``q`` and ``c`` are the masculine and feminine forms of one Russian-style surname
    (Babayev, Babayeva): a page's slip of the ending when the given name beside it agrees
    exactly (Ramil Babayeva is Ramil Babayev; round 8). Scored like a typo, so it needs an
    exact pair elsewhere: Alexandra Skobova stays apart from Alexander Skobov, and a lone
    Omarov from Aiman Omarova. Only against a stored name whose given name agrees with its
    surname's gender (:func:`_slip_target`)."""
    gq, gc = _gender(q), _gender(c)
    if not gq or not gc or gq == gc:
        return False
    long_, short = (q, c) if len(q) > len(c) else (c, q)
    return long_ == short + "a" and _MASC_SURNAME_END.search(short) is not None


@lru_cache(maxsize=8192)
def _slip_target(c_tokens: tuple[str, ...]) -> bool:
    """A stored name a slip of the surname's gender may find (:func:`_gender_slip`): one
    Russian-style surname, and its other words (initials and patronymics aside) end in -a when
    it is a woman's (Tatyana Moskalkova) and do not when it is a man's (Ramil Babayev). A name
    that says otherwise (a constructed Khadija Ismailov) or whose given name is a man's and a
    woman's (translit.UNISEX_GIVEN_ENDINGS: Bakhytzhan Toregozhina) is left to the strict
    rule: its gender cannot be read from its given name."""
    genders = [g for g in map(_gender, c_tokens) if g]
    if len(genders) != 1:
        return False
    others = [t for t in c_tokens if len(t) > 1 and not _gender(t) and not _is_patronymic(t)]
    return bool(others) and all(
        t.endswith("a") == (genders[0] == "f") and not t.endswith(translit.UNISEX_GIVEN_ENDINGS)
        for t in others
    )


def _slips_allowed(c_tokens: tuple[str, ...], abbreviations: int) -> bool:
    """Whether a slip of the surname's gender may find ``c_tokens`` (:func:`_slip_target`):
    only for the query as written, since a reading back from a case ending or a short form of
    a man's and a woman's name (Zhenya read as Evgenia) is no exact given name."""
    return abbreviations == _ABBREV_ANY and _slip_target(c_tokens)


@lru_cache(maxsize=131072)
def _pair(
    options: tuple[str, ...], c: str, abbreviations: int, slips: bool = False
) -> tuple[float, str]:
    """The best score of any reading of one query word against candidate token ``c``; a pair
    that agrees exactly is marked so (it licenses a typo elsewhere). ``slips``: the stored
    name may be found through a slip of its surname's gender (:func:`_slip_target`)."""
    best = (-1.0, _FULL)
    for q in options:
        score, kind = _token_score(q, c, abbreviations)
        if (
            score < MATCH_THRESHOLD
            and kind == _FULL
            and (_typo(q, c) or (slips and _gender_slip(q, c)))
        ):
            score, kind = MATCH_THRESHOLD, _TYPO
        if q == c and len(q) > 1:
            kind = _EXACT
        if score > best[0] or (score == best[0] and kind == _EXACT):
            best = (score, kind)
    return best


def _optional(options: tuple[str, ...], i: int, q_tokens: Reading) -> bool:
    """Initials and patronymics may stay unpaired (see :func:`_similarity`); so may the middle
    word of an Armenian name, the father's name in the genitive (Nikol Vovayi Pashinyan)."""
    n = len(q_tokens)
    for q in options:
        if len(q) == 1 or (n >= 3 and _is_patronymic(q)):
            return True
        if 0 < i < n - 1 and q.endswith("i") and _ARMENIAN_SURNAME.search(q_tokens[-1][0]):
            return True
    return False


_ARMENIAN_SURNAME = re.compile(r"(?:ian|ianc|unc|uni)$")


@lru_cache(maxsize=65536)
def _similarity(
    q_tokens: Reading, c_tokens: tuple[str, ...], abbreviations: int = _ABBREV_ANY
) -> float:
    """Best one-to-one pairing of query words with candidate tokens, scored by its weakest pair.

    Initials and patronymics of the query (in names of 3+ tokens) are optional: they may stay
    unpaired, but only when every candidate token is already paired ("Сизинцев С.В." matches
    "Sergey Sizintsev"; "A. Sizintsev" does not). At least one pair must be a full-token match;
    a typo (TYPO_MIN_LENGTH) needs another pair that agrees exactly.
    """
    q_tokens, c_tokens = q_tokens[:_MAX_TOKENS], c_tokens[:_MAX_TOKENS]
    if not q_tokens or not c_tokens:
        return 0.0
    slips = _slips_allowed(c_tokens, abbreviations)
    scores = [[_pair(q, c, abbreviations, slips) for c in c_tokens] for q in q_tokens]
    optional = [_optional(q, i, q_tokens) for i, q in enumerate(q_tokens)]
    initial = [all(len(q) == 1 for q in options) for options in q_tokens]
    all_used = (1 << len(c_tokens)) - 1
    # A plain dict, not functools.cache: most calls are on two or three tokens, where building a
    # cached closure per call cost more than the search (profiled on the proof's pairs).
    memo: dict[tuple[int, int, int, bool, bool], float] = {}

    def best(i: int, used: int, state: int, skipped: bool, run_skipped: bool) -> float:
        key = (i, used, state, skipped, run_skipped)
        if key not in memo:
            memo[key] = search(i, used, state, skipped, run_skipped)
        return memo[key]

    def search(i: int, used: int, state: int, skipped: bool, run_skipped: bool) -> float:
        # Highest weakest-pair score reachable from query token i on; -1 if none is valid.
        # state bits: 1 a full pair, 2 a surname suffix pair, 4 an exact pair, 8 a typo pair.
        # run_skipped: an initial before this one, in the same run, stayed unpaired.
        if i == len(q_tokens):
            valid = state & 1 and (not state & 8 or state & 4)
            return 100.0 if valid and (not skipped or used == all_used) else -1.0
        result = -1.0
        run_skipped = run_skipped and initial[i]
        for j, (score, kind) in enumerate(scores[i]):
            if used & (1 << j) or (state & 2 and kind == _SUFFIX) or run_skipped:
                # One surname suffix per name: Ivan Petrov is not Petr Ivanov. Initials are
                # the given name's, then the patronymic's (И. О. Фамилия: Русская грамматика
                # 1980; Правила русской орфографии и пунктуации 2006, § 113): one that stays
                # unpaired leaves the rest of its run unpaired too, so "D.G. Gudkov" is not
                # Gennady Gudkov (D. is the given name).
                continue
            rest = best(i + 1, used | (1 << j), state | _STATE[kind], skipped, False)
            if rest >= 0:
                result = max(result, min(score, rest))
        if optional[i]:
            result = max(result, best(i + 1, used, state, True, initial[i]))
        return result

    return max(best(0, 0, 0, False, False), 0.0)


_STATE = {_FULL: 1, _ABBREV: 0, _SUFFIX: 2, _EXACT: 1 | 4, _TYPO: 1 | 8}


def _single(tokens: tuple[str, ...]) -> Reading:
    return tuple((t,) for t in tokens)


_CONSONANT_END = re.compile(r"[^aeiouy]$")
_LONE_OBLIQUE = ("a", "u", "om", "em", "im", "e")  # Жовтиса, Сизинцеву, Жовтисом, Жовтисе
_MASC_SURNAME_END = re.compile(r"(?:ov|ev|in)$")
_TURKIC_ENDINGS = tuple(
    sorted(
        {_phonetic(e) for e in translit.TURKIC_ENDINGS if len(_phonetic(e)) >= 2},
        key=lambda e: (-len(e), e),
    )
)
# A Latvian masculine name: -s after a consonant on every word (translit.LATVIAN_ENDING).
_LATVIAN = re.compile(r"[^aeiouy]" + translit.LATVIAN_ENDING + "$")
_FEMININE_OBLIQUE = re.compile(r"(?:ov|ev|in)o[iy]\b")
_GEORGIAN_SCRIPT = re.compile(r"[\u10a0-\u10ff]")


@lru_cache(maxsize=8192)
def _readings(name: str) -> tuple[Reading, ...]:
    """The ways ``name`` may be read as a query: as written, and read back in the nominative
    where its case endings say it is inflected (module translit): a Russian, Ukrainian or
    Belarusian name in one case (Макса Бокаева, Зарему Мусаеву, Станіславом Асєєвим, Хадиджи
    Исмаиловой), a Turkic case ending on the last word (Həsənovun, Мамайға, Темировдун), an
    Armenian article or case ending on any word (Թաթոյանը, Սաքունցի), a Georgian case ending on
    the last word (ნანუაშვილს), a lone surname in an oblique case that cannot be a feminine
    form (Жовтиса, Сизинцеву). Also read, with their case endings, the other readings of
    ambiguous letters: the Azerbaijani ə as Russian sources render it (e: Cəlal = Джелял), a j
    before a vowel as Й (Ojub, Julija: German and Slavic) where the name was read with the
    English j (Дж: Khadija), the z of a German spelling as Ц (Senzow = Сенцов) as well as З
    (Nazarbajew), a lone c as the Turkish Дж (Mustafa Cemilev) as well as Ц (whatever the
    script, so that a Cyrillic name and its Latin rendering agree), and the English c before a
    back vowel as К (Nicol = Никол)."""
    written = normalise_tokens(name)
    # A feminine oblique form (Исмаиловой) is read as -ова already; it names a woman, so the
    # name is not read as a man's (Хадиджи Исмаиловой is not Khadija Ismailov).
    man = _FEMININE_OBLIQUE.search(fold_name(name)) is None
    readings = _inflections(written, man)
    if "ə" in name or "Ə" in name:
        readings += _inflections(_normalised(name, "e"))
    others = [_normalised(name, german_z=True), _normalised(name, slavic_j=True)]
    if name.isascii() and any(m in name.lower() for m in translit.GERMAN_MARKERS):
        # A German spelling names every word in German (Achmed Barachoew: ch = Х, Jekatarina
        # Samuzewitch: j = Й, z = Ц), though German sources also keep an English word beside
        # (read as written above). Only where that reads another word otherwise.
        german = _normalised(name, german_z=True, german=True)
        if german != others[0]:
            others.append(german)
    if _CYRILLIC.search(name):  # no French spelling: Саше keeps the -e of its dative
        others.append(_normalised(name, french=False))
    for other in others:
        if other != written:
            readings += _inflections(other)
    for letter, reading in ((_LONE_C, "j"), (_ENGLISH_C, "k")):
        if any(letter.search(t) for t in written):
            readings += _inflections(tuple(letter.sub(reading, t) for t in written))
    if _CYRILLIC.search(name):  # a Moldovan name written in Russian (Грибинча = Gribincea)
        moldovan = _normalised(_moldovan(name), french=False)
        if moldovan != written:
            readings += _inflections(moldovan)
    if "ch" in name.lower() and not _CYRILLIC.search(name):
        # ch is Х in Czech, Slovak, Polish, Lithuanian and German spelling (Pravidla českého
        # pravopisu; PWN; Lietuvių kalbos rašyba; Duden), Ч only in English and French ones:
        # a Latin name is also read so (Michailovas, Olchova, Achmetov, Kucharchuk). Round 8.
        tokens = tuple(_CH.sub("h", t) for t in written)
        if tokens != written:
            readings += _inflections(tokens)
    if "x" in name.lower():  # the Uzbek and Azerbaijani x (Х) without their other letters
        tokens = tuple(t.replace("ks", "h") for t in written)
        if tokens != written:
            readings += _inflections(tokens)
    if _latvian(name, words=1):
        readings += _inflections(_normalised(name, latvian=True))
    if any(c in "ўЎŭŬ" for c in name):
        # Belarusian ў (Łacinka ŭ) is the Russian В inside a word as at its end (Kraŭcoŭ =
        # Кравцов, Леўчанка = Левченко: Беларуская граматыка 1985, the correspondences of
        # Belarusian and Russian consonants); written u it stays u, which stored
        # romanisations share (Leuchanka, Tsikhanouskaya).
        readings += _inflections(_normalised(name.translate(_NON_SYLLABIC_U), slavic_j=True))
    if any(c in translit.ROMANIAN_MARKERS for c in name):  # Guțul written Gutul
        readings += _inflections(_normalised(anyascii(name)))
    for nickname in _nicknamed(name):
        readings += _inflections(_normalised(nickname))
    readings += _lithuanian_cases(name)
    if _ARMENIAN_SCRIPT.search(name):
        readings += _armenian_cases(name)
    if _GEORGIAN_SCRIPT.search(name):
        readings += _georgian_cases(name)
    return tuple(dict.fromkeys(readings))


def _nicknamed(name: str) -> list[str]:
    """A name with a nickname in quotes or brackets (translit.NICKNAME_QUOTES) read without
    it (Zurab "Girchi" Japaridze = Zurab Japaridze) and as the name it stands for (Giorgi
    (Giga) Bokeria = Giga Bokeria). A reading left with one word is none: it would find every
    bearer of that word. So the Orthodox style, the secular surname in brackets after the name
    in religion (Onufriy (Berezovsky)), is read only as written, brackets as punctuation."""
    for opening, closing in translit.NICKNAME_QUOTES:
        start = name.find(opening)
        end = name.find(closing, start + 1)
        if start < 0 or end < 0 or not name[start + 1 : end].strip():
            continue
        before, nickname, after = name[:start].split(), name[start + 1 : end], name[end + 1 :]
        readings = [[*before, *after.split()], [*before[:-1], *nickname.split(), *after.split()]]
        return [" ".join(words) for words in readings if len(words) >= 2]
    return []


_CH = re.compile(r"(?<!s)ch")
_NON_SYLLABIC_U = str.maketrans({"ў": "в", "Ў": "В", "ŭ": "v", "Ŭ": "V"})
# A c that no English, French or German spelling writes alone: Ц in Polish, Czech and
# Łacinka, Дж in Turkish and Crimean Tatar written without their other letters (Cemilev).
_LONE_C = re.compile(r"c(?!h)")
# The English c before a back vowel is К (Nicol, Nicolae).
_ENGLISH_C = re.compile(r"c(?=[aou])")


def _word_readings(words: list[list[str]], slavic_j: bool = False) -> list[Reading]:
    """A reading whose i-th word may be any of ``words[i]`` (raw forms, each read alone;
    ``slavic_j``: with the j of the name's Slavic or Baltic letters, Й)."""
    options: list[tuple[str, ...]] = []
    for forms in words:
        tokens = [_normalised(f, slavic_j=slavic_j) for f in forms]
        if any(len(t) != 1 for t in tokens):
            return []
        options.append(tuple(dict.fromkeys(_given(t[0]) for t in tokens)))
    return [tuple(options)]


def _armenian_cases(name: str) -> list[Reading]:
    words = name.split()
    alternatives = []
    for word in words:
        forms = [word]
        forms += [
            word[: -len(ending)]
            for ending in translit.ARMENIAN_ENDINGS
            if word.endswith(ending) and len(word) - len(ending) >= 2
        ]
        alternatives.append(forms)
    return _word_readings(alternatives)


def _lithuanian_cases(name: str) -> list[Reading]:
    """A Latin name whose words carry Lithuanian case endings read back (translit.
    LITHUANIAN_CASES: Remigijui Žemaitaičiui = Remigijus Žemaitaitis, Edgarui Savisaarui =
    Edgar Savisaar); each word keeps its written form as an option."""
    words = name.lower().replace(".", ". ").split()
    if len(words) < 2 or _CYRILLIC.search(name):
        return []
    alternatives: list[list[str]] = []
    only_o = True
    for word in words:
        if len(word) <= 2 and word.endswith("."):
            alternatives.append([word])
            continue
        ending = next((e for e, _ in translit.LITHUANIAN_CASES if word.endswith(e)), None)
        stem = word[: -len(ending)] if ending else ""
        if ending is None or len(stem) < 3:
            return []
        only_o = only_o and ending == "o"
        if ending.startswith("i"):
            for soft, hard in translit.LITHUANIAN_SOFTENED:
                if stem.endswith(soft):
                    stem = stem[: -len(soft)] + hard
        nominatives = dict(translit.LITHUANIAN_CASES)[ending]
        alternatives.append([word, *(stem + n for n in nominatives)])
    # Lithuanian j is Й, the stored name's too (_lithuanian); the forms as written keep
    # the English reading of a j beside it.
    return [] if only_o else _word_readings(alternatives, True) + _word_readings(alternatives)


def _georgian_cases(name: str) -> list[Reading]:
    words = name.split()
    if not words:
        return []
    last = words[-1]
    forms = [last] + [
        last[: -len(ending)] + nominative
        for ending, nominative in translit.GEORGIAN_ENDINGS
        if last.endswith(ending) and len(last) - len(ending) >= 2
    ]
    return _word_readings([[w] for w in words[:-1]] + [forms])


def _given(token: str) -> str:
    return _GIVEN_NAMES.get(token, token)


_CaseEndings = dict[str, tuple[tuple[str, str, str], ...]]


def _by_last_letter(endings: tuple[tuple[str, str, str], ...]) -> _CaseEndings:
    """One case's endings grouped by their last letter, each group in the table's order: a
    token is only tried against the endings it can end with (the same forms, in the same
    order, as trying every ending; fewer comparisons)."""
    grouped: dict[str, list[tuple[str, str, str]]] = {}
    for entry in endings:
        grouped.setdefault(entry[0][-1], []).append(entry)
    return {last: tuple(group) for last, group in grouped.items()}


_CASES_BY_LAST_LETTER = tuple(_by_last_letter(endings) for endings in translit.CASES.values())


def _case_reading(tokens: tuple[str, ...], endings: _CaseEndings, man: bool) -> Reading | None:
    """``tokens`` read in one case (translit.CASES), or None. ``man``: the name may decline as
    a man's (masculine endings allowed, and then a consonant or -a word must decline)."""
    options: list[tuple[str, ...]] = []
    changed = False
    for token in tokens:
        forms = []
        for ending, nominative, declension in endings.get(token[-1:], ()):
            if (man or declension == "a") and token.endswith(ending):
                stem = token[: -len(ending)]
                form = _DOUBLED.sub(r"\1", stem + nominative)
                if len(stem) >= (2 if declension == "a" else 3) and (
                    declension != "mo" or form in _GIVEN_NAMES
                ):
                    forms.append(form)
        changed = changed or bool(forms)
        undeclined = (
            len(token) == 1
            or token[-1] in "ieou"
            or not man
            or _MASC_SURNAME_END.search(token) is not None  # Бокаевым, already read so
        )
        if undeclined:
            forms.append(token)
        if not forms:
            return None
        options.append(tuple(dict.fromkeys(_given(f) for f in forms)))
    return tuple(options) if changed else None


def _inflections(tokens: tuple[str, ...], man_allowed: bool = True) -> list[Reading]:
    """``tokens`` and their readings in the nominative (see :func:`_readings`)."""
    readings = [_single(tokens)]
    if len(tokens) >= 2:
        for endings in _CASES_BY_LAST_LETTER:
            for man in (True, False) if man_allowed else (False,):
                reading = _case_reading(tokens, endings, man)
                if reading is not None:
                    readings.append(reading)
        if all(t.endswith(translit.LITHUANIAN_ENDINGS) for t in tokens):
            readings.append(tuple((_given(t[:-2]),) for t in tokens))
        elif all(t.endswith(translit.LITHUANIAN_NOMINATIVES) and len(t) >= 5 for t in tokens):
            readings.append(tuple((_given(_phonetic(t[:-2])),) for t in tokens))
    if len(tokens) >= 2 and tokens[-1].endswith(translit.TAJIK_OBJECT) and len(tokens[-1]) >= 6:
        izofat = translit.TAJIK_IZOFAT
        readings.append(
            (
                *((t, t[: -len(izofat)]) if t.endswith(izofat) else (t,) for t in tokens[:-1]),
                (tokens[-1][: -len(translit.TAJIK_OBJECT)],),
            )
        )
    if tokens and len(tokens[-1]) >= 6:
        last = tokens[-1]
        for ending in _TURKIC_ENDINGS:
            if last.endswith(ending) and len(last) - len(ending) >= 4:
                readings.append(_single((*tokens[:-1], last[: -len(ending)])))
    if len(tokens) == 1:
        for ending in _LONE_OBLIQUE:
            stem = tokens[0][: -len(ending)]
            if not tokens[0].endswith(ending) or len(stem) < 4:
                continue
            if ending == "u" and _MASC_SURNAME_END.search(stem):
                readings.append(((stem,),))  # dative masculine (or accusative of the feminine)
            elif _CONSONANT_END.search(stem) and not _MASC_SURNAME_END.search(stem):
                readings.append(((stem,),))
    return readings


def name_similarity(query: str, candidate: str) -> float:
    """Return how well ``query`` matches one stored name or alias, from 0 to 100.

    Every query token must pair with a different candidate token, in any order, so
    "Sizintsev Sergey" matches "Sergey Sizintsev" and a lone surname matches a full name, but
    "Aiman Omarova" does not match the bare alias "Omarova". The result is the weakest pair's
    score: normalised Levenshtein similarity of the phonetic tokens (and of their consonants).
    An initial ("S.") or a shortened given name ("Bota") pairs with a token it begins, provided
    another pair is a full-token match. The masculine and feminine forms of a Russian surname
    (Omarov/Omarova) never pair: they name different people.
    """
    c_tokens = normalise_tokens(candidate)
    return max(_similarity(r, c_tokens, abbrev) for r, abbrev in _scored_readings(query))


def _scored_readings(query: str) -> list[tuple[Reading, int]]:
    """The query's readings, each with the shortened names it may pair (:func:`_token_score`).

    A name read back from a case ending is not taken as a shortened name: "Khadija" read as
    a genitive is "Khadij", which must not pass for a shortened "Khadija". It may be the
    full form of a shortened stored one (Владимира = Vladimir, stored "Vlad")."""
    written, *inflected = _readings(query)
    return [(written, _ABBREV_ANY)] + [(reading, _ABBREV_CANDIDATE) for reading in inflected]


def names_match(query: str, candidate: str) -> bool:
    """True when ``--person query`` finds ``candidate``: exactly ``name_similarity(query,
    candidate) >= MATCH_THRESHOLD``, with each reading given up at its first query word that
    must pair and pairs with no candidate token well enough (most pairs end there)."""
    c_tokens = normalise_tokens(candidate)
    return any(_reaches_threshold(r, c_tokens, abbrev) for r, abbrev in _scored_readings(query))


def _reaches_threshold(q_tokens: Reading, c_tokens: tuple[str, ...], abbreviations: int) -> bool:
    """``_similarity(q_tokens, c_tokens, abbreviations) >= MATCH_THRESHOLD``. A query word that
    may not stay unpaired (:func:`_optional`) and scores below the threshold with every candidate
    token caps every pairing's weakest pair below it, so the pairing search is skipped."""
    q_tokens, c_tokens = q_tokens[:_MAX_TOKENS], c_tokens[:_MAX_TOKENS]
    slips = _slips_allowed(c_tokens, abbreviations)
    for i, options in enumerate(q_tokens):
        if not _optional(options, i, q_tokens) and all(
            _pair(options, c, abbreviations, slips)[0] < MATCH_THRESHOLD for c in c_tokens
        ):
            return False
    return _similarity(q_tokens, c_tokens, abbreviations) >= MATCH_THRESHOLD


def similar_but_different(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` match (either way round) but ``people`` does not merge them
    (their :func:`merge_key` differs).

    ``validate`` warns on such pairs in different people entries: probably one person spelled
    two ways, which ``people`` does not merge on its own. A surname against a full name
    ("Sizentsev", "Sergey Sizintsev") counts: a ``--person`` search for one finds the other.
    """
    if merge_key(a) == merge_key(b):
        return False
    return names_match(a, b) or names_match(b, a)


def search_keys(name: str) -> list[str]:
    """Return the strings a full-text index stores for ``name`` to pre-select candidates.

    For each token of two letters or more: the normalised token, the first three letters of its
    compared form and its consonant skeleton (keys shorter than two letters are left out). All
    keys are lower-case ASCII letters and digits, safe for an FTS5 ``unicode61`` column.

    Use: store the keys of every name and alias in a dedicated index column; for a query, select
    the rows matching ANY of ``search_keys(query)`` (an OR query), then confirm each selected
    name with :func:`names_match`. Keys over-select on purpose and never decide a match; a pair
    that :func:`names_match` accepts shares at least one key whenever its best-matching tokens
    have skeletons of fewer than seven consonants or agree on their first three letters.
    """
    keys: list[str] = []
    tokens = (t for reading in _readings(name) for word in reading for t in word)
    for token in dict.fromkeys(tokens):
        if len(token) < 2:
            continue
        compared = _compared(token)
        for key in (token, compared[:3], _skeleton(compared)):
            if len(key) >= 2 and key not in keys:
                keys.append(key)
    return keys
