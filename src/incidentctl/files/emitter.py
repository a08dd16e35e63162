"""A fast emitter of the canonical YAML of a *new* record, byte for byte what the round-trip
writer (:func:`incidentctl.files.yamlio.canonical_text` without a tree) writes, or nothing.

Why: ``import`` of 10,000 records spent most of its time in ruamel.yaml's emitter (about 4 ms a
record against 0.15 ms here). A new record has no comments to keep, so its text is a pure
function of its plain data, and the canonical layout (SPEC §2) is small: two-space mappings,
``- `` items indented two, every text double-quoted, ``summary`` and multi-line text as ``|``
blocks, no line wrapping.

The emitter writes only what it is sure of and steps aside (returns None) for everything else:
a character that needs an escape, a block line that starts or ends with a space or is empty,
an empty list or mapping, a value that is not text, a whole number or a boolean, a key out of
the canonical order, very long text. The caller then uses the round-trip writer. Tests
(``tests/fastpaths/test_emitter.py``) prove both the byte-identity and the stepping aside.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_NEEDS_ESCAPE = re.compile(
    "[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]"
)
"""Characters ruamel writes as escapes in double quotes (or that forbid a ``|`` block)."""
_KEY = re.compile(r"[a-z][a-z0-9_]*")
LONGEST = 100_000
"""Text longer than this is left to ruamel (its line width is 1,000,000; far from it)."""


class _StepAside(Exception):
    pass


def canonical_text(
    data: Mapping[str, Any], orders: Mapping[str, Sequence[str]], order: Sequence[str]
) -> str | None:
    """The canonical text of a new record's plain data, or None where the emitter steps aside.

    ``orders`` and ``order`` are the key orders the round-trip writer sorts by
    (``SUBORDERS``, ``FIELD_ORDER``): data in any other order is left to it.
    """
    out: list[str] = []
    try:
        _mapping(out, data, order, orders, "")
    except _StepAside:
        return None
    return "".join(out)


def _mapping(
    out: list[str],
    data: Mapping[str, Any],
    order: Sequence[str],
    orders: Mapping[str, Sequence[str]],
    indent: str,
) -> None:
    if not data:
        raise _StepAside
    rank = {k: i for i, k in enumerate(order)}
    last = -1
    for key, value in data.items():
        place = rank.get(key) if isinstance(key, str) else None
        if place is None or place < last or not _KEY.fullmatch(key):
            raise _StepAside
        last = place
        _value(out, key, value, orders, indent)


def _value(
    out: list[str], key: str, value: Any, orders: Mapping[str, Sequence[str]], indent: str
) -> None:
    if isinstance(value, bool):
        out.append(f"{indent}{key}: {'true' if value else 'false'}\n")
    elif isinstance(value, int):
        out.append(f"{indent}{key}: {value}\n")
    elif isinstance(value, str):
        if key == "summary" or "\n" in value:
            out.append(f"{indent}{key}: |\n")
            for line in value.rstrip("\n").split("\n"):
                if not line or line != line.strip() or line[0] == "#":
                    raise _StepAside
                _check(line)
                out.append(f"{indent}  {line}\n")
        else:
            out.append(f"{indent}{key}: {_quoted(value)}\n")
    elif isinstance(value, Mapping):
        out.append(f"{indent}{key}:\n")
        _mapping(out, value, orders.get(key, ()), orders, indent + "  ")
    elif isinstance(value, list):
        if not value:
            raise _StepAside
        out.append(f"{indent}{key}:\n")
        for item in value:
            if isinstance(item, Mapping):
                sub: list[str] = []
                _mapping(sub, item, orders.get(key, ()), orders, indent + "    ")
                sub[0] = f"{indent}  - " + sub[0][len(indent) + 4 :]
                out.extend(sub)
            elif isinstance(item, str) and "\n" not in item:
                out.append(f"{indent}  - {_quoted(item)}\n")
            else:
                raise _StepAside
    else:
        raise _StepAside


def _check(text: str) -> None:
    if len(text) > LONGEST or _NEEDS_ESCAPE.search(text):
        raise _StepAside


def _quoted(text: str) -> str:
    _check(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
