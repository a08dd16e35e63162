"""The full text and the names' search keys a first query leaves for later (index/rows.py,
``sync_text``) are the very rows an index built with them at once holds.

A query that only filters builds the index without them (a third of a cold build's work); the
first query that searches words or names derives them from the stored JSON. Proven here on the
generated data set (people, aliases, confidential records, sources, responses): both ways give
the same full-text vocabulary per column, the same rows, the same name keys and the same
answers, in one process and through the worker pool, and after records are edited and removed
while their text is still waiting.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from incidentctl import pool
from incidentctl.files.store import Store
from incidentctl.index import catalog
from incidentctl.index import db as index
from incidentctl.index.filters import Filters
from incidentctl.index.rows import text_pending

TEXTS = ("lawyer", "disbarred OR detained", '"human rights"', "court*", "Сизинцев")


def _copy(generated: Path, folder: Path) -> Path:
    shutil.copytree(generated / "data", folder / "data")
    return folder


def _build(root: Path, text: bool) -> None:
    conn = index.connect(index.locate(root))
    try:
        index.refresh(conn, Store(root), text=text)
    finally:
        conn.close()


def _state(root: Path) -> dict[str, Any]:
    """What the index holds, independent of row ids: the full text's vocabulary per column,
    each record's full-text row, the names' keys, and the answers of a few questions."""
    conn = sqlite3.connect(index.locate(root))
    in_use = "SELECT nid FROM record_names"  # a removed record's names stay, unused
    names = [
        n for (n,) in conn.execute(f"SELECT name FROM names WHERE nid IN ({in_use}) ORDER BY 1")
    ]
    conn.close()
    store = Store(root)
    persons = [*names[::40], *(name.split()[-1] for name in names[::40])]
    answers = [catalog.select_ids(store, Filters.build(), text=text) for text in TEXTS] + [
        catalog.select_ids(store, Filters.build(persons=(person,))) for person in persons
    ]
    conn = sqlite3.connect(index.locate(root))
    try:
        assert not text_pending(conn)
        conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts, col)")
        vocab = conn.execute("SELECT term, col, doc, cnt FROM temp.vocab ORDER BY 1, 2").fetchall()
        rows = sorted(
            conn.execute(
                "SELECT r.id, f.rowid & 1 FROM fts f JOIN records r ON r.rid = f.rowid >> 1"
            ).fetchall()
        )
        keys = sorted(
            conn.execute(
                "SELECT n.name, k.key FROM name_keys k JOIN names n ON n.nid = k.nid "
                f"WHERE n.nid IN ({in_use})"
            ).fetchall()
        )
    finally:
        conn.close()
    return {"vocab": vocab, "rows": rows, "keys": keys, "answers": answers}


@pytest.mark.parametrize("workers", [False, True], ids=["one process", "worker pool"])
def test_text_left_for_later_is_the_text_built_at_once(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    if workers:
        monkeypatch.setattr(pool, "POOL_MIN", 10)
    at_once = _copy(generated, tmp_path / "at-once")
    later = _copy(generated, tmp_path / "later")
    _build(at_once, text=True)
    _build(later, text=False)
    conn = sqlite3.connect(index.locate(later))
    try:
        assert text_pending(conn)
        assert conn.execute("SELECT count(*) FROM name_keys").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM fts_pending").fetchone()[0] >= 290
    finally:
        conn.close()
    # A filter-only question answers without the text, and leaves it waiting.
    filters = Filters.build(countries=("KZ",))
    assert catalog.select_ids(Store(later), filters) == catalog.select_ids(Store(at_once), filters)
    expected = _state(at_once)
    assert expected["answers"][0] and all(expected["answers"][len(TEXTS) :])  # answers found
    assert _state(later) == expected  # its first text question fills it in


def test_records_edited_and_removed_while_their_text_waits(generated: Path, tmp_path: Path) -> None:
    """A record whose full-text row was never written is replaced and removed without touching
    FTS5 (a contentless table corrupts when asked to delete what it never held)."""
    later = _copy(generated, tmp_path / "later")
    _build(later, text=False)
    files = sorted((later / "data" / "incidents").glob("*/*.yaml"))
    files[0].unlink()
    edited = files[1].read_text(encoding="utf-8").replace("title: ", "title: Lawyer zebra ", 1)
    files[1].write_text(edited, encoding="utf-8")
    _build(later, text=False)
    at_once = tmp_path / "at-once"
    shutil.copytree(later / "data", at_once / "data")
    _build(at_once, text=True)
    state = _state(later)
    assert state == _state(at_once)
    assert catalog.select_ids(Store(later), Filters.build(), text="zebra")
    conn = sqlite3.connect(index.locate(later))
    try:
        conn.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")  # raises if corrupt
    finally:
        conn.close()
