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
        PeopleFormat, typer.Option("--format", "-f", help="table, or json (SPEC §6).")
    ] = PeopleFormat.table,
    *,
    filters: Filters,
) -> None:
    from incidentctl.views.people import people

    from ..output import dump_json, table, write
    from ..selection import read_records

    entries = people(read_records(filters), filters.persons)
    if fmt is PeopleFormat.json:
        write(dump_json(entries))
        return
    rows = [
        [
            e["name"],
            ", ".join(e["variants"][1:]),
            str(len(e["incidents"])),
            ", ".join(e["incidents"]),
        ]
        for e in entries
    ]
    table(["name", "other names", "incidents", "ids"], rows, f"{len(rows)} person(s)")
