"""`incidentctl search [TEXT]`."""

from __future__ import annotations

from typing import Annotated

import typer

from incidentctl.index.filters import Filters

from ..options import Limit, sort_option, with_filters, with_records_output
from ..output import Formatter

HELP = """Full-text search over titles, summaries, names and aliases, perpetrators, outcomes,
sources (titles, publishers, web addresses) and the organisations that responded, with every
filter of `list`; best matches first (or --sort). Case and accents do not matter; a word also
finds its other forms (tortured finds torture, адвоката finds адвокат), a name its other
spellings and scripts (Сизинцев finds Sizintsev). Words must all occur; "quoted words" as
written, in this order; a OR b; NOT word (or -word after --) must not occur; word* begins so.
Without TEXT, the filters alone choose.

Example: incidentctl search disbarment --country KZ --year 2019"""


def register(app: typer.Typer) -> None:
    app.command("search", help=HELP)(cli)


@with_filters
@with_records_output
def cli(
    text: Annotated[
        list[str] | None,
        typer.Argument(metavar="[TEXT]...", help="Words to look for.", show_default=False),
    ] = None,
    *,
    out: Formatter,
    sort: Annotated[
        str | None, sort_option(" (default: best match first, by date without TEXT)")
    ] = None,
    limit: Limit = None,
    filters: Filters,
) -> None:
    from ..selection import print_records

    print_records(filters, out, text=" ".join(text or ()), sort=sort, limit=limit)
