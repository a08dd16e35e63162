"""``import`` at scale: each shortcut of its plan gives what the code it bypasses gives.

- the external ids of the whole batch are asked of the index once (each question refreshes the
  index: once a record, 10,000 records into 100,000 took many minutes), with the same problems;
- a new record's text skips the writer's key-order check (``Record.to_data()`` is in the
  model's order) and the guard's parse (:func:`.fastwrite.within_guard` gives its verdict).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentctl.errors import RecordError
from incidentctl.files import fastwrite, guard
from incidentctl.files.store import Store
from incidentctl.index import catalog
from incidentctl.ops import importer
from incidentctl.ops.edit import check_related, complete
from incidentctl.ops.exchange import read_batch
from incidentctl.record.model import FIELD_ORDER, SUBORDERS
from incidentctl.testing import Dataset, sample_record

from .test_new_record_text import _TEXT


def _records(generated: Path) -> list[Any]:
    store = Store(generated)
    loaded = [store.read(path) for path in store.listing().files]
    assert all(one.ok for one in loaded)
    return [one.record for one in loaded]


def test_a_records_data_is_always_in_the_writers_order(generated: Path) -> None:
    for record in _records(generated):
        data = record.to_data()
        assert fastwrite._in_order(data, FIELD_ORDER, SUBORDERS), record.id
        assert fastwrite.canonical_text(data) == importer.new_text(record)


def test_the_field_names_are_keys_the_guard_accepts() -> None:
    names = set(FIELD_ORDER) | {key for keys in SUBORDERS.values() for key in keys}
    assert names and all(
        n != "<<" and not guard.NON_TEXT.fullmatch(n) and n.isidentifier() for n in names
    )


def test_within_guard_is_the_guards_verdict_on_generated_records(generated: Path) -> None:
    for record in _records(generated):
        data = record.to_data()
        text = fastwrite.canonical_text(data)
        assert text is not None
        assert fastwrite.within_guard(data)
        guard.check(text)  # passes too


def _guard_passes(text: str) -> bool:
    try:
        guard.check(text)
    except guard.YamlProblem:
        return False
    return True


@pytest.mark.parametrize("extra", [-1, 0, 1, 2])
def test_within_guard_counts_nodes_as_the_guard_does(extra: int) -> None:
    data = sample_record(id="2019-05-21-kz-x", recorded="2020-01-01")
    data.pop("tags", None)
    base = dict(data, tags=["t"])
    nodes = _nodes(base)
    data["tags"] = ["t"] * (guard.MAX_NODES - nodes + 1 + extra)
    text = fastwrite.canonical_text(data)
    assert text is not None
    assert fastwrite.within_guard(data) == _guard_passes(text) == (extra <= 0)


@pytest.mark.parametrize("depth", [guard.MAX_DEPTH - 1, guard.MAX_DEPTH, guard.MAX_DEPTH + 1])
def test_within_guard_measures_depth_as_the_guard_does(depth: int) -> None:
    data: dict[str, Any] = {"a": 1}
    for _ in range(depth - 1):
        data = {"a": data}
    text = fastwrite.canonical_text(data)
    assert text is not None
    assert fastwrite.within_guard(data) == _guard_passes(text) == (depth <= guard.MAX_DEPTH)
    listed: dict[str, Any] = {"a": [1]}
    for _ in range(depth - 2):
        listed = {"a": listed}
    text = fastwrite.canonical_text(listed)
    assert text is not None
    assert fastwrite.within_guard(listed) == _guard_passes(text) == (depth <= guard.MAX_DEPTH)


def _nodes(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(1 + _nodes(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_nodes(v) for v in value)
    return 1


def test_a_batch_asks_the_index_once_and_finds_every_external_id_clash(
    incidentctl_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    ds = incidentctl_dataset
    held = ds.add(external_ids=["acled:KAZ1", "hrd:9"])
    rows = [
        sample_record(title=f"Record {n}", external_ids=ids)
        for n, ids in enumerate(
            [["acled:KAZ1"], ["acled:NEW"], ["hrd:2", "hrd:9"], None, ["acled:KAZ1", "x:1"]]
        )
    ]
    rows = [{k: v for k, v in row.items() if v is not None} for row in rows]
    raw = "".join(json.dumps(row) + "\n" for row in rows).encode()
    store = Store(ds.root)
    asked: list[list[str]] = []
    real = catalog.external_id_owners

    def counted(store: Store, values: list[str], warn: Any = None) -> dict[str, list[str]]:
        asked.append(list(values))
        return real(store, values, warn)

    monkeypatch.setattr(catalog, "external_id_owners", counted)
    before = ds.snapshot()
    with pytest.raises(RecordError) as caught:
        importer.plan(store, read_batch(raw, "jsonl", "in.jsonl"))
    assert len(asked) == 1 and sorted(asked[0]) == [
        "acled:KAZ1",
        "acled:NEW",
        "hrd:2",
        "hrd:9",
        "x:1",
    ]
    got = [(p.line, p.field, p.message) for p in caught.value.problems]
    # the same problems as each record checked alone (the code the batch question replaces)
    monkeypatch.setattr(catalog, "external_id_owners", real)
    alone = []
    for entry in read_batch(raw, "jsonl", "in.jsonl"):
        record = complete(entry.data, entry.origin)
        try:
            check_related(store, record, entry.origin)
        except RecordError as exc:
            alone.extend(
                (p.line, p.field, p.message) for p in importer._relocate(entry, exc.problems)
            )
    assert got == alone
    assert [(line, f) for line, f, _ in got] == [
        (1, "external_ids[0]"),
        (3, "external_ids[1]"),
        (5, "external_ids[0]"),
    ]
    assert all(held in message for _, _, message in got)
    assert ds.snapshot() == before  # a failed batch writes nothing


def test_a_new_records_file_is_the_round_trip_writers(
    incidentctl_dataset: Dataset,
) -> None:
    from incidentctl.ops.edit import render

    ds = incidentctl_dataset
    rows = [sample_record(title=f"Imported record number {n}") for n in range(3)]
    raw = "".join(json.dumps(row) + "\n" for row in rows).encode()
    store = Store(ds.root)
    batch = importer.plan(store, read_batch(raw, "jsonl", "in.jsonl"))
    written = importer.apply(store, batch)
    assert len(written) == 3
    for path, change in zip(written, batch.changes, strict=True):
        assert path.read_text(encoding="utf-8") == render(change.record)


def test_stem_paths_are_the_listings_stems(incidentctl_dataset: Dataset) -> None:
    """What import looks ids up in: the listing's files by stem, the first of two that share an
    id winning, symlinks, hidden files, folders and other names left out as listing does."""
    ds = incidentctl_dataset
    first = ds.add()
    ds.add(title="Another record")
    (ds.incidents / "2018").mkdir()
    one = next(ds.incidents.glob(f"*/{first}.yaml"))
    (ds.incidents / "2018" / one.name).write_bytes(one.read_bytes())  # one id, two folders
    (ds.incidents / "2019" / "short.yml").write_text("title: x\n")
    (ds.incidents / "2019" / ".hidden.yaml").write_text("title: x\n")
    (ds.incidents / "2019" / "notes.txt").write_text("x\n")
    (ds.incidents / "2019" / "folder.yaml").mkdir()
    (ds.incidents / "2019" / "link.yaml").symlink_to(one)
    store = Store(ds.root)
    listing = store.listing()
    expected = {path.stem: str(path) for path in reversed(listing.files)}
    assert store.stem_paths() == expected
    assert expected[first].endswith(f"2018/{first}.yaml") and "short" in expected
    assert not {"link", "folder", ".hidden", "notes"} & set(expected)
    assert len(listing.skipped) == 2  # the symlink and the folder, as before


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_TEXT,
    summary=st.lists(_TEXT, min_size=1, max_size=3).map("\n".join),
    location=_TEXT,
    name=_TEXT,
)
def test_within_guard_never_passes_a_text_the_guard_refuses(
    title: str, summary: str, location: str, name: str
) -> None:
    data: dict[str, Any] = sample_record(title=title, summary=summary, location=location)
    data["people"][0]["name"] = name
    try:
        record = complete(data)
    except RecordError:
        return
    plain = record.to_data()
    text = fastwrite.canonical_text(plain)
    if text is not None and fastwrite.within_guard(plain):
        guard.check(text)
