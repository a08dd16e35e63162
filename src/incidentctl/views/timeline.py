"""`timeline`: incidents and the responses to them, interleaved in date order (SPEC §6).

Each event is ``{"date", "precision", "kind", "id", "title", "by"}``. ``precision`` is ``day``,
``month`` or ``year``: how much of ``date`` the sources know, so that a reader (or a script) never
takes ``2019-06`` for the first of June. An incident's ``by`` names its perpetrators
(``"; "``-separated, ``null`` when the sources name none); a response's ``by`` is the organisation
that responded, its ``id`` the incident it answers and its ``title`` says what it was
(``statement: <incident title>``).

The order (issue 12): a partial date is a span of days, and a chronology has to put it somewhere.

- An incident sorts by the first day its date can mean, the coarser first on a tie, as ``list``
  orders records (``2019`` < ``2019-03`` < ``2019-03-06``): what happened "in 2019" is usually
  what the later, precise events grew out of (proceedings before the disbarment they led to).
- A response sorts by the *last* day its date can mean, the more precise first on a tie: a
  statement known only to be from June 2019 may answer anything that happened in June, so it is
  never shown before an event dated on a day of June (it comes after them, and before July).
- On the same day an incident comes before the responses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from incidentctl.index.filters import Filters
from incidentctl.record.dates import PartialDate
from incidentctl.record.model import perpetrator_name

_COARSE_FIRST = {"year": 0, "month": 1, "day": 2}
_PRECISE_FIRST = {"day": 0, "month": 1, "year": 2}


def timeline(
    records: Iterable[Mapping[str, Any]], filters: Filters | None = None
) -> list[dict[str, Any]]:
    """The events of ``records`` (plain data, public under ``--public``), in timeline order.

    With a period (``--year``, ``--since``, ``--until``) in ``filters``, responses dated outside
    it are left out, as the incidents outside it are.
    """
    keyed: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for record in records:
        perpetrators = "; ".join(perpetrator_name(p) for p in record.get("perpetrators", []))
        when = PartialDate.parse_iso(record["date"])
        event = _event(when, "incident", record["id"], record["title"], perpetrators or None)
        keyed.append(((when.start(), 0, _COARSE_FIRST[when.precision]), event))
        for response in record.get("responses", []):
            when = PartialDate.parse_iso(response["date"])
            if filters is not None and not filters.overlaps(when.start(), when.end()):
                continue
            title = f"{response['kind']}: {record['title']}"
            event = _event(when, "response", record["id"], title, response["by"])
            keyed.append(((when.end(), 1, _PRECISE_FIRST[when.precision]), event))
    keyed.sort(key=lambda pair: (*pair[0], pair[1]["id"], pair[1]["by"] or ""))
    return [event for _, event in keyed]


def _event(
    when: PartialDate, kind: str, record_id: str, title: str, by: str | None
) -> dict[str, Any]:
    return {
        "date": str(when),
        "precision": when.precision,
        "kind": kind,
        "id": record_id,
        "title": title,
        "by": by,
    }


def shown_date(event: Mapping[str, Any]) -> str:
    """The date as a table shows it: ``2019-06-05``, ``2019-06 (month)``, ``2019 (year)``."""
    precision = event["precision"]
    return event["date"] if precision == "day" else f"{event['date']} ({precision})"
