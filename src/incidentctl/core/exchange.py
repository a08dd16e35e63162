"""Reading records from files people hand us: YAML or JSON, one record or many."""

from __future__ import annotations

import json
from typing import Any

from .errors import Problem, RecordError
from .yamlio import YamlProblem, decode, load


def read_one(raw: bytes, origin: str) -> dict[str, Any]:
    """One record as YAML or JSON (JSON is YAML, but its errors read better as JSON)."""
    try:
        text = decode(raw)
    except YamlProblem as exc:
        raise RecordError([exc.to_problem(origin)]) from None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordError(
                [Problem(origin, exc.lineno, exc.colno, "", f"JSON syntax: {exc.msg}")]
            ) from None
        if not isinstance(data, dict):
            raise RecordError([Problem(origin, 1, 1, "", "a record must be an object of fields")])
        return data
    try:
        return load(text)
    except YamlProblem as exc:
        raise RecordError([exc.to_problem(origin)]) from None
