"""The CLI reference in docs/cli.md, generated from the commands themselves.

Run ``python -m incidentctl.cli.reference > docs/cli.md`` after changing a
command; a test fails while the file and the code disagree.
"""

from __future__ import annotations

import os


def _help_text(name: str) -> str:
    from typer.testing import CliRunner

    from .app import app

    args = [name, "--help"] if name else ["--help"]
    # Plain text whatever the caller's terminal: the variables that make Rich (through Typer)
    # draw a terminal anyway are unset for the run (None), e.g. in a CI job.
    env: dict[str, str | None] = {
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "TERM": "dumb",
        "FORCE_COLOR": None,
        "GITHUB_ACTIONS": None,
        "PY_COLORS": None,
        "TTY_COMPATIBLE": None,
        "TTY_INTERACTIVE": None,
    }
    old = {k: os.environ.get(k) for k in env}
    try:
        result = CliRunner().invoke(app, args, env=env, prog_name="incidentctl", terminal_width=100)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return "\n".join(line.rstrip() for line in result.stdout.strip("\n").splitlines())


def render() -> str:
    """Markdown: the top-level help, then each command's help, in registration order."""
    from typer.main import get_command

    from .app import app

    group = get_command(app)
    parts = [
        "# Command-line reference",
        "",
        "Generated from the code by `python -m incidentctl.cli.reference > docs/cli.md`; do not edit by hand.",
        "",
        "```text",
        _help_text(""),
        "```",
    ]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if getattr(command, "hidden", False):
            continue
        parts += ["", f"## incidentctl {name}", "", "```text", _help_text(name), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    print(render(), end="")
