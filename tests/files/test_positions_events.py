"""Positions read from libyaml's events equal the round-trip tree's, for any file shape.

A file that is not in the canonical shape (written by hand: plain scalars, flow lists, comments,
either quoting) is located from the parser's events rather than the round-trip tree, which cost
a hundred times more. Proved here on generated records of both styles, on hand edits of them,
on the YAML test suite's mappings and on the one known difference (an empty value), for every
path in the file and for paths that are not there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentctl.files import yamlio
from incidentctl.files.positions import Positions, canonical_shape
from incidentctl.testing import every_path

from .test_fastyaml import _EDITS, SUITE, _record_text


def _tree(text: str) -> Any:
    try:
        return yamlio.load_roundtrip(text)
    except yamlio.YamlProblem:
        return None


def _agree(tmp_path: Path, text: str, extra: list[tuple[str | int, ...]] = ()) -> Positions:  # type: ignore[assignment]
    """Assert every path of ``text`` is located as the tree locates it; the finder used."""
    path = tmp_path / "2019-05-21-kz-hand.yaml"
    path.write_text(text, encoding="utf-8")
    tree = _tree(text)
    finder = Positions()
    if tree is None:  # a file the tree cannot read is located nowhere by the events either
        # (the canonical lines' shortcut is older, and answers for a text of comments alone)
        if not canonical_shape(text):
            assert finder.at(path, ("people",)) == (None, None)
        return finder
    for where in [*every_path(tree), *extra]:
        assert finder.at(path, where) == yamlio.position(tree, where), (where, text)
    return finder


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(["canonical", "handwritten"]))
def test_generated_records_are_located_as_the_tree_locates_them(
    generate: Any, tmp_path_factory: pytest.TempPathFactory, seed: int, index: int, style: str
) -> None:
    text = _record_text(generate, seed, index, style)
    _agree(tmp_path_factory.mktemp("pos"), text)


@pytest.mark.slow
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.integers(0, 1000),
    st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(_EDITS)),
        min_size=1,
        max_size=4,
    ),
)
def test_hand_edits_are_located_as_the_tree_locates_them(
    generate: Any,
    tmp_path_factory: pytest.TempPathFactory,
    index: int,
    edits: list[tuple[float, int, str]],
) -> None:
    text = _record_text(generate, 6, index, "handwritten")
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    _agree(tmp_path_factory.mktemp("pos"), text)


def test_the_yaml_test_suites_mappings_are_located_as_the_tree_locates_them(
    tmp_path: Path,
) -> None:
    located = 0
    for case in SUITE["cases"]:
        try:
            text = yamlio.decode(case["yaml"].encode("utf-8"))
        except yamlio.YamlProblem:
            continue
        _agree(tmp_path, text)
        located += _tree(text) is not None
    assert located >= 25  # the suite's readable mappings were compared, not skipped


@pytest.mark.parametrize(
    "text",
    [
        "id: x\nend_date:\ntitle: Lawyer detained\n",  # libyaml marks an empty value elsewhere
        "id: x\npeople:\n  - name:\n    roles: [lawyer]\n",
        "id: x\ntags: [a, ]\nrelated:\n  -\n  - y\n",
    ],
)
def test_an_empty_value_is_left_to_the_tree(tmp_path: Path, text: str) -> None:
    finder = _agree(tmp_path, text, [("end_date",), ("people", 0, "name"), ("related", 0)])
    assert finder._tree is not None  # located by the tree, not the events


def test_a_hand_written_record_is_located_without_the_round_trip_tree(
    generate: Any, tmp_path: Path
) -> None:
    text = _record_text(generate, 6, 3, "handwritten")
    finder = _agree(tmp_path, text)
    assert finder._tree is None
    lines = text.split("\n")
    line, column = finder.at(tmp_path / "2019-05-21-kz-hand.yaml", ("people",))
    assert line is not None and column == 1 and lines[line - 1].startswith("people:")
