"""`fmt`: rewrite record files in canonical form, or report which would change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from incidentctl.errors import Problem, RecordError
from incidentctl.files.store import Store, read_limited, write_atomic
from incidentctl.files.yamlio import YamlProblem, decode
from incidentctl.ops.edit import format_text


@dataclass
class FormatResult:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)


def format_files(store: Store, paths: list[Path] | None, write: bool) -> FormatResult:
    """Canonicalise the given files (default: all); invalid files are reported, never touched."""
    result = FormatResult()
    from incidentctl.files import paths as record_paths

    listing = record_paths.select(store, paths) if paths else store.listing()
    files = listing.files
    result.errors.extend(listing.skipped)
    if not paths:
        result.errors.extend(record_paths.strays(store))
    for path in files:
        shown = store.rel(path)
        if path.is_symlink():
            result.errors.append(
                Problem(shown, None, None, "", "symlink: not followed, not formatted")
            )
            continue
        try:
            raw = read_limited(path)
            text = decode(raw)
            canonical = format_text(text, shown)
        except OSError as exc:
            result.errors.append(Problem(shown, None, None, "", f"cannot read: {exc.strerror}"))
            continue
        except YamlProblem as exc:
            result.errors.append(exc.to_problem(shown))
            continue
        except RecordError as exc:
            result.errors.extend(exc.problems)
            continue
        if raw == canonical.encode("utf-8"):
            result.unchanged += 1
            continue
        result.changed.append(shown)
        if write:
            write_atomic(path, canonical)
    return result
