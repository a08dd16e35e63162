"""`incidentctl history` (not built yet)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("history", help="Not available yet.", hidden=True)
    def cli() -> None:
        from ...core.errors import IncidentctlError

        raise IncidentctlError("'history' is not available yet")
