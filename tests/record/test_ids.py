"""One id-suffix rule: ``add``, ``import`` and ``--public`` pick alternative ids alike."""

from __future__ import annotations

import itertools

import pytest

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


def test_a_long_title_is_cut_between_words_and_not_after_a_function_word() -> None:
    title = "Activist Max Bokayev sentenced to 23 years in prison"
    made = make_id("2019-05-21", "KZ", title)
    assert made == "2019-05-21-kz-activist-max-bokayev-sentenced-to-23-years"
    assert not made.endswith("-in")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Lawyer detained in", "lawyer-detained"),
        ("Адвокат задержан в", "advokat-zaderzhan"),
        ("Avocat radié pour", "avocat-radie"),
        ("The", "the"),  # a title of function words only keeps one
    ],
)
def test_ids_never_end_in_a_function_word(title: str, slug: str) -> None:
    assert make_id("2019", "KZ", title) == f"2019-kz-{slug}"


def test_shortening_for_a_suffix_cuts_between_words() -> None:
    base = "2019-05-21-kz-" + "-".join(["word"] * 14) + "-for-sentences"  # 97 characters
    assert len(base) == 97
    shortened = truncate(base, 95)
    assert shortened == "2019-05-21-kz-" + "-".join(["word"] * 14)
    assert truncate("2019-05-21-in-of-x", 16) == "2019-05-21-in-of"  # the head stays
