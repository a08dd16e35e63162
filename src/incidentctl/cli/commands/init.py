"""`incidentctl init [DIR]`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command(
        "init",
        help="Create a new data set: folders, .gitignore for derived data, a git repository (branch main) if none, .yamllint settings every record passes, and a CI workflow (.github/workflows/incidentctl.yml: validate, fmt --check, yamllint) at a repository's top. Files already there are kept.\n\nExample: incidentctl init ~/cases/central-asia",
    )(cli)


def cli(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the data set (created if missing).")
    ] = Path("."),
) -> None:
    from incidentctl.files.dataset import init_dataset

    root, created_repo = init_dataset(directory)
    print(
        f"initialised data set in {root}"
        + (" (new git repository, branch main)" if created_repo else "")
    )
