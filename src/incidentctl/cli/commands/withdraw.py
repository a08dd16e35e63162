"""`incidentctl withdraw ID --reason TEXT [--duplicate-of ID] [--commit]`."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command(
        "withdraw",
        help=(
            "Withdraw a record: it stays in the data set (git keeps why) with withdrawn.date "
            "(today), .reason and .duplicate_of, and list, search, report, timeline, people "
            "and export leave it out unless given --withdrawn.\n\n"
            "Example: incidentctl withdraw 2019-05-22-kz-sizintsev-licence --reason "
            '"same event as the record of 21 May" --duplicate-of 2019-05-21-kz-sizintsev-disbarred'
        ),
    )(cli)


def cli(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why the record is withdrawn (kept in the record).")
    ],
    duplicate_of: Annotated[
        str | None,
        typer.Option(
            "--duplicate-of",
            metavar="ID",
            help="The record this one duplicates (must exist and not be withdrawn).",
        ),
    ] = None,
    commit: Annotated[bool, typer.Option("--commit", help="Commit the change with git.")] = False,
) -> None:
    from incidentctl.ops.withdraw import withdraw

    from .. import state

    store = state.store()
    result = withdraw(store, record_id, reason, duplicate_of)
    print(f"{result.record.id}\t{store.rel(result.path)}\twithdrawn")
    if commit:
        from incidentctl.git import commit_paths

        commit_paths(store.root, [result.path], f"Withdraw {result.record.id}: {reason}")
