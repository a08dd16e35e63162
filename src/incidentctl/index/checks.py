"""What `validate` remembers between runs, in the index (disposable like the rest of it).

Three things, each valid only for the code that computed it (:func:`.index.db.code_digest`:
any change to incidentctl's source empties this cache):

- the last whole report, under a digest of everything it depends on (every listed file's
  bytes, the files skipped, the day, the data set's place), so that a ``validate`` with nothing
  changed is a scan and a lookup;
- what the cross-record checks need of each valid record (``Seen``, a few hundred bytes), by
  path and digest, so that they do not parse every record's JSON again;
- per name: its merge key, search keys and normalised tokens (the name rules are the slow
  part of the warnings, and the same people recur across records).

and, for ``validate --changed``, each record's folded names, where each name is first seen and
the name buckets (below), so that checking a few files reads only the records they share a
check with.

Every value here is derived and checked against its inputs; writing it is best effort (a busy
or read-only index only costs the next run the time).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from incidentctl.files.store import Store
from incidentctl.index.db import code_digest

NameFacts = tuple[str, tuple[str, ...], tuple[str, ...]]
"""A name's ``merge_key``, its ``search_keys`` and its ``normalise_tokens``."""

BATCH = 2000
"""Records derived and stored together when the cache is filled."""


def ready(conn: sqlite3.Connection) -> bool:
    """Whether the cache tables exist and hold this code's values (emptied when not)."""
    try:
        row = conn.execute("SELECT value FROM checks WHERE key = 'code'").fetchone()
    except sqlite3.OperationalError:
        return False
    if row is not None and row[0] == code_digest().encode():
        return True
    with contextlib.suppress(sqlite3.OperationalError):
        for statement in _TABLES:
            conn.execute(statement)
        for table in (*_DERIVED, "checks"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("INSERT INTO checks VALUES ('code', ?)", (code_digest().encode(),))
        return True
    return False


def get(conn: sqlite3.Connection, key: str) -> Any:
    """The value stored under ``key``, or None."""
    row = conn.execute("SELECT value FROM checks WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    try:
        return marshal.loads(row[0])
    except (ValueError, EOFError, TypeError):
        return None


def put(conn: sqlite3.Connection, key: str, value: Any) -> None:
    conn.execute("INSERT OR REPLACE INTO checks VALUES (?, ?)", (key, marshal.dumps(value)))


def seen_rows(
    conn: sqlite3.Connection, derive: Callable[[list[str]], Iterable[tuple[str, Any]]]
) -> Iterable[tuple[str, Any]]:
    """(path, seen tuple) of every valid record file; those not cached for their current
    digest are derived (``derive(paths)``) and stored."""
    missing: list[str] = []
    digests: dict[str, bytes] = {}
    query = (
        "SELECT f.path, f.digest, c.seen FROM files f LEFT JOIN check_seen c "
        "ON c.path = f.path AND c.digest = f.digest WHERE f.rid IS NOT NULL"
    )
    for rel, digest, blob in conn.execute(query):
        if blob is None:
            missing.append(rel)
            digests[rel] = digest
        else:
            yield rel, marshal.loads(blob)
    if not missing:
        return
    for start in range(0, len(missing), BATCH):  # a cold fill holds one batch, not all
        fresh = list(derive(missing[start : start + BATCH]))
        yield from fresh
        with contextlib.suppress(sqlite3.OperationalError):
            conn.executemany(
                "INSERT OR REPLACE INTO check_seen VALUES (?, ?, ?)",
                [(rel, digests[rel], marshal.dumps(value)) for rel, value in fresh],
            )
    with contextlib.suppress(sqlite3.OperationalError):
        conn.execute("DELETE FROM check_seen WHERE path NOT IN (SELECT path FROM files)")


def state_digest(
    conn: sqlite3.Connection, store: Store, files: Iterable[str], skipped: list[tuple[Any, ...]]
) -> bytes:
    """A digest of everything a whole report depends on: each listed file with its bytes'
    digest (from the refreshed index), the files skipped, today's date and the data set's place."""
    import datetime as dt

    stored = dict(conn.execute("SELECT path, digest FROM files").fetchall())
    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"{code_digest()}|{dt.date.today().isoformat()}|{store.root}|".encode())
    digest.update(repr(skipped).encode())
    for rel in files:
        found = stored.get(rel)
        if found is None:
            return b""  # a file the index does not hold: no cached answer for it
        digest.update(rel.encode() + b"\0" + found)
    return digest.digest()


def save(store: Store, values: dict[str, Any]) -> None:
    """Store ``values`` by key in the index, if it can be written now (else nothing)."""
    from incidentctl.errors import IncidentctlError
    from incidentctl.index import db

    if not values:
        return
    with contextlib.suppress(sqlite3.Error, OSError, IncidentctlError):
        location = db.locate(store.root)
        if location is None or not location.exists():
            return
        conn = db.connect(location)
        try:
            conn.execute("BEGIN IMMEDIATE")
            if ready(conn):
                for key, value in values.items():
                    put(conn, key, value)
            conn.execute("COMMIT")
        finally:
            conn.close()


# -- people and name buckets, kept in step with the records table ---------------------------
#
# ``validate --changed`` must not walk every record: it asks these tables for the records
# that share a person, or a name bucket, with the records it checks. They hold, per record,
# the folded key (``merge_key``) of each name and alias in order; per folded name, where it is
# first seen in the listing's order (the spelling whose search keys and tokens the whole check
# uses); and per search key, the folded names whose first spelling has it. They are derived
# from the ``records`` table and its JSON (never from files), brought up to date on each
# ``validate`` by comparing row ids and file digests, and dropped with the rest of the index.

PERSON = 1024
"""``seq`` of a name: its person's position × PERSON + its position in (name, *aliases)."""

_TABLES = (
    "CREATE TABLE IF NOT EXISTS check_records(rid INTEGER PRIMARY KEY, tag BLOB NOT NULL, "
    "people BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS check_people(fold TEXT NOT NULL, rid INTEGER NOT NULL, "
    "seq INTEGER NOT NULL, PRIMARY KEY(fold, rid, seq)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS check_folds(fold TEXT PRIMARY KEY, spelling TEXT NOT NULL, "
    "rid INTEGER NOT NULL, seq INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS check_keys(key TEXT NOT NULL, fold TEXT NOT NULL, "
    "PRIMARY KEY(key, fold)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS check_records_id ON records(id)",
)

_DERIVED = ("check_seen", "check_records", "check_people", "check_folds", "check_keys")

BULK = 5000
"""Above this many changed names, first occurrences are found in one pass over all."""

People = list[tuple[int, str]]
"""(seq, fold) of each name and alias of a record, in order."""


def listing_key(rel: str) -> tuple[str, ...]:
    """The order :meth:`.files.store.Store.listing` gives: year folder, then file name."""
    return tuple(rel.split("/", 1))


def sync(
    conn: sqlite3.Connection,
    fold: Callable[[str], str],
    keys: Callable[[str], Iterable[str]],
) -> bool:
    """Bring the people tables in step with ``records`` (False: they cannot be written now).

    ``fold`` and ``keys`` are the name rules (``merge_key``; ``search_keys``, of which only
    keys of three characters or more are kept, as the check uses them)."""
    try:
        conn.execute("SAVEPOINT check_sync")
    except sqlite3.OperationalError:
        return False
    try:
        present = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'check_*'"
            )
        }
        if not present >= set(_DERIVED[1:]):  # one lost: the others cannot be trusted either
            for table in present & set(_DERIVED[1:]):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM checks WHERE key = 'people_scan'")
        for statement in _TABLES:
            conn.execute(statement)
        _sync(conn, fold, keys)
    except sqlite3.OperationalError:  # busy, read-only: nothing half-written stays
        with contextlib.suppress(sqlite3.OperationalError):
            conn.execute("ROLLBACK TO check_sync")
            conn.execute("RELEASE check_sync")
        return False
    conn.execute("RELEASE check_sync")
    return True


def _sync(
    conn: sqlite3.Connection,
    fold: Callable[[str], str],
    keys: Callable[[str], Iterable[str]],
) -> None:
    from incidentctl.index import docs

    row = conn.execute("SELECT value FROM meta WHERE key = 'scan'").fetchone()
    scan = row[0] if row else ""
    folders = _changed_folders(get(conn, "people_scan"), scan)
    if folders == set():
        return  # no folder changed since the last sync: neither did any record
    fresh_query = (
        "SELECT f.rid, substr(f.digest, 1, 8), c.rid, f.path FROM files f "
        "LEFT JOIN check_records c ON c.rid = f.rid "
        "WHERE f.rid IS NOT NULL AND (c.rid IS NULL OR c.tag != substr(f.digest, 1, 8))"
    )
    if folders is None:
        fresh = conn.execute(fresh_query).fetchall()
    else:  # a year folder's paths sort between "YYYY/" and "YYYY0"
        fresh = [
            row
            for folder in sorted(folders)
            for row in conn.execute(
                fresh_query + " AND f.path >= ? AND f.path < ?", (folder + "/", folder + "0")
            )
        ]
    gone = [
        rid
        for (rid,) in conn.execute(
            "SELECT rid FROM check_records WHERE rid NOT IN (SELECT rid FROM records)"
        )
    ]
    put(conn, "people_scan", scan)
    if not gone and not fresh:
        return
    affected: set[str] = set()
    dropped = gone + [rid for rid, _, old, _ in fresh if old is not None]
    for rid, old in people_of(conn, dropped).items():
        affected.update(f for _, f in old)
        conn.executemany(
            "DELETE FROM check_people WHERE fold = ? AND rid = ? AND seq = ?",
            [(f, rid, seq) for seq, f in old],
        )
    conn.executemany("DELETE FROM check_records WHERE rid = ?", [(rid,) for rid in dropped])
    # Of the fresh names only each fold's earliest spelling is kept (the one that can be its
    # first), not every name's: a fill of 100,000 records held them all at once.
    earliest: dict[str, tuple[tuple[str, ...], int, int, str]] = {}
    for start in range(0, len(fresh), BATCH):
        part = fresh[start : start + BATCH]
        found = docs.read(conn, [rid for rid, _, _, _ in part])
        records: list[tuple[int, bytes, bytes]] = []
        people_rows: list[tuple[str, int, int]] = []
        for rid, tag, _, rel in part:
            people: People = []
            where = listing_key(rel)
            for p, person in enumerate(json.loads(found.get(rid, "{}")).get("people", ())):
                for i, name in enumerate((person["name"], *person.get("aliases", ()))):
                    seq = p * PERSON + i
                    folded = fold(name)
                    people.append((seq, folded))
                    known = earliest.get(folded)
                    if known is None or (where, rid, seq) < known[:3]:
                        earliest[folded] = (where, rid, seq, name)
            records.append((rid, tag, marshal.dumps(people)))
            people_rows.extend((f, rid, seq) for seq, f in people)
            affected.update(f for _, f in people)
        conn.executemany("INSERT OR REPLACE INTO check_records VALUES (?, ?, ?)", records)
        conn.executemany("INSERT OR IGNORE INTO check_people VALUES (?, ?, ?)", people_rows)
    spellings = {(rid, seq): name for _, rid, seq, name in earliest.values()}
    del earliest
    _first_seen(conn, affected, spellings, keys)


def _changed_folders(previous: Any, scan: str) -> set[str] | None:
    """The year folders whose files may have changed since the index's scan state
    ``previous`` (None: any, or the day changed, which re-checks invalid files); a folder
    scanned while a file in it was being written (no digest) counts as changed."""
    if not isinstance(previous, str) or not previous or not scan:
        return None
    try:
        before, now = json.loads(previous), json.loads(scan)
    except ValueError:
        return None
    if before.get("day") != now.get("day"):
        return None
    old, new = before.get("folders", {}), now.get("folders", {})
    return {f for f in old.keys() | new.keys() if not new.get(f) or old.get(f) != new.get(f)}


def _first_seen(
    conn: sqlite3.Connection,
    affected: set[str],
    spellings: dict[tuple[int, int], str],
    keys: Callable[[str], Iterable[str]],
) -> None:
    """Where each of ``affected`` is first seen now, and the search keys of that spelling."""
    from incidentctl.index import docs

    earliest: dict[str, tuple[tuple[str, ...], int, int]] = {}  # per fold, not per name
    query = "SELECT p.fold, p.rid, p.seq, r.path FROM check_people p JOIN records r USING (rid)"
    if len(affected) > BULK:
        rows: Iterable[tuple[Any, ...]] = (row for row in conn.execute(query) if row[0] in affected)
    else:
        rows = (row for f in affected for row in conn.execute(query + " WHERE p.fold = ?", (f,)))
    for f, rid, seq, rel in rows:
        occurrence = (listing_key(rel), rid, seq)
        known = earliest.get(f)
        if known is None or occurrence < known:
            earliest[f] = occurrence
    stored = {
        row[0]: row[1:]
        for part in _chunks(sorted(affected), 500)
        for row in conn.execute(
            f"SELECT fold, spelling, rid, seq FROM check_folds WHERE fold IN "
            f"({','.join('?' * len(part))})",
            part,
        )
    }
    winners = {f: found[1:] for f, found in earliest.items()}
    del earliest
    missing = {rid for f, (rid, seq) in winners.items() if (rid, seq) not in spellings}
    for rid, text in docs.read(conn, missing).items():
        for p, person in enumerate(json.loads(text).get("people", ())):
            for i, name in enumerate((person["name"], *person.get("aliases", ()))):
                spellings[(rid, p * PERSON + i)] = name
    for part in _chunks(sorted(affected), BATCH):  # each fold's rows only: batched per chunk
        old_keys: list[tuple[str, str]] = []
        old_folds: list[tuple[str]] = []
        new_folds: list[tuple[str, str, int, int]] = []
        new_keys: list[tuple[str, str]] = []
        for f in part:
            old = stored.get(f)
            new = winners.get(f)
            if old is not None and new is not None and old == (spellings[new], *new):
                continue
            if old is not None:
                old_keys.extend((key, f) for key in _kept(keys(old[0])))
                old_folds.append((f,))
            if new is not None:
                spelling = spellings[new]
                new_folds.append((f, spelling, *new))
                new_keys.extend((key, f) for key in _kept(keys(spelling)))
        conn.executemany("DELETE FROM check_keys WHERE key = ? AND fold = ?", old_keys)
        conn.executemany("DELETE FROM check_folds WHERE fold = ?", old_folds)
        conn.executemany("INSERT INTO check_folds VALUES (?, ?, ?, ?)", new_folds)
        conn.executemany("INSERT OR IGNORE INTO check_keys VALUES (?, ?)", new_keys)


def _kept(keys: Iterable[str]) -> list[str]:
    """The search keys the check buckets names by (shorter ones pair too much)."""
    return list(dict.fromkeys(key for key in keys if len(key) >= 3))


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def people_of(conn: sqlite3.Connection, rids: Iterable[int]) -> dict[int, People]:
    """The (seq, fold) of each name of each of ``rids``."""
    out: dict[int, People] = {}
    for part in _chunks(sorted(set(rids)), 500):
        marks = ",".join("?" * len(part))
        for rid, blob in conn.execute(
            f"SELECT rid, people FROM check_records WHERE rid IN ({marks})", part
        ):
            out[rid] = marshal.loads(blob)
    return out


def holders(conn: sqlite3.Connection, fold: str) -> list[tuple[int, int]]:
    """(rid, seq) of every name or alias folding to ``fold``."""
    return conn.execute("SELECT rid, seq FROM check_people WHERE fold = ?", (fold,)).fetchall()


def first_seen(conn: sqlite3.Connection, folds: Iterable[str]) -> dict[str, tuple[str, int]]:
    """Each fold's first spelling in the listing's order and the rid of its record."""
    out: dict[str, tuple[str, int]] = {}
    for part in _chunks(sorted(set(folds)), 500):
        marks = ",".join("?" * len(part))
        for f, spelling, rid in conn.execute(
            f"SELECT fold, spelling, rid FROM check_folds WHERE fold IN ({marks})", part
        ):
            out[f] = (spelling, rid)
    return out


def bucket(conn: sqlite3.Connection, key: str, limit: int) -> list[str]:
    """The folded names whose first spelling has search key ``key`` (at most ``limit``)."""
    rows = conn.execute("SELECT fold FROM check_keys WHERE key = ? LIMIT ?", (key, limit))
    return [f for (f,) in rows]


# -- what the checks ask of the index's record tables ----------------------------------------
#
# ``validate`` reads the records table, the facets and the files table through these, so that
# the index's schema is written down in one package.

_FACET = (
    "SELECT f.value, r.path, r.id FROM facets f JOIN records r ON r.rid = f.rid WHERE f.kind = ?"
)


def record_paths(conn: sqlite3.Connection) -> Iterable[tuple[str, str]]:
    """(path, id) of every record."""
    return conn.execute("SELECT path, id FROM records")


def paths_of_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> Iterable[tuple[str, str]]:
    """(id, path) of every record holding one of ``ids`` (an id held twice: each path)."""
    for part in _chunks(sorted(set(ids)), 500):
        marks = ",".join("?" * len(part))
        yield from conn.execute(f"SELECT id, path FROM records WHERE id IN ({marks})", part)


def records_of_rids(
    conn: sqlite3.Connection, rids: Iterable[int]
) -> Iterable[tuple[int, str, str]]:
    """(rid, path, id) of each of ``rids``."""
    for part in _chunks(sorted(set(rids)), 500):
        marks = ",".join("?" * len(part))
        yield from conn.execute(f"SELECT rid, path, id FROM records WHERE rid IN ({marks})", part)


def bad_paths(conn: sqlite3.Connection) -> set[str]:
    """The files the index holds as unreadable or invalid."""
    return {rel for (rel,) in conn.execute("SELECT path FROM files WHERE problem IS NOT NULL")}


def file_rids(conn: sqlite3.Connection, rels: Iterable[str]) -> Iterable[tuple[str, int | None]]:
    """(path, rid) of each of ``rels`` the index holds: rid None for a file it could not read."""
    for part in _chunks(sorted(set(rels)), 500):
        marks = ",".join("?" * len(part))
        yield from conn.execute(f"SELECT path, rid FROM files WHERE path IN ({marks})", part)


def facet_holders(
    conn: sqlite3.Connection, kind: str, values: Iterable[str] | None = None
) -> Iterable[tuple[str, str, str]]:
    """(value, path, id) of each record with a ``kind`` facet (``withdrawn``, ``external_id``),
    of one of ``values`` when they are given."""
    if values is None:
        yield from conn.execute(_FACET, (kind,))
        return
    for part in _chunks(sorted(set(values)), 500):
        marks = ",".join("?" * len(part))
        yield from conn.execute(f"{_FACET} AND f.value IN ({marks})", (kind, *part))


def same_month_and_country(conn: sqlite3.Connection, date: str, country: str) -> list[int]:
    """The rids of records dated in ``date``'s month (its year, for a year alone) with
    ``country``: the records whose titles the duplicate check compares."""
    month = date[:7]
    when = "r.date = ?" if len(month) == 4 else "r.date >= ? AND r.date < ? || '.'"
    query = (
        f"SELECT r.rid FROM records r WHERE {when} AND EXISTS (SELECT 1 FROM facets f "
        "WHERE f.kind = 'country' AND f.value = ? AND f.rid = r.rid)"
    )
    args = (month, country) if len(month) == 4 else (month, month, country)
    return [rid for (rid,) in conn.execute(query, args)]
