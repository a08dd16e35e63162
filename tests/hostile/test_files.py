"""Files (issue 7, item 3): symlinks are reported and never followed; temporary files of
interrupted writes, FIFOs and folders named like records are never taken for records."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from incidentctl.files.store import Store
from incidentctl.ops import importer
from incidentctl.testing import Dataset, import_batch

from .corpus import valid_text

SECRET_TITLE = "Outside secret title"


def _outside_record(folder: Path, record_id: str) -> Path:
    """A valid, deliberately non-canonical record file outside the data set."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id}.yaml"
    text = valid_text(record_id).replace(f"Valid record {record_id}", SECRET_TITLE)
    path.write_text(
        "# not canonical: a comment and unquoted status\n"
        + text.replace('status: "ongoing"', "status: ongoing")
    )
    return path


@pytest.fixture
def linked(incidentctl_dataset: Dataset, tmp_path: Path) -> tuple[Dataset, dict[str, Path]]:
    """A data set with a symlinked record file and a symlinked year folder, both outside."""
    good = incidentctl_dataset.add()
    outside = tmp_path / "outside"
    target = _outside_record(outside, "leak")
    (incidentctl_dataset.incidents / "2019" / "leak.yaml").symlink_to(target)
    _outside_record(outside / "2020", "other")
    (incidentctl_dataset.incidents / "2020").symlink_to(outside / "2020", target_is_directory=True)
    inner = Store(incidentctl_dataset.root).find(good)
    (incidentctl_dataset.incidents / "2019" / "alias-of-good.yaml").symlink_to(inner)
    return incidentctl_dataset, {
        "target": target,
        "other": outside / "2020" / "other.yaml",
        "good": inner,
    }


@pytest.mark.slow
def test_validate_reports_every_symlink_and_reads_none(linked: tuple[Dataset, dict[str, Path]]):
    data, _ = linked
    result = data.run("validate", "--format", "json", "--no-warnings")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    errors = {e["path"]: e["message"] for e in report["errors"]}
    assert errors == {
        "data/incidents/2019/leak.yaml": "symlink: not followed, not read",
        "data/incidents/2019/alias-of-good.yaml": "symlink: not followed, not read",
        "data/incidents/2020": "symlink: not followed, not read",
    }
    assert report["valid"] == 1
    assert SECRET_TITLE not in result.stdout + result.stderr


@pytest.mark.slow
def test_validate_of_a_symlink_given_by_path_reports_it(linked: tuple[Dataset, dict[str, Path]]):
    data, _ = linked
    result = data.run("validate", "data/incidents/2019/leak.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("data/incidents/2019/leak.yaml: symlink")


@pytest.mark.slow
def test_list_and_show_never_read_through_a_symlink(linked: tuple[Dataset, dict[str, Path]]):
    data, paths = linked
    result = data.run("list", "--format", "json")
    assert result.exit_code == 0
    assert SECRET_TITLE not in result.stdout
    assert [r["id"] for r in json.loads(result.stdout)] == [paths["good"].stem]
    warned = [line for line in result.stderr.splitlines() if "symlink" in line]
    assert len(warned) == 3
    for rid in ("leak", "other"):
        shown = data.run("show", rid)
        assert shown.exit_code == 1
        assert SECRET_TITLE not in shown.stdout + shown.stderr


@pytest.mark.slow
def test_fmt_and_edit_never_write_through_a_symlink(linked: tuple[Dataset, dict[str, Path]]):
    data, paths = linked
    before = {p: p.read_bytes() for p in (paths["target"], paths["other"])}
    assert data.run("fmt").exit_code == 1
    fmt_one = data.run("fmt", "data/incidents/2019/leak.yaml")
    assert fmt_one.exit_code == 1
    assert "symlink" in fmt_one.stderr
    assert data.run("edit", "leak", "--set", "status=concluded").exit_code == 1
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.slow
def test_add_refuses_to_write_into_a_symlinked_year_folder(
    linked: tuple[Dataset, dict[str, Path]],
) -> None:
    data, paths = linked
    before = sorted(paths["other"].parent.iterdir())
    result = data.run(
        "add",
        "--title",
        "A record dated 2020",
        "--date",
        "2020-03-01",
        "--country",
        "KZ",
        "--type",
        "other",
        "--status",
        "unknown",
        "--summary",
        "S.",
        "--source",
        "https://a.org",
    )
    assert result.exit_code == 1
    assert "data/incidents/2020 is a symlink" in result.stderr
    assert sorted(paths["other"].parent.iterdir()) == before


def test_edit_refuses_to_move_a_record_into_a_symlinked_year_folder(
    linked: tuple[Dataset, dict[str, Path]],
) -> None:
    data, paths = linked
    snapshot = data.snapshot()
    result = data.run("edit", paths["good"].stem, "--set", "date=2020-01-05")
    assert result.exit_code == 1
    assert "symlink" in result.stderr
    assert data.snapshot() == snapshot
    assert not (paths["other"].parent / paths["good"].name).exists()


def test_a_large_import_refuses_a_symlinked_year_folder_and_writes_nothing(
    linked: tuple[Dataset, dict[str, Path]], tmp_path: Path
) -> None:
    """A batch (written as one staged batch) looks at each year folder once: the one record
    of it dated in the symlinked year still stops the whole batch, before any file."""
    data, paths = linked
    batch = import_batch(tmp_path, importer.PARALLEL_FROM + 2)
    rows = [json.loads(line) for line in batch.read_text().splitlines()]
    rows[-1]["date"] = "2020-02-03"
    batch.write_text("".join(json.dumps(row) + "\n" for row in rows))
    snapshot = data.snapshot()
    outside = sorted(paths["other"].parent.iterdir())
    result = data.run("import", str(batch))
    assert result.exit_code == 1, result.stdout
    assert "data/incidents/2020 is a symlink" in result.stderr
    assert "Traceback" not in result.stderr
    assert data.snapshot() == snapshot
    assert sorted(paths["other"].parent.iterdir()) == outside


TEMP_NAMES = (
    ".{id}.yaml.12345.ab12cd34.tmp",  # ours: write_atomic's temporary file
    ".{id}.yaml.tmp",
    ".{id}.yaml",
    "{id}.yaml~",
    "{id}.yaml.swp",
    ".{id}.yaml.swp",
    "#{id}.yaml#",
    "{id}.yaml.orig",
)


@pytest.mark.slow
def test_temporary_files_of_interrupted_writes_are_never_records(
    incidentctl_dataset: Dataset,
) -> None:
    good = incidentctl_dataset.add()
    folder = incidentctl_dataset.incidents / "2019"
    text = valid_text("2019-05-21-kz-leftover")
    for i, name in enumerate(TEMP_NAMES):
        content = text if i % 2 else text[: len(text) // 2]  # whole, or cut mid-write
        (folder / name.format(id="2019-05-21-kz-leftover")).write_text(content)
    validate = incidentctl_dataset.run("validate", "--format", "json", "--no-warnings")
    assert validate.exit_code == 0, validate.stdout
    assert json.loads(validate.stdout) == {"valid": 1, "errors": [], "warnings": []}
    listed = incidentctl_dataset.run("list", "--format", "ids")
    assert (listed.exit_code, listed.stdout.split(), listed.stderr) == (0, [good], "")
    assert incidentctl_dataset.run("fmt", "--check").exit_code == 0
    assert incidentctl_dataset.run("show", "2019-05-21-kz-leftover").exit_code == 1
    added = incidentctl_dataset.run(
        "add", "--from", "-", input=text
    )  # the id is free: the leftover is not it
    assert added.exit_code == 0, added.stderr
    assert added.stdout.startswith("2019-05-21-kz-leftover\t")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX-only")
def test_a_fifo_or_folder_named_like_a_record_is_reported_never_read(
    incidentctl_dataset: Dataset,
) -> None:
    good = incidentctl_dataset.add()
    folder = incidentctl_dataset.incidents / "2019"
    os.mkfifo(folder / "pipe.yaml")  # opening it to read would block forever
    (folder / "folder.yaml").mkdir()
    validate = incidentctl_dataset.run("validate", "--format", "json", "--no-warnings", timeout=60)
    assert validate.exit_code == 1
    errors = {e["path"]: e["message"] for e in json.loads(validate.stdout)["errors"]}
    assert errors == {
        "data/incidents/2019/folder.yaml": "not a regular file; not read",
        "data/incidents/2019/pipe.yaml": "not a regular file; not read",
    }
    listed = incidentctl_dataset.run("list", "--format", "ids", timeout=60)
    assert (listed.exit_code, listed.stdout.split()) == (0, [good])
    assert incidentctl_dataset.run("fmt", timeout=60).exit_code == 1
    assert (
        incidentctl_dataset.run("fmt", "data/incidents/2019/pipe.yaml", timeout=60).exit_code == 1
    )


def test_an_id_held_by_two_files_is_refused_by_show_and_edit_and_nothing_changes(
    incidentctl_dataset: Dataset,
) -> None:
    """An analyst's exploratory session: with one id in two year folders, ``show`` picked one
    without a word and ``edit`` changed the copy in the wrong folder, then failed."""
    ds = incidentctl_dataset
    record_id = ds.add()
    original = Store(ds.root).find(record_id)
    copy = ds.incidents / "2020" / original.name
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(original.read_bytes())
    before = ds.snapshot()
    for argv in (("show", record_id), ("edit", record_id, "--set", "status=concluded")):
        result = ds.run(*argv)
        assert result.exit_code == 1, (argv, result.stdout)
        assert f"record id '{record_id}' is held by 2 files" in result.stderr
        assert str(copy.relative_to(ds.root)) in result.stderr
        assert "Traceback" not in result.stderr
    assert ds.snapshot() == before
    assert Store(ds.root).exists(record_id)
