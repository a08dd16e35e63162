"""PATH arguments of validate and fmt name record files of this data set, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentctl.testing import Dataset


def test_fmt_of_a_symlinked_folder_never_writes_outside_the_data_set(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    rid = incidentctl_dataset.add()
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / f"{rid}.yaml"
    messy = (
        next(incidentctl_dataset.incidents.rglob(f"{rid}.yaml"))
        .read_text(encoding="utf-8")
        .replace('status: "ongoing"', "status: ongoing")
    )
    victim.write_text(messy, encoding="utf-8")
    (incidentctl_dataset.incidents / "link").symlink_to(outside, target_is_directory=True)
    result = incidentctl_dataset.run("fmt", str(incidentctl_dataset.incidents / "link"))
    assert result.exit_code == 1
    assert "symlink" in result.stderr
    assert victim.read_text(encoding="utf-8") == messy


@pytest.mark.slow
def test_validate_of_a_path_that_is_no_record_fails(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    incidentctl_dataset.add()
    other = tmp_path / "elsewhere.yaml"
    other.write_text("id: x\n", encoding="utf-8")
    for path, words in (
        (incidentctl_dataset.root / "data" / "incidnts", "no such file"),
        (other, "not a record file"),
    ):
        result = incidentctl_dataset.run("validate", str(path))
        assert result.exit_code == 1, (path, result.stdout)
        assert words in result.stdout


@pytest.mark.slow
def test_a_record_nested_below_a_year_folder_is_reported(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add()
    nested = incidentctl_dataset.incidents / "2019" / "drafts"
    nested.mkdir()
    (nested / "bad.yaml").write_text("garbage: [\n", encoding="utf-8")
    whole = incidentctl_dataset.run("validate")
    assert whole.exit_code == 1
    assert "data/incidents/2019/drafts/bad.yaml" in whole.stdout and "sub-folder" in whole.stdout
    named = incidentctl_dataset.run("validate", str(nested / "bad.yaml"))
    assert named.exit_code == 1 and "sub-folder" in named.stdout
    assert incidentctl_dataset.run("fmt", "--check").exit_code == 1


@pytest.mark.slow
def test_validate_of_a_folder_checks_the_records_inside_it(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    path = next(incidentctl_dataset.incidents.rglob(f"{rid}.yaml"))
    path.write_text(
        path.read_text(encoding="utf-8").replace('"disbarment"', '"coup"'), encoding="utf-8"
    )
    result = incidentctl_dataset.run("validate", str(incidentctl_dataset.incidents / "2019"))
    assert result.exit_code == 1 and "types[0]" in result.stdout
