"""Filters shared by list, search, report, timeline, people and export (SPEC §5).

A filter given twice matches either value; different filters must all match. A withdrawn
record (schema v2, SPEC §7) matches only when ``withdrawn`` asks for them.
Dates match when the record's date range overlaps the period, whatever either
side's precision: a record dated ``2019`` is inside ``--since 2019-05``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from incidentctl.errors import UsageError
from incidentctl.record import iso, vocab
from incidentctl.record.dates import DateInputError, PartialDate


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    types: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    public: bool = False
    withdrawn: bool = False
    """Include withdrawn records (``--withdrawn``); without it they are left out everywhere."""

    @classmethod
    def build(
        cls,
        *,
        countries: Iterable[str] = (),
        years: Iterable[int | str] = (),
        since: str | None = None,
        until: str | None = None,
        types: Iterable[str] = (),
        persons: Iterable[str] = (),
        roles: Iterable[str] = (),
        tags: Iterable[str] = (),
        cases: Iterable[str] = (),
        statuses: Iterable[str] = (),
        langs: Iterable[str] = (),
        public: bool = False,
        withdrawn: bool = False,
    ) -> Filters:
        """Normalise user input; a bad value is a usage error naming the option."""
        try:
            country_codes = tuple(iso.normalise_country(c) for c in countries)
        except ValueError as exc:
            raise UsageError(f"--country: {exc}") from None
        try:
            lang_codes = tuple(iso.normalise_language(lang) for lang in langs)
        except ValueError as exc:
            raise UsageError(f"--lang: {exc}") from None
        year_list: list[int] = []
        for y in years:
            text = str(y).strip()
            if not (text.isdigit() and len(text) == 4):
                raise UsageError(f"--year: '{y}' is not a year (e.g. 2019)")
            year_list.append(int(text))
        since_date = _date_option("--since", since)
        until_date = _date_option("--until", until)
        if since_date and until_date and since_date.start() > until_date.end():
            raise UsageError(f"--since {since_date} is after --until {until_date}")
        return cls(
            countries=tuple(dict.fromkeys(country_codes)),
            years=tuple(dict.fromkeys(year_list)),
            since=since_date,
            until=until_date,
            types=_choices("--type", types, vocab.INCIDENT_TYPES),
            persons=tuple(p.strip() for p in persons if p.strip()),
            roles=_choices("--role", roles, vocab.PERSON_ROLES),
            tags=tuple(t.strip().lower() for t in tags if t.strip()),
            cases=tuple(c.strip().lower() for c in cases if c.strip()),
            statuses=_choices("--status", statuses, vocab.STATUSES),
            langs=tuple(dict.fromkeys(lang_codes)),
            public=public,
            withdrawn=withdrawn,
        )

    # -- periods ----------------------------------------------------------------
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The overall window that --year/--since/--until describe (for report headers)."""
        start = self.since.start() if self.since else None
        end = self.until.end() if self.until else None
        if self.years:
            ys = (dt.date(min(self.years), 1, 1), dt.date(max(self.years), 12, 31))
            start = max(start, ys[0]) if start else ys[0]
            end = min(end, ys[1]) if end else ys[1]
        return start, end

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        if self.years and not any(
            start <= dt.date(y, 12, 31) and end >= dt.date(y, 1, 1) for y in self.years
        ):
            return False
        if self.since and end < self.since.start():
            return False
        return not (self.until and start > self.until.end())


def _date_option(option: str, value: str | None) -> PartialDate | None:
    if value is None or value.strip() == "":
        return None
    try:
        return PartialDate.parse(value)
    except DateInputError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _choices(option: str, values: Iterable[str], allowed: Sequence[str]) -> tuple[str, ...]:
    """Vocabulary filters: case-insensitive, and a typo is a usage error listing the choices."""
    out = []
    for value in values:
        term = value.strip().lower()
        if term not in allowed:
            hint = vocab.did_you_mean(value, allowed)
            raise UsageError(f"{option}: '{value}' is not one of {', '.join(allowed)}{hint}")
        out.append(term)
    return tuple(dict.fromkeys(out))


SORT_KEYS = ("date", "id", "title", "recorded", "country", "status")


def parse_sort(sort: str | None) -> tuple[str, bool]:
    """``--sort`` value -> (key, reversed); ``-key`` reverses. Default: date."""
    text = (sort or "date").strip()
    reverse = text.startswith("-")
    key = text.lstrip("-+")
    if key not in SORT_KEYS:
        hint = vocab.did_you_mean(key, SORT_KEYS)
        raise UsageError(
            f"--sort: '{key}' is not one of {', '.join(SORT_KEYS)} (prefix - to reverse){hint}"
        )
    return key, reverse
