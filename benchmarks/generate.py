"""Generate a realistic synthetic incidentctl data set of N records, deterministically.

Usage::

    python benchmarks/generate.py OUT --count 100000 [--seed 6] [--git] [--verify-every K]
                                      [--style canonical|handwritten]

Every record is built as plain data, validated by incidentctl's own model, and written in the
canonical form. The text comes from a small emitter of the canonical layout (SPEC §2) that is
about a hundred times faster than the round-trip writer; ``--verify-every K`` renders every K-th
record through ``incidentctl.ops.edit.render`` and stops on the first byte that differs
(``K=1``, the default below 2,000 records, checks them all).

The same seed and count always give the same files, byte for byte, whatever the number of
worker processes: each record draws from its own random generator seeded by (seed, index), and
ids are made unique in index order before any file is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import multiprocessing
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from incidentctl.record import vocab

GENERATOR_VERSION = 3
"""Bump when the output changes, so cached benchmark data sets are regenerated."""

FIRST_YEAR = 2000
LAST_DAY = dt.date(2025, 6, 30)
"""No date is later than this, so the data set never depends on the day it is generated."""

# -- vocabularies: the terms are incidentctl's (core/vocab.py), the weights are the generator's ----
# Weights are given in vocabulary order; zip(strict=True) fails loudly when a term is added or
# removed, which changes the data: then update the weights and bump GENERATOR_VERSION.

TYPES_BY_WEIGHT: list[tuple[str, int]] = list(
    zip(
        vocab.INCIDENT_TYPES,
        (14, 12, 7, 8, 8, 9, 10, 4, 1, 1, 1, 2, 3, 5, 4, 2, 4, 2, 7, 3, 3, 1, 1),
        strict=True,
    )
)
ROLES_BY_WEIGHT: list[tuple[str, int]] = list(
    zip(vocab.PERSON_ROLES, (60, 20, 6, 5, 1, 1, 2, 2, 3, 2, 0), strict=True)
)
"""``other`` has weight 0: a generated person always has a named role."""
RESPONSE_KINDS = list(vocab.RESPONSE_KINDS)
STATUSES_BY_WEIGHT: list[tuple[str, int]] = list(zip(vocab.STATUSES, (4, 4, 2), strict=True))
RESPONDERS = [
    ("Lawyers for Lawyers", "https://lawyersforlawyers.org/en/"),
    ("International Commission of Jurists", "https://www.icj.org/"),
    ("IBAHRI", "https://www.ibanet.org/"),
    ("Front Line Defenders", "https://www.frontlinedefenders.org/en/case/"),
    ("Amnesty International", "https://www.amnesty.org/en/documents/"),
    ("Human Rights Watch", "https://www.hrw.org/news/"),
    ("OMCT", "https://www.omct.org/en/resources/urgent-interventions/"),
    (
        "UN Special Rapporteur on the independence of judges and lawyers",
        "https://www.ohchr.org/en/",
    ),
    ("Council of Bars and Law Societies of Europe", "https://www.ccbe.eu/"),
    ("Observatoire International des Avocats", "https://protect-lawyers.org/"),
    ("Kazakhstan International Bureau for Human Rights", "https://bureau.kz/"),
]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    weight: int
    cities: tuple[str, ...]
    cyrillic: bool
    """Whether its people's names also have a Cyrillic spelling."""
    languages: tuple[str, ...]
    bar: str
    perpetrators: tuple[str, ...]


COUNTRIES: tuple[Country, ...] = (
    Country(
        "KZ",
        "Kazakhstan",
        40,
        (
            "Almaty",
            "Astana",
            "Shymkent",
            "Karaganda",
            "Aktobe",
            "Petropavlovsk",
            "Pavlodar",
            "Oral",
            "Zhanaozen",
            "Taraz",
            "Semey",
            "Atyrau",
        ),
        True,
        ("ru", "kk", "en"),
        "Almaty City Bar Association",
        (
            "Ministry of Justice of Kazakhstan",
            "National Security Committee (KNB)",
            "Prosecutor General's Office",
            "Almaty police department",
            "Republican Bar Association",
            "Financial Monitoring Agency",
        ),
    ),
    Country(
        "KG",
        "Kyrgyzstan",
        9,
        ("Bishkek", "Osh", "Jalal-Abad", "Karakol", "Naryn"),
        True,
        ("ru", "ky", "en"),
        "Bar Association of the Kyrgyz Republic",
        (
            "State Committee for National Security (GKNB)",
            "Ministry of Internal Affairs of Kyrgyzstan",
            "Pervomaisky district court",
            "Prosecutor's Office of Bishkek",
        ),
    ),
    Country(
        "UZ",
        "Uzbekistan",
        8,
        ("Tashkent", "Samarkand", "Nukus", "Andijan", "Bukhara", "Fergana"),
        True,
        ("uz", "ru", "en"),
        "Chamber of Advocates of Uzbekistan",
        (
            "State Security Service (SGB)",
            "Ministry of Justice of Uzbekistan",
            "Nukus city court",
            "Tashkent regional police",
        ),
    ),
    Country(
        "TJ",
        "Tajikistan",
        7,
        ("Dushanbe", "Khujand", "Khorog", "Kulob", "Bokhtar"),
        True,
        ("tg", "ru", "en"),
        "Union of Advocates of Tajikistan",
        (
            "State Committee for National Security of Tajikistan",
            "Supreme Court of Tajikistan",
            "Ministry of Internal Affairs of Tajikistan",
        ),
    ),
    Country(
        "RU",
        "Russia",
        9,
        (
            "Moscow",
            "Saint Petersburg",
            "Kazan",
            "Grozny",
            "Yekaterinburg",
            "Novosibirsk",
            "Makhachkala",
            "Krasnodar",
        ),
        True,
        ("ru", "en"),
        "Moscow Chamber of Advocates",
        (
            "Investigative Committee of Russia",
            "Federal Security Service (FSB)",
            "Ministry of Justice of Russia",
            "Centre E (anti-extremism police)",
            "Moscow City Court",
        ),
    ),
    Country(
        "BY",
        "Belarus",
        7,
        ("Minsk", "Gomel", "Brest", "Grodno", "Vitebsk", "Mogilev"),
        True,
        ("ru", "be", "en"),
        "Minsk City Bar Association",
        (
            "KGB of Belarus",
            "Ministry of Justice of Belarus",
            "Main Directorate for Combating Organised Crime (GUBOPiK)",
            "Minsk City Court",
        ),
    ),
    Country(
        "AZ",
        "Azerbaijan",
        6,
        ("Baku", "Ganja", "Sumgait", "Lankaran"),
        True,
        ("az", "ru", "en"),
        "Azerbaijan Bar Association",
        (
            "Prosecutor General's Office of Azerbaijan",
            "State Security Service of Azerbaijan",
            "Baku Grave Crimes Court",
            "Azerbaijan Bar Association Presidium",
        ),
    ),
    Country(
        "TR",
        "Turkey",
        6,
        ("Istanbul", "Ankara", "Izmir", "Diyarbakır", "Gaziantep", "Van"),
        False,
        ("tr", "en"),
        "Istanbul Bar Association",
        (
            "Istanbul Chief Public Prosecutor's Office",
            "Turkish National Police",
            "Istanbul 37th High Criminal Court",
            "Ministry of Interior of Turkey",
        ),
    ),
    Country(
        "BE",
        "Belgium",
        2,
        ("Brussels", "Antwerp", "Liège", "Ghent"),
        False,
        ("fr", "nl", "en"),
        "Brussels Bar",
        ("BTA Bank", "Brussels public prosecutor", "private investigators"),
    ),
    Country(
        "FR",
        "France",
        2,
        ("Paris", "Lyon", "Marseille", "Nice", "Strasbourg"),
        False,
        ("fr", "en"),
        "Paris Bar",
        ("private intelligence firm", "Kazakh state-linked bank", "Interpol red notice request"),
    ),
    Country(
        "TM",
        "Turkmenistan",
        2,
        ("Ashgabat", "Turkmenabat", "Dashoguz", "Mary"),
        True,
        ("ru", "tk", "en"),
        "Collegium of Lawyers of Turkmenistan",
        ("Ministry of National Security of Turkmenistan", "Ashgabat city court"),
    ),
    Country(
        "GE",
        "Georgia",
        1,
        ("Tbilisi", "Batumi", "Kutaisi"),
        False,
        ("ka", "en"),
        "Georgian Bar Association",
        ("State Security Service of Georgia", "Tbilisi City Court"),
    ),
    Country(
        "UA",
        "Ukraine",
        1,
        ("Kyiv", "Kharkiv", "Odesa", "Simferopol"),
        True,
        ("uk", "ru", "en"),
        "Kyiv Bar Council",
        ("occupation authorities in Crimea", "Federal Security Service (FSB)"),
    ),
)
_COUNTRY = {c.code: c for c in COUNTRIES}

# Names: (Latin, Cyrillic). Surname stems take gendered endings where the language has them.
FIRST_NAMES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    # region: (male, female)
    "central-asia": (
        [
            ("Nurlan", "Нурлан"),
            ("Yerlan", "Ерлан"),
            ("Serik", "Серик"),
            ("Askar", "Аскар"),
            ("Daniyar", "Данияр"),
            ("Marat", "Марат"),
            ("Timur", "Тимур"),
            ("Bakhytzhan", "Бахытжан"),
            ("Yerzhan", "Ержан"),
            ("Azamat", "Азамат"),
            ("Ruslan", "Руслан"),
            ("Zhanbolat", "Жанболат"),
            ("Galym", "Галым"),
            ("Dilshod", "Дильшод"),
            ("Rustam", "Рустам"),
            ("Shukhrat", "Шухрат"),
            ("Farrukh", "Фаррух"),
            ("Jamshed", "Джамшед"),
            ("Buzurgmehr", "Бузургмехр"),
            ("Bakyt", "Бакыт"),
            ("Kubanychbek", "Кубанычбек"),
            ("Azimjon", "Азимжан"),
            ("Sergey", "Сергей"),
            ("Vadim", "Вадим"),
        ],
        [
            ("Aigerim", "Айгерим"),
            ("Aliya", "Алия"),
            ("Zhanar", "Жанар"),
            ("Gulnara", "Гульнара"),
            ("Dinara", "Динара"),
            ("Saule", "Сауле"),
            ("Madina", "Мадина"),
            ("Asel", "Асель"),
            ("Botagoz", "Ботагоз"),
            ("Aizhan", "Айжан"),
            ("Nodira", "Нодира"),
            ("Gulnora", "Гульнора"),
            ("Mukhabbat", "Мухаббат"),
            ("Zarina", "Зарина"),
            ("Cholpon", "Чолпон"),
            ("Aida", "Аида"),
            ("Yelena", "Елена"),
            ("Roza", "Роза"),
        ],
    ),
    "slavic": (
        [
            ("Aleksandr", "Александр"),
            ("Sergei", "Сергей"),
            ("Dmitry", "Дмитрий"),
            ("Ivan", "Иван"),
            ("Pavel", "Павел"),
            ("Nikolai", "Николай"),
            ("Andrei", "Андрей"),
            ("Mikhail", "Михаил"),
            ("Maksim", "Максим"),
            ("Vladimir", "Владимир"),
            ("Oleg", "Олег"),
            ("Yuri", "Юрий"),
            ("Artem", "Артём"),
            ("Igor", "Игорь"),
        ],
        [
            ("Maria", "Мария"),
            ("Anna", "Анна"),
            ("Yulia", "Юлия"),
            ("Olga", "Ольга"),
            ("Natalia", "Наталья"),
            ("Irina", "Ирина"),
            ("Svetlana", "Светлана"),
            ("Tatiana", "Татьяна"),
            ("Liudmila", "Людмила"),
            ("Ekaterina", "Екатерина"),
            ("Valentina", "Валентина"),
            ("Daria", "Дарья"),
        ],
    ),
    "caucasus": (
        [
            ("Intigam", "Интигам"),
            ("Emin", "Эмин"),
            ("Rasul", "Расул"),
            ("Elchin", "Эльчин"),
            ("Anar", "Анар"),
            ("Ilgar", "Ильгар"),
            ("Giorgi", "Гиорги"),
            ("Levan", "Леван"),
        ],
        [
            ("Leyla", "Лейла"),
            ("Aynur", "Айнур"),
            ("Gunel", "Гюнель"),
            ("Sevinj", "Севиндж"),
            ("Nino", "Нино"),
            ("Tamar", "Тамар"),
        ],
    ),
}
SURNAMES: dict[str, list[tuple[str, str, str]]] = {
    # (Latin stem, Cyrillic stem, ending kind: "ov" gendered -ov/-ova, "ev" -ev/-eva, "in" -in/-ina, "" invariable)
    "central-asia": [
        ("Nurlan", "Нурлан", "ov"),
        ("Sizints", "Сизинц", "ev"),
        ("Omar", "Омар", "ov"),
        ("Zhaksylyk", "Жаксылык", "ov"),
        ("Abdrakhman", "Абдрахман", "ov"),
        ("Tokhtar", "Тохтар", "ov"),
        ("Bekmukhamed", "Бекмухамед", "ov"),
        ("Seitkazy", "Сейтказы", "ev"),
        ("Karim", "Карим", "ov"),
        ("Usmon", "Усмон", "ov"),
        ("Yuldash", "Юлдаш", "ev"),
        ("Rakhim", "Рахим", "ov"),
        ("Kudrat", "Кудрат", "ov"),
        ("Yor", "Ёр", "ov"),
        ("Nazar", "Назар", "ov"),
        ("Akhmet", "Ахмет", "ov"),
        ("Dzhumabay", "Джумабай", "ev"),
        ("Mamyt", "Мамыт", "ov"),
        ("Toktogul", "Токтогул", "ov"),
        ("Sadyk", "Садык", "ov"),
        ("Ismail", "Исмаил", "ov"),
        ("Khodzhaev", "Ходжаев", ""),
        ("Tulegen", "Тулеген", "ov"),
        ("Baimakhan", "Баймахан", "ov"),
        ("Zhumagul", "Жумагул", "ov"),
        ("Ablyaz", "Абляз", "ov"),
        ("Kasym", "Касым", "ov"),
        ("Ermek", "Ермек", "ov"),
        ("Saparbay", "Сапарбай", "ev"),
        ("Utebay", "Утебай", "ev"),
        ("Shakir", "Шакир", "ov"),
        ("Iskander", "Искандер", "ov"),
    ],
    "slavic": [
        ("Ivan", "Иван", "ov"),
        ("Petr", "Петр", "ov"),
        ("Sokol", "Сокол", "ov"),
        ("Kuznets", "Кузнец", "ov"),
        ("Volk", "Волк", "ov"),
        ("Smirn", "Смирн", "ov"),
        ("Bialiatski", "Беляцкий", ""),
        ("Znak", "Знак", ""),
        ("Levchenko", "Левченко", ""),
        ("Kolesnikov", "Колесников", ""),
        ("Nikitin", "Никитин", ""),
        ("Pavl", "Павл", "ov"),
        ("Orl", "Орл", "ov"),
        ("Golub", "Голуб", "ev"),
        ("Tsvetk", "Цветк", "ov"),
        ("Zhuk", "Жук", "ov"),
        ("Bondarenko", "Бондаренко", ""),
        ("Koval", "Коваль", ""),
        ("Lebed", "Лебед", "ev"),
        ("Baran", "Баран", "ov"),
        ("Gorbach", "Горбач", "ev"),
        ("Melnik", "Мельник", ""),
        ("Fedor", "Федор", "ov"),
        ("Polyak", "Поляк", "ov"),
    ],
    "caucasus": [
        ("Aliy", "Али", "ev"),
        ("Jafar", "Джафар", "ov"),
        ("Yunus", "Юнус", ""),
        ("Aslan", "Аслан", "ov"),
        ("Mammad", "Мамед", "ov"),
        ("Hasan", "Гасан", "ov"),
        ("Beridze", "Беридзе", ""),
        ("Kapanadze", "Капанадзе", ""),
        ("Huseyn", "Гусейн", "ov"),
        ("Guliy", "Гули", "ev"),
    ],
}
# Central Asian surnames are often built from a name and a suffix (Nur + bek -> Nurbekov).
_HEADS = [
    ("Nur", "Нур"),
    ("Ab", "Аб"),
    ("Ai", "Ай"),
    ("Al", "Ал"),
    ("As", "Ас"),
    ("Bai", "Бай"),
    ("Dau", "Дау"),
    ("Yer", "Ер"),
    ("Kai", "Кай"),
    ("Kur", "Кур"),
    ("Mukh", "Мух"),
    ("Sar", "Сар"),
    ("Sei", "Сей"),
    ("Tai", "Тай"),
    ("Tur", "Тур"),
    ("Zhan", "Жан"),
    ("Zhum", "Жум"),
    ("Kan", "Кан"),
    ("Mur", "Мур"),
    ("Orda", "Орда"),
    ("Ras", "Рас"),
    ("Tol", "Тол"),
]
_TAILS = [
    ("bek", "бек", "ov"),
    ("bay", "ба", "ev"),
    ("gali", "гали", "ev"),
    ("khan", "хан", "ov"),
    ("tay", "та", "ev"),
    ("zhan", "жан", "ov"),
    ("sen", "сен", "ov"),
    ("gul", "гул", "ov"),
    ("bol", "бол", "ov"),
    ("mukhan", "мухан", "ov"),
    ("tas", "тас", "ov"),
    ("bergen", "берген", "ov"),
]
SURNAMES["central-asia"] += [(h + t, hc + tc, kind) for h, hc in _HEADS for t, tc, kind in _TAILS]
SURNAMES["slavic"] += [
    ("Alekse", "Алексе", "ev"),
    ("Bel", "Бел", "ov"),
    ("Bogdan", "Богдан", "ov"),
    ("Vasil", "Васил", "ev"),
    ("Grigor", "Григор", "ev"),
    ("Danil", "Данил", "ov"),
    ("Egor", "Егор", "ov"),
    ("Zaits", "Зайц", "ev"),
    ("Karp", "Карп", "ov"),
    ("Kiril", "Кирил", "ov"),
    ("Kozl", "Козл", "ov"),
    ("Kryl", "Крыл", "ov"),
    ("Makar", "Макар", "ov"),
    ("Mikhail", "Михайл", "ov"),
    ("Moroz", "Мороз", "ov"),
    ("Nikola", "Никола", "ev"),
    ("Osip", "Осип", "ov"),
    ("Pop", "Поп", "ov"),
    ("Roman", "Роман", "ov"),
    ("Semen", "Семён", "ov"),
    ("Sidor", "Сидор", "ov"),
    ("Taras", "Тарас", "ov"),
    ("Tit", "Тит", "ov"),
    ("Frol", "Фрол", "ov"),
    ("Khokhl", "Хохл", "ov"),
    ("Chern", "Черн", "ov"),
    ("Sharap", "Шарап", "ov"),
    ("Yakovl", "Яковл", "ev"),
]

LATIN_NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "TR": (
        [
            "Selçuk",
            "Mehmet",
            "Aytaç",
            "Barkın",
            "Ramazan",
            "Emre",
            "Özgür",
            "Hüseyin",
            "Tahir",
            "Murat",
            "Serdar",
            "Ahmet",
        ],
        ["Ebru", "Ayşe", "Zeynep", "Gülizar", "Naime", "Şenay", "Elif", "Meral", "Özlem", "Dilek"],
        [
            "Kozağaçlı",
            "Timtik",
            "Ünsal",
            "Yılmaz",
            "Demir",
            "Kaya",
            "Çelik",
            "Şahin",
            "Aydın",
            "Öztürk",
            "Elçi",
            "Doğan",
            "Arslan",
            "Koç",
        ],
    ),
    "FR": (
        ["Jean-Pierre", "François", "Olivier", "Thierry", "Luc", "Mathieu", "Antoine", "Benoît"],
        ["Marie", "Élodie", "Sophie", "Hélène", "Camille", "Anne-Laure", "Cécile", "Margaux"],
        [
            "Dubois",
            "Lefèvre",
            "Martin",
            "Lambert",
            "Moreau",
            "Girard",
            "Fournier",
            "Mercier",
            "Dupont",
            "Janssens",
            "Peeters",
            "Claes",
        ],
    ),
}
LATIN_NAMES["BE"] = LATIN_NAMES["FR"]
REGION = {
    "KZ": "central-asia",
    "KG": "central-asia",
    "UZ": "central-asia",
    "TJ": "central-asia",
    "TM": "central-asia",
    "RU": "slavic",
    "BY": "slavic",
    "UA": "slavic",
    "AZ": "caucasus",
    "GE": "caucasus",
}
GEORGIAN = {
    "Giorgi": "გიორგი",
    "Levan": "ლევან",
    "Nino": "ნინო",
    "Tamar": "თამარ",
    "Beridze": "ბერიძე",
    "Kapanadze": "კაპანაძე",
}
ASCII_FOLD = str.maketrans("çğıöşüÇĞİÖŞÜéèêëàâîïôûùÉÈ", "cgiosuCGIOSUeeeeaaiiouuEE")

PUBLISHERS: list[tuple[str, str, str]] = [
    # (publisher, domain, language)
    ("Lawyers for Lawyers", "lawyersforlawyers.org", "en"),
    ("International Commission of Jurists", "www.icj.org", "en"),
    ("Human Rights Watch", "www.hrw.org", "en"),
    ("Amnesty International", "www.amnesty.org", "en"),
    ("Front Line Defenders", "www.frontlinedefenders.org", "en"),
    ("Eurasianet", "eurasianet.org", "en"),
    ("The Diplomat", "thediplomat.com", "en"),
    ("OSCE", "www.osce.org", "en"),
    ("Radio Azattyq", "rus.azattyq.org", "ru"),
    ("Azattyq", "www.azattyq.org", "kk"),
    ("Vlast.kz", "vlast.kz", "ru"),
    ("Kazakhstan International Bureau for Human Rights", "bureau.kz", "ru"),
    ("Kloop", "kloop.kg", "ky"),
    ("Ozodlik", "www.ozodlik.org", "uz"),
    ("Asia-Plus", "asiaplustj.info", "ru"),
    ("Ozodi", "www.ozodi.org", "tg"),
    ("Meduza", "meduza.io", "ru"),
    ("Mediazona", "zona.media", "ru"),
    ("OVD-Info", "ovd.info", "ru"),
    ("Viasna", "spring96.org", "be"),
    ("Bianet", "bianet.org", "tr"),
    ("Turan", "turan.az", "az"),
    ("Le Soir", "www.lesoir.be", "fr"),
    ("Le Monde", "www.lemonde.fr", "fr"),
    ("Civil Georgia", "civil.ge", "ka"),
]
PRINT_SOURCES = [
    ("court judgment (copy held by the recording organisation)", "ru"),
    ("letter from the defence team", "en"),
    ("official gazette", "ru"),
    ("trial observation notes", "en"),
    ("statement of the bar association", "ru"),
]
TAGS = [
    "bar-reform",
    "protests",
    "covid-19",
    "extremism-charges",
    "fair-trial",
    "eu",
    "un",
    "interpol",
    "asylum",
    "january-2022",
    "zhanaozen",
    "religious-freedom",
    "land-rights",
    "elections",
    "defamation",
    "travel-ban",
    "pre-trial-detention",
    "health",
    "women-defenders",
    "refugee",
]
CHARGES = [
    "inciting social discord",
    "spreading false information",
    "participation in an extremist organisation",
    "fraud",
    "organising mass unrest",
    "disclosing investigation secrets",
    "contempt of court",
    "tax evasion",
    "calling for the seizure of power",
    "insulting a public official",
    "hooliganism",
    "high treason",
]
CLIENTS = [
    "opposition activists",
    "a detained journalist",
    "victims of torture",
    "striking oil workers",
    "members of a banned religious group",
    "protesters detained in January",
    "an independent trade union",
    "a human rights organisation",
    "a political prisoner",
    "relatives of the disappeared",
    "farmers evicted from their land",
    "a dismissed judge",
]

TITLE_TEMPLATES: dict[str, list[str]] = {
    "arrest-detention": [
        "{role_t} {name} detained in {city}",
        "{name} arrested after defending {client}",
        "Police detain {role} {name} at a court in {city}",
    ],
    "criminal-prosecution": [
        "Criminal case opened against {role} {name} for {charge}",
        "{name} charged with {charge}",
        "Prosecutors indict {role} {name} in {city}",
    ],
    "conviction-imprisonment": [
        "{name} sentenced to {years} years in prison for {charge}",
        "Court in {city} convicts {role} {name}",
        "{role_t} {name} jailed for {years} years",
    ],
    "disbarment": [
        "{role_t} {name} disbarred by the {bar}",
        "Licence of {role} {name} revoked after defending {client}",
        "{name}'s licence suspended for six months",
    ],
    "disciplinary-proceedings": [
        "Disciplinary proceedings against {role} {name} at the {bar}",
        "{bar} opens disciplinary case against {name}",
        "{role_t} {name} faces disciplinary complaint over public statements",
    ],
    "judicial-harassment": [
        "Defamation lawsuit against {role} {name} by {perp}",
        "{perp} files repeated complaints against {role} {name}",
        "Vexatious proceedings against {name} in {city}",
    ],
    "threats-intimidation": [
        "{role_t} {name} threatened after defending {client}",
        "Anonymous threats against {name} and family in {city}",
        "{name} summoned and warned by {perp}",
    ],
    "physical-attack": [
        "{role_t} {name} attacked near the court in {city}",
        "Unknown men assault {name} outside office in {city}",
        "{name} beaten after hearing in {city}",
    ],
    "killing": [
        "{role_t} {name} killed in {city}",
        "{name} found dead in {city}; colleagues demand investigation",
    ],
    "kidnapping": [
        "{role_t} {name} abducted by unknown men in {city}",
        "{name} seized outside home in {city} and held for two days",
    ],
    "enforced-disappearance": [
        "{role_t} {name} missing after summons by {perp}",
        "Whereabouts of {name} unknown since detention in {city}",
    ],
    "torture-ill-treatment": [
        "{role_t} {name} ill-treated in pre-trial detention",
        "{name} reports torture in custody in {city}",
    ],
    "surveillance": [
        "{role_t} {name} placed under surveillance by {perp}",
        "Spyware found on phone of {role} {name}",
    ],
    "raid-search": [
        "Police search office of {role} {name} in {city}",
        "Home of {name} raided by {perp}",
        "Case files seized from {role} {name}",
    ],
    "travel-restriction": [
        "{name} barred from leaving {country}",
        "{role_t} {name} stopped at the border and banned from travel",
    ],
    "dismissal": [
        "Judge {name} dismissed after ruling against the authorities",
        "{name} removed from the {bar} council",
    ],
    "smear-campaign": [
        "State media smear campaign against {role} {name}",
        "{name} targeted by online smear campaign",
    ],
    "reprisal-against-relatives": [
        "Relatives of {role} {name} questioned by {perp}",
        "Son of {name} detained in {city}",
    ],
    "obstruction-of-work": [
        "{role_t} {name} denied access to client in {city}",
        "Confidential meetings of {role} {name} with client recorded",
        "{name} barred from court hearing in {city}",
    ],
    "identification-with-clients": [
        "{role_t} {name} accused of sharing the views of {client}",
        "Officials equate {role} {name} with clients",
    ],
    "transnational-repression": [
        "{country} seeks extradition of {role} {name} from {abroad}",
        "{name} targeted abroad through Interpol notice",
        "Private investigators follow {role} {name} in {abroad}",
    ],
    "restrictive-legislation": [
        "New law on the legal profession adopted in {country}",
        "Parliament of {country} adopts amendments restricting advocates",
    ],
    "other": [
        "Concerns over the situation of {role} {name} in {city}",
        "{name} faces pressure in {city}",
    ],
}
SENTENCES = [
    "{name} is a {role} based in {city} who has represented {client} since {since_year}.",
    "On {date_text} {perp} {verb} {name}, according to {publisher}.",
    "The authorities accused {pronoun} of {charge}, a charge that {publisher} described as unfounded.",
    "Colleagues said the proceedings were a reprisal for {pos} work on behalf of {client}.",
    "The hearing in {city} was closed to the public and to observers from the {bar}.",
    "{pos_t} defence team filed an appeal, which the regional court rejected without examining the evidence.",
    "International organisations, including {org}, called on the authorities to end the harassment of lawyers.",
    "According to relatives, {name} was not allowed to meet {pos} lawyer for several days.",
    "The {bar} did not comment on the case, although several of its members signed a public letter of support.",
    "Observers noted that the case followed a pattern of pressure on lawyers who take politically sensitive cases in {country}.",
    "In an interview with {publisher}, {name} said that {pronoun_s} would continue to work despite the pressure.",
    "The prosecution relied on the testimony of two witnesses who later retracted their statements.",
    "The investigation was extended several times, and the case file was classified as secret.",
    "{pos_t} licence had been renewed only a year earlier, after a lengthy attestation procedure.",
    "The court ordered {name} to pay a fine of {fine} and banned {pronoun} from practising law for {years} years.",
    "Diplomats from several embassies attended the verdict in {city}.",
    "Local monitors counted at least {count} similar incidents involving lawyers in the region that year.",
    "Officers seized laptops, telephones and client files, in breach of lawyer-client confidentiality.",
    "The case was widely reported in {language_name}-language media and discussed in parliament.",
    "{name} had previously been warned by {perp} to stop giving interviews to foreign journalists.",
    "The extradition request relied on an Interpol notice that was later deleted by the organisation.",
    "After international attention, the charges were reclassified and the detention was replaced by house arrest.",
    "A complaint to the UN Human Rights Committee is pending.",
    "The incident took place days after {name} published an open letter about conditions in pre-trial detention.",
]
VERBS = [
    "detained",
    "summoned for questioning",
    "searched the office of",
    "opened a case against",
    "threatened",
    "filed a complaint against",
    "questioned",
]
LANGUAGE_NAMES = {
    "ru": "Russian",
    "kk": "Kazakh",
    "en": "English",
    "fr": "French",
    "ky": "Kyrgyz",
    "uz": "Uzbek",
    "tg": "Tajik",
    "tr": "Turkish",
    "az": "Azerbaijani",
    "be": "Belarusian",
    "nl": "Dutch",
    "tk": "Turkmen",
    "ka": "Georgian",
    "uk": "Ukrainian",
}
SOURCE_TITLES = {
    "ru": [
        "Адвокат {cyr} лишён лицензии",
        "Против адвоката {cyr} возбуждено уголовное дело",
        "Задержан правозащитник {cyr}",
        "Суд вынес приговор по делу {cyr}",
    ],
    "kk": ["Адвокат {cyr} лицензиясынан айырылды", "Құқық қорғаушы {cyr} ұсталды"],
    "fr": [
        "L'avocat{e} {name} poursuivi{e} au {country}",
        "Pression croissante sur les avocats : le cas de {name}",
    ],
    "tr": ["Avukat {name} gözaltına alındı", "{name} hakkında dava açıldı"],
    "en": [
        "{country}: lawyer {name} faces prosecution",
        "Urgent appeal: {name}",
        "{country}: end harassment of {name}",
    ],
}


# -- the record -----------------------------------------------------------------------------------


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


_COUNTRY_WEIGHTS = [c.weight for c in COUNTRIES]


def _year(rng: random.Random) -> int:
    """More incidents are recorded in recent years, as in real archives."""
    span = LAST_DAY.year - FIRST_YEAR + 1
    return FIRST_YEAR + min(span - 1, int(span * (rng.random() ** 0.7)))


def _partial(rng: random.Random, year: int, floor: dt.date | None = None) -> str:
    """A partial date in ``year`` of random precision (day 60 %, month 25 %, year 15 %)."""
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), LAST_DAY)
    if floor is not None and floor > start:
        start = floor
    day = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
    roll = rng.random()
    if roll < 0.6:
        return day.isoformat()
    if roll < 0.85:
        return day.isoformat()[:7]
    return day.isoformat()[:4]


def _first_day(partial: str) -> dt.date:
    parts = [int(p) for p in partial.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _last_day(partial: str) -> dt.date:
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


@dataclass
class Person:
    name: str
    aliases: list[str]
    latin: str
    cyrillic: str | None
    female: bool


def _gendered(stem: str, kind: str, female: bool, cyrillic: bool) -> str:
    if not kind:
        return stem
    ending = {
        "ov": ("ov", "ova", "ов", "ова"),
        "ev": ("ev", "eva", "ев", "ева"),
        "in": ("in", "ina", "ин", "ина"),
    }[kind]
    return stem + ending[(2 if cyrillic else 0) + female]


def _variant(latin: str) -> str:
    """Another Latin spelling that sources really use (French, German or older transliteration)."""
    out = latin
    for a, b in (
        ("zh", "j"),
        ("Zh", "J"),
        ("kh", "h"),
        ("Kh", "H"),
        ("y", "i"),
        ("ts", "tz"),
        ("u", "ou"),
        ("sh", "ch"),
    ):
        if a in out:
            out = out.replace(a, b, 1)
            break
    if out == latin:
        out = latin[:-1] + ("ff" if latin.endswith("v") else latin[-1] + "e")
    return out


def make_person(rng: random.Random, country: str) -> Person:
    female = rng.random() < 0.45
    if country in LATIN_NAMES:
        males, females, surnames = LATIN_NAMES[country]
        name = f"{rng.choice(females if female else males)} {rng.choice(surnames)}"
        folded = name.translate(ASCII_FOLD)
        aliases = [folded] if folded != name and rng.random() < 0.6 else []
        return Person(name, aliases, name, None, female)
    if country == "GE":
        first = rng.choice(["Nino", "Tamar"] if female else ["Giorgi", "Levan"])
        last = rng.choice(["Beridze", "Kapanadze"])
        return Person(
            f"{first} {last}",
            [f"{GEORGIAN[first]} {GEORGIAN[last]}"],
            f"{first} {last}",
            None,
            female,
        )
    region = REGION.get(country, "slavic")
    given_male, given_female = FIRST_NAMES[region]
    first_l, first_c = rng.choice(given_female if female else given_male)
    stem_l, stem_c, kind = rng.choice(SURNAMES[region])
    last_l = _gendered(stem_l, kind, female, False)
    last_c = _gendered(stem_c, kind, female, True) if kind else stem_c
    latin = f"{first_l} {last_l}"
    cyrillic = f"{first_c} {last_c}"
    aliases = []
    roll = rng.random()
    if roll < 0.2:
        name, aliases = cyrillic, [latin]  # recorded from a Russian-language source
    else:
        name = latin
        if roll < 0.85:
            aliases.append(cyrillic)
    if rng.random() < 0.35:
        variant = f"{first_l} {_variant(last_l)}"
        if variant not in (name, *aliases):
            aliases.append(variant)
    if rng.random() < 0.03:
        aliases.append(last_l)
    return Person(name, aliases, latin, cyrillic, female)


@dataclass(frozen=True)
class Skeleton:
    """What an id depends on, drawn first so ids can be made unique before anything is written."""

    date: str
    countries: tuple[str, ...]
    title: str
    types: tuple[str, ...]
    case: int | None
    person: Person


def _rng(seed: int, index: int, part: str) -> random.Random:
    return random.Random(f"{seed}/{index}/{part}")


def _case_of(seed: int, index: int) -> int | None:
    """About a quarter of the records belong to a case; cases gather records near each other."""
    rng = _rng(seed, index, "case")
    if rng.random() >= 0.25:
        return None
    return (index // 40) * 8 + rng.randrange(8)


def _case_story(seed: int, case: int) -> tuple[str, Person, int]:
    """A case's country, main person and first year (every record of the case shares them)."""
    rng = _rng(seed, case, "story")
    country = rng.choices([c.code for c in COUNTRIES], weights=_COUNTRY_WEIGHTS)[0]
    return country, make_person(rng, country), _year(rng)


def skeleton(seed: int, index: int) -> Skeleton:
    rng = _rng(seed, index, "skeleton")
    case = _case_of(seed, index)
    if case is not None:
        country, person, first_year = _case_story(seed, case)
        year = min(LAST_DAY.year, first_year + rng.randrange(4))
    else:
        country = rng.choices([c.code for c in COUNTRIES], weights=_COUNTRY_WEIGHTS)[0]
        person = make_person(rng, country)
        year = _year(rng)
    countries = [country]
    types = [_weighted(rng, TYPES_BY_WEIGHT)]
    while rng.random() < 0.35 and len(types) < 4:
        extra = _weighted(rng, TYPES_BY_WEIGHT)
        if extra not in types:
            types.append(extra)
    abroad = None
    if "transnational-repression" in types or rng.random() < 0.04:
        abroad = rng.choice([c for c in ("BE", "FR", "TR", "RU", "KZ", "UA", "GE") if c != country])
        countries.append(abroad)
    c = _COUNTRY[country]
    role = "lawyer" if rng.random() < 0.75 else "human rights defender"
    title = rng.choice(TITLE_TEMPLATES[types[0]]).format(
        name=person.latin,
        role=role,
        role_t=role[0].upper() + role[1:],
        city=rng.choice(c.cities),
        client=rng.choice(CLIENTS),
        charge=rng.choice(CHARGES),
        years=rng.randint(2, 12),
        bar=c.bar,
        perp=rng.choice(c.perpetrators),
        country=c.name,
        abroad=_COUNTRY[abroad].name if abroad else "Europe",
    )
    return Skeleton(_partial(rng, year), tuple(countries), title, tuple(types), case, person)


def unique_ids(skeletons: list[Skeleton]) -> list[str]:
    """Ids as ``add`` makes them (date, first country, title), a numeric suffix on a clash."""
    from incidentctl.record.ids import free_id, make_id

    taken: set[str] = set()
    out = []
    for sk in skeletons:
        candidate = free_id(make_id(sk.date, sk.countries[0], sk.title), taken)
        taken.add(candidate)
        out.append(candidate)
    return out


def record_data(
    seed: int, index: int, sk: Skeleton, record_id: str, related: list[str]
) -> dict[str, Any]:
    """The full plain data of record ``index`` (canonical key order)."""
    rng = _rng(seed, index, "body")
    country = _COUNTRY[sk.countries[0]]
    main = sk.person
    people = [main] if "restrictive-legislation" not in sk.types or rng.random() < 0.3 else []
    while people and rng.random() < 0.2 and len(people) < 4:
        people.append(make_person(rng, country.code))
    city = rng.choice(country.cities)
    perps = rng.sample(
        country.perpetrators, k=min(len(country.perpetrators), rng.choice((0, 1, 1, 1, 2, 2, 3)))
    )
    date_first = _first_day(sk.date)

    data: dict[str, Any] = {"id": record_id, "title": sk.title, "date": sk.date}
    if rng.random() < 0.15:
        end_year = min(LAST_DAY.year, date_first.year + rng.randrange(4))
        end = _partial(rng, end_year, floor=_last_day(sk.date) + dt.timedelta(days=1))
        if _first_day(end) <= LAST_DAY and _last_day(end) >= _first_day(sk.date) and end > sk.date:
            data["end_date"] = end
    if len(sk.date) < 10 and rng.random() < 0.4:
        data["date_note"] = rng.choice(
            [
                "Year inferred from the publication date of the earliest source.",
                "The sources give only the month; the day is not known.",
                "Date established from the court's docket; the hearing date was not published.",
            ]
        )
    data["countries"] = list(sk.countries)
    if rng.random() < 0.85:
        data["location"] = city
    data["types"] = list(sk.types)
    if people:
        data["people"] = []
        for n, p in enumerate(people):
            entry: dict[str, Any] = {"name": p.name}
            if p.aliases:
                entry["aliases"] = list(p.aliases)
            roles = (
                [_weighted(rng, ROLES_BY_WEIGHT)]
                if n
                else ["lawyer" if rng.random() < 0.7 else _weighted(rng, ROLES_BY_WEIGHT)]
            )
            if rng.random() < 0.2 and "human-rights-defender" not in roles:
                roles.append("human-rights-defender")
            entry["roles"] = roles
            if rng.random() < 0.05:
                entry["confidential"] = True
            data["people"].append(entry)
    if perps:
        data["perpetrators"] = perps
    status = _weighted(rng, STATUSES_BY_WEIGHT)
    data["status"] = status
    if status == "concluded" and rng.random() < 0.7:
        data["outcome"] = rng.choice(
            [
                "licence revoked; appeal announced",
                "case dismissed (non-lieu)",
                "sentenced to prison; appeal rejected",
                "released after international pressure",
                "fined and banned from practice",
                "charges dropped",
                "acquitted on appeal",
            ]
        )
    data["summary"] = _summary(rng, sk, main if people else None, country, city, perps)
    data["sources"] = _sources(rng, sk, main if people else None, country)
    responses = _responses(rng, sk)
    if responses:
        data["responses"] = responses
    if sk.case is not None:
        data["case"] = f"{_slug(main.latin)}-case-{sk.case}"
    if related:
        data["related"] = related
    if rng.random() < 0.4:
        data["tags"] = rng.sample(TAGS, k=rng.randint(1, 3))
    if rng.random() < 0.03:
        data["confidential"] = True
    recorded_from = max(date_first, dt.date(2010, 1, 1))
    data["recorded"] = (
        recorded_from + dt.timedelta(days=rng.randint(0, (LAST_DAY - recorded_from).days))
    ).isoformat()
    add_v2(_rng(seed, index, "v2"), index, data, people)
    return _in_order(data)


# -- schema v2 (SPEC §7), from a generator of its own so that the v1 fields stay as they were --

KZ_SUBDIVISIONS = {
    "Almaty": "KZ-75",
    "Astana": "KZ-71",
    "Shymkent": "KZ-79",
    "Karaganda": "KZ-35",
    "Aktobe": "KZ-15",
    "Petropavlovsk": "KZ-59",
    "Pavlodar": "KZ-55",
    "Oral": "KZ-27",
    "Zhanaozen": "KZ-47",
    "Taraz": "KZ-31",
    "Semey": "KZ-10",
    "Atyrau": "KZ-23",
}
"""Kazakh cities and their ISO 3166-2 codes: most records of the data set are Kazakh."""

CATEGORY_WORDS = (
    ("court", "judiciary"),
    ("prosecutor", "prosecution"),
    ("investigative committee", "prosecution"),
    ("security", "security-services"),
    ("police", "police"),
    ("internal affairs", "police"),
    ("centre e", "police"),
    ("bar association", "state-controlled-body"),
    ("ministry", "executive"),
    ("agency", "executive"),
)
"""How a generated perpetrator's name gives its category (first match); else ``unknown``."""

GROUPS = (
    ("protesters detained at a rally", ("activist",)),
    ("members of the independent trade union", ("trade-unionist",)),
    ("journalists covering the hearing", ("journalist", "media-worker")),
    ("defence lawyers of the accused", ("lawyer",)),
    ("relatives of the defendants", ("relative",)),
)
SOURCE_TYPES_BY_WEIGHT = (
    ("news", 55),
    ("ngo", 25),
    ("official", 6),
    ("court", 4),
    ("social-media", 6),
    ("intergovernmental", 2),
    ("other", 2),
)


def category_of(name: str) -> str:
    low = name.lower()
    return next((cat for word, cat in CATEGORY_WORDS if word in low), "unknown")


def add_v2(rng: random.Random, index: int, data: dict[str, Any], people: list[Person]) -> None:
    """The v2 fields in the proportions a monitor's data has: sex for most people, acts in a
    third of records with several types, categories for most perpetrators, verification for
    most records (verified only with two publishers), a few groups, external ids, withdrawals."""
    types = data["types"]
    kazakh_city = data.get("location") in KZ_SUBDIVISIONS and data["countries"][0] == "KZ"
    if kazakh_city and rng.random() < 0.7:
        data["subdivision"] = KZ_SUBDIVISIONS[data["location"]]
    names = list(data.get("perpetrators", []))
    if names and rng.random() < 0.7:
        data["perpetrators"] = [{"name": n, "category": category_of(n)} for n in names]
    for entry, person in zip(data.get("people", []), people, strict=True):
        if rng.random() < 0.75:
            entry["sex"] = "female" if person.female else "male"
        if rng.random() < 0.05:
            entry["age_group"] = "adult"
        if len(types) > 1 and rng.random() < 0.35:
            chosen = rng.sample(types, k=rng.randint(1, len(types)))
            entry["acts"] = [_act(rng, t, data["date"], names) for t in types if t in chosen]
    if rng.random() < 0.05:
        description, roles = rng.choice(GROUPS)
        group: dict[str, Any] = {
            "description": description,
            "size": rng.choice((2, 3, 4, 5, 6, 8, 12, 20, 35)),
            "roles": list(roles),
        }
        if rng.random() < 0.5:
            group["acts"] = [_act(rng, rng.choice(types), data["date"], names)]
        if rng.random() < 0.05:
            group["confidential"] = True
        data["groups"] = [group]
    publishers = {s.get("publisher") for s in data["sources"]}
    roll = rng.random()
    if roll < 0.45 and len(publishers) >= 2:
        data["verification"] = "verified"
    elif roll < 0.75:
        data["verification"] = "likely"
    elif roll < 0.85:
        data["verification"] = "unverified"
    for source in data["sources"]:
        if rng.random() < 0.6:
            source["type"] = _weighted(rng, list(SOURCE_TYPES_BY_WEIGHT))
    if rng.random() < 0.1:
        data["external_ids"] = [f"hrdmemorial:{index + 1}"]
    if rng.random() < 0.003:
        data["withdrawn"] = {"date": data["recorded"], "reason": "Entered in error."}


def _act(rng: random.Random, kind: str, date: str, perpetrators: list[str]) -> dict[str, Any]:
    act: dict[str, Any] = {"type": kind}
    if rng.random() < 0.5:
        act["date"] = date
    if perpetrators and rng.random() < 0.5:
        act["perpetrators"] = [rng.choice(perpetrators)]
    return act


def _in_order(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its keys, and those of every nested record, in the canonical order."""
    from incidentctl.record.model import FIELD_ORDER, SUBORDERS

    def order(value: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        out = {}
        for key in keys:
            if key not in value:
                continue
            item = value[key]
            if key in SUBORDERS and isinstance(item, list):
                item = [order(i, SUBORDERS[key]) if isinstance(i, dict) else i for i in item]
            elif key in SUBORDERS and isinstance(item, dict):
                item = order(item, SUBORDERS[key])
            out[key] = item
        return out

    return order(data, FIELD_ORDER)


def _slug(text: str) -> str:
    from incidentctl.record.ids import slugify

    return slugify(text)


def _summary(
    rng: random.Random,
    sk: Skeleton,
    person: Person | None,
    country: Country,
    city: str,
    perps: list[str],
) -> str:
    """Six to twelve sentences, one per line, 600-1500 characters."""
    target = rng.randint(600, 1500)
    female = person.female if person else False
    values = {
        "name": person.latin if person else f"the {country.bar}",
        "role": "lawyer" if rng.random() < 0.75 else "human rights defender",
        "city": city,
        "client": rng.choice(CLIENTS),
        "since_year": max(FIRST_YEAR - 10, _first_day(sk.date).year - rng.randint(1, 15)),
        "date_text": _date_text(sk.date),
        "perp": perps[0] if perps else rng.choice(country.perpetrators),
        "verb": rng.choice(VERBS),
        "publisher": rng.choice(PUBLISHERS)[0],
        "pronoun": "her" if female else "him",
        "pronoun_s": "she" if female else "he",
        "pos": "her" if female else "his",
        "pos_t": "Her" if female else "His",
        "charge": rng.choice(CHARGES),
        "bar": country.bar,
        "org": rng.choice(RESPONDERS)[0],
        "country": country.name,
        "fine": f"{rng.randint(1, 50) * 100} US dollars",
        "years": rng.randint(1, 7),
        "count": rng.randint(3, 40),
        "language_name": LANGUAGE_NAMES[rng.choice(country.languages)],
    }
    order = list(range(1, len(SENTENCES)))
    rng.shuffle(order)
    lines = [SENTENCES[0].format(**values)]
    for i in order:
        if sum(len(x) + 1 for x in lines) >= target:
            break
        lines.append(SENTENCES[i].format(**values))
    return "\n".join(lines)


def _date_text(partial: str) -> str:
    d = _first_day(partial)
    if len(partial) == 10:
        return f"{d.day} {d:%B} {d.year}"
    if len(partial) == 7:
        return f"{d:%B} {d.year}"
    return f"a day in {d.year}"


def _sources(
    rng: random.Random, sk: Skeleton, person: Person | None, country: Country
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    first = _first_day(sk.date)
    for _ in range(rng.choices([1, 2, 3, 4], weights=[4, 3, 2, 1])[0]):
        source: dict[str, Any] = {}
        if rng.random() < 0.07:
            publisher, lang = rng.choice(PRINT_SOURCES)
            source["publisher"] = f"{publisher}, {country.name}"
        else:
            local = [p for p in PUBLISHERS if p[2] in country.languages]
            publisher, domain, lang = rng.choice(
                local if local and rng.random() < 0.6 else PUBLISHERS
            )
            y = first.year + rng.randrange(2)
            y = min(y, LAST_DAY.year)
            source["url"] = (
                f"https://{domain}/{lang}/news/{y}/{rng.randint(1, 12):02d}/{_slug(sk.title)[:60]}-{rng.randint(1000, 99999)}"
            )
            templates = SOURCE_TITLES.get(lang)
            if templates and rng.random() < 0.8:
                cyr = (
                    person.cyrillic
                    if person and person.cyrillic
                    else (person.latin if person else country.bar)
                )
                name = person.latin if person else country.bar
                female = bool(person and person.female)
                source["title"] = rng.choice(templates).format(
                    cyr=cyr, name=name, country=country.name, e="e" if female else ""
                )
            elif rng.random() < 0.5:
                source["title"] = sk.title
            source["publisher"] = publisher
        if lang and rng.random() < 0.9:
            source["language"] = lang
        if rng.random() < 0.7:
            source["published"] = _partial(
                rng, min(LAST_DAY.year, first.year + rng.randrange(2)), floor=first
            )
        if "url" in source and rng.random() < 0.15:
            source["archived_url"] = (
                f"https://web.archive.org/web/{first.year}0101000000/{source['url']}"
            )
        out.append(source)
    return out


def _responses(rng: random.Random, sk: Skeleton) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    first = _first_day(sk.date)
    for _ in range(rng.choices([0, 1, 2, 3], weights=[5, 3, 1, 1])[0]):
        by, url = rng.choice(RESPONDERS)
        response: dict[str, Any] = {
            "date": _partial(rng, min(LAST_DAY.year, first.year + rng.randrange(2)), floor=first),
            "by": by,
            "kind": rng.choice(RESPONSE_KINDS),
        }
        if rng.random() < 0.6:
            response["url"] = f"{url}{_slug(sk.title)[:50]}-{rng.randint(100, 9999)}"
        out.append(response)
    return out


# -- canonical text, fast ------------------------------------------------------------------------


# What ruamel.yaml's emitter writes as an escape in a double-quoted scalar (besides " and \\):
# the fast emitter leaves such text to render().
_NEEDS_ESCAPE = re.compile(
    "[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]"
)


def _quoted(text: str) -> str:
    if _NEEDS_ESCAPE.search(text):
        raise ValueError("a character needs an escape the fast emitter does not write")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def canonical(data: dict[str, Any]) -> str:
    """The canonical YAML text of record ``data`` (already in canonical key order)."""
    out: list[str] = []
    for key, value in data.items():
        _emit(out, key, value, "", key == "summary")
    return "".join(out)


def _emit(out: list[str], key: str, value: Any, indent: str, literal: bool = False) -> None:
    if isinstance(value, bool):
        out.append(f"{indent}{key}: {'true' if value else 'false'}\n")
    elif isinstance(value, int):
        out.append(f"{indent}{key}: {value}\n")
    elif isinstance(value, dict):
        out.append(f"{indent}{key}:\n")
        for k, v in value.items():
            _emit(out, k, v, indent + "  ")
    elif isinstance(value, str):
        if literal or "\n" in value:
            out.append(f"{indent}{key}: |\n")
            for line in value.rstrip("\n").split("\n"):
                if not line or line != line.strip() or line[0] in "#":
                    raise ValueError("literal line the fast emitter does not handle")
                _quoted(line)
                out.append(f"{indent}  {line}\n")
        else:
            out.append(f"{indent}{key}: {_quoted(value)}\n")
    elif isinstance(value, list):
        out.append(f"{indent}{key}:\n")
        for item in value:
            if isinstance(item, dict):
                first = True
                for k, v in item.items():
                    if first:
                        sub: list[str] = []
                        _emit(sub, k, v, indent + "    ")
                        sub[0] = f"{indent}  - " + sub[0][len(indent) + 4 :]
                        out.extend(sub)
                        first = False
                    else:
                        _emit(out, k, v, indent + "    ")
            else:
                out.append(f"{indent}  - {_quoted(item)}\n")
    else:
        raise ValueError(f"unexpected value {value!r}")


# -- the hand-written style ---------------------------------------------------------------------
# How people write YAML (and how a data set looks before its first ``fmt``): plain scalars where
# YAML allows them, flow lists (``[KZ, RU]``) sometimes, comments, single quotes sometimes, block
# lists at different indentations, unquoted dates. The same values as the canonical text: the
# model reads an unquoted ``2019-05-21`` as that day (a plain ``2019`` would be a number: quoted).

# A plain scalar YAML 1.2 (or 1.1) would read as something else than text: null, booleans,
# numbers, dates and times; such strings are quoted.
_TYPED = re.compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO"
    r"|on|On|ON|off|Off|OFF|[-+]?[0-9._:]+(?:[eE][-+]?[0-9]+)?|[-+]?0[box][0-9a-fA-F_]+"
    r"|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt ].*)?|<<|="
)
_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s]")


def _plain_ok(text: str, in_flow: bool) -> bool:
    """Whether ``text`` reads back as the same text when written as a plain scalar."""
    if not text or text != text.strip() or "\n" in text or _NEEDS_ESCAPE.search(text):
        return False
    if not _PLAIN_START.match(text) or _TYPED.fullmatch(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    return not (in_flow and any(c in text for c in ",[]{}#:"))


class _Hand:
    """One record's hand-writing habits, drawn from its own random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.indent = rng.choice(("", "  ", "  ", "    "))  # where a block list's dashes go
        self.flow = rng.random() < 0.4  # lists of short strings as [a, b]
        self.quote = rng.choice(("plain", "plain", "plain", "single", "double"))
        self.comments = rng.random() < 0.5

    def scalar(self, text: str, in_flow: bool = False) -> str:
        r = self.rng.random()
        if (r < 0.1 or (self.quote == "plain" and r < 0.9)) and _plain_ok(text, in_flow):
            return text
        if (r > 0.85 or self.quote == "single") and not _NEEDS_ESCAPE.search(text):
            return "'" + text.replace("'", "''") + "'"
        return _quoted(text)

    def value(self, key: str, value: Any) -> str:
        """The scalar ``value`` of ``key`` as written after ``key: ``."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if (
            key in ("date", "end_date", "published", "recorded")
            and self.rng.random() < 0.7
            and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
        ):
            return value  # an unquoted date: the model reads that day as the same
        return self.scalar(value)


def handwritten(data: dict[str, Any], rng: random.Random) -> str:
    """Record ``data`` (canonical key order) as a person might write it; same values."""
    hand = _Hand(rng)
    out: list[str] = []
    if hand.comments:
        out.append(f"# {data['id']}\n")
    for key, value in data.items():
        if hand.comments and rng.random() < 0.08:
            out.append(f"# {key.replace('_', ' ')} follows\n")
        _hand_emit(out, hand, key, value, "")
    return "".join(out)


def _hand_emit(out: list[str], hand: _Hand, key: str, value: Any, indent: str) -> None:
    if isinstance(value, dict):
        out.append(f"{indent}{key}:\n")
        for k, v in value.items():
            _hand_emit(out, hand, k, v, indent + "  ")
    elif isinstance(value, list):
        strings = all(isinstance(v, str) for v in value)
        if strings and hand.flow and sum(map(len, value)) < 60:
            items = ", ".join(hand.scalar(v, in_flow=True) for v in value)
            out.append(f"{indent}{key}: [{items}]\n")
            return
        out.append(f"{indent}{key}:\n")
        dash = indent + hand.indent
        for item in value:
            if isinstance(item, dict):
                first = True
                for k, v in item.items():
                    sub: list[str] = []
                    _hand_emit(sub, hand, k, v, dash + "  ")
                    if first:
                        sub[0] = f"{dash}- " + sub[0][len(dash) + 2 :]
                        first = False
                    out.extend(sub)
            else:
                out.append(f"{dash}- {hand.scalar(item)}\n")
    elif isinstance(value, str) and ("\n" in value or (key == "summary" and not indent)):
        out.append(f"{indent}{key}: |\n")
        for line in value.rstrip("\n").split("\n"):
            if not line or line != line.strip() or line[0] in "#" or _NEEDS_ESCAPE.search(line):
                raise ValueError("literal line the hand-written emitter does not handle")
            out.append(f"{indent}  {line}\n")
    else:
        comment = "  # checked" if hand.comments and hand.rng.random() < 0.05 else ""
        out.append(f"{indent}{key}: {hand.value(key, value)}{comment}\n")


# -- writing -------------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init(
    seed: int,
    out: str,
    skeletons: list[Skeleton],
    ids: list[str],
    related: dict[int, list[str]],
    verify_every: int,
    style: str = "canonical",
) -> None:
    _STATE.update(
        style=style,
        seed=seed,
        out=Path(out),
        skeletons=skeletons,
        ids=ids,
        related=related,
        verify_every=verify_every,
    )


def _write_chunk(bounds: tuple[int, int]) -> tuple[int, int]:
    from incidentctl.ops.edit import render
    from incidentctl.record.model import Record

    s = _STATE
    hand = s["style"] == "handwritten"
    written = nbytes = 0
    made: set[Path] = set()
    for index in range(*bounds):
        sk = s["skeletons"][index]
        data = record_data(s["seed"], index, sk, s["ids"][index], s["related"].get(index, []))
        record = Record.model_validate(data)
        clean = record.to_data()
        try:
            text = handwritten(clean, _rng(s["seed"], index, "hand")) if hand else canonical(clean)
        except ValueError:
            text = render(record)
        if hand and s["verify_every"] and index % s["verify_every"] == 0:
            from incidentctl.files.parse import parse_record_text

            if parse_record_text(text, "generated") != record:
                raise SystemExit(
                    f"record {index}: the hand-written text reads differently:\n{text}"
                )
        elif s["verify_every"] and index % s["verify_every"] == 0:
            reference = render(record)
            if reference != text:
                raise SystemExit(
                    f"record {index}: the fast emitter differs from render():\n--- fast\n{text}\n--- render\n{reference}"
                )
        folder = s["out"] / "data" / "incidents" / sk.date[:4]
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        raw = text.encode("utf-8")
        (folder / f"{record.id}.yaml").write_bytes(raw)
        written += 1
        nbytes += len(raw)
    return written, nbytes


def _chunks(count: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, count, size):
        yield start, min(count, start + size)


def plan(seed: int, count: int) -> tuple[list[Skeleton], list[str], dict[int, list[str]]]:
    """Skeletons, unique ids and related links of every record (cheap; done in one process)."""
    skeletons = [skeleton(seed, i) for i in range(count)]
    ids = unique_ids(skeletons)
    related: dict[int, list[str]] = {}
    last_in_case: dict[int, int] = {}
    for i, sk in enumerate(skeletons):
        if sk.case is None:
            continue
        prev = last_in_case.get(sk.case)
        if prev is not None and _rng(seed, i, "related").random() < 0.5:
            related[i] = [ids[prev]]
        last_in_case[sk.case] = i
    return skeletons, ids, related


def fingerprint(seed: int, count: int, style: str = "canonical") -> str:
    """Names a data set: same seed, count, style and generator version give the same files."""
    tail = "" if style == "canonical" else f"/{style}"
    return hashlib.sha256(f"{GENERATOR_VERSION}/{seed}/{count}{tail}".encode()).hexdigest()[:16]


STAMP = ".bench-dataset"


def generate(
    out: Path,
    count: int,
    seed: int = 6,
    workers: int | None = None,
    verify_every: int | None = None,
    git: bool = False,
    quiet: bool = False,
    style: str = "canonical",
) -> dict[str, Any]:
    """Write ``count`` records under ``out`` (an initialised data set); return timings.

    ``style``: ``canonical`` (as incidentctl writes) or ``handwritten`` (as people write YAML:
    the same records, so the same values)."""
    from incidentctl.files.dataset import init_dataset

    out = Path(out)
    if (out / "data" / "incidents").exists() and any((out / "data" / "incidents").glob("[0-9]*")):
        raise SystemExit(f"{out} already holds records; choose an empty folder")
    if git:
        init_dataset(out)
    else:
        (out / "data" / "incidents").mkdir(parents=True, exist_ok=True)
    if verify_every is None:
        verify_every = 1 if count <= 2000 else 500
    workers = workers or min(2, os.cpu_count() or 1)
    started = time.perf_counter()
    skeletons, ids, related = plan(seed, count)
    planned = time.perf_counter()
    chunk = max(100, min(2000, count // (workers * 8) or 1))
    total_bytes = written = 0
    args = (seed, str(out), skeletons, ids, related, verify_every, style)
    if workers == 1:
        _init(*args)
        results: Any = map(_write_chunk, _chunks(count, chunk))
        pool = None
    else:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_init, initargs=args)
        results = pool.imap_unordered(_write_chunk, _chunks(count, chunk))
    try:
        for n, b in results:
            written += n
            total_bytes += b
            if not quiet:
                print(f"\r{written:,}/{count:,} records", end="", file=sys.stderr, flush=True)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    if not quiet:
        print(file=sys.stderr)
    wrote = time.perf_counter()
    (out / STAMP).write_text(f"{fingerprint(seed, count, style)}\n", encoding="utf-8")
    if git:
        _commit(out, count, seed)
    return {
        "records": written,
        "bytes": total_bytes,
        "plan_s": planned - started,
        "write_s": wrote - planned,
        "git_s": time.perf_counter() - wrote,
        "verify_every": verify_every,
    }


def _commit(root: Path, count: int, seed: int) -> None:
    """Commit the data set once (``validate --changed HEAD`` needs a HEAD)."""
    ident = [
        "-c",
        "user.name=incidentctl benchmarks",
        "-c",
        "user.email=bench@example.invalid",
        "-c",
        "commit.gpgsign=false",
        # The commit's automatic gc (thousands of loose objects) would otherwise go on in the
        # background and repack while a benchmark copies the folder: do it before returning.
        "-c",
        "gc.autoDetach=false",
    ]
    subprocess.run(["git", "-C", str(root), "add", "-A", "--", "."], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(root),
            *ident,
            "commit",
            "-q",
            "-m",
            f"synthetic data set: {count} records, seed {seed}",
        ],
        check=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "out", type=Path, help="folder of the new data set (created; must hold no records)"
    )
    parser.add_argument(
        "--count", "-n", type=int, default=1000, help="number of records (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=6, help="random seed (default 6)")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: up to 2)")
    parser.add_argument(
        "--verify-every",
        type=int,
        default=None,
        help="check every K-th record against render() (0: never; default 1 up to 2,000 records, else 500)",
    )
    parser.add_argument(
        "--git",
        action="store_true",
        help="make it a git repository (incidentctl init) and commit the records once",
    )
    parser.add_argument(
        "--style",
        choices=("canonical", "handwritten"),
        default="canonical",
        help="canonical (as incidentctl writes) or handwritten (plain scalars, flow lists, "
        "comments, either quoting: as people write YAML); same records either way",
    )
    args = parser.parse_args(argv)
    stats = generate(
        args.out,
        args.count,
        args.seed,
        args.workers,
        args.verify_every,
        args.git,
        quiet=not sys.stderr.isatty(),
        style=args.style,
    )
    print(
        f"{stats['records']:,} records, {stats['bytes'] / 1e6:.1f} MB in {args.out} "
        f"(plan {stats['plan_s']:.1f} s, write {stats['write_s']:.1f} s, git {stats['git_s']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
