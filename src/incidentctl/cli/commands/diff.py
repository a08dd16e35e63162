"""`incidentctl diff [REV] [REV]`: field-level differences between two versions of the data set.

The comparison is views.history's; its text and Markdown are render.diff's.
Only the coloured terminal rendering lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from incidentctl.views.history import Comparison


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
    from incidentctl.views.history import compare, sides

    from .. import console, state

    show = _printer(fmt)
    store = state.store()
    old, new = sides(store, list(revs or []))
    comparison = compare(store, old, new)
    for problem in comparison.skipped:
        console.warn(f"skipped {problem}")
    show(comparison)


def _printer(fmt: DiffFormat) -> Callable[[Comparison], None]:
    """How ``--format`` (and, for table, a terminal) prints a comparison; chosen at the start."""
    from incidentctl.render import diff as diff_render

    from .. import console
    from ..output import dump_json, write

    if fmt is DiffFormat.json:
        return lambda c: write(dump_json(c.diff.to_json()))
    if fmt is DiffFormat.markdown:
        return lambda c: write(diff_render.markdown(c))
    if console.is_terminal():
        return _rich
    return lambda c: write(diff_render.text(c.diff))


_STYLES = {"added": "green", "removed": "red", "renamed": "yellow", "changed": "cyan"}


def _rich(comparison: Comparison) -> None:
    """The plain lines, coloured by kind and indented with spaces, under the two sides' labels."""
    from rich.text import Text

    from incidentctl.render.diff import lines

    from .. import console

    out = console.stdout()
    out.print(Text(f"{comparison.old.label} -> {comparison.new.label}", style="dim"))
    for line in lines(comparison.diff):
        kind = line.split("\t", 1)[0]
        text = Text(line.replace("\t", "  ") if kind in _STYLES else "    " + line.lstrip("\t"))
        if kind in _STYLES:
            text.stylize(_STYLES[kind], 0, len(kind))
        out.print(text)
