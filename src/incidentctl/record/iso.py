"""Countries (ISO 3166-1) and languages (ISO 639-1), normalised with pycountry.

Input is forgiving (codes, alpha-3, names in the languages of the analysts' sources, any
case or accents, a language's own name such as ``FRANCAIS``); output is always the alpha-2
code. pycountry and its catalogues are loaded on first use so that commands which never
touch a country, or are given codes, stay fast to start.
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache, lru_cache


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _database(name: str, key: str) -> list[dict[str, str]] | None:
    """The entries of one of pycountry's own database files (``iso3166-1.json``), read without
    importing pycountry, whose import reads its package metadata (a third of the start-up of
    ``search --country KZ --format ids``) and whose catalogues build an object per entry (7,923
    languages, 5,046 subdivisions: with the import, about 0.15 s of CPU that every command
    building a record paid). None when the file cannot be read: then ask pycountry."""
    import json
    from importlib.util import find_spec

    spec = find_spec("pycountry")  # locates the package without running it
    if spec is None or not spec.origin:
        return None
    try:
        with open(os.path.join(os.path.dirname(spec.origin), "databases", name), "rb") as fh:
            entries = json.load(fh)[key]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return entries if isinstance(entries, list) else None


@cache
def country_codes() -> tuple[str, ...]:
    """Every ISO 3166-1 alpha-2 code, sorted (the JSON Schema's enum).

    Read from pycountry's own ISO 3166-1 file (:func:`_database`; ``tests/record/
    test_iso_codes.py`` proves the codes equal)."""
    entries = _database("iso3166-1.json", "3166-1")
    try:
        if entries is not None:
            return tuple(sorted(c["alpha_2"] for c in entries))
    except (KeyError, TypeError):
        pass
    import pycountry

    return tuple(sorted(c.alpha_2 for c in pycountry.countries))


@cache
def language_codes() -> tuple[str, ...]:
    """Every ISO 639-1 code, sorted: the ISO 639-3 languages that have one, read from
    pycountry's own file (:func:`_database`; equal to pycountry's, ``tests/record/
    test_iso_codes.py``). The record model's schema needs them when it is imported."""
    entries = _database("iso639-3.json", "639-3")
    try:
        if entries is not None:
            return tuple(sorted(lang["alpha_2"] for lang in entries if "alpha_2" in lang))
    except (KeyError, TypeError):
        pass
    import pycountry

    return tuple(sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")))


COUNTRY_NAME_LOCALES = ("ru", "kk", "fr", "de")
"""Languages whose country names are accepted besides English: those of the analysts'
sources. The names are ISO's own translations, from pycountry's gettext catalogues."""

_ATTRIBUTES = ("name", "common_name", "official_name")


def _variants(name: str) -> set[str]:
    """A folded name and the short form of an inverted one: ``Russie, Fédération de`` ->
    ``russie`` too (shared short forms, ``Korea, …``, are dropped later as ambiguous)."""
    folded = _fold(name)
    return {v for v in (folded, folded.split(",")[0].strip()) if v}


@cache
def country_names() -> dict[str, str]:
    """Folded country name, in English and each of :data:`COUNTRY_NAME_LOCALES` -> alpha-2.

    Built once per process, and only when a value is not a code: reading the catalogues
    costs tens of milliseconds that ``incidentctl list`` must not pay. A name that two
    countries share (``Korea``) is left out, so it is refused rather than guessed.
    """
    import gettext

    import pycountry

    catalogues = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code])
        for code in COUNTRY_NAME_LOCALES
    ]
    pairs = []
    for country in pycountry.countries:
        english = [getattr(country, a, "") for a in _ATTRIBUTES]
        for name in filter(None, english):
            for translated in [name, *(c.gettext(name) for c in catalogues)]:
                pairs += [(variant, country.alpha_2) for variant in _variants(translated)]
    return _unique(pairs)


@cache
def common_country_names() -> dict[str, str]:
    """Folded everyday names from CLDR (Babel), for what ISO does not list: ``Россия``
    (ISO: Российская Федерация), ``Кыргызстан``. Consulted only after :func:`country_names`."""
    from babel import Locale

    codes = set(country_codes())
    pairs = [
        (variant, code)
        for locale in ("en", *COUNTRY_NAME_LOCALES)
        for code, name in Locale.parse(locale).territories.items()
        if code in codes
        for variant in _variants(name)
    ]
    return _unique(pairs)


EVERYDAY_NAMES: dict[str, tuple[str, ...]] = {
    # CLDR's "alt" forms of English names (common/main/en.xml: TR-alt-variant, GB-alt-short,
    # CI-alt-variant, SZ-alt-variant, TL-alt-variant, MM's "Burma", MK's name before 2019),
    # which Babel does not expose; and "Great Britain", "Britain" of everyday English.
    "GB": ("UK", "U.K.", "Great Britain", "Britain"),
    "TR": ("Turkey", "Republic of Turkey"),
    "US": ("U.S.", "U.S.A."),
    "CI": ("Ivory Coast",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "MM": ("Burma",),
    "MK": ("Macedonia", "FYROM"),
    # The region's names that ISO's and CLDR's translations lack: the Russian-language official
    # name of Kyrgyzstan (Constitution of the Kyrgyz Republic, 2021, Russian text: "Кыргызская
    # Республика (Кыргызстан)"), Russian forms in everyday use (Белоруссия, Туркмения, РФ for
    # Российская Федерация), Soviet-era English forms that older sources use, the German
    # Weißrussland, and the countries' own Latin names (the Kazakh 2021, Uzbek, Azerbaijani
    # alphabets; Georgian and Armenian transliterated).
    "KG": ("Кыргызстан", "Кыргызская Республика", "Kirghizia", "Kirgizia", "Кыргыз Республикасы"),
    "BY": ("Белоруссия", "Belorussia", "Byelorussia", "Weißrussland", "Weissrussland"),
    "TM": ("Туркмения", "Turkmenia"),
    "MD": ("Moldavia",),
    "RU": ("РФ",),
    "KZ": ("Qazaqstan",),
    "UZ": ("Oʻzbekiston", "O'zbekiston", "Ozbekiston"),
    "AZ": ("Azərbaycan",),
    "GE": ("Sakartvelo",),
    "AM": ("Hayastan",),
}
"""Country names in everyday use that neither ISO 3166 (pycountry) nor CLDR (Babel) lists,
each with where it comes from. Data, not a guess: a name here means one country; names that
mean several (``Korea``) or a part of one (``England``) stay refused."""


@cache
def everyday_country_names() -> dict[str, str]:
    """Folded :data:`EVERYDAY_NAMES` -> alpha-2. Consulted after ISO's and CLDR's names."""
    return _unique(
        [(v, code) for code, names in EVERYDAY_NAMES.items() for n in names for v in _variants(n)]
    )


def _unique(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Name -> code for the names that stand for one country only."""
    found: dict[str, set[str]] = {}
    for name, code in pairs:
        found.setdefault(name, set()).add(code)
    return {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1}


def _find(folded: str, names: dict[str, str]) -> str | None:
    """The code of a name, or of the one country whose name starts with it."""
    if folded in names:
        return names[folded]
    if len(folded) >= 4:
        starts = {code for name, code in names.items() if name.startswith(folded)}
        if len(starts) == 1:
            return starts.pop()
    return None


def normalise_country(value: str) -> str:
    """``KZ``, ``KAZ``, ``Kazakhstan``, ``Казахстан``, ``Қазақстан``, ``Kasachstan``,
    ``Ouzbékistan`` -> alpha-2, in any case and with or without accents; a unique start of
    a name also serves (``Russia``). ValueError names the input."""
    text = value.strip()
    if len(text) == 2 and text.upper() in country_codes():
        return text.upper()
    import pycountry

    try:  # codes and exact English names, without building the tables of every language
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        pass
    folded = _fold(text)
    code = (
        _find(folded, country_names())
        or _find(folded, common_country_names())
        or everyday_country_names().get(folded)
    )
    if code is not None:
        return code
    near = nearest_country(text)
    if near is not None:
        code, name = near
        raise ValueError(f"'{value}' is not a country (did you mean '{code}', {name}?)")
    raise ValueError(f"'{value}' is not a country (use an ISO code such as KZ or a name)")


NEAREST_COUNTRY_CUTOFF = 85.0
"""The least :func:`rapidfuzz.fuzz.ratio` at which a misspelt country name is given a hint
(``Kazakstan`` -> Kazakhstan scores 95, ``Kirgistan`` -> German ``Kirgisistan`` 90, a
transposition such as ``Frnace`` 83: no hint, since with some 250 countries in eight languages a
looser hint would often name another country)."""


@lru_cache(maxsize=64)
def nearest_country(value: str) -> tuple[str, str] | None:
    """The code and English name of the country a misspelt name most likely means, or None.

    Only for hints in errors: :func:`normalise_country` never stores a guess. Cached: a
    refused name is looked up by the normaliser and again by the model's check of the code."""
    from rapidfuzz import fuzz, process

    folded = _fold(value)
    if len(folded) < 4:
        return None
    names = {**common_country_names(), **country_names()}
    best = process.extractOne(
        folded, list(names), scorer=fuzz.ratio, score_cutoff=NEAREST_COUNTRY_CUTOFF
    )
    if best is None:
        return None
    import pycountry

    code = names[str(best[0])]
    country = pycountry.countries.get(alpha_2=code)
    return code, str(getattr(country, "common_name", None) or getattr(country, "name", code))


@cache
def _native_language_names() -> dict[str, str]:
    """Each language's name in its own tongue (``francais`` -> ``fr``), from pycountry's catalogues."""
    import gettext

    import pycountry

    names: dict[str, str] = {}
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        if not code:
            continue
        try:
            tr = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[code])
        except OSError:
            continue
        names.setdefault(_fold(tr.gettext(lang.name)), code)
    return names


def normalise_language(value: str) -> str:
    """``KAZAKH``, ``Russian``, ``FRANCAIS``, ``rus``, ``en`` -> ISO 639-1."""
    text = value.strip()
    if len(text) == 2 and text.lower() in language_codes():
        return text.lower()
    import pycountry

    try:
        lang = pycountry.languages.lookup(text)
    except LookupError:
        lang = None
    if lang is not None and getattr(lang, "alpha_2", None):
        return lang.alpha_2
    code = _native_language_names().get(_fold(text))
    if code:
        return code
    raise ValueError(f"'{value}' is not a language with an ISO 639-1 code (e.g. en, ru, kk, fr)")


# -- subdivisions (ISO 3166-2, schema v2) -------------------------------------------


@cache
def subdivision_codes() -> frozenset[str]:
    """Every ISO 3166-2 subdivision code (``KZ-59``, ``KZ-75``), read from pycountry's own file
    (:func:`_database`): checking a record with a subdivision no longer loads pycountry's
    5,046 subdivision objects (equal to pycountry's, ``tests/record/test_iso_codes.py``)."""
    entries = _database("iso3166-2.json", "3166-2")
    try:
        if entries is not None:
            return frozenset(s["code"] for s in entries)
    except (KeyError, TypeError):
        pass
    import pycountry

    return frozenset(s.code for s in pycountry.subdivisions)


def subdivision_country(code: str) -> str:
    """The country a subdivision code belongs to: ``KZ-59`` -> ``KZ``."""
    return code.partition("-")[0]


@cache
def _subdivision_names() -> dict[str, frozenset[tuple[str, str]]]:
    """Each subdivision's folded name -> {(code, country)}: ISO's own name, and its name in the
    translations pycountry carries for the analysts' languages (SPEC §8)."""
    import gettext

    import pycountry

    catalogues = []
    for language in ("en", "ru", "kk", "fr"):
        try:
            catalogues.append(
                gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
            )
        except OSError:
            continue
    names: dict[str, set[tuple[str, str]]] = {}
    for s in pycountry.subdivisions:
        for name in {s.name, *(c.gettext(s.name) for c in catalogues)}:
            names.setdefault(_fold(name), set()).add((s.code, s.country_code))
    return {name: frozenset(found) for name, found in names.items()}


def normalise_subdivision(value: str, countries: tuple[str, ...] = ()) -> str:
    """``kz-59``, ``Soltüstik Qazaqstan oblysy`` or ``Almaty`` -> its ISO 3166-2 code.

    A name is ISO's (pycountry's), or its translation in the analysts' languages, case and
    accents aside; it is looked up among the subdivisions of ``countries`` (every country
    when none is given). A name that fits more than one subdivision is refused, not guessed.
    """
    text = value.strip()
    if text.upper() in subdivision_codes():
        return text.upper()
    found = sorted(
        code
        for code, country in _subdivision_names().get(_fold(text), ())
        if not countries or country in countries
    )
    if len(found) == 1:
        return found[0]
    if found:
        raise ValueError(f"'{value}' names several subdivisions ({', '.join(found)})")
    raise ValueError(
        f"'{value}' is not an ISO 3166-2 subdivision{' of ' + ', '.join(countries) if countries else ''}"
        f"{_listed(countries)}"
    )


def _listed(countries: tuple[str, ...]) -> str:
    """The subdivisions of a country or two, as ISO names them (what the analyst may type)."""
    import pycountry

    if not countries or len(countries) > 2:
        return " (a code such as KZ-59, or its name as ISO gives it)"
    entries = sorted(
        (s.code, s.name)
        for c in countries
        for s in pycountry.subdivisions.get(country_code=c) or ()
    )
    if not entries or len(entries) > 40:
        return " (a code such as KZ-59, or its name as ISO gives it)"
    return "; ISO lists: " + ", ".join(f"{code} {name}" for code, name in entries)
