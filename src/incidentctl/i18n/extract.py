"""A Babel extraction method for our Python code (named in ``babel.cfg``).

Why not Babel's plain Python extractor alone: most of what a reader sees is not written as
``gettext("…")`` calls but as data, and must stay data (the vocabularies are the one place a term
is added, SPEC §4). On top of Babel's own extraction, this finds, at module level:

- the values of every mapping named ``*_LABELS`` (``INCIDENT_TYPE_LABELS``), with the
  vocabulary's name as gettext context: its key in a ``VOCABULARIES`` mapping of the same module
  (``type``), else the name without ``_LABELS``, lower-cased (``VIOLATION_LABELS`` ->
  ``violation``) — the names :func:`incidentctl.i18n.label` takes;
- the words of the tables named by the ``tables`` option (rows of ``(key, heading, column)``:
  everything after each row's key);
- the string constants named by the ``strings`` option.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

Message = tuple[Any, ...]
"""``(line, function name, message(s), translator comments)``, as Babel's extractors yield."""


def python(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Message]:
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, dict(options))  # type: ignore[arg-type]
    tree = ast.parse(source)
    tables = set(str(options.get("tables", "")).split())
    strings = set(str(options.get("strings", "")).split())
    contexts = _vocabulary_names(tree)
    for name, value in _assignments(tree):
        if name.endswith("_LABELS") and isinstance(value, ast.Dict):
            context = contexts.get(name, name.removesuffix("_LABELS").lower())
            for item in value.values:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    yield item.lineno, "pgettext", (context, item.value), []
        elif name in tables and isinstance(value, ast.Tuple):
            for row in value.elts:
                if isinstance(row, ast.Tuple):
                    yield from _constants(row.elts[1:])
        elif name in strings:
            yield from _constants([value])


def _assignments(tree: ast.Module) -> Iterator[tuple[str, ast.expr]]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            yield target.id, value


def _constants(nodes: list[ast.expr]) -> Iterator[Message]:
    for node in nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, "gettext", node.value, []


def _vocabulary_names(tree: ast.Module) -> dict[str, str]:
    """``{"INCIDENT_TYPE_LABELS": "type", …}`` from a module's ``VOCABULARIES`` mapping."""
    for name, value in _assignments(tree):
        if name == "VOCABULARIES" and isinstance(value, ast.Dict):
            return {
                item.id: str(key.value)
                for key, item in zip(value.keys, value.values, strict=True)
                if isinstance(key, ast.Constant) and isinstance(item, ast.Name)
            }
    return {}
