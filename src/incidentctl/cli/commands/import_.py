"""`incidentctl import FILE`: records from CSV, XLSX, JSON, JSON Lines or YAML, all or nothing."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from incidentctl.files.store import Store
    from incidentctl.ops.importer import Facts, Plan
    from incidentctl.views.fielddiff import FieldChange


class ImportFormat(StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"
    xlsx = "xlsx"


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command(
        "import",
        help=(
            "Import records from CSV, XLSX, JSON, JSON Lines or YAML (what 'export' writes).\n\n"
            "A record whose id exists is updated field by field (fields in the input replace "
            "the stored ones, absent fields are left alone); others are created, completed as "
            "'add' would. Every record is checked first: one bad record and nothing is written. "
            "Text garbled by a wrong encoding (Ð¡Ð¸Ð·…) is refused with its cell. A CSV may "
            "separate its cells with commas, semicolons (Excel in many locales) or tabs. "
            "--dry-run shows what would change, each field with its old and new value.\n\n"
            "Example: incidentctl import partners.xlsx --dry-run"
        ),
    )(cli)


def cli(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="The file to import; - for stdin (needs --format)."),
    ],
    fmt: Annotated[
        ImportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, xlsx, json, jsonl or yaml (default: from the file's extension).",
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--output-format",
            help="How to report what was (or would be) done: table, or json for scripts.",
        ),
    ] = ReportFormat.table,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")
    ] = False,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the written files with git.")
    ] = False,
) -> None:
    from incidentctl import git as gitrepo
    from incidentctl.errors import UsageError
    from incidentctl.ops import importer
    from incidentctl.ops.exchange import format_of, read_batch, read_source

    from .. import state

    chosen = fmt.value if fmt else None
    if chosen is None:
        if file == "-":
            raise UsageError(
                "reading standard input (-) needs --format csv, xlsx, json, jsonl or yaml"
            )
        chosen = format_of(file)
        if chosen is None:
            raise UsageError(
                f"cannot tell the format of '{file}' from its extension; "
                "give --format csv, xlsx, json, jsonl or yaml"
            )
    raw, origin = read_source(file)
    store = state.store()
    if commit and not dry_run:
        gitrepo.require_repo(store.root, "--commit")  # before writing, not after
    entries = read_batch(raw, chosen, origin)
    del raw  # a batch may be large: its bytes are not needed once read
    batch = importer.plan(store, entries, whole=output_format == ReportFormat.json)
    if not dry_run:
        touched = importer.apply(store, batch)
    if output_format == ReportFormat.json:
        _report_json(store, batch, dry_run)
    else:
        _report(store, batch, dry_run)
    if commit and not dry_run and batch.writes:
        gitrepo.commit_paths(store.root, touched, importer.commit_message(batch, origin))


def _report(store: Store, batch: Plan, dry_run: bool) -> None:
    """One tab-separated line per record on stdout (under a dry run, each changed field
    below its record, old -> new); the totals on stderr."""
    from incidentctl.ops.importer import CREATE, UNCHANGED, UPDATE

    from ..output import write

    would = "would " if dry_run else ""
    shown = _PathsShown(store, [c.facts for c in batch.changes if c.action == CREATE])
    for change in batch.changes:
        rid = change.facts.id
        if change.action == CREATE:
            print(
                f"{would}create\t{rid}\t{shown(rid)}"
                if dry_run
                else f"created\t{rid}\t{shown(rid)}"
            )
        elif change.action == UPDATE:
            verb = f"{would}update" if dry_run else "updated"
            print(f"{verb}\t{rid}\t{', '.join(change.fields)}")
            if dry_run:
                write("".join(f"{line}\n" for line in _change_lines(rid, change.changes)))
        else:
            print(f"unchanged\t{rid}")
    counts = ", ".join(
        f"{batch.count(a)} {label}"
        for a, label in ((CREATE, "created"), (UPDATE, "updated"), (UNCHANGED, "unchanged"))
    )
    if not batch.changes:
        counts = "no records in the input"
    print(counts + (" (dry run: nothing written)" if dry_run else ""), file=sys.stderr)


def _change_lines(record_id: str, changes: list[FieldChange]) -> list[str]:
    """Each field as ``diff`` shows it: ``people[0].name: "Sizintsev" -> "Sizintsev S."``,
    a multi-line text by the lines removed and added."""
    from incidentctl.render.diff import lines
    from incidentctl.views.fielddiff import SetDiff

    return lines(SetDiff(changed=[(record_id, changes)]))[1:]


def _report_json(store: Store, batch: Plan, dry_run: bool) -> None:
    """One JSON object: the counts and, for each record, its action and every changed field."""
    from incidentctl.ops.exchange import json_object_pieces
    from incidentctl.ops.importer import CREATE, UNCHANGED, UPDATE
    from incidentctl.record.text import escape_json

    from ..output import write

    shown = _PathsShown(store, [c.facts for c in batch.changes if c.action != UNCHANGED])

    def items() -> Iterator[dict[str, Any]]:
        for change in batch.changes:
            rid = change.facts.id
            item: dict[str, Any] = {"action": change.action, "id": rid}
            if change.action != UNCHANGED:
                item["path"] = shown(rid)
            if change.action == UPDATE:
                item["changes"] = [c.to_json() for c in change.changes]
            if change.action == CREATE:
                item["record"] = change.record.to_data()
            yield item

    counts = {"created": batch.count(CREATE), "updated": batch.count(UPDATE)}
    summary = {"dry_run": dry_run, **counts, "unchanged": batch.count(UNCHANGED)}
    for piece in json_object_pieces(summary, "records", items()):
        write(escape_json(piece))  # escaping is per character: the pieces print the whole


class _PathsShown:
    """Each written record's file as shown, from :meth:`Store.paths_for` (each year folder
    looked at once) with each folder resolved once (Store.rel resolves every step of a path: for
    10,000 records that was a second)."""

    def __init__(self, store: Store, written: list[Facts]) -> None:
        paths = store.paths_for((r.id, r.year) for r in written)
        folders: dict[Path, str | None] = {}
        self.shown: dict[str, str] = {}
        for record, path in zip(written, paths, strict=True):
            if path.parent not in folders:
                rel = store.rel(path.parent)
                folders[path.parent] = None if os.path.isabs(rel) else rel
            folder = folders[path.parent]
            shown = store.rel(path) if folder is None else os.path.join(folder, path.name)
            self.shown[record.id] = shown

    def __call__(self, record_id: str) -> str:
        return self.shown[record_id]
