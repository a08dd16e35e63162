"""Records <-> flat rows for CSV: one column per field path, readable in a spreadsheet.

- Lists of records (people, groups, sources, responses) become indexed columns:
  ``people[0].name``, ``people[0].roles``, ``sources[1].url``, and so do records within
  them (``people[0].acts[1].type``); a single nested record is dotted (``withdrawn.reason``).
- Perpetrators are one ``perpetrators`` cell while all are names (v1); once one has a
  category, each is indexed (``perpetrators[1].name``, ``perpetrators[1].category``) and a
  name alone reads back as the bare name, so both forms round-trip exactly.
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

from incidentctl.record.fieldpath import FieldPath, FieldPathError, parse_field_path
from incidentctl.record.fields import (
    BOOL_FIELDS,
    CODE_LISTS,
    INT_FIELDS,
    LIST_FIELDS,
    LIST_OF_RECORDS,
    SUB_LIST_FIELDS,
)

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


def known_column(column: str) -> bool:
    """Is ``column`` a path to one cell of a record (``title``, ``people[0].acts[1].type``,
    ``withdrawn.reason``)? Lists of records and nested records are not cells themselves."""
    from incidentctl.record.model import FIELD_ORDER, SUBORDERS

    try:
        path = parse_field_path(column.strip())
    except FieldPathError:
        return False
    if not isinstance(path[0], str) or path[0] not in FIELD_ORDER:
        return False
    name, i = path[0], 1
    while i < len(path):
        step = path[i]
        if isinstance(step, int):
            if name not in LIST_OF_RECORDS or i + 1 >= len(path):
                return False
            step, i = path[i + 1], i + 2
        elif name in LIST_OF_RECORDS:
            return False
        else:
            i += 1
        if not isinstance(step, str) or step not in SUBORDERS.get(name, ()):
            return False
        name = step
    is_record = name in SUBORDERS and name not in LIST_FIELDS and name not in SUB_LIST_FIELDS
    return not is_record


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
        _flatten_into(row, key, value)
    return row


def _flatten_into(row: dict[str, str], column: str, value: Any) -> None:
    if isinstance(value, Mapping):  # a nested record (withdrawn)
        for sub, subvalue in value.items():
            _flatten_into(row, f"{column}.{sub}", subvalue)
    elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                for sub, subvalue in item.items():
                    _flatten_into(row, f"{column}[{i}].{sub}", subvalue)
            else:  # a perpetrator's bare name among perpetrators with categories
                row[f"{column}[{i}].name"] = _cell(item)
    else:
        row[column] = _cell(value)


def columns(rows: Iterable[Mapping[str, str]]) -> list[str]:
    """All columns of the rows in canonical order: by field, then item index, then sub-field,
    at every depth."""
    seen: set[str] = set()
    for row in rows:
        seen.update(row)
    return sorted(seen, key=_column_key)


def _column_key(column: str) -> tuple[tuple[int, int | str], ...]:
    from incidentctl.record.model import FIELD_ORDER, SUBORDERS

    try:
        path = parse_field_path(column.strip())
    except FieldPathError:
        return ((len(FIELD_ORDER) + 1, column),)
    key: list[tuple[int, int | str]] = []
    order: tuple[str, ...] = FIELD_ORDER
    for step in path:
        if isinstance(step, int):
            key.append((step, ""))
        else:
            key.append((order.index(step) if step in order else len(order), step))
            order = SUBORDERS.get(step, ())
    return tuple(key)


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
    if field in INT_FIELDS and re.fullmatch(r"-?[0-9]{1,18}", cell):
        return int(cell)
    return cell


def unflatten(row: Mapping[str | None, str | None]) -> dict[str, Any]:
    """{column: cell} -> plain record data.

    Blank cells are left out; unknown columns are kept as they are, so that the
    model rejects them with its own message.
    """
    from incidentctl.record.model import shortest_perpetrators

    data: dict[str, Any] = {}
    for col, raw in row.items():
        if col is None or raw is None or not raw.strip():
            continue
        cell = _unprotect(raw.strip())
        try:
            path: FieldPath = parse_field_path(col.strip())
        except FieldPathError:
            path = (col.strip(),)
        name = next(s for s in reversed(path) if isinstance(s, str))
        value = _value(name, cell, LIST_FIELDS if len(path) == 1 else SUB_LIST_FIELDS)
        node: dict[Any, Any] = data
        for step in path[:-1]:
            node = node.setdefault(step, {})
            if not isinstance(node, dict):
                break  # a column clashing with another (perpetrators and perpetrators[0].name)
        else:
            node[path[-1]] = value
    out = _lists(data)
    if isinstance(out.get("perpetrators"), list):
        out["perpetrators"] = shortest_perpetrators(out["perpetrators"])
    return out


def _lists(node: Any) -> Any:
    """Mappings keyed by item index become lists, in index order, at every depth."""
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(k, int) for k in node):
        return [_lists(node[k]) for k in sorted(node)]
    return {k: _lists(v) for k, v in node.items()}
