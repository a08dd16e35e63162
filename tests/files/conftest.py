"""Fixtures of the files tests."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def generate() -> Any:
    """benchmarks/generate.py as a module (the benchmarks are not a package)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import generate as module
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module
