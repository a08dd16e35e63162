"""`incidentctl export`: the filtered records as CSV, JSON Lines, JSON or YAML."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from incidentctl.index.filters import Filters

from ..options import with_filters


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    yaml = "yaml"


def register(app: typer.Typer) -> None:
    app.command(
        "export",
        help=(
            "Export the filtered records as CSV (for spreadsheets), JSON Lines, JSON or YAML.\n\n"
            "The output imports back unchanged with 'incidentctl import'. --public withholds "
            "confidential records and names. Without --format the format follows the --output "
            "file's extension, else JSON Lines.\n\n"
            "Example: incidentctl export --country KZ --public --output kz-2019.csv"
        ),
    )(cli)


@with_filters
def cli(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format", "-f", help="csv, jsonl, json or yaml (default: from --output, else jsonl)."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    *,
    filters: Filters,
) -> None:
    import sys
    from pathlib import Path

    from incidentctl.ops.exchange import dump, format_of, save, select_rows

    from .. import state
    from ..output import write

    chosen = fmt.value if fmt else (format_of(output or "") or "jsonl")
    from ..selection import progress_bar

    with progress_bar() as progress:
        _, rows = select_rows(state.store(), filters, state.warn_problem, progress=progress)
    text = dump(rows, chosen)
    if output and output != "-":
        save(Path(output), text)
        print(f"{len(rows)} record(s) written to {output} ({chosen})", file=sys.stderr)
    else:
        write(text)
