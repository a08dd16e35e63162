"""Records <-> flat rows for CSV: one column per field path, readable in a spreadsheet.

- Lists of records (people, sources, responses) become indexed columns:
  ``people[0].name``, ``people[0].roles``, ``sources[1].url``.
- Lists of words (countries, types, tags, aliases, roles, perpetrators, related)
  are joined with ``; ``. An item that itself holds ``;`` (or starts with ``[``,
  or is blank) makes the cell a JSON array instead, so nothing is ever lost.
  When reading, code lists (countries, types, roles, tags, related) may also be
  separated by commas, as people type them.
- Booleans are ``true``/``false``; an empty cell means "absent".
- A cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return, after any apostrophes) gets one more
  leading apostrophe, which reading removes again: hostile text stays text.

Flattening then unflattening gives the record back exactly, so an exported CSV
imports unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from incidentctl.record.fieldpath import FieldPathError, parse_field_path
from incidentctl.record.fields import BOOL_FIELDS, CODE_LISTS, LIST_FIELDS, SUB_LIST_FIELDS

SEP = "; "
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_TRUE = ("true", "yes", "1")
_FALSE = ("false", "no", "0")


def parse_column(column: str) -> tuple[str, int | None, str | None] | None:
    """``sources[1].url`` -> ('sources', 1, 'url'); ``title`` -> ('title', None, None).

    A column is a field or a sub-field of an indexed item; any other path is None.
    """
    try:
        path = parse_field_path(column.strip())
    except FieldPathError:
        return None
    match path:
        case (str(name),):
            return name, None, None
        case (str(name), int(index), str(sub)):
            return name, index, sub
    return None


# -- writing ----------------------------------------------------------------------


def protect(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: one more leading apostrophe."""
    return "'" + text if _FORMULA.match(text) else text


def _unprotect(text: str) -> str:
    return text[1:] if _FORMULA.match(text) and text.startswith("'") else text


def _join(items: list[Any]) -> str:
    texts = [str(i) for i in items]
    if any(";" in t or t != t.strip() or not t or t.startswith("[") for t in texts):
        return json.dumps(texts, ensure_ascii=False)
    return SEP.join(texts)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return protect(_join(value))
    return "" if value is None else protect(str(value))


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
    from incidentctl.record.model import FIELD_ORDER, SUBORDERS

    seen: set[str] = set()
    for row in rows:
        seen.update(row)

    def key(col: str) -> tuple[int, int, int, str]:
        parsed = parse_column(col)
        if not parsed:
            return (len(FIELD_ORDER), 0, 0, col)
        name, index, sub = parsed
        top = FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)
        order = SUBORDERS.get(name, ())
        subpos = order.index(sub) if sub in order else len(order)
        return (top, index or 0, subpos, col)

    return sorted(seen, key=key)


# -- reading ----------------------------------------------------------------------


def _split(cell: str, field: str) -> list[str]:
    if cell.startswith("["):
        try:
            value = json.loads(cell)
        except ValueError:
            value = None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    separators = r"[;,]" if field in CODE_LISTS else r";"
    return [part.strip() for part in re.split(separators, cell) if part.strip()]


def _value(field: str, cell: str, list_fields: frozenset[str]) -> Any:
    if field in list_fields:
        return _split(cell, field)
    if field in BOOL_FIELDS:
        lowered = cell.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return cell


def unflatten(row: Mapping[str | None, str | None]) -> dict[str, Any]:
    """{column: cell} -> plain record data.

    Blank cells are left out; unknown columns are kept as they are, so that the
    model rejects them with its own message.
    """
    data: dict[str, Any] = {}
    nested: dict[str, dict[int, dict[str, Any]]] = {}
    for col, raw in row.items():
        if col is None or raw is None or not raw.strip():
            continue
        cell = _unprotect(raw.strip())
        match parse_column(col):
            case (str(name), int(index), str(sub)):
                item = nested.setdefault(name, {}).setdefault(index, {})
                item[sub] = _value(sub, cell, SUB_LIST_FIELDS)
            case _:
                name = col.strip()
                data[name] = _value(name, cell, LIST_FIELDS)
    for name, items in nested.items():
        data[name] = [items[i] for i in sorted(items)]
    return data
