"""Line and column of a field path in a record file, for the problems reported there.

A file in the canonical shape (as incidentctl writes it) is located from its lines; any other
from libyaml's parser events (marks); what neither reads, from the round-trip tree
(:func:`.yamlio.position`), which both shortcuts equal.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# One line of the canonical shape: a top-level key with a literal block (the lines that follow
# it, indented or blank); a key (after an optional sequence dash) with a one-line
# double-quoted string, true/false or a whole number, or with nothing (a collection follows);
# a sequence item that is a string; a blank line or a comment. Possessive quantifiers: linear
# time on any text.
_QUOTED = r'"(?:[^"\\\n]|\\.)*+"'
_KEY = r"[a-z_][a-z0-9_]*+:"
_LINES = re.compile(
    rf"""^(?:
        {_KEY}[ ]+\|[ ]*\n(?P<block>(?:[ ]*+\n|[ ]++[^ \n].*+\n)*+)
      | [ ]*+(?:-[ ])?{_KEY}(?:[ ]+(?:{_QUOTED}|true|false|-?[0-9]++))?[ ]*\n
      | [ ]*+-[ ]{_QUOTED}[ ]*\n
      | [ ]*+(?:\#.*+)?\n
    )""",
    re.VERBOSE | re.MULTILINE,
)


def canonical_shape(text: str) -> bool:
    """Whether every line of ``text`` is of the canonical shape, which :func:`_outline` reads
    by indentation alone (whatever the lines are, positions are only asked of valid files)."""
    if not text.endswith("\n") or "\t" in text or "\r" in text:
        return False
    found = _LINES.findall(text)
    # Each match is whole lines: a line of no known form is skipped by findall, and then
    # fewer lines are consumed than the text has.
    return len(found) + sum(block.count("\n") for block in found) == text.count("\n")


class Positions:
    """Line and column of a field path in a file: the one place positions are computed.

    A file in the canonical shape is located from its lines (indentation alone says what nests
    in what); any other well-formed record from libyaml's parser events; what neither can
    vouch for, from the round-trip tree. Each answers as :func:`.yamlio.position` does on the
    tree. The last file asked about, and its outline, are kept, since its problems come
    together.
    """

    def __init__(self) -> None:
        self._path: str | None = None
        self._text: str | None = None
        self._lines: list[str] | None = None
        self._outline: dict[str, _Entry] | None = None
        self._tree: Any = None

    def at(self, path: str | Path, where: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        if str(path) != self._path:
            self._load(str(path))
        if self._text is None:
            return None, None
        if self._outline is None:
            lines = self._lines
            self._outline = (
                _outline(lines) if lines is not None else _event_outline(self._text)
            ) or {}
        if self._lines is not None or self._outline:
            return _located(self._outline, where)
        return self._from_tree(where)

    def _load(self, path: str) -> None:
        from incidentctl.files import yamlio
        from incidentctl.files.store import read_limited

        self._path, self._text, self._lines, self._tree = path, None, None, None
        self._outline = None
        try:
            self._text = yamlio.decode(read_limited(Path(path)))
        except yamlio.YamlProblem:
            return
        if canonical_shape(self._text):
            self._lines = self._text.split("\n")

    def _from_tree(self, where: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        from incidentctl.files.yamlio import YamlProblem, load_roundtrip, position

        if self._tree is None:
            try:
                self._tree = load_roundtrip(self._text or "")
            except YamlProblem:
                self._text = None
                return None, None
        pos = position(self._tree, where)
        return pos if pos else (None, None)


class _Entry:
    """A key or an item of a canonical file: where it is, where its value starts, what it holds."""

    __slots__ = ("at", "child", "value_at")

    def __init__(self, at: tuple[int, int], value_at: tuple[int, int] | None) -> None:
        self.at = at
        self.value_at = value_at
        self.child: dict[str, _Entry] | list[_Entry] | None = None


def _outline(lines: list[str]) -> dict[str, _Entry]:
    """The positions of every key and item of a canonical-shape file, from its lines alone.

    The file is known to be in the canonical shape (:func:`canonical_shape`: block collections,
    one-line scalars, literal blocks), so indentation alone says what nests in what.
    """
    root: dict[str, _Entry] = {}
    stack: list[tuple[int, dict[str, _Entry] | list[_Entry]]] = [(0, root)]
    pending: tuple[_Entry, int] | None = None
    in_block = False
    for number, text in enumerate(lines, start=1):
        stripped = text.lstrip(" ")
        indent = len(text) - len(stripped)
        if in_block:
            if not stripped or indent:
                continue  # a literal block's text
            in_block = False
        if not stripped or stripped.startswith("#"):
            continue
        if pending is not None:
            entry, _ = pending
            pending = None
            entry.child = [] if stripped.startswith("- ") else {}
            stack.append((indent, entry.child))
        else:
            while len(stack) > 1 and stack[-1][0] > indent:
                stack.pop()
        top = stack[-1][1]
        column = indent
        if stripped.startswith("- "):
            column += 2
            rest = stripped[2:]
            item = _Entry((number, column + 1), None)
            if not isinstance(top, list):
                return root
            top.append(item)
            if rest.startswith('"'):
                continue
            item.child = {}
            stack.append((column, item.child))
            top = item.child
        else:
            rest = stripped
        key, _, value = rest.partition(":")
        if not isinstance(top, dict):
            return root
        value = value.lstrip(" ")
        value_column = len(text) - len(value) + 1
        entry = _Entry((number, column + 1), (number, value_column) if value else None)
        top[key] = entry
        if not value:
            pending = (entry, column)
        elif value.startswith("|"):
            in_block = True
    return root


_PLAIN_TEXT_KEY = re.compile(
    r"(?!(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$)[A-Za-z_][\w-]*"
)
"""A plain key that YAML 1.2 reads as text, as every field name is (``2019-05-21``, ``1`` or
``null`` as a key would be another type in the tree, and not found by a field name)."""


class _Unsure(Exception):
    """A file whose events' marks may differ from the round-trip tree's (an empty value)."""


def _event_outline(text: str) -> dict[str, _Entry] | None:
    """The positions of every key and item of any record file, from libyaml's parser events
    (the guard's reader, :func:`.guard.events`): about a hundred times cheaper than the
    round-trip tree, whose cost made the first ``validate`` of 100,000 hand-written files
    four times that of canonical ones (a warning is located in some 3,500 files in 10,000).

    The tree takes its positions from the same marks (ruamel.yaml's round-trip constructor
    records each key's and value's ``start_mark``), and libyaml's marks equal the pure
    parser's but for an empty value (``key:`` with nothing): libyaml marks it where the key
    ends, ruamel.yaml where the next token starts. A file holding one, a key the tree may
    read as no text, or a text the fast reader does not read gives None: the tree answers.
    """
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import (
        CollectionEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceStartEvent,
    )

    from incidentctl.files import fastyaml
    from incidentctl.files.guard import events

    # Only a text the fast reader reads, so that the reference reader (the guard, libyaml and
    # the pure parser the tree is built by) reads it too: where libyaml and the pure parser
    # disagree (a tab after a value), the fast reader steps aside, and so does this.
    if fastyaml.load(text) is None:
        return None
    stream = events(text)

    def node(first: Any) -> dict[str, _Entry] | list[_Entry] | None:
        """The child of the node that ``first`` starts (None for a scalar)."""
        if isinstance(first, ScalarEvent):
            if first.value == "" and not first.style:
                raise _Unsure
            return None
        if isinstance(first, MappingStartEvent):
            mapping: dict[str, _Entry] = {}
            for key in stream:
                if isinstance(key, CollectionEndEvent):
                    return mapping
                if not isinstance(key, ScalarEvent) or (
                    not key.style and not _PLAIN_TEXT_KEY.fullmatch(key.value)
                ):
                    raise _Unsure  # a key the tree may type otherwise (a date, a number)
                value = next(stream)
                entry = _Entry(_mark(key), _mark(value))
                entry.child = node(value)
                mapping[key.value] = entry
            raise _Unsure
        if isinstance(first, SequenceStartEvent):
            items: list[_Entry] = []
            for item in stream:
                if isinstance(item, CollectionEndEvent):
                    return items
                entry = _Entry(_mark(item), None)
                entry.child = node(item)
                items.append(entry)
            raise _Unsure
        raise _Unsure  # an alias: the guard refuses it

    try:
        for event in stream:
            if isinstance(event, MappingStartEvent):
                root = node(event)
                return root if isinstance(root, dict) else None
            if isinstance(event, (ScalarEvent, SequenceStartEvent)):
                return None
    except (_Unsure, StopIteration, YAMLError):
        return None
    return None


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _located(outline: dict[str, _Entry], where: tuple[str | int, ...]) -> tuple[int, int]:
    """``yamlio.position`` from an outline: the value of a scalar, the key of a collection,
    the item of a list; a missing step, the nearest parent found."""
    best = (1, 1)
    node: dict[str, _Entry] | list[_Entry] | None = outline
    for step in where:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            entry = node[step]
            best = entry.at
        elif isinstance(step, str) and isinstance(node, dict) and step in node:
            entry = node[step]
            best = entry.value_at if entry.child is None and entry.value_at else entry.at
        else:
            break
        node = entry.child
    return best
