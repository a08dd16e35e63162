"""`validate`: schema problems of each file plus the checks that need the whole data set.

Nothing is parsed twice: the index, refreshed first (through the one reader,
:func:`.files.reader.read_record`, and the one pool), holds each file's problem and document,
and the checks read them from there, keeping of each valid record only what they need
(:class:`Seen`). A file's text is read again, and its position found, only when a problem is
reported in it; an invalid file is read again for all of its problems. Checking a few files
(``--changed``, PATH arguments) makes only the checks that involve them.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from incidentctl.errors import Problem
from incidentctl.files.positions import Positions
from incidentctl.files.store import Store
from incidentctl.pool import map_chunks
from incidentctl.record.dates import PartialDate

if TYPE_CHECKING:
    from incidentctl.record.model import Record

NEARBY_DAYS = 7
"""Two incidents about the same person this close together may be one incident."""
TITLE_SIMILARITY = 92.0
"""rapidfuzz ratio above which two titles are 'near-identical'."""
CHECKS_CACHE_KB = 4096
"""SQLite's page cache while the checks read the refreshed index (4 MB, not the build's 32 MB):
they read each table once, in order, and at 100,000 records the larger cache was a tenth of
the first ``validate``'s peak memory."""
MAX_NAME_BUCKET = 300
"""A search key shared by more names than this (a common prefix) pairs none of them."""
NAME_BUCKETS_CHUNK = 20
"""Buckets of names compared in one piece of work (shared with the worker pool when many).
Small, because bucket sizes vary a lot: with 500 a few heavy chunks kept one worker busy while
the other idled (validate at 10,000 records: 41 s at 500, 25 s at 50, 22.5 s at 20, measured
beside 22.2 s for the code before issue 10)."""


@dataclass
class Report:
    """What `validate` found: the number of valid files, errors and warnings."""

    valid: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def row(p: Problem) -> dict[str, Any]:
            return {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "field": p.field,
                "message": p.message,
            }

        return {
            "valid": self.valid,
            "errors": [row(p) for p in self.errors],
            "warnings": [row(p) for p in self.warnings],
        }


@dataclass(slots=True)
class Seen:
    """What the cross-record checks need of one valid record (not the record, not its text)."""

    path: str
    id: str
    date: PartialDate
    types: tuple[str, ...]
    title: str
    countries: tuple[str, ...]
    people: tuple[tuple[str, tuple[str, ...]], ...]
    """(name, aliases) of each person."""
    related: tuple[str, ...]
    external_ids: tuple[str, ...] = ()
    duplicate_of: str | None = None
    """``withdrawn.duplicate_of`` (schema v2)."""


# -- what the index knows ------------------------------------------------------------------


@dataclass
class Known:
    """What the refreshed index holds for the checks: each record file's state, and the ids.

    ``seen`` has the records the checks look at (every one, or only those of the files asked
    about); ``bad`` the files whose problem the index stored; ``ids`` the files of every id.
    """

    seen: dict[str, Seen] = field(default_factory=dict)
    bad: set[str] = field(default_factory=set)
    ids: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    withdrawn: set[str] = field(default_factory=set)
    """The ids of withdrawn records (schema v2), in the whole data set."""
    external: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Each external id -> the files of the records that list it, in the whole data set."""


def _known(store: Store, wanted: set[str] | None) -> Known:
    """Refresh the index and read from it what the checks need (``wanted``: paths relative to
    data/incidents whose records are needed; None: all). No record file is parsed again.

    The checks read documents, facets and their own tables, never the full text, so the
    refresh leaves the full text to the first query that searches words (``text=False``: at
    10,000 records that fill was 13 of the first ``validate``'s seconds)."""
    from incidentctl.errors import IncidentctlError
    from incidentctl.index import db

    try:
        return db.run(
            store, lambda conn: _read_known(conn, str(store.data_dir), wanted), text=False
        )
    except IncidentctlError:  # no index can be built here (no FTS5): the files still answer
        return _known_from_files(store)


def _known_from_files(store: Store) -> Known:
    """What :func:`_read_known` gives, read from the files (the one reader, the one pool)."""
    data_dir = str(store.data_dir)
    files = [os.path.relpath(p, data_dir).replace(os.sep, "/") for p in store.listing().files]
    known = Known()
    shared: dict[Any, Any] = {}
    dates: dict[str, PartialDate] = {}
    for documents in map_chunks(_documents, store, files):
        for rel, data in documents:
            if data is None:
                known.bad.add(rel)
                continue
            known.ids[data["id"]].append(rel)
            known.seen[rel] = seen_of(os.path.join(data_dir, rel), data, shared, dates)
            if "withdrawn" in data:
                known.withdrawn.add(data["id"])
            for value in data.get("external_ids", ()):
                known.external[value].append(rel)
    return known


def _documents(store: Store, files: list[str]) -> list[tuple[str, dict[str, Any] | None]]:
    """The plain document of each valid file (None: it has a problem)."""
    from incidentctl.files.reader import read_record

    return [(rel, read_record(store, store.data_dir / rel).document) for rel in files]


def _read_known(
    conn: sqlite3.Connection, data_dir: str, wanted: set[str] | None, cached: bool = False
) -> Known:
    """What the checks need, from the index; ``cached``: each record's :class:`Seen` from the
    cache (:func:`.index.checks.seen_rows`) instead of its JSON document, when all are wanted."""
    from incidentctl.index import checks
    from incidentctl.index.docs import stored_documents

    known = Known()
    # Paths and ids are interned: the same text comes from here, the listing and each record's
    # values, and one object each instead of three is tens of MB at 100,000 records.
    intern = sys.intern
    for rel, record_id in checks.record_paths(conn):
        known.ids[intern(record_id)].append(intern(rel))
    known.bad = checks.bad_paths(conn)
    known.withdrawn = {record_id for _, _, record_id in checks.facet_holders(conn, "withdrawn")}
    for value, rel, _ in checks.facet_holders(conn, "external_id"):
        known.external[value].append(rel)
    shared: dict[Any, Any] = {}
    dates: dict[str, PartialDate] = {}
    if wanted is None and cached:

        def derive(paths: list[str]) -> Iterable[tuple[str, Any]]:
            for rel, doc in stored_documents(conn, set(paths)):
                yield rel, essentials(json.loads(doc))

        for rel, values in checks.seen_rows(conn, derive):
            path = intern(os.path.join(data_dir, rel))
            known.seen[intern(rel)] = _seen_from(path, values, shared, dates)
        return known
    rows = stored_documents(conn, wanted)
    for rel, doc in rows:
        path = intern(os.path.join(data_dir, rel))
        known.seen[intern(rel)] = seen_of(path, json.loads(doc), shared, dates)
    return known


def seen_of(
    path: str, data: dict[str, Any], shared: dict[Any, Any], dates: dict[str, PartialDate]
) -> Seen:
    """The :class:`Seen` of a record's plain data; values that recur (types, countries, dates,
    names) are one object each, so that 10^5 of them fit in the memory budget."""
    return _seen_from(path, essentials(data), shared, dates)


Essentials = tuple[Any, ...]
"""What :class:`Seen` holds but its path, as plain tuples and strings (cached by
:mod:`.index.checks`): id, date (ISO), types, title, countries, people, related, external
ids, duplicate_of."""


def essentials(data: dict[str, Any]) -> Essentials:
    """The :data:`Essentials` of a record's plain data."""
    return (
        data["id"],
        data["date"],
        tuple(data.get("types", ())),
        data["title"],
        tuple(data.get("countries", ())),
        tuple(
            (person["name"], tuple(person.get("aliases", ()))) for person in data.get("people", ())
        ),
        tuple(data.get("related", ())),
        tuple(data.get("external_ids", ())),
        (data.get("withdrawn") or {}).get("duplicate_of"),
    )


def _seen_from(
    path: str, values: Essentials, shared: dict[Any, Any], dates: dict[str, PartialDate]
) -> Seen:
    record_id, date, types, title, countries, people, related, external, duplicate_of = values
    if date not in dates:
        dates[date] = PartialDate.parse_iso(date)
    people = tuple(
        (shared.setdefault(name, name), shared.setdefault(aliases, aliases))
        for name, aliases in people
    )
    types_ = cast("tuple[str, ...]", shared.setdefault(types, types))
    countries_ = cast("tuple[str, ...]", shared.setdefault(countries, countries))
    return Seen(
        path,
        sys.intern(record_id),
        dates[date],
        types_,
        title,
        countries_,
        shared.setdefault(people, people),
        related,
        external,
        duplicate_of,
    )


def _seen_of_record(path: str, record: Record) -> Seen:
    return seen_of(path, record.to_data(), {}, {})


# -- the checks -----------------------------------------------------------------------------


def validate(
    store: Store, only: Iterable[Path] | None = None, warnings: bool = True, cache: bool = True
) -> Report:
    """Check every record file; report problems of ``only`` (default: all) files.

    The records come from the index (refreshed first: each file's problem and document, so
    nothing is parsed twice). Cross-record checks (duplicate ids, dangling ``related``, the
    warnings) look at the whole data set, so validating one changed file still catches a
    clash, but only the checks that involve a file of ``only`` are made: the cost follows the
    change. A file with a problem is read again for all of its problems (the index keeps the
    first).

    ``cache`` (:mod:`.index.checks`): the whole report of a data set whose files did not change
    since the last whole run is the stored one; each record's :class:`Seen` and each name's
    keys come from the index when their inputs did not change. The answer is the same either
    way (tests/fastpaths/test_validate_cache.py).
    """

    if only is not None and cache:  # a few files: only the records they share checks with
        only = list(only)
        focused = _validate_focused(store, only, warnings)
        if focused is not None:
            return focused
    files, skipped = store.listing_text()  # a path as text weighs a fraction of a Path
    files = [sys.intern(path) for path in files]  # one object per path: see _read_known
    wanted = None if only is None else {Path(p).resolve() for p in only}
    data_dir = str(store.data_dir)
    prefix = data_dir + os.sep

    def rel(path: str) -> str:
        if plain_dir and path.startswith(prefix):  # every listed file: no relpath
            return path[len(prefix) :].replace(os.sep, "/")
        return os.path.relpath(path, data_dir).replace(os.sep, "/")

    plain_dir = os.path.isabs(data_dir) and os.path.normpath(data_dir) == data_dir
    # A listed file is a regular file in a real year folder: its resolved path is the resolved
    # data folder joined with its name (one resolve, not one per file).
    real_data_dir = str(Path(data_dir).resolve())
    wanted_text = None if wanted is None else {str(p) for p in wanted}

    def selected(path: str) -> bool:
        return wanted_text is None or os.path.join(real_data_dir, rel(path)) in wanted_text

    chosen = files if wanted is None else [path for path in files if selected(path)]
    skipped_rows = [_row(p) for p in skipped]
    snapshot = _snapshot(
        store,
        None if wanted is None or warnings else {rel(p) for p in chosen},
        (lambda: map(rel, files)) if wanted is None and cache else None,
        skipped_rows,
        cache,
        warnings,
    )
    if snapshot.cached is not None:
        valid, errors, found = snapshot.cached
        return Report(
            valid, [Problem(*p) for p in errors], [Problem(*p) for p in found] if warnings else []
        )
    known = snapshot.known
    report = Report()
    for problem in skipped:
        if wanted is None or (store.root / problem.path).resolve() in wanted:
            report.errors.append(problem)
    order = {path: n for n, path in enumerate(files)}
    join = (
        (lambda r: prefix + r) if plain_dir and os.sep == "/" else partial(os.path.join, data_dir)
    )
    by_id: dict[str, list[str]] = {
        record_id: sorted(listed, key=order.__getitem__) if len(listed) > 1 else listed
        for record_id, paths in known.ids.items()
        if (listed := [p for r in paths if (p := sys.intern(join(r))) in order])
    }
    del order
    known.ids.clear()  # by_id holds them now (tens of MB at 100,000 records)
    positions = Positions()
    for path in chosen:
        _check_file(store, positions, report, path, rel(path), known, by_id)
    if warnings:
        good = [known.seen[r] for r in map(rel, files) if r in known.seen and r not in known.bad]
        focus = None if wanted is None else {p for p in chosen}
        facts = snapshot.names
        report.warnings.extend(
            p
            # a withdrawn record (often withdrawn as the duplicate) is no longer a candidate
            for p in probable_duplicates(
                store, [s for s in good if s.id not in known.withdrawn], positions, focus, facts
            )
            if wanted is None or (store.root / p.path).resolve() in wanted
        )
        chosen_set = None if wanted is None else set(chosen)
        links = [
            p
            for item in good
            if chosen_set is None or item.path in chosen_set
            for p in _links_to_withdrawn(store, positions, item, known)
        ]
        # The records' values are not needed past this point: similar_names empties `good`
        # once it has their names, so that the comparisons and the report that follows reuse
        # their memory (at 100,000 records tens of MB of the first run's peak).
        known.seen.clear()
        by_id.clear()
        report.warnings.extend(
            p
            for p in similar_names(store, good, positions, focus, facts, consume=True)
            if wanted is None or (store.root / p.path).resolve() in wanted
        )
        report.warnings.extend(links)
    if cache:
        from incidentctl.index import checks

        remember: dict[str, Any] = {}
        if snapshot.state:
            remember["report"] = (
                snapshot.state,
                (
                    report.valid,
                    [_row(p) for p in report.errors],
                    [_row(p) for p in report.warnings] if warnings else None,
                ),
            )
        if snapshot.names is not None and snapshot.names.added:
            remember["names"] = snapshot.names.facts
        checks.save(store, remember)
    return report


def _check_file(
    store: Store,
    positions: Positions,
    report: Report,
    path: str,
    rel: str,
    known: Known,
    by_id: dict[str, list[str]],
) -> None:
    """The errors of one file into ``report`` (a valid one counted)."""
    from incidentctl.files.reader import read_record

    item = known.seen.get(rel)
    if item is None or rel in known.bad:
        read = read_record(store, Path(path))  # all of its problems (or changed since)
        if read.record is None:
            report.errors.extend(read.problems)
            return
        item = _seen_of_record(path, read.record)
    before = len(report.errors)
    report.errors.extend(_file_checks(store, positions, item, by_id))
    report.errors.extend(_v2_checks(store, positions, item, by_id, known))
    if len(report.errors) == before:
        report.valid += 1


def _row(problem: Problem) -> tuple[Any, ...]:
    """A problem as a plain tuple (its fields in order), as the cache keeps it."""
    return dataclasses.astuple(problem)


class NameFacts:
    """Each name's merge key, search keys and normalised tokens (:mod:`.record.names`), computed
    once a name and kept in the index between runs (:mod:`.index.checks`).

    A name only folded (the probable-duplicate check folds every name of the records it
    compares) gets its merge key alone: its search keys cost some twenty times more, and
    ``validate --changed`` needs them only for the changed records' names."""

    def __init__(self, facts: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]) -> None:
        self.facts = facts
        self.added = 0
        self._folded: dict[str, str] = {}

    def _of(self, name: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        found = self.facts.get(name)
        if found is None:
            from incidentctl.record import names

            folded = self._folded.get(name)
            found = self.facts[name] = (
                names.merge_key(name) if folded is None else folded,
                tuple(names.search_keys(name)),
                tuple(names.normalise_tokens(name)),
            )
            self.added += 1
        return found

    def fold(self, name: str) -> str:
        found = self.facts.get(name)
        if found is not None:
            return found[0]
        folded = self._folded.get(name)
        if folded is None:
            from incidentctl.record import names

            folded = self._folded[name] = names.merge_key(name)
        return folded

    def keys(self, name: str) -> tuple[str, ...]:
        return self._of(name)[1]

    def tokens(self, name: str) -> tuple[str, ...]:
        return self._of(name)[2]


@dataclass
class _Snapshot:
    """What one look at the index gave: the checks' input, or the stored whole report."""

    known: Known
    state: bytes = b""
    """The digest of the data set's state (a whole run with the cache), else empty."""
    cached: Any = None
    """The stored whole report of that state: (valid, errors, warnings or None)."""
    names: NameFacts | None = None


def _snapshot(
    store: Store,
    wanted: set[str] | None,
    files: Callable[[], Iterable[str]] | None,
    skipped: list[tuple[Any, ...]],
    cache: bool,
    warnings: bool,
) -> _Snapshot:
    """Refresh the index and read from it what the checks need (as :func:`_known`); with
    ``cache``, the stored whole report when ``files()`` (a whole run; given one at a time, not
    as a list held through the run) have not changed, and the cached names.

    The checks read the index once, in order: SQLite's page cache is kept small for them
    (:data:`CHECKS_CACHE_KB`), since it counts in the command's peak beside every record's
    values."""
    from incidentctl.errors import IncidentctlError
    from incidentctl.index import checks, db

    data_dir = str(store.data_dir)

    def query(conn: sqlite3.Connection) -> _Snapshot:
        conn.execute(f"PRAGMA cache_size = -{CHECKS_CACHE_KB}")
        try:
            return checked(conn)
        finally:
            conn.execute(f"PRAGMA cache_size = -{db.CACHE_KB}")

    def checked(conn: sqlite3.Connection) -> _Snapshot:
        if not (cache and checks.ready(conn)):
            return _Snapshot(_read_known(conn, data_dir, wanted))
        state = b""
        if files is not None:
            state = checks.state_digest(conn, store, files(), skipped)
            stored = checks.get(conn, "report")
            usable = isinstance(stored, tuple) and (stored[1][2] is not None or not warnings)
            if state and usable and stored[0] == state:
                return _Snapshot(Known(), state, stored[1])
        facts = checks.get(conn, "names")
        names = NameFacts(facts if isinstance(facts, dict) else {})
        checks.sync(conn, names.fold, names.keys)  # so that the next --changed is cheap
        return _Snapshot(
            _read_known(conn, data_dir, wanted, cached=True),
            state,
            names=names,
        )

    try:
        return db.run(store, query, text=False)  # the checks search no words: see _known
    except IncidentctlError:  # no index can be built here (no FTS5): the files still answer
        return _Snapshot(_known_from_files(store))


def _validate_focused(store: Store, only: list[Path], warnings: bool) -> Report | None:
    """:func:`validate` of ``only`` through the index's people tables (:class:`_Focus`), without
    listing or walking the data set; None where that cannot give the same report (a path that
    is not a record file in a year folder, or that a symlink points at; no usable index)."""

    data_dir = str(store.data_dir)
    real_data_dir = os.path.realpath(data_dir)
    rels: set[str] = set()
    for given in only:
        rel = os.path.relpath(os.path.realpath(given), real_data_dir).replace(os.sep, "/")
        plain = os.path.relpath(os.path.abspath(given), os.path.abspath(data_dir))
        parts = rel.split("/")
        if (
            rel != plain.replace(os.sep, "/")
            or len(parts) != 2
            or parts[0] in ("..", ".")
            or any(part.startswith(".") for part in parts)
            or not parts[1].endswith((".yaml", ".yml"))
        ):
            return None
        rels.add(rel)
    skipped: list[Problem] = []
    focus = _focused(store, sorted(rels), warnings, skipped.append)
    if focus is None:
        return None
    wanted = {os.path.join(real_data_dir, rel) for rel in rels}
    bad = {store.rel(Path(data_dir, rel)) for rel in focus.known.bad}
    if any(p.path not in bad and str((store.root / p.path).resolve()) in wanted for p in skipped):
        return None  # a symlink to a checked file: the listing reports it
    known = focus.known
    report = Report()
    by_id = {
        record_id: [os.path.join(data_dir, r) for r in sorted(paths, key=_listing_key)]
        for record_id, paths in known.ids.items()
    }
    positions = Positions()
    chosen = sorted(rels, key=_listing_key)
    for rel in chosen:
        _check_file(store, positions, report, os.path.join(data_dir, rel), rel, known, by_id)
    if warnings:
        mine = {os.path.join(data_dir, rel) for rel in chosen}
        shown = {store.rel(Path(path)) for path in mine}
        candidates = [s for s in focus.involved if s.id not in known.withdrawn]
        found = [
            *probable_duplicates(store, candidates, positions, mine, focus.facts),
            *focus.names.warnings(store, positions),
        ]
        report.warnings.extend(p for p in found if p.path in shown)
        good = [known.seen[r] for r in chosen if r in known.seen and r not in known.bad]
        for item in good:
            report.warnings.extend(_links_to_withdrawn(store, positions, item, known))
    return report


def _listing_key(rel: str) -> tuple[str, ...]:
    from incidentctl.index.checks import listing_key

    return listing_key(rel)


@dataclass
class _Focus:
    """What checking a few files needs, read from the index without walking every record: the
    checked records, the ids, withdrawn records and external ids they refer to, the records
    sharing a person or a (month, country) with them (``involved``, in the listing's order), and
    the name buckets holding a name first seen in them."""

    known: Known
    facts: NameFacts
    involved: list[Seen]
    names: _NameView


def _focused(
    store: Store, rels: list[str], warnings: bool, warn: Callable[[Problem], None]
) -> _Focus | None:
    """The :class:`_Focus` of the files ``rels`` (relative to data/incidents), or None when the
    index cannot give it (no index here, its check tables cannot be written now): then the
    whole data set is walked, as without the cache."""
    from incidentctl.errors import IncidentctlError
    from incidentctl.index import db

    data_dir = str(store.data_dir)
    try:
        return db.run(
            store, lambda conn: _focus_query(conn, data_dir, rels, warnings), warn, text=False
        )
    except IncidentctlError:
        return None


def _focus_query(
    conn: sqlite3.Connection, data_dir: str, rels: list[str], warnings: bool
) -> _Focus | None:
    from incidentctl.index import checks, docs

    facts = NameFacts({})
    if not (checks.ready(conn) and checks.sync(conn, facts.fold, facts.keys)):
        return None
    known = Known()
    rid_of: dict[str, int] = {}
    for rel, rid in checks.file_rids(conn, rels):
        if rid is None:
            known.bad.add(rel)
        else:
            rid_of[rel] = rid
    if len(rid_of) + len(known.bad) != len(rels):
        return None  # not a record file the index holds: the listing says what it is
    texts = docs.read(conn, rid_of.values())
    shared: dict[Any, Any] = {}
    dates: dict[str, PartialDate] = {}
    seen_by_rid: dict[int, Seen] = {}
    for rel, rid in rid_of.items():
        if rid in texts:
            item = seen_of(os.path.join(data_dir, rel), json.loads(texts[rid]), shared, dates)
            known.seen[rel] = seen_by_rid[rid] = item
    ids: set[str] = set()
    for item in known.seen.values():
        ids.update((item.id, *item.related))
        if item.duplicate_of is not None:
            ids.add(item.duplicate_of)
    for record_id, rel in checks.paths_of_ids(conn, ids):
        known.ids[record_id].append(rel)
    known.withdrawn = {record_id for _, _, record_id in checks.facet_holders(conn, "withdrawn")}
    external = {value for item in known.seen.values() for value in item.external_ids}
    for value, rel, _ in checks.facet_holders(conn, "external_id", external):
        known.external[value].append(rel)
    names = _NameView({}, [], set(), set(), facts)
    if not warnings:
        return _Focus(known, facts, [], names)

    chosen = set(seen_by_rid)
    people = checks.people_of(conn, chosen)
    involved = set(chosen)
    for found in people.values():  # the same person (by a person's name, not an alias)
        for f in {f for seq, f in found if seq % checks.PERSON == 0}:
            involved.update(r for r, seq in checks.holders(conn, f) if seq % checks.PERSON == 0)
    for item in seen_by_rid.values():  # titles: the same month and country
        for country in item.countries:
            involved.update(checks.same_month_and_country(conn, str(item.date), country))

    folds = {f for found in people.values() for _, f in found}
    firsts = checks.first_seen(conn, folds)
    focused = {f for f in folds if f in firsts and firsts[f][1] in chosen}
    kept: list[list[str]] = []
    asked: set[str] = set()
    for f in sorted(focused):
        for key in facts.keys(firsts[f][0]):
            if len(key) >= 3 and key not in asked:
                asked.add(key)
                members = checks.bucket(conn, key, MAX_NAME_BUCKET + 1)
                if 1 < len(members) <= MAX_NAME_BUCKET:
                    kept.append(sorted(members))
    firsts.update(checks.first_seen(conn, {f for members in kept for f in members} - set(firsts)))
    same_person: set[frozenset[str]] = set()
    for f in focused:
        holding = checks.holders(conn, f)
        entries = checks.people_of(conn, {rid for rid, _ in holding})
        for rid, seq in holding:
            person = seq // checks.PERSON
            same_person.update(
                frozenset((f, g))
                for s, g in entries.get(rid, ())
                if s // checks.PERSON == person and g != f
            )

    wanted_rids = (involved | {firsts[f][1] for members in kept for f in members}) - chosen
    where: dict[int, tuple[str, str]] = {}
    where.update(
        (rid, (rel, record_id)) for rid, rel, record_id in checks.records_of_rids(conn, wanted_rids)
    )
    for rid, item in seen_by_rid.items():
        where[rid] = (os.path.relpath(item.path, data_dir).replace(os.sep, "/"), item.id)
    others = docs.read(conn, involved - chosen)
    by_rid = dict(seen_by_rid)
    for rid, text in others.items():
        by_rid[rid] = seen_of(
            os.path.join(data_dir, where[rid][0]), json.loads(text), shared, dates
        )
    ordered = sorted(
        (rid for rid in involved if rid in by_rid),
        key=lambda rid: checks.listing_key(where[rid][0]),
    )
    first_seen = {
        f: (spelling, os.path.join(data_dir, where[rid][0]), where[rid][1])
        for f, (spelling, rid) in firsts.items()
        if rid in where
    }
    names = _NameView(first_seen, kept, same_person, focused, facts)
    return _Focus(known, facts, [by_rid[rid] for rid in ordered], names)


def _at(
    store: Store,
    positions: Positions,
    item: Seen | str,
    where: tuple[str | int, ...],
    field_name: str,
    message: str,
    severity: str = "error",
) -> Problem:
    """A problem at ``where`` in the file of ``item`` (a record, or its file's path)."""
    path = item if isinstance(item, str) else item.path
    line, col = positions.at(path, where)
    return Problem(store.rel(Path(path)), line, col, field_name, message, severity)


def _file_checks(
    store: Store, positions: Positions, item: Seen, by_id: dict[str, list[str]]
) -> list[Problem]:
    problems: list[Problem] = []

    def at(where: tuple[str | int, ...], field_name: str, message: str) -> None:
        problems.append(_at(store, positions, item, where, field_name, message))

    folder, name = os.path.split(item.path)
    stem, suffix = os.path.splitext(name)
    if stem != item.id:
        at(
            ("id",),
            "id",
            f"id '{item.id}' differs from the file name '{name}' (they must match)",
        )
    if suffix != ".yaml":
        at((), "", "record files end in .yaml")
    folder = os.path.basename(folder)
    if folder != f"{item.date.year:04d}":
        at(
            ("date",),
            "date",
            f"the file is in folder '{folder}' but its date is in {item.date.year}; move it to data/incidents/{item.date.year:04d}/",
        )
    twins = [path for path in by_id.get(item.id, ()) if path != item.path]
    if twins:
        others = ", ".join(store.rel(Path(path)) for path in twins)
        at(("id",), "id", f"duplicate id '{item.id}' (also in {others})")
    for i, rel in enumerate(item.related):
        if rel not in by_id:
            at(("related", i), f"related[{i}]", f"no record with id '{rel}'")
    return problems


def _v2_checks(
    store: Store, positions: Positions, item: Seen, by_id: dict[str, list[str]], known: Known
) -> list[Problem]:
    """Schema v2's cross-record errors: ``duplicate_of`` names a record that exists; an
    external id is on one record only. (A ``duplicate_of`` whose record was withdrawn later
    is a warning, :func:`_links_to_withdrawn`: the file was right when it was written, and
    ``withdraw`` refuses to create such a link.)"""
    problems: list[Problem] = []
    target = item.duplicate_of
    if target is not None and target not in by_id:
        message = f"no record with id '{target}'"
        where = ("withdrawn", "duplicate_of")
        problems.append(_at(store, positions, item, where, "withdrawn.duplicate_of", message))
    data_dir = str(store.data_dir)
    mine = os.path.relpath(item.path, data_dir).replace(os.sep, "/")
    for i, value in enumerate(item.external_ids):
        others = [r for r in known.external.get(value, ()) if r != mine]
        if others:
            shown = ", ".join(store.rel(Path(data_dir, r)) for r in sorted(others))
            message = (
                f"external id '{value}' is also on another record ({shown}); one record per id"
            )
            problems.append(
                _at(store, positions, item, ("external_ids", i), f"external_ids[{i}]", message)
            )
    return problems


def _links_to_withdrawn(
    store: Store, positions: Positions, item: Seen, known: Known
) -> list[Problem]:
    """A warning for each link (``related``, ``withdrawn.duplicate_of``) to a withdrawn
    record: the link still resolves, but the analyst may want the record that stays."""
    links: list[tuple[tuple[str | int, ...], str, str]] = [
        (("related", i), f"related[{i}]", rel) for i, rel in enumerate(item.related)
    ]
    if item.duplicate_of is not None:
        links.append((("withdrawn", "duplicate_of"), "withdrawn.duplicate_of", item.duplicate_of))
    return [
        _at(store, positions, item, where, name, f"'{target}' is withdrawn", "warning")
        for where, name, target in links
        if target in known.withdrawn
    ]


def probable_duplicates(
    store: Store,
    good: list[Seen],
    positions: Positions | None = None,
    focus: set[str] | None = None,
    facts: NameFacts | None = None,
) -> list[Problem]:
    """Same person within a few days, or near-identical titles: likely one incident twice.

    ``focus``: only the groups (a person, a month and country) holding a record of these
    paths are compared, so that checking a few records costs in proportion to them.
    """
    from rapidfuzz import fuzz, process

    from incidentctl.record import names

    positions = positions or Positions()
    merge_key = facts.fold if facts is not None else names.merge_key
    out: list[Problem] = []
    by_person: dict[str, list[Seen]] = defaultdict(list)
    for item in good:
        for name, _ in item.people:
            by_person[merge_key(name)].append(item)
    seen: set[tuple[str, str]] = set()

    def warn(a: Seen, b: Seen, why: str) -> None:
        key = (a.id, b.id) if a.id <= b.id else (b.id, a.id)
        if key in seen or a.id == b.id:
            return
        seen.add(key)
        out.append(
            _at(
                store,
                positions,
                a,
                ("id",),
                "id",
                f"probable duplicate of '{b.id}' ({why})",
                "warning",
            )
        )

    for person, items in by_person.items():
        if len(items) < 2 or not _involves(items, focus):
            continue
        items = sorted(items, key=lambda i: i.date.start())
        for a, b in itertools.pairwise(items):
            gap = (b.date.start() - a.date.start()).days
            if (
                gap <= NEARBY_DAYS
                and a.date.precision == "day" == b.date.precision
                and set(a.types) & set(b.types)
            ):
                warn(
                    a,
                    b,
                    f"same person '{a.people[0][0] if a.people else person}', {gap} day(s) apart, same type",
                )
    # Titles are compared only within a month and a country: duplicates are recorded from the
    # same news, and this keeps the check linear in the size of the data set.
    buckets: dict[tuple[str, str], list[Seen]] = defaultdict(list)
    for item in good:
        for country in item.countries:
            buckets[(str(item.date)[:7], country)].append(item)
    for items in buckets.values():
        if len(items) < 2 or not _involves(items, focus):
            continue
        titles = [i.title.casefold() for i in items]
        for i, title in enumerate(titles[:-1]):
            for _, _, j in process.extract(
                title, titles[i + 1 :], scorer=fuzz.ratio, score_cutoff=TITLE_SIMILARITY, limit=None
            ):
                warn(items[i], items[i + 1 + j], "near-identical titles")
    return out


def _involves(items: list[Seen], focus: set[str] | None) -> bool:
    return focus is None or any(item.path in focus for item in items)


def similar_names(
    store: Store,
    good: list[Seen],
    positions: Positions | None = None,
    focus: set[str] | None = None,
    facts: NameFacts | None = None,
    consume: bool = False,
) -> list[Problem]:
    """Names that are close but not equal after folding: maybe one person spelt two ways.

    Names are compared only when they share a search key (a normalised token, its first
    letters or its consonants), so the check stays near-linear instead of comparing every name
    with every other. Whether two names match depends only on their normalised tokens
    (:func:`names.normalise_tokens`), so each bucket compares its distinct token tuples once;
    buckets are shared among worker processes for a large data set, and nothing but the
    matching pairs is kept. ``focus``: only the pairs holding a name first seen in a record of
    these paths (where a warning can be reported) are compared. ``facts``: the names' keys as
    computed before (the same values). ``consume``: ``good`` is emptied once its names are
    read (the caller holds the records for nothing else).
    """
    positions = positions or Positions()
    facts = facts or NameFacts({})
    fold = facts.fold  # the key `people` merges on
    first_seen: dict[str, tuple[str, Seen]] = {}
    for item in good:
        for name, aliases in item.people:
            for n in (name, *aliases):
                first_seen.setdefault(fold(n), (n, item))
    # Variants that one person entry already lists as aliases are known to be the same person.
    same_person: set[frozenset[str]] = set()
    for item in good:
        for name, aliases in item.people:
            folds = {fold(n) for n in (name, *aliases)}
            if len(folds) > 1:
                same_person.update(frozenset((a, b)) for a in folds for b in folds if a != b)
    buckets: dict[str, set[str]] = defaultdict(set)
    for key_fold, (name, _) in first_seen.items():
        for key in facts.keys(name):
            if len(key) >= 3:
                buckets[key].add(key_fold)
    kept = [
        sorted(m)
        for m in buckets.values()
        if 1 < len(m) <= MAX_NAME_BUCKET
        and (focus is None or any(first_seen[f][1].path in focus for f in m))
    ]
    focused = None if focus is None else {f for f, (_, i) in first_seen.items() if i.path in focus}
    firsts = {
        f: (first_seen[f][0], first_seen[f][1].path, first_seen[f][1].id) for m in kept for f in m
    }
    del first_seen, buckets
    if consume:
        good.clear()
    return _NameView(firsts, kept, same_person, focused, facts).warnings(store, positions)


@dataclass
class _NameView:
    """What the similar-name check compares: the buckets kept (each a sorted list of folded
    names), each member's first spelling with its record's path and id, the pairs known to be
    one person, and the folded names whose pairs are wanted (None: all)."""

    first_seen: dict[str, tuple[str, str, str]]
    kept: list[list[str]]
    same_person: set[frozenset[str]]
    focused: set[str] | None
    facts: NameFacts

    def warnings(self, store: Store, positions: Positions) -> list[Problem]:
        first_seen = self.first_seen
        tokens = {f: self.facts.tokens(first_seen[f][0]) for m in self.kept for f in m}
        spelled = {t: first_seen[f][0] for f, t in tokens.items()}  # a name with those tokens
        pairs = _matching_pairs(self.kept, tokens, spelled, self.same_person, self.focused)
        out: list[Problem] = []
        for a, b in sorted(pairs):
            name_a, path_a, _ = first_seen[a]
            name_b, _, id_b = first_seen[b]
            out.append(
                _at(
                    store,
                    positions,
                    path_a,
                    ("people",),
                    "people",
                    f"'{name_a}' is similar to '{name_b}' (in {id_b}); if they are one person, add the other spelling as an alias",
                    "warning",
                )
            )
        return out


def _matching_pairs(
    buckets: list[list[str]],
    tokens: dict[str, tuple[str, ...]],
    spelled: dict[tuple[str, ...], str],
    same_person: set[frozenset[str]],
    focused: set[str] | None = None,
) -> set[tuple[str, str]]:
    """Pairs ``(a, b)``, ``a < b``, of folded names in one bucket that match either way round
    (``names.similar_but_different``: folds differ, so the tokens decide), less known aliases;
    ``focused``: only pairs holding one of these names."""
    pairs = _Pairs(buckets, tokens, spelled, same_person, focused)
    found: set[tuple[str, str]] = set()
    everything = list(range(len(buckets)))
    work = sum(len(b) for b in buckets) // 10
    # fresh: the workers start small and are sent the pairs (a few MB at 100,000 records)
    # instead of being forked from this process with every record's values (pool.map_chunks).
    parts = map_chunks(
        _found_in, pairs, everything, chunk=NAME_BUCKETS_CHUNK, size=work, fresh=True
    )
    for part in parts:
        found.update(part)
    return found


def _found_in(pairs: _Pairs, indices: list[int]) -> set[tuple[str, str]]:
    """One piece of the name comparisons, with the cyclic collector on: each comparison of the
    name rules leaves a reference cycle (``names._similarity``'s memoised inner function), and
    under the pool's paused collector those piled up to 650 MB a worker at 10,000 records."""
    import gc

    gc.enable()  # the pool turns it off for a chunk and back on after it
    return pairs.found_in(indices)


class _Pairs:
    """The name pairs of the buckets, each compared once.

    Two names that share several keys meet in several buckets: a pair is compared only in
    the first bucket (by index) the two share. Within a bucket, names with the same tokens
    are compared as one.
    """

    def __init__(
        self,
        buckets: list[list[str]],
        tokens: dict[str, tuple[str, ...]],
        spelled: dict[tuple[str, ...], str],
        same_person: set[frozenset[str]],
        focused: set[str] | None = None,
    ):
        self.focused = focused
        self.buckets = buckets
        self.tokens = tokens
        self.spelled = spelled
        self.same_person = same_person
        self._index()

    def __getstate__(self) -> tuple[Any, ...]:
        """What a worker is sent: the inputs; it derives the rest (:meth:`_index`)."""
        return (self.buckets, self.tokens, self.spelled, self.same_person, self.focused)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.buckets, self.tokens, self.spelled, self.same_person, self.focused = state
        self._index()

    def _index(self) -> None:
        buckets = self.buckets
        member_of: dict[str, list[int]] = defaultdict(list)
        for index, members in enumerate(buckets):
            for f in members:
                member_of[f].append(index)
        self.member_of = member_of  # ascending bucket indices
        self.member_sets = {f: set(indices) for f, indices in member_of.items()}
        self.matches: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()  # few: kept

    def found_in(self, indices: list[int]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        focused = self.focused
        for index in indices:
            by_tokens: dict[tuple[str, ...], list[str]] = defaultdict(list)
            for f in self.buckets[index]:
                by_tokens[self.tokens[f]].append(f)
            # (tokens, names, holds a focused name): with a focus (``validate --changed``)
            # only the pairs of a group holding one are looked at, not every pair of the bucket
            groups = [
                (t, fs, focused is None or not focused.isdisjoint(fs))
                for t, fs in by_tokens.items()
            ]
            for i, (ta, fa, focus_a) in enumerate(groups):
                for tb, fb, focus_b in groups[i:]:
                    if not (focus_a or focus_b):
                        continue
                    owned = [
                        (a, b) if a < b else (b, a)
                        for a in fa
                        for b in fb
                        if a != b
                        and (focused is None or a in focused or b in focused)
                        and self._first_shared(a, b) == index
                    ]
                    if owned and self._match(ta, tb):
                        found.update(p for p in owned if frozenset(p) not in self.same_person)
        return found

    def _first_shared(self, a: str, b: str) -> int:
        others = self.member_sets[b]
        return next(i for i in self.member_of[a] if i in others)

    def _match(self, ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
        from incidentctl.record.names import names_match

        key = (ta, tb) if ta <= tb else (tb, ta)
        if key in self.matches:
            return True
        a, b = self.spelled[ta], self.spelled[tb]
        if names_match(a, b) or names_match(b, a):
            self.matches.add(key)
            return True
        return False
