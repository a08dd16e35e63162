"""One id-suffix rule: ``add``, ``import`` and ``--public`` pick alternative ids alike."""

from __future__ import annotations

import itertools

from incidentctl.record.ids import (
    MAX_ID_LENGTH,
    free_id,
    id_candidates,
    make_id,
    truncate,
)


def test_candidates_count_from_two() -> None:
    found = list(itertools.islice(id_candidates("2019-05-21-kz-a-title"), 3))
    assert found == ["2019-05-21-kz-a-title", "2019-05-21-kz-a-title-2", "2019-05-21-kz-a-title-3"]


def test_a_long_id_is_shortened_to_keep_its_suffix() -> None:
    base = "a" * 97 + "-bc"  # 100 characters
    candidates = list(itertools.islice(id_candidates(base), 12))
    assert candidates[0] == base
    assert candidates[1] == "a" * 97 + "-2"  # cut to 98, trailing hyphen dropped
    assert candidates[11] == "a" * 97 + "-12"
    assert all(len(c) <= MAX_ID_LENGTH for c in candidates)


def test_free_id_skips_every_taken_set() -> None:
    assert free_id("x-y-z", {"x-y-z"}, {"x-y-z-2"}) == "x-y-z-3"
    assert free_id("x-y-z", set()) == "x-y-z"


def test_the_shortening_rule_is_the_callers() -> None:
    """--public shortens at a hyphen so that ``name-withheld`` is never broken."""
    limits: list[int] = []

    def shorten(text: str, limit: int) -> str:
        limits.append(limit)
        return "short"

    assert free_id("taken", {"taken", "short-2"}, shorten=shorten) == "short-3"
    assert limits == [MAX_ID_LENGTH - 2, MAX_ID_LENGTH - 2]
    assert truncate("b" * 85 + "-name", 86) == "b" * 85


def test_make_id() -> None:
    assert make_id("2019-05-21", "KZ", "Lawyer disbarred") == "2019-05-21-kz-lawyer-disbarred"
