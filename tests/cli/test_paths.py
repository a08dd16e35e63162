"""PATH arguments of validate and fmt name record files of this data set, and nothing else."""

from __future__ import annotations

from pathlib import Path

from incidentctl.testing import Dataset


def test_fmt_of_a_symlinked_folder_never_writes_outside_the_data_set(
    dataset: Dataset, tmp_path: Path
) -> None:
    rid = dataset.add()
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / f"{rid}.yaml"
    messy = (
        next(dataset.incidents.rglob(f"{rid}.yaml"))
        .read_text(encoding="utf-8")
        .replace('status: "ongoing"', "status: ongoing")
    )
    victim.write_text(messy, encoding="utf-8")
    (dataset.incidents / "link").symlink_to(outside, target_is_directory=True)
    result = dataset.run("fmt", str(dataset.incidents / "link"))
    assert result.exit_code == 1
    assert "symlink" in result.stderr
    assert victim.read_text(encoding="utf-8") == messy


def test_validate_of_a_path_that_is_no_record_fails(dataset: Dataset, tmp_path: Path) -> None:
    dataset.add()
    other = tmp_path / "elsewhere.yaml"
    other.write_text("id: x\n", encoding="utf-8")
    for path, words in (
        (dataset.root / "data" / "incidnts", "no such file"),
        (other, "not a record file"),
    ):
        result = dataset.run("validate", str(path))
        assert result.exit_code == 1, (path, result.stdout)
        assert words in result.stdout


def test_a_record_nested_below_a_year_folder_is_reported(dataset: Dataset) -> None:
    dataset.add()
    nested = dataset.incidents / "2019" / "drafts"
    nested.mkdir()
    (nested / "bad.yaml").write_text("garbage: [\n", encoding="utf-8")
    whole = dataset.run("validate")
    assert whole.exit_code == 1
    assert "data/incidents/2019/drafts/bad.yaml" in whole.stdout and "sub-folder" in whole.stdout
    named = dataset.run("validate", str(nested / "bad.yaml"))
    assert named.exit_code == 1 and "sub-folder" in named.stdout
    assert dataset.run("fmt", "--check").exit_code == 1


def test_validate_of_a_folder_checks_the_records_inside_it(dataset: Dataset) -> None:
    rid = dataset.add()
    path = next(dataset.incidents.rglob(f"{rid}.yaml"))
    path.write_text(
        path.read_text(encoding="utf-8").replace('"disbarment"', '"coup"'), encoding="utf-8"
    )
    result = dataset.run("validate", str(dataset.incidents / "2019"))
    assert result.exit_code == 1 and "types[0]" in result.stdout
