"""Filters shared by list, search, report, timeline, people and export (SPEC §5).

A filter given twice matches either value; different filters must all match.
Dates match when the record's date range overlaps the period, whatever either
side's precision: a record dated ``2019`` is inside ``--since 2019-05``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import iso
from .dates import DateInputError, PartialDate
from .errors import UsageError


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
    extra: dict[str, Any] = field(default_factory=dict)

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
            try:
                year_list.append(PartialDate.parse_iso(str(y)).year)
            except DateInputError as exc:
                raise UsageError(f"--year: {exc}") from None
        return cls(
            countries=country_codes,
            years=tuple(year_list),
            since=_date_option("--since", since),
            until=_date_option("--until", until),
            types=tuple(t.lower() for t in types),
            persons=tuple(p for p in persons if p.strip()),
            roles=tuple(r.lower() for r in roles),
            tags=tuple(t.lower() for t in tags),
            cases=tuple(cases),
            statuses=tuple(s.lower() for s in statuses),
            langs=lang_codes,
            public=public,
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

    def matches(self, record: Any) -> bool:
        """Does one record pass every filter?"""
        if self.public and record.confidential:
            return False
        if self.countries and not set(self.countries) & set(record.countries):
            return False
        if self.types and not set(self.types) & set(record.types):
            return False
        if self.statuses and record.status not in self.statuses:
            return False
        if self.cases and record.case not in self.cases:
            return False
        if self.tags and not set(self.tags) & set(record.tags):
            return False
        if self.roles and not any(set(self.roles) & set(p.roles) for p in record.people):
            return False
        if self.langs and not any(s.language in self.langs for s in record.sources):
            return False
        if not self.overlaps(*record.period()):
            return False
        return not (self.persons and not self.matches_person(record))

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        if self.years and not any(start <= dt.date(y, 12, 31) and end >= dt.date(y, 1, 1) for y in self.years):
            return False
        if self.since and end < self.since.start():
            return False
        return not (self.until and start > self.until.end())

    def matches_person(self, record: Any) -> bool:
        from .names import names_match

        for person in record.people:
            if self.public and person.confidential:
                continue
            for name in (person.name, *person.aliases):
                if any(names_match(q, name) for q in self.persons):
                    return True
        return False


def _date_option(option: str, value: str | None) -> PartialDate | None:
    if value is None or value == "":
        return None
    try:
        return PartialDate.parse(value)
    except DateInputError as exc:
        raise UsageError(f"{option}: {exc}") from None


SORT_KEYS = ("date", "id", "title", "recorded", "country", "status")


def sort_records(records: Sequence[Any], sort: str | None) -> list[Any]:
    """Default order: by date (coarser first on a tie: string order), then id. ``-key`` reverses."""
    key = (sort or "date").strip()
    reverse = key.startswith("-")
    key = key.lstrip("-+")
    if key not in SORT_KEYS:
        raise UsageError(f"--sort: '{key}' is not one of {', '.join(SORT_KEYS)} (prefix - to reverse)")

    def sort_key(r: Any) -> tuple[str, str]:
        if key == "date":
            return (str(r.date), r.id)
        if key == "country":
            return (r.countries[0], r.id)
        if key == "recorded":
            return (str(r.recorded), r.id)
        return (str(getattr(r, key)), r.id)

    return sorted(records, key=sort_key, reverse=reverse)
