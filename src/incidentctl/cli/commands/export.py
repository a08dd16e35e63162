"""`incidentctl export`: the filtered records as CSV, XLSX, JSON Lines, JSON or YAML, or as
related tables in a SQLite database or a folder of Parquet files."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from incidentctl.index.filters import Filters

from ..options import with_filters

if TYPE_CHECKING:
    from incidentctl.index.catalog import Records


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    yaml = "yaml"
    xlsx = "xlsx"
    sqlite = "sqlite"
    parquet = "parquet"


class PartitionBy(StrEnum):
    year = "year"


FILE_ONLY = frozenset({"sqlite", "parquet"})
"""Formats written only with --output: a database file and a folder cannot be a stream."""


def register(app: typer.Typer) -> None:
    app.command(
        "export",
        help=(
            "Export the filtered records as CSV or XLSX (for spreadsheets), JSON Lines, JSON "
            "or YAML, or as related tables for SQL: a SQLite database or a folder of Parquet "
            "files.\n\n"
            "The CSV, XLSX, JSON and YAML output imports back unchanged with 'incidentctl "
            "import'. --public withholds confidential records and names. Without --format the "
            "format follows the --output file's extension (.db or .sqlite: SQLite), else JSON "
            "Lines. A CSV file starts with a byte-order mark so spreadsheets open it as UTF-8; "
            "XLSX cells are all text, so 0123 and 2019-05 stay as typed.\n\n"
            "sqlite and parquet write one table per list of the record (people, sources, "
            "responses...), keyed by incident id, with date_start and date_end (ISO days) "
            "beside the partial dates; the SQLite file has full-text tables and opens in "
            "Datasette as it is. parquet needs pip install 'incidentctl\\[parquet]'.\n\n"
            "Example: incidentctl export --country KZ --public --output kz-2019.xlsx\n\n"
            "Example: incidentctl export --format parquet --partition-by year --output tables/"
        ),
    )(cli)


@with_filters
def cli(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, xlsx, jsonl, json, yaml, sqlite or parquet (default: from --output, "
            "else jsonl).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of stdout; for parquet, a folder.",
        ),
    ] = None,
    partition_by: Annotated[
        PartitionBy | None,
        typer.Option(
            "--partition-by",
            help="parquet: one Hive-style folder per value (year=2019/) in each table.",
        ),
    ] = None,
    *,
    filters: Filters,
) -> None:
    import sys

    from incidentctl.errors import IncidentctlError, UsageError
    from incidentctl.ops.exchange import (
        BINARY_FORMATS,
        dump,
        export_bytes,
        select_rows,
        stream_records,
        write_text_export,
    )

    from .. import console, state
    from ..output import write
    from ..selection import progress_bar

    partition = partition_by.value if partition_by else None
    chosen = fmt.value if fmt else (_format_of(output or "") or "jsonl")
    to_file = bool(output and output != "-")
    if chosen in FILE_ONLY and not to_file:
        what = "a folder" if chosen == "parquet" else "a database file"
        raise UsageError(
            f"{chosen} is {what}, not a stream: give --output "
            + ("FOLDER" if chosen == "parquet" else "FILE.db")
        )
    if partition is not None and chosen != "parquet":
        raise UsageError(f"--partition-by is for --format parquet, not {chosen}")
    if chosen == "parquet":
        from incidentctl.ops.parquet_export import check

        check(Path(output or ""), partition)
    if chosen in BINARY_FORMATS and not to_file and console.is_terminal():
        raise UsageError(
            f"{chosen} is a binary file format: give --output FILE.{chosen} (or pipe the output)"
        )
    streamed = to_file or (chosen not in BINARY_FORMATS and not console.is_terminal())
    if not filters.public and streamed and chosen != "parquet":
        # Streamed from the index a chunk at a time (memory stays flat at 100,000 records);
        # on a terminal the progress bar and the records would share it: read, then print.
        started: list[bool] = []

        def emit(records: Records) -> None:
            if started and not to_file:
                raise IncidentctlError(
                    "the search index had to be rebuilt while the export was being printed; "
                    "run the export again"
                )
            started.append(True)
            if to_file:
                _stream_file(Path(output or ""), records, chosen)
            else:
                write_text_export(records, chosen, write, to_file=False)

        with progress_bar() as progress:
            count = stream_records(state.store(), filters, emit, state.warn_problem, progress)
        if to_file:
            print(f"{count} record(s) written to {output} ({chosen})", file=sys.stderr)
        return
    with progress_bar() as progress:
        _, rows = select_rows(state.store(), filters, state.warn_problem, progress=progress)
    if to_file:
        assert output is not None
        _write_file(Path(output), rows, chosen, partition)
        print(f"{len(rows)} record(s) written to {output} ({chosen})", file=sys.stderr)
    elif chosen in BINARY_FORMATS:
        sys.stdout.flush()
        sys.stdout.buffer.write(export_bytes(rows, chosen, to_file=False))
        sys.stdout.buffer.flush()
    else:
        write(dump(rows, chosen))


def _stream_file(path: Path, records: Records, fmt: str) -> None:
    from incidentctl.ops.exchange import save_streamed, write_export

    if fmt == "sqlite":
        from incidentctl.ops.sqlite_export import write_sqlite

        write_sqlite(path, records)
    else:
        save_streamed(path, lambda fh: write_export(fh, records, fmt))


def _format_of(name: str) -> str | None:
    """The format an ``--output`` name's extension chooses, if any."""
    from incidentctl.ops.exchange import format_of
    from incidentctl.ops.sqlite_export import EXTENSIONS

    return "sqlite" if Path(name).suffix.lower() in EXTENSIONS else format_of(name)


def _write_file(path: Path, rows: list[dict[str, Any]], fmt: str, partition_by: str | None) -> None:
    from incidentctl.ops.exchange import export_bytes, save

    if fmt == "sqlite":
        from incidentctl.ops.sqlite_export import write_sqlite

        write_sqlite(path, lambda: iter(rows))
    elif fmt == "parquet":
        from incidentctl.ops.parquet_export import write_parquet

        write_parquet(path, rows, partition_by)
    else:
        save(path, export_bytes(rows, fmt, to_file=True))
