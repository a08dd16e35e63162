"""Positions read from a canonical file's lines equal the round-trip tree's, at every depth.

Schema v2 nests records in records (a person's acts, their perpetrators, ``withdrawn``), and
validate's errors point into them (``people[0].acts[1].type``); the line shortcut must give
exactly what :func:`incidentctl.files.yamlio.position` gives, for every path in the file and
for paths that are not there (the nearest parent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentctl.files import fastyaml
from incidentctl.files.positions import Positions
from incidentctl.files.yamlio import load_roundtrip, position
from incidentctl.testing import every_path

from .test_bulk_reader import CANONICAL, CANONICAL_V2


@pytest.mark.parametrize("text", [CANONICAL, CANONICAL_V2], ids=["v1", "v2"])
def test_every_path_is_located_as_the_tree_locates_it(tmp_path: Path, text: str) -> None:
    assert fastyaml.load(text) is not None  # the file takes the line shortcut
    path = tmp_path / "2019-05-21-kz-tricky.yaml"
    path.write_text(text, encoding="utf-8")
    tree = load_roundtrip(text)
    finder = Positions()
    paths = list(every_path(tree))
    assert ("people", 0, "acts", 0, "perpetrators", 0) in paths or text is CANONICAL
    for where in paths:
        assert finder.at(path, where) == position(tree, where), where


def test_a_nested_act_is_found_on_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "2019-05-21-kz-tricky.yaml"
    path.write_text(CANONICAL_V2, encoding="utf-8")
    lines = CANONICAL_V2.split("\n")
    line, column = Positions().at(path, ("people", 0, "acts", 0, "type"))
    assert line is not None and column is not None
    assert lines[line - 1].strip() == '- type: "disbarment"'
    assert lines[line - 1][column - 1 :] == '"disbarment"'
    line, column = Positions().at(path, ("perpetrators", 1, "category"))
    assert line is not None and lines[line - 1].strip() == 'category: "police"'
