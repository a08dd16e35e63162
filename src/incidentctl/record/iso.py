"""Countries (ISO 3166-1) and languages (ISO 639-1), normalised with pycountry.

Input is forgiving (names, alpha-3, any case, a language's own name such as
``FRANCAIS``); output is always the alpha-2 code. pycountry is imported on first
use so that commands which never touch a country stay fast to start.
"""

from __future__ import annotations

import unicodedata
from functools import cache


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def country_codes() -> tuple[str, ...]:
    """Every ISO 3166-1 alpha-2 code, sorted (the JSON Schema's enum)."""
    import pycountry

    return tuple(sorted(c.alpha_2 for c in pycountry.countries))


@cache
def language_codes() -> tuple[str, ...]:
    """Every ISO 639-1 code, sorted."""
    import pycountry

    return tuple(sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")))


def normalise_country(value: str) -> str:
    """``Kazakhstan``, ``KAZ``, ``kz`` -> ``KZ``; ValueError names the bad input."""
    import pycountry

    text = value.strip()
    if len(text) == 2 and text.upper() in country_codes():
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        pass
    try:
        matches = pycountry.countries.search_fuzzy(text)
    except LookupError:
        matches = []
    # search_fuzzy also matches subdivisions and loose words: accept one country only,
    # whose name begins with what was typed ("Russia" -> "Russian Federation").
    folded = _fold(text)
    starts = [
        c
        for c in matches
        if any(
            _fold(getattr(c, a, "")).startswith(folded)
            for a in ("name", "common_name", "official_name")
        )
    ]
    if len(starts) == 1:
        return starts[0].alpha_2
    raise ValueError(f"'{value}' is not a country (use an ISO code such as KZ or a name)")


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
    import pycountry

    text = value.strip()
    if len(text) == 2 and text.lower() in language_codes():
        return text.lower()
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
    """Every ISO 3166-2 subdivision code (``KZ-59``, ``KZ-75``)."""
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
