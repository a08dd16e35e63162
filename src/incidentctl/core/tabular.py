"""Records <-> flat rows for CSV: one column per field path, readable in a spreadsheet.

Nested lists become indexed columns (``sources[0].url``, ``people[1].name``);
lists of words are joined with ``; `` (a JSON array where an item itself holds
``;``). Empty cells mean "absent". Flattening then unflattening gives the record
back exactly, so an exported CSV imports unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

SEP = "; "
_COLUMN = re.compile(r"^([a-z_]+)(?:\[(\d+)\]\.([a-z_]+))?$")


def _join(items: list[Any]) -> str:
    texts = [str(i) for i in items]
    if any(";" in t or t != t.strip() or not t for t in texts):
        return json.dumps(texts, ensure_ascii=False)
    return SEP.join(texts)


def _split(cell: str) -> list[str]:
    cell = cell.strip()
    if cell.startswith("["):
        try:
            value = json.loads(cell)
        except ValueError:
            value = None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    return [part.strip() for part in cell.split(";") if part.strip()]


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _join(value)
    return "" if value is None else str(value)


def flatten(data: Mapping[str, Any]) -> dict[str, str]:
    """Plain record data -> {column: cell}."""
    row: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            for i, item in enumerate(value):
                for sub, subvalue in item.items():
                    row[f"{key}[{i}].{sub}"] = _cell(subvalue)
        else:
            row[key] = _cell(value)
    return row


def columns(rows: Iterable[Mapping[str, str]]) -> list[str]:
    """All columns of the rows in canonical order (fields, then item index, then sub-field)."""
    from .model import FIELD_ORDER, SUBORDERS

    seen: set[str] = set()
    for row in rows:
        seen.update(row)

    def key(col: str) -> tuple[int, int, int, str]:
        m = _COLUMN.match(col)
        if not m:
            return (len(FIELD_ORDER), 0, 0, col)
        name, index, sub = m.groups()
        top = FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)
        order = SUBORDERS.get(name, ())
        subpos = order.index(sub) if sub in order else len(order)
        return (top, int(index or 0), subpos, col)

    return sorted(seen, key=key)


_LIST_FIELDS = {"countries", "types", "perpetrators", "related", "tags"}
_SUB_LIST_FIELDS = {"aliases", "roles"}
_BOOLS = {"confidential"}


def _value(field: str, cell: str, list_fields: set[str]) -> Any:
    if field in list_fields:
        return _split(cell)
    if field in _BOOLS:
        lowered = cell.strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0", ""):
            return False
        return cell
    return cell


def unflatten(row: Mapping[str, str | None]) -> dict[str, Any]:
    """{column: cell} -> plain record data; blank cells are left out; unknown columns kept (the model rejects them)."""
    data: dict[str, Any] = {}
    nested: dict[str, dict[int, dict[str, Any]]] = {}
    for col, cell in row.items():
        if col is None or cell is None or cell == "":
            continue
        m = _COLUMN.match(col.strip())
        if m and m.group(2) is not None:
            name, index, sub = m.group(1), int(m.group(2)), m.group(3)
            nested.setdefault(name, {}).setdefault(index, {})[sub] = _value(sub, cell, _SUB_LIST_FIELDS)
        else:
            name = col.strip()
            data[name] = _value(name, cell, _LIST_FIELDS)
    for name, items in nested.items():
        data[name] = [items[i] for i in sorted(items)]
    return data
