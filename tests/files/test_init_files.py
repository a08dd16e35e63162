"""``init`` writes a .yamllint that every canonical file passes, and a CI workflow.

Checked with the real yamllint on the bundled data and on records the tool writes, and shown to
bite on what a hand edit can slip in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from incidentctl.files.dataset import WORKFLOW_FILE, YAMLLINT_FILE, init_dataset
from incidentctl.testing import Dataset


def _yamllint(root: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "-f", "parsable", *(paths or ["."])],
        cwd=root,
        capture_output=True,
        text=True,
    )


def test_init_writes_the_yamllint_settings_and_the_workflow(incidentctl_dataset: Dataset) -> None:
    root = incidentctl_dataset.root
    assert (root / YAMLLINT_FILE).is_file()
    workflow = yaml.safe_load((root / WORKFLOW_FILE).read_text(encoding="utf-8"))
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "incidentctl validate --format github" in runs
    assert "incidentctl fmt --check" in runs
    assert any(run.startswith("yamllint") for run in runs)
    assert set(workflow[True]) == {"pull_request", "push"}  # YAML 1.1 reads "on" as true
    result = _yamllint(root)
    assert result.returncode == 0, result.stdout


def test_every_bundled_record_passes(incidentctl_bundled: Dataset) -> None:
    result = _yamllint(incidentctl_bundled.root, "data")
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_records_the_tool_writes_pass_and_hand_slips_do_not(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add(
        title="Адвокат лишён лицензии: «no» comment",
        tags=["no", "2019"],
        confidential=True,
        summary="First line.\n\nSecond paragraph, in Russian: «Нет».",
    )
    edited = incidentctl_dataset.run("edit", rid, "--set", "location=Nur-Sultan")
    assert edited.exit_code == 0, edited.stderr
    assert _yamllint(incidentctl_dataset.root).returncode == 0

    (path,) = incidentctl_dataset.files()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('status: "ongoing"', "status: ongoing"), encoding="utf-8")
    result = _yamllint(incidentctl_dataset.root)
    assert result.returncode != 0 and "quoted-strings" in result.stdout


def test_init_keeps_files_the_analyst_edited(tmp_path: Path) -> None:
    root, _ = init_dataset(tmp_path / "set")
    (root / YAMLLINT_FILE).write_text("extends: relaxed\n", encoding="utf-8")
    init_dataset(root)
    assert (root / YAMLLINT_FILE).read_text(encoding="utf-8") == "extends: relaxed\n"


def test_no_workflow_below_a_repository_top(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "--quiet", "-b", "main"], cwd=repo, check=True)
    root, created = init_dataset(repo / "monitoring")
    assert not created
    assert (root / YAMLLINT_FILE).is_file()
    assert not (root / WORKFLOW_FILE).exists() and not (repo / WORKFLOW_FILE).exists()
