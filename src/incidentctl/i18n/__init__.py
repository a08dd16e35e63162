"""Translations of what people read: headings, vocabulary labels, country names and dates.

Why this shape:

- The messages live in standard gettext catalogues, one folder per language
  (``incidentctl/locale/<lang>/LC_MESSAGES/incidentctl.po``), so a translator adds a language by
  copying a ``.po`` file and translating it; the languages offered are the folders present.
- The ``.po`` files are read at run time with Babel (``read_po``) and compiled in memory: no build
  step, no ``.mo`` file that can fall out of date with its ``.po``. Reading a catalogue costs a few
  milliseconds, once per process, and only when a language other than English is asked for.
- English is the source language: the msgids are the English texts, so ``en`` needs no catalogue.
- Vocabulary labels are translated with their vocabulary as gettext context (``msgctxt``):
  "Unknown" sex and "Unknown" status are different words in Russian and French.
- Country names are ISO's own translations (pycountry's ``iso3166-1`` gettext domain); language
  names, months and dates are CLDR's (Babel), in the locale's own forms (``anglais``, not ISO's
  capitalised ``Anglais``).

The data itself (titles, summaries, names, organisations) is never translated.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from incidentctl.errors import UsageError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DOMAIN = "incidentctl"
SOURCE_LANGUAGE = "en"
"""The language of the msgids: always available, needs no catalogue."""

BABEL_LOCALES: Mapping[str, str] = {"en": "en_GB"}
"""Babel locale of a language where it is not the language itself: ``21 May 2019``, not
``May 21, 2019``, in the British English the labels are written in."""


def locale_dir() -> Traversable:
    """The folder of the catalogues, inside the installed package."""
    return files("incidentctl").joinpath("locale")


def catalogue_path(lang: str) -> Traversable:
    return locale_dir().joinpath(lang, "LC_MESSAGES", f"{DOMAIN}.po")


@cache
def languages() -> tuple[str, ...]:
    """The languages offered: English, then every folder that holds a catalogue, sorted."""
    found = {
        folder.name
        for folder in locale_dir().iterdir()
        if folder.is_dir() and catalogue_path(folder.name).is_file()
    }
    return (SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE}))


def check_language(lang: str) -> str:
    """``lang`` if a catalogue exists for it (``RU`` and ``ru`` alike), else a usage error
    (exit 2) that lists the languages there are."""
    wanted = lang.strip().replace("-", "_")
    for known in languages():
        if known.casefold() == wanted.casefold():
            return known
    raise UsageError(
        f"no translation for language {lang!r}; available: {', '.join(languages())} "
        "(docs/translating.md says how to add one)"
    )


@cache
def translations(lang: str | None = None) -> gettext.NullTranslations:
    """The catalogue of ``lang`` as a gettext object (``gettext``, ``ngettext``, ``pgettext``),
    ready for ``jinja2.ext.i18n``'s ``install_gettext_translations``; English (and ``None``, no
    ``--lang`` given) gives the msgids themselves. Untranslated and fuzzy messages fall back to
    English."""
    lang = check_language(lang or SOURCE_LANGUAGE)
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


# -- vocabulary labels ---------------------------------------------------------------------------


def _vocabularies() -> dict[str, Mapping[str, str]]:
    """Every labelled vocabulary by name: the record's (:data:`vocab.VOCABULARIES`) and the
    SDG 16.10.1 count's own (violations, victim groups, perpetrator sides)."""
    from incidentctl.record.vocab import VOCABULARIES
    from incidentctl.views.sdg import SIDE_LABELS, VICTIM_GROUP_LABELS, VIOLATION_LABELS

    return {
        **VOCABULARIES,
        "violation": VIOLATION_LABELS,
        "victim_group": VICTIM_GROUP_LABELS,
        "side": SIDE_LABELS,
    }


def label(vocabulary: str, value: str, lang: str) -> str:
    """The label of ``value`` in ``vocabulary`` (``type``, ``role``, ``sex``, …, ``violation``)
    in ``lang``; a value outside the vocabulary is shown as stored."""
    english = _vocabularies()[vocabulary].get(value)
    if english is None:
        return value
    return translations(lang).pgettext(vocabulary, english)


# -- countries and languages ---------------------------------------------------------------------


@cache
def _iso_catalogue(domain: str, lang: str) -> gettext.NullTranslations:
    import pycountry

    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def country_name(code: str, lang: str) -> str:
    """``KZ`` -> ``Kazakhstan`` / ``Казахстан`` / ``Kazakhstan``: ISO's name (its common name
    where it has one: ``Bolivia``) in ``lang``; an unknown code is shown as it is."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    english = str(getattr(country, "common_name", None) or country.name)
    return _iso_catalogue("iso3166-1", lang).gettext(english)


def language_name(code: str, lang: str) -> str:
    """An ISO 639-1 code's language name in ``lang``, as CLDR (Babel) writes it in running text
    (``ru`` -> ``Russian`` / ``русский`` / ``russe``); ISO's English name where CLDR has none."""
    from babel import Locale

    name = Locale.parse(babel_locale(lang, dates=False)).languages.get(code)
    if name:
        return str(name)
    import pycountry

    language = pycountry.languages.get(alpha_2=code)
    return str(language.name) if language is not None else code


# -- dates ---------------------------------------------------------------------------------------


@cache
def babel_locale(lang: str, dates: bool = True) -> str:
    """The Babel (CLDR) locale for ``lang``: for full dates (``dates``) the one of
    :data:`BABEL_LOCALES`, else the language's own; a language CLDR lacks gets English."""
    from babel import Locale, UnknownLocaleError

    name = BABEL_LOCALES.get(lang, lang) if dates else lang
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return SOURCE_LANGUAGE
    return name


def date_words(iso: str, lang: str) -> str:
    """A partial date in words, as precise as it is: ``2019-05-21`` -> ``21 May 2019`` /
    ``21 мая 2019 г.`` / ``21 mai 2019``; ``2019-05`` -> ``May 2019`` / ``май 2019 г.``;
    ``2019`` stays ``2019``."""
    from babel.dates import format_date, format_skeleton

    from incidentctl.record.dates import PartialDate

    when = PartialDate.parse_iso(iso)
    if when.month is None:
        return str(when.year)
    locale = babel_locale(lang)
    if when.day:
        return str(format_date(dt.date(when.year, when.month, when.day), "long", locale=locale))
    return str(format_skeleton("yMMMM", dt.date(when.year, when.month, 1), locale=locale))


def month_abbreviation(month: int, lang: str, narrow: bool = False) -> str:
    """A month's stand-alone abbreviation (``Jan``, ``янв.``, ``janv.``) or its one letter;
    English's are ``en``'s (``Sep``, where British CLDR writes ``Sept``)."""
    from babel.dates import get_month_names

    locale = babel_locale(lang, dates=False)
    names = get_month_names("narrow" if narrow else "abbreviated", "stand-alone", locale)
    return str(names[month])
