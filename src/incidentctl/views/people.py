"""`people`: the persons named in a set of records, one entry per person (SPEC §6).

Two mentions are the same person when a name or alias of one has the same merge key as a name
or alias of the other, transitively (:func:`incidentctl.record.names.merge_key`: case, accents,
script and the region's romanisation conventions, so "Yevgeniy Zhovtis", "Jewgeni Schowtis" and
"Евгений Жовтис" are one key); all the names and aliases given together for one person in one
record belong together. Merging is never fuzzy: ``Sizentsev`` and ``Sizintsev``, or Omarov and
Omarova, stay apart unless a record lists one as an alias of the other (``validate`` warns about
such similar-but-different names instead).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from incidentctl.views.privacy import WITHHELD


def people(
    records: Iterable[Mapping[str, Any]], persons: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Entries ``{"name", "variants", "incidents"}`` from records' plain data, in name order.

    ``records`` are plain data in answer order (their ids keep that order); under ``--public``
    they are the public data, whose confidential people are left out here. ``persons`` keeps
    only the entries one of whose names ``--person`` would find.
    """
    from incidentctl.record.names import fold_name, merge_key, names_match

    merged = Merger()
    for record in records:
        for person in record.get("people", []):
            if person.get("confidential") and WITHHELD in person["name"]:
                continue  # a confidential person in public data: left out entirely
            given = (person["name"], *person.get("aliases", []))
            names = [n for n in dict.fromkeys(given) if WITHHELD not in n]
            if names:
                merged.add(record["id"], names[0], names, [merge_key(n) or n for n in names])
    entries = merged.entries()
    queries = [q for q in persons if q.strip()]
    if queries:
        entries = [
            e for e in entries if any(names_match(q, v) for q in queries for v in e["variants"])
        ]
    return sorted(entries, key=lambda e: (fold_name(e["name"]), e["name"]))


class Merger:
    """Union-find over merge keys: each mention joins the keys of all its names."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.mentions: list[tuple[str, str, list[str], str]] = []  # id, primary name, names, a key

    def find(self, key: str) -> str:
        """The key that stands for ``key``'s person (one of the keys it was added with)."""
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def add(self, record_id: str, primary: str, names: list[str], keys: list[str]) -> None:
        for key in keys:
            self.parent.setdefault(key, key)
        first = self.find(keys[0])
        for key in keys[1:]:
            other = self.find(key)
            if other != first:
                self.parent[other] = first
        self.mentions.append((record_id, primary, names, keys[0]))

    def entries(self) -> list[dict[str, Any]]:
        groups: dict[str, list[tuple[str, str, list[str], str]]] = {}
        for mention in self.mentions:
            groups.setdefault(self.find(mention[3]), []).append(mention)
        out = []
        for mentions in groups.values():
            primaries = Counter(m[1] for m in mentions)
            # The name most records give; on a tie, the one given first.
            name = max(primaries, key=lambda n: (primaries[n], -_first(mentions, n)))
            variants = dict.fromkeys(v for m in mentions for v in m[2])
            out.append(
                {
                    "name": name,
                    "variants": [name, *(v for v in variants if v != name)],
                    "incidents": list(dict.fromkeys(m[0] for m in mentions)),
                }
            )
        return out


def _first(mentions: list[tuple[str, str, list[str], str]], name: str) -> int:
    return next(i for i, m in enumerate(mentions) if m[1] == name)
