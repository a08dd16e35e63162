"""`incidentctl report`: statistics for a period, as a terminal table or a file format."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from incidentctl.index.filters import Filters

from ..options import with_filters

if TYPE_CHECKING:
    from incidentctl.views.report import ReportFigures


class ReportFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"
    html = "html"


def register(app: typer.Typer) -> None:
    app.command(
        "report",
        help=(
            "Statistics for a period and filters: totals, by country, by type, by month "
            "(a bar chart), by role of the people targeted, top perpetrators, responses by "
            "organisation, and the list of incidents.\n\n"
            "Formats: table (the default; plain text on a pipe), markdown, json, csv, html "
            "(one self-contained page). --public withholds confidential records and names.\n\n"
            "Example: incidentctl report --year 2019 --format html --output report-2019.html"
        ),
    )(cli)


@with_filters
def cli(
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.table,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    top: Annotated[
        int,
        typer.Option("--top", min=0, help="How many perpetrators to list (0: all)."),
    ] = 10,
    *,
    filters: Filters,
) -> None:
    from incidentctl.ops.exchange import select_rows
    from incidentctl.views import report

    from .. import state
    from ..selection import progress_bar

    show = _printer(fmt, output)
    with progress_bar() as progress:
        records, rows = select_rows(state.store(), filters, state.warn_problem, progress=progress)
    result = report.build(records, rows, filters, top=top or None)
    if filters.public:  # never echo a filter value that can hold a name
        from dataclasses import replace

        from incidentctl.views.publication import public_scope

        result = replace(result, scope=public_scope(filters, result.scope))
    show(result, rows)


def _printer(
    fmt: ReportFormat, output: str | None
) -> Callable[[ReportFigures, list[dict[str, Any]]], None]:
    """Where and how the report goes: a file, Rich tables on a terminal, or text; chosen at
    the start from --format, --output and whether stdout is a terminal."""
    from incidentctl.ops.exchange import save
    from incidentctl.render.report import render

    from .. import console
    from ..output import write

    if output and output != "-":
        target = Path(output)

        def to_file(result: ReportFigures, rows: list[dict[str, Any]]) -> None:
            save(target, render(result, fmt.value, rows))
            print(f"report of {result.total} incident(s) written to {output}", file=sys.stderr)

        return to_file
    if fmt is ReportFormat.table and console.is_terminal():
        return lambda result, _: _rich(result)
    return lambda result, rows: write(render(result, fmt.value, rows))


def _rich(result: ReportFigures) -> None:
    """The report as Rich tables, with a bar chart of the months."""
    from rich.table import Table
    from rich.text import Text

    from incidentctl.render.report import MONTH_NOTE, count_word, heading, unit
    from incidentctl.views.report import SECTIONS, bar_length, label

    from .. import console

    out = console.stdout()
    out.print(Text(heading(result), style="bold"))
    if result.scope:
        out.print(Text("Filters: " + "; ".join(result.scope), style="dim"))
    out.print(Text.assemble("Total: ", (count_word(result.total), "bold")))
    for key, title, what in SECTIONS:
        counts = result.section(key)
        table = Table(title=title, title_justify="left", title_style="bold", show_edge=False)
        table.add_column(what, overflow="fold")
        table.add_column(unit(key), justify="right")
        if key == "by_month":
            table.add_column("", no_wrap=True)
        largest = max(counts.values(), default=0)
        for name, count in counts.items():
            cells: list[Text | str] = [Text(label(key, name)), str(count)]
            if key == "by_month":
                cells.append(Text("█" * bar_length(count, largest, 30), style="cyan"))
            table.add_row(*cells)
        out.print()
        out.print(table if counts else Text(f"{title}: none", style="dim"))
        if key == "by_month" and counts:
            out.print(Text(MONTH_NOTE, style="dim"))
    out.print()
    table = Table(title="Incidents", title_justify="left", title_style="bold", show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Incident", overflow="fold")
    for incident in result.incidents:
        table.add_row(
            incident["date"], Text.assemble(incident["title"], "\n", (incident["id"], "dim"))
        )
    out.print(table if result.incidents else Text("Incidents: none", style="dim"))
