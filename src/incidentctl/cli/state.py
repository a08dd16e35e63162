"""Per-invocation state: the data set root chosen by --root."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incidentctl.errors import Problem

if TYPE_CHECKING:
    from incidentctl.files.store import Store

_root: str | None = None


def set_root(root: str | None) -> None:
    global _root
    _root = root


def store() -> Store:
    from incidentctl.files.store import Store, find_root

    return Store(find_root(_root))


def warn_problem(problem: Problem) -> None:
    """A bad file met while reading: one line on stderr, the command goes on."""
    from . import console

    console.warn(f"skipped {problem}")
