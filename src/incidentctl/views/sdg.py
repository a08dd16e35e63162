"""The SDG 16.10.1 count (SPEC §7): verified cases of killing, kidnapping, enforced
disappearance, arbitrary detention and torture of journalists and media workers, trade
unionists and human-rights defenders, each case counted once.

A **case** is one victim × one violation in the period. The OHCHR methodology counts victims,
not reports, so the same case told by three records counts once:

- a *person* is recognised across records by the ``people`` merging rule
  (:mod:`incidentctl.views.people`: a name or alias of one folds equal to one of the other);
  a *group* (``groups[]``, victims not named one by one) only within its own record, since
  nothing tells two unnamed groups apart; a group counts ``size`` cases per violation;
- only records with ``verification: verified`` count; a record of the period that reports a
  counted violation but adds no case is listed in ``not_counted`` with the reason, so that an
  analyst sees what is missing; withdrawn records are never counted nor listed (they are
  duplicates or mistakes, and counting them is the double count this rule prevents);
- the violation comes from the act's ``type`` (a victim without ``acts`` suffered every type
  of the record) through :data:`VIOLATIONS`; the act must overlap the period (its own dates,
  else the record's);
- the victim group from the roles, the first of :data:`VICTIM_GROUPS` that applies (roles are
  pooled over every verified record naming the person); no such role: not counted;
- sex from ``sex`` (the earliest record that says it; absent everywhere: ``unknown``);
- the perpetrator side from the categories of the act's perpetrators, else of the record's:
  ``state`` if any is a state category, else ``non-state`` if any is one, else ``unknown``
  (pooled over the records reporting the case).

The count works on plain record data (``Record.to_data()``), so that it needs nothing but
what the files hold. Names come from a second copy, the data as shown: under ``--public``
that is the published data, where a confidential person is "(name withheld)" and a
confidential group's description is withheld, while both still count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from incidentctl.record.vocab import perpetrator_side

if TYPE_CHECKING:
    import datetime as dt

    from incidentctl.index.filters import Filters

INDICATOR = "sdg-16.10.1"

VIOLATIONS: Mapping[str, str] = {
    "killing": "killing",
    "kidnapping": "kidnapping",
    "enforced-disappearance": "enforced-disappearance",
    "arrest-detention": "arbitrary-detention",
    "torture-ill-treatment": "torture",
}
"""Incident type -> the violation SDG 16.10.1 counts; other types are not counted."""

VIOLATION_LABELS: Mapping[str, str] = {
    "killing": "Killing",
    "kidnapping": "Kidnapping",
    "enforced-disappearance": "Enforced disappearance",
    "arbitrary-detention": "Arbitrary detention",
    "torture": "Torture",
}

VICTIM_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("journalists-and-media-workers", frozenset({"journalist", "media-worker"})),
    ("trade-unionists", frozenset({"trade-unionist"})),
    ("human-rights-defenders", frozenset({"human-rights-defender", "lawyer", "activist"})),
)
"""Victim groups in order: a victim counts in the first whose roles it has."""

VICTIM_GROUP_LABELS: Mapping[str, str] = {
    "journalists-and-media-workers": "Journalists and media workers",
    "trade-unionists": "Trade unionists",
    "human-rights-defenders": "Human-rights defenders",
}

SIDE_LABELS: Mapping[str, str] = {"state": "State", "non-state": "Non-state", "unknown": "Unknown"}

NOT_VERIFIED = "not verified"
NO_VICTIM = "no victim recorded"
NO_COUNTED_ACT = "no victim suffered a counted violation"
NO_COUNTED_GROUP = (
    "no victim is a journalist, media worker, trade unionist or human-rights defender"
)
OUT_OF_PERIOD = "the violation falls outside the period"


@dataclass
class _Case:
    """One victim × one violation, as the reporting records describe it."""

    violation: str
    group: str
    incident: str
    """The shown id of the earliest record reporting it."""
    victim: str
    date: str
    size: int
    sex: str = "unknown"
    sides: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class SdgFigures:
    """The count in the SPEC §7 JSON shape, and what headings need."""

    since: str | None
    until: str | None
    total: int
    by_violation: dict[str, int]
    by_victim_group: dict[str, int]
    by_sex: dict[str, int]
    by_perpetrator: dict[str, int]
    cases: list[dict[str, Any]]
    not_counted: list[dict[str, str]]
    scope: list[str] = field(default_factory=list)
    public: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": INDICATOR,
            "period": {"since": self.since, "until": self.until},
            "total": self.total,
            "by_violation": dict(self.by_violation),
            "by_victim_group": dict(self.by_victim_group),
            "by_sex": dict(self.by_sex),
            "by_perpetrator": dict(self.by_perpetrator),
            "cases": [dict(c) for c in self.cases],
            "not_counted": [dict(n) for n in self.not_counted],
        }


BREAKDOWNS = (
    ("by_violation", "By violation", "Violation"),
    ("by_victim_group", "By victim group", "Victim group"),
    ("by_sex", "By sex", "Sex"),
    ("by_perpetrator", "By perpetrator", "Perpetrator"),
)
"""The breakdowns in report order: JSON key, heading, what a key is."""


def count(
    pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
    filters: Filters,
    since: dt.date | None = None,
    until: dt.date | None = None,
    scope: Sequence[str] = (),
) -> SdgFigures:
    """The SDG 16.10.1 count of records given as ``(data, shown)`` pairs.

    ``data`` is the record's full plain data (what counts), ``shown`` the same record as the
    output may show it (its id and names; under ``--public`` the published data).
    ``filters`` decides which acts fall in the period; ``since``/``until`` are the period
    printed (by default the one the filters describe).
    """
    from incidentctl.record.dates import PartialDate
    from incidentctl.record.names import fold_name
    from incidentctl.views.people import Merger

    chosen = sorted(
        ((d, s) for d, s in pairs if not d.get("withdrawn")),
        key=lambda pair: (PartialDate.parse_iso(pair[0]["date"]).start(), pair[0]["id"]),
    )
    # Every verified person mention joins the people merge first, so that a person's
    # identity (and the roles pooled over the records naming them) does not depend on the
    # order records are met.
    merger = Merger()
    verified = [(d, s) for d, s in chosen if d.get("verification") == "verified"]
    for data, _ in verified:
        for person in data.get("people", []):
            names = list(dict.fromkeys((person["name"], *person.get("aliases", []))))
            merger.add(data["id"], names[0], names, [fold_name(n) or n for n in names])

    def identity(key: str) -> str:
        return merger.find(key) if key in merger.parent else key

    roles: dict[str, set[str]] = {}
    for data, shown in verified:
        for victim in _victims(data, shown, identity):
            roles.setdefault(victim.key, set()).update(victim.roles)

    cases: dict[tuple[str, str], _Case] = {}
    not_counted: list[dict[str, str]] = []
    for data, shown in chosen:
        victims = _victims(data, shown, identity)
        mapped = [
            (victim, VIOLATIONS[act["type"]], act)
            for victim in victims
            for act in victim.acts
            if act["type"] in VIOLATIONS
        ]
        if not mapped and not (set(data["types"]) & set(VIOLATIONS)):
            continue
        reason = _reason(data, victims, mapped, filters, roles)
        if reason is not None:
            not_counted.append({"incident": shown["id"], "reason": reason})
            continue
        sides = _record_sides(data)
        for victim, violation, act in mapped:
            group = _group_of(roles.get(victim.key, ()))
            if group is None or not _in_period(act, data, filters):
                continue
            key = (victim.key, violation)
            case = cases.get(key)
            if case is None:
                case = cases[key] = _Case(
                    violation=violation,
                    group=group,
                    incident=shown["id"],
                    victim=victim.name,
                    date=act.get("date") or data["date"],
                    size=victim.size,
                )
            if case.sex == "unknown" and victim.sex != "unknown":
                case.sex = victim.sex
            named = act.get("perpetrators")
            case.sides |= _sides(data, named) if named else sides
    counted = sorted(cases.values(), key=lambda c: (c.date, c.incident, c.victim))
    by_violation: Counter[str] = Counter()
    by_group: Counter[str] = Counter()
    by_sex: Counter[str] = Counter()
    by_side: Counter[str] = Counter()
    for case in counted:
        by_violation[case.violation] += case.size
        by_group[case.group] += case.size
        by_sex[case.sex] += case.size
        by_side[_side(case.sides)] += case.size
    period = filters.period()
    since = since or period[0]
    until = until or period[1]
    return SdgFigures(
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        total=sum(c.size for c in counted),
        by_violation=_ranked(by_violation),
        by_victim_group=_ranked(by_group),
        by_sex=_ranked(by_sex),
        by_perpetrator=_ranked(by_side),
        cases=[
            {
                "incident": c.incident,
                "victim": c.victim,
                "violation": c.violation,
                "date": c.date,
                **({"size": c.size} if c.size > 1 else {}),
            }
            for c in counted
        ],
        not_counted=not_counted,
        scope=list(scope),
        public=bool(filters.public),
    )


@dataclass(frozen=True)
class _Victim:
    key: str
    name: str
    size: int
    sex: str
    roles: set[str]
    acts: Sequence[Mapping[str, Any]]


def _victims(
    data: Mapping[str, Any], shown: Mapping[str, Any], identity: Callable[[str], str]
) -> list[_Victim]:
    """The record's people and groups, each with the acts it suffered."""
    from incidentctl.record.names import fold_name

    every_type = [{"type": t} for t in data["types"]]  # no acts: every type (SPEC §7)

    out = []
    shown_people = shown.get("people", [])
    for n, person in enumerate(data.get("people", [])):
        name = person["name"]
        out.append(
            _Victim(
                key="person:" + identity(fold_name(name) or name),
                name=shown_people[n]["name"] if n < len(shown_people) else name,
                size=1,
                sex=person.get("sex") or "unknown",
                roles=set(person.get("roles", [])),
                acts=person.get("acts") or every_type,
            )
        )
    shown_groups = shown.get("groups", [])
    for n, group in enumerate(data.get("groups", [])):
        out.append(
            _Victim(
                key=f"group:{data['id']}:{n}",
                name=(shown_groups[n] if n < len(shown_groups) else group)["description"],
                size=int(group["size"]),
                sex="unknown",  # a group has no one sex
                roles=set(group.get("roles", [])),
                acts=group.get("acts") or every_type,
            )
        )
    return out


def _reason(
    data: Mapping[str, Any],
    victims: list[_Victim],
    mapped: list[tuple[_Victim, str, Mapping[str, Any]]],
    filters: Filters,
    roles: Mapping[str, set[str]],
) -> str | None:
    """Why a record reporting a counted violation adds no case, or None when it does."""
    if data.get("verification") != "verified":
        return NOT_VERIFIED
    if not victims:
        return NO_VICTIM
    if not mapped:
        return NO_COUNTED_ACT
    eligible = [(v, act) for v, _, act in mapped if _group_of(roles.get(v.key, ())) is not None]
    if not eligible:
        return NO_COUNTED_GROUP
    if not any(_in_period(act, data, filters) for _, act in eligible):
        return OUT_OF_PERIOD
    return None


def _group_of(roles: Iterable[str]) -> str | None:
    held = set(roles)
    return next((group for group, wanted in VICTIM_GROUPS if held & wanted), None)


def _in_period(act: Mapping[str, Any], data: Mapping[str, Any], filters: Filters) -> bool:
    from incidentctl.record.dates import PartialDate

    first = act.get("date") or data["date"]
    last = act.get("end_date") or (None if act.get("date") else data.get("end_date"))
    return filters.overlaps(*PartialDate.span_iso(first, last))


def _categories(data: Mapping[str, Any]) -> dict[str, str]:
    """Perpetrator name -> category (text alone, the v1 form, means ``unknown``).

    On plain data, as ``record.model.perpetrator_category`` says, without importing the model:
    building the pydantic models costs more than the whole count at 10,000 records."""
    return {
        p if isinstance(p, str) else p["name"]: "unknown" if isinstance(p, str) else p["category"]
        for p in data.get("perpetrators", [])
    }


def _sides(data: Mapping[str, Any], names: Iterable[str]) -> set[str]:
    categories = _categories(data)
    return {perpetrator_side(categories.get(name, "unknown")) for name in names}


def _record_sides(data: Mapping[str, Any]) -> set[str]:
    return {perpetrator_side(c) for c in _categories(data).values()}


def _side(sides: set[str]) -> str:
    for side in ("state", "non-state"):
        if side in sides:
            return side
    return "unknown"


def _ranked(counts: Counter[str]) -> dict[str, int]:
    """Counts above zero, largest first, then by key (a stable order for every format)."""
    return dict(sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])))
