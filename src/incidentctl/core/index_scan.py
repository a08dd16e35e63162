"""The freshness scan: the stat of every record file, with no file opened."""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .store import SYMLINK, Store

SCAN_THREADS = 2
Stat = tuple[int, int, int, int]


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
