"""Reading a selection of records for a command: a progress bar while the index is being
built, and the cheapest read each output format allows (``ids`` never builds a record)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from incidentctl.errors import IncidentctlError
from incidentctl.index.filters import Filters

from . import console
from .output import Formatter

T = TypeVar("T")

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


def fold_records(filters: Filters, fold: Callable[[Iterator[dict[str, Any]]], T]) -> T:
    """What ``fold`` makes of the selected records' plain data (``people``, ``report``): streamed
    from the index a chunk at a time, or under ``--public`` the gate's published list."""
    if filters.public:
        return fold(iter(read_records(filters)))
    from incidentctl.index import catalog

    from . import state

    folded: list[T] = []

    def emit(records: catalog.Records) -> None:
        folded[:] = [fold(records())]  # a rebuilt index's second pass starts afresh

    with progress_bar() as progress:
        catalog.stream_data(state.store(), filters, emit, state.warn_problem, progress=progress)
    return folded[0]


def print_records(
    filters: Filters,
    out: Formatter,
    *,
    text: str | None = None,
    sort: str | None = None,
    limit: int | None = None,
) -> None:
    """``list`` and ``search``: the selected records, through the formatter chosen at start.

    Record data is streamed from the index (:func:`incidentctl.index.catalog.stream_data`):
    printed chunk by chunk to a pipe, or on a terminal held only as far as the format shows it
    and printed once the progress bar is gone. Ids and the public view read as before.
    """
    if out.ids_only or filters.public:
        out.records(read_records(filters, text=text, sort=sort, limit=limit, ids_only=out.ids_only))
        return
    from incidentctl.index import catalog

    from . import state

    on_terminal = console.is_terminal()
    kept: list[list[dict[str, Any]]] = []
    printing: list[bool] = []

    def emit(records: catalog.Records) -> None:
        if on_terminal:  # nothing printed yet: a rebuilt index's second pass starts afresh
            kept[:] = [out.kept(records)]
            return
        if printing:
            raise IncidentctlError(
                "the search index had to be rebuilt while the records were being printed; "
                "run the command again"
            )
        printing.append(True)
        out.stream(records)

    with progress_bar() as progress:
        catalog.stream_data(
            state.store(),
            filters,
            emit,
            state.warn_problem,
            sort,
            limit,
            text=text,
            progress=progress,
        )
    if kept:
        out.records(kept[0])
