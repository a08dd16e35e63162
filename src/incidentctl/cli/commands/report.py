"""`incidentctl report`: statistics for a period, as a terminal table or a file format."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from incidentctl.index.filters import Filters

from ..lang import Lang, with_reader_filters

if TYPE_CHECKING:
    from incidentctl.views.report import ReportFigures


class Indicator(StrEnum):
    sdg_16_10_1 = "sdg-16.10.1"


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
            "--indicator sdg-16.10.1 gives instead the SDG 16.10.1 count: verified cases of "
            "killing, kidnapping, enforced disappearance, arbitrary detention and torture of "
            "journalists, media workers, trade unionists and human-rights defenders, each "
            "victim and violation once (see docs/sdg-16.10.1.md).\n\n"
            "--lang ru (or fr, or any language with a catalogue) gives headings, labels, country "
            "names and dates in that language; the data stays as recorded. JSON and CSV keep "
            "their keys and add the words (see docs/translating.md). The filter on a source's "
            "language is --source-lang here.\n\n"
            "Example: incidentctl report --year 2019 --format html --output report-2019.html"
        ),
    )(cli)


@with_reader_filters
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
    indicator: Annotated[
        Indicator | None,
        typer.Option(
            "--indicator",
            help="Count an indicator instead: sdg-16.10.1 (cases by violation, victim group, "
            "sex and perpetrator).",
        ),
    ] = None,
    lang: Lang = None,
    *,
    filters: Filters,
) -> None:
    from incidentctl.views import report

    from ..selection import fold_records

    scope = report.describe(filters)  # under --public, never a filter value that can hold a name
    if indicator is not None:
        _indicator(filters, scope, fmt, output, lang)
        return
    keep = fmt is ReportFormat.html  # the page lists each incident in full
    to_file = bool(output and output != "-")
    if keep and not filters.public and (to_file or not _terminal()):
        _html_streamed(filters, scope, output if to_file else None, top, lang)
        return

    def tally(records: Iterator[dict[str, Any]]) -> tuple[ReportFigures, list[dict[str, Any]]]:
        kept: list[dict[str, Any]] = []
        if keep:
            records = _kept(records, kept)
        return report.tally(records, filters, top or None), kept

    figures, rows = fold_records(filters, tally)
    from dataclasses import replace

    from incidentctl.render.report import render

    from .. import console

    result = replace(figures, scope=scope)
    if fmt is ReportFormat.table and not to_file and console.is_terminal():
        _rich(result, lang)
    else:
        text = render(result, fmt.value, rows if keep else None, lang)
        _deliver(text, output, f"report of {result.total} incident(s)")


def _html_streamed(
    filters: Filters, scope: list[str], output: str | None, top: int, lang: str | None
) -> None:
    """The HTML page streamed (memory stays flat at 100,000 records): in one snapshot of the
    index, the records are read a chunk at a time twice, once for the figures and once for the
    incident list, the page written as Jinja renders it. The same bytes as the page rendered
    whole (``tests/fastpaths/test_streamed_html.py``)."""
    from dataclasses import replace

    from incidentctl.errors import IncidentctlError
    from incidentctl.i18n import SOURCE_LANGUAGE
    from incidentctl.index import catalog
    from incidentctl.render.html_report import stream_html
    from incidentctl.views import report

    from .. import state
    from ..output import write
    from ..selection import progress_bar

    page_lang = lang or SOURCE_LANGUAGE
    started: list[bool] = []
    total: list[int] = []

    def emit(records: catalog.Records) -> None:
        if started and output is None:
            raise IncidentctlError(
                "the search index had to be rebuilt while the report was being printed; "
                "run the report again"
            )
        started.append(True)
        figures = replace(report.tally(records(), filters, top or None), scope=scope)
        total[:] = [figures.total]
        pieces = stream_html(figures, records(), page_lang)
        if output is None:
            for piece in pieces:
                write(piece)
            return
        from incidentctl.ops.exchange import save_streamed

        save_streamed(Path(output), lambda fh: fh.writelines(p.encode("utf-8") for p in pieces))

    with progress_bar() as progress:
        catalog.stream_data(state.store(), filters, emit, state.warn_problem, progress=progress)
    if output is not None:
        print(f"report of {total[0]} incident(s) written to {output}", file=sys.stderr)


def _terminal() -> bool:
    from .. import console

    return console.is_terminal()


def _kept(
    records: Iterator[dict[str, Any]], kept: list[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """``records`` as they pass, each also kept in ``kept``."""
    for record in records:
        kept.append(record)
        yield record


def _indicator(
    filters: Filters, scope: list[str], fmt: ReportFormat, output: str | None, lang: str | None
) -> None:
    """The SDG 16.10.1 count: from the index's candidate records, or under ``--public`` from
    the public gate (published ids and names; every record read from the files)."""
    from incidentctl.render.indicator import render
    from incidentctl.views import sdg

    from .. import state
    from ..selection import progress_bar

    with progress_bar() as progress:
        if filters.public:
            from incidentctl.ops.exchange import select_rows
            from incidentctl.views.report import period

            records, rows = select_rows(state.store(), filters, progress=progress)
            pairs = list(zip((r.to_data() for r in records), rows, strict=True))
            since, until = period(records, filters)
        else:
            from incidentctl.index.cases import case_records

            data, (since, until) = case_records(
                state.store(), filters, state.warn_problem, progress=progress
            )
            pairs = [(d, d) for d in data]
    figures = sdg.count(pairs, filters, since, until, scope)
    _deliver(render(figures, fmt.value, lang), output, f"{figures.total} case(s) of SDG 16.10.1")


def _deliver(text: str, output: str | None, what: str) -> None:
    """Into ``--output`` (atomically, saying so on stderr), else to stdout."""
    if output and output != "-":
        from incidentctl.ops.exchange import save

        save(Path(output), text)
        print(f"{what} written to {output}", file=sys.stderr)
    else:
        from ..output import write

        write(text)


def _rich(result: ReportFigures, lang: str | None) -> None:
    """The report as Rich tables, with a bar chart of the months (in ``lang``, as the plain
    text is)."""
    from rich.table import Table
    from rich.text import Text

    from incidentctl.i18n import date_words, translations
    from incidentctl.render.report import (
        MONTH_NOTE,
        count_word,
        filters_line,
        heading,
        title,
        unit,
        words,
    )
    from incidentctl.views.report import SECTIONS, bar_length

    from .. import console

    t = translations(lang)
    out = console.stdout()
    out.print(Text(heading(result, lang), style="bold"))
    if result.scope:
        out.print(Text(filters_line(result.scope, lang), style="dim"))
    total = t.gettext("Total: {incidents}").format(incidents=count_word(result.total, lang))
    out.print(Text(total, style="bold"))
    out.print(Text(t.gettext("Victims: {victims}").format(victims=result.victims), style="bold"))
    none = t.gettext("{section}: none")
    for key, heading_, what in SECTIONS:
        counts = result.section(key)
        name_ = title(heading_, lang)
        table = Table(title=name_, title_justify="left", title_style="bold", show_edge=False)
        table.add_column(title(what, lang), overflow="fold")
        table.add_column(unit(key, lang), justify="right")
        if key == "by_month":
            table.add_column("", no_wrap=True)
        largest = max(counts.values(), default=0)
        for name, count in counts.items():
            cells: list[Text | str] = [Text(words(key, name, lang)), str(count)]
            if key == "by_month":
                cells.append(Text("█" * bar_length(count, largest, 30), style="cyan"))
            table.add_row(*cells)
        out.print()
        out.print(table if counts else Text(none.format(section=name_), style="dim"))
        if key == "by_month" and counts:
            out.print(Text(t.gettext(MONTH_NOTE), style="dim"))
    out.print()
    incidents = t.gettext("Incidents")
    table = Table(title=incidents, title_justify="left", title_style="bold", show_edge=False)
    table.add_column(t.gettext("Date"), no_wrap=True)
    table.add_column(t.gettext("Incident"), overflow="fold")
    for incident in result.incidents:
        when = date_words(incident["date"], lang) if lang else incident["date"]
        table.add_row(when, Text.assemble(incident["title"], "\n", (incident["id"], "dim")))
    out.print(table if result.incidents else Text(none.format(section=incidents), style="dim"))
