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

Scale: a cold build streams files in batches (nothing holds all records), parses each file with
:mod:`incidentctl.files.fastyaml` (rapidyaml; any well-formed record, canonical or written by
hand, stepping aside to the reference reader where their values could differ), validates with pydantic and inserts with ``executemany``. Per record the
index keeps filter columns and side tables (countries, types, roles, tags, languages, names and
their search keys) so that filtering runs in SQL, and the record as JSON so that output never
re-parses YAML.

This module is the index's life cycle (where, which version, refresh, one query);
:mod:`.index_scan` is the freshness scan, :mod:`.index_rows` what is stored per file and how it
is written, :mod:`.index_public` the searchable public text, and :mod:`.search` the questions.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from incidentctl.errors import IncidentctlError, Problem
from incidentctl.files.store import DERIVED_DIR, Store
from incidentctl.index.public import load_withholding, sync_public
from incidentctl.index.rows import (
    Writer,
    chunks,
    database_path,
    drop_records,
    prepared_stream,
    sync_text,
)
from incidentctl.index.scan import Scan, scan

__all__ = ["load_withholding", "locate", "refresh", "run"]

INDEX_VERSION = 18  # a nickname reading keeps two words (the search keys of bracketed names);
# 17: round 8 of the name rules (issue 13); 16: "0000000 kizi" is two search tokens
"""Bump by hand whenever what the index stores changes: its tables, or the code that derives a
row from a record (model, readers, name folding, the withholding rule). Any mismatch rebuilds
the index from the files, so a stale version costs one rebuild, never a wrong answer."""
FILENAME = "index.sqlite3"
RACY_NS = 2_000_000_000
"""Files touched this recently before a scan are re-checked by the next query as well."""
BATCH = 2000
"""Records parsed, inserted and committed together during a build."""
COMPACT_AFTER = 5000
"""Files (re)indexed or dropped by one refresh from which the file is compacted afterwards
(:func:`compact`); smaller refreshes leave a few pages loose rather than rewrite the file."""
PAGE_SIZE = 16384
CACHE_KB = 32768
"""SQLite's page cache (32 MB): a build's B-trees stay in memory, within the memory budget."""
BUSY_TIMEOUT_MS = 2_000
"""How long a query waits for another process's refresh to commit. Past it, the command says
so and answers from the files through an index in memory: the file index is a shortcut, never
needed for a correct answer, and a suspended or stuck process must not hang every command."""

Progress = Callable[[int, int], None]
"""``progress(done, total)`` while files are (re)indexed; the CLI draws a bar from it."""
T = TypeVar("T")

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
) WITHOUT ROWID;
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
-- the records' JSON, zlib-compressed a block of consecutive rids at a time (index/docs.py)
CREATE TABLE docs(first INTEGER PRIMARY KEY, count INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE facets(kind TEXT NOT NULL, value TEXT NOT NULL, rid INTEGER NOT NULL,
                    PRIMARY KEY(kind, value, rid)) WITHOUT ROWID;
CREATE TABLE names(nid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE name_keys(key TEXT NOT NULL, nid INTEGER NOT NULL,
                       PRIMARY KEY(key, nid)) WITHOUT ROWID;
CREATE TABLE record_names(rid INTEGER NOT NULL, nid INTEGER NOT NULL, kind INTEGER NOT NULL,
                          PRIMARY KEY(rid, nid, kind)) WITHOUT ROWID;
CREATE INDEX record_names_nid ON record_names(nid, kind);
CREATE TABLE public_pending(rid INTEGER PRIMARY KEY);
-- records without their full-text rows yet, names without their search keys (rows.sync_text)
CREATE TABLE fts_pending(rid INTEGER PRIMARY KEY);
CREATE TABLE keys_pending(nid INTEGER PRIMARY KEY);
CREATE TABLE public_texts(rid INTEGER PRIMARY KEY, texts TEXT NOT NULL);
CREATE TABLE checks(key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE check_seen(path TEXT PRIMARY KEY, digest BLOB NOT NULL, seen BLOB NOT NULL)
    WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(
    title, names, summary, perpetrators, outcome, sources, responses,
    title_stem, summary_stem, perpetrators_stem, outcome_stem, sources_stem, responses_stem,
    content = '', tokenize = 'unicode61 remove_diacritics 2'
);
"""


class IndexUnavailable(IncidentctlError):
    """This Python's SQLite cannot hold the index (no FTS5)."""


# -- where it lives ---------------------------------------------------------------


def locate(root: Path) -> Path | None:
    """The index file for a data set: in the data set if writable, else in the user's cache.

    A ``.incidentctl`` that is a symlink is refused: a committed link would make the
    index (every confidential name) be written wherever it points.
    """
    own = Path(root) / DERIVED_DIR
    if own.is_symlink():
        raise IncidentctlError(
            f"{own} is a symlink; incidentctl never writes its derived index through one "
            f"(it holds every name). Remove the link ({own} is rebuilt as a real folder); "
            "if git tracks it, 'git rm' it"
        )
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
    """What the stored content depends on: the index version, incidentctl's, anyascii's and
    the stemmer's (its stems are stored)."""
    import anyascii
    import Stemmer

    from incidentctl import __version__

    return f"{INDEX_VERSION}|{__version__}|{anyascii.__version__}|{Stemmer.version()}"


@functools.cache
def code_digest() -> str:
    """A digest of incidentctl's own source and of the libraries whose output derived data
    holds (pydantic, ruamel.yaml, anyascii): the caches of ``validate`` and ``fmt`` hold only for
    the code that filled them (any other code: another cache)."""
    from importlib.metadata import PackageNotFoundError, version

    import incidentctl

    def installed(name: str) -> str:  # without importing it (pydantic alone takes 0.2 s)
        try:
            return version(name)
        except PackageNotFoundError:
            return ""

    package = Path(incidentctl.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    versions = tuple(installed(name) for name in ("pydantic", "ruamel.yaml", "anyascii"))
    digest.update("|".join(map(str, versions)).encode())
    for source in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            digest.update(source.relative_to(package).as_posix().encode() + b"\0")
            digest.update(source.read_bytes())
    return digest.hexdigest()


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
        # Records of a few kilobytes pack several to a page (only before the first table).
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
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


# -- refreshing -------------------------------------------------------------------


def refresh(
    conn: sqlite3.Connection,
    store: Store,
    progress: Progress | None = None,
    public: bool = False,
    text: bool = True,
) -> list[Problem]:
    """Bring the index up to date with the files; return the problems to warn about.

    Each year folder's listing has a digest; the last complete refresh stored them (with the
    day: a day's change re-checks every bad file, whose dates may have stopped being in the
    future). Only folders whose digest differs are compared file by file, so nothing is
    written when nothing changed, and one edited record costs the comparison of its folder.
    A folder holding a racy file is stored without a digest, so the next query looks at it
    again. The work happens under the write lock after looking again (another process may
    have done it already). ``public``: the query searches the public text, so bring that up
    to date too (:func:`sync_public`). ``text=False``: the query searches no words and no
    names, so full text and name keys may wait for one that does (:func:`.rows.sync_text`).
    """
    text = text or public or database_path(conn) is None
    seen = _scan(store)
    today = dt.date.today().isoformat()
    digests = seen.folder_digests()
    written = 0
    if _changed_folders(conn, today, digests) != set():
        conn.execute("BEGIN IMMEDIATE")
        try:
            changed = _changed_folders(conn, today, digests)
            if changed != set():
                stale, gone = _diff(conn, seen, today, changed)
                if stale or gone:
                    _apply(conn, store, seen, stale, gone, today, progress, text)
                    written = len(stale) + len(gone)
                racy = {
                    path.split("/", 1)[0]
                    for (path,) in conn.execute("SELECT path FROM files WHERE racy = 1")
                }
                state = {name: "" if name in racy else d for name, d in digests.items()}
                trees = {
                    name: tree
                    for name, tree in stored_trees(conn).items()
                    if name in digests and changed is not None and name not in changed
                }
                trees.update((name, _tree_id(conn, name)) for name in digests if name not in trees)
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('scan', ?)",
                    (json.dumps({"day": today, "folders": state, "trees": trees}, sort_keys=True),),
                )
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    if text:
        sync_text(conn)
    if public:
        sync_public(conn)
    if written >= COMPACT_AFTER:
        compact(conn)
    return sorted([*seen.skipped, *bad_files(conn)], key=lambda p: p.path)


def stored_trees(conn: sqlite3.Connection) -> dict[str, str]:
    """Each year folder's git tree id, as the last refresh computed it from its files' digests
    (:func:`_tree_id`); what :mod:`.since` compares with a commit's trees."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'scan'").fetchone()
    try:
        trees = json.loads(row[0]).get("trees") if row else None
    except (ValueError, AttributeError):
        return {}
    return trees if isinstance(trees, dict) else {}


def _tree_id(conn: sqlite3.Connection, name: str) -> str:
    """The id git would give a tree holding exactly the record files the index has in folder
    ``name`` (mode 100644, each file's digest being its blob id): equal to a commit's tree of
    that folder exactly when every file has the same name and bytes, and no file is missing
    or added. Entries in the order git sorts them: by name, byte by byte (SQLite's ``BINARY``
    order of UTF-8 text is that order)."""
    skip = len(name) + 1
    body = b"".join(
        b"100644 " + path[skip:].encode("utf-8") + b"\0" + digest
        for path, digest in conn.execute(
            "SELECT path, digest FROM files WHERE path >= ? AND path < ? ORDER BY path",
            (f"{name}/", f"{name}0"),
        )
    )
    tree = hashlib.sha1(b"tree %d\0" % len(body), usedforsecurity=False)
    tree.update(body)
    return tree.hexdigest()


_SHARED_SCAN: contextvars.ContextVar[dict[str, Scan] | None] = contextvars.ContextVar(
    "incidentctl_shared_scan", default=None
)


@contextlib.contextmanager
def one_scan() -> Iterator[None]:
    """Within this block, the index is brought up to date with one freshness scan of each data
    set, however many queries run: for a command that asks the index more than once about the
    same moment (``validate --changed`` asks which folders changed, then checks the changed
    files), and writes no record in between. Outside it, every query scans."""
    token = _SHARED_SCAN.set({})
    try:
        yield
    finally:
        _SHARED_SCAN.reset(token)


def current_scan(store: Store) -> Scan | None:
    """The scan of ``store`` this :func:`one_scan` block made, if any."""
    shared = _SHARED_SCAN.get()
    return None if shared is None else shared.get(str(store.data_dir))


def _scan(store: Store) -> Scan:
    shared = _SHARED_SCAN.get()
    if shared is None:
        return scan(store)
    key = str(store.data_dir)
    if key not in shared:
        shared[key] = scan(store)
    return shared[key]


def compact(conn: sqlite3.Connection) -> None:
    """Rewrite the index file with full pages, after a build or a large refresh.

    A build inserts the side tables in row-id order, not in key order, so their B-trees split
    pages half-way and stay 60-70 % full, and the pending tables it empties leave free pages:
    6 % of the file at 10,000 records. ``VACUUM`` copies every table in key order into full
    pages for about 1 % of the build's CPU (0.15 s at 10,000 records). Optional: another
    process reading or refreshing at the time leaves the file as it is.
    """
    if database_path(conn) is None:
        return
    # VACUUM builds the new file as a temporary database: on disk, not in memory (temp_store
    # MEMORY would hold a copy of the whole index, 230 MB at 100,000 records), through a small
    # page cache (it copies in order: a larger cache only adds to the command's peak memory)
    conn.execute("PRAGMA temp_store = FILE")
    conn.execute("PRAGMA cache_size = -2048")
    try:
        with contextlib.suppress(sqlite3.OperationalError):
            conn.execute("VACUUM")
    finally:
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")


def _changed_folders(
    conn: sqlite3.Connection, today: str, digests: dict[str, str]
) -> set[str] | None:
    """Folders to compare file by file: those whose digest is not the stored one, and stored
    folders that are gone; None (every file) without a stored state of the same day."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'scan'").fetchone()
    try:
        state = json.loads(row[0]) if row else {}
        stored = state.get("folders") if state.get("day") == today else None
    except (ValueError, AttributeError):  # an older or damaged value: compare everything
        return None
    if not isinstance(stored, dict):
        return None
    changed = {name for name, digest in digests.items() if stored.get(name) != digest}
    return changed | (set(stored) - set(digests))


def _diff(
    conn: sqlite3.Connection, seen: Scan, today: str, folders: set[str] | None
) -> tuple[list[str], list[str]]:
    """Files to (re)read and paths to drop, in ``folders`` (None: everywhere)."""
    columns = "path, size, mtime_ns, ctime_ns, inode, racy, problem IS NOT NULL, checked"
    rows: Iterable[tuple[Any, ...]]
    if folders is None:
        rows = conn.execute(f"SELECT {columns} FROM files")
        current = seen.folders
    else:
        rows = (
            row
            for name in sorted(folders)
            for row in conn.execute(
                f"SELECT {columns} FROM files WHERE path >= ? AND path < ?",
                (f"{name}/", f"{name}0"),  # '0' follows '/': every path in the folder
            )
        )
        current = {name: seen.folders[name] for name in folders if name in seen.folders}
    stored: dict[str, tuple[Any, ...]] = {row[0]: row[1:] for row in rows}
    stale = []
    on_disk: set[str] = set()
    for rows_of_folder in current.values():
        for path, *stat in rows_of_folder:
            on_disk.add(path)
            old = stored.get(path)
            if old is None or list(old[:4]) != stat or old[4] or (old[5] and old[6] != today):
                stale.append(path)
    gone = [path for path in stored if path not in on_disk]
    return stale, gone


def _apply(
    conn: sqlite3.Connection,
    store: Store,
    seen: Scan,
    stale: list[str],
    gone: list[str],
    today: str,
    progress: Progress | None,
    text: bool = True,
) -> None:
    """Drop vanished files and (re)index stale ones, in batches, inside the caller's transaction.

    One transaction for the whole refresh: a process waiting for the lock then finds the work
    done, and an interrupted build leaves the previous index intact.
    """
    known = _known(conn, [*stale, *gone])
    _drop_paths(conn, gone, known)
    writer = Writer(conn, today, seen.started_ns - RACY_NS)
    wanted = set(stale)
    files = {row[0]: row[1:] for rows in seen.folders.values() for row in rows if row[0] in wanted}
    stale = sorted(stale)
    # A valid record whose bytes did not change is not parsed again (racy re-checks, touches).
    jobs = [(rel, _valid_digest(known.get(rel))) for rel in stale]
    total = len(stale)
    if progress and total:
        progress(0, total)
    prepared_files = zip(stale, prepared_stream(store, jobs, text), strict=True)
    for done, (rel, prepared) in enumerate(prepared_files, start=1):
        writer.take(rel, files[rel], known.get(rel, (None, None))[0], prepared)
        if done % BATCH == 0 or done == total:
            writer.flush()
            if progress:
                progress(done, total)


def _known(conn: sqlite3.Connection, paths: list[str]) -> dict[str, tuple[Any, Any]]:
    """What the index holds for ``paths``: (rid, digest) by path."""
    if len(paths) > 20_000:  # most of the data set: one pass is cheaper than lookups
        wanted = set(paths)
        rows: Iterable[tuple[Any, ...]] = (
            row for row in conn.execute("SELECT path, rid, digest FROM files") if row[0] in wanted
        )
    else:
        rows = (
            row
            for chunk in chunks(paths, 500)
            for row in conn.execute(
                f"SELECT path, rid, digest FROM files WHERE path IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    return {row[0]: (row[1], row[2]) for row in rows}


def _valid_digest(known: tuple[Any, Any] | None) -> bytes | None:
    return known[1] if known is not None and known[0] is not None else None


def _drop_paths(
    conn: sqlite3.Connection, paths: Iterable[str], known: dict[str, tuple[Any, Any]]
) -> None:
    paths = list(paths)
    drop_records(conn, [known[p][0] for p in paths if known.get(p, (None,))[0] is not None])
    conn.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in paths])


def bad_files(conn: sqlite3.Connection) -> list[Problem]:
    """The stored reason each unreadable or invalid file is left out."""
    return [
        Problem(*json.loads(row[0]))
        for row in conn.execute("SELECT problem FROM files WHERE problem IS NOT NULL ORDER BY path")
    ]


# -- one query ----------------------------------------------------------------------


def run(
    store: Store,
    query: Callable[[sqlite3.Connection], T],
    warn: Callable[[Problem], None] | None = None,
    progress: Progress | None = None,
    public: bool = False,
    text: bool = True,
) -> T:
    """Refresh the index and run ``query`` on one consistent snapshot of it.

    ``public``: the query searches the public text (``--public`` with TEXT or ``--person``).
    ``text=False``: it searches no words and no names (they may then wait, see :func:`refresh`).

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
            result, problems = _run_once(path, store, query, progress, public, text)
        except sqlite3.DatabaseError as exc:
            last = exc
            if _is_busy(exc):
                attempts = [None]  # another process is working on it: leave its file alone
                if path is not None:
                    _say_busy(store, path)
            continue
        if warn:
            for problem in problems:
                warn(problem)
        return result
    raise IncidentctlError(f"cannot build the search index: {last}")


def _is_busy(exc: Exception) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _say_busy(store: Store, path: Path) -> None:
    """One warning, logged (the command line shows it on stderr): who holds the index, and that
    the answer comes from the files."""
    import logging

    pids = _holders(path)
    who = f" (PID {', '.join(map(str, pids))})" if pids else ""
    logging.getLogger("incidentctl").warning(
        "waiting for another incidentctl%s that holds the search index %s: gave up after %d s "
        "and answered from the record files without it (if that process is stopped or stuck, "
        "resume or end it)",
        who,
        store.rel(path),
        BUSY_TIMEOUT_MS // 1000,
    )


def _holders(path: Path) -> list[int]:
    """Other processes with the index (or its WAL) open, from /proc where there is one."""
    names = {str(path.resolve()) + suffix for suffix in ("", "-wal", "-journal")}
    pids = []
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            with contextlib.suppress(OSError):
                fds = os.scandir(f"/proc/{entry.name}/fd")
                with fds:
                    if any(_link(fd.path) in names for fd in fds):
                        pids.append(int(entry.name))
    return sorted(pids)


def _link(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return ""


def _run_once(
    path: Path | None,
    store: Store,
    query: Callable[[sqlite3.Connection], T],
    progress: Progress | None,
    public: bool,
    text: bool = True,
) -> tuple[T, list[Problem]]:
    conn = connect(path)
    try:
        problems = refresh(conn, store, progress, public, text)
        conn.execute("BEGIN")
        try:
            result = query(conn)
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")
        return result, problems
    finally:
        conn.close()
