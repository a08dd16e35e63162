"""Shell completion through the real protocol: the installed program, asked by bash's
variables (``COMP_WORDS``/``COMP_CWORD``) in a subprocess, as the completion script asks it."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from incidentctl.record import vocab
from incidentctl.testing import Dataset

pytestmark = pytest.mark.slow


def _complete(dataset: Dataset, line: str) -> list[str]:
    """What bash would offer after ``line`` (the last word is the one being completed)."""
    program = Path(sys.executable).with_name("incidentctl")
    if not program.exists():
        pytest.fail(f"{program} is not installed (pip install -e .)")
    words = ["incidentctl", "--root", str(dataset.root), *shlex.split(line)]
    if line.endswith(" "):
        words.append("")
    env = {
        **os.environ,
        "_INCIDENTCTL_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(shlex.quote(w) for w in words),
        "COMP_CWORD": str(len(words) - 1),
    }
    env.pop("INCIDENTCTL_ROOT", None)
    proc = subprocess.run(
        [str(program)], env=env, capture_output=True, text=True, cwd=dataset.root, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", proc.stderr
    return proc.stdout.split()


def test_ids_complete_from_the_data_set(incidentctl_bundled: Dataset) -> None:
    assert _complete(incidentctl_bundled, "show 2019-05") == ["2019-05-21-kz-sizintsev-disbarred"]
    every = _complete(incidentctl_bundled, "history ")
    assert every == sorted(p.stem for p in incidentctl_bundled.files())


def test_cases_and_tags_complete_from_the_index(incidentctl_bundled: Dataset) -> None:
    assert _complete(incidentctl_bundled, "list --case sizin") == ["sizintsev-disbarment"]
    tags = _complete(incidentctl_bundled, "search --tag ")
    assert "bar-independence" in tags and tags == sorted(tags)


def test_vocabularies_and_countries_complete(incidentctl_bundled: Dataset) -> None:
    assert _complete(incidentctl_bundled, "list --type dis") == [
        t for t in vocab.INCIDENT_TYPES if t.startswith("dis")
    ]
    assert _complete(incidentctl_bundled, "add --status ") == list(vocab.STATUSES)
    assert _complete(incidentctl_bundled, "report --role law") == ["lawyer"]
    countries = _complete(incidentctl_bundled, "export --country K")
    assert "KZ" in countries and "KG" in countries and "BE" not in countries


def test_completion_outside_a_data_set_offers_nothing_quietly(tmp_path: Path) -> None:
    (tmp_path / "nowhere").mkdir()
    assert _complete(Dataset(tmp_path / "nowhere"), "show 2019") == []
