"""`incidentctl people`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from incidentctl.index.filters import Filters

from ..options import with_filters


class PeopleFormat(StrEnum):
    table = "table"
    json = "json"


HELP = """The people named in the records (the filters choose the records), one entry per person:
names and aliases that are the same once case, accents and script are set aside are merged, with
the incidents of each. Similar but different spellings are not merged (validate warns about
them). With --person, only the people it finds. --public leaves confidential people out.

Example: incidentctl people --country KZ --format json"""


def register(app: typer.Typer) -> None:
    app.command("people", help=HELP)(cli)


@with_filters
def cli(
    fmt: Annotated[
        PeopleFormat, typer.Option("--format", "-f", help="table, or json.")
    ] = PeopleFormat.table,
    *,
    filters: Filters,
) -> None:
    from incidentctl.views.people import people

    from ..output import Listing, listing_formatter
    from ..selection import fold_records

    out = listing_formatter(fmt.value)
    entries = fold_records(filters, lambda records: people(records, filters.persons))
    rows = [
        [
            e["name"],
            ", ".join(e["variants"][1:]),
            str(len(e["incidents"])),
            ", ".join(e["incidents"]),
        ]
        for e in entries
    ]
    out(
        Listing(
            entries, ["name", "other names", "incidents", "ids"], rows, f"{len(rows)} person(s)"
        )
    )
