"""The file store: one YAML file per record under ``data/incidents/<YYYY>/<id>.yaml``.

The store finds the data set's root, lists record files (never following
symlinks, never mistaking a temporary file for a record), reads them with
located errors, and writes them atomically and canonically.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from incidentctl.errors import (
    ChangedError,
    IncidentctlError,
    NotFoundError,
    Problem,
    RecordError,
    RootNotFoundError,
    WriteFaultError,
)

if TYPE_CHECKING:
    from incidentctl.record.model import Record

DATA_DIR = Path("data") / "incidents"
DERIVED_DIR = ".incidentctl"
ROOT_ENV = "INCIDENTCTL_ROOT"
_STEM = re.compile(r"^[a-z0-9][a-z0-9-]{2,99}$")
SYMLINK = "symlink: not followed, not read"
NOT_A_FILE = "not a regular file; not read"
UNLISTABLE = "folder cannot be listed: its records are not read (check its permissions)"
_SUFFIXES = (".yaml", ".yml")


def find_root(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """``--root``, else ``$INCIDENTCTL_ROOT``, else the nearest parent holding data/incidents."""
    chosen = explicit or os.environ.get(ROOT_ENV)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        refuse_linked_data(root)
        if not (root / DATA_DIR).is_dir():
            raise RootNotFoundError(
                f"{root} is not an incidentctl data set (it has no {DATA_DIR}/ folder); "
                "run 'incidentctl init' there first"
            )
        return root
    here = (cwd or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / DATA_DIR).is_dir():
            refuse_linked_data(candidate)
            return candidate
    raise RootNotFoundError(
        f"no incidentctl data set here: no {DATA_DIR}/ folder in {here} or above it. "
        "Use --root PATH, set INCIDENTCTL_ROOT, or run 'incidentctl init'"
    )


def refuse_linked_data(root: Path) -> None:
    """Refuse a ``data`` or ``data/incidents`` that is a symlink.

    A link committed in a pull request would make every read and write go to a folder
    outside the data set (another data set, or one an attacker reads).
    """
    for part in (Path("data"), DATA_DIR):
        if (root / part).is_symlink():
            raise RootNotFoundError(
                f"{root / part} is a symlink; incidentctl never reads or writes records "
                f"through one. Make {part}/ a real folder (move the records into it)"
            )


def check_writable_text(text: str, shown: str, guarded: bool = False) -> None:
    """Refuse text that the reader would refuse: too large, too deep, too many values.

    Every write path calls this on the exact text it is about to write, so nothing is
    ever written that every command would then refuse to read. ``guarded``: the writer has
    shown the guard accepts the text (:func:`.fastwrite.within_guard`); only its size is
    checked.
    """
    from incidentctl.files import guard, yamlio

    size = len(text.encode("utf-8", "surrogateescape"))
    if size > yamlio.MAX_FILE_BYTES:
        raise RecordError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    "",
                    f"the record would be {size / 1e6:.1f} MB, more than the "
                    f"{yamlio.MAX_FILE_BYTES / 1e6:.0f} MB a record file may hold; "
                    "shorten the longest text (the summary?); nothing was written",
                )
            ]
        )
    if guarded:
        return
    try:
        guard.check(text)
    except guard.YamlProblem as exc:
        problem = exc.to_problem(shown)
        raise RecordError(
            [
                Problem(
                    problem.path,
                    problem.line,
                    problem.column,
                    problem.field,
                    f"{problem.message}; a record that deep or large could not be read back, "
                    "so nothing was written",
                )
            ]
        ) from None


@dataclass
class Loaded:
    """A record file as read: the record, or the problems that kept it out."""

    path: Path
    record: Any = None
    problems: list[Problem] = field(default_factory=list)
    text: str | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None


@dataclass(frozen=True)
class Listing:
    """Record files and the entries that are not (symlinks, strays)."""

    files: list[Path]
    skipped: list[Problem]


class Store:
    """A data set on disk."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.data_dir = self.root / DATA_DIR
        self._held: dict[str, list[int]] = {}
        """Lock files this process holds -> [the descriptor, how many holds are open]."""
        self._locks: tuple[Path | None] | None = None
        """The lock files' folder (or None: none can be made) once found (:meth:`_lock_folder`)."""
        self.subfolders: list[str] | None = None
        """The year folders' sub-folders (``2019/old``) as this command's freshness scan found
        them (:func:`.index.scan.scan`), for :func:`.files.paths.strays`; None: not scanned."""

    def __getstate__(self) -> dict[str, Any]:
        """A store sent to a worker process holds no locks there (and finds their folder
        afresh)."""
        return {**self.__dict__, "_held": {}, "_locks": None}

    # -- paths -----------------------------------------------------------------
    def rel(self, path: Path) -> str:
        """Path as shown to users: relative to the root when inside it.

        A symlink is named as itself, never as its target (its folder is resolved,
        not the link), so a warning always points at the entry that is wrong.
        """
        path = Path(path)
        try:
            where = path.parent.resolve() / path.name if path.name else path.resolve()
            return str(where.relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def path_for(self, record_id: str, year: int) -> Path:
        return self.paths_for([(record_id, year)])[0]

    def paths_for(self, keys: Iterable[tuple[str, int]]) -> list[Path]:
        """:meth:`path_for` of each (id, year): the file a record is written to, each year
        folder looked at once (a batch's 10,000 records made 20,000 ``lstat`` calls of 26
        folders: 0.45 s of an import). Refuses an id that is not a file name and a folder that
        is a symlink."""
        folders: dict[int, Path] = {}
        paths = []
        for record_id, year in keys:
            if not _STEM.match(record_id):
                raise IncidentctlError(f"'{record_id}' is not a valid record id")
            folder = folders.get(year)
            if folder is None:
                folder = self.data_dir / f"{year:04d}"
                if folder.is_symlink():
                    raise IncidentctlError(
                        f"{self.rel(folder)} is a symlink; records are never written through "
                        "one (make it a real folder)"
                    )
                folders[year] = folder
            paths.append(folder / f"{record_id}.yaml")
        return paths

    def listing(self) -> Listing:
        """Every ``<YYYY>/<stem>.yaml`` below data/incidents, in a stable order.

        Symlinks are reported and never followed, and so is anything named like a
        record that is not a regular file (a FIFO would block a reader forever).
        Hidden files are ignored: temporary files of interrupted writes start with
        a dot and never end in ``.yaml``, so they are never taken for records.
        """
        skipped: list[Problem] = []
        files = [folder / entry.name for folder, entry in self._record_entries(skipped)]
        return Listing(files, skipped)

    def listing_text(self) -> tuple[list[str], list[Problem]]:
        """:meth:`listing`'s files as text (the same paths, in the same order) and its skipped
        entries: a ``Path`` weighs several times its text, and 100,000 of them are tens of MB
        in a process that must stay within its memory budget (``validate``)."""
        skipped: list[Problem] = []
        return [entry.path for _, entry in self._record_entries(skipped)], skipped

    def stem_paths(self) -> dict[str, str]:
        """Each record file's stem (its id) -> its path as text, the first in :meth:`listing`'s
        order where two year folders hold one id: what a batch (import) looks ids up in,
        without making 100,000 ``Path`` objects (a second of CPU)."""
        found: dict[str, str] = {}
        for _, entry in self._record_entries([]):
            found.setdefault(os.path.splitext(entry.name)[0], entry.path)
        return found

    def stem_paths_of(self, stems: Container[str]) -> dict[str, str]:
        """:meth:`stem_paths` of only the ``stems`` given: what a batch checks just before
        its files are named (import), without holding 100,000 paths beside the batch."""
        found: dict[str, str] = {}
        for _, entry in self._record_entries([]):
            stem = os.path.splitext(entry.name)[0]
            if stem in stems:
                found.setdefault(stem, entry.path)
        return found

    def _record_entries(self, skipped: list[Problem]) -> Iterator[tuple[Path, os.DirEntry[str]]]:
        """The record files of :meth:`listing`, in its order, each with its folder; what is
        not a record file is added to ``skipped``."""

        def skip(entry: os.DirEntry[str], message: str) -> None:
            skipped.append(Problem(self.rel(Path(entry.path)), None, None, "", message))

        if not self.data_dir.is_dir():
            return
        for top in sorted(os.scandir(self.data_dir), key=lambda e: e.name):
            if top.name.startswith("."):
                continue
            if top.is_symlink():
                skip(top, SYMLINK)
            elif top.is_dir(follow_symlinks=False):
                try:
                    entries = sorted(os.scandir(top.path), key=lambda e: e.name)
                except OSError:
                    skip(top, UNLISTABLE)
                    continue
                folder = Path(top.path)
                for entry in entries:
                    if entry.name.startswith(".") or not entry.name.endswith(_SUFFIXES):
                        continue
                    if entry.is_symlink():
                        skip(entry, SYMLINK)
                    elif entry.is_file(follow_symlinks=False):
                        yield folder, entry
                    else:
                        skip(entry, NOT_A_FILE)
            elif top.name.endswith(_SUFFIXES):
                skip(top, "record file outside a year folder (data/incidents/<YYYY>/)")

    def find(self, record_id: str) -> Path:
        """The file of a record id, in whichever year folder it is (never via a symlink).

        An id held by files in two year folders is refused rather than one of them chosen:
        ``show`` would show one without a word, and ``edit`` would change the one an analyst
        did not mean (``validate`` reports the pair)."""
        found = self._files_of(record_id)
        if len(found) > 1:
            raise IncidentctlError(
                f"record id '{record_id}' is held by {len(found)} files: "
                + ", ".join(self.rel(p) for p in found)
                + "; keep one (delete the other file, or give it another id and file name "
                "by hand), then run this again"
            )
        if not found:
            raise NotFoundError(f"no record with id '{record_id}' in {self.rel(self.data_dir)}")
        return found[0]

    def exists(self, record_id: str) -> bool:
        return bool(self._files_of(record_id))

    def _files_of(self, record_id: str) -> list[Path]:
        """Every regular file named for ``record_id`` in a year folder (a symlink is none)."""
        found: list[Path] = []
        if _STEM.match(record_id) and self.data_dir.is_dir():
            for top in sorted(os.scandir(self.data_dir), key=lambda e: e.name):
                if top.name.startswith(".") or not top.is_dir(follow_symlinks=False):
                    continue
                path = Path(top.path) / f"{record_id}.yaml"
                with contextlib.suppress(OSError):
                    if stat.S_ISREG(os.lstat(path).st_mode):
                        found.append(path)
        return found

    # -- reading ---------------------------------------------------------------
    def read(self, path: Path) -> Loaded:
        """Read and validate one file; problems are collected, never raised."""
        from incidentctl.files import yamlio
        from incidentctl.files.parse import parse_record_text

        shown = self.rel(path)
        try:
            text = yamlio.decode(read_limited(path))
        except yamlio.YamlProblem as exc:
            return Loaded(path, problems=[exc.to_problem(shown)])
        try:
            record = parse_record_text(text, shown)
        except RecordError as exc:
            return Loaded(path, problems=exc.problems, text=text)
        return Loaded(path, record=record, text=text)

    def load(self, record_id: str) -> Loaded:
        loaded = self.read(self.find(record_id))
        if not loaded.ok:
            raise RecordError(loaded.problems)
        return loaded

    def iter_loaded(self) -> Iterator[Loaded]:
        for path in self.listing().files:
            yield self.read(path)

    # -- writing ---------------------------------------------------------------
    def create(self, record: Record, text: str, prepared: bool = False) -> Path:
        """Write a new record; never overwrites (an existing id raises).

        ``prepared``: a batch (import) has already checked ``text`` with
        :func:`check_writable_text` and removed stale temporaries from the folder, once per
        folder rather than once per file (both cost milliseconds at 100,000 records).
        """
        path = self.path_for(record.id, record.date.year)
        if not prepared:
            check_writable_text(text, self.rel(path))
        if self.exists(record.id):
            raise FileExistsError(path)
        with write_faults(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text, exclusive=True, sweep=not prepared)
        return path

    def replace(
        self, record: Record, text: str, old_path: Path, expected: str | None = None
    ) -> Path:
        """Rewrite a record in place, moving it when its year changed (id unchanged).

        A move first rewrites the old file atomically, then renames it into the new
        year folder: a crash in between leaves the new content in the old folder
        (which `validate` reports), never a lost record or two files with one id.
        ``expected``: the text the change was made from; if the file no longer holds
        it, another command wrote it since, and :class:`ChangedError` is raised.
        """
        old_path = Path(old_path)
        path = self.path_for(record.id, record.date.year)
        check_writable_text(text, self.rel(old_path))
        with self.record_lock(record.id):
            if expected is not None:
                self.ensure_unchanged(old_path, expected)
            with write_faults(old_path):
                write_atomic(old_path, text)
                if path.resolve() != old_path.resolve():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    move_no_replace(old_path, path)
                    with contextlib.suppress(OSError):
                        old_path.parent.rmdir()
        return path

    def rewrite(
        self, path: Path, text: str, expected: str, sweep: bool = True, guarded: bool = False
    ) -> None:
        """Replace one record file's text (``fmt``), if it still holds ``expected``.

        ``sweep=False``: the caller removed the folder's stale temporaries (:func:`write_atomic`).
        ``guarded``: as for :func:`check_writable_text`.
        """
        path = Path(path)
        check_writable_text(text, self.rel(path), guarded)
        with self.record_lock(path.stem):
            self.ensure_unchanged(path, expected)
            with write_faults(path):
                write_atomic(path, text, sweep=sweep)

    def ensure_unchanged(self, path: Path, expected: str) -> None:
        """Raise :class:`ChangedError` unless ``path`` still holds ``expected``.

        Called with the record's lock held, just before the rename: the last moment
        another writer's change can be seen, so it is never silently overwritten.
        """
        from incidentctl.files import yamlio

        try:
            current: str | None = yamlio.decode(read_limited(path))
        except yamlio.YamlProblem:
            current = None
        if current != expected:
            raise ChangedError(
                f"{self.rel(path)} changed since this command read it (another command or "
                "person wrote it meanwhile); nothing was written: run the command again"
            )

    @contextlib.contextmanager
    def record_lock(self, record_id: str) -> Iterator[None]:
        """Hold the per-record write lock (re-entrant within this process).

        The lock files live in the derived folder (``.incidentctl/locks/``, git-ignored),
        keyed by id so a record that moves between year folders keeps its lock: one file per
        :data:`LOCK_FILES`-th of the ids (:func:`lock_name`), not one per record, since
        creating a file costs about half a millisecond of system time here and ``fmt`` of
        100,000 records would make 100,000. Two records sharing a file wait for each other
        (writes hold it for milliseconds); a process holding one record's lock holds the
        other's too. A second writer waits up to :data:`LOCK_WAIT` seconds, then fails
        clearly instead of waiting silently. Where no derived folder can be made, the
        compare-before-rename of :meth:`ensure_unchanged` is the only protection.
        """
        name = lock_name(record_id)
        held = self._held.get(name)
        if held is None:
            fd = self._acquire(record_id, name)
            if fd is None:
                yield
                return
            held = self._held[name] = [fd, 0]
        held[1] += 1
        try:
            yield
        finally:
            held[1] -= 1
            if held[1] == 0:
                del self._held[name]
                os.close(held[0])  # closing the descriptor releases the flock

    def _lock_folder(self, again: bool = False) -> Path | None:
        """The folder of the lock files, made if missing; found once a process (``again``:
        afresh): finding it checks the derived folder (six system calls), which ``fmt`` of
        100,000 files did once a file."""
        if self._locks is None or again:
            from incidentctl.index.db import locate

            index = locate(self.root)
            folder = None if index is None else index.parent / "locks"
            if folder is not None:
                try:
                    folder.mkdir(exist_ok=True)
                except OSError:
                    folder = None
            self._locks = (folder,)
        return self._locks[0]

    def _acquire(self, record_id: str, name: str) -> int | None:
        import fcntl
        import time

        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        folder = self._lock_folder()
        if folder is None:
            return None
        try:
            fd = os.open(folder / name, flags, 0o644)
        except OSError:  # the folder went away since it was found: find (make) it again
            folder = self._lock_folder(again=True)
            try:
                if folder is None:
                    return None
                fd = os.open(folder / name, flags, 0o644)
            except OSError:
                return None
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise ChangedError(
                        f"record '{record_id}' is being written by another incidentctl command "
                        f"(waited {LOCK_WAIT:.0f} s); nothing was written: run the command again"
                    ) from None
                time.sleep(0.02)


LOCK_FILES = 4096
"""How many lock files the records' ids are spread over (:func:`lock_name`)."""


def lock_name(record_id: str) -> str:
    """The lock file of a record id: one of :data:`LOCK_FILES`, by a digest of the id."""
    import hashlib

    digest = int.from_bytes(hashlib.blake2b(record_id.encode("utf-8"), digest_size=4).digest())
    return f"{digest % LOCK_FILES:03x}.lock"


LOCK_WAIT = 10.0
"""Seconds a writer waits for another's lock on the same record: writes hold it for
milliseconds, so a longer wait means a stuck (suspended) command, said in words."""

WRITE_FAULTS = {
    errno.ENOSPC: "the disk is full: free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
    errno.EROFS: "the file system is read-only: nothing can be written there",
    errno.EACCES: "permission denied: you may not write there (check the folder's owner "
    "and permissions)",
    errno.EPERM: "operation not permitted: you may not write there (check the folder's owner "
    "and permissions)",
}


@contextlib.contextmanager
def write_faults(path: Path) -> Iterator[None]:
    """Turn a write refused by the system (disk full, read-only, no permission) into words."""
    try:
        yield
    except OSError as exc:
        reason = WRITE_FAULTS.get(exc.errno or 0)
        if reason is None:
            raise
        raise WriteFaultError(f"cannot write {exc.filename or path}: {reason}") from exc


def read_limited(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most ``limit + 1`` of them (enough to refuse it).

    Never follows a symlink, never blocks on a FIFO or device, never reads a 30 GB
    file into memory: each raises :class:`YamlProblem` with the reason.
    """
    from incidentctl.files.yamlio import MAX_FILE_BYTES, YamlProblem

    if limit is None:
        limit = MAX_FILE_BYTES
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    flags = os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0)
    try:
        if not nofollow and Path(path).is_symlink():  # else open() refuses it (ELOOP)
            raise YamlProblem(SYMLINK)
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlProblem(SYMLINK) from None
        raise YamlProblem(f"cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem(NOT_A_FILE)
        if info.st_size > limit:
            raise YamlProblem(
                f"file is too large ({info.st_size / 1e6:.1f} MB; at most {limit / 1e6:.0f} MB)"
            )
        chunks: list[bytes] = []
        size = 0
        # Ask for the size fstat gave (and one byte more, to see the end): asking for the
        # limit would allocate a megabyte per read.
        step = info.st_size + 1
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, max(step, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise YamlProblem(f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)


def move_no_replace(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target`` (one atomic step), refusing to replace a file there."""
    if os.path.lexists(target):
        raise IncidentctlError(f"cannot move {source} to {target}: a file is already there")
    os.rename(source, target)
    _fsync_dir(Path(target).parent)
    _fsync_dir(Path(source).parent)


def write_atomic(
    path: Path, text: str | bytes, exclusive: bool = False, sweep: bool = True
) -> None:
    """Temporary file in the same folder, fsync, then rename (or link when exclusive).

    Text is written as UTF-8; bytes as they are (an XLSX export).

    With ``exclusive`` the final name is claimed with ``link``, which fails if the
    name exists, so two concurrent writers can never overwrite each other.

    ``sweep=False`` skips :func:`remove_stale_temporaries`, which lists the whole folder: a
    bulk writer (``fmt``, ``import``) sweeps each folder once instead of once per file.
    """
    path = Path(path)
    if sweep:
        remove_stale_temporaries(path.parent)
    tmp = _temporary(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        _write_synced(fd, data)
        if exclusive:
            _claim(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _temporary(path: Path) -> Path:
    """A new temporary file's name beside ``path`` (:data:`TEMP_GLOB`: never a record's)."""
    return path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def _write_synced(fd: int, data: bytes) -> None:
    """Write ``data`` to the new file ``fd`` and fsync it; the descriptor is closed."""
    try:  # straight to the descriptor: a file object would cost three more system calls
        view = memoryview(data)
        pause = _fault_pause()
        if pause:  # hold the write half-done, for the crash tests
            _write_all(fd, view[: len(data) // 2])
            import time

            time.sleep(pause)
            view = view[len(data) // 2 :]
        _write_all(fd, view)
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        data = data[os.write(fd, data) :]


SYNC_THREADS = 8
"""Threads writing and syncing a batch's temporary files: the file system serves concurrent
file creations and fsyncs together (docs/performance.md, "Fourth round")."""


class StagedWrites:
    """Many files replaced atomically at the cost of one directory fsync per folder.

    A bulk writer (``fmt``, ``import``) writes and fsyncs every file of a batch as a
    temporary beside its target (from :data:`SYNC_THREADS` threads, which the file system
    serves together), and only then gives each its final name (:meth:`place`: a
    rename, or a link that never replaces); each folder is fsynced once when the block ends.

    The same guarantee as :func:`write_atomic` for every file: a record file holds its old
    bytes or its new bytes, never a part, since a temporary is complete and synced before it
    is renamed. What differs is when a rename is durable: at the end of the block (each
    folder's one fsync) rather than after each file. After a crash (power loss) in the
    block, a file placed in it may hold its old bytes or its new ones, each whole. When the
    block ends, by an error, Ctrl-C or normally, every temporary not placed is removed; a
    process killed outright leaves them to :func:`remove_stale_temporaries`.
    """

    def __init__(self, items: Sequence[tuple[Path, str | bytes]]):
        self.items = items
        self.temporaries = [_temporary(path) for path, _ in items]
        self._created = [False] * len(items)
        """Temporaries this batch made: only these are ever removed (a name can be taken)."""
        self._placed = [False] * len(items)

    def __enter__(self) -> StagedWrites:
        try:
            _each(self._stage, range(len(self.items)))
        except BaseException:
            self._discard()
            raise
        return self

    def _stage(self, index: int) -> None:
        """Write and fsync one temporary file (never over an existing one)."""
        fd = os.open(self.temporaries[index], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        self._created[index] = True
        content = self.items[index][1]
        _write_synced(fd, content if isinstance(content, bytes) else content.encode("utf-8"))

    def place(self, index: int, exclusive: bool = False) -> None:
        """Give the ``index``-th file its final name: replacing what is there, or with
        ``exclusive`` never (``FileExistsError``)."""
        tmp, path = self.temporaries[index], self.items[index][0]
        if exclusive:
            _claim(tmp, path)
        else:
            os.replace(tmp, path)
        self._placed[index] = True

    def __exit__(self, *exc: object) -> None:
        self._discard()
        folders = {self.items[i][0].parent for i, done in enumerate(self._placed) if done}
        for folder in sorted(folders):
            _fsync_dir(folder)

    def _discard(self) -> None:
        """Remove the temporaries this batch made and did not place; a temporary's name that
        was taken when staging tried it (``O_EXCL`` refused it) is another writer's file."""
        for tmp, made, done in zip(self.temporaries, self._created, self._placed, strict=True):
            if made and not done:
                with contextlib.suppress(OSError):
                    tmp.unlink()


def _each(work: Callable[[int], None], indexes: range) -> None:
    """``work(i)`` for each index, from :data:`SYNC_THREADS` threads when there are several:
    creating a file and waiting on its fsync mostly waits for the file system, which serves
    concurrent ones together. The threads take indexes from one shared iterator (a future a
    file cost more CPU than the write's own Python). The first error is raised once every
    started call ended; no call starts after it (Ctrl-C does not wait for the whole batch)."""
    if len(indexes) < 2:
        for index in indexes:
            work(index)
        return
    import threading

    todo = iter(indexes)  # a range's iterator hands each index to one thread (under the GIL)
    failed: list[BaseException] = []

    def run() -> None:
        for index in todo:
            if failed:
                return
            try:
                work(index)
            except BaseException as exc:  # raised in the caller's thread below
                failed.append(exc)
                return

    threads = [
        threading.Thread(target=run, name=f"staged-{n}", daemon=True)
        for n in range(min(SYNC_THREADS, len(indexes)))
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    except BaseException as exc:  # Ctrl-C: stop the rest, wait for those begun
        failed.append(exc)
        for thread in threads:  # also while they were being started (a CI run's Ctrl-C came
            if thread.ident is not None:  # then, and a temporary made after the sweep stayed)
                thread.join()
        raise
    if failed:
        raise failed[0]


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """:func:`write_atomic` for output too large to hold in memory (a 100,000-record export):
    the caller writes into the temporary file beside ``path``; it is synced and renamed into
    place when the block ends, and removed if the block raises."""
    path = Path(path)
    remove_stale_temporaries(path.parent)
    tmp = _temporary(path)
    made = False  # a name already taken is another writer's file: never removed here
    try:
        with open(tmp, "xb", opener=lambda name, flags: os.open(name, flags, 0o644)) as fh:
            made = True
            yield fh  # fh.name is the temporary file's path: SQLite can open it too
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if made:
            tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


TEMP_GLOB = ".*.yaml.*.tmp"
"""The names of write_atomic's temporary files (``init`` git-ignores them)."""
_TEMP = re.compile(r"^\..+\.yaml\.(\d+)\.[0-9a-f]+\.tmp$")
STALE_AFTER = 24 * 3600.0
"""A temporary file this old is stale even if its writer's pid was reused."""


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files that killed writes left in ``folder``; returns them.

    They hold record content (possibly confidential) and are not records. One is
    removed when the process that wrote it no longer exists, or it is older than
    :data:`STALE_AFTER`; a live writer's file is never touched.
    """
    import time

    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if _alive(int(match.group(1))) and age < STALE_AFTER:
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # exists, another user's
    return True


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}


def _claim(tmp: Path, path: Path) -> None:
    """Give the complete temporary file its final name, failing if the name is taken.

    ``link`` does both at once. Where the file system has no hard links (some network
    and FAT mounts), the name is claimed with O_EXCL and the complete file renamed
    over the claim: a reader may briefly see an empty file, never a partial one.
    """
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        os.replace(tmp, path)
        return
    tmp.unlink()


FAULT_PAUSE_ENV = "INCIDENTCTL_TEST_PAUSE_MID_WRITE"
"""Seconds every write pauses with half its temporary file written (docs/safety.md).

For the crash tests only: it holds a writer inside its critical window so that a test
can kill it there with SIGKILL every time, instead of hoping a random kill lands there.
"""


def _fault_pause() -> float:
    """Seconds a write holds with half its file written (:data:`FAULT_PAUSE_ENV`; 0: none)."""
    try:
        pause = float(os.environ.get(FAULT_PAUSE_ENV) or 0)
    except ValueError:
        return 0.0
    return max(pause, 0.0)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
