"""What `--public` withholds: confidential records entirely, confidential people's names."""

from __future__ import annotations

import re
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
    """Replace withheld names wherever they appear: free text, ids, slugs and URLs.

    Names match whatever their case, from the start of a word (so inflected
    forms are withheld as well); their slug forms (``nurlan-hiddenov``, as
    ``add`` puts a title into an id) become ``name-withheld``.
    """
    return _Scrubber(secrets).apply(value)


class _Scrubber:
    """The withheld names compiled once for a whole record."""

    def __init__(self, secrets: set[str]):
        from .ids import slugify

        names = sorted(secrets, key=len, reverse=True)
        slugs = sorted({slugify(n, limit=200) for n in secrets} - {""}, key=len, reverse=True)
        # From the start of a word, to any end: inflected forms (Хидденова) are caught too.
        self.names = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + ")", re.IGNORECASE)
            if names
            else None
        )
        self.slugs = (
            re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, slugs)) + r")(?![a-z0-9])")
            if slugs
            else None
        )

    def apply(self, value: Any) -> Any:
        if isinstance(value, str):
            if self.names:
                value = self.names.sub(WITHHELD, value)
            return self.slugs.sub("name-withheld", value) if self.slugs else value
        if isinstance(value, list):
            return [self.apply(v) for v in value]
        if isinstance(value, dict):
            return {k: self.apply(v) for k, v in value.items()}
        return value


def render_data(record: Any, public: bool, secrets: Iterable[str] = ()) -> dict[str, Any]:
    return public_data(record, secrets) if public else record.to_data()
