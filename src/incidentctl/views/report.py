"""The figures of ``incidentctl report`` (SPEC §5, JSON shape in §6).

A report is computed from the records that ``list`` shows under the same
filters, so every format agrees with ``list``. Counting rules:

- an incident counts once in each group it belongs to (a record naming two
  countries counts for both; two lawyers in one record count once for
  ``lawyer``);
- ``by_month`` is keyed by the month the incident's date starts; a date known
  only to the year counts under the year's own key (``"2019"``);
- ``responses`` counts the responses (not the incidents) by organisation, for
  the incidents in the report, whatever their own date;
- the period is what ``--year``/``--since``/``--until`` describe, as full
  days; a side no filter sets is the span of the incidents shown (the first
  day of the earliest to the last day of the latest), ``null`` when there are
  none.

Everything is computed from the records' plain data as printed (withheld under
``--public``), so a report never shows what ``list --public`` would not.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from incidentctl.index.filters import Filters
    from incidentctl.record.model import Record

DEFAULT_TOP = 10
"""How many perpetrators ``report`` lists unless ``--top`` says otherwise."""

SECTIONS = (
    ("by_country", "By country", "Country"),
    ("by_type", "By type of incident", "Type"),
    ("by_month", "By month", "Month"),
    ("by_role", "By role of the people targeted", "Role"),
    ("by_sex", "Victims by sex", "Sex"),
    ("perpetrators", "Top perpetrators", "Perpetrator"),
    ("responses", "Responses by organisation", "Organisation"),
)
"""The counted sections in report order: JSON key, heading, what a key is."""


@dataclass(frozen=True)
class ReportFigures:
    since: str | None
    until: str | None
    total: int
    by_country: dict[str, int]
    by_type: dict[str, int]
    by_month: dict[str, int]
    by_role: dict[str, int]
    perpetrators: dict[str, int]
    responses: dict[str, int]
    incidents: list[dict[str, Any]]
    """Per incident: id, date, countries, types, title (as printed)."""
    scope: list[str] = field(default_factory=list)
    """The filters in words ("country KZ", "public"), for headings."""
    public: bool = False
    victims: int = 0
    """People named plus the sizes of groups, over the incidents (SPEC §7)."""
    by_sex: dict[str, int] = field(default_factory=dict)
    """Victims by sex: a person without ``sex`` and every member of a group count as unknown."""

    def section(self, key: str) -> dict[str, int]:
        return dict(getattr(self, key))

    def to_json(self) -> dict[str, Any]:
        """The SPEC §6 shape, keys in report order."""
        return {
            "period": {"since": self.since, "until": self.until},
            "total": self.total,
            "victims": self.victims,
            **{key: self.section(key) for key, _, _ in SECTIONS},
            "incidents": [i["id"] for i in self.incidents],
        }


def build(
    records: Sequence[Record],
    rows: Sequence[dict[str, Any]],
    filters: Filters,
    top: int | None = DEFAULT_TOP,
) -> ReportFigures:
    """The report of ``records`` (as selected) and ``rows`` (their data as printed): the
    figures of :func:`tally`, which needs only the rows (their dates are the records')."""
    return tally(rows, filters, top)


def tally(
    rows: Iterable[Mapping[str, Any]], filters: Filters, top: int | None = DEFAULT_TOP
) -> ReportFigures:
    """The report of ``rows`` (the records' data as printed, in report order), counted in one
    pass: at 100,000 records the rows can stream from the index, only the counts and each
    incident's five listed fields are kept."""
    from incidentctl.record.model import perpetrator_name

    countries: Counter[str] = Counter()
    types: Counter[str] = Counter()
    months: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    perpetrators_: Counter[str] = Counter()
    responses: Counter[str] = Counter()
    victims: Counter[str] = Counter()
    incidents: list[dict[str, Any]] = []
    first: dt.date | None = None
    last: dt.date | None = None
    for r in rows:
        countries.update(set(r["countries"]))
        types.update(set(r["types"]))
        months[month_key(r["date"])] += 1
        roles.update({x for p in r.get("people", []) for x in p.get("roles", [])})
        perpetrators_.update({perpetrator_name(x) for x in r.get("perpetrators", [])})
        responses.update(resp["by"] for resp in r.get("responses", []))
        victims.update(victims_of(r))
        incidents.append({k: r[k] for k in ("id", "date", "countries", "types", "title")})
        start, end = data_period(r)
        first = start if first is None else min(first, start)
        last = end if last is None else max(last, end)
    since, until = filters.period()
    if incidents:
        since, until = since or first, until or last
    perpetrators = _ordered(perpetrators_)
    if top:
        perpetrators = dict(list(perpetrators.items())[:top])
    return ReportFigures(
        since=_iso(since),
        until=_iso(until),
        total=len(incidents),
        by_country=_ordered(countries),
        by_type=_ordered(types),
        by_month=dict(sorted(months.items())),
        by_role=_ordered(roles),
        perpetrators=perpetrators,
        responses=_ordered(responses),
        incidents=incidents,
        scope=describe(filters),
        public=bool(filters.public),
        victims=sum(victims.values()),
        by_sex=_ordered(victims),
    )


def period(records: Sequence[Record], filters: Filters) -> tuple[dt.date | None, dt.date | None]:
    """The period of a report: what the filters say, a side they leave open the span of the
    incidents shown (both None when there are none)."""
    since, until = filters.period()
    if records and (since is None or until is None):
        spans = [r.period() for r in records]
        since = since or min(s for s, _ in spans)
        until = until or max(e for _, e in spans)
    return since, until


def data_period(data: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    """``Record.period()`` from a record's plain data (its ISO ``date`` and ``end_date``)."""
    from incidentctl.record.dates import PartialDate

    return PartialDate.span_iso(data["date"], data.get("end_date"))


def victims_of(data: Mapping[str, Any]) -> Counter[str]:
    """One record's victims by sex: each person once, each group ``size`` times (unknown sex)."""
    counts: Counter[str] = Counter(p.get("sex") or "unknown" for p in data.get("people", []))
    counts["unknown"] += sum(int(g.get("size", 0)) for g in data.get("groups", []))
    return +counts


def month_key(date: str) -> str:
    """``2019-05-21`` and ``2019-05`` -> ``2019-05``; ``2019`` stays ``2019``."""
    return date[:7]


def _ordered(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0])))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def describe(filters: Filters) -> list[str]:
    """The filters in words, for the heading of a report. Under ``--public`` only the filters
    whose values cannot hold a name, whoever asks (:func:`.publication.public_scope`): a
    person's name given as a filter is never echoed in a public report."""
    parts = []
    for label, values in (
        ("country", filters.countries),
        ("year", filters.years),
        ("type", filters.types),
        ("person", filters.persons),
        ("role", filters.roles),
        ("tag", filters.tags),
        ("case", filters.cases),
        ("status", filters.statuses),
        ("source language", filters.langs),
    ):
        if values:
            parts.append(f"{label} {' or '.join(str(v) for v in values)}")
    if filters.since:
        parts.append(f"since {filters.since}")
    if filters.until:
        parts.append(f"until {filters.until}")
    if filters.public:
        from incidentctl.views.publication import public_scope

        parts.append("public (confidential records and names withheld)")
        return public_scope(filters, parts)
    return parts


def country_name(code: str) -> str:
    """``KZ`` -> ``Kazakhstan (KZ)``, for people rather than scripts."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    name = getattr(country, "common_name", None) or getattr(country, "name", None)
    return f"{name} ({code})" if name else code


def label(section: str, key: str) -> str:
    """How a section's key reads in a table (country names spelled out, sexes labelled)."""
    if section == "by_sex":
        from incidentctl.record.vocab import SEX_LABELS

        return SEX_LABELS.get(key, key)
    return country_name(key) if section == "by_country" else key


def bar_length(count: int, largest: int, width: int) -> int:
    """Bar of ``count`` scaled so ``largest`` fills ``width``; never empty for a non-zero count."""
    if count <= 0 or largest <= 0:
        return 0
    return max(1, round(count * width / largest))
