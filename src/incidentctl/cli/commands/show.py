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
            "anywhere in the data set withheld, a confidential record not found; ID may then be "
            "the original or the published id."
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
        out.record(store.load(record_id).record.to_data())
        return
    out.record(_public(store, record_id))


def _public(store: Any, record_id: str) -> dict[str, Any]:
    """The record as every public output shows it: withheld with what the whole data set
    withholds (names confidential in other records included)."""
    from incidentctl.errors import NotFoundError
    from incidentctl.index import catalog
    from incidentctl.views.privacy import public_data, withholding_of

    withholding = withholding_of(catalog.dataset_withholding(store))
    unknown = NotFoundError(f"no public record with id '{record_id}'")
    original = record_id
    if not store.exists(record_id):
        original = withholding.original_id(record_id) or record_id
    try:
        record = store.load(original).record
    except NotFoundError:
        raise unknown from None
    if record.confidential:
        raise unknown
    return public_data(record, withholding)
