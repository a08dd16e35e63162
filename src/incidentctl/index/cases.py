"""What the SDG 16.10.1 count reads from the index: only the records that can hold a case.

A case needs a counted violation, and an act's type is always among its record's ``types``,
so the records whose ``types`` hold none of :data:`incidentctl.views.sdg.VIOLATIONS` can
neither add a case nor be listed as not counted. The index already keeps every record's types
as facets, so the count asks SQL for the others and reads only their stored JSON, as plain
values (the count needs no pydantic objects): at 10,000 records that is about a fifth of what
``report`` reads and validates. The period's open sides still come from every matching record.

Not for ``--public``: the public count goes through the gate, which reads every file
(:mod:`incidentctl.views.publication`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from incidentctl.index import db as index
from incidentctl.index import search

if TYPE_CHECKING:
    from incidentctl.files.store import Store
    from incidentctl.index.catalog import Warn
    from incidentctl.index.filters import Filters


def case_records(
    store: Store,
    filters: Filters,
    warn: Warn | None = None,
    *,
    progress: index.Progress | None = None,
) -> tuple[list[dict[str, Any]], tuple[dt.date | None, dt.date | None]]:
    """The plain data of the records passing ``filters`` that report a counted violation,
    and the period: the filters', an open side the span of every record passing them."""
    from incidentctl.views.sdg import VIOLATIONS

    counted = tuple(t for t in (filters.types or tuple(VIOLATIONS)) if t in VIOLATIONS)
    since, until = filters.period()

    def ask(conn: Any) -> tuple[list[dict[str, Any]], tuple[dt.date | None, dt.date | None]]:
        span: tuple[dt.date | None, dt.date | None] = (since, until)
        if since is None or until is None:
            rids = [rid for rid, _ in search.find(conn, filters)]
            first, last = conn.execute(
                "SELECT min(date_start), max(date_end) FROM records "
                "WHERE rid IN (SELECT value FROM json_each(?))",
                (json.dumps(rids),),
            ).fetchone()
            if first is not None:
                span = (since or dt.date.fromordinal(first), until or dt.date.fromordinal(last))
        if not counted:
            return [], span
        rids = [rid for rid, _ in search.find(conn, replace(filters, types=counted))]
        return [json.loads(doc) for doc in search.documents(conn, rids)], span

    return index.run(store, ask, warn, progress)
