"""`incidentctl search` (not built yet)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("search", help="Not available yet.", hidden=True)
    def cli() -> None:
        from ...core.errors import IncidentctlError

        raise IncidentctlError("'search' is not available yet")
