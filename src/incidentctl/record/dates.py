"""Partial dates: a day, a month or a year, exactly as precise as the sources allow.

A partial date is stored as its ISO string (``2019``, ``2019-04``, ``2019-04-26``).
Those strings sort coarser first on a tie, so a partial date orders by its text.

Analysts type dates the way their sources print them, and their sources are Russian,
Kazakh, French and German as often as English: ``05.06.2019`` is the 5th of June there,
so dotted dates are day-first; a slashed ``05/06/2019`` could be either and is refused
with both readings rather than guessed. Month names come from Babel's CLDR locale data
(loaded only when a date has letters), so ``5 июня 2019``, ``маусым 2019`` and
``5. Juni 2019`` read like ``5 June 2019``. A component the user did not give is never
filled in: ``June 2019`` stays a month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache, total_ordering
from typing import Any

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


class DateInputError(ValueError):
    """A date the user typed that cannot be read without guessing."""


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise DateInputError("a day needs a month")
        if not 1 <= self.year <= 9999:
            raise DateInputError(f"year {self.year} is out of range")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateInputError(f"month {self.month} does not exist")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateInputError(
                    f"{self.year:04d}-{self.month:02d} has no day {self.day} (it has {last} days)"
                )

    # -- construction -----------------------------------------------------------
    @classmethod
    def parse_iso(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; anything else is an error."""
        m = _ISO.match(text.strip())
        if not m:
            raise DateInputError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ISO partial dates, numeric forms (``05.06.2019``, ``2019/06/05``) and month
        names in English, Russian, Kazakh, French and German (``5 июня 2019``)."""
        text = text.strip()
        if _ISO.match(text):
            return cls.parse_iso(text)
        if re.search(r"\d:\d", text):
            raise DateInputError(f"'{text}' has a time of day; give the date only")
        numeric = _parse_numeric(text)
        if numeric is not None:
            return numeric
        named = _parse_month_name(text)
        if named is not None:
            return named
        # dateutil is left only English phrasings without a month name ("the 5th"); never
        # numbers it would read month first ("Tuesday 05.06.2019").
        if not re.search(r"[A-Za-z]", text) or len(re.findall(r"\d+", text)) > 1:
            raise DateInputError(_unreadable(text))
        return _parse_natural(text)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    # -- views ------------------------------------------------------------------
    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def start(self) -> dt.date:
        """The first day the partial date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def span(self, end: PartialDate | None = None) -> tuple[dt.date, dt.date]:
        """The days an event dated ``self`` and ending at ``end`` may cover: from the first day
        of ``self`` to the last day of ``end`` (of ``self`` without one). ``2019`` ending
        ``2019-05-21`` is 1 January to 21 May 2019, not the whole year: it was over by then.
        The one statement of this rule (filters, reports, the SDG count, exports)."""
        first = self.start()
        last = end.end() if end is not None else self.end()
        return first, max(last, first)  # an end before the start is refused by the model

    @classmethod
    def span_iso(cls, date: str, end: str | None = None) -> tuple[dt.date, dt.date]:
        """:meth:`span` of stored (ISO) text, for plain data read without the model."""
        return cls.parse_iso(date).span(cls.parse_iso(end) if end else None)

    def end(self) -> dt.date:
        """The last day the partial date can mean."""
        if self.day is not None:
            return self.start()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate('{self}')"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return str(self) < str(other)

    # -- pydantic integration ---------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _coerce,
            json_schema_input_schema=core_schema.str_schema(pattern=PARTIAL_DATE_PATTERN),
            serialization=core_schema.to_string_ser_schema(),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": PARTIAL_DATE_PATTERN,
            "description": "Partial date: YYYY, YYYY-MM or YYYY-MM-DD",
        }


def _coerce(value: Any) -> PartialDate:
    """Accept the stored string form; also a YAML date a hand-editor left unquoted."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        raise ValueError("a date must not carry a time of day")
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, str):
        try:
            return _stored(value)
        except DateInputError:
            if _ISO.match(value.strip()):
                raise  # well-formed but impossible (2019-02-30): that message is the clearest
            natural = PartialDate.parse(value)  # raises the precise reason ("has no year")
            raise DateInputError(f"'{value}' must be written as \"{natural}\"") from None
    raise ValueError('a date must be a string such as "2019", "2019-04" or "2019-04-26"')


@lru_cache(maxsize=1 << 15)
def _stored(text: str) -> PartialDate:
    """:meth:`PartialDate.parse_iso` remembered by text: a data set repeats its dates (some
    9,000 days in 25 years against 100,000 records, each with three to six dates), and reading
    them was a fifth of a record's validation. Dates are immutable, so a shared one is the
    same value; a text that fails is not remembered and fails the same way each time."""
    return PartialDate.parse_iso(text)


def _unreadable(text: str) -> str:
    return (
        f"'{text}' is not a date I can read; use YYYY, YYYY-MM, YYYY-MM-DD, DD.MM.YYYY "
        "or e.g. 'April 2019', '5 июня 2019'"
    )


_YEAR_WORD = r"(?:\s*(?:г\.?|года|год|ж\.?|жыл|жылы))?"
"""A year may be followed by the Russian or Kazakh word for "year" (``2019 г.``)."""
_DOTTED = re.compile(rf"^(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}}){_YEAR_WORD}$")
_DOTTED_MONTH = re.compile(rf"^(\d{{1,2}})[./](\d{{4}}){_YEAR_WORD}$")
_YEAR_FIRST = re.compile(r"^(\d{4})([./-])(\d{1,2})(?:\2(\d{1,2}))?$")
_SLASHED = re.compile(rf"^(\d{{1,2}})([/-])(\d{{1,2}})\2(\d{{4}}){_YEAR_WORD}$")
_ALL_DIGITS = re.compile(r"^[\d\s./,-]+$")


def _parse_numeric(text: str) -> PartialDate | None:
    """Dates written in digits only; None for text with letters.

    Digits are never handed to dateutil, which reads ``05.06.2019`` month-first.
    """
    if (m := _DOTTED.match(text)) is not None:  # day-first: ru, kk, de, fr usage
        return PartialDate(int(m[3]), int(m[2]), int(m[1]))
    if (m := _DOTTED_MONTH.match(text)) is not None:
        return PartialDate(int(m[2]), int(m[1]))
    if (m := _YEAR_FIRST.match(text)) is not None:
        return PartialDate(int(m[1]), int(m[3]), int(m[4]) if m[4] else None)
    if (m := _SLASHED.match(text)) is not None:
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        if a == b or (a > 12) != (b > 12):
            day, month = (a, b) if a > 12 or a == b else (b, a)
            return PartialDate(year, month, day)
        if a > 12:
            raise DateInputError(f"'{text}' has no month (both {a} and {b} are over 12)")
        first = PartialDate(year, b, a)
        second = PartialDate(year, a, b)
        raise DateInputError(
            f"'{text}' could be {_words(first)} (day first) or {_words(second)} "
            f"(month first); write {first} or {second}"
        )
    if _ALL_DIGITS.match(text):
        raise DateInputError(_unreadable(text))
    return None


def _words(date: PartialDate) -> str:
    """``5 June 2019``: a reading an analyst recognises at a glance."""
    assert date.month is not None
    return f"{date.day} {calendar.month_name[date.month]} {date.year}"


MONTH_LOCALES = ("en", "ru", "kk", "fr", "de")
"""The languages whose month names dates may use (the analysts' sources)."""
_FILLER = frozenset(
    {"г", "года", "год", "ж", "жыл", "жылы", "жылғы", "the", "of", "le", "den", "am"}
)
"""Words around a date that carry nothing: "year" in Russian and Kazakh, articles."""
_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er|e|го|е)?$")


def _fold(word: str) -> str:
    """Case, accents and a trailing abbreviation dot removed (``Févr.`` -> ``fevr``)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.casefold().rstrip("."))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@cache
def month_names() -> dict[str, int]:
    """Folded month name -> month number: wide and abbreviated, formatting (genitive) and
    stand-alone (nominative) forms of every locale of :data:`MONTH_LOCALES`, from CLDR."""
    from babel import Locale

    table: dict[str, int] = {}
    clashes: set[str] = set()
    for code in MONTH_LOCALES:
        months = Locale.parse(code).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    key = _fold(name)
                    if table.setdefault(key, number) != number:
                        clashes.add(key)
    for key in clashes:  # a name two languages give to different months reads as neither
        del table[key]
    return table


@cache
def weekday_names() -> frozenset[str]:
    """Folded full weekday names of :data:`MONTH_LOCALES` (CLDR): sources print them before a
    date (``вторник, 5 июня 2019``); they carry nothing the date does not."""
    from babel import Locale

    return frozenset(
        _fold(name)
        for code in MONTH_LOCALES
        for context in ("format", "stand-alone")
        for name in Locale.parse(code).days[context]["wide"].values()
    )


def _parse_month_name(text: str) -> PartialDate | None:
    """``5 июня 2019``, ``маусым 2019``, ``5. Juni 2019``, ``June 5, 2019``; None when no
    word of ``text`` is a month name (dateutil then tries English phrasings)."""
    words = re.findall(r"[^\W_]+\.?", text)
    names = month_names()
    months = [names[_fold(w)] for w in words if _fold(w) in names]
    if not months:
        return None
    years: list[int] = []
    days: list[int] = []
    for word in words:
        bare = word.rstrip(".")
        if _fold(word) in names or _fold(word) in _FILLER or _fold(word) in weekday_names():
            continue
        if re.fullmatch(r"\d{4}", bare):
            years.append(int(bare))
        elif (m := _DAY.match(bare.casefold())) is not None:
            days.append(int(m[1]))
        else:
            return None  # a word we do not know: let dateutil try, or refuse
    if len(months) > 1 or len(days) > 1 or len(years) > 1:
        raise DateInputError(f"'{text}' names more than one day, month or year")
    if not years:
        raise DateInputError(f"'{text}' has no year; add the year (e.g. '{text} 2019')")
    try:
        return PartialDate(years[0], months[0], days[0] if days else None)
    except DateInputError:
        raise DateInputError(f"'{text}' names a day or month that does not exist") from None


# Two different defaults reveal which components dateutil filled in itself.
_DEFAULTS = (dt.datetime(1, 1, 1), dt.datetime(2, 2, 2))


def _parse_natural(text: str) -> PartialDate:
    from dateutil import parser

    try:
        a, b = (parser.parse(text, default=d, fuzzy=False) for d in _DEFAULTS)
    except (ValueError, OverflowError, parser.ParserError) as exc:
        if "out of range" in str(exc):
            raise DateInputError(f"'{text}' names a day or month that does not exist") from None
        raise DateInputError(_unreadable(text)) from exc
    if (a.hour, a.minute, a.second) != (0, 0, 0) or a.tzinfo is not None:
        raise DateInputError(f"'{text}' has a time of day; give the date only")
    if a.year != b.year:
        raise DateInputError(f"'{text}' has no year; add the year (e.g. '{text} 2019')")
    if a.month != b.month:
        if a.day != b.day:
            return PartialDate(a.year)
        raise DateInputError(f"'{text}' has a day but no month")
    if a.day != b.day:
        return PartialDate(a.year, a.month)
    return PartialDate(a.year, a.month, a.day)


def today() -> PartialDate:
    return PartialDate.from_date(dt.date.today())
