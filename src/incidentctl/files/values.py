"""Loaded YAML values -> plain Python values: the one conversion every reader shares.

ruamel.yaml hands back its own subclasses (CommentedMap, ScalarString, TimeStamp)
that keep comments and positions; the model, the field diff and JSON output want
plain dicts, lists and scalars. Two readers differ only in what a date becomes:

- the model reads a date as it is, so an import batch is read like a record file
  (an unquoted ``2019-05-21`` is that day; a time of day is refused with the
  model's own message);
- JSON output (``history``, ``diff``) wants JSON values: ``as_json`` gives ISO text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


def plain(value: Any, *, as_json: bool = False) -> Any:
    """YAML values -> plain dicts, lists and scalars; with ``as_json``, dates as ISO text."""
    if isinstance(value, Mapping):
        return {str(k): plain(v, as_json=as_json) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, as_json=as_json) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.date):  # a datetime is a date too
        return _date(value, as_json)
    return str(value) if as_json else value


def _date(value: dt.date, as_json: bool) -> Any:
    """ISO text for JSON; else a plain ``datetime.date`` or ``datetime.datetime`` (no ruamel type)."""
    if as_json:
        return value.isoformat()
    if isinstance(value, dt.datetime):
        return dt.datetime(*value.timetuple()[:6])
    return dt.date(value.year, value.month, value.day)
