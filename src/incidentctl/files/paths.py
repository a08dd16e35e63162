"""Which record files PATH arguments name (``validate PATH…``, ``fmt PATH…``).

A path selects only what the data set's own listing holds, so a folder argument
can never lead through a symlink or outside the data set, and a path that is not
a record file of this data set is reported instead of silently checking nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from incidentctl.errors import Problem
from incidentctl.files.store import Listing, Store

NOT_A_RECORD = "not a record file of this data set (records are data/incidents/<YYYY>/<id>.yaml)"


def _abs(path: Path | str) -> str:
    """Absolute path without resolving symlinks (a symlink must stay visible as one)."""
    return os.path.normpath(os.path.abspath(path))


def select(store: Store, paths: Iterable[Path]) -> Listing:
    """The listing's record files under ``paths``, and a problem for every path that names none."""
    listing = store.listing()
    by_path = {_abs(p): p for p in listing.files}
    skipped = {_abs(store.root / p.path): p for p in [*listing.skipped, *strays(store)]}
    files: dict[str, Path] = {}
    problems: dict[str, Problem] = {}
    for given in paths:
        target = _abs(given)
        shown = store.rel(Path(target))
        if target in by_path:
            files[target] = by_path[target]
        elif target in skipped:
            problems[target] = skipped[target]
        elif os.path.islink(target):
            problems[target] = Problem(shown, None, None, "", "symlink: not followed, not read")
        elif os.path.isdir(target):
            inside = [p for p in by_path if p.startswith(target + os.sep)]
            files.update((p, by_path[p]) for p in inside)
            problems.update(
                (p, prob) for p, prob in skipped.items() if p.startswith(target + os.sep)
            )
            if not inside and not any(p.startswith(target + os.sep) for p in skipped):
                problems[target] = Problem(shown, None, None, "", "no record files in this folder")
        elif not os.path.exists(target):
            problems[target] = Problem(shown, None, None, "", "no such file or folder")
        else:
            problems[target] = Problem(shown, None, None, "", NOT_A_RECORD)
    return Listing(sorted(files.values()), list(problems.values()))


def strays(store: Store) -> list[Problem]:
    """YAML files nested deeper than a year folder: no command would ever read them.

    Where this command's freshness scan listed the year folders (``store.subfolders``), only
    their sub-folders are walked, in the order a walk from the top meets them: the same
    answer without listing every folder again (``tests/fastpaths/test_strays.py``)."""
    out: list[Problem] = []
    top = store.data_dir
    starts = [top] if store.subfolders is None else [top / sub for sub in store.subfolders]
    for folder, dirs, names in (found for start in starts for found in os.walk(start)):
        depth = len(Path(folder).relative_to(top).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if depth < 2:
            continue
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                out.append(
                    Problem(
                        store.rel(Path(folder) / name),
                        None,
                        None,
                        "",
                        "record file in a sub-folder of a year folder; " + NOT_A_RECORD,
                    )
                )
    return out
