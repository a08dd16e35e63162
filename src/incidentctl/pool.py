"""The one worker pool of bulk work (index build, ``validate``, ``fmt``).

A data set below :data:`POOL_MIN` items, or a machine with one usable CPU, is done in this
process: starting workers costs more than it saves there. Above it, a
:class:`~concurrent.futures.ProcessPoolExecutor` works on chunks, a bounded number ahead of
the consumer (results never pile up in memory), and hands results back in order.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

POOL_MIN = 4000
"""From this many items, the work is shared with worker processes."""
CHUNK = 250
MAX_WORKERS = 4
AHEAD = 4
"""Chunks queued per worker: enough that workers keep busy while the consumer works."""

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

_shared: Any = None
"""What the worker's function receives with each chunk (set once per worker)."""


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(items: int, minimum: int | None = None) -> int:
    """How many processes share ``items`` items (1: this process alone); ``minimum``
    defaults to :data:`POOL_MIN`."""
    if items < (POOL_MIN if minimum is None else minimum):
        return 1
    return min(usable_cpus(), MAX_WORKERS)


def map_chunks(
    work: Callable[[S, list[T]], R],
    shared: S,
    items: list[T],
    chunk: int | None = None,
    minimum: int | None = None,
    size: int | None = None,
    fresh: bool = False,
) -> Iterator[R]:
    """``work(shared, part)`` for each ``chunk``-sized (default :data:`CHUNK`) part of
    ``items``, results in order.

    ``work`` is a module-level function; ``shared`` reaches each worker once (inherited, not
    pickled, where processes fork), frozen so that the collector never copies its pages.
    ``size``: how much work ``items`` are, to compare with ``minimum`` (default: their number).
    A part's items are let go once its work is done (nothing else here holds them): a caller
    that passes its only reference to ``items`` holds them no longer than the work needs them
    (``import``'s batch of new records, ``tests/fastpaths/test_import_memory.py``).

    ``fresh``: the workers start as new interpreters (``spawn``) and ``shared`` is pickled
    to each, instead of being forked from this process. For long work on small shared data
    late in a large command: a forked worker maps every page of this process, and its
    resident size counts them all (at 100,000 records ``validate``'s name comparisons forked
    from a 310 MB process and peaked at 425 MB a worker, for 4 MB of data they need). Not a
    fork server: its workers are not this process's children, so neither this process's
    resource usage nor ``time`` would count their CPU and memory.
    """
    step = chunk or CHUNK
    parts = deque(items[start : start + step] for start in range(0, len(items), step))
    workers = workers_for(len(items) if size is None else size, minimum)
    del items  # held by the parts now, each let go once its work is done
    if workers < 2 or len(parts) < 2:
        while parts:
            yield work(shared, parts.popleft())
        return
    import multiprocessing  # here: a warm query never starts workers (about 20 ms of imports)
    from concurrent.futures import ProcessPoolExecutor

    fork = sys.platform == "linux" and not fresh
    context = multiprocessing.get_context("fork" if fork else "spawn")
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_set_shared, initargs=(shared,)
        ) as pool:
            pending: deque[Future[R]] = deque()
            while parts:
                pending.append(pool.submit(_call, work, parts.popleft()))
                if len(pending) >= AHEAD * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    finally:
        gc.unfreeze()


def _set_shared(shared: Any) -> None:
    global _shared
    _shared = shared
    # Ctrl-C reaches every process of the terminal's group: the parent stops the pool and
    # says so in one line; workers that also raised would each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(work: Callable[[Any, list[Any]], R], part: list[Any]) -> R:
    """One chunk with the cyclic garbage collector paused: bulk work allocates many short-lived
    objects and few cycles, and collections during a chunk were a fifth of a worker's time in
    an index build; what a chunk leaves is collected between chunks."""
    gc.disable()
    try:
        return work(_shared, part)
    finally:
        gc.enable()
