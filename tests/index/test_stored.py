"""The records' JSON stored in compressed blocks, and rows deleted by what they hold.

The index keeps each record's JSON compressed with the records written beside it
(``index/docs.py``), and deletes a record's facet and full-text rows by deriving them again from
that JSON. These tests hold the blocks to plain reads and writes, and an index brought up to
date through edits, renames and deletions to one built from nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from incidentctl.files.store import Store
from incidentctl.index import catalog, docs
from incidentctl.index import db as index
from incidentctl.index.filters import Filters


def _table() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE records(rid INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE docs(first INTEGER PRIMARY KEY, count INTEGER, data BLOB)")
    return conn


def _store(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
    conn.executemany("INSERT INTO records VALUES (?)", [(rid,) for rid, _ in rows])
    docs.write(conn, rows)


def test_blocks_read_back_every_document_and_only_live_ones() -> None:
    conn = _table()
    # two runs of consecutive rids (a gap between), one longer than a block; text with a
    # line separator and escaped newlines, as json.dumps(ensure_ascii=False) writes them
    first = [(rid, f'{{"n":{rid},"t":"a\\nb \u2028 ü"}}') for rid in range(1, docs.BLOCK + 6)]
    second = [(rid, f'{{"n":{rid}}}') for rid in range(100, 103)]
    _store(conn, [*first, *second])
    everything = dict([*first, *second])
    blocks = conn.execute("SELECT first, count FROM docs ORDER BY first").fetchall()
    assert blocks == [(1, docs.BLOCK), (docs.BLOCK + 1, 5), (100, 3)]
    assert docs.read(conn, [102, 1, 7, docs.BLOCK + 20, 99, docs.BLOCK + 5]) == {
        rid: everything[rid] for rid in (1, 7, 102, docs.BLOCK + 5)
    }
    assert list(docs.read_all(conn)) == sorted(everything.items())
    assert docs.next_rid(conn) == 103

    # dropping records: their lines stay until the whole block is dead, and are not read
    gone = [2, 3, 100, 101, 102, *range(docs.BLOCK + 1, docs.BLOCK + 6)]
    conn.executemany("DELETE FROM records WHERE rid = ?", [(rid,) for rid in gone])
    docs.drop(conn, gone)
    assert conn.execute("SELECT first FROM docs").fetchall() == [(1,)]
    assert dict(docs.read_all(conn)) == {r: d for r, d in first if r not in gone}
    # a block outlives the records at its end: new rids start after it
    conn.executemany("DELETE FROM records WHERE rid = ?", [(docs.BLOCK,)])
    assert docs.next_rid(conn) == docs.BLOCK + 1


def _contents(root: Path) -> dict[str, Any]:
    """What the index holds, by record id (rids differ between builds), its full text brought
    in first (a filter-only query leaves it for later: index/rows.py, ``sync_text``)."""
    index.run(Store(root), lambda conn: None)
    conn = sqlite3.connect(root / ".incidentctl" / "index.sqlite3")
    try:
        ids = dict(conn.execute("SELECT rid, id FROM records"))
        facets = sorted(
            (kind, value, ids[rid]) for kind, value, rid in conn.execute("SELECT * FROM facets")
        )
        stored = sorted((ids[rid], doc) for rid, doc in docs.read_all(conn))
        words = {}
        for word in ("lawyer", "detained", "Almaty", "extradition", "renamed", "hrw.org"):
            hits = conn.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid % 2 = 0", (f'"{word}"',)
            )
            words[word] = sorted(ids[rowid // 2] for (rowid,) in hits)
    finally:
        conn.close()
    return {"facets": facets, "docs": stored, "words": words, "count": len(ids)}


def test_an_index_kept_up_to_date_holds_what_a_new_build_holds(incidentctl_dataset: Any) -> None:
    data = incidentctl_dataset
    made = [
        data.add(
            title=f"Lawyer {n} detained in Almaty",
            date=f"2019-0{1 + n % 9}-1{n % 10}",
            tags=[f"tag-{n % 3}"],
        )
        for n in range(40)
    ]
    store = Store(data.root)
    everything = Filters.build()
    assert len(catalog.select_ids(store, everything)) == 40
    assert len(_contents(data.root)["words"]["lawyer"]) == 40  # the full text is written
    # edit some, delete some, retitle one, add one: each changes facets, text and documents
    for n, record_id in enumerate(made[:12]):
        path = next(data.incidents.glob(f"*/{record_id}.yaml"))
        text = path.read_text(encoding="utf-8")
        if n % 3 == 0:
            path.unlink()
        else:
            text = text.replace("tag-", "renamed-tag-").replace("Almaty", "Astana renamed")
            path.write_text(text, encoding="utf-8")
    data.add(title="Extradition of a lawyer requested", date="2020-02-02", tags=["extra"])
    kept = catalog.select_ids(store, everything)
    assert len(kept) == 40 - 4 + 1
    updated = _contents(data.root)

    index.discard(data.root / ".incidentctl" / "index.sqlite3")
    assert catalog.select_ids(store, everything) == kept
    fresh = _contents(data.root)
    assert updated == fresh
    assert any(kind == "tag" and value.startswith("renamed-") for kind, value, _ in fresh["facets"])
    assert fresh["words"]["renamed"] and fresh["words"]["extradition"]
