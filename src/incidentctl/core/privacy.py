"""What `--public` withholds: confidential records entirely, confidential people's names."""

from __future__ import annotations

from typing import Any

WITHHELD = "(name withheld)"


def public_data(record: Any) -> dict[str, Any]:
    """Plain data of a record fit for publication (the record itself must not be confidential)."""
    data = record.to_data()
    people = []
    for person in data.get("people", []):
        if person.get("confidential"):
            person = {k: v for k, v in person.items() if k not in ("aliases",)}
            person["name"] = WITHHELD
        people.append(person)
    if people:
        data["people"] = people
    secrets = confidential_names([record])
    if secrets:
        data = _scrub(data, secrets)
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


def render_data(record: Any, public: bool) -> dict[str, Any]:
    return public_data(record) if public else record.to_data()
