"""`fmt`: rewrite record files in canonical form, or report which would change."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from incidentctl.errors import ChangedError, Problem, RecordError
from incidentctl.files.reader import read_record
from incidentctl.files.store import Store
from incidentctl.ops.edit import format_text
from incidentctl.pool import map_chunks


@dataclass
class FormatResult:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)


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
    for outcomes in map_chunks(_format_many, (store, write), listing.files):
        for shown, changed, problems in outcomes:
            result.errors.extend(problems)
            if changed:
                result.changed.append(shown)
            elif not problems:
                result.unchanged += 1
    return result


def _format_many(
    job: tuple[Store, bool], paths: list[Path]
) -> list[tuple[str, bool, list[Problem]]]:
    """(shown path, changed, problems) of each file, written when ``write`` and it changed."""
    store, write = job
    return [_format_one(store, path, write) for path in paths]


def _format_one(store: Store, path: Path, write: bool) -> tuple[str, bool, list[Problem]]:
    shown = store.rel(path)
    if path.is_symlink():
        return (
            shown,
            False,
            [Problem(shown, None, None, "", "symlink: not followed, not formatted")],
        )
    read = read_record(store, path)
    if read.record is None or read.text is None:
        return shown, False, read.problems
    try:
        canonical = format_text(read.text, shown, read.record)
    except RecordError as exc:
        return shown, False, exc.problems
    if hashlib.blake2b(canonical.encode("utf-8"), digest_size=16).digest() == read.digest:
        return shown, False, []
    if write:
        try:
            store.rewrite(path, canonical, expected=read.text)
        except RecordError as exc:
            return shown, False, exc.problems
        except ChangedError as exc:
            return shown, False, [Problem(shown, None, None, "", str(exc))]
    return shown, True, []
