"""Reading a selection of records for a command: a progress bar while the index is being
built, and the cheapest read each output format allows (``ids`` never builds a record)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

from incidentctl.index.filters import Filters

from . import console
from .output import Formatter

PROGRESS_MIN = 500
"""Builds smaller than this finish before a bar would be worth drawing."""


@contextlib.contextmanager
def progress_bar(label: str = "Indexing records") -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback drawing a Rich bar on a terminal's stderr, else None."""
    if not console.is_terminal(sys.stderr):
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console.stderr(),
        transient=True,
    )
    task: list[Any] = []

    def update(done: int, total: int) -> None:
        if total < PROGRESS_MIN:
            return
        if not task:
            bar.start()
            task.append(bar.add_task(label, total=total))
        bar.update(task[0], completed=done, total=total)

    try:
        yield update
    finally:
        if task:
            bar.stop()


def read_records(
    filters: Filters,
    *,
    text: str | None = None,
    sort: str | None = None,
    limit: int | None = None,
    ids_only: bool = False,
) -> list[Any]:
    """Plain record data (public under ``--public``), or ids only, as a command prints them."""
    from incidentctl.index import catalog

    from . import state

    read = catalog.select_ids if ids_only else catalog.select_data
    with progress_bar() as progress:
        return read(
            state.store(), filters, state.warn_problem, sort, limit, text=text, progress=progress
        )


def print_records(
    filters: Filters,
    out: Formatter,
    *,
    text: str | None = None,
    sort: str | None = None,
    limit: int | None = None,
) -> None:
    """``list`` and ``search``: the selected records, through the formatter chosen at start."""
    out.records(read_records(filters, text=text, sort=sort, limit=limit, ids_only=out.ids_only))
