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
from collections.abc import Callable, Iterable, Mapping
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

_SCALARS = {"countries": "country", "types": "type", "tags": "tag", "related": "related_id"}
"""Record lists of plain values: the table (named as the field) and its value column."""
_AS_DECLARED: dict[Kind, Callable[[Any], Any]] = {
    Kind.BOOLEAN: bool,  # absent means false, as in the model
    Kind.TEXT_LIST: lambda items: list(items or []),
}


def _row(table: Table, values: Mapping[str, Any]) -> Row:
    """A row from values named by column: order comes from the declaration alone, so that a
    column added or moved there cannot shift the others."""
    return tuple(_AS_DECLARED.get(c.kind, _same)(values.get(c.name)) for c in table.columns)


def _same(value: Any) -> Any:
    return value


def _span(start: str | None, end: str | None = None) -> dict[str, dt.date | None]:
    """``date_start`` and ``date_end``: first and last day of a partial date (to the end of
    ``end`` when there is one)."""
    if not start:
        return {}
    first, last = PartialDate.span_iso(start, end)
    return {"date_start": first, "date_end": last}


def tables_of(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Row]]:
    """The rows of every table (:data:`TABLES`, in its order) for records' plain data.

    Takes plain data (``Record.to_data()``, or the public form ``--public`` made), so that an
    export holds exactly what the other formats would: nothing is re-read or re-derived from
    the files.
    """
    out: dict[str, list[Row]] = {t.name: [] for t in TABLES}

    def add(table: str, values: Mapping[str, Any]) -> None:
        out[table].append(_row(BY_NAME[table], values))

    for r in records:
        rid = r["id"]
        withdrawn = {f"withdrawn_{k}": v for k, v in (r.get("withdrawn") or {}).items()}
        recorded = dt.date.fromisoformat(r["recorded"]) if r.get("recorded") else None
        year = int(r["date"][:4])
        dates = _span(r["date"], r.get("end_date"))
        add("incidents", {**r, **dates, **withdrawn, "year": year, "recorded": recorded})
        for table, column in _SCALARS.items():
            for i, value in enumerate(r.get(table) or []):
                add(table, {"incident_id": rid, "position": i, column: value})
        for i, value in enumerate(r.get("external_ids") or []):
            scheme = value.partition(":")[0]
            item = {"external_id": value, "scheme": scheme}
            add("external_ids", {"incident_id": rid, "position": i, **item})
        for i, p in enumerate(r.get("perpetrators") or []):
            named = {"name": perpetrator_name(p), "category": perpetrator_category(p)}
            add("perpetrators", {"incident_id": rid, "position": i, **named})
        for i, s in enumerate(r.get("sources") or []):
            published = {f"published_{k[5:]}": v for k, v in _span(s.get("published")).items()}
            add("sources", {**s, **published, "incident_id": rid, "position": i})
        for i, x in enumerate(r.get("responses") or []):
            add("responses", {**x, **_span(x["date"]), "incident_id": rid, "position": i})
        for victims, acts, key in (
            ("people", "person_acts", "person_position"),
            ("groups", "group_acts", "group_position"),
        ):
            for i, victim in enumerate(r.get(victims) or []):
                add(victims, {**victim, "incident_id": rid, "position": i})
                for j, act in enumerate(victim.get("acts") or []):
                    dates = _span(act.get("date"), act.get("end_date"))
                    add(acts, {**act, **dates, "incident_id": rid, key: i, "position": j})
    return out
