"""Every command documents itself with an example (a command without one fails here)."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from incidentctl.cli.app import app

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_the_spec_commands_exist() -> None:
    expected = {
        "init",
        "add",
        "list",
        "show",
        "edit",
        "search",
        "report",
        "timeline",
        "people",
        "validate",
        "fmt",
        "history",
        "diff",
        "export",
        "import",
        "schema",
    }
    assert expected <= set(COMMANDS)


@pytest.mark.slow
@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example: incidentctl " + name in " ".join(result.stdout.split())


def test_top_level_help_and_version() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout
