"""The fast canonical writer: what :func:`.ops.edit.format_text` gives, without ruamel.yaml.

``fmt`` rewrites every record in canonical form (SPEC §2), keeping comments. The reference
way, a ruamel.yaml round trip (parse keeping comments, merge the record in, dump), costs about
10 ms a file in pure Python: 100,000 hand-written files would take a quarter of an hour. This
module writes the canonical text of the record's plain data directly (tens of microseconds), and
puts the file's comments back where the round trip puts them — as long as the file is laid out
so that each of its lines has one place in the canonical text:

- the keys are already in canonical order, and every value starts on its key's line
  (``key: value``, ``key: [a, b]``, ``key: |``) or, for a list or a mapping, on the lines below;
- comments are whole lines (the round trip keeps them after the line they follow; those above
  the first key stay on top) or follow a one-line value (``key: value  # note``: kept on the
  line, at its column when the canonical line is short enough, else one space after it);
  blank lines between values count as comment lines.

Whatever else a file holds — keys out of order, a comment between a key and its list, a value
written over several lines, a character that needs an escape the writer does not produce —
:func:`format_fast` returns ``None`` and the caller takes the round trip, which decides. Tests
prove, on every file of generated data sets of both shapes, on fuzzed records and on fuzzed hand
edits of them, that whenever this module gives a text it is the round trip's, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

MAX_TEXT = 100_000
"""Longer values are left to the round trip (its double-quoted writer folds lines past its
width; canonical text never gets near it, but this module does not follow it there)."""

# Characters the reference writer escapes in double quotes (ruamel.yaml's emitter with
# allow_unicode): not printable, or one of these; escaped by the same table.
_ESCAPED = re.compile(
    '[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|["\\\\\x85\u2028\u2029\ufeff]'
)
# What a literal block cannot hold as it is: characters YAML must escape, and those some readers
# take for line breaks (CR, NEL, LS, PS) or a byte-order mark. Text with any of them is written
# double-quoted, where every character has an escape. One rule for both writers (this one and
# the round trip's, files/yamlio.py).
_LITERAL_UNSAFE = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def literal_block(value: str, key: str | None) -> bool:
    """Whether the canonical form writes ``value`` (under ``key``) as a literal block (``|``):
    a summary or any text of several lines, unless it holds a character a block cannot."""
    return (key == "summary" or "\n" in value) and not _LITERAL_UNSAFE.search(value)


class _StepAside(Exception):
    """The round trip may write this differently: let it."""


def _escapes() -> dict[str, str]:
    from ruamel.yaml.emitter import Emitter

    return dict(Emitter.ESCAPE_REPLACEMENTS)


_ESCAPES = _escapes()


def _escape(found: re.Match[str]) -> str:
    ch = found.group()
    if ch in _ESCAPES:
        return "\\" + _ESCAPES[ch]
    if ch <= "\xff":
        return f"\\x{ord(ch):02X}"
    if ch <= "\uffff":
        return f"\\u{ord(ch):04X}"
    return f"\\U{ord(ch):08X}"


def _quoted(text: str) -> str:
    return '"' + _ESCAPED.sub(_escape, text) + '"'


class _Out:
    """The canonical lines, and for each the (dashes, key) it starts with and the index of the
    last line of the value it opens (itself for a one-line value)."""

    __slots__ = ("ends", "heads", "lines")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.heads: list[tuple[int, str | None]] = []
        self.ends: list[int] = []

    def add(self, line: str, dashes: int, key: str | None) -> int:
        self.lines.append(line)
        self.heads.append((dashes, key))
        self.ends.append(len(self.lines) - 1)
        return len(self.lines) - 1


def canonical_lines(data: dict[str, Any]) -> _Out:
    """The canonical text of a record's plain data (``Record.to_data()``), line by line.

    Raises :class:`_StepAside` for what the round trip writes in a form this writer does not
    (empty lists and mappings, literal blocks that need an indentation hint, floats…).
    """
    out = _Out()
    _mapping(out, data, 0, "", 0)
    return out


def canonical_text(
    data: Mapping[str, Any],
    orders: Mapping[str, Sequence[str]] | None = None,
    order: Sequence[str] | None = None,
) -> str | None:
    """The canonical text of a record's plain data, as :func:`.ops.edit.render` writes it for a
    record without a file; ``None`` when only the round trip can tell.

    With ``order`` and ``orders`` (``FIELD_ORDER``, ``SUBORDERS``: the orders the round trip
    sorts by), data that is not already in that order, or holds a key outside it, is left to the
    round trip: an export or import row is not always ``Record.to_data()``.
    """
    if order is not None and not _in_order(data, order, orders or {}):
        return None
    try:
        out = canonical_lines(dict(data))
    except _StepAside:
        return None
    return "".join(line + "\n" for line in out.lines)


def within_guard(data: Mapping[str, Any]) -> bool:
    """Whether the guard (:func:`.files.guard.check`) accepts this writer's text of ``data``
    (a record's plain data, its keys the model's field names), told without parsing the text.

    The text holds none of what the guard refuses by its form — every value is quoted, a
    literal block, a number or a boolean; keys are field names; no tags, anchors, aliases or
    directives; no line that starts like a merge conflict; no character YAML refuses — so only
    its two sizes remain: nodes (each key, value, list and mapping) and nesting depth.
    """
    from incidentctl.files.guard import MAX_DEPTH, MAX_NODES

    nodes = 0
    todo: list[tuple[Any, int]] = [(data, 1)]
    while todo:
        value, depth = todo.pop()
        nodes += 1
        kind = type(value)
        if kind is dict:
            if depth > MAX_DEPTH:
                return False
            nodes += len(value)  # the keys
            todo.extend((v, depth + 1) for v in value.values())
        elif kind is list:
            if depth > MAX_DEPTH:
                return False
            todo.extend((v, depth + 1) for v in value)
    return nodes <= MAX_NODES


_YAML11_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Characters libyaml (YAML 1.1), and so the guard, reads as line breaks, and YAML 1.2 does not."""


def spliced_within_guard(text: str, data: Mapping[str, Any]) -> bool:
    """Whether the guard accepts ``text``, which :func:`format_fast` made of ``data`` and of
    the comments of a file the reader accepted; told without parsing it.

    :func:`within_guard` for the canonical lines; the rest of the text is the file's comments
    and blank lines, each on a line of its own that starts with ``#`` after spaces, or after a
    one-line value with a space before its ``#``: no line of them starts like a merge
    conflict, and their characters passed the reader. Only a comment holding one of YAML
    1.1's extra line breaks (NEL, LS, PS: never in the canonical lines, which escape them)
    could read otherwise in its new place: such a text is left to the guard. Proven on the
    YAML test suite's texts as comments and values, and on fuzzed comments and hand edits
    (``tests/files/test_fastwrite.py``).
    """
    return within_guard(data) and _YAML11_BREAKS.search(text) is None


def _in_order(
    data: Mapping[str, Any], order: Sequence[str], orders: Mapping[str, Sequence[str]]
) -> bool:
    """Every key of ``data`` (and of its nested mappings) known, and in the writer's order."""
    rank = {key: n for n, key in enumerate(order)}
    last = -1
    for key, value in data.items():
        place = rank.get(key)
        if place is None or place < last:
            return False
        last = place
        inner = orders.get(key, ())
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Mapping) and not _in_order(item, inner, orders):
                return False
    return True


def _mapping(out: _Out, data: dict[str, Any], indent: int, first: str, dashes: int) -> None:
    """Each key of ``data`` at column ``indent``; the first line starts with ``first`` (a list
    item's dash) instead of spaces."""
    if not data:
        raise _StepAside
    pad = " " * indent
    for n, (key, value) in enumerate(data.items()):
        start = first if n == 0 and first else pad
        _value(out, f"{start}{key}:", value, key, indent, dashes if n == 0 else 0, key)


def _value(
    out: _Out, head: str, value: Any, key: str | None, indent: int, dashes: int, name: str | None
) -> None:
    """``value`` after ``head`` (``key:`` or ``-``); nested lines indented from ``indent``."""
    kind = type(value)
    if kind is str:
        if len(value) > MAX_TEXT:
            raise _StepAside
        if literal_block(value, key):
            text = value.rstrip("\n")
            if not text or text[0] in " \n":
                raise _StepAside  # the round trip adds an indentation hint (|2)
            at = out.add(f"{head} |", dashes, name)
            body = " " * (indent + 2)
            for line in text.split("\n"):
                out.add(body + line if line else "", -1, None)
            out.ends[at] = len(out.lines) - 1
        else:
            out.add(f"{head} {_quoted(value)}", dashes, name)
    elif kind is bool:
        out.add(f"{head} {'true' if value else 'false'}", dashes, name)
    elif kind is int:
        out.add(f"{head} {value}", dashes, name)
    elif kind is dict:
        at = out.add(head, dashes, name)
        _mapping(out, value, indent + 2, "", 0)
        out.ends[at] = len(out.lines) - 1
    elif kind is list:
        if not value or key is None:
            raise _StepAside  # an empty list is written [], a list in a list: not in records
        at = out.add(head, dashes, name)
        dash = " " * (indent + 2) + "-"
        for item in value:
            if type(item) is dict:
                _mapping(out, item, indent + 4, dash + " ", 1)
            elif type(item) is str and "\n" in item:
                raise _StepAside  # a literal block as a list item: not in records
            else:
                _value(out, dash, item, None, indent + 2, 1, None)
        out.ends[at] = len(out.lines) - 1
    else:
        raise _StepAside  # None, floats: not in records' plain data


# -- the file's comments, put back ---------------------------------------------------------------

_KEY_LINE = re.compile(r"( *)((?:-[ ]+)*)([A-Za-z_][A-Za-z0-9_]*):(?: +|$)")
_ITEM_LINE = re.compile(r"( *)((?:-[ ]+)+)")
_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"')
_SINGLE = re.compile(r"'(?:[^']|'')*'")
_FLOW_ITEM = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s,\[\]{}#&*!|>'"%@`?:-][^,\[\]{}#:?]*)"""
_FLOW = re.compile(rf"\[[ ]*(?:{_FLOW_ITEM}[ ]*(?:,[ ]*{_FLOW_ITEM}[ ]*)*)?\]")
_BLOCK_HEADER = re.compile(r"[|>][-+]?")
_AFTER = re.compile(r"( *)(#.*)?")


def format_fast(text: str, data: dict[str, Any]) -> str | None:
    """The canonical form of ``text`` (a record file the fast reader read, whose record's plain
    data is ``data``) with its comments kept, byte for byte as the round trip writes it; or
    ``None``: take the round trip."""
    if "\r" in text or "\t" in text or not text.endswith("\n") or text.startswith("---"):
        return None
    try:
        out = canonical_lines(data)
        return _splice(text, out)
    except _StepAside:
        return None


def _splice(text: str, out: _Out) -> str:
    """The canonical lines with the comments of ``text`` where the round trip keeps them."""
    lines = text.split("\n")
    lines.pop()  # the text ends with a line break
    top: list[str] = []  # comment lines above the first key
    after: dict[int, list[str]] = {}  # comment lines after canonical line i
    eol: dict[int, tuple[int, str]] = {}  # canonical line i's end-of-line comment (column, text)
    last = -1  # the canonical line the last content line ended at
    opened = False  # the last content line opened a list or mapping (no value on its line)
    at = 0  # the canonical line the next content line must start
    n = 0
    count = len(lines)
    while n < count:
        line = lines[n]
        n += 1
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            if opened or (not stripped and (line or n == 1)):
                raise _StepAside  # between a key and its value; blank lines on top, or of spaces
            (top if last < 0 else after.setdefault(last, [])).append(line)
            continue
        if at >= len(out.lines):
            raise _StepAside
        found = _KEY_LINE.match(line)
        if found is not None:
            dashes, key, parent = found[2].count("-"), found[3], found.start(3)
            rest = line[found.end() :]
            column = found.end()
        else:
            item = _ITEM_LINE.match(line)
            if item is None:
                raise _StepAside  # a value continued from the line above, or no key
            dashes, key, parent = item[2].count("-"), None, -1
            rest = line[item.end() :]
            column = item.end()
            if not rest or rest[0] in "|>":
                raise _StepAside  # a block as a list item: not in records
        if out.heads[at] != (dashes, key):
            raise _StepAside
        opened = False
        if not rest:
            if out.ends[at] == at or out.lines[at][-1] != ":":
                raise _StepAside  # null here, or a value the canonical text writes otherwise
            last = at
            opened = True
            at += 1
            continue
        first = rest[0]
        if first in "|>":
            if not _BLOCK_HEADER.fullmatch(rest):
                raise _StepAside  # an indentation hint, a comment after the header
            while n < count and (not lines[n].strip(" ") or _indent(lines[n]) > parent):
                if not lines[n].strip(" ") and (
                    n + 1 == count or (lines[n + 1].strip(" ") and _indent(lines[n + 1]) <= parent)
                ):
                    raise _StepAside  # blank lines after a block: kept or not, as the chomping says
                n += 1
            last = at = out.ends[at]
            at += 1
            continue
        if first == '"':
            value = _DOUBLE.match(rest)
        elif first == "'":
            value = _SINGLE.match(rest)
        elif first == "[":
            if out.lines[at][-1] != ":":
                raise _StepAside
            value = _FLOW.match(rest)
        else:
            value = None
            end = rest.find(" #")
            if end < 0:
                end = len(rest)
        if value is not None:
            end = value.end()
        elif first in "\"'[":
            raise _StepAside
        tail = _AFTER.fullmatch(rest, end)
        if tail is None or (tail[2] is not None and not tail[1]):
            raise _StepAside
        if tail[2] is not None:
            if first == "[" or out.ends[at] != at:
                raise _StepAside  # a comment on a line the canonical text writes as several
            eol[at] = (column + tail.start(2), tail[2])
        last = at = out.ends[at]
        at += 1
    if at != len(out.lines) or opened:
        raise _StepAside
    parts = [line + "\n" for line in top]
    for i, line in enumerate(out.lines):
        comment = eol.get(i)
        if comment is not None:
            line += " " * max(1, comment[0] - len(line)) + comment[1]
        parts.append(line + "\n")
        for extra in after.get(i, ()):
            parts.append(extra + "\n")
    return "".join(parts)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
