"""`fmt`: rewrite record files in canonical form, or report which would change.

Three things keep it fast at scale (docs/performance.md, "fmt"):

- a file whose bytes fmt has judged before (:mod:`.fmtcache`, by content digest) is read and
  hashed, not parsed: a warm ``fmt --check`` formats nothing;
- the canonical text comes from the fast writer (:mod:`.files.fastwrite`), which gives the round
  trip's bytes, comments kept, for any file laid out line for line like its canonical form, and
  steps aside to the ruamel.yaml round trip (:func:`.ops.edit.format_text`) for the rest;
- files are shared with the worker pool, and each worker writes a chunk's changed files as one
  batch (:class:`.store.StagedWrites`): every temporary file, then one wait for the disk (their
  fsyncs together), then the renames and one fsync a folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from incidentctl.errors import ChangedError, Problem, RecordError
from incidentctl.files.reader import content_digest, read_record
from incidentctl.files.store import (
    StagedWrites,
    Store,
    check_writable_text,
    remove_stale_temporaries,
    write_faults,
)
from incidentctl.ops import fmtcache
from incidentctl.pool import map_chunks

if TYPE_CHECKING:
    from incidentctl.record.model import Record

STAGED_FROM = 32
"""Changed files of one chunk from which they are written as one batch
(:class:`.store.StagedWrites`: every temporary file written and synced, then the renames,
then one fsync a folder) rather than each synced and renamed in turn."""


QUIET_STRETCH = 50
"""Files read in one :func:`.fastyaml.quiet` stretch (standard error silenced, Ctrl-C held):
few enough that a Ctrl-C still stops ``fmt`` promptly (about 40 ms of canonical files, under a
second even if every file took the round trip), many enough that silencing costs nothing."""


@dataclass
class FormatResult:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)


@dataclass
class _Outcome:
    """One file: shown path, whether it changed (or would), its problems, and what fmt learned
    about its bytes (and about the bytes it wrote)."""

    shown: str
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)
    learned: list[tuple[bytes, bool]] = field(default_factory=list)


def format_files(store: Store, paths: list[Path] | None, write: bool) -> FormatResult:
    """Canonicalise the given files (default: all); invalid files are reported, never touched.

    Files are read by the one reader and, for a large data set, shared with the worker pool.
    """
    result = FormatResult()
    from incidentctl.files import paths as record_paths

    listing = record_paths.select(store, paths) if paths else store.listing()
    result.errors.extend(listing.skipped)
    if not paths:
        result.errors.extend(record_paths.strays(store))
    known = fmtcache.load(store)
    if write:  # once a folder, not once a write (each sweep lists the whole folder)
        for folder in sorted({path.parent for path in listing.files}):
            remove_stale_temporaries(folder)
    learned: list[tuple[bytes, bool]] = []
    for outcomes in map_chunks(_format_many, (store, write, known), listing.files):
        for outcome in outcomes:
            result.errors.extend(outcome.problems)
            learned.extend(outcome.learned)
            if outcome.changed:
                result.changed.append(outcome.shown)
            elif not outcome.problems:
                result.unchanged += 1
    # A run over every file keeps the verdicts of the files there are now, and no others.
    fmtcache.save(store, known if paths else {}, learned)
    return result


def _format_many(job: tuple[Store, bool, fmtcache.Verdicts], paths: list[Path]) -> list[_Outcome]:
    """Each file's outcome; changed files written (when ``write``) at the end of the chunk."""
    from incidentctl.files import fastyaml

    store, write, known = job
    outcomes: list[_Outcome] = []
    writes: list[tuple[_Outcome, Path, str, str, bytes, bool]] = []
    folders: dict[Path, str] = {}  # each folder as shown (Store.rel resolves every step)
    for start in range(0, len(paths), QUIET_STRETCH):
        with fastyaml.quiet():  # its six system calls once a stretch, not once a file
            for path in paths[start : start + QUIET_STRETCH]:
                folder = folders.get(path.parent)
                if folder is None:
                    folder = folders[path.parent] = store.rel(path.parent)
                outcome, rewrite = _format_one(store, path, f"{folder}/{path.name}", write, known)
                outcomes.append(outcome)
                if rewrite is not None:
                    writes.append((outcome, path, *rewrite))
    if len(writes) >= STAGED_FROM:
        _write_staged(store, writes)
    else:  # in order, each file synced and renamed before the next is written
        for one in writes:
            _write(store, *one)
    return outcomes


def _format_one(
    store: Store, path: Path, shown: str, write: bool, known: fmtcache.Verdicts
) -> tuple[_Outcome, tuple[str, str, bytes, bool] | None]:
    """The outcome of one file, and (new text, old text, new digest, whether the guard's
    verdict on the new text is known to be a pass) when it is to be written."""
    from incidentctl.files.store import read_limited
    from incidentctl.files.yamlio import YamlProblem

    outcome = _Outcome(shown)
    raw: bytes | None
    try:  # a symlink is refused here (the listing leaves them out already)
        raw = read_limited(path)
    except YamlProblem:
        raw, digest = None, b""  # read_record tries again and reports it
    else:
        digest = content_digest(raw)
    verdict = known.get(digest)
    if verdict is True or (verdict is False and not write):
        outcome.changed = not verdict
        outcome.learned.append((digest, verdict))
        return outcome, None
    read = read_record(store, path, raw=raw)  # the file read once, not twice
    if read.record is None or read.text is None:
        outcome.problems.extend(read.problems)
        return outcome, None
    try:
        canonical, guarded = _canonical(read.text, outcome.shown, read.record)
    except RecordError as exc:
        outcome.problems.extend(exc.problems)
        return outcome, None
    new_digest = content_digest(canonical.encode("utf-8"))
    outcome.changed = new_digest != read.digest
    outcome.learned.append((read.digest, not outcome.changed))
    if outcome.changed and write:
        return outcome, (canonical, read.text, new_digest, guarded)
    return outcome, None


def canonical_text(text: str, origin: str, record: Record) -> str:
    """The canonical form of a record file's text (comments kept): the fast writer's, or where
    it steps aside the round trip's (the same bytes either way)."""
    return _canonical(text, origin, record)[0]


def _canonical(text: str, origin: str, record: Record) -> tuple[str, bool]:
    """:func:`canonical_text`, and whether the guard is known to accept it without its parse
    (the fast writer's text: :func:`.fastwrite.spliced_within_guard`)."""
    from incidentctl.files.fastwrite import format_fast, spliced_within_guard
    from incidentctl.ops.edit import format_text

    data = record.to_data()
    fast = format_fast(text, data)
    if fast is None:
        return format_text(text, origin, record), False
    return fast, spliced_within_guard(fast, data)


def _write(
    store: Store, outcome: _Outcome, path: Path, text: str, old: str, digest: bytes, guarded: bool
) -> None:
    """Write one file (atomically, if it still holds ``old``); a failure is the file's problem."""
    try:
        store.rewrite(path, text, expected=old, sweep=False, guarded=guarded)
    except RecordError as exc:
        outcome.changed = False
        outcome.problems.extend(exc.problems)
    except ChangedError as exc:
        outcome.changed = False
        outcome.problems.append(Problem(outcome.shown, None, None, "", str(exc)))
    else:
        outcome.learned = [(digest, True)]  # the old bytes are gone


def _write_staged(store: Store, writes: list[tuple[_Outcome, Path, str, str, bytes, bool]]) -> None:
    """:func:`_write` for many files at once: the same checks and outcomes (a text the reader
    would refuse, a file changed since it was read: that file's problem, left alone), each
    file still replaced atomically and only if it still holds what was read, under its lock;
    the disk is waited on once for the batch (:class:`.store.StagedWrites`)."""
    ready: list[tuple[_Outcome, Path, str, str, bytes]] = []
    for outcome, path, text, old, digest, guarded in writes:
        try:
            check_writable_text(text, outcome.shown, guarded)
        except RecordError as exc:
            outcome.changed = False
            outcome.problems.extend(exc.problems)
        else:
            ready.append((outcome, path, text, old, digest))
    with (
        write_faults(ready[0][1] if ready else Path()),
        StagedWrites([(path, text) for _, path, text, _, _ in ready]) as staged,
    ):
        for n, (outcome, path, _, old, digest) in enumerate(ready):
            try:
                with store.record_lock(path.stem):
                    store.ensure_unchanged(path, old)
                    staged.place(n)
            except ChangedError as exc:
                outcome.changed = False
                outcome.problems.append(Problem(outcome.shown, None, None, "", str(exc)))
            else:
                outcome.learned = [(digest, True)]
