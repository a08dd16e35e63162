"""The public gate: what ``--public`` may show, decided from the record files alone (SPEC §10).

Before any public output every record file is read through the one reader
(:func:`incidentctl.files.reader.read_record`, shared by the worker pool), never from the derived
index, which can be damaged or stale. From that reading come the confidential records, the
withholding (every name and alias of every person confidential in any record, merged across
records by the ``people`` rule) and the published data. The index may still choose which
records match and in what order; the gate drops every record the files call confidential and
hands out the files' content, so a damaged index can at worst leave a record out.

It fails closed: if one file cannot be read or one folder cannot be listed, the names in it
cannot be known and nothing can be withheld safely, so the command refuses (exit 1). The
refusal names no file: a confidential record's file name holds its title, and ``--public``
output (stderr included) may reach the people it is about. ``incidentctl validate`` (without
``--public``) shows the paths to the analyst.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from incidentctl.errors import IncidentctlError, Problem
from incidentctl.files.store import UNLISTABLE
from incidentctl.index.filters import Filters, parse_sort

if TYPE_CHECKING:
    from incidentctl.files.store import Store
    from incidentctl.record.model import Record
    from incidentctl.views.privacy import Withholding

GATE_POOL_MIN = 50_000
"""Records from which the gate reads in worker processes: a record crosses back pickled (about
0.4 ms each to dump and load at 10,000 records, as much as reading it), so on two cores the
pool saved about 1 s of 5 when the machine was idle and cost 4 s when it was loaded."""

SAFE_FILTERS = ("year", "country", "type", "role", "status", "source language", "since", "until")
"""Filters whose values cannot hold a name: the only ones a public report may describe."""


class PublicRefused(IncidentctlError):
    """``--public`` when some record file or folder cannot be read (exit 1)."""


@dataclass(frozen=True)
class Gate:
    """The data set as the files say it is: ``records`` by id (confidential ones included, so
    that their ids are known), and what ``--public`` withholds."""

    records: dict[str, Record]
    withholding: Withholding

    def publishable(self, record_id: str) -> Record | None:
        """The record of an original id, if the files say it may be published."""
        record = self.records.get(record_id)
        return None if record is None or record.confidential else record

    def resolve(self, public_id: str) -> Record | None:
        """The public record published as ``public_id``; None for any other id (an unknown
        one, a confidential record's, or an original id that holds a withheld name)."""
        original = self.withholding.original_id(public_id) or public_id
        record = self.publishable(original)
        if record is None or self.withholding.public_id(original) != public_id:
            return None
        return record

    def publish(
        self, record_ids: Iterable[str], sort: str | None = None, limit: int | None = None
    ) -> list[tuple[Record, dict[str, Any]]]:
        """The public ones of ``record_ids`` and their published data (in the order given, or
        by ``sort`` on the published values), at most ``limit``."""
        from incidentctl.views.privacy import public_data

        chosen = [r for r in map(self.publishable, record_ids) if r is not None]
        shown = [(record, public_data(record, self.withholding)) for record in chosen]
        if sort is not None:
            key, reverse = parse_sort(sort)
            shown.sort(key=lambda pair: _sort_key(key, *pair), reverse=reverse)
        return shown if limit is None else shown[:limit]

    def publish_ids(
        self, record_ids: Iterable[str], sort: str | None = None, limit: int | None = None
    ) -> list[str]:
        """The published ids of :meth:`publish`, without publishing each record's data
        unless sorting by title needs it (``--format ids`` at scale)."""
        if sort is not None and parse_sort(sort)[0] == "title":
            return [data["id"] for _, data in self.publish(record_ids, sort, limit)]
        chosen = [r for r in map(self.publishable, record_ids) if r is not None]
        shown = [(r, {"id": self.withholding.public_id(r.id), "title": ""}) for r in chosen]
        if sort is not None:
            key, reverse = parse_sort(sort)
            shown.sort(key=lambda pair: _sort_key(key, *pair), reverse=reverse)
        ids = [data["id"] for _, data in shown]
        return ids if limit is None else ids[:limit]


def _sort_key(key: str, record: Record, data: dict[str, Any]) -> tuple[str, str]:
    """What ``--sort key`` compares under ``--public``: published title and id, and the
    fields that cannot hold a name (date, recorded, country, status) as the index does."""
    primary = {
        "date": lambda: str(record.date),
        "id": lambda: "",
        "title": lambda: data["title"],
        "recorded": lambda: str(record.recorded),
        "country": lambda: record.countries[0],
        "status": lambda: record.status,
    }[key]()
    return primary, data["id"]


def open_gate(store: Store) -> Gate:
    """Read every record file of the data set; refuse if any file or folder cannot be read."""
    import os

    from incidentctl.pool import map_chunks

    listing = store.listing()
    data_dir = str(store.data_dir)
    files = [os.path.relpath(p, data_dir) for p in listing.files]
    problems = list(listing.skipped)
    every: list[Record] = []
    for part in map_chunks(_read, store, files, minimum=GATE_POOL_MIN):
        for record, problem in part:
            if record is not None:
                every.append(record)
            if problem is not None:
                problems.append(problem)
    if problems:
        raise PublicRefused(refusal(problems))
    records: dict[str, Record] = {}
    for record in every:  # two files with one id: a confidential copy hides them both
        if record.id not in records or record.confidential:
            records[record.id] = record
    return Gate(records, withholding_from(every))


def _read(store: Store, files: list[str]) -> list[tuple[Record | None, Problem | None]]:
    """Worker: each file's record, or its first problem."""
    from incidentctl.files.reader import read_record

    out: list[tuple[Record | None, Problem | None]] = []
    for rel in files:
        read = read_record(store, store.data_dir / rel)
        out.append((read.record, None if read.record else read.problems[0]))
    return out


def refusal(problems: list[Problem]) -> str:
    """Why ``--public`` refuses, in words that name no file (see the module docstring)."""
    folders = sum(1 for p in problems if p.message == UNLISTABLE)
    files = len(problems) - folders
    parts = []
    if files:
        parts.append(f"{files} record file(s) cannot be read")
    if folders:
        parts.append(f"{folders} folder(s) under data/incidents cannot be listed")
    return (
        f"--public refused: {' and '.join(parts)}, so the names they hold cannot be withheld. "
        "Run `incidentctl validate` (without --public) to see which and fix them; "
        "nothing was written."
    )


def withholding_from(records: Iterable[Record]) -> Withholding:
    """Every name and alias of every confidential person, a person being confidential in
    every record once marked so in one (names merged as ``people`` merges them)."""
    from incidentctl.record.names import fold_name
    from incidentctl.views.people import people
    from incidentctl.views.privacy import Links, Withholding

    rows = sorted(records, key=lambda r: (str(r.recorded), r.id))
    secret = {
        fold_name(name) or name
        for record in rows
        for person in record.people
        if person.confidential
        for name in (person.name, *person.aliases)
    }
    names: list[str] = []
    if secret:
        mentions = [
            {
                "id": record.id,
                "people": [{"name": p.name, "aliases": list(p.aliases)} for p in record.people],
            }
            for record in rows
            if record.people
        ]
        for entry in people(mentions):
            if any((fold_name(v) or v) in secret for v in entry["variants"]):
                names.extend(entry["variants"])
    return Withholding(names, links=[Links.of(r) for r in rows])


def public_scope(filters: Filters, described: list[str]) -> list[str]:
    """A public report's "Filters:" line: only filters that cannot hold a name (``described``
    is the full description), and that others were applied, never their values."""
    safe = [
        part for part in described if part.startswith(SAFE_FILTERS) or part.startswith("public")
    ]
    hidden = bool(filters.persons or filters.tags or filters.cases)
    return [*safe, *(["further filters (not shown)"] if hidden else [])]


__all__ = ["Gate", "PublicRefused", "open_gate", "public_scope", "refusal", "withholding_from"]
