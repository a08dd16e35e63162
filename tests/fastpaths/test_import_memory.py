"""``import``'s memory: the input's values of a new record are let go once the pool's part that
prepares it is done, so the values and the prepared records are never all held at once; and
the index's question for external ids is asked before the records are prepared (its freshness
scan forks a child, which counts this process's pages as its own). At 100,000 stored records an
import of 10,000 peaked at 375 MB with both held."""

from __future__ import annotations

import json
import weakref
from pathlib import Path
from typing import Any

import pytest

from incidentctl import pool
from incidentctl.errors import RecordError
from incidentctl.files.store import Store
from incidentctl.ops import importer
from incidentctl.ops.exchange import read_batch

pytestmark = pytest.mark.slow


class Values(dict[str, Any]):
    """A record's values that a weak reference can follow (a plain dict cannot)."""


def _alive(refs: list[weakref.ref[Any]]) -> int:
    return sum(1 for ref in refs if ref() is not None)


def _count(_shared: None, part: list[Values]) -> int:
    return len(part)


@pytest.mark.parametrize("cpus", [1, 2])
def test_map_chunks_lets_each_part_go_once_its_work_is_done(
    monkeypatch: pytest.MonkeyPatch, cpus: int
) -> None:
    """In this process (one CPU) and with forked workers: while the last parts are worked on,
    the first parts' items are no longer held (before, every part was held to the end)."""
    monkeypatch.setattr(pool, "usable_cpus", lambda: cpus)
    items = [Values(n=n) for n in range(400)]
    refs = [weakref.ref(item) for item in items]
    parts = pool.map_chunks(_count, None, items, chunk=10, minimum=1)
    del items  # map_chunks holds the only reference now
    seen = []
    for done in parts:
        seen.append(done)
        if len(seen) == 38:  # two parts left
            alive = _alive(refs)
    assert seen == [10] * 40
    ahead = pool.AHEAD * cpus + 2  # parts submitted ahead of the one consumed, and slack
    assert alive <= ahead * 10, alive
    assert _alive(refs) == 0


def _rows(generated: Path, external: bool = True) -> list[dict[str, Any]]:
    """Every generated record as a new record to import (new ids, their own external ids)."""
    store = Store(generated)
    rows = []
    for n, path in enumerate(store.listing().files):
        loaded = store.read(path)
        assert loaded.ok
        data = loaded.record.to_data()
        data["id"] = data["id"][:90] + "-new"
        data.pop("related", None)
        data.pop("withdrawn", None)
        data["external_ids"] = [f"other-{n}:{n}"] if external else []
        rows.append(data)
    return rows


def _entries(rows: list[dict[str, Any]]) -> list[Any]:
    raw = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
    return read_batch(raw, "jsonl", "in.jsonl")


def test_import_lets_a_new_records_values_go_once_prepared(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each prepared part finds the values of the parts before it let go (before, the batch's
    entries held every record's values until the whole plan was made)."""
    monkeypatch.setattr(importer, "PREPARE_FROM", 1)
    monkeypatch.setattr(importer, "PREPARE_CHUNK", 10)
    monkeypatch.setattr(pool, "usable_cpus", lambda: 1)  # the parts are prepared here, in turn
    entries = _entries(_rows(generated))
    for entry in entries:
        entry.data = Values(entry.data)
    refs = [weakref.ref(entry.data) for entry in entries]
    alive_at_each_part: list[int] = []
    prepare_many = importer._prepare_many

    def counted(shared: None, items: list[tuple[dict[str, Any], str]]) -> list[Any]:
        alive_at_each_part.append(_alive(refs))
        return prepare_many(shared, items)

    monkeypatch.setattr(importer, "_prepare_many", counted)
    batch = importer.plan(Store(generated), entries)
    assert batch.count(importer.CREATE) == len(entries) > 200
    assert len(alive_at_each_part) == -(-len(entries) // 10)
    assert alive_at_each_part[0] == len(entries)
    assert alive_at_each_part[-1] <= 10  # only the last part's values: the others let go
    assert _alive(refs) == 0


def test_external_ids_are_asked_before_the_records_are_prepared(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One question to the index, before any record is prepared (when this process is small);
    a value another record holds is still refused, at its place in the input."""
    from incidentctl.index import catalog

    events: list[str] = []
    owners_of = catalog.external_id_owners
    prepare_many = importer._prepare_many

    def asked(store: Store, values: list[str], *args: Any) -> dict[str, list[str]]:
        events.append("asked")
        return owners_of(store, values, *args)

    def prepared(shared: None, items: list[tuple[dict[str, Any], str]]) -> list[Any]:
        events.append("prepared")
        return prepare_many(shared, items)

    monkeypatch.setattr(catalog, "external_id_owners", asked)
    monkeypatch.setattr(importer, "_prepare_many", prepared)
    monkeypatch.setattr(importer, "PREPARE_FROM", 1)
    monkeypatch.setattr(pool, "usable_cpus", lambda: 1)
    store = Store(generated)
    rows = _rows(generated)
    batch = importer.plan(store, _entries(rows))
    assert events[0] == "asked" and events.count("asked") == 1 and "prepared" in events
    assert batch.count(importer.CREATE) == len(rows)

    held = next(
        v
        for path in store.listing().files
        if (loaded := store.read(path)).ok
        for v in loaded.record.external_ids
    )
    rows[7]["external_ids"] = [held]
    events.clear()
    with pytest.raises(RecordError, match=f"external id '{held}' is already on") as caught:
        importer.plan(store, _entries(rows))
    assert [(p.field, p.line) for p in caught.value.problems] == [("external_ids[0]", 8)]
    assert events.count("asked") == 1


def test_values_changed_by_completing_a_record_are_asked_too(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An external id the input spells otherwise than the record holds is asked after the
    records are prepared (a second question): the verdict does not rest on the first."""
    monkeypatch.setattr(importer, "PREPARE_FROM", 1)
    store = Store(generated)
    held = next(
        v
        for path in store.listing().files
        if (loaded := store.read(path)).ok
        for v in loaded.record.external_ids
    )
    rows = _rows(generated, external=False)[:3]
    asked: list[list[str]] = []
    owners = importer._external_id_owners

    def recorded(*args: Any, **kw: Any) -> Any:
        result = owners(*args, **kw)
        asked.append(sorted(result[0]))
        return result

    monkeypatch.setattr(importer, "_external_id_owners", recorded)
    monkeypatch.setattr(importer, "_input_external_ids", lambda _entries: ["none:asked"])
    rows[1]["external_ids"] = [held]
    with pytest.raises(RecordError, match=f"external id '{held}' is already on"):
        importer.plan(store, _entries(rows))
    assert asked == [["none:asked"], sorted(["none:asked", held])]


def test_stem_paths_of_some_stems_is_stem_paths_kept_to_them(generated: Path) -> None:
    """What import looks its new ids up in just before naming its files, without the
    100,000-entry mapping: the same paths as :meth:`Store.stem_paths` for those stems."""
    store = Store(generated)
    every = store.stem_paths()
    some = set(list(every)[::7]) | {"2019-01-01-kz-no-such-record"}
    assert store.stem_paths_of(some) == {k: v for k, v in every.items() if k in some}
    assert len(store.stem_paths_of(some)) == len(some) - 1 > 10


def test_the_external_id_question_leaves_the_full_text_for_later(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that searched no words (``search --country``) leaves the full text for later;
    import's question for external ids searches none either, and does not make it (the first
    import after such a build spent about 40 s of CPU on it at 100,000 records)."""
    import shutil

    from incidentctl.index import catalog, db
    from incidentctl.index.rows import text_pending

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "set"
    shutil.copytree(generated, root)
    store = Store(root)
    db.run(store, lambda conn: None, text=False)
    assert db.run(store, text_pending, text=False)  # the control: the build left it
    held = next(
        v
        for path in store.listing().files
        if (loaded := store.read(path)).ok
        for v in loaded.record.external_ids
    )
    assert catalog.external_id_owners(store, [held])[held]
    assert db.run(store, text_pending, text=False)
