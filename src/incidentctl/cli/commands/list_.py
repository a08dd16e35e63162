"""`incidentctl list`."""

from __future__ import annotations

import typer

from incidentctl.index.filters import Filters

from ..options import with_filters
from ..output import RecordFormat
from ..selection import Format, Limit, Sort


def register(app: typer.Typer) -> None:
    app.command(
        "list",
        help="List records, filtered and sorted (default: by date, then id).\n\nExample: incidentctl list --country KZ --year 2019 --sort -date",
    )(cli)


@with_filters
def cli(
    filters: Filters,
    fmt: Format = RecordFormat.table,
    sort: Sort = None,
    limit: Limit = None,
) -> None:
    from ..selection import print_records

    print_records(filters, fmt, sort=sort, limit=limit)
