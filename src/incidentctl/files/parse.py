"""Text -> validated Record, with every problem located at file, line, column and field."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from incidentctl.errors import Problem, RecordError
from incidentctl.files.yamlio import YamlProblem, load, load_roundtrip, position
from incidentctl.record import vocab
from incidentctl.record.fieldpath import FieldPath, format_field_path

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

    from incidentctl.record.model import Record

_CONTAINERS = {
    "": "an incident record",
    "people": "a person",
    "groups": "a group",
    "acts": "an act",
    "perpetrators": "a perpetrator",
    "sources": "a source",
    "responses": "a response",
    "withdrawn": "withdrawn",
}


def _clean_loc(loc: tuple[Any, ...]) -> FieldPath:
    """A pydantic error location without the validator steps (``function-after[...]``) and
    the union's tags (a perpetrator's ``name`` or ``named-with-category`` form)."""
    from incidentctl.record.model import PERPETRATOR_FORMS

    out: list[str | int] = []
    for i, step in enumerate(loc):
        if isinstance(step, int):
            out.append(step)
        elif any(c in step for c in "[(, ") or (
            step in PERPETRATOR_FORMS and i and isinstance(loc[i - 1], int)
        ):
            continue
        else:
            out.append(step)
    return tuple(out)


def _message(err: ErrorDetails) -> tuple[str, FieldPath]:
    """Pydantic's error -> words an analyst understands, and the field it belongs to."""
    from incidentctl.record.model import FIELD_ORDER, SUBORDERS, FieldError

    loc = _clean_loc(err.get("loc", ()))
    kind = err.get("type", "")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, FieldError):
        return str(cause), (*loc, *cause.path)
    if kind == "missing":
        return "is required but missing", loc
    if kind == "extra_forbidden":
        parent = next((s for s in reversed(loc[:-1]) if isinstance(s, str)), "")
        allowed = SUBORDERS.get(parent, FIELD_ORDER)
        what = _CONTAINERS.get(parent, "this entry")
        return f"is not a field of {what} (allowed: {', '.join(allowed)})", loc
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        hint = (
            vocab.did_you_mean(value, re.findall(r"'([^']*)'", expected))
            if isinstance(value, str)
            else ""
        )
        return f"'{value}' is not one of: {expected}{hint}", loc
    if kind == "string_pattern_mismatch":
        field = next((s for s in reversed(loc) if isinstance(s, str)), "")
        if field in ("id", "case", "related"):
            return (
                f"'{value}' is not a valid id: 3-100 lower-case letters, digits and hyphens, "
                "starting with a letter or digit",
                loc,
            )
        if field == "tags":
            return f"'{value}' is not a valid tag: lower-case letters, digits and hyphens", loc
        return f"'{value}' must be a single line", loc
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return ("must not be empty" if n == 1 else f"is too short (at least {n} characters)"), loc
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)", loc
    if kind == "too_short":
        return "needs at least one entry", loc
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')} (found {_describe(value)})", loc
    if kind in ("int_type", "int_parsing"):
        return f"must be a whole number (found {_describe(value)})", loc
    if kind in ("string_type", "str_type"):
        return f"must be text (found {_describe(value)}); quote it", loc
    if kind == "bool_type":
        return f"must be true or false (found {_describe(value)})", loc
    if kind == "list_type":
        return f"must be a list (found {_describe(value)})", loc
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields (found {_describe(value)})", loc
    msg = str(err.get("msg", "is not valid"))
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, "), loc


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return repr(value)


def problems_from_validation(exc: ValidationError, path: str, text: str | None) -> list[Problem]:
    """Turn a pydantic ValidationError into located Problems."""
    tree = None
    if text is not None:
        try:
            tree = load_roundtrip(text)
        except YamlProblem:
            tree = None
    problems = []
    for err in exc.errors(include_url=False):
        message, loc = _message(err)
        pos = position(tree, loc) if tree is not None else None
        line, col = pos if pos else (None, None)
        problems.append(Problem(path, line, col, format_field_path(loc), message))
    return problems


def validate_data(data: Any, path: str, text: str | None = None) -> Record:
    """Plain data -> Record, or RecordError with located problems."""
    from pydantic import ValidationError

    from incidentctl.record.model import Record

    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        raise RecordError(problems_from_validation(exc, path, text)) from None


def parse_record_text(text: str, path: str) -> Record:
    """YAML text of one record -> Record."""
    try:
        data = load(text)
    except YamlProblem as exc:
        raise RecordError([exc.to_problem(path)]) from None
    return validate_data(data, path, text)
