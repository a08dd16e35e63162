"""Withdrawing a record (SPEC §7): it stays in the data set, marked, and stops counting.

A record found to be a duplicate, or wrong, is not deleted: git keeps why it existed and
why it went, and links to it still resolve. ``withdrawn`` says when and why, and which
record it duplicates; reading commands leave it out unless asked (``--withdrawn``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from incidentctl.errors import Problem, RecordError, UsageError
from incidentctl.ops import edit as records

if TYPE_CHECKING:
    from incidentctl.files.store import Store
    from incidentctl.record.model import Record


def withdraw(
    store: Store,
    record_id: str,
    reason: str,
    duplicate_of: str | None = None,
    today: dt.date | None = None,
) -> records.Edited:
    """Mark ``record_id`` withdrawn today for ``reason`` (a duplicate of ``duplicate_of``).

    Written as ``edit`` writes (comments kept, the record's lock held, validated, the same
    link checks: ``duplicate_of`` must name a record that is not withdrawn itself). A
    record already withdrawn is refused: its first reason stays, git shows any later change.
    """
    if not reason.strip():
        raise UsageError("--reason: say why the record is withdrawn")
    when = (today or dt.date.today()).isoformat()

    def change(record: Record) -> dict[str, Any]:
        if record.withdrawn is not None:
            message = (
                f"already withdrawn on {record.withdrawn.date}: {record.withdrawn.reason} "
                "(edit withdrawn.* to change it)"
            )
            raise RecordError(
                [Problem(store.rel(store.find(record.id)), None, None, "withdrawn", message)]
            )
        entry: dict[str, Any] = {"date": when, "reason": reason}
        if duplicate_of is not None:
            entry["duplicate_of"] = duplicate_of.strip()
        return {**record.to_data(), "withdrawn": entry}

    return records.edit(store, record_id, change=change)
