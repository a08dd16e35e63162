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
    from incidentctl.ops import edit as records

    from .. import state

    store = state.store()
    if assignments:
        result = records.edit(store, record_id, assignments=assignments)
    else:
        result = _edit_in_editor(store, record_id)
    if not result.changed:
        print("no changes")
        return
    record, path, shown = result.record, result.path, store.rel(result.old_path)
    print(f"{record.id}\t{store.rel(path)}" + (f"\t(moved from {shown})" if result.moved else ""))
    if commit:
        from incidentctl.git import commit_paths

        commit_paths(
            store.root,
            [result.old_path, path] if result.moved else [path],
            f"Edit {record.id}: {record.title}",
        )


def editor_command() -> list[str]:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(command)


def _edit_in_editor(store: Any, record_id: str) -> Any:
    """Loop editor -> :func:`records.edit` until it is accepted (terminal) or refused (no terminal).

    A refused edit writes nothing; on a terminal the analyst may edit again or give up.
    """
    from incidentctl.errors import IncidentctlError, RecordError
    from incidentctl.ops import edit as records

    from .. import console

    loaded = store.load(record_id)
    interactive = sys.stdin.isatty()
    with tempfile.TemporaryDirectory(prefix="incidentctl-edit-") as tmp:
        scratch = Path(tmp) / loaded.path.name
        scratch.write_text(loaded.text or "", encoding="utf-8")
        while True:
            try:
                result = subprocess.run([*editor_command(), str(scratch)])
            except FileNotFoundError:
                raise IncidentctlError(
                    f"editor not found: {' '.join(editor_command())} (set $EDITOR)"
                ) from None
            if result.returncode != 0:
                raise IncidentctlError(
                    f"the editor exited with status {result.returncode}; nothing was changed"
                )
            edited = scratch.read_text(encoding="utf-8", errors="replace")
            try:
                return records.edit(store, record_id, text=edited, base_text=loaded.text)
            except RecordError as exc:
                if not interactive:
                    raise
                for line in str(exc).splitlines():
                    console.error(line)
                if not typer.confirm("Edit again? (no discards your changes)", default=True):
                    raise IncidentctlError("edit discarded; the record is unchanged") from None
