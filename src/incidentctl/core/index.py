"""The derived search index: one SQLite (FTS5) file that mirrors the record files.

Nothing in it is needed for a correct answer (SPEC §2): it is rebuilt from the files whenever it
is missing, stale, of another version or corrupt. It lives in ``<root>/.incidentctl/`` (git
ignores it) or, when the data set is read-only, in ``$XDG_CACHE_HOME/incidentctl/<hash>/``; when
neither can be written, an in-memory index serves the one command.

Freshness: every query first scans ``data/incidents`` once (one ``os.scandir`` pass with one
``lstat`` per file, no reads) and compares each file's (size, mtime_ns, ctime_ns, inode) with the
index. New and changed files are read and indexed, vanished ones dropped; ctime catches an edit
that keeps the size and puts the mtime back. A file modified within :data:`RACY_NS` of the scan
is re-checked on the next query too (its timestamps may not have ticked yet), as git does.

Concurrency: WAL mode, so readers always see the last committed state; a refresh is a write
transaction (``BEGIN IMMEDIATE``) that re-checks what changed once it holds the lock, so two
processes refreshing at once both succeed and do the work once.

Scale: a cold build streams files in batches (nothing holds all records), parses the canonical
form with :mod:`.fastyaml`, validates with pydantic and inserts with ``executemany``. Per record the
index keeps filter columns and side tables (countries, types, roles, tags, languages, names and
their search keys) so that filtering runs in SQL, and the record as JSON so that output never
re-parses YAML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import marshal
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .errors import IncidentctlError, Problem
from .store import DERIVED_DIR, SYMLINK, Store

INDEX_VERSION = 1
"""Bump when the tables change; any mismatch rebuilds the index from the files."""
FILENAME = "index.sqlite3"
RACY_NS = 2_000_000_000
"""Files touched this recently before a scan are re-checked by the next query as well."""
BATCH = 2000
"""Records parsed, inserted and committed together during a build."""
PARALLEL_MIN = 4000
"""A build of at least this many files parses them in worker processes (when CPUs allow)."""
PARALLEL_CHUNK = 250
MAX_WORKERS = 4
SCAN_THREADS = 2
BUSY_TIMEOUT_MS = 600_000
"""How long a query waits for another process's refresh to commit (a cold build takes a while)."""

Progress = Callable[[int, int], None]
"""``progress(done, total)`` while files are (re)indexed; the CLI draws a bar from it."""
Stat = tuple[int, int, int, int]
T = TypeVar("T")

# Modules whose code decides what the index holds: a change to any of them rebuilds it.
_CONTENT_MODULES = (
    "index.py",
    "fastyaml.py",
    "yamlio.py",
    "parse.py",
    "model.py",
    "vocab.py",
    "dates.py",
    "iso.py",
    "names.py",
    "privacy.py",
)

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    digest BLOB NOT NULL,
    racy INTEGER NOT NULL,
    rid INTEGER,
    problem TEXT,
    checked TEXT NOT NULL
);
CREATE INDEX files_bad ON files(path) WHERE problem IS NOT NULL;
CREATE INDEX files_racy ON files(path) WHERE racy = 1;
CREATE TABLE records(
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    path TEXT NOT NULL,
    date TEXT NOT NULL,
    date_start INTEGER NOT NULL,
    date_end INTEGER NOT NULL,
    recorded TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    case_ TEXT,
    country TEXT NOT NULL,
    confidential INTEGER NOT NULL,
    variant INTEGER NOT NULL
);
CREATE INDEX records_date ON records(date, id);
CREATE TABLE docs(rid INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE facets(kind TEXT NOT NULL, value TEXT NOT NULL, rid INTEGER NOT NULL,
                    PRIMARY KEY(kind, value, rid)) WITHOUT ROWID;
CREATE INDEX facets_rid ON facets(rid);
CREATE TABLE names(nid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE name_keys(key TEXT NOT NULL, nid INTEGER NOT NULL,
                       PRIMARY KEY(key, nid)) WITHOUT ROWID;
CREATE TABLE record_names(rid INTEGER NOT NULL, nid INTEGER NOT NULL, kind INTEGER NOT NULL,
                          PRIMARY KEY(rid, nid, kind)) WITHOUT ROWID;
CREATE INDEX record_names_nid ON record_names(nid, kind);
CREATE TABLE public_pending(rid INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE fts USING fts5(
    title, names, summary, perpetrators, outcome, sources,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
FTS_COLUMNS = ("title", "names", "summary", "perpetrators", "outcome", "sources")

# record_names.kind: how a name appears in the public version of its record (``--public``).
PUBLIC_NAME, CONFIDENTIAL_NAME, WITHHELD_NAME = 0, 1, 2
"""A name shown publicly; a confidential person's name; a name withheld because it contains a
confidential name given elsewhere in the data set."""


class IndexUnavailable(IncidentctlError):
    """This Python's SQLite cannot hold the index (no FTS5)."""


# -- where it lives ---------------------------------------------------------------


def locate(root: Path) -> Path | None:
    """The index file for a data set: in the data set if writable, else in the user's cache."""
    own = Path(root) / DERIVED_DIR
    if _writable_dir(own):
        ignore = own / ".gitignore"
        if not ignore.exists():
            with contextlib.suppress(OSError):
                ignore.write_text(
                    "# derived data of incidentctl: never committed\n*\n", encoding="utf-8"
                )
        return own / FILENAME
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:16]
    cached = Path(cache_home) / "incidentctl" / digest
    return cached / FILENAME if _writable_dir(cached) else None


def _writable_dir(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def fingerprint() -> str:
    """What the stored content depends on: versions and the code that derives it."""
    import anyascii

    from .. import __version__

    h = hashlib.sha256(f"{INDEX_VERSION}|{__version__}|{anyascii.__version__}".encode())
    here = Path(__file__).parent
    for name in _CONTENT_MODULES:
        with contextlib.suppress(OSError):
            h.update((here / name).read_bytes())
    return h.hexdigest()


# -- opening ----------------------------------------------------------------------


def connect(path: Path | None) -> sqlite3.Connection:
    """Open (creating or rebuilding the tables when needed) the index at ``path`` or in memory."""
    conn = sqlite3.connect(
        str(path) if path else ":memory:",
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if path:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA temp_store = MEMORY")
        _ensure_schema(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _ensure_schema(conn: sqlite3.Connection) -> None:
    wanted = fingerprint()
    if _current(conn) == wanted:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _current(conn) != wanted:  # another process may have rebuilt it meanwhile
            for kind, name in conn.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT GLOB 'sqlite_*' AND name NOT GLOB 'fts_*'"
            ).fetchall():
                conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
            try:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
            except sqlite3.OperationalError as exc:
                if "fts5" in str(exc):
                    raise IndexUnavailable(
                        "this Python's SQLite has no FTS5 full-text module; use a Python built "
                        "with a standard SQLite (3.9 or later, with FTS5)"
                    ) from None
                raise
            conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (wanted,))
            conn.execute(f"PRAGMA user_version = {INDEX_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _current(conn: sqlite3.Connection) -> str | None:
    if conn.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def discard(path: Path) -> None:
    """Delete an index file and its WAL companions (when corrupt)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


# -- scanning ---------------------------------------------------------------------


@dataclass
class Scan:
    """The record files on disk (path relative to data/incidents and stat), and what was not read."""

    rows: list[tuple[str, int, int, int, int]] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    started_ns: int = 0

    @property
    def files(self) -> dict[str, Stat]:
        return {row[0]: row[1:] for row in self.rows}

    def digest(self) -> str:
        """One value for the whole listing: equal digests mean no file changed."""
        return hashlib.blake2b(marshal.dumps(self.rows, 4), digest_size=16).hexdigest()


def scan(store: Store) -> Scan:
    """One pass over ``data/incidents/<YYYY>/``: stat every record file, follow no symlink.

    The rules are those of :meth:`Store.listing` (hidden files ignored, symlinks and files
    outside a year folder reported), done with directory file descriptors so that each file
    costs one ``fstatat`` and no read. Year folders are scanned by two threads: the system
    calls, which are most of the cost, then run on two CPUs.
    """
    out = Scan(started_ns=time.time_ns())
    try:
        tops = sorted(os.scandir(store.data_dir), key=lambda e: e.name)
    except OSError:
        return out
    folders = []
    for top in tops:
        if top.name.startswith("."):
            continue
        if top.is_symlink():
            out.skipped.append(_skip_problem(store, top.path, SYMLINK))
        elif top.is_file():
            if top.name.endswith((".yaml", ".yml")):
                out.skipped.append(
                    _skip_problem(
                        store,
                        top.path,
                        "record file outside a year folder (data/incidents/<YYYY>/)",
                    )
                )
        elif top.is_dir():
            folders.append(top)
    if len(folders) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(SCAN_THREADS) as pool:
            parts = list(pool.map(lambda top: _scan_folder(store, top), folders))
    else:
        parts = [_scan_folder(store, top) for top in folders]
    for rows, skipped in parts:
        out.rows.extend(rows)
        out.skipped.extend(skipped)
    return out


def _scan_folder(
    store: Store, top: os.DirEntry[str]
) -> tuple[list[tuple[str, int, int, int, int]], list[Problem]]:
    rows: list[tuple[str, int, int, int, int]] = []
    skipped: list[Problem] = []
    try:
        fd = os.open(top.path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return rows, skipped
    stat = os.stat
    try:
        prefix = top.name + "/"
        for entry in os.scandir(fd):
            name = entry.name
            if name[0] == "." or not name.endswith((".yaml", ".yml")):
                continue
            if entry.is_symlink():
                skipped.append(_skip_problem(store, os.path.join(top.path, name), SYMLINK))
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            try:
                st = stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError:
                continue
            rows.append((prefix + name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    finally:
        os.close(fd)
    return rows, skipped


def _skip_problem(store: Store, path: str, message: str) -> Problem:
    return Problem(store.rel(Path(path)), None, None, "", message)


# -- refreshing -------------------------------------------------------------------


def refresh(
    conn: sqlite3.Connection,
    store: Store,
    progress: Progress | None = None,
    public: bool = False,
) -> list[Problem]:
    """Bring the index up to date with the files; return the problems to warn about.

    When the listing's digest equals the one stored by the last complete refresh (same day, no
    racy file), nothing is compared file by file and nothing is written. Otherwise changed
    files are found by their stat, and the work happens under the write lock after looking
    again (another process may have done it already). ``public``: the query searches the
    public text, so bring that up to date too (:func:`sync_public`).
    """
    seen = scan(store)
    today = dt.date.today().isoformat()
    state = f"{today}:{seen.digest()}"
    row = conn.execute("SELECT value FROM meta WHERE key = 'scan'").fetchone()
    if not (row and row[0] == state):
        conn.execute("BEGIN IMMEDIATE")
        try:
            stale, gone = _diff(conn, seen, today)
            if stale or gone:
                _apply(conn, store, seen, stale, gone, today, progress)
            racy = conn.execute("SELECT 1 FROM files WHERE racy = 1 LIMIT 1").fetchone()
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('scan', ?)", ("" if racy else state,))
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    if public:
        sync_public(conn)
    return sorted([*seen.skipped, *bad_files(conn)], key=lambda p: p.path)


def _diff(conn: sqlite3.Connection, seen: Scan, today: str) -> tuple[list[str], list[str]]:
    """Files to (re)read and paths to drop."""
    stored: dict[str, tuple[Any, ...]] = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT path, size, mtime_ns, ctime_ns, inode, racy, problem IS NOT NULL, checked FROM files"
        )
    }
    stale = []
    files = seen.files
    for path, stat in files.items():
        old = stored.get(path)
        if old is None or old[:4] != stat or old[4] or (old[5] and old[6] != today):
            stale.append(path)
    gone = [path for path in stored if path not in files]
    return stale, gone


def _apply(
    conn: sqlite3.Connection,
    store: Store,
    seen: Scan,
    stale: list[str],
    gone: list[str],
    today: str,
    progress: Progress | None,
) -> None:
    """Drop vanished files and (re)index stale ones, in batches, inside the caller's transaction.

    One transaction for the whole refresh: a process waiting for the lock then finds the work
    done, and an interrupted build leaves the previous index intact.
    """
    known = {
        row[0]: (row[1], row[2]) for row in conn.execute("SELECT path, rid, digest FROM files")
    }
    _drop_paths(conn, gone, known)
    writer = _Writer(conn, today, seen.started_ns)
    files = seen.files
    stale = sorted(stale)
    # A valid record whose bytes did not change is not parsed again (racy re-checks, touches).
    jobs = [(rel, _valid_digest(known.get(rel))) for rel in stale]
    total = len(stale)
    if progress and total:
        progress(0, total)
    prepared_files = zip(stale, _prepared_stream(store, jobs), strict=True)
    for done, (rel, prepared) in enumerate(prepared_files, start=1):
        writer.take(rel, files[rel], known.get(rel, (None, None))[0], prepared)
        if done % BATCH == 0 or done == total:
            writer.flush()
            if progress:
                progress(done, total)


def _valid_digest(known: tuple[Any, Any] | None) -> bytes | None:
    return known[1] if known is not None and known[0] is not None else None


def _chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _drop_paths(
    conn: sqlite3.Connection, paths: Iterable[str], known: dict[str, tuple[Any, Any]]
) -> None:
    paths = list(paths)
    drop_records(conn, [known[p][0] for p in paths if known.get(p, (None,))[0] is not None])
    conn.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in paths])


def drop_records(conn: sqlite3.Connection, rids: list[int]) -> None:
    """Remove records and everything derived from them."""
    if not rids:
        return
    params = [(rid,) for rid in rids]
    conn.executemany("DELETE FROM fts WHERE rowid = ?", [(rid * 2,) for rid in rids])
    conn.executemany("DELETE FROM fts WHERE rowid = ?", [(rid * 2 + 1,) for rid in rids])
    for table in ("facets", "record_names", "docs", "records", "public_pending"):
        conn.executemany(f"DELETE FROM {table} WHERE rid = ?", params)


def bad_files(conn: sqlite3.Connection) -> list[Problem]:
    """The stored reason each unreadable or invalid file is left out."""
    return [
        Problem(*json.loads(row[0]))
        for row in conn.execute("SELECT problem FROM files WHERE problem IS NOT NULL ORDER BY path")
    ]


# -- the public version ---------------------------------------------------------------


def confidential_names(conn: sqlite3.Connection) -> list[str]:
    """Every name and alias of a confidential person anywhere in the data set."""
    rows = conn.execute(
        "SELECT DISTINCT n.name FROM record_names rn JOIN names n ON n.nid = rn.nid "
        "WHERE rn.kind = ? ORDER BY n.name",
        (CONFIDENTIAL_NAME,),
    )
    return [name for (name,) in rows if name.strip()]


def sync_public(conn: sqlite3.Connection) -> None:
    """Bring the searchable public version of records in step with the confidential names.

    ``--public`` withholds a confidential person's names wherever they appear in the data set
    (:func:`incidentctl.core.privacy.public_data`), so the public text of one record depends on
    the others. A record whose full text mentions such a name gets a second full-text row, its
    public text (rowid ``2*rid+1``, ``records.variant = 1``), and its names are marked
    withheld. Done when a public search needs it, not at every refresh: only records indexed
    since the last time (``public_pending``) are looked at, or all that mention a confidential
    name when the set of those names changed.
    """
    secrets = confidential_names(conn)
    digest = hashlib.sha256("\n".join(secrets).encode("utf-8")).hexdigest()
    if not _public_stale(conn, digest):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _public_stale(conn, digest):  # another process may have done it meanwhile
            _publish_all(conn, secrets, digest)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _public_stale(conn: sqlite3.Connection, digest: str) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key = 'secrets'").fetchone()
    pending = conn.execute("SELECT 1 FROM public_pending LIMIT 1").fetchone()
    return row is None or row[0] != digest or pending is not None


def _publish_all(conn: sqlite3.Connection, secrets: list[str], digest: str) -> None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'secrets'").fetchone()
    changed = row is None or row[0] != digest
    added = {rid for (rid,) in conn.execute("SELECT rid FROM public_pending")}
    candidates: set[int] = set()
    if changed:
        candidates.update(
            rid for (rid,) in conn.execute("SELECT rid FROM records WHERE variant = 1")
        )
    if secrets:
        mentioning = _mentioning(conn, secrets)
        candidates.update(mentioning if changed else mentioning & added)
    for rid in sorted(candidates):
        _publish(conn, rid, secrets)
    conn.execute("DELETE FROM public_pending")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('secrets', ?)", (digest,))


def _mentioning(conn: sqlite3.Connection, names: list[str]) -> set[int]:
    """Records whose full text has a word sequence beginning like one of ``names``.

    The full-text match is looser than the scrubbing in ``privacy`` (no case, accents or
    punctuation), so it finds every record that scrubbing would change, and maybe a few more.
    """
    phrases = ['"' + n.replace('"', '""') + '"*' for n in names if any(c.isalnum() for c in n)]
    found: set[int] = set()
    for chunk in _chunks(phrases, 200):
        found.update(
            rowid >> 1
            for (rowid,) in conn.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ? AND (rowid & 1) = 0", (" OR ".join(chunk),)
            )
        )
    return found


def _publish(conn: sqlite3.Connection, rid: int, secrets: list[str]) -> None:
    """Store the public text and the public names of one record."""
    from . import privacy
    from .model import Record

    (doc,) = conn.execute("SELECT data FROM docs WHERE rid = ?", (rid,)).fetchone()
    record = Record.model_validate_json(doc)
    public = privacy.public_data(record, secrets)
    texts = fts_texts(public)
    variant = int(texts != fts_texts(json.loads(doc)))
    conn.execute("DELETE FROM fts WHERE rowid = ?", (rid * 2 + 1,))
    if variant:
        conn.execute(
            f"INSERT INTO fts(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?,?,?,?,?,?,?)",
            (rid * 2 + 1, *texts),
        )
    conn.execute("UPDATE records SET variant = ? WHERE rid = ?", (variant, rid))
    kinds = []
    for person, shown in zip(record.people, public.get("people", []), strict=True):
        survived = {shown["name"], *shown.get("aliases", [])}
        for name in dict.fromkeys((person.name, *person.aliases)):
            if person.confidential:
                kind = CONFIDENTIAL_NAME
            else:
                kind = PUBLIC_NAME if name in survived else WITHHELD_NAME
            kinds.append((kind, rid, name))
    conn.execute("DELETE FROM record_names WHERE rid = ?", (rid,))
    conn.executemany(
        "INSERT OR IGNORE INTO record_names SELECT ?, nid, ? FROM names WHERE name = ?",
        [(rid, kind, name) for kind, rid, name in kinds],
    )


# -- reading files ---------------------------------------------------------------------


@dataclass
class Prepared:
    """Everything the index stores about one file, computed without the database.

    Pure data (it crosses process boundaries during a parallel build). ``record`` is the row
    of the ``records`` table without its rid; ``fts`` holds the full text and, for a record
    with confidential people, the text as published.
    """

    digest: bytes
    problem: tuple[Any, ...] | None = None
    record: tuple[Any, ...] | None = None
    doc: str = ""
    facets: list[tuple[str, str]] = field(default_factory=list)
    fts: list[tuple[str, ...]] = field(default_factory=list)
    names: list[tuple[str, int]] = field(default_factory=list)
    unchanged: bool = False


def prepare(store: Store, rel: str, old_digest: bytes | None = None) -> Prepared:
    """Read one file and derive its rows; ``unchanged`` when its bytes match ``old_digest``."""
    from .store import read_limited
    from .yamlio import YamlProblem

    path = store.data_dir / rel
    try:
        raw = read_limited(path)
    except YamlProblem as exc:
        return Prepared(b"", problem=_problem_fields(exc.to_problem(store.rel(path))))
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    if digest == old_digest:
        return Prepared(digest, unchanged=True)
    record, problem = parse_raw(store, rel, raw)
    if record is None:
        return Prepared(digest, problem=_problem_fields(problem))
    return _derive(digest, rel, record)


def parse_raw(store: Store, rel: str, raw: bytes) -> tuple[Any, Problem | None]:
    """A valid record from a file's bytes, or the first located problem that keeps it out.

    Valid canonical files take the fast path (:mod:`.fastyaml`, then pydantic); anything that
    fails goes through :meth:`Store.read`, which locates the problem exactly as ``validate``.
    """
    from pydantic import ValidationError

    from . import fastyaml, yamlio
    from .model import Record

    try:
        text = yamlio.decode(raw)
        data = fastyaml.load(text)
        if data is None:
            data = yamlio.load(text)
        return Record.model_validate(data), None
    except (yamlio.YamlProblem, ValidationError, ValueError):
        pass
    loaded = store.read(store.data_dir / rel)
    if loaded.ok:
        return loaded.record, None
    return None, loaded.problems[0]


def _derive(digest: bytes, rel: str, record: Any) -> Prepared:
    data = record.to_data()
    start, end = record.period()
    return Prepared(
        digest,
        record=(
            record.id,
            rel,
            str(record.date),
            start.toordinal(),
            end.toordinal(),
            str(record.recorded),
            record.title,
            record.status,
            record.case,
            record.countries[0],
            int(record.confidential),
            0,
        ),
        doc=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        facets=[(kind, value) for kind, values in facet_values(record).items() for value in values],
        fts=[fts_texts(data)],
        names=[
            (name, CONFIDENTIAL_NAME if person.confidential else PUBLIC_NAME)
            for person in record.people
            for name in dict.fromkeys((person.name, *person.aliases))
        ],
    )


def _prepare_many(root: Path, jobs: list[tuple[str, bytes | None]]) -> list[Prepared]:
    """Worker entry point of a parallel build."""
    store = Store(root)
    return [prepare(store, rel, old) for rel, old in jobs]


def _prepared_stream(store: Store, jobs: list[tuple[str, bytes | None]]) -> Iterator[Prepared]:
    """``prepare`` every job, in order; on several CPUs a large build uses worker processes."""
    workers = _workers(len(jobs))
    if workers < 2:
        for rel, old in jobs:
            yield prepare(store, rel, old)
        return
    import multiprocessing
    from collections import deque

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(workers) as pool:
        pending: deque[Any] = deque()
        chunks = _chunks(jobs, PARALLEL_CHUNK)
        for chunk in chunks:
            pending.append(pool.apply_async(_prepare_many, (store.root, chunk)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _workers(jobs: int) -> int:
    if jobs < PARALLEL_MIN:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


class _Writer:
    """Turns prepared files into rows and inserts a batch at a time with ``executemany``."""

    def __init__(self, conn: sqlite3.Connection, today: str, scan_ns: int):
        self.conn = conn
        self.today = today
        self.racy_after = scan_ns - RACY_NS
        self.next_rid = (conn.execute("SELECT max(rid) FROM records").fetchone()[0] or 0) + 1
        self.next_nid = (conn.execute("SELECT max(nid) FROM names").fetchone()[0] or 0) + 1
        self.nids: dict[str, int] = {}
        self._reset()

    def _reset(self) -> None:
        self.files: list[tuple[Any, ...]] = []
        self.records: list[tuple[Any, ...]] = []
        self.docs: list[tuple[int, str]] = []
        self.facets: list[tuple[str, str, int]] = []
        self.fts: list[tuple[Any, ...]] = []
        self.person_names: list[tuple[int, str, int]] = []  # rid, name, kind
        self.dropped: list[int] = []

    def take(self, rel: str, stat: Stat, old_rid: int | None, prepared: Prepared) -> None:
        """Queue the rows of one file, replacing what the index had for it."""
        racy = int(max(stat[1], stat[2]) >= self.racy_after)
        if prepared.unchanged and old_rid is not None:
            # The same bytes (a racy re-check, or a touch): keep the record, store the new stat.
            self.files.append((rel, *stat, prepared.digest, racy, old_rid, None, self.today))
            return
        if old_rid is not None:
            self.dropped.append(old_rid)
        if prepared.record is None:
            problem = json.dumps(prepared.problem, ensure_ascii=False)
            self.files.append((rel, *stat, prepared.digest, racy, None, problem, self.today))
            return
        rid = self.next_rid
        self.next_rid += 1
        self.files.append((rel, *stat, prepared.digest, racy, rid, None, self.today))
        self.records.append((rid, *prepared.record))
        self.docs.append((rid, prepared.doc))
        self.facets.extend((kind, value, rid) for kind, value in prepared.facets)
        self.fts.extend((rid * 2, *texts) for texts in prepared.fts)
        self.person_names.extend((rid, name, kind) for name, kind in prepared.names)

    def flush(self) -> None:
        """Write the queued rows of the batch."""
        conn = self.conn
        drop_records(conn, self.dropped)
        conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?)", self.files)
        conn.executemany("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", self.records)
        conn.executemany("INSERT INTO docs VALUES (?,?)", self.docs)
        conn.executemany("INSERT INTO public_pending VALUES (?)", [(rid,) for rid, _ in self.docs])
        conn.executemany("INSERT OR IGNORE INTO facets VALUES (?,?,?)", self.facets)
        conn.executemany(
            f"INSERT INTO fts(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?,?,?,?,?,?,?)", self.fts
        )
        self._write_names()
        self._reset()

    def _write_names(self) -> None:
        from .names import search_keys

        wanted = {name for _, name, _ in self.person_names if name not in self.nids}
        for chunk in _chunks(sorted(wanted), 500):
            marks = ",".join("?" * len(chunk))
            self.nids.update(
                self.conn.execute(f"SELECT name, nid FROM names WHERE name IN ({marks})", chunk)
            )
        rows = []
        for name in sorted(wanted):
            if name not in self.nids:
                self.nids[name] = self.next_nid
                rows.append((self.next_nid, name))
                self.next_nid += 1
        self.conn.executemany("INSERT INTO names VALUES (?,?)", rows)
        self.conn.executemany(
            "INSERT OR IGNORE INTO name_keys VALUES (?,?)",
            [(key, nid) for nid, name in rows for key in search_keys(name)],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO record_names VALUES (?,?,?)",
            [(rid, self.nids[name], kind) for rid, name, kind in self.person_names],
        )


def _problem_fields(problem: Problem | None) -> tuple[Any, ...]:
    assert problem is not None
    return (
        problem.path,
        problem.line,
        problem.column,
        problem.field,
        problem.message,
        problem.severity,
    )


def facet_values(record: Any) -> dict[str, list[str]]:
    """The multi-valued filter columns of a record (SPEC §5 filters)."""
    return {
        "country": list(record.countries),
        "type": list(record.types),
        "role": sorted({role for person in record.people for role in person.roles}),
        "tag": list(record.tags),
        "lang": sorted({s.language for s in record.sources if s.language}),
    }


def fts_texts(data: dict[str, Any]) -> tuple[str, ...]:
    """The full-text columns of a record's plain data (full, or as published).

    Names and aliases are indexed as written and folded to Latin letters, so that a query in
    one script finds a name stored in another. Names the public form withholds are left out.
    """
    from .names import fold
    from .privacy import WITHHELD

    names: list[str] = []
    for person in data.get("people", []):
        for name in (person["name"], *person.get("aliases", [])):
            if WITHHELD in name:
                continue
            names.append(name)
            folded = fold(name)
            if folded != name.lower():
                names.append(folded)
    sources = []
    for source in data.get("sources", []):
        sources.extend(source[k] for k in ("title", "publisher") if source.get(k))
    return (
        data["title"],
        "\n".join(names),
        data["summary"],
        "\n".join(data.get("perpetrators", [])),
        data.get("outcome", ""),
        "\n".join(sources),
    )


# -- one query ----------------------------------------------------------------------


def run(
    store: Store,
    query: Callable[[sqlite3.Connection], T],
    warn: Callable[[Problem], None] | None = None,
    progress: Progress | None = None,
    public: bool = False,
) -> T:
    """Refresh the index and run ``query`` on one consistent snapshot of it.

    ``public``: the query searches the public text (``--public`` with TEXT or ``--person``).

    A corrupt or unreadable index file is deleted and rebuilt; if that fails too (or another
    process holds the index too long), the query runs on an index built in memory. Problems
    are reported once, after the answer is known.
    """
    location = locate(store.root)
    attempts: list[Path | None] = [location, location, None] if location else [None]
    last: Exception | None = None
    while attempts:
        path = attempts.pop(0)
        if path is not None and last is not None:
            discard(path)
        try:
            result, problems = _run_once(path, store, query, progress, public)
        except sqlite3.DatabaseError as exc:
            last = exc
            if _is_busy(exc):
                attempts = [None]  # another process is working on it: leave its file alone
            continue
        if warn:
            for problem in problems:
                warn(problem)
        return result
    raise IncidentctlError(f"cannot build the search index: {last}")


def _is_busy(exc: Exception) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _run_once(
    path: Path | None,
    store: Store,
    query: Callable[[sqlite3.Connection], T],
    progress: Progress | None,
    public: bool,
) -> tuple[T, list[Problem]]:
    conn = connect(path)
    try:
        problems = refresh(conn, store, progress, public)
        conn.execute("BEGIN")
        try:
            result = query(conn)
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")
        return result, problems
    finally:
        conn.close()
