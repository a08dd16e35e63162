"""`incidentctl schema`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    app.command(
        "schema",
        help="Print the JSON Schema of a record (for editors and other programs).\n\nExample: incidentctl schema > record.schema.json",
    )(cli)


def cli() -> None:
    from incidentctl.record.model import json_schema

    from ..output import dump_json, write

    write(dump_json(json_schema()))
