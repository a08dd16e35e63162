"""What ``fmt`` learned about file contents: which are canonical, which would change.

A verdict belongs to a file's bytes (their digest, as the index keeps it), never to its path or
time stamps: bytes that were canonical stay canonical whatever their file is called, so a warm
``fmt --check`` reads each file and hashes it, and formats only the contents it has not seen.
Verdicts hold only for the code that gave them, so the cache names the code it was made by (a
digest of incidentctl's own source, and the versions of the libraries whose output fmt writes)
and is ignored under any other.

The cache is derived data (SPEC §2): a file beside the search index, written atomically. A
missing, damaged or foreign cache costs time, never a wrong answer; two commands saving at once
keep one of their caches.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from incidentctl.files.reader import DIGEST_SIZE
from incidentctl.files.store import Store, write_atomic

FILENAME = "fmt-verdicts.bin"
_DIGEST = DIGEST_SIZE
_RECORD = _DIGEST + 1
_MAGIC = b"incidentctl fmt verdicts 1 "

Verdicts = dict[bytes, bool]
"""A content digest -> True (canonical) or False (fmt would change it)."""


def fingerprint() -> bytes:
    """What the verdicts depend on: the code (:func:`.index.db.code_digest`)."""
    from incidentctl.index.db import code_digest

    return code_digest().encode("ascii")


def _location(store: Store) -> Path | None:
    from incidentctl.index.db import locate

    index = locate(store.root)
    return None if index is None else index.parent / FILENAME


def load(store: Store) -> Verdicts:
    """The verdicts saved for this data set by this code (empty when there are none)."""
    path = _location(store)
    if path is None:
        return {}
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    header = _MAGIC + fingerprint() + b"\n"
    body = memoryview(raw)[len(header) :]
    if not raw.startswith(header) or len(body) % _RECORD:
        return {}
    return {
        bytes(body[at : at + _DIGEST]): body[at + _DIGEST] == 1
        for at in range(0, len(body), _RECORD)
    }


def save(store: Store, verdicts: Verdicts, learned: Iterable[tuple[bytes, bool]]) -> None:
    """Store ``verdicts`` with what was ``learned``; a cache that cannot be written is skipped."""
    path = _location(store)
    if path is None:
        return
    merged = dict(verdicts)
    merged.update(learned)
    body = b"".join(
        digest + (b"\x01" if canonical else b"\x00")
        for digest, canonical in merged.items()
        if len(digest) == _DIGEST
    )
    with contextlib.suppress(OSError):
        write_atomic(path, _MAGIC + fingerprint() + b"\n" + body)
