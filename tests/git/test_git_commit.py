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


def stage_unrelated(incidentctl_dataset) -> tuple[str, str]:
    """A staged change and an unstaged change that a --commit must leave alone."""
    (incidentctl_dataset.root / "notes.txt").write_text(
        "staged, not for this commit\n", encoding="utf-8"
    )
    incidentctl_dataset.git("add", "notes.txt")
    (incidentctl_dataset.root / "scratch.txt").write_text("untracked\n", encoding="utf-8")
    return "notes.txt", "scratch.txt"


def committed_files(incidentctl_dataset, rev: str = "HEAD") -> list[str]:
    out = incidentctl_dataset.git("show", "--name-status", "--format=", "--no-renames", rev)
    return sorted(out.splitlines())


def test_add_commit_commits_only_the_new_record(incidentctl_dataset):
    commit(incidentctl_dataset, "Start")
    staged, untracked = stage_unrelated(incidentctl_dataset)

    result = incidentctl_dataset.invoke(*ADD, "--commit")

    assert result.exit_code == 0, result.stderr
    rid, rel = result.stdout.strip().split("\t")
    assert committed_files(incidentctl_dataset) == [f"A\t{rel}"]
    message = incidentctl_dataset.git("log", "-1", "--format=%B").strip()
    assert message == f"Add {rid}: Lawyer Aigerim Tleuzhan detained in Almaty"
    status = incidentctl_dataset.git("status", "--porcelain").splitlines()
    assert f"A  {staged}" in status
    assert f"?? {untracked}" in status
    assert not any(rel in line for line in status)


def test_add_commit_works_as_the_first_commit_of_a_new_data_set(incidentctl_dataset):
    stage_unrelated(incidentctl_dataset)
    result = incidentctl_dataset.invoke(*ADD, "--commit")
    assert result.exit_code == 0, result.stderr
    assert len(incidentctl_dataset.git("log", "--format=%H").split()) == 1
    assert "A  notes.txt" in incidentctl_dataset.git("status", "--porcelain")


def test_edit_commit_that_moves_a_record_commits_the_deletion_and_the_addition(incidentctl_dataset):
    rid = incidentctl_dataset.add(date="2019-05-21")
    other = incidentctl_dataset.add(
        title="Another lawyer threatened",
        people=[{"name": "Someone Else"}],
        types=["threats-intimidation"],
    )
    commit(incidentctl_dataset, "Add two")
    old_rel = str(record_path(incidentctl_dataset, rid).relative_to(incidentctl_dataset.root))
    # Another record's edit is staged, and must stay staged and uncommitted.
    other_path = record_path(incidentctl_dataset, other)
    other_path.write_text(
        other_path.read_text(encoding="utf-8").replace('"ongoing"', '"unknown"'), "utf-8"
    )
    incidentctl_dataset.git("add", str(other_path))

    result = incidentctl_dataset.invoke("edit", rid, "--set", "date=2020-01-02", "--commit")

    assert result.exit_code == 0, result.stderr
    new_rel = str(record_path(incidentctl_dataset, rid).relative_to(incidentctl_dataset.root))
    assert new_rel.startswith("data/incidents/2020/")
    assert committed_files(incidentctl_dataset) == sorted([f"D\t{old_rel}", f"A\t{new_rel}"])
    message = incidentctl_dataset.git("log", "-1", "--format=%s")
    assert rid in message and "Lawyer disbarred after criticising the bar law" in message
    status = incidentctl_dataset.git("status", "--porcelain").splitlines()
    assert status == [f"M  {other_path.relative_to(incidentctl_dataset.root)}"]


def test_edit_commit_in_place(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    result = incidentctl_dataset.invoke("edit", rid, "--set", "status=concluded", "--commit")
    assert result.exit_code == 0, result.stderr
    assert committed_files(incidentctl_dataset) == [
        f"M\t{record_path(incidentctl_dataset, rid).relative_to(incidentctl_dataset.root)}"
    ]
    assert incidentctl_dataset.git("status", "--porcelain") == ""


def test_edit_commit_of_a_record_never_committed_that_moves(incidentctl_dataset):
    commit(incidentctl_dataset, "Start")
    rid = incidentctl_dataset.add(date="2019-05-21")  # written but never committed
    result = incidentctl_dataset.invoke("edit", rid, "--set", "date=2021-07-08", "--commit")
    assert result.exit_code == 0, result.stderr
    assert committed_files(incidentctl_dataset) == [f"A\tdata/incidents/2021/{rid}.yaml"]


def test_commit_outside_a_repository_is_a_clear_error(tmp_path):
    root = tmp_path / "plain"
    (root / "data" / "incidents").mkdir(parents=True)
    with pytest.raises(IncidentctlError, match="not in a git repository"):
        commit_paths(root, [root / "data" / "incidents" / "x.yaml"], "msg")


def test_commit_failure_says_the_files_were_written(incidentctl_dataset, monkeypatch):
    commit(incidentctl_dataset, "Start")
    rid = incidentctl_dataset.add()
    hook = incidentctl_dataset.root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused by hook >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    with pytest.raises(IncidentctlError, match=r"written but not committed.*refused by hook"):
        commit_paths(
            incidentctl_dataset.root, [record_path(incidentctl_dataset, rid)], f"Add {rid}"
        )
    assert Path(record_path(incidentctl_dataset, rid)).exists()
