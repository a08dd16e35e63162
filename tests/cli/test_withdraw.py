"""``withdraw`` and ``--withdrawn`` (SPEC §7): a withdrawn record stays, marked, and is left
out of every reading command unless asked for."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from incidentctl.testing import Dataset

READERS = [
    ("list", "--format", "ids"),
    ("search", "disbarred", "--format", "ids"),
    ("export", "--format", "json"),
    ("report", "--format", "json"),
    ("timeline", "--format", "json"),
    ("people", "--format", "json"),
]


def _ids(command: tuple[str, ...], stdout: str) -> set[str]:
    """The record ids a reading command's answer names."""
    if command[0] in ("list", "search"):
        return set(stdout.split())
    value = json.loads(stdout)
    if command[0] == "export":
        return {r["id"] for r in value}
    if command[0] == "report":
        return set(value["incidents"])
    if command[0] == "timeline":
        return {e["id"] for e in value}
    return {i for person in value for i in person["incidents"]}


@pytest.fixture
def two(incidentctl_dataset: Dataset) -> tuple[Dataset, str, str]:
    kept = incidentctl_dataset.add()
    dup = incidentctl_dataset.add(title="Lawyer disbarred after criticising the law, again")
    incidentctl_dataset.git("add", "-A")
    incidentctl_dataset.git("commit", "-q", "-m", "two records")
    return incidentctl_dataset, kept, dup


def test_withdraw_marks_keeps_comments_and_commits(two: tuple[Dataset, str, str]) -> None:
    ds, kept, dup = two
    path = next(p for p in ds.files() if p.stem == dup)
    path.write_text(
        path.read_text(encoding="utf-8").replace('status: "ongoing"', 'status: "ongoing" # check'),
        encoding="utf-8",
    )
    result = ds.run(
        "withdraw",
        dup,
        "--reason",
        "Same event as the other record",
        "--duplicate-of",
        kept,
        "--commit",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\t")[0] == dup
    text = path.read_text(encoding="utf-8")
    today = dt.date.today().isoformat()
    assert text.endswith(
        f'withdrawn:\n  date: "{today}"\n  reason: "Same event as the other record"\n'
        f'  duplicate_of: "{kept}"\nrecorded: "{today}"\n'
    )
    assert "# check" in text
    assert ds.git("status", "--porcelain") == ""
    assert f"Withdraw {dup}" in ds.git("log", "-1", "--format=%s")
    assert ds.run("validate").exit_code == 0


def test_withdraw_refuses_and_writes_nothing(two: tuple[Dataset, str, str]) -> None:
    ds, kept, dup = two
    before = ds.snapshot()
    missing = ds.invoke("withdraw", dup, "--reason", "Dup", "--duplicate-of", "no-such-record")
    assert missing.exit_code == 1 and "no record with id 'no-such-record'" in missing.stderr
    itself = ds.invoke("withdraw", dup, "--reason", "Dup", "--duplicate-of", dup)
    assert itself.exit_code == 1 and "duplicate of itself" in itself.stderr
    assert ds.invoke("withdraw", dup, "--reason", "  ").exit_code == 2
    assert ds.invoke("withdraw", "no-such-record", "--reason", "Dup").exit_code == 1
    assert ds.snapshot() == before
    assert ds.invoke("withdraw", kept, "--reason", "Wrong country").exit_code == 0
    chained = ds.invoke("withdraw", dup, "--reason", "Dup", "--duplicate-of", kept)
    assert chained.exit_code == 1 and "is withdrawn itself" in chained.stderr
    again = ds.invoke("withdraw", kept, "--reason", "Twice")
    assert again.exit_code == 1 and "already withdrawn" in again.stderr


@pytest.mark.parametrize("command", READERS, ids=[c[0] for c in READERS])
def test_reading_commands_leave_withdrawn_records_out_unless_asked(
    two: tuple[Dataset, str, str], command: tuple[str, ...]
) -> None:
    ds, kept, dup = two
    assert _ids(command, ds.invoke(*command).stdout) == {kept, dup}
    assert ds.invoke("withdraw", dup, "--reason", "Dup", "--duplicate-of", kept).exit_code == 0
    assert _ids(command, ds.invoke(*command).stdout) == {kept}
    assert _ids(command, ds.invoke(*command, "--withdrawn").stdout) == {kept, dup}


def test_show_marks_a_withdrawn_record(two: tuple[Dataset, str, str]) -> None:
    ds, kept, dup = two
    ds.invoke("withdraw", dup, "--reason", "Same event", "--duplicate-of", kept)
    shown = ds.run("show", dup)
    assert shown.exit_code == 0
    assert (
        shown.stdout.splitlines()[0]
        == f"# WITHDRAWN on {dt.date.today()} (duplicate of {kept}): Same event"
    )
    data = json.loads(ds.run("show", dup, "--format", "json").stdout)
    assert data["withdrawn"]["reason"] == "Same event"
    assert not ds.run("show", kept).stdout.startswith("#")
