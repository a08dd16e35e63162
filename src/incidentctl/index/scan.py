"""The freshness scan: the stat of every record file, with no file opened."""

from __future__ import annotations

import hashlib
import marshal
import os
import threading
import time
from dataclasses import astuple, dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG

from incidentctl.errors import Problem
from incidentctl.files.store import SYMLINK, UNLISTABLE, Store

SPLIT_MIN_BYTES = 1 << 20
"""The folders' own sizes (on ext4 about 100 bytes per record file, so some 10,000 files) from
which the scan is shared between two processes."""
Stat = tuple[int, int, int, int]
Row = tuple[str, int, int, int, int]
Folder = tuple[list[Row], list[Problem], list[str], bool]
"""One folder's rows, skipped entries, sub-folders, and whether it holds anything else than
record files (:func:`_scan_folder`)."""


@dataclass
class Scan:
    """The record files on disk (path relative to data/incidents and stat), and what was not read.

    ``folders`` holds the rows of each year folder; a folder's digest tells whether anything in
    it changed, so that a refresh compares only the folders that did.
    """

    folders: dict[str, list[tuple[str, int, int, int, int]]] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)
    started_ns: int = 0
    subfolders: list[str] = field(default_factory=list)
    """The year folders' own sub-folders (``2019/old``; no hidden one, no symlink), in the
    order of a sorted walk: where :func:`.files.paths.strays` looks for misplaced files."""
    mixed: set[str] = field(default_factory=set)
    """Year folders holding an entry that is not a record file of ``folders`` (a hidden file, a
    note, a sub-folder, a symlink): git tracks what the index does not hold there."""
    loose: list[str] = field(default_factory=list)
    """Entries of data/incidents itself that are not folders (hidden ones included)."""

    @property
    def rows(self) -> list[tuple[str, int, int, int, int]]:
        return [row for rows in self.folders.values() for row in rows]

    @property
    def files(self) -> dict[str, Stat]:
        return {row[0]: row[1:] for row in self.rows}

    def folder_digests(self) -> dict[str, str]:
        """One value per folder: equal digests mean no file of that folder changed."""
        return {
            name: hashlib.blake2b(marshal.dumps(rows, 4), digest_size=16).hexdigest()
            for name, rows in self.folders.items()
        }


def scan(store: Store) -> Scan:
    """One pass over ``data/incidents/<YYYY>/``: stat every record file, follow no symlink.

    The rules are those of :meth:`Store.listing` (hidden files ignored, symlinks and files
    outside a year folder reported), done with directory file descriptors so that each file
    costs one ``fstatat`` and no read. A large data set is scanned by two processes, half of
    the folders each (:func:`_scan_split`).

    The sub-folders of the year folders it met are left on the store (``store.subfolders``),
    so that the same command's :func:`.files.paths.strays` walks only them, not every folder
    again (at 100,000 records that second listing cost 0.08 s of CPU in ``validate``).
    """
    out = Scan(started_ns=time.time_ns())
    try:
        tops = sorted(os.scandir(store.data_dir), key=lambda e: e.name)
    except OSError:
        return out
    folders = []
    for top in tops:
        if top.name.startswith(".") or not top.is_dir(follow_symlinks=False):
            out.loose.append(top.name)
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
    parts = _scan_split(store, folders)
    if parts is None:
        parts = [_scan_folder(store, top) for top in folders]
    for top, (rows, skipped, subfolders, plain) in zip(folders, parts, strict=True):
        out.folders[top.name] = rows
        if not plain:
            out.mixed.add(top.name)
        out.skipped.extend(skipped)
        out.subfolders.extend(f"{top.name}/{name}" for name in subfolders)
    store.subfolders = list(out.subfolders)
    return out


def _scan_split(store: Store, folders: list[os.DirEntry[str]]) -> list[Folder] | None:
    """Scan half of the folders in a forked child while this process scans the other half.

    The cost is almost all system calls, which threads cannot spread (each ``lstat`` is too
    short to be worth giving up the GIL for), so a second process does. Only for a large
    data set (the folders' own sizes tell, without listing them), on a system with ``fork``,
    and when this process runs no other thread (a fork is then safe); None otherwise, or
    when the child fails, and the caller scans everything itself.
    """
    if not hasattr(os, "fork") or len(folders) < 2 or threading.active_count() != 1:
        return None
    sizes = {}
    for top in folders:
        try:
            sizes[top.name] = top.stat(follow_symlinks=False).st_size
        except OSError:
            return None
    if sum(sizes.values()) < SPLIT_MIN_BYTES:
        return None
    theirs: set[str] = set()
    balance = 0
    for top in sorted(folders, key=lambda t: -sizes[t.name]):
        if balance <= 0:
            theirs.add(top.name)
            balance += sizes[top.name]
        else:
            balance -= sizes[top.name]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: scan, send, and leave without running anything of the parent's
        code = 1
        try:
            os.close(read_end)
            found = {top.name: _scan_folder(store, top) for top in folders if top.name in theirs}
            payload = marshal.dumps(
                {
                    name: (rows, [astuple(p) for p in skipped], subfolders, plain)
                    for name, (rows, skipped, subfolders, plain) in found.items()
                },
                4,
            )
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    mine = {top.name: _scan_folder(store, top) for top in folders if top.name not in theirs}
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        if status != 0:
            return None
        received = marshal.loads(payload)
        for name in theirs:
            rows, skipped, subfolders, plain = received[name]
            mine[name] = (rows, [Problem(*fields) for fields in skipped], subfolders, plain)
    except (ValueError, EOFError, TypeError, KeyError):
        return None
    return [mine[top.name] for top in folders]


def _scan_folder(store: Store, top: os.DirEntry[str]) -> Folder:
    """The rows of one folder: a name listing, then one ``lstat`` per record file (its mode
    tells a symlink, which is reported, from a regular file); and its sub-folders (an entry
    not named like a record is rare: it costs an ``lstat`` too); and whether every entry is a
    record file (a rows' entry)."""
    rows: list[Row] = []
    skipped: list[Problem] = []
    subfolders: list[str] = []
    try:
        fd = os.open(top.path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return rows, [_skip_problem(store, top.path, UNLISTABLE)], subfolders, False
    try:
        names = sorted(os.listdir(fd))
    except OSError:
        os.close(fd)
        return rows, [_skip_problem(store, top.path, UNLISTABLE)], subfolders, False
    stat, is_file, is_link, is_dir = os.stat, S_ISREG, S_ISLNK, S_ISDIR
    try:
        prefix = top.name + "/"
        for name in names:
            if name[0] == ".":
                continue
            if not name.endswith((".yaml", ".yml")):
                try:
                    if is_dir(stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
                        subfolders.append(name)
                except OSError:
                    pass
                continue
            try:
                st = stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError:
                continue
            if is_file(st.st_mode):
                rows.append((prefix + name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
            elif is_link(st.st_mode):
                skipped.append(_skip_problem(store, os.path.join(top.path, name), SYMLINK))
            elif is_dir(st.st_mode):
                subfolders.append(name)
    finally:
        os.close(fd)
    return rows, skipped, subfolders, len(rows) == len(names)


def _skip_problem(store: Store, path: str, message: str) -> Problem:
    return Problem(store.rel(Path(path)), None, None, "", message)
