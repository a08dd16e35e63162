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
