"""`incidentctl export`: the filtered records as CSV, XLSX, JSON Lines, JSON or YAML."""

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
    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    app.command(
        "export",
        help=(
            "Export the filtered records as CSV or XLSX (for spreadsheets), JSON Lines, JSON "
            "or YAML.\n\n"
            "The output imports back unchanged with 'incidentctl import'. --public withholds "
            "confidential records and names. Without --format the format follows the --output "
            "file's extension, else JSON Lines. A CSV file starts with a byte-order mark so "
            "spreadsheets open it as UTF-8; XLSX cells are all text, so 0123 and 2019-05 stay "
            "as typed.\n\n"
            "Example: incidentctl export --country KZ --public --output kz-2019.xlsx"
        ),
    )(cli)


@with_filters
def cli(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, xlsx, jsonl, json or yaml (default: from --output, else jsonl).",
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

    from incidentctl.errors import UsageError
    from incidentctl.ops.exchange import (
        BINARY_FORMATS,
        dump,
        export_bytes,
        format_of,
        save,
        select_rows,
    )

    from .. import console, state
    from ..output import write
    from ..selection import progress_bar

    chosen = fmt.value if fmt else (format_of(output or "") or "jsonl")
    to_file = bool(output and output != "-")
    if chosen in BINARY_FORMATS and not to_file and console.is_terminal():
        raise UsageError(
            f"{chosen} is a binary file format: give --output FILE.{chosen} (or pipe the output)"
        )
    with progress_bar() as progress:
        _, rows = select_rows(state.store(), filters, state.warn_problem, progress=progress)
    if to_file:
        assert output is not None
        save(Path(output), export_bytes(rows, chosen, to_file=True))
        print(f"{len(rows)} record(s) written to {output} ({chosen})", file=sys.stderr)
    elif chosen in BINARY_FORMATS:
        sys.stdout.flush()
        sys.stdout.buffer.write(export_bytes(rows, chosen, to_file=False))
        sys.stdout.buffer.flush()
    else:
        write(dump(rows, chosen))
