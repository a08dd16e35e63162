"""The benchmark tools still run against the library: a small generated data set is valid,
canonical and the same every time (benchmarks/ is not imported by the package, so nothing
else would notice an API it uses going away)."""

from __future__ import annotations

import json
import subprocess
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


@pytest.mark.slow
def test_the_scale_benchmark_measures_every_issue_14_target_on_both_shapes(
    tmp_path: Path,
) -> None:
    """The harness the lead runs on the merged code: a tiny run must give every measure on both
    shapes, leave the shared data sets as they were (it works on copies), and report each
    target with its baseline."""
    scale = _script("scale")
    assert (
        scale.main(
            [
                "--data",
                str(tmp_path),
                "--sizes",
                "30",
                "--repeat",
                "1",
                "--cheap-repeat",
                "1",
                "--import-records",
                "20",
                "--incidentctl",
                str(Path(sys.executable).with_name("incidentctl")),
            ]
        )
        == 0
    )
    report = json.loads(next((tmp_path / "results").glob("scale-*.json")).read_text())
    by_shape = {r["shape"]: r for r in report["results"]}
    assert set(by_shape) == {"canonical", "handwritten"}
    for shape, res in by_shape.items():
        expected = (
            set(scale.MEASURES) - {"index_size"} - ({"fmt"} if shape == "canonical" else set())
        )
        assert expected <= set(res["measures"]), shape
        failed = {k: m["unavailable"] for k, m in res["measures"].items() if m["unavailable"]}
        assert not failed, failed
        assert all(s["cpu_s"] > 0 for m in res["measures"].values() for s in m["samples"])
        assert res["query_correct"] is True
        assert res["import_created"] == 20
        assert res["export_lines"] == 30
        assert res["sizes"]["yaml_bytes"] > 0 and res["sizes"]["index_bytes"] > 0
    assert "fs_copy" in by_shape["handwritten"]["measures"]
    targets = {(t["shape"], t["target"]) for t in report["targets"]}
    assert ("handwritten", "`fmt` of every hand-written file, s") in targets
    assert ("canonical", "`fmt` of every hand-written file, s") not in targets
    assert len(report["targets"]) == 2 * len(scale.TARGETS) - 1
    # The shared sets are untouched: no derived index, nothing changed or added under git.
    for shape in ("canonical", "handwritten"):
        root = tmp_path / "sets" / f"n30-s6-v3{'-hw' if shape == 'handwritten' else ''}"
        assert not (root / ".incidentctl").exists()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True
        )
        assert status.stdout == ""
    assert not list((tmp_path / "tmp").iterdir())  # the working copies are gone
    text = next((tmp_path / "results").glob("scale-*.md")).read_text()
    assert "| target | canonical | hand-written | limit | met |" in text


def test_the_status_edit_keeps_the_quoting_of_either_shape(tmp_path: Path) -> None:
    run_module = _script("run")
    for line, edited in (
        ('status: "ongoing"\n', 'status: "concluded"\n'),
        ("status: 'ongoing'\n", "status: 'concluded'\n"),
        ("status: ongoing\n", "status: concluded\n"),
    ):
        path = tmp_path / "r.yaml"
        path.write_text(f"id: x\n{line}title: t\n", encoding="utf-8")
        edit = run_module.StatusEdit(path)
        edit()
        assert path.read_text(encoding="utf-8") == f"id: x\n{edited}title: t\n"
        edit.restore()
        assert path.read_text(encoding="utf-8") == f"id: x\n{line}title: t\n"


def test_a_blind_part_is_added_by_its_written_decisions(tmp_path: Path) -> None:
    """benchmarks/name_eval_part.py applies the mechanical decisions of a blind part
    (tests/data/name_eval-heldout-8.md) and appends what is left in the file's own layout."""
    part = _script("name_eval_part")
    cite = {"source": "A paper", "url": "https://example.org/a"}
    collected = tmp_path / "a.yaml"
    collected.write_text(
        json.dumps(
            {
                "persons": [
                    {  # kept: two cited variants (an initial and a surname are two words)
                        "name": "Ivan Petrenko",
                        "country": "ua",
                        "variants": ["Іван Петренко", "І.Петренко", "Petrenko", "イワン"],
                        "seen": [
                            {"text": t, **cite}
                            for t in ["Ivan Petrenko", "Іван Петренко", "І.Петренко", "Petrenko"]
                        ],
                    },
                    {  # dropped: in the set already, by another spelling
                        "name": "Sergei Sizintsev",
                        "variants": ["Сергей Сизинцев", "S. Sizintsev"],
                        "seen": [{"text": "Сергей Сизинцев", **cite}],
                    },
                    {  # dropped: the lead read one variant as another name (decision 1)
                        "name": "Ali Feruz",
                        "variants": ["Али Феруз", "Али Феруза", "Khudoberdi Nurmatov"],
                        "seen": [
                            {"text": t, **cite}
                            for t in ["Али Феруз", "Али Феруза", "Khudoberdi Nurmatov"]
                        ],
                    },
                    {  # dropped: one variant has no citation, so one is left
                        "name": "Olga Bondar",
                        "variants": ["Ольга Бондарь", "Olha Bondar"],
                        "seen": [{"text": "Ольга Бондарь", **cite}],
                    },
                ],
                "distractors": [
                    {
                        "name": "Maria Petrenko",
                        "near": "Ivan Petrenko",
                        "seen": [cite | {"text": "Maria Petrenko"}],
                    },
                    {
                        "name": "Anna Bondar",
                        "near": "Olga Bondar",
                        "seen": [cite | {"text": "Anna Bondar"}],
                    },
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    existing = {
        "persons": [{"name": "Sergey Sizintsev", "variants": ["Sergei Sizintsev"]}],
        "distractors": [],
    }
    read = {"variants": {"Ali Feruz": {"Khudoberdi Nurmatov": "his birth name"}}}
    built = part.build([collected], existing, read, "heldout-9")
    assert [p["name"] for p in built.persons] == ["Ivan Petrenko", "Ali Feruz"]
    assert built.persons[1]["variants"] == ["Али Феруз", "Али Феруза"]
    kept = built.persons[0]
    assert kept["variants"] == ["Іван Петренко", "І.Петренко"] and kept["country"] == "UA"
    assert {s["text"] for s in kept["seen"]} == {"Ivan Petrenko", *kept["variants"]}
    assert kept["part"] == "heldout" and kept["blind"] == "heldout-9"
    assert [d["name"] for d in built.distractors] == ["Maria Petrenko"]
    why = "\n".join(built.log)
    for reason in ("decision 2", "decision 8", "decision 5", "decision 4", "decision 6"):
        assert reason in why, reason
    assert "Ali Feruz: variant 'Khudoberdi Nurmatov': his birth name (decision 1" in why
    eval_file = tmp_path / "eval.yaml"
    eval_file.write_text("persons:\n- name: X\ndistractors:\n- name: Y\n", encoding="utf-8")
    part.append(built, eval_file)
    from ruamel.yaml import YAML

    appended = YAML(typ="safe").load(eval_file.read_text(encoding="utf-8"))
    assert [p["name"] for p in appended["persons"]] == ["X", "Ivan Petrenko", "Ali Feruz"]
    assert [d["name"] for d in appended["distractors"]] == ["Y", "Maria Petrenko"]


def test_the_scale_report_names_the_checkout_the_measured_program_came_from() -> None:
    """An A/B runs the harness of one checkout against programs installed from others: the
    report says where each came from, not the harness's commit alone."""
    import incidentctl

    scale = _script("scale")
    here = BENCHMARKS.parent
    if not Path(incidentctl.__file__).resolve().is_relative_to(here / "src"):
        pytest.skip("incidentctl is not installed from this checkout (editable)")
    program = Path(sys.executable).with_name("incidentctl")
    commit = subprocess.run(
        ["git", "-C", str(here), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    source, _, at = scale.measured_source(str(program)).partition(" at ")
    assert (Path(source).resolve(), at) == (here, commit)
    assert scale.measured_source("/nonexistent/bin/incidentctl") is None
