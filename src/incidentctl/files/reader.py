"""The one way bulk work reads a record file: its record, or the located problems that keep it out.

The index build, ``validate`` and ``fmt`` all read through :func:`read_record` (``import``
reads a prepared record's own text through :func:`record_of_text`). Any well-formed
file, canonical or written by hand, takes the fast path (:mod:`.fastyaml`: rapidyaml, then
pydantic), whose values equal the reference reader's; whatever it steps aside from, and every
invalid file, goes through the reference reader (:mod:`.yamlio` and :mod:`.parse`), which
locates each problem. Symlinks are never followed
and the size limits apply (:func:`.store.read_limited`, :func:`.yamlio.decode`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentctl.errors import Problem, RecordError

if TYPE_CHECKING:
    from incidentctl.files.store import Store
    from incidentctl.record.model import Record


@dataclass
class RecordRead:
    """One file as read: ``record`` when valid, else ``problems`` (the first one is the reason
    the index keeps). ``unchanged``: its bytes had the digest the caller already knew."""

    digest: bytes
    record: Record | None = None
    problems: list[Problem] = field(default_factory=list)
    text: str | None = None
    unchanged: bool = False

    @property
    def document(self) -> dict[str, Any] | None:
        """The record's plain data (what the index stores as JSON)."""
        return None if self.record is None else self.record.to_data()


DIGEST_SIZE = 20
"""Bytes of :func:`content_digest` (SHA-1): the fixed record size of ``fmt``'s cache."""


def content_digest(raw: bytes) -> bytes:
    """The id git gives these bytes as a blob (SHA-1 of ``blob <size>NUL`` and the bytes).

    One digest of a file's content for every cache (the index, ``validate``'s, ``fmt``'s), and
    git's own: a year folder's tree id follows from its files' digests, so the index can tell
    which folders differ from a commit without git reading every file (:mod:`.index.since`).
    """
    digest = hashlib.sha1(b"blob %d\0" % len(raw), usedforsecurity=False)
    digest.update(raw)
    return digest.digest()


def read_record(
    store: Store, path: Path, old_digest: bytes | None = None, raw: bytes | None = None
) -> RecordRead:
    """Read and validate one record file; problems are collected, never raised.

    ``raw``: the file's bytes as the caller already read them (:func:`.store.read_limited`:
    ``fmt`` reads them for its verdict cache), so that the file is not read a second time.
    """
    from incidentctl.files import yamlio
    from incidentctl.files.store import read_limited

    if raw is None:
        try:
            raw = read_limited(path)
        except yamlio.YamlProblem as exc:
            return RecordRead(b"", problems=[exc.to_problem(store.rel(path))])
    digest = content_digest(raw)
    if digest == old_digest:
        return RecordRead(digest, unchanged=True)
    try:
        text = yamlio.decode(raw)
    except yamlio.YamlProblem as exc:
        return RecordRead(digest, problems=[exc.to_problem(store.rel(path))])
    try:
        return RecordRead(digest, record=record_of_text(text, store.rel(path)), text=text)
    except RecordError as exc:
        return RecordRead(digest, problems=exc.problems, text=text)


def record_of_text(text: str, shown: str) -> Record:
    """One record's text -> Record, by the fast reader or, where it steps aside, the reference
    reader; RecordError with the problems placed in ``shown``."""
    record = _fast(text)
    if record is not None:
        return record
    from incidentctl.files.parse import parse_record_text

    return parse_record_text(text, shown)


def _fast(text: str) -> Record | None:
    """The record of a valid text the fast reader reads; None: ask the reference reader."""
    from pydantic import ValidationError

    from incidentctl.files import fastyaml, yamlio
    from incidentctl.record.model import Record

    try:
        data = fastyaml.load(text)
        return None if data is None else Record.model_validate(data)
    except (yamlio.YamlProblem, ValidationError, ValueError, TypeError):
        return None
