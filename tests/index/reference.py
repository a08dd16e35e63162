"""The plain-Python reference the index is tested against: which records pass a filter,
and in what order. Kept out of the package: only tests ask records one by one."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from incidentctl.index.filters import Filters, parse_sort
from incidentctl.record.model import Record


def matches(filters: Filters, record: Record, withheld: Collection[str] = ()) -> bool:
    """Does one record pass every filter?

    ``withheld``: under ``--public``, the data set's confidential names
    (:func:`incidentctl.views.privacy.withheld_names`), which ``--person`` never finds.
    """
    if filters.public and record.confidential:
        return False
    if filters.countries and not set(filters.countries) & set(record.countries):
        return False
    if filters.types and not set(filters.types) & set(record.types):
        return False
    if filters.statuses and record.status not in filters.statuses:
        return False
    if filters.cases and record.case not in filters.cases:
        return False
    if filters.tags and not set(filters.tags) & set(record.tags):
        return False
    if filters.roles and not any(set(filters.roles) & set(p.roles) for p in record.people):
        return False
    if filters.langs and not any(s.language in filters.langs for s in record.sources):
        return False
    if not filters.overlaps(*record.period()):
        return False
    return not (filters.persons and not matches_person(filters, record, withheld))


def matches_person(filters: Filters, record: Record, withheld: Collection[str] = ()) -> bool:
    """Does a name or alias of one of the record's people match a ``--person`` query?

    Under ``--public`` only the names the public version of the record shows count.
    """
    from incidentctl.record.names import names_match

    for name in searchable_names(filters, record, withheld):
        if any(names_match(q, name) for q in filters.persons):
            return True
    return False


def searchable_names(filters: Filters, record: Record, withheld: Collection[str] = ()) -> list[str]:
    """Every name and alias ``--person`` looks at: all of them, or under ``--public`` those
    that :func:`~incidentctl.views.privacy.public_data` leaves visible."""
    if not filters.public:
        return [n for p in record.people for n in (p.name, *p.aliases)]
    from incidentctl.views.privacy import WITHHELD, public_data

    shown = public_data(record, withheld).get("people", [])
    return [
        n
        for p in shown
        if not p.get("confidential")
        for n in (p["name"], *p.get("aliases", []))
        if WITHHELD not in n
    ]


def sort_records(records: Sequence[Record], sort: str | None) -> list[Record]:
    """Default order: by date (coarser first on a tie: string order), then id. ``-key`` reverses.

    The index sorts the same way in SQL (see ``index/search.py``).
    """
    key, reverse = parse_sort(sort)

    def sort_key(r: Record) -> tuple[str, str]:
        if key == "country":
            return (r.countries[0], r.id)
        if key == "id":
            return (r.id, "")
        return (str(getattr(r, key)), r.id)

    return sorted(records, key=sort_key, reverse=reverse)
