"""A fast reader for the canonical record form (SPEC §2), used to build the search index.

Building the index reads every record. Even with libyaml, ruamel.yaml spends most of its time
constructing nodes in Python (about 0.5 ms for a typical record), which caps a cold build far
below the rate a large data set needs. Files that incidentctl writes all have one narrow shape:
block mappings and sequences at fixed indentation, double-quoted one-line strings,
``true``/``false``, whole numbers (a group's size), and literal blocks (``|``) for top-level text. This module reads exactly that
shape: one regular expression cuts the text into tokens (lines of a known form, a literal block
with its lines), a count of lines proves that nothing was skipped, and a short loop builds the
mapping from their indentation.

It never guesses: anything else (plain scalars, flow collections, anchors, tags, directives,
indentation it does not expect, duplicate keys, tabs, CR, characters YAML forbids, escapes it
does not know, a missing final newline, nesting or a count of values near the guard's limits)
makes :func:`load` return ``None``, and the caller falls back to :func:`incidentctl.files.yamlio.load`,
whose guard gives the one verdict and message. Whenever it returns a value, that value equals what
``yamlio.load`` returns for the same text (tests check this on generated and on mutated files).
"""

from __future__ import annotations

import re
from typing import Any

from incidentctl.files.guard import MAX_DEPTH, MAX_NODES

# One logical line: a key (after an optional sequence dash) with a double-quoted string,
# true/false, a literal block (all following lines that start with a space or are blank) or
# nothing (a nested collection follows); a sequence item that is a string; a blank line or a
# comment. Possessive quantifiers: a failing file is refused in linear time.
_QUOTED = r'"(?:[^"\\\n]|\\.)*+"'
_BLOCK = r"(?:[ ]*+\n|[ ]++[^ \n].*+\n)*+"
_KEY = r"[a-z_][a-z0-9_]*+"
# A whole number as the writer writes it (a group's size): no sign on zero, no leading zero
# (which YAML 1.1 reads as octal), short enough to be the same int everywhere.
_INT = r"(?:0|-?[1-9][0-9]{0,17})"
_TOKENS = re.compile(
    rf"""^(?P<indent>[ ]*+)
    (?:
        (?P<dash>-[ ])?(?P<key>{_KEY}):
        (?: [ ]+\|[ ]*\n(?P<block>{_BLOCK})
          | [ ]+(?P<value>{_QUOTED}|true|false|{_INT})[ ]*\n
          | [ ]*\n )
      | -[ ](?P<item>{_QUOTED})[ ]*\n
      | (?:\#.*+)?\n
    )""",
    re.VERBOSE | re.MULTILINE,
)
# What YAML's reader refuses anywhere in a stream, plus what it reads as a line break or
# otherwise specially (tab, CR, NEL, LS, PS, BOM): left to the full parser.
_REFUSED = re.compile(
    "[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# Keys the guard (files/guard.py) refuses because YAML reads them as something other than
# text; of those, these are the ones a lower-case field-name pattern can spell.
_NON_TEXT_KEYS = frozenset({"null", "true", "false", "yes", "no", "on", "off"})
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}


class _Refused(Exception):
    """The text is not in the shape this reader knows; use the full parser."""


def load(text: str) -> dict[str, Any] | None:
    """The record mapping of a canonical-form ``text``, or ``None`` to ask for the full parser."""
    if not text.endswith("\n") or _REFUSED.search(text):
        return None
    tokens = _TOKENS.findall(text)
    # Every token is whole lines and starts a line, so a line of no known form is skipped by
    # findall whole: then fewer lines are consumed than the text has.
    consumed = len(tokens) + sum(t[3].count("\n") for t in tokens if t[3])
    if consumed != text.count("\n") or 3 * len(tokens) + 1 > MAX_NODES:
        return None
    try:
        return _build(tokens)
    except _Refused:
        return None


def _build(tokens: list[tuple[str, ...]]) -> dict[str, Any]:
    """Nest the tokens by indentation: a mapping's keys, or a sequence's dashes, share a column."""
    root: dict[str, Any] = {}
    stack: list[tuple[int, Any]] = [(0, root)]
    pending: tuple[dict[str, Any], str, int] | None = None  # a key awaiting its collection
    for spaces, dash, key, block, value, item in tokens:
        if not key and not item:
            continue  # a blank line or a comment
        indent = len(spaces)
        if pending is not None:
            parent, parent_key, parent_indent = pending
            pending = None
            if indent <= parent_indent:
                raise _Refused  # an empty value (null) or an indentless sequence
            parent[parent_key] = [] if (dash or item) else {}
            stack.append((indent, parent[parent_key]))
            if len(stack) >= MAX_DEPTH:
                raise _Refused  # the guard's limit: let it give its located refusal
        else:
            while stack[-1][0] > indent:
                stack.pop()
        top_indent, top = stack[-1]
        if top_indent != indent:
            raise _Refused
        if item:
            if type(top) is not list:
                raise _Refused
            top.append(_string(item))
            continue
        if dash:
            if type(top) is not list:
                raise _Refused
            top.append({})
            top = top[-1]
            indent += 2
            stack.append((indent, top))
            if len(stack) >= MAX_DEPTH:
                raise _Refused
        elif type(top) is not dict:
            raise _Refused
        if key in top or key in _NON_TEXT_KEYS:
            raise _Refused
        if value:
            if value[0] == '"':
                top[key] = _string(value)
            elif value in ("true", "false"):
                top[key] = value == "true"
            else:
                top[key] = int(value)
        elif block:
            if indent:
                raise _Refused  # literal blocks only for top-level text, as written
            top[key] = _literal(block)
        else:
            pending = (top, key, indent)
    if pending is not None or not root:
        raise _Refused
    return root


def _string(quoted: str) -> str:
    body = quoted[1:-1]
    return _ESCAPE.sub(_unescape, body) if "\\" in body else body


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    if code in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[code]
    if len(code) > 1:
        point = int(code[1:], 16)
        if not (0xD800 <= point <= 0xDFFF or point > 0x10FFFF):
            return chr(point)
    raise _Refused


def _literal(block: str) -> str:
    """A literal block with clip chomping; its first line sets the indentation."""
    lines = block.split("\n")[:-1]
    first = lines[0] if lines else ""
    width = len(first) - len(first.lstrip(" "))
    if not first.strip(" "):
        raise _Refused  # leading blank lines: let YAML decide the indentation
    pad = " " * width
    out = []
    for line in lines:
        if line.startswith(pad):
            if len(line) > width and not line.strip(" "):
                raise _Refused  # spaces beyond the indentation are content: leave it to YAML
            out.append(line[width:])
        elif line.strip(" "):
            raise _Refused  # a less indented line inside the block
        else:
            out.append("")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
