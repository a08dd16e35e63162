"""`rename OLD NEW`: the file, the id and every reference change together, or nothing does."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from incidentctl.files.store import FAULT_PAUSE_ENV
from incidentctl.testing import Dataset

OLD = "2018-10-23-kz-sizintsev-dismissed"
NEW = "2018-10-23-kz-sizintsev-removed-from-the-bar"


@pytest.fixture
def linked(incidentctl_dataset: Dataset) -> Dataset:
    """OLD, a record relating to it (with a comment), a withdrawn duplicate of it, a bystander."""
    ds = incidentctl_dataset
    ds.add(id=OLD, title="Sizintsev dismissed as director of the bar", date="2018-10-23")
    ds.add(
        id="2019-05-21-kz-sizintsev-disbarred",
        title="Sizintsev disbarred by the court",
        related=[OLD],
    )
    ds.add(
        id="2018-10-24-kz-sizintsev-dismissed-again",
        title="Sizintsev dismissal reported twice",
        date="2018-10-24",
        withdrawn={"date": "2019-01-01", "reason": "recorded twice", "duplicate_of": OLD},
    )
    ds.add(id="2019-06-05-kz-omarova-threatened", title="Omarova threatened", date="2019-06-05")
    referrer = ds.incidents / "2019" / "2019-05-21-kz-sizintsev-disbarred.yaml"
    referrer.write_text(
        "# checked against the court papers\n" + referrer.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    ds.git("add", "-A")
    ds.git("commit", "-qm", "records")
    return ds


def test_rename_changes_the_file_the_id_and_every_reference(linked: Dataset) -> None:
    bystander = linked.incidents / "2019" / "2019-06-05-kz-omarova-threatened.yaml"
    untouched = bystander.read_bytes()
    result = linked.run("rename", OLD, NEW, "--commit")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{NEW}\tdata/incidents/2018/{NEW}.yaml\t(was {OLD})")
    assert not (linked.incidents / "2018" / f"{OLD}.yaml").exists()
    renamed = (linked.incidents / "2018" / f"{NEW}.yaml").read_text(encoding="utf-8")
    assert f'id: "{NEW}"' in renamed
    referrer = (linked.incidents / "2019" / "2019-05-21-kz-sizintsev-disbarred.yaml").read_text(
        encoding="utf-8"
    )
    assert referrer.startswith("# checked against the court papers\n")  # comments kept
    assert f'- "{NEW}"' in referrer and OLD not in referrer
    duplicate = (
        linked.incidents / "2018" / "2018-10-24-kz-sizintsev-dismissed-again.yaml"
    ).read_text(encoding="utf-8")
    assert f'duplicate_of: "{NEW}"' in duplicate
    assert bystander.read_bytes() == untouched
    assert "reference updated in data/incidents/2019/2019-05-21-kz-sizintsev-disbarred.yaml" in (
        result.stderr
    )
    # one commit, which git sees as a rename plus the two references
    status = linked.git("show", "--name-status", "-M", "--format=%s", "HEAD").splitlines()
    assert status[0] == f"Rename {OLD} to {NEW}"
    assert any(line.startswith("R") and NEW in line for line in status)
    assert len([line for line in status[1:] if line.strip()]) == 3
    assert linked.git("status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            OLD,
            "2019-06-05-kz-omarova-threatened",
            "id '2019-06-05-kz-omarova-threatened' is already used",
        ),
        (OLD, "Not An Id", "'Not An Id' is not a valid id"),
        (OLD, "../escape", "'../escape' is not a valid id"),
        (OLD, OLD, "already called"),
        ("2000-no-such-record", NEW, "no record with id '2000-no-such-record'"),
    ],
)
def test_rename_is_refused_and_nothing_changes(
    linked: Dataset, old: str, new: str, words: str
) -> None:
    before = linked.snapshot()
    result = linked.run("rename", old, new)
    assert result.exit_code == 1, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert linked.snapshot() == before


@pytest.mark.slow
def test_a_rename_that_fails_midway_puts_every_file_back(linked: Dataset) -> None:
    """A referrer changed by someone else while the rename runs: nothing of the rename stays.

    Every write pauses (the fault-test hook), so the referrer can be changed for certain
    after the renamed record was written and before the referrer is.
    """
    referrer = linked.incidents / "2019" / "2019-05-21-kz-sizintsev-disbarred.yaml"
    before = linked.snapshot()
    proc = subprocess.Popen(
        [sys.executable, "-m", "incidentctl", "--root", str(linked.root), "rename", OLD, NEW],
        env={**_env(), FAULT_PAUSE_ENV: "1.5"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    folder = linked.incidents / "2018"
    deadline = time.monotonic() + 20
    while not any(p.name.endswith(".tmp") for p in folder.iterdir()):
        assert time.monotonic() < deadline and proc.poll() is None, "the rename never wrote"
        time.sleep(0.02)
    edited = referrer.read_text(encoding="utf-8") + "# a reviewer's note\n"
    referrer.write_text(edited, encoding="utf-8")
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1, stderr
    assert "changed since this command read it" in stderr
    after = linked.snapshot()
    rel = str(referrer.relative_to(linked.root))
    assert after.pop(rel) == edited.encode()  # the other writer's change is kept
    before.pop(rel)
    assert after == before  # and everything else is as it was: the old name, old references
    assert not [p for p in linked.incidents.rglob("*.tmp")]  # no temporary file left


def _env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "INCIDENTCTL_ROOT"}
    env["NO_COLOR"] = "1"
    return env


def test_rename_help_names_both_arguments(linked: Dataset) -> None:
    result = linked.run("rename", "--help")
    assert result.exit_code == 0 and "OLD" in result.stdout and "NEW" in result.stdout


def test_the_old_id_is_found_only_where_it_is_a_reference(linked: Dataset) -> None:
    """An id quoted in free text is not a reference: the text stays as the analyst wrote it."""
    path = linked.incidents / "2019" / "2019-06-05-kz-omarova-threatened.yaml"
    text = path.read_text(encoding="utf-8").replace("An appeal was announced.", f"Compare {OLD}.")
    path.write_text(text, encoding="utf-8")
    result = linked.run("rename", OLD, NEW)
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == text
    assert Path(linked.incidents / "2018" / f"{NEW}.yaml").exists()
