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

Every value here is derived and checked against its inputs; writing it is best effort (a busy
or read-only index only costs the next run the time).
"""

from __future__ import annotations

import contextlib
import hashlib
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
        conn.execute("DELETE FROM check_seen")
        conn.execute("DELETE FROM checks")
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
    conn: sqlite3.Connection, store: Store, files: list[str], skipped: list[tuple[Any, ...]]
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
