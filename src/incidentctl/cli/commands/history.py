"""`incidentctl history ID`: the commits that touched a record, with the fields each changed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command(
        "history",
        help=(
            "The record's git history, newest first: each commit with its date, author, message and "
            "the fields it changed (sources[1].url counts from 0). Follows the record when its "
            "date moved it to another year folder.\n\n"
            "Example: incidentctl history 2019-05-21-kz-sizintsev-disbarred --format json"
        ),
    )(cli)


def cli(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.")],
    fmt: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help="table, or json.")
    ] = HistoryFormat.table,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", min=1, help="At most this many commits."),
    ] = None,
) -> None:
    from incidentctl.views.history import record_history

    from .. import state
    from ..output import Listing, listing_formatter

    out = listing_formatter(fmt.value)
    entries = record_history(state.store(), record_id, limit)
    rows = [
        [e.commit[:10], e.date, e.author, e.message, _changed(e.changed, e.kind, e.note)]
        for e in entries
    ]
    footer = f"{len(rows)} commit(s)" if rows else "no commits yet: the record is not committed"
    header = ["commit", "date", "author", "message", "changed"]
    json = [e.to_json() for e in entries]
    out(Listing(json, header, rows, footer, no_wrap=("commit", "date")))


def _changed(fields: list[str], kind: str, note: str) -> str:
    """The changed fields; a created or deleted file says so instead of listing every field."""
    text = {"added": "(created)", "removed": "(deleted)"}.get(kind) or ", ".join(fields)
    if note:
        text = f"{text} ({note})" if text else note
    return text or "(no field changed)"
