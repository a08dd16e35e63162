"""`incidentctl list`."""

from __future__ import annotations

from typing import Annotated

import typer

from incidentctl.index.filters import Filters

from ..options import Limit, sort_option, with_filters, with_records_output
from ..output import Formatter


def register(app: typer.Typer) -> None:
    app.command(
        "list",
        help="List records, filtered and sorted (default: by date, then id).\n\nExample: incidentctl list --country KZ --year 2019 --sort -date",
    )(cli)


@with_filters
@with_records_output
def cli(
    *,
    out: Formatter,
    sort: Annotated[str | None, sort_option()] = None,
    limit: Limit = None,
    filters: Filters,
) -> None:
    from ..selection import print_records

    print_records(filters, out, sort=sort, limit=limit)
