"""Every command documents itself with an example (a command without one fails here)."""

from __future__ import annotations

import re

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


_PYTHON_TYPE = re.compile(r"<[a-z_ \[\],|]+>")


@pytest.mark.slow
def test_help_shows_words_not_python_types_nor_the_spec() -> None:
    """Every command's --help: metavars in words (DATE, COUNTRY, ID), no internal references."""
    seen_words: set[str] = set()
    for args in ([], *([name] for name in COMMANDS)):
        result = CliRunner().invoke(app, [*args, "--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
        assert result.exit_code == 0, args
        text = result.stdout
        assert not _PYTHON_TYPE.search(text), (args, _PYTHON_TYPE.search(text))
        assert "SPEC" not in text and "§" not in text, args
        seen_words.update(re.findall(r"\b[A-Z]{2,}\b", text))
    assert {"TEXT", "DATE", "COUNTRY", "ID", "TYPE", "PATH"} <= seen_words


@pytest.mark.slow
@pytest.mark.parametrize("name", COMMANDS)
def test_help_prints_every_bracket_its_text_holds(name: str) -> None:
    """Help is Rich markup: a bracketed word such as ``incidentctl[parquet]`` is taken for a
    style and dropped unless escaped (``\\[parquet]``), and ``--help`` then told users to
    ``pip install 'incidentctl'``. Every bracket of a command's help and its options' help
    must reach the screen."""
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    texts = [command.help or "", *(getattr(p, "help", None) or "" for p in command.params)]
    wanted = {m.replace("\\", "") for text in texts for m in re.findall(r"\\?\[[^\]\s]+\]", text)}
    result = CliRunner().invoke(app, [name, "--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
    shown = " ".join(result.stdout.split())
    assert [w for w in sorted(wanted) if w not in shown] == []
