"""`incidentctl validate [PATH…]`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def register(app: typer.Typer) -> None:
    app.command(
        "validate",
        help=(
            "Check records against the schema and each other (duplicate ids, id vs file name, year folder, "
            "related ids, future dates, symlinks). Exit 1 on any error; warnings (probable duplicates, "
            "similar names) do not change the exit code.\n\n"
            "Example: incidentctl validate --format github"
        ),
    )(cli)


def cli(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders to report on (default: the whole data set).")] = None,  # noqa: UP045
    fmt: Annotated[ValidateFormat, typer.Option("--format", "-f", help="text: PATH:LINE:COL: FIELD: message; json; github: workflow annotations.")] = ValidateFormat.text,
    changed: Annotated[Optional[str], typer.Option("--changed", help="Only records changed since this git revision (cross-record checks still see all).")] = None,  # noqa: UP045
    no_warnings: Annotated[bool, typer.Option("--no-warnings", help="Skip the duplicate and similar-name warnings.")] = False,
) -> None:
    from ...core.checks import validate
    from .. import state
    from ..output import dump_json, write

    store = state.store()
    only = _expand(paths) if paths else None
    if changed:
        from ...core.gitrepo import changed_record_files

        only = (only or []) + changed_record_files(store.root, changed)
    report = validate(store, only, warnings=not no_warnings)
    if fmt is ValidateFormat.json:
        write(dump_json(report.to_json()))
    elif fmt is ValidateFormat.github:
        for p in [*report.errors, *report.warnings]:
            level = "error" if p.severity == "error" else "warning"
            loc = f"file={p.path}" + (f",line={p.line},col={p.column or 1}" if p.line else "")
            message = (f"{p.field}: " if p.field else "") + p.message
            write(f"::{level} {loc}::{_gh_escape(message)}")
    else:
        import sys

        for p in report.errors:
            write(str(p))
        for p in report.warnings:
            print(f"{p} (warning)", file=sys.stderr)
        summary = f"{report.valid} valid, {len(report.errors)} error(s), {len(report.warnings)} warning(s)"
        print(summary, file=sys.stderr)
    if report.errors:
        raise typer.Exit(1)


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            out.extend(sorted(p.rglob("*.yaml")))
        else:
            out.append(p)
    return out
