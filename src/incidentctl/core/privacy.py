"""What `--public` withholds: confidential records entirely, confidential people's names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
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
    withheld = confidential_names([record]).union(secrets)
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
    return _scrubber(frozenset(secrets)).apply(value)


@lru_cache(maxsize=8)
def _scrubber(secrets: frozenset[str]) -> _Scrubber:
    """One compiled scrubber per set of names: a public export reuses it for every record."""
    return _Scrubber(secrets)


class _Scrubber:
    """The withheld names as two compiled patterns (names, then their slugs)."""

    def __init__(self, secrets: frozenset[str]):
        from .ids import slugify

        secrets = frozenset(n for n in secrets if n.strip())  # a blank name would match everywhere
        names = {_lower(n) for n in secrets}  # one trie branch per letter whatever its case
        slugs = {slugify(n, limit=200) for n in secrets} - {""}
        # From the start of a word, to any end: inflected forms (Хидденова) are caught too.
        self.names = re.compile(r"(?<!\w)" + _alternation(names), re.IGNORECASE) if names else None
        self.slugs = (
            re.compile(r"(?<![a-z0-9])" + _alternation(slugs) + r"(?![a-z0-9])") if slugs else None
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


def _lower(name: str) -> str:
    """Lower case letter by letter, keeping a letter whose lower case is longer (İ)."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in name)


def _alternation(words: set[str]) -> str:
    """A pattern matching any of ``words``, longest first, shaped as a trie.

    A plain ``a|b|c`` of a thousand names tries every name at every position of
    every text; the trie tries one branch per character, so a public export of a
    large data set stays fast.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    try:
        return "(?:" + _pattern(trie) + ")"
    except RecursionError:  # absurdly nested names: the slow form is still right
        return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


def _pattern(node: dict[str, Any]) -> str:
    branches = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        literal = char
        while len(child) == 1 and "" not in child:  # a chain without choices: one literal
            ((char, child),) = child.items()
            literal += char
        branches.append(re.escape(literal) + _pattern(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def render_data(record: Any, public: bool, secrets: Iterable[str] = ()) -> dict[str, Any]:
    return public_data(record, secrets) if public else record.to_data()
