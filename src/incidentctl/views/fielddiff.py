"""Field-level differences between records' plain data: no git, no files.

Rules (documented in docs/reviewing.md):

- Mappings are compared key by key; a key present on one side only is a change
  from or to ``None``.
- A list of scalars (``countries``, ``tags``, ``people[0].aliases``) that changed
  is reported as the whole list, old and new.
- A list of mappings (``people``, ``sources``, ``responses``) is aligned entry by
  entry, so an inserted source is one change (``sources[1]``: None -> {...})
  rather than every later source shifting. Indexes count from 0 and are those
  of the newer version, except for a removed entry, which keeps its old index.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from incidentctl.record.fieldpath import FieldPath, format_field_path

ID_FIELDS = frozenset({"title", "date", "countries"})
"""The fields an id is made from: a record whose id was changed because one of them
was corrected is still the same record (people, summary, sources unchanged)."""


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its path (``sources[1].url``) and both values (None = absent)."""

    field: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


def diff_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Every changed field between two records' plain data, in the newer record's key order."""
    out: list[FieldChange] = []
    _walk(old, new, (), out)
    return out


def _walk(old: Any, new: Any, loc: FieldPath, out: list[FieldChange]) -> None:
    if _same(old, new):
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in [*new, *(k for k in old if k not in new)]:
            _walk(old.get(key), new.get(key), (*loc, key), out)
        return
    if loc and _entries(old) and _entries(new):
        _walk_entries(old, new, loc, out)
        return
    out.append(FieldChange(format_field_path(loc) or "(record)", old, new))


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: unlike ``==``, ``1`` is not ``true``, even deep inside a list.

    A key set to null and an absent key are the same, as they are to every YAML reader.
    """
    if type(a) is not type(b):
        return False
    if isinstance(a, Mapping):
        keys = {k for k, v in a.items() if v is not None} | {
            k for k, v in b.items() if v is not None
        }
        return all(_same(a.get(k), b.get(k)) for k in keys)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _entries(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, Mapping) for v in value)


def _walk_entries(old: list[Any], new: list[Any], loc: FieldPath, out: list[FieldChange]) -> None:
    """Align two lists of mappings so an insertion or removal is one change."""
    keys_old = [_key(v) for v in old]
    keys_new = [_key(v) for v in new]
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            _walk(old[i1 + k], new[j1 + k], (*loc, j1 + k), out)
        for i in range(i1 + pairs, i2):
            out.append(FieldChange(format_field_path((*loc, i)), old[i], None))
        for j in range(j1 + pairs, j2):
            out.append(FieldChange(format_field_path((*loc, j)), None, new[j]))


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


# -- whole data sets ------------------------------------------------------------------


@dataclass
class SetDiff:
    """What changed between two versions of a data set, record by record (SPEC §6 ``diff``)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, list[FieldChange]]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    """id -> title, for readable tables (not part of the JSON)."""

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed or self.changed)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "renamed": [{"from": a, "to": b} for a, b in self.renamed],
            "changed": [{"id": i, "changes": [c.to_json() for c in cs]} for i, cs in self.changed],
        }


def diff_sets(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> SetDiff:
    """Compare two data sets given as {id: plain data}.

    A record keeps its identity through a move to another year folder (same id).
    A record that disappears under one id while one with the same content
    appears under another is renamed; the content may differ only in the fields
    the id is made from (title, date, countries), and those edits are listed
    under the new id.
    """
    result = SetDiff()
    removed = sorted(k for k in old if k not in new)
    added = sorted(k for k in new if k not in old)
    for old_id, new_id in _pair_renames(old, new, removed, added):
        removed.remove(old_id)
        added.remove(new_id)
        result.renamed.append((old_id, new_id))
        edits = [c for c in diff_fields(old[old_id], new[new_id]) if c.field != "id"]
        if edits:
            result.changed.append((new_id, edits))
    for key in sorted(k for k in new if k in old):
        edits = diff_fields(old[key], new[key])
        if edits:
            result.changed.append((key, edits))
    result.added, result.removed = added, removed
    result.renamed.sort()
    result.changed.sort(key=lambda item: item[0])
    for source in (old, new):
        for key, data in source.items():
            if isinstance(data.get("title"), str):
                result.titles[key] = data["title"]
    return result


def _pair_renames(
    old: Mapping[str, Mapping[str, Any]],
    new: Mapping[str, Mapping[str, Any]],
    removed: list[str],
    added: list[str],
) -> list[tuple[str, str]]:
    """Best-first pairs of (removed, added) ids that are one record under a new id."""
    candidates: list[tuple[int, str, str]] = []
    for r in removed:
        for a in added:
            score = _rename_distance(old[r], new[a])
            if score is not None:
                candidates.append((score, r, a))
    pairs: list[tuple[str, str]] = []
    used_old: set[str] = set()
    used_new: set[str] = set()
    for _, r, a in sorted(candidates):
        if r not in used_old and a not in used_new:
            used_old.add(r)
            used_new.add(a)
            pairs.append((r, a))
    return pairs


def _rename_distance(old: Mapping[str, Any], new: Mapping[str, Any]) -> int | None:
    """How many id-making fields differ, or None when the two are different records."""
    differing = {k for k in {*old, *new} if k != "id" and not _same(old.get(k), new.get(k))}
    return len(differing) if differing <= ID_FIELDS else None
