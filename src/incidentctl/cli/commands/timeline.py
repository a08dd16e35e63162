"""`incidentctl timeline`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from incidentctl.index.filters import Filters

from ..options import with_filters


class TimelineFormat(StrEnum):
    table = "table"
    json = "json"


HELP = """The chronology of a case, a person or any filter: incidents and the responses to them
(statements, letters, trial observations...) interleaved by date. A date known only to the
month or year says so ("2019-06 (month)"; json: "precision"). An incident sorts by the first
day its date can mean, a response by the last (a statement of June 2019 comes after the
events dated on days of June, which it may answer). With --year/--since/--until, responses
outside the period are left out too.

Example: incidentctl timeline --case sizintsev-disbarment"""


def register(app: typer.Typer) -> None:
    app.command("timeline", help=HELP)(cli)


@with_filters
def cli(
    fmt: Annotated[
        TimelineFormat, typer.Option("--format", "-f", help="table, or json.")
    ] = TimelineFormat.table,
    *,
    filters: Filters,
) -> None:
    from incidentctl.views.timeline import shown_date, timeline

    from ..output import Listing, Rows, listing_formatter
    from ..selection import fold_records

    out = listing_formatter(fmt.value)
    events = fold_records(filters, lambda records: timeline(records, filters))
    rows = Rows(events, lambda e: [shown_date(e), e["kind"], e["id"], e["title"], e["by"] or ""])
    header = ["date", "kind", "id", "title", "by"]
    out(Listing(events, header, rows, f"{len(rows)} event(s)", no_wrap=("date",)))
