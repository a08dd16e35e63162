"""What `--public` withholds: confidential records entirely, confidential people's names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

WITHHELD = "(name withheld)"


def public_data(record: Any, secrets: Iterable[str] = ()) -> dict[str, Any]:
    """Plain data of a record fit for publication (the record itself must not be confidential).

    ``secrets`` adds names withheld elsewhere in the data set (see
    :func:`confidential_names`), so a confidential person named in another
    record's summary is withheld there too.
    """
    data = record.to_data()
    people = []
    for person in data.get("people", []):
        if person.get("confidential"):
            person = {k: v for k, v in person.items() if k not in ("aliases",)}
            person["name"] = WITHHELD
        people.append(person)
    if people:
        data["people"] = people
    withheld = confidential_names([record]) | {n for n in secrets if n.strip()}
    if withheld:
        data = _scrub(data, withheld)
    return data


def confidential_names(records: Any) -> set[str]:
    """Every name and alias of a confidential person in ``records``."""
    out: set[str] = set()
    for record in records:
        for person in record.people:
            if person.confidential:
                out.add(person.name)
                out.update(person.aliases)
    return {n for n in out if n.strip()}


def _scrub(value: Any, secrets: set[str]) -> Any:
    """Replace withheld names wherever they appear in free text (summary, outcome, titles)."""
    if isinstance(value, str):
        for name in sorted(secrets, key=len, reverse=True):
            value = value.replace(name, WITHHELD)
        return value
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    return value


def render_data(record: Any, public: bool, secrets: Iterable[str] = ()) -> dict[str, Any]:
    return public_data(record, secrets) if public else record.to_data()
