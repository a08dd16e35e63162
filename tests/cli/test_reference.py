"""docs/cli.md is generated from the code; this fails while the two disagree."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentctl.cli.reference import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


@pytest.mark.slow
def test_cli_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "run: python -m incidentctl.cli.reference > docs/cli.md"
    )


@pytest.mark.slow
def test_the_reference_is_plain_text_in_a_ci_job_too() -> None:
    """A CI job sets variables (GITHUB_ACTIONS, FORCE_COLOR) that make Rich draw a terminal;
    the generated reference must not change with them (a real process: Typer reads them when
    its help renderer is first imported)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "GITHUB_ACTIONS": "true", "FORCE_COLOR": "1", "PY_COLORS": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "incidentctl.cli.reference"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == DOC.read_text(encoding="utf-8")
    assert "\x1b[" not in out.stdout
