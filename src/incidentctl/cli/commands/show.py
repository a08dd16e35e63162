"""`incidentctl show ID`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..options import with_records_output
from ..output import Formatter


def register(app: typer.Typer) -> None:
    app.command(
        "show",
        help=(
            "Show one record. With --public, as list --public shows it: names confidential "
            "anywhere in the data set withheld, a confidential record not found; ID is then the "
            "published id."
            "\n\nExample: incidentctl show 2019-05-21-kz-sizintsev-disbarred --format json"
        ),
    )(cli)


@with_records_output
def cli(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.")],
    out: Formatter,
    public: Annotated[
        bool,
        typer.Option("--public", help="Withhold confidential records and names (for publication)."),
    ] = False,
) -> None:
    from .. import state

    store = state.store()
    if not public:
        record = store.load(record_id).record
        if record.withdrawn is not None:
            _mark_withdrawn(out, record.withdrawn)
        out.record(record.to_data())
        return
    out.record(_public(store, record_id))


def _mark_withdrawn(out: Formatter, withdrawn: Any) -> None:
    """A withdrawn record is shown, marked: on the table view a first line (a YAML comment,
    so the text stays a record); the other formats hold ``withdrawn`` itself."""
    from ..output import TableFormatter, write

    if not isinstance(out, TableFormatter):
        return
    reason = " ".join(withdrawn.reason.split())
    duplicate = f" (duplicate of {withdrawn.duplicate_of})" if withdrawn.duplicate_of else ""
    write(f"# WITHDRAWN on {withdrawn.date}{duplicate}: {reason}\n")


def _public(store: Any, record_id: str) -> dict[str, Any]:
    """The record as every public output shows it, read from the files (the public gate).

    Only the published id of a public record resolves: an original id that holds a withheld
    name, or a confidential record's id, gets the message of an unknown id (confirming a
    guessed name is itself a leak)."""
    from incidentctl.errors import NotFoundError
    from incidentctl.views.privacy import public_data
    from incidentctl.views.publication import open_gate

    gate = open_gate(store)
    record = gate.resolve(record_id)
    if record is None:
        raise NotFoundError(f"no public record with id '{record_id}'")
    return public_data(record, gate.withholding)
