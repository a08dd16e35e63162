"""`incidentctl edit ID`: in $EDITOR, or with --set FIELD=VALUE."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    app.command(
        "edit",
        help=(
            "Edit a record in $EDITOR (re-validated on save; an invalid result is never written), "
            "or with --set FIELD=VALUE. A changed year moves the file; the id never changes.\n\n"
            "Example: incidentctl edit 2019-05-21-kz-sizintsev-disbarred --set status=concluded"
        ),
    )(cli)


def cli(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.")],
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="FIELD=VALUE, e.g. status=concluded, tags=a,b, sources[0].language=ru; empty VALUE removes the field. Repeatable.",
        ),
    ] = None,
    commit: Annotated[bool, typer.Option("--commit", help="Commit the change with git.")] = False,
) -> None:
    from ...core import records
    from ...core.errors import Problem, RecordError
    from ...core.normalise import normalise_record_input
    from ...core.parse import validate_data
    from .. import state

    store = state.store()
    loaded = store.load(record_id)
    shown = store.rel(loaded.path)
    if assignments:
        data = records.apply_assignments(loaded.record.to_data(), assignments)
        record = validate_data(normalise_record_input(data), shown)
        tree_text = loaded.text
    else:
        record, tree_text = _edit_in_editor(loaded.text or "", shown)
        if record is None:
            print("no changes")
            return
    if record.id != loaded.record.id:
        raise RecordError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    "id",
                    f"the id is stable and cannot change (was '{loaded.record.id}')",
                )
            ]
        )
    if record.related != loaded.record.related:
        records.check_related(store, record, shown)
    if record == loaded.record and tree_text == loaded.text:
        print("no changes")
        return
    path = records.save_edit(store, record, loaded.path, tree_text)
    moved = path.resolve() != loaded.path.resolve()
    print(f"{record.id}\t{store.rel(path)}" + (f"\t(moved from {shown})" if moved else ""))
    if commit:
        from ...core.gitrepo import commit_paths

        commit_paths(
            store.root,
            [loaded.path, path] if moved else [path],
            f"Edit {record.id}: {record.title}",
        )


def _editor() -> list[str]:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(command)


def _edit_in_editor(text: str, shown: str) -> tuple[Any, str | None]:
    """Loop editor -> validate until valid (terminal) or fail (no terminal). Never writes the record."""
    from ...core import records
    from ...core.errors import IncidentctlError, RecordError
    from .. import console

    interactive = sys.stdin.isatty()
    with tempfile.TemporaryDirectory(prefix="incidentctl-edit-") as tmp:
        scratch = Path(tmp) / Path(shown).name
        scratch.write_text(text, encoding="utf-8")
        while True:
            try:
                result = subprocess.run([*_editor(), str(scratch)])
            except FileNotFoundError:
                raise IncidentctlError(
                    f"editor not found: {' '.join(_editor())} (set $EDITOR)"
                ) from None
            if result.returncode != 0:
                raise IncidentctlError(
                    f"the editor exited with status {result.returncode}; nothing was changed"
                )
            edited = scratch.read_text(encoding="utf-8", errors="replace")
            if edited == text:
                return None, None
            try:
                return records.text_to_record(edited, shown), edited
            except RecordError as exc:
                if not interactive:
                    raise
                for line in str(exc).splitlines():
                    console.error(line)
                if not typer.confirm("Edit again? (no discards your changes)", default=True):
                    raise IncidentctlError("edit discarded; the record is unchanged") from None
