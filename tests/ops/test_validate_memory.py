"""The name comparisons of ``validate`` run in pool workers with the cyclic collector paused
(pool._call); each comparison of the name rules leaves a small reference cycle, so the work
must run with the collector on or a worker grows without bound (650 MB at 10,000 records)."""

from __future__ import annotations

import gc
import itertools

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
