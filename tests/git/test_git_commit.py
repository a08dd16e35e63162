"""`add --commit` and `edit --commit`: exactly the files written, never other staged changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentctl.errors import IncidentctlError
from incidentctl.git import commit_paths

from .helpers import commit, record_path

ADD = [
    "add",
    "--title",
    "Lawyer Aigerim Tleuzhan detained in Almaty",
    "--date",
    "2020-03-04",
    "--country",
    "KZ",
    "--type",
    "arrest-detention",
    "--person",
    "Aigerim Tleuzhan:lawyer",
    "--status",
    "ongoing",
    "--summary",
    "She was detained after a hearing.",
    "--source",
    "https://example.org/a",
]


def stage_unrelated(dataset) -> tuple[str, str]:
    """A staged change and an unstaged change that a --commit must leave alone."""
    (dataset.root / "notes.txt").write_text("staged, not for this commit\n", encoding="utf-8")
    dataset.git("add", "notes.txt")
    (dataset.root / "scratch.txt").write_text("untracked\n", encoding="utf-8")
    return "notes.txt", "scratch.txt"


def committed_files(dataset, rev: str = "HEAD") -> list[str]:
    out = dataset.git("show", "--name-status", "--format=", "--no-renames", rev)
    return sorted(out.splitlines())


def test_add_commit_commits_only_the_new_record(dataset):
    commit(dataset, "Start")
    staged, untracked = stage_unrelated(dataset)

    result = dataset.invoke(*ADD, "--commit")

    assert result.exit_code == 0, result.stderr
    rid, rel = result.stdout.strip().split("\t")
    assert committed_files(dataset) == [f"A\t{rel}"]
    message = dataset.git("log", "-1", "--format=%B").strip()
    assert message == f"Add {rid}: Lawyer Aigerim Tleuzhan detained in Almaty"
    status = dataset.git("status", "--porcelain").splitlines()
    assert f"A  {staged}" in status
    assert f"?? {untracked}" in status
    assert not any(rel in line for line in status)


def test_add_commit_works_as_the_first_commit_of_a_new_data_set(dataset):
    stage_unrelated(dataset)
    result = dataset.invoke(*ADD, "--commit")
    assert result.exit_code == 0, result.stderr
    assert len(dataset.git("log", "--format=%H").split()) == 1
    assert "A  notes.txt" in dataset.git("status", "--porcelain")


def test_edit_commit_that_moves_a_record_commits_the_deletion_and_the_addition(dataset):
    rid = dataset.add(date="2019-05-21")
    other = dataset.add(
        title="Another lawyer threatened",
        people=[{"name": "Someone Else"}],
        types=["threats-intimidation"],
    )
    commit(dataset, "Add two")
    old_rel = str(record_path(dataset, rid).relative_to(dataset.root))
    # Another record's edit is staged, and must stay staged and uncommitted.
    other_path = record_path(dataset, other)
    other_path.write_text(
        other_path.read_text(encoding="utf-8").replace('"ongoing"', '"unknown"'), "utf-8"
    )
    dataset.git("add", str(other_path))

    result = dataset.invoke("edit", rid, "--set", "date=2020-01-02", "--commit")

    assert result.exit_code == 0, result.stderr
    new_rel = str(record_path(dataset, rid).relative_to(dataset.root))
    assert new_rel.startswith("data/incidents/2020/")
    assert committed_files(dataset) == sorted([f"D\t{old_rel}", f"A\t{new_rel}"])
    message = dataset.git("log", "-1", "--format=%s")
    assert rid in message and "Lawyer disbarred after criticising the bar law" in message
    status = dataset.git("status", "--porcelain").splitlines()
    assert status == [f"M  {other_path.relative_to(dataset.root)}"]


def test_edit_commit_in_place(dataset):
    rid = dataset.add()
    commit(dataset, "Add")
    result = dataset.invoke("edit", rid, "--set", "status=concluded", "--commit")
    assert result.exit_code == 0, result.stderr
    assert committed_files(dataset) == [f"M\t{record_path(dataset, rid).relative_to(dataset.root)}"]
    assert dataset.git("status", "--porcelain") == ""


def test_edit_commit_of_a_record_never_committed_that_moves(dataset):
    commit(dataset, "Start")
    rid = dataset.add(date="2019-05-21")  # written but never committed
    result = dataset.invoke("edit", rid, "--set", "date=2021-07-08", "--commit")
    assert result.exit_code == 0, result.stderr
    assert committed_files(dataset) == [f"A\tdata/incidents/2021/{rid}.yaml"]


def test_commit_outside_a_repository_is_a_clear_error(tmp_path):
    root = tmp_path / "plain"
    (root / "data" / "incidents").mkdir(parents=True)
    with pytest.raises(IncidentctlError, match="not in a git repository"):
        commit_paths(root, [root / "data" / "incidents" / "x.yaml"], "msg")


def test_commit_failure_says_the_files_were_written(dataset, monkeypatch):
    commit(dataset, "Start")
    rid = dataset.add()
    hook = dataset.root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused by hook >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    with pytest.raises(IncidentctlError, match=r"written but not committed.*refused by hook"):
        commit_paths(dataset.root, [record_path(dataset, rid)], f"Add {rid}")
    assert Path(record_path(dataset, rid)).exists()
