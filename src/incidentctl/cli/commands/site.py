"""`incidentctl site OUT`: the data set as a static public website."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from incidentctl.index.filters import Filters

from ..lang import Lang, with_reader_filters


def register(app: typer.Typer) -> None:
    app.command(
        "site",
        help=(
            "Build a static public website of the filtered records into the folder OUT: a home "
            "page (latest incidents, the latest year's figures), a page per incident at "
            "incidents/ID.html, pages per country, year and type, an Atom feed (feed.xml) and "
            "a search box that works with no server, from file:// or any static host.\n\n"
            "Always public, whatever the flags: confidential records and names are withheld, "
            "and the command refuses if any record cannot be read. OUT is replaced whole once "
            "the new site is built; a non-empty folder that this command did not make is "
            "refused.\n\n"
            "--lang ru (or fr, or any language with a catalogue) gives headings, labels, "
            "country names and dates in that language; the data stays as recorded. The "
            "source-language filter is --source-lang here.\n\n"
            "Example: incidentctl site public/ --country KZ"
        ),
    )(cli)


@with_reader_filters
def cli(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The folder to build the site into.")],
    *,
    filters: Filters,
    lang: Lang = None,
) -> None:
    import sys

    from incidentctl.site.build import build_site

    from .. import state
    from ..selection import progress_bar

    with progress_bar() as progress:
        built = build_site(state.store(), filters, out, progress=progress, lang=lang or "en")
    print(
        f"site of {built.incidents} incident(s), {built.pages} page(s), written to {out}",
        file=sys.stderr,
    )
