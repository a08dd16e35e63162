"""The guard every YAML text passes before anything is built from it.

Records arrive by pull request from people nobody knows. Before a loader constructs
a single value, the guard walks the event stream (libyaml's C parser when available:
fast enough to run on every file) and refuses what a record never needs and an
attacker would use: aliases and anchors (the "billion laughs"), explicit tags
(``!!python/object/apply:...``), directives, several documents, merge keys (``<<``,
which YAML 1.1 and 1.2 readers disagree on), keys that are not text, duplicate keys,
nesting deeper than :data:`MAX_DEPTH` and more than :data:`MAX_NODES` nodes. So a
hostile file costs time and memory bounded by its size and by these caps, nothing in
it is ever executed, and the one error names the line and column where it went wrong.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from incidentctl.errors import Problem

MAX_DEPTH = 32
"""Records nest four levels deep (record > sources > source > field); 32 is generous."""
MAX_NODES = 10_000
"""A large record has a few hundred nodes; the cap bounds the slow round-trip parse."""

# Plain scalars that YAML resolves to something other than text (null, booleans,
# numbers): never a field name, and the cause of keys that collide (``1`` == ``true``).
NON_TEXT = re.compile(
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o[0-7_]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


class YamlProblem(Exception):
    """A file that is not a readable, single, plain YAML mapping."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def to_problem(self, path: str) -> Problem:
        return Problem(path, self.line, self.column, "", self.message)


@dataclass
class _Mapping:
    """An open mapping: whether the next node is a key, and the keys seen so far."""

    key_next: bool = True
    keys: dict[str, int] = field(default_factory=dict)


def check(text: str, single: bool = True, max_nodes: int | None = MAX_NODES) -> None:
    """Raise :class:`YamlProblem` unless ``text`` is plain YAML a record may hold.

    ``single`` refuses a second document (record files); ``max_nodes`` caps the nodes of
    each document (``None`` for import batches, which the caller bounds by size).
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    _check_conflict(text)
    try:
        _walk(events(text), single, max_nodes)
    except MarkedYAMLError as exc:
        raise from_marked(exc, text) from None
    except YAMLError as exc:
        raise _from_reader(exc, text) from None
    except UnicodeEncodeError:
        raise YamlProblem("not valid UTF-8 text (it holds unpaired surrogate characters)") from None


# The lines git writes around both sides of a conflict it could not merge.
_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def _check_conflict(text: str) -> None:
    """A file git left mid-merge is named as such, not as a YAML syntax error on some line."""
    found = _CONFLICT.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise YamlProblem(
            "unresolved git merge conflict: resolve it and commit (keep the right lines and "
            f"delete the '{found.group().strip()}' marker lines)",
            line,
            1,
        )


def events(text: str) -> Iterator[Any]:
    """Parser events of ``text``: libyaml's C parser, or the pure one when it is missing."""
    try:  # ruamel.yaml's own choice of its C extension (clib, or clibz where that is built)
        from ruamel.yaml.cyaml import CParser
    except ImportError:  # pragma: no cover - ruamel.yaml.clib is a dependency on CPython
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(io.StringIO(text))
        return
    parser = CParser(text)
    while parser.check_event():
        yield parser.get_event()


def _walk(events: Iterator[Any], single: bool, max_nodes: int | None) -> None:
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        MappingStartEvent,
        NodeEvent,
        ScalarEvent,
    )

    stack: list[_Mapping | None] = []  # one entry per open collection (None: a sequence)
    documents = nodes = 0
    for event in events:
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        if isinstance(event, DocumentStartEvent):
            documents += 1
            nodes = 0
            if single and documents > 1:
                raise YamlProblem("more than one YAML document; a file holds one record", *where)
            if getattr(event, "version", None) or getattr(event, "tags", None):
                raise YamlProblem(
                    "YAML directives (%YAML, %TAG) are not allowed in records", *where
                )
        elif isinstance(event, AliasEvent):
            raise YamlProblem("YAML aliases (*name) are not allowed in records", *where)
        elif isinstance(event, NodeEvent):
            nodes += 1
            if max_nodes is not None and nodes > max_nodes:
                raise YamlProblem(f"more than {max_nodes} values; too large for a record", *where)
            if event.anchor:
                raise YamlProblem("YAML anchors (&name) are not allowed in records", *where)
            tag = getattr(event, "tag", None)  # ruamel's NodeEvent declares none; each kind has one
            if tag is not None and not _implicit(event):
                raise YamlProblem(f"YAML tags ({tag}) are not allowed in records", *where)
            if isinstance(event, ScalarEvent) and not event.style:
                _check_plain_date(event.value, where)
            parent = stack[-1] if stack else None
            if parent is not None:
                if parent.key_next:
                    _check_key(event, parent, where, ScalarEvent, MappingStartEvent)
                parent.key_next = not parent.key_next
            if isinstance(event, CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", *where)
                stack.append(_Mapping() if isinstance(event, MappingStartEvent) else None)
        elif isinstance(event, CollectionEndEvent):
            stack.pop()


def _check_key(
    event: Any, parent: _Mapping, where: tuple[Any, Any], scalar: type[Any], mapping: type[Any]
) -> None:
    """A mapping key must be a field name: text, once, and not YAML 1.1's merge key."""
    if not isinstance(event, scalar):
        kind = "mapping" if isinstance(event, mapping) else "list"
        raise YamlProblem(f"a {kind} used as a key; keys must be field names", *where)
    plain = event.style is None or event.style == ""
    if plain and event.value == "<<":
        raise YamlProblem("YAML merge keys (<<) are not allowed in records", *where)
    if plain and (event.value == "" or NON_TEXT.fullmatch(event.value)):
        raise YamlProblem(f"'{event.value}' used as a key; keys must be field names", *where)
    first = parent.keys.get(event.value)
    if first is not None:
        raise YamlProblem(f"duplicate key '{event.value}' (first given on line {first})", *where)
    parent.keys[event.value] = where[0] or 0


_DATE_LIKE = re.compile(r"(\d{4})-(\d\d?)-(\d\d?)")


def _check_plain_date(value: str, where: tuple[Any, Any]) -> None:
    """An unquoted impossible date (``2019-13-45``) would fail deep in the loader, unlocated."""
    import datetime as dt

    found = _DATE_LIKE.fullmatch(value)
    if found is None:
        return
    try:
        dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        raise YamlProblem(
            f"'{value}' is not a date; write dates in quotes, e.g. \"2019-05-21\"", *where
        ) from None


def _implicit(event: Any) -> bool:
    implicit = getattr(event, "implicit", None)
    if isinstance(implicit, tuple):
        return any(implicit)
    return bool(implicit)


def from_marked(exc: Any, text: str) -> YamlProblem:
    """A parser error -> one located message in words an analyst can act on."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return YamlProblem(message)
    if _char_at(text, mark.line, mark.column) == "\t" or "tab character" in message:
        before = _line_at(text, mark.line)[: mark.column]
        where = "for indentation" if not before.strip() else "here (after a value)"
        message = f"YAML syntax: a tab character where YAML allows only spaces {where}"
    return YamlProblem(message, mark.line + 1, mark.column + 1)


def _from_reader(exc: Any, text: str) -> YamlProblem:
    """A character the YAML reader refuses (control characters), located when possible."""
    reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
    found = _FORBIDDEN.search(text)
    if found is None:
        return YamlProblem(f"YAML: {reason}")
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return YamlProblem(
        f"control character U+{ord(found.group()):04X} is not allowed in YAML text", line, column
    )


# Characters the YAML 1.2 reader refuses anywhere in a stream (§5.1).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _line_at(text: str, line: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line] if line < len(lines) else ""


def _char_at(text: str, line: int, column: int) -> str:
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    index = start + column
    return text[index] if index < len(text) else ""
