"""The records of a data set, filtered and searched, with bad files set aside (SPEC §6).

This is the one place reading commands get records from. Every function here refreshes the
derived index (:mod:`.index`) and asks it (:mod:`.search`), so a command never depends on how
records are stored. Three shapes of answer, from cheapest to richest:

* :func:`select_ids` — ids only, straight from SQL (no pydantic: ``--format ids`` at scale);
* :func:`select_data` — plain JSON values as ``Record.to_data()`` gives them, already made
  public when ``filters.public``, with the whole data set's confidential names withheld
  (what output formatters take);
* :func:`select` — :class:`~incidentctl.record.model.Record` objects, rebuilt from the JSON the
  index stores (never by re-parsing YAML);
* :func:`stream_data` — the plain data of :func:`select_data`, read :data:`CHUNK` records at a
  time, for output that need not hold the whole answer (``list``, ``search``, ``export``,
  ``report``, ``people`` at 100,000 records: memory stays flat).

Each bad file is reported through ``warn`` once per call, on every call.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from incidentctl.errors import Problem
from incidentctl.files.store import Store
from incidentctl.index import db as index
from incidentctl.index import search
from incidentctl.index.filters import Filters

if TYPE_CHECKING:
    from incidentctl.record.model import Record
    from incidentctl.views.publication import Gate

Warn = Callable[[Problem], None]

Records = Callable[[], Iterator[dict[str, Any]]]
"""A fresh pass over an answer's plain data, each call (a CSV or XLSX export takes two: the
columns first, then the rows)."""

CHUNK = 500
"""Records decompressed and decoded at a time by :func:`stream_data`."""


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
        gate, ids, ranked = _public_answer(store, filters, sort, limit, text, progress)
        return gate.publish_ids(ids, None if ranked else sort, limit)

    def ask(conn: Any) -> list[str]:
        return [rid_id[1] for rid_id in search.find(conn, filters, text, sort, limit)]

    return index.run(
        store,
        ask,
        warn,
        progress,
        _public_search(filters, text),
        text=_searches_text(filters, text),
    )


def _searches_text(filters: Filters, text: str | None) -> bool:
    """Whether the question searches words or names (which a build may leave for later)."""
    return bool(filters.persons or (text or "").strip())


def stream_data(
    store: Store,
    filters: Filters,
    write: Callable[[Records], None],
    warn: Warn | None = None,
    sort: str | None = None,
    limit: int | None = None,
    *,
    text: str | None = None,
    progress: index.Progress | None = None,
) -> int:
    """Call ``write`` with the answer of :func:`select_data` (not ``--public``) as :data:`Records`,
    read from the index :data:`CHUNK` at a time instead of all at once; the number of records.

    Only the answer's row ids are held; each pass decodes the stored JSON, which is
    ``Record.to_data()`` (``tests/fastpaths/test_streamed_output.py`` proves the output equal
    to the one built from :func:`select_data`). ``write`` runs inside the index's snapshot, and
    may be called again from the start if the index had to be rebuilt during the answer: it
    must begin afresh each time (or refuse, once its output has left).
    """
    assert not filters.public, "the public view goes through the public gate, not the index"

    def ask(conn: Any) -> int:
        rids = [rid for rid, _ in search.find(conn, filters, text, sort, limit)]

        def records() -> Iterator[dict[str, Any]]:
            for start in range(0, len(rids), CHUNK):
                for doc in search.documents(conn, rids[start : start + CHUNK]):
                    yield json.loads(doc)

        write(records)
        return len(rids)

    return index.run(store, ask, warn, progress)


def _documents(
    store: Store,
    filters: Filters,
    warn: Warn | None,
    sort: str | None,
    limit: int | None,
    text: str | None,
    progress: index.Progress | None,
) -> list[str]:
    """The stored JSON of the answer (never under ``--public``: see :func:`_public_answer`)."""

    def ask(conn: Any) -> list[str]:
        rows = search.find(conn, filters, text, sort, limit)
        return search.documents(conn, [rid for rid, _ in rows])

    return index.run(store, ask, warn, progress)


def _public_answer(
    store: Store,
    filters: Filters,
    sort: str | None,
    limit: int | None,
    text: str | None,
    progress: index.Progress | None,
) -> tuple[Gate, list[str], bool]:
    """The public answer: the gate (:mod:`incidentctl.views.publication`, which reads every
    file and refuses before anything is output when one cannot be read), the original ids the
    index chooses (unlimited unless ranked), and whether they are ranked best match first.

    Unless ranked (the public text's rank), the caller sorts by the published values; the
    index's warnings are not passed on (the gate has read every file; paths may hold names).
    """
    from incidentctl.views.publication import open_gate

    gate = open_gate(store)
    ranked = sort is None and bool(search.parse_query(text).groups)

    def ask(conn: Any) -> list[str]:
        asked = _public_question(filters, gate.withholding)
        if asked is None:
            return []
        rows = search.find(conn, asked, text, sort, limit if ranked else None)
        return [record_id for _, record_id in rows]

    return gate, index.run(store, ask, None, progress, _public_search(filters, text)), ranked


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

    if filters.public:
        gate, ids, ranked = _public_answer(store, filters, sort, None, None, progress)
        shown = gate.publish(ids, None if ranked else sort)
        return [record for record, _ in shown], [data for _, data in shown]
    docs = _documents(store, filters, warn, sort, None, None, progress)
    records = [Record.model_validate_json(doc) for doc in docs]
    return records, [r.to_data() for r in records]


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
    if filters.public:
        gate, ids, ranked = _public_answer(store, filters, sort, limit, text, progress)
        return [data for _, data in gate.publish(ids, None if ranked else sort, limit)]
    return [
        json.loads(doc) for doc in _documents(store, filters, warn, sort, limit, text, progress)
    ]


def holds_confidential(store: Store, warn: Warn | None = None) -> bool:
    """Whether the data set holds anything ``--public`` withholds: a confidential record or a
    confidential person (what an import of public output must not overwrite)."""
    from incidentctl.index.rows import CONFIDENTIAL_NAME

    def query(conn: Any) -> bool:
        record = conn.execute("SELECT 1 FROM records WHERE confidential = 1 LIMIT 1").fetchone()
        person = conn.execute(
            "SELECT 1 FROM record_names WHERE kind = ? LIMIT 1", (CONFIDENTIAL_NAME,)
        ).fetchone()
        return record is not None or person is not None

    return bool(index.run(store, query, warn, text=False))


def external_id_owners(
    store: Store, values: list[str], warn: Warn | None = None
) -> dict[str, list[str]]:
    """The ids of the records (withdrawn ones too) listing each of ``values`` as an external id,
    so that a write can refuse a value another record already holds (SPEC §7). The question
    searches no words (``text=False``): the first import after a build that left the full text
    for later no longer makes it (at 100,000 records about 40 s of CPU, in workers forked from
    the importing process)."""
    if not values:
        return {}

    def ask(conn: Any) -> dict[str, list[str]]:
        owners: dict[str, list[str]] = {}
        marks = ",".join("?" * len(values))
        for value, record_id in conn.execute(
            "SELECT f.value, r.id FROM facets f JOIN records r ON r.rid = f.rid "
            f"WHERE f.kind = 'external_id' AND f.value IN ({marks}) ORDER BY r.id",
            values,
        ):
            owners.setdefault(value, []).append(record_id)
        return owners

    return index.run(store, ask, warn, text=False)  # asks no words: full text may wait
