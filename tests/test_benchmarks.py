"""The benchmark tools still run against the library: a small generated data set is valid,
canonical and the same every time (benchmarks/ is not imported by the package, so nothing
else would notice an API it uses going away)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from incidentctl.testing import Dataset

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _script(name: str):  # type: ignore[no-untyped-def]
    """A script of benchmarks/ as a module (they import each other as siblings)."""
    import importlib

    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def generate():  # type: ignore[no-untyped-def]
    return _script("generate")


@pytest.mark.slow
def test_a_generated_data_set_is_valid_canonical_and_deterministic(
    generate, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        generate.generate(out, 60, seed=3, workers=1, verify_every=1, quiet=True)
    files = sorted(p.relative_to(first) for p in (first / "data" / "incidents").rglob("*.yaml"))
    assert len(files) == 60
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    data = Dataset(root=first)
    assert data.run("validate", "--format", "json").exit_code == 0
    assert data.run("fmt", "--check").exit_code == 0


@pytest.fixture(scope="module")
def run_module():  # type: ignore[no-untyped-def]
    return _script("run")


@pytest.mark.slow
def test_the_benchmark_expects_what_search_answers_withdrawn_records_left_out(
    generate, run_module, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The harness's own reading of the files is the check of the timed query's answer; it once
    counted withdrawn records, which reading commands leave out, and reported a false mismatch."""
    generate.generate(tmp_path, 300, seed=4, workers=1, verify_every=0, quiet=True)
    data = Dataset(root=tmp_path)
    query = ["search", "--country", "KZ", "--year", "2019", "--format", "ids"]
    hits = data.run(*query).stdout.split()
    assert len(hits) >= 2
    assert data.run("withdraw", hits[0], "--reason", "a duplicate").exit_code == 0
    answer = sorted(data.run(*query).stdout.split())
    assert hits[0] not in answer
    assert run_module.expected_ids(tmp_path) == answer
