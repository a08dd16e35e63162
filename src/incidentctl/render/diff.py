"""A data-set diff as text: one fact a line for pipes, Markdown for a pull-request comment.

These are file formats, not terminal output (the Rich rendering lives in the CLI
and colours these same lines). Record text in Markdown is untrusted: it is
escaped so a value never adds emphasis, links, HTML or a table column.
"""

from __future__ import annotations

import difflib
import json
from typing import TYPE_CHECKING, Any

from incidentctl.render.markup import md_escape

if TYPE_CHECKING:
    from incidentctl.views.fielddiff import SetDiff
    from incidentctl.views.history import Comparison


def show(value: Any) -> str:
    """A value on one line: text quoted (so trailing spaces and line breaks show), lists as JSON."""
    if value is None:
        return "(none)"
    return json.dumps(value, ensure_ascii=False)


def _title(diff: SetDiff, record_id: str) -> str:
    title = diff.titles.get(record_id)
    return f"\t{title}" if title else ""


def lines(diff: SetDiff) -> list[str]:
    """Plain text, one fact a line, for pipes and scripts that grep."""
    out = [f"added\t{i}{_title(diff, i)}" for i in diff.added]
    out += [f"removed\t{i}{_title(diff, i)}" for i in diff.removed]
    out += [f"renamed\t{a} -> {b}" for a, b in diff.renamed]
    for record_id, changes in diff.changed:
        out.append(f"changed\t{record_id}{_title(diff, record_id)}")
        for c in changes:
            changed = text_lines(c.old, c.new)
            if changed is None:
                out.append(f"\t{c.field}: {show(c.old)} -> {show(c.new)}")
            else:
                removed, added = changed
                out.append(f"\t{c.field}: (lines changed)")
                out += [f"\t  - {line}" for line in removed] + [f"\t  + {line}" for line in added]
    return out or ["no record changed"]


def text(diff: SetDiff) -> str:
    """:func:`lines` as one text, for a pipe or a file."""
    return "".join(line + "\n" for line in lines(diff))


def text_lines(old: Any, new: Any) -> tuple[list[str], list[str]] | None:
    """For a multi-line text (the summary): only the lines removed and added, not the whole text."""
    if not (
        isinstance(old, str)
        and isinstance(new, str)
        and ("\n" in old.strip() or "\n" in new.strip())
    ):
        return None
    a, b = old.splitlines(), new.splitlines()
    removed: list[str] = []
    added: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return removed, added


def markdown(comparison: Comparison) -> str:
    """A pull-request comment: counts, then a section per kind, a table per changed record."""
    diff = comparison.diff
    parts = [
        f"### Incident changes: `{comparison.old.label}` → `{comparison.new.label}`",
        "",
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.renamed)} renamed, "
        f"{len(diff.changed)} changed",
    ]
    if not diff:
        return "\n".join([*parts, "", "No record changed."]) + "\n"
    for heading, ids in (("Added", diff.added), ("Removed", diff.removed)):
        if ids:
            parts += ["", f"#### {heading}", ""]
            parts += [
                f"- `{i}`" + (f" {md_escape(diff.titles[i])}" if i in diff.titles else "")
                for i in ids
            ]
    if diff.renamed:
        parts += ["", "#### Renamed", ""]
        parts += [f"- `{a}` → `{b}`" for a, b in diff.renamed]
    if diff.changed:
        parts += ["", "#### Changed"]
        for record_id, changes in diff.changed:
            title = f" {md_escape(diff.titles[record_id])}" if record_id in diff.titles else ""
            parts += ["", f"**`{record_id}`**{title}", "", "| field | old | new |", "|---|---|---|"]
            parts += [f"| `{c.field}` | {_cell_pair(c.old, c.new)} |" for c in changes]
    return "\n".join(parts) + "\n"


def _cell_pair(old: Any, new: Any) -> str:
    """The old and new cells; a multi-line text shows only its removed and added lines."""
    changed = text_lines(old, new)
    if changed is None:
        return f"{_cell(old)} | {_cell(new)}"
    return " | ".join(
        "<br>".join(md_escape(line, keep_lines=True) for line in side) or "*(no line)*"
        for side in changed
    )


def _cell(value: Any) -> str:
    if value is None:
        return "*(none)*"
    if isinstance(value, str):
        return md_escape(value, keep_lines=True)
    return md_escape(json.dumps(value, ensure_ascii=False), keep_lines=True)
