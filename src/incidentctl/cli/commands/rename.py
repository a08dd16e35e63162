"""`incidentctl rename OLD NEW`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command(
        "rename",
        help=(
            "Change a record's id: its file name, its id: line and every reference to it "
            "(related, withdrawn.duplicate_of), all or nothing. Refused when NEW is taken "
            "or not a valid id.\n\n"
            "Example: incidentctl rename 2019-05-21-kz-sizintsev-disbarred "
            "2019-05-21-kz-sizintsev-disbarred-petropavlovsk --commit"
        ),
    )(cli)


def cli(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The record's id now.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new id.")],
    commit: Annotated[bool, typer.Option("--commit", help="Commit the change with git.")] = False,
) -> None:
    from incidentctl.ops.rename import rename

    from .. import state

    store = state.store()
    done = rename(store, old, new)
    print(f"{done.new_id}\t{store.rel(done.path)}\t(was {done.old_id})")
    for path in done.referrers:
        print(f"reference updated in {store.rel(path)}", file=sys.stderr)
    if commit:
        from incidentctl.git import commit_paths

        commit_paths(store.root, done.paths, f"Rename {done.old_id} to {done.new_id}")
