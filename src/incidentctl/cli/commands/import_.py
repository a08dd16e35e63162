"""`incidentctl import` (not built yet)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("import", help="Not available yet.", hidden=True)
    def cli() -> None:
        from ...core.errors import IncidentctlError

        raise IncidentctlError("'import' is not available yet")
