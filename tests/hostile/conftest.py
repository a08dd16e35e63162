"""Fixtures for the hostile-input tests: a data set holding the whole hostile corpus."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from incidentctl.testing import Dataset

from .corpus import YEAR, write_corpus


@dataclass
class HostileSet:
    """A data set with every hostile file, one ordinary valid record, and the marker path."""

    data: Dataset
    paths: dict[str, Path]
    good_id: str
    marker: Path


@pytest.fixture
def marker(tmp_path: Path) -> Iterator[Path]:
    """A path that a hostile tag would create if code in a file ever ran; checked after."""
    path = tmp_path / "CODE-RAN-MARKER"
    yield path
    assert not path.exists(), "a hostile YAML tag was executed"


@pytest.fixture
def hostile(incidentctl_dataset: Dataset, marker: Path) -> HostileSet:
    good = incidentctl_dataset.add()
    paths = write_corpus(incidentctl_dataset.incidents / YEAR, marker)
    return HostileSet(incidentctl_dataset, paths, good, marker)
