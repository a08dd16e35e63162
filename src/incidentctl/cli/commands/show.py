"""`incidentctl show ID`."""

from __future__ import annotations

from typing import Annotated

import typer

from ..output import RecordFormat, formatter


def register(app: typer.Typer) -> None:
    app.command(
        "show",
        help="Show one record.\n\nExample: incidentctl show 2019-05-21-kz-sizintsev-disbarred --format json",
    )(cli)


def cli(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.")],
    fmt: Annotated[
        RecordFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RecordFormat.table,
    public: Annotated[
        bool, typer.Option("--public", help="Withhold confidential content.")
    ] = False,
) -> None:
    from ...core.errors import NotFoundError
    from ...core.privacy import render_data
    from .. import state

    loaded = state.store().load(record_id)
    if public and loaded.record.confidential:
        raise NotFoundError(f"no public record with id '{record_id}'")
    formatter(fmt).record(render_data(loaded.record, public))
