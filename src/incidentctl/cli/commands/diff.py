"""`incidentctl diff [REV] [REV]`: field-level differences between two versions of the data set."""

from __future__ import annotations

import difflib
import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ...core.markup import md_escape

if TYPE_CHECKING:
    from ...core.fielddiff import SetDiff
    from ...core.history import Comparison


class DiffFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command(
        "diff",
        help=(
            "Field-level differences between two revisions: records added, removed and renamed, "
            "and each changed field with its old and new value. No REV: the working tree "
            "(untracked records included) against HEAD; one REV: that against the working tree; "
            "A B or A..B: A against B; A...B: from their merge base to B, as in a pull request. "
            "Always exits 0 when the comparison could be made.\n\n"
            "Example: incidentctl diff main...HEAD --format markdown"
        ),
    )(cli)


def cli(
    revs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV] [REV]", help="Revisions, as git takes them (main, HEAD~2, a tag)."
        ),
    ] = None,
    fmt: Annotated[
        DiffFormat,
        typer.Option(
            "--format", "-f", help="table, markdown (for a pull-request comment) or json."
        ),
    ] = DiffFormat.table,
) -> None:
    from ...core.history import compare, sides
    from .. import console, state
    from ..output import dump_json, write

    store = state.store()
    old, new = sides(store, list(revs or []))
    comparison = compare(store, old, new)
    for problem in comparison.skipped:
        console.warn(f"skipped {problem}")
    if fmt is DiffFormat.json:
        write(dump_json(comparison.diff.to_json()))
    elif fmt is DiffFormat.markdown:
        write(markdown(comparison))
    elif console.is_terminal():
        _rich(comparison)
    else:
        write("".join(line + "\n" for line in _lines(comparison.diff)))


def show(value: Any) -> str:
    """A value on one line: text quoted (so trailing spaces and line breaks show), lists as JSON."""
    if value is None:
        return "(none)"
    return json.dumps(value, ensure_ascii=False)


def _title(diff: SetDiff, record_id: str) -> str:
    title = diff.titles.get(record_id)
    return f"\t{title}" if title else ""


def _lines(diff: SetDiff) -> list[str]:
    """Plain text, one fact a line, for pipes and scripts that grep."""
    out = [f"added\t{i}{_title(diff, i)}" for i in diff.added]
    out += [f"removed\t{i}{_title(diff, i)}" for i in diff.removed]
    out += [f"renamed\t{a} -> {b}" for a, b in diff.renamed]
    for record_id, changes in diff.changed:
        out.append(f"changed\t{record_id}{_title(diff, record_id)}")
        for c in changes:
            text = _text_lines(c.old, c.new)
            if text is None:
                out.append(f"\t{c.field}: {show(c.old)} -> {show(c.new)}")
            else:
                out.append(f"\t{c.field}: (lines changed)")
                out += [f"\t  - {line}" for line in text[0]] + [f"\t  + {line}" for line in text[1]]
    return out or ["no record changed"]


def _text_lines(old: Any, new: Any) -> tuple[list[str], list[str]] | None:
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


def _rich(comparison: Comparison) -> None:
    from rich.text import Text

    from .. import console

    diff = comparison.diff
    out = console.stdout()
    out.print(Text(f"{comparison.old.label} -> {comparison.new.label}", style="dim"))
    styles = {"added": "green", "removed": "red", "renamed": "yellow", "changed": "cyan"}
    for line in _lines(diff):
        kind = line.split("\t", 1)[0]
        text = Text(line.replace("\t", "  ") if kind in styles else "    " + line.lstrip("\t"))
        if kind in styles:
            text.stylize(styles[kind], 0, len(kind))
        out.print(text)


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
    text = _text_lines(old, new)
    if text is None:
        return f"{_cell(old)} | {_cell(new)}"
    return " | ".join(
        "<br>".join(md_escape(line, keep_lines=True) for line in lines) or "*(no line)*"
        for lines in text
    )


def _cell(value: Any) -> str:
    if value is None:
        return "*(none)*"
    if isinstance(value, str):
        return md_escape(value, keep_lines=True)
    return md_escape(json.dumps(value, ensure_ascii=False), keep_lines=True)
