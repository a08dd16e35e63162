"""`incidentctl list`."""

from __future__ import annotations

from typing import Annotated

import typer

from ...core.query import Filters
from ..options import with_filters
from ..output import RecordFormat


def register(app: typer.Typer) -> None:
    app.command(
        "list",
        help="List records, filtered and sorted (default: by date, then id).\n\nExample: incidentctl list --country KZ --year 2019 --sort -date",
    )(cli)


@with_filters
def cli(
    filters: Filters,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RecordFormat.table,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort", help="date, id, title, recorded, country or status; prefix - to reverse."
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, help="At most this many records.")
    ] = None,
) -> None:
    from ..selection import print_records

    print_records(filters, fmt, sort=sort, limit=limit)
