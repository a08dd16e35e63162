"""Terminals: colour only on a terminal without NO_COLOR; plain, unwrapped text on a pipe.

Nothing a record holds may act on the terminal (see :mod:`incidentctl.record.text`):
:func:`guard_streams` makes every plain write to stdout and stderr show control characters
escaped, and the Rich consoles, which must emit their own colour sequences, escape the text
they render (:func:`_console`).
"""

from __future__ import annotations

import logging
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


class _Escaping:
    """A text stream whose writes show control characters escaped; all else is the stream's.

    On a terminal, colour and style sequences (SGR, ``ESC [ … m``) pass: Typer's own Rich
    console (usage errors, help) writes them through here. Text from records reaches this
    stream already escaped (:func:`incidentctl.cli.output.write`, :func:`warn`, :func:`error`,
    ``Problem``), so what passes is the program's own styling.
    """

    def __init__(self, stream: Any) -> None:
        self.unguarded = stream
        self.styled = is_terminal(stream)

    def write(self, text: str) -> int:
        from incidentctl.record.text import escape_controls, escape_controls_but_style

        escape = escape_controls_but_style if self.styled else escape_controls
        return int(self.unguarded.write(escape(text)))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unguarded, name)


def guard_streams() -> None:
    """Escape control characters in everything written to ``sys.stdout`` and ``sys.stderr``."""
    if not isinstance(sys.stdout, _Escaping):
        sys.stdout = _Escaping(sys.stdout)
    if not isinstance(sys.stderr, _Escaping):
        sys.stderr = _Escaping(sys.stderr)


def _raw(stream: Any) -> Any:
    """The stream Rich writes to: unguarded (its colours must pass; it escapes the text it
    renders itself, :func:`_console`) on a terminal; guarded on a pipe, where it writes no colour."""
    return stream.unguarded if isinstance(stream, _Escaping) and is_terminal(stream) else stream


def _console(**options: Any) -> Any:
    """A Rich console whose rendered text shows control characters escaped.

    Rich writes its own colour and cursor sequences, so its stream cannot be escaped as a
    whole; instead every text segment it renders (tables, syntax, styled lines) is escaped,
    and only its control segments pass as they are.
    """
    from rich.console import Console
    from rich.segment import Segment

    from incidentctl.record.text import CONTROLS, escape_controls

    class EscapingConsole(Console):
        def render(self, renderable: Any, options: Any = None) -> Any:
            for segment in super().render(renderable, options):
                if segment.control is None and CONTROLS.search(segment.text):
                    yield Segment(escape_controls(segment.text), segment.style)
                else:
                    yield segment

    return EscapingConsole(**options)


@cache
def stdout() -> Any:
    tty = is_terminal(sys.stdout)
    return _console(
        file=_raw(sys.stdout),
        no_color=not colour_allowed(sys.stdout),
        color_system="auto" if colour_allowed(sys.stdout) else None,
        soft_wrap=not tty,
        width=None if tty else 100_000,
        highlight=False,
    )


@cache
def stderr() -> Any:
    return _console(
        file=_raw(sys.stderr),
        no_color=not colour_allowed(sys.stderr),
        color_system="auto" if colour_allowed(sys.stderr) else None,
        soft_wrap=True,
        highlight=False,
    )


class _WarningLines(logging.Handler):
    """Each record logged as a :func:`warn` line."""

    def emit(self, record: logging.LogRecord) -> None:
        warn(record.getMessage())
        sys.stderr.flush()


def show_core_warnings() -> None:
    """The core's warnings (logged to the ``incidentctl`` logger: it never prints) as
    :func:`warn` lines; once per process."""
    logger = logging.getLogger("incidentctl")
    if not any(isinstance(h, _WarningLines) for h in logger.handlers):
        logger.addHandler(_WarningLines(logging.WARNING))
        logger.propagate = False


def warn(message: str) -> None:
    """One warning line on stderr (never on stdout, which scripts read)."""
    from incidentctl.record.text import escape_controls

    print(escape_controls(f"warning: {message}"), file=sys.stderr)


def error(message: str) -> None:
    """Each line of the message as its own ``error:`` line (one problem per line)."""
    from incidentctl.record.text import escape_controls

    for line in message.splitlines() or [""]:
        print(escape_controls(f"error: {line}"), file=sys.stderr)
