"""Exceptions that carry their exit code, so the CLI turns them into messages in one place."""

from __future__ import annotations

from dataclasses import dataclass


class IncidentctlError(Exception):
    """A problem the user can fix; never shown with a traceback."""

    exit_code = 1


class UsageError(IncidentctlError):
    """Wrong options or arguments (exit 2, like a shell usage error)."""

    exit_code = 2


class NotFoundError(IncidentctlError):
    """Something that was required does not exist (an unknown id)."""


class RootNotFoundError(IncidentctlError):
    """No data set could be located."""


class ChangedError(IncidentctlError):
    """A record changed (or is being changed) by another writer since it was read."""


class WriteFaultError(IncidentctlError):
    """The system refused a write: disk full, read-only, no permission."""


@dataclass(frozen=True)
class Problem:
    """One located problem in one file: the unit that `validate` reports."""

    path: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        field = f" {self.field}:" if self.field else ""
        from incidentctl.record.text import escape_controls  # a record's text, shown anywhere

        return escape_controls(f"{where}:{field} {self.message}")


class RecordError(IncidentctlError):
    """A record (file or input) that fails to parse or validate."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
