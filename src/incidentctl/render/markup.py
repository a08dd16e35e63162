"""Untrusted record text made literal in Markdown and on one line of plain text.

Titles, perpetrators and summaries come from records, and records come from
anyone: in a report or a pull-request comment they must show as written, never
as emphasis, links, HTML or an extra table column.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
_BREAKS = re.compile(r"[\r\n\t]+")


def one_line(value: str) -> str:
    """Line breaks and tabs (any run of them) as one space: one entry, one line."""
    return _BREAKS.sub(" ", value)


def md_escape(value: str, *, keep_lines: bool = False) -> str:
    """Untrusted text as literal Markdown: no markup, no HTML, no table breaks.

    Line breaks become a space, or ``<br>`` with ``keep_lines`` (a table cell that
    shows a multi-line text line by line).
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", value)
    if keep_lines:
        return escaped.replace("\r", "").replace("\n", "<br>")
    return one_line(escaped)
