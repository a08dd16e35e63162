"""`timeline`: incidents and the responses to them, interleaved in date order (SPEC §6).

Each event is ``{"date", "kind", "id", "title", "by"}``. An incident's ``by`` names its
perpetrators (``"; "``-separated, ``null`` when the sources name none); a response's ``by`` is the
organisation that responded, its ``id`` the incident it answers and its ``title`` says what it
was (``statement: <incident title>``). Partial dates order as everywhere else: by their first day,
the coarser first on a tie (``2019`` < ``2019-03`` < ``2019-03-06``), which is their string
order; on the same date an incident comes before the responses to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from incidentctl.index.filters import Filters
from incidentctl.record.dates import PartialDate

_KIND_ORDER = {"incident": 0, "response": 1}


def timeline(
    records: Iterable[Mapping[str, Any]], filters: Filters | None = None
) -> list[dict[str, Any]]:
    """The events of ``records`` (plain data, public under ``--public``), in date order.

    With a period (``--year``, ``--since``, ``--until``) in ``filters``, responses dated outside
    it are left out, as the incidents outside it are.
    """
    from incidentctl.record.model import perpetrator_name  # text or {name, category}

    events: list[dict[str, Any]] = []
    for record in records:
        perpetrators = "; ".join(perpetrator_name(p) for p in record.get("perpetrators", []))
        events.append(
            {
                "date": record["date"],
                "kind": "incident",
                "id": record["id"],
                "title": record["title"],
                "by": perpetrators or None,
            }
        )
        for response in record.get("responses", []):
            if filters is not None and not _in_period(filters, response["date"]):
                continue
            events.append(
                {
                    "date": response["date"],
                    "kind": "response",
                    "id": record["id"],
                    "title": f"{response['kind']}: {record['title']}",
                    "by": response["by"],
                }
            )
    events.sort(key=lambda e: (e["date"], _KIND_ORDER[e["kind"]], e["id"], e["by"] or ""))
    return events


def _in_period(filters: Filters, date: str) -> bool:
    when = PartialDate.parse_iso(date)
    return filters.overlaps(when.start(), when.end())
