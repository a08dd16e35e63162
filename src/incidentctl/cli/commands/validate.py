"""`incidentctl validate [PATH…]`: the gate for a data set, on a desk or in CI."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from incidentctl.errors import Problem
    from incidentctl.ops.validate import Report


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def register(app: typer.Typer) -> None:
    app.command(
        "validate",
        help=(
            "Check records against the schema and each other (duplicate ids, id vs file name, "
            "year folder, related ids, future dates, symlinks). Exit 1 on any error; warnings "
            "(probable duplicates, similar names) do not change the exit code. In CI, "
            "--format github annotates the lines of a pull request and --changed origin/main "
            "reports only the records the branch changed.\n\n"
            "Example: incidentctl validate --changed origin/main --format github"
        ),
    )(cli)


def cli(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to report on (default: the whole data set)."),
    ] = None,
    fmt: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: PATH:LINE:COL: FIELD: message; json; github: workflow annotations.",
        ),
    ] = ValidateFormat.text,
    changed: Annotated[
        str | None,
        typer.Option(
            "--changed",
            metavar="REV",
            help="Only records added, changed or renamed since this git revision (REV, or "
            "origin/main... for where the branch left main), untracked ones, and records "
            "that name a record deleted since; cross-record checks still see every record.",
        ),
    ] = None,
    no_warnings: Annotated[
        bool, typer.Option("--no-warnings", help="Skip the duplicate and similar-name warnings.")
    ] = False,
) -> None:
    from .. import state

    store = state.store()
    from incidentctl.files import paths as record_paths
    from incidentctl.index.db import one_scan
    from incidentctl.ops.validate import validate

    show = _printer(fmt, store.root)
    chosen = record_paths.select(store, paths) if paths else None
    only = chosen.files if chosen else None
    with one_scan():  # what changed and the checks: one look at the files
        if changed is not None:
            from incidentctl.views.history import changed_since

            since = changed_since(store, changed)
            only = since if only is None else _both(only, since)
        report = validate(store, only, warnings=not no_warnings)
    report.errors.extend(chosen.skipped if chosen else record_paths.strays(store))
    show(report)
    if report.errors:
        raise typer.Exit(1)


def _printer(fmt: ValidateFormat, root: Path) -> Callable[[Report], None]:
    """How ``--format`` prints a report; chosen at the start."""
    from ..output import dump_json, write

    if fmt is ValidateFormat.json:
        return lambda report: write(dump_json(report.to_json()))

    def github(report: Report) -> None:
        from incidentctl.git import repo_prefix

        prefix = repo_prefix(root)
        write("".join(annotation(p, prefix) + "\n" for p in [*report.errors, *report.warnings]))
        print(_summary(report), file=sys.stderr)

    def text(report: Report) -> None:
        for p in report.errors:
            write(str(p))
        for p in report.warnings:
            print(f"{p} (warning)", file=sys.stderr)
        print(_summary(report), file=sys.stderr)

    return github if fmt is ValidateFormat.github else text


def annotation(problem: Problem, prefix: str = "") -> str:
    """A GitHub Actions workflow command: ``::error file=PATH,line=L,col=C::FIELD: message``.

    ``prefix`` is the data set's folder inside the repository, because GitHub
    places annotations by paths from the repository's top.
    """
    level = "error" if problem.severity == "error" else "warning"
    props = f"file={_gh_property(prefix + problem.path)}"
    if problem.line is not None:
        props += f",line={problem.line},col={problem.column or 1}"
    message = (f"{problem.field}: " if problem.field else "") + problem.message
    return f"::{level} {props}::{_gh_data(message)}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _summary(report: Report) -> str:
    return f"{report.valid} valid, {len(report.errors)} error(s), {len(report.warnings)} warning(s)"


def _both(paths: list[Path], since: list[Path]) -> list[Path]:
    """The given paths that also changed since the revision."""
    changed = {p.resolve() for p in since}
    return [p for p in paths if p.resolve() in changed]
