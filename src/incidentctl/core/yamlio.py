"""Reading and writing record YAML: safe, bounded, positioned and canonical.

Reading has two paths that give the same values. Plain files (the canonical form
never uses anchors, tags, flow collections or directives) go through libyaml via
ruamel.yaml's C extension. Anything else is first scanned event by event with the
pure parser, which refuses aliases, explicit tags, directives, several documents
and deep nesting before anything is built, so a hostile file costs bounded time
and memory and nothing in it is ever executed.

Writing produces the canonical form of SPEC §2: schema key order, two-space
indentation, every string double-quoted (so YAML 1.1 readers cannot misread
``NO`` or ``2019-05-21``), multi-line text as a literal block.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .errors import Problem

MAX_FILE_BYTES = 1_000_000
"""A record is a few kilobytes; a megabyte leaves room for long summaries."""
MAX_DEPTH = 32
"""Records nest four levels deep (record > sources > source > field)."""

_RISKY = re.compile(r"[&*!\[\]{}]|^%|^---|^\.\.\.", re.MULTILINE)


class YamlProblem(Exception):
    """A file that is not a readable, single, plain YAML mapping."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def to_problem(self, path: str) -> Problem:
        return Problem(path, self.line, self.column, "", self.message)


def _yaml(typ: str, pure: bool) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ=typ, pure=pure)


_fast_loader: Any = None
_rt_loader: Any = None


def decode(raw: bytes, limit: int = MAX_FILE_BYTES) -> str:
    """Bytes to text: UTF-8 only, a leading BOM dropped, binary and oversize refused."""
    if len(raw) > limit:
        raise YamlProblem(f"file is too large ({len(raw) / 1e6:.1f} MB; at most {limit / 1e6:.0f} MB)")
    if b"\x00" in raw:
        raise YamlProblem("binary file (contains NUL bytes), not a YAML record")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8",
            line,
            1,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise YamlProblem("file is empty")
    return text


def _scan(text: str, single: bool = True) -> None:
    """Walk the event stream and refuse what a record never needs, before composing."""
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        NodeEvent,
    )

    depth = 0
    documents = 0
    try:
        for event in _yaml("safe", True).parse(io.StringIO(text)):
            mark = getattr(event, "start_mark", None)
            where = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if single and documents > 1:
                    raise YamlProblem("more than one YAML document; a file holds one record", *where)
                if getattr(event, "version", None) or getattr(event, "tags", None):
                    raise YamlProblem("YAML directives (%YAML, %TAG) are not allowed in records", *where)
            if isinstance(event, AliasEvent):
                raise YamlProblem("YAML aliases (*name) are not allowed in records", *where)
            if isinstance(event, NodeEvent) and getattr(event, "anchor", None):
                raise YamlProblem("YAML anchors (&name) are not allowed in records", *where)
            tag = getattr(event, "tag", None)
            if isinstance(event, NodeEvent) and tag is not None and not _implicit(event):
                raise YamlProblem(f"YAML tags ({tag}) are not allowed in records", *where)
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", *where)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except MarkedYAMLError as exc:
        raise _from_marked(exc) from None


def _implicit(event: Any) -> bool:
    implicit = getattr(event, "implicit", None)
    if isinstance(implicit, tuple):
        return any(implicit)
    return bool(implicit)


def _from_marked(exc: Any) -> YamlProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if "found character '\\t'" in message:
        message = "YAML syntax: a tab character where YAML allows only spaces for indentation"
    if "duplicate key" in str(exc):
        message = "YAML syntax: " + str(exc).split("\n")[3].strip()
    if mark is None:
        return YamlProblem(message)
    return YamlProblem(message, mark.line + 1, mark.column + 1)


def load(text: str) -> Any:
    """Parse one record's text into plain Python values (the fast path when safe)."""
    global _fast_loader
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if _RISKY.search(text):
        _scan(text)
    if _fast_loader is None:
        _fast_loader = _yaml("safe", False)
    try:
        data = _fast_loader.load(text)
    except MarkedYAMLError as exc:
        raise _from_marked(exc) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise YamlProblem(f"YAML syntax: {exc}") from None
    if not isinstance(data, dict):
        raise YamlProblem(
            f"a record must be a mapping of fields (found {_kind(data)} at the top level)", 1, 1
        )
    return data


def load_roundtrip(text: str) -> Any:
    """Parse keeping comments, styles and positions (for edits and error locations)."""
    global _rt_loader
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    _scan(text)
    if _rt_loader is None:
        _rt_loader = _yaml("rt", True)
    try:
        data = _rt_loader.load(text)
    except MarkedYAMLError as exc:
        raise _from_marked(exc) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise YamlProblem(f"YAML syntax: {exc}") from None
    if not isinstance(data, dict):
        raise YamlProblem(
            f"a record must be a mapping of fields (found {_kind(data)} at the top level)", 1, 1
        )
    return data


def load_stream(text: str) -> list[Any]:
    """Every document of a YAML stream (an import batch), round-trip so positions are kept.

    Checked like a record file (no aliases, tags or deep nesting), but any number
    of documents and any top-level value are allowed; empty documents are dropped.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    _scan(text, single=False)
    try:
        documents = list(_yaml("rt", True).load_all(text))
    except MarkedYAMLError as exc:
        raise _from_marked(exc) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        raise YamlProblem(f"YAML syntax: {exc}") from None
    return [d for d in documents if d is not None]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a plain string"
    return f"a {type(value).__name__}"


def position(tree: Any, path: Sequence[str | int]) -> tuple[int, int] | None:
    """1-based line and column of the value at ``path`` in a round-trip tree.

    Falls back to the nearest existing parent, and to the key when the value
    itself is missing, so an error always points somewhere useful.
    """
    best: tuple[int, int] | None = (1, 1)
    node = tree
    for step in path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
                if lc is not None:
                    line, col = lc.item(step)
                    best = (line + 1, col + 1)
                node = node[step]
            elif isinstance(step, str) and isinstance(node, dict) and step in node:
                if lc is not None:
                    value = node[step]
                    line, col = lc.value(step) if not isinstance(value, (dict, list)) else lc.key(step)
                    best = (line + 1, col + 1)
                node = node[step]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return best


# -- canonical writing ------------------------------------------------------------


def _styled(value: Any, key: str | None = None) -> Any:
    """Plain value -> ruamel scalar/collection in canonical style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, str):
        if key == "summary" or "\n" in value:
            return LiteralScalarString(value.rstrip("\n") + "\n")
        return DoubleQuotedScalarString(value)
    if isinstance(value, Mapping):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _styled(v, k)
        return out
    if isinstance(value, list):
        seq = CommentedSeq()
        seq.extend(_styled(v) for v in value)
        return seq
    return value


def merge(tree: Any, data: Mapping[str, Any], orders: Mapping[str, Sequence[str]], order: Sequence[str]) -> Any:
    """Make round-trip ``tree`` hold ``data`` in canonical style, keeping comments.

    Keys are set in place (their comments stay attached), removed keys are
    dropped, and the mapping is put back in canonical key order.
    """
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(tree, CommentedMap):
        tree = CommentedMap()
    for key in list(tree.keys()):
        if key not in data:
            del tree[key]
    for key, value in data.items():
        old = tree.get(key)
        tree[key] = _merge_value(old, value, key, orders)
    ordered = [k for k in order if k in tree] + [k for k in tree if k not in order]
    if list(tree.keys()) != ordered:
        fresh = CommentedMap()
        for k in ordered:
            fresh[k] = tree[k]
        _copy_comments(tree, fresh)
        tree = fresh
    return tree


def _merge_value(old: Any, new: Any, key: str | None, orders: Mapping[str, Sequence[str]]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(new, Mapping):
        sub_order = orders.get(key or "", tuple(new.keys()))
        return merge(old if isinstance(old, CommentedMap) else None, new, {}, sub_order)
    if isinstance(new, list):
        seq = old if isinstance(old, CommentedSeq) else CommentedSeq()
        del seq[len(new) :]
        for i, item in enumerate(new):
            prev = seq[i] if i < len(seq) else None
            item_value = (
                merge(prev if isinstance(prev, CommentedMap) else None, item, {}, orders.get(key or "", tuple(item)))
                if isinstance(item, Mapping)
                else _styled(item, None)
            )
            if i < len(seq):
                seq[i] = item_value
            else:
                seq.append(item_value)
        return seq
    return _styled(new, key)


def _copy_comments(src: Any, dst: Any) -> None:
    src_ca, dst_ca = src.ca, dst.ca
    dst_ca.comment = src_ca.comment
    dst_ca.items.update(src_ca.items)
    # A comment that followed the old last key must now follow the new last key.
    if src and dst and list(src.keys())[-1] != list(dst.keys())[-1]:
        last_src = list(src.keys())[-1]
        tail = dst_ca.items.pop(last_src, None)
        if tail is not None:
            dst_ca.items[last_src] = tail
    if getattr(src_ca, "end", None):
        dst_ca.end = src_ca.end


def dump(tree: Any) -> str:
    """Serialise a (merged or fresh) tree in canonical layout."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1_000_000
    yaml.allow_unicode = True
    yaml.explicit_start = False
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def canonical_text(data: Mapping[str, Any], orders: Mapping[str, Sequence[str]], order: Sequence[str], tree: Any = None) -> str:
    """Canonical YAML for a record's plain data, merged into ``tree`` when given."""
    return dump(merge(tree, data, orders, order))
