"""Partial dates: a day, a month or a year, exactly as precise as the sources allow.

A partial date is stored as its ISO string (``2019``, ``2019-04``, ``2019-04-26``).
Those strings sort in the order SPEC §5 asks for (coarser first on a tie), so a
partial date orders by its text. Natural input ("April 2019") goes through
python-dateutil, but a component the user did not give is never filled in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering
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
        """Read ISO partial dates and natural forms ("April 2019", "5 June 2019")."""
        text = text.strip()
        if _ISO.match(text):
            return cls.parse_iso(text)
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
            return PartialDate.parse_iso(value)
        except DateInputError:
            if _ISO.match(value.strip()):
                raise  # well-formed but impossible (2019-02-30): that message is the clearest
            natural = PartialDate.parse(value)  # raises the precise reason ("has no year")
            raise DateInputError(f"'{value}' must be written as \"{natural}\"") from None
    raise ValueError('a date must be a string such as "2019", "2019-04" or "2019-04-26"')


# Two different defaults reveal which components dateutil filled in itself.
_DEFAULTS = (dt.datetime(1, 1, 1), dt.datetime(2, 2, 2))


def _parse_natural(text: str) -> PartialDate:
    from dateutil import parser

    try:
        a, b = (parser.parse(text, default=d, fuzzy=False) for d in _DEFAULTS)
    except (ValueError, OverflowError, parser.ParserError) as exc:
        if "out of range" in str(exc):
            raise DateInputError(f"'{text}' names a day or month that does not exist") from None
        raise DateInputError(
            f"'{text}' is not a date I can read; use YYYY, YYYY-MM, YYYY-MM-DD or e.g. 'April 2019'"
        ) from exc
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
