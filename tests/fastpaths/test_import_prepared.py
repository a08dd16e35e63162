"""``import`` shares each new record's own checks with the worker pool (``_prepared_new``): the
plan it makes, its texts and its problems (their order included) are those of the loop that
checked every record in this process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incidentctl import pool
from incidentctl.errors import RecordError
from incidentctl.files.store import Store
from incidentctl.ops import importer
from incidentctl.ops.exchange import read_batch

pytestmark = pytest.mark.slow


def _rows(generated: Path) -> list[dict[str, Any]]:
    """Every generated record as an export gives it, then changed into a batch to import:
    records without an id (their drafted id is taken: a suffix is freed), records with a new id,
    and one record that updates its stored self."""
    store = Store(generated)
    rows = []
    for n, path in enumerate(store.listing().files):
        loaded = store.read(path)
        assert loaded.ok
        data = loaded.record.to_data()
        data.pop("external_ids", None)  # each is held by the stored record
        if n % 3 == 0:
            data.pop("id")
        elif n == 1:
            data["title"] = data["title"] + " (updated)"
        else:
            data["id"] = data["id"][:90] + "-new"
            data.pop("related", None)
        rows.append(data)
    return rows


def _plan(
    generated: Path, raw: bytes, prepare_from: int, monkeypatch: Any, whole: bool = False
) -> Any:
    monkeypatch.setattr(importer, "PREPARE_FROM", prepare_from)
    try:
        return importer.plan(Store(generated), read_batch(raw, "jsonl", "in.jsonl"), whole)
    except RecordError as exc:
        return [str(p) for p in exc.problems]


def _both(
    generated: Path, rows: list[dict[str, Any]], monkeypatch: Any, whole: bool = False
) -> tuple[Any, Any]:
    """The plan made in this process, and the plan made with the workers: by default they
    send each new record back as its facts and text, ``whole`` as the record itself."""
    raw = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
    monkeypatch.setattr(pool, "usable_cpus", lambda: 2)  # workers even on a one-CPU runner
    alone = _plan(generated, raw, 10**9, monkeypatch)
    shared = _plan(generated, raw, 1, monkeypatch, whole)
    return alone, shared


def _seen(plan: Any) -> list[tuple[str, dict[str, Any], str | None, list[str]]]:
    return [(c.action, c.record.to_data(), c.text, c.fields) for c in plan.changes]


@pytest.mark.parametrize("whole", [False, True], ids=["facts-and-text", "whole"])
def test_a_batch_planned_by_workers_is_the_batch_planned_here(
    generated: Path, monkeypatch: pytest.MonkeyPatch, whole: bool
) -> None:
    rows = _rows(generated)
    alone, shared = _both(generated, rows, monkeypatch, whole)
    assert not isinstance(alone, list), alone[:3]
    assert _seen(shared) == _seen(alone)
    actions = [c.action for c in alone.changes]
    assert actions.count(importer.CREATE) == len(rows) - 1 and importer.UPDATE in actions
    freed = [c for c in alone.changes if c.action == importer.CREATE and c.record.id[-2] == "-"]
    assert freed  # some drafted ids were taken and got a suffix: their texts made again
    for change in alone.changes:
        if change.action == importer.CREATE:
            assert change.text == importer.new_text(change.record)


def test_the_problems_found_by_workers_are_the_problems_found_here(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(generated)
    rows[2]["date"] = "not a date"
    rows[4]["title"] = "Ð¡Ð¸Ð·Ð¸Ð½Ñ†ÐµÐ² detained"  # garbled by a wrong encoding
    rows[5]["countries"] = ["XX"]
    rows[6]["id"] = rows[7]["id"]  # given twice
    rows[8] = ["not", "a", "record"]  # type: ignore[call-overload]
    rows[9]["summary"] = "x " * 600_000  # beyond a file's size: the text check refuses it
    rows[10]["people"] = [{"name": "(name withheld)"}]  # what --public writes: read from the text
    alone, shared = _both(generated, rows, monkeypatch)
    assert isinstance(alone, list) and len(alone) >= 7
    assert any("MB a record file may hold" in p for p in alone)
    assert any("people[0].name" in p and "looks like a public export" in p for p in alone)
    assert shared == alone
