"""The records of a data set, read in bulk, with bad files set aside (SPEC §6).

This is the one place reading commands get records from, so the derived index
can make it fast without any command changing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import Problem
from .query import Filters, sort_records
from .store import Store

Warn = Callable[[Problem], None]


def load_all(store: Store, warn: Warn | None = None) -> list[Any]:
    """Every readable, valid record; each bad file reported once through ``warn``."""
    listing = store.listing()
    records = []
    for problem in listing.skipped:
        if warn:
            warn(problem)
    for path in listing.files:
        loaded = store.read(path)
        if loaded.ok:
            records.append(loaded.record)
        elif warn:
            warn(loaded.problems[0])
    return records


def select(
    store: Store,
    filters: Filters,
    warn: Warn | None = None,
    sort: str | None = None,
    limit: int | None = None,
) -> list[Any]:
    """Records passing ``filters``, sorted (default: date then id), at most ``limit``."""
    chosen = [r for r in load_all(store, warn) if filters.matches(r)]
    chosen = sort_records(chosen, sort)
    return chosen[:limit] if limit is not None else chosen
