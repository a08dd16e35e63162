"""The records as related tables: the one declared layout of ``export --format sqlite`` and
``export --format parquet``.

Every list of a record is a table of its own, keyed by the incident's id and the item's
position (counted from 0, as in field paths: ``sources[1]`` is the row of position 1), so that
any SQL tool can join, count and facet. Lists of plain words inside an item (a person's
aliases and roles, an act's perpetrators) stay one column of type :attr:`Kind.TEXT_LIST`: a
list in Parquet, a JSON array in SQLite.

The columns and their types are declared here, never inferred from the data: an export with no
records has the same columns as a full one, and a date column is a date even when every value
is missing. Partial dates stay text as recorded (``2019-05``), beside ``date_start`` and
``date_end``, the first and last day they may mean (ISO days), for arithmetic and ranges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from incidentctl.record.dates import PartialDate
from incidentctl.record.model import perpetrator_category, perpetrator_name


class Kind(StrEnum):
    """A column's type, named once and mapped by each writer to its own types."""

    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    TEXT_LIST = "text list"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Table:
    """One table: its columns, its key, the table its rows belong to, and its full-text columns."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    parent: tuple[str, tuple[str, ...]] | None = None
    """The table each row belongs to and that table's key: the first columns of this table's
    key (``incident_id``, then ``person_position`` or ``group_position``) point at it."""

    @property
    def parent_columns(self) -> tuple[str, ...]:
        """This table's columns that hold the parent's key."""
        if self.parent is None:
            return ()
        return tuple(c for c in self.key if c != "position")[: len(self.parent[1])]

    text: tuple[str, ...] = ()
    """Columns of free text a full-text index covers (``<name>_fts`` in SQLite)."""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


T, N, B, D, L = Kind.TEXT, Kind.INTEGER, Kind.BOOLEAN, Kind.DATE, Kind.TEXT_LIST


def _cols(*spec: str | tuple[str, Kind]) -> tuple[Column, ...]:
    return tuple(Column(s) if isinstance(s, str) else Column(*s) for s in spec)


_ITEM = (("incident_id", T), ("position", N))
_OF_INCIDENT = ("incidents", ("id",))
_DATES = (("date_start", D), ("date_end", D))
_ACT = ("type", "date", "end_date", *_DATES, ("perpetrators", L))


def _list_table(name: str, *spec: str | tuple[str, Kind], text: tuple[str, ...] = ()) -> Table:
    return Table(name, _cols(*_ITEM, *spec), ("incident_id", "position"), _OF_INCIDENT, text=text)


TABLES: tuple[Table, ...] = (
    Table(
        "incidents",
        _cols(
            "id",
            "title",
            "date",
            "end_date",
            *_DATES,
            ("year", N),
            "date_note",
            "location",
            "subdivision",
            "status",
            "verification",
            "outcome",
            "summary",
            "public_title",
            "public_summary",
            "case",
            ("confidential", B),
            "withdrawn_date",
            "withdrawn_reason",
            "withdrawn_duplicate_of",
            ("recorded", D),
        ),
        ("id",),
        text=("title", "summary", "outcome", "date_note", "location"),
    ),
    _list_table("countries", "country"),
    _list_table("types", "type"),
    _list_table(
        "people",
        "name",
        ("aliases", L),
        ("roles", L),
        ("confidential", B),
        "sex",
        "age_group",
        text=("name", "aliases"),
    ),
    Table(
        "person_acts",
        _cols(("incident_id", T), ("person_position", N), ("position", N), *_ACT),
        ("incident_id", "person_position", "position"),
        ("people", ("incident_id", "position")),
    ),
    _list_table(
        "groups",
        "description",
        ("size", N),
        ("roles", L),
        ("confidential", B),
        text=("description",),
    ),
    Table(
        "group_acts",
        _cols(("incident_id", T), ("group_position", N), ("position", N), *_ACT),
        ("incident_id", "group_position", "position"),
        ("groups", ("incident_id", "position")),
    ),
    _list_table("perpetrators", "name", "category", text=("name",)),
    _list_table(
        "sources",
        "url",
        "title",
        "publisher",
        "language",
        "published",
        ("published_start", D),
        ("published_end", D),
        "archived_url",
        "type",
        text=("title", "publisher"),
    ),
    _list_table("responses", "date", *_DATES, "by", "kind", "url", text=("by",)),
    _list_table("related", "related_id"),
    _list_table("external_ids", "external_id", "scheme"),
    _list_table("tags", "tag"),
)
"""Every table, each after the table its rows belong to (the order to create and fill them)."""

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

Row = tuple[Any, ...]
"""Values in the order of the table's columns: str, int, bool, datetime.date, list[str], None."""


def _span(start: str | None, end: str | None = None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of a partial date (to the end of ``end`` when there is one)."""
    if not start:
        return None, None
    first = PartialDate.parse_iso(start)
    last = PartialDate.parse_iso(end).end() if end else first.end()
    return first.start(), max(last, first.end())


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _act_rows(incident: str, victim: int, acts: Sequence[Mapping[str, Any]]) -> list[Row]:
    return [
        (
            incident,
            victim,
            j,
            act.get("type"),
            act.get("date"),
            act.get("end_date"),
            *_span(act.get("date"), act.get("end_date")),
            list(act.get("perpetrators") or []),
        )
        for j, act in enumerate(acts)
    ]


def tables_of(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Row]]:
    """The rows of every table (:data:`TABLES`, in its order) for records' plain data.

    Takes plain data (``Record.to_data()``, or the public form ``--public`` made), so that an
    export holds exactly what the other formats would: nothing is re-read or re-derived from
    the files.
    """
    out: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for r in records:
        rid = r["id"]
        withdrawn = r.get("withdrawn") or {}
        date_start, date_end = _span(r["date"], r.get("end_date"))
        out["incidents"].append(
            (
                rid,
                r["title"],
                r["date"],
                r.get("end_date"),
                date_start,
                date_end,
                int(r["date"][:4]),
                r.get("date_note"),
                r.get("location"),
                r.get("subdivision"),
                r["status"],
                r.get("verification"),
                r.get("outcome"),
                r["summary"],
                r.get("public_title"),
                r.get("public_summary"),
                r.get("case"),
                bool(r.get("confidential", False)),
                withdrawn.get("date"),
                withdrawn.get("reason"),
                withdrawn.get("duplicate_of"),
                _day(r.get("recorded")),
            )
        )
        items = _lists(r)
        for name, values in items.items():
            out[name] += [(rid, i, *v) for i, v in enumerate(values)]
        for i, person in enumerate(r.get("people") or []):
            out["person_acts"] += _act_rows(rid, i, person.get("acts") or [])
        for i, group in enumerate(r.get("groups") or []):
            out["group_acts"] += _act_rows(rid, i, group.get("acts") or [])
    return out


def _lists(r: Mapping[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
    """The items of a record's lists as the columns after ``incident_id`` and ``position``."""
    return {
        "countries": [(c,) for c in r.get("countries") or []],
        "types": [(t,) for t in r.get("types") or []],
        "people": [
            (
                p["name"],
                list(p.get("aliases") or []),
                list(p.get("roles") or []),
                bool(p.get("confidential", False)),
                p.get("sex"),
                p.get("age_group"),
            )
            for p in r.get("people") or []
        ],
        "groups": [
            (
                g["description"],
                g["size"],
                list(g.get("roles") or []),
                bool(g.get("confidential", False)),
            )
            for g in r.get("groups") or []
        ],
        "perpetrators": [
            (perpetrator_name(p), perpetrator_category(p)) for p in r.get("perpetrators") or []
        ],
        "sources": [
            (
                s.get("url"),
                s.get("title"),
                s.get("publisher"),
                s.get("language"),
                s.get("published"),
                *_span(s.get("published")),
                s.get("archived_url"),
                s.get("type"),
            )
            for s in r.get("sources") or []
        ],
        "responses": [
            (x["date"], *_span(x["date"]), x["by"], x["kind"], x.get("url"))
            for x in r.get("responses") or []
        ],
        "related": [(x,) for x in r.get("related") or []],
        "external_ids": [(x, x.partition(":")[0]) for x in r.get("external_ids") or []],
        "tags": [(x,) for x in r.get("tags") or []],
    }
