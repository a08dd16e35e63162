"""Fixtures of the fast-path tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated data set of 300 varied records (people, groups, acts, sources, responses,
    withdrawn and confidential records), written by the round-trip writer. Read it only."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "generate.py"),
            str(out),
            "--count",
            "300",
            "--seed",
            "5",
        ],
        check=True,
        capture_output=True,
    )
    return out
