"""The name comparisons of ``validate`` run in pool workers with the cyclic collector paused
(pool._call); each comparison of the name rules leaves a small reference cycle, so the work
must run with the collector on or a worker grows without bound (650 MB at 10,000 records)."""

from __future__ import annotations

import gc
import itertools
import os
from functools import partial
from pathlib import Path

import pytest

from incidentctl.ops import validate
from incidentctl.record import names


def test_name_comparisons_collect_their_cycles_under_a_paused_collector() -> None:
    spellings = [
        f"{given} {family}"
        for given, family in itertools.product(
            ("Serik", "Aiman", "Nurlan", "Dina", "Marat", "Asel", "Oleg", "Bota"),
            ("Omarov", "Sizintsev", "Akhmetov", "Bokaev", "Zhovtis", "Tatoyan", "Ismailov"),
        )
    ] + ["Sergey Sizintsev", "Sergey Sizentsev"]  # one person spelt two ways: a pair found
    folds = sorted({names.merge_key(s) for s in spellings})
    spelled_of = {names.merge_key(s): s for s in spellings}
    tokens = {f: tuple(names.normalise_tokens(spelled_of[f])) for f in folds}
    spelled = {t: spelled_of[f] for f, t in tokens.items()}
    pairs = validate._Pairs([folds], tokens, spelled, set())
    gc.collect()
    gc.disable()  # as the pool's worker does around a chunk
    try:
        found = validate._found_in(pairs, [0])
        pending = gc.get_count()[0]
    finally:
        gc.enable()
    assert found  # the comparisons ran (some of these names do match each other)
    assert len(folds) ** 2 // 2 > 1000  # more comparisons than the collector's threshold
    assert pending <= gc.get_threshold()[0], pending  # their cycles were collected as they came


def _resident_mb(_shared: object, part: list[int]) -> list[float]:
    """A pool worker's resident size (MB), once per item."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return [int(line.split()[1]) / 1024 for _ in part]
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")
def test_fresh_workers_do_not_carry_this_process_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The name comparisons' workers start from a fork server (``fresh``): a worker forked
    from ``validate``'s process maps, and counts as resident, every page of it (at 100,000
    records 310 MB of records' values for 4 MB of names the worker needs)."""
    from incidentctl import pool

    monkeypatch.setattr(pool, "usable_cpus", lambda: 2)
    ballast = bytearray(os.urandom(1 << 20) * 96)  # 96 MB, touched, held by this process
    forked = list(pool.map_chunks(_resident_mb, None, [0, 1, 2, 3], chunk=1, minimum=1))
    fresh = list(pool.map_chunks(_resident_mb, None, [0, 1, 2, 3], chunk=1, minimum=1, fresh=True))
    assert len(ballast) == 96 << 20
    assert min(x for part in forked for x in part) > 96  # the control: a fork carries it
    assert max(x for part in fresh for x in part) < 64  # a fresh worker does not


def test_each_path_and_id_is_held_once(tmp_path: Path) -> None:
    """What the checks keep of every record shares one object per path and per id: the same
    text comes from the index's rows, each record's values and the listing (at 100,000
    records three copies of each path were tens of MB of the first ``validate``'s peak)."""
    import subprocess
    import sys

    from incidentctl.files.store import Store
    from incidentctl.index import db

    generate = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"
    root = tmp_path / "set"
    subprocess.run(
        [sys.executable, str(generate), str(root), "--count", "60"], check=True, capture_output=True
    )
    store = Store(root)
    data_dir = str(store.data_dir)
    for cached in (False, True):
        validate.validate(store)  # the index and its check tables
        known = db.run(
            store, partial(validate._read_known, data_dir=data_dir, wanted=None, cached=cached)
        )
        assert len(known.seen) == 60
        for rel, item in known.seen.items():  # an equal text, made anew, finds the one held
            assert sys.intern(_anew(rel)) is rel
            assert sys.intern(os.path.join(data_dir, rel)) is item.path
            assert sys.intern(_anew(item.id)) is item.id
            assert any(r is rel for r in known.ids[item.id])


def _anew(text: str) -> str:
    """An equal string that is another object."""
    return text[:1] + text[1:]
