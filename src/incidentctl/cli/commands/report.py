"""`incidentctl report` (not built yet)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("report", help="Not available yet.", hidden=True)
    def cli() -> None:
        from ...core.errors import IncidentctlError

        raise IncidentctlError("'report' is not available yet")
