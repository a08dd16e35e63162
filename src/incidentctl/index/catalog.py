"""The records of a data set, filtered and searched, with bad files set aside (SPEC §6).

This is the one place reading commands get records from. Every function here refreshes the
derived index (:mod:`.index`) and asks it (:mod:`.search`), so a command never depends on how
records are stored. Three shapes of answer, from cheapest to richest:

* :func:`select_ids` — ids only, straight from SQL (no pydantic: ``--format ids`` at scale);
* :func:`select_data` — plain JSON values as ``Record.to_data()`` gives them, already made
  public when ``filters.public``, with the whole data set's confidential names withheld
  (what output formatters take);
* :func:`select` — :class:`~incidentctl.record.model.Record` objects, rebuilt from the JSON the
  index stores (never by re-parsing YAML).

Each bad file is reported through ``warn`` once per call, on every call.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from incidentctl.errors import Problem
from incidentctl.files.store import Store
from incidentctl.index import db as index
from incidentctl.index import search
from incidentctl.index.filters import Filters

if TYPE_CHECKING:
    from incidentctl.record.model import Record
    from incidentctl.views.privacy import Withholding

Warn = Callable[[Problem], None]


def select_ids(
    store: Store,
    filters: Filters,
    warn: Warn | None = None,
    sort: str | None = None,
    limit: int | None = None,
    *,
    text: str | None = None,
    progress: index.Progress | None = None,
) -> list[str]:
    """Ids of the records passing ``filters`` (and matching ``text``), in answer order.

    Under ``--public`` an id is shown as published (a withheld name in it is replaced).
    """
    if filters.public:
        return [
            data["id"]
            for data in select_data(store, filters, warn, sort, limit, text=text, progress=progress)
        ]

    def ask(conn: Any) -> list[str]:
        return [rid_id[1] for rid_id in search.find(conn, filters, text, sort, limit)]

    return index.run(store, ask, warn, progress, _public_search(filters, text))


def _documents(
    store: Store,
    filters: Filters,
    warn: Warn | None,
    sort: str | None,
    limit: int | None,
    text: str | None,
    progress: index.Progress | None,
) -> tuple[list[str], list[str]]:
    """The stored JSON of the answer, and the data set's confidential names when public."""

    def ask(conn: Any) -> tuple[list[str], list[str]]:
        withheld = index.load_withholding(conn) if filters.public else []
        asked = _public_question(filters, withheld) if filters.public else filters
        if asked is None:
            return [], withheld
        rows = search.find(conn, asked, text, sort, limit)
        return search.documents(conn, [rid for rid, _ in rows]), withheld

    return index.run(store, ask, warn, progress, _public_search(filters, text))


def _public_question(filters: Filters, withheld: list[str]) -> Filters | None:
    """Under ``--public``, a tag or case that holds a withheld name matches nothing.

    Public output shows such a tag as ``name-withheld``; letting the filter select by the
    original value would confirm the name. None when no value of a filter is left to match.
    """
    from dataclasses import replace

    from incidentctl.views.privacy import reveals

    if not (filters.tags or filters.cases) or not withheld:
        return filters
    tags = tuple(t for t in filters.tags if not reveals(t, withheld))
    cases = tuple(c for c in filters.cases if not reveals(c, withheld))
    if (filters.tags and not tags) or (filters.cases and not cases):
        return None
    return replace(filters, tags=tags, cases=cases)


def _public_search(filters: Filters, text: str | None) -> bool:
    """Whether the question looks at public text or names (which the index brings up to date
    only when asked)."""
    return filters.public and bool(filters.persons or (text or "").strip())


def select_both(
    store: Store,
    filters: Filters,
    warn: Warn | None = None,
    sort: str | None = None,
    *,
    progress: index.Progress | None = None,
) -> tuple[list[Record], list[dict[str, Any]]]:
    """Records and their (public-ready) plain data from ONE pass over the index.

    Report and export need both: records for the figures, data for the output.
    Under ``--public`` the records are the public ones, with data-set-wide names withheld.
    """
    from incidentctl.record.model import Record
    from incidentctl.views.privacy import render_data

    docs, withheld = _documents(store, filters, warn, sort, None, None, progress)
    records = [Record.model_validate_json(doc) for doc in docs]
    return records, [render_data(r, filters.public, withheld) for r in records]


def select_data(
    store: Store,
    filters: Filters,
    warn: Warn | None = None,
    sort: str | None = None,
    limit: int | None = None,
    *,
    text: str | None = None,
    progress: index.Progress | None = None,
) -> list[dict[str, Any]]:
    """Plain data of the records passing ``filters`` (and matching ``text``), made public under ``--public``."""
    docs, withheld = _documents(store, filters, warn, sort, limit, text, progress)
    if not filters.public:
        return [json.loads(doc) for doc in docs]
    from incidentctl.record.model import Record
    from incidentctl.views.privacy import public_data

    return [public_data(Record.model_validate_json(doc), withheld) for doc in docs]


def dataset_withholding(store: Store, warn: Warn | None = None) -> Withholding:
    """Every name and alias of a confidential person in the data set (what ``--public``
    withholds everywhere), straight from the index."""
    return index.run(store, index.load_withholding, warn)
