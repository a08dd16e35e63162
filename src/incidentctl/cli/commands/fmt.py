"""`incidentctl fmt [--check] [PATH…]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command(
        "fmt",
        help=(
            "Rewrite record files in canonical form (comments kept). With --check, change nothing and exit 1 "
            "if a file would change.\n\nExample: incidentctl fmt --check"
        ),
    )(cli)


def cli(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: every record).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Report files that are not canonical; write nothing.")
    ] = False,
) -> None:
    from incidentctl.ops.fmt import format_files

    from .. import console, state

    store = state.store()
    result = format_files(store, paths, write=not check)
    for problem in result.errors:
        console.error(str(problem))
    said = "would reformat " if check else "reformatted "
    # one write, not two a file (100,000 lines)
    sys.stdout.write("".join(f"{said}{path}\n" for path in result.changed))
    print(
        f"{len(result.changed)} file(s) {'would change' if check else 'reformatted'}, {result.unchanged} unchanged",
        file=sys.stderr,
    )
    if result.errors or (check and result.changed):
        raise typer.Exit(1)
