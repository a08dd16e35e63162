"""Terminals: colour only on a terminal without NO_COLOR; plain, unwrapped text on a pipe."""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import Any


def is_terminal(stream: Any = None) -> bool:
    stream = stream or sys.stdout
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def colour_allowed(stream: Any = None) -> bool:
    return (
        is_terminal(stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


@cache
def stdout() -> Any:
    from rich.console import Console

    tty = is_terminal(sys.stdout)
    return Console(
        file=sys.stdout,
        no_color=not colour_allowed(sys.stdout),
        color_system="auto" if colour_allowed(sys.stdout) else None,
        soft_wrap=not tty,
        width=None if tty else 100_000,
        highlight=False,
    )


@cache
def stderr() -> Any:
    from rich.console import Console

    return Console(
        file=sys.stderr,
        no_color=not colour_allowed(sys.stderr),
        color_system="auto" if colour_allowed(sys.stderr) else None,
        soft_wrap=True,
        highlight=False,
    )


def warn(message: str) -> None:
    """One warning line on stderr (never on stdout, which scripts read)."""
    print(f"warning: {message}", file=sys.stderr)


def error(message: str) -> None:
    """Each line of the message as its own ``error:`` line (one problem per line)."""
    for line in message.splitlines() or [""]:
        print(f"error: {line}", file=sys.stderr)
