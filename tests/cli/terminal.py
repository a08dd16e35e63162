"""The CLI in a real pseudo-terminal (pexpect): what an analyst at a terminal sees and types."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def spawn(
    root: Path,
    *args: str,
    columns: int = 80,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> pexpect.spawn:
    """``incidentctl --root ROOT ARGS`` on a terminal ``columns`` wide (COLUMNS and the pty agree)."""
    full_env = {
        **{k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")},
        "COLUMNS": str(columns),
        "LINES": "50",
        "TERM": "xterm",
        "NO_COLOR": "1",
        **(env or {}),
    }
    full_env.pop("INCIDENTCTL_ROOT", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "incidentctl", "--root", str(root), *args],
        env=full_env,
        dimensions=(50, columns),
        encoding="utf-8",
        cwd=str(root),
        timeout=timeout,
    )


def screen_text(raw: str) -> str:
    """Terminal output as plain lines: styles removed, CRLF made LF."""
    return ANSI.sub("", raw).replace("\r\n", "\n").replace("\r", "")


def run(root: Path, *args: str, columns: int = 80) -> tuple[int, str]:
    """Run to the end on a terminal; (exit code, what the terminal showed)."""
    child = spawn(root, *args, columns=columns)
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus if child.exitstatus is not None else -1), screen_text(
        child.before or ""
    )
