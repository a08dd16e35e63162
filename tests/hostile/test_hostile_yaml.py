"""Hostile YAML (issue 7, item 1): one clear error per file, bounded, and nothing ever runs."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from incidentctl.errors import RecordError
from incidentctl.files import yamlio
from incidentctl.files.parse import parse_record_text
from incidentctl.files.store import Store
from incidentctl.ops import exchange
from incidentctl.testing import Dataset

from .conftest import HostileSet
from .corpus import CASES, YEAR, Hostile, valid_text

pytestmark = pytest.mark.slow  # real processes and many runs: left out of the quick loop

HOSTILE = [c for c in CASES if not c.harmless]
HARMLESS = [c for c in CASES if c.harmless]
MEMORY_CAP = 64 * 1024 * 1024
"""Reading one hostile file must not need more than this (a 30 MB file included)."""


def _rel(case: Hostile) -> str:
    return f"data/incidents/{YEAR}/{case.name}.yaml"


def _clean_stderr(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "internal error" not in stderr


def _place(incidentctl_dataset: Dataset, case: Hostile, marker: Path) -> Path:
    path = incidentctl_dataset.incidents / YEAR / f"{case.name}.yaml"
    path.parent.mkdir()
    path.write_bytes(case.make(marker))
    return path


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_each_hostile_file_gives_one_located_error_in_bounded_memory(
    case: Hostile, incidentctl_dataset: Dataset, marker: Path
) -> None:
    path = _place(incidentctl_dataset, case, marker)
    store = Store(incidentctl_dataset.root)
    parse_record_text(valid_text("warm-up"), "x")  # imports and caches must not count as the file's
    tracemalloc.start()
    try:
        loaded = store.read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not loaded.ok
    assert len(loaded.problems) == 1, [str(p) for p in loaded.problems]
    problem = loaded.problems[0]
    assert problem.path == _rel(case)
    assert case.expect.lower() in problem.message.lower()
    if case.line is not None:
        assert problem.line == case.line
        assert str(problem).startswith(f"{_rel(case)}:{case.line}:{problem.column}: ")
    assert peak < MEMORY_CAP


@pytest.mark.parametrize("case", HARMLESS, ids=lambda c: c.name)
def test_a_byte_order_mark_or_crlf_line_ends_are_read_as_the_record(
    case: Hostile, incidentctl_dataset: Dataset, marker: Path
) -> None:
    loaded = Store(incidentctl_dataset.root).read(_place(incidentctl_dataset, case, marker))
    assert loaded.ok, [str(p) for p in loaded.problems]
    assert loaded.record.id == case.name


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_every_reader_entry_point_raises_only_its_clean_error(case: Hostile, marker: Path) -> None:
    """decode/load/load_roundtrip/load_stream and add --from's reader: YamlProblem or nothing."""
    raw = case.make(marker)
    with pytest.raises(RecordError) as caught:
        exchange.read_one(raw, "input.yaml")
    assert caught.value.problems and caught.value.problems[0].path == "input.yaml"
    try:
        text = yamlio.decode(raw)
    except yamlio.YamlProblem:
        return
    for reader in (yamlio.load, yamlio.load_roundtrip, yamlio.load_stream):
        try:
            reader(text)
        except yamlio.YamlProblem as exc:
            assert exc.message
        else:
            assert reader is yamlio.load_stream  # several documents are a valid import batch


def test_validate_json_names_every_hostile_file_once_and_runs_nothing(hostile: HostileSet) -> None:
    result = hostile.data.run("validate", "--format", "json", "--no-warnings")
    assert result.exit_code == 1
    _clean_stderr(result.stderr)
    report = json.loads(result.stdout)
    by_path: dict[str, list[dict[str, object]]] = {}
    for error in report["errors"]:
        by_path.setdefault(str(error["path"]), []).append(error)
    for case in HOSTILE:
        errors = by_path.pop(_rel(case), [])
        assert len(errors) == 1, (case.name, errors)
        assert case.expect.lower() in str(errors[0]["message"]).lower()
        if case.line is not None:
            assert errors[0]["line"] == case.line
    assert by_path == {}, "only the hostile files have errors"
    assert report["valid"] == 1 + len(HARMLESS)


def test_validate_text_lines_are_path_line_col_field_message(hostile: HostileSet) -> None:
    result = hostile.data.run("validate", "--no-warnings")
    assert result.exit_code == 1
    _clean_stderr(result.stderr)
    lines = result.stdout.splitlines()
    assert len(lines) == len(HOSTILE)
    for case in HOSTILE:
        (line,) = [x for x in lines if x.startswith(_rel(case) + ":")]
        if case.line is not None:
            assert line.startswith(f"{_rel(case)}:{case.line}:")


def test_list_skips_each_hostile_file_with_one_warning_and_answers(hostile: HostileSet) -> None:
    result = hostile.data.run("list", "--format", "ids")
    assert result.exit_code == 0, result.stderr
    _clean_stderr(result.stderr)
    assert sorted(result.stdout.split()) == sorted([hostile.good_id, *(c.name for c in HARMLESS)])
    warnings = result.stderr.splitlines()
    assert len(warnings) == len(HOSTILE)
    for case in HOSTILE:
        assert len([w for w in warnings if _rel(case) in w]) == 1, case.name


def test_fmt_reports_hostile_files_and_never_rewrites_them(hostile: HostileSet) -> None:
    before = hostile.data.snapshot()
    result = hostile.data.run("fmt")
    assert result.exit_code == 1
    _clean_stderr(result.stderr)
    after = hostile.data.snapshot()
    for case in HOSTILE:
        assert after[_rel(case)] == before[_rel(case)], case.name
        assert _rel(case) in result.stderr, case.name
    for case in HARMLESS:  # read as records, so fmt makes them canonical
        assert after[_rel(case)] == hostile.paths[case.name].read_bytes()
        assert b"\r" not in after[_rel(case)] and not after[_rel(case)].startswith(b"\xef")


def test_show_and_edit_of_a_hostile_file_fail_cleanly_and_change_nothing(
    hostile: HostileSet,
) -> None:
    before = hostile.data.snapshot()
    for case in HOSTILE:
        for args in (("show", case.name), ("edit", case.name, "--set", "status=concluded")):
            result = hostile.data.invoke(*args)
            assert result.exit_code == 1, (args, result.stdout)
            assert _rel(case) in result.stderr, (args, result.stderr)
            assert result.stderr.startswith("error: ")
    assert hostile.data.snapshot() == before


def test_add_from_a_hostile_file_is_refused_before_writing(hostile: HostileSet) -> None:
    before = hostile.data.snapshot()
    for case in HOSTILE:
        path = hostile.paths[case.name]
        result = hostile.data.invoke("add", "--from", str(path))
        assert result.exit_code == 1, (case.name, result.stdout)
        assert result.stderr.startswith(f"error: {path}"), (case.name, result.stderr)
        assert len(result.stderr.splitlines()) == 1, (case.name, result.stderr)
    assert hostile.data.snapshot() == before
