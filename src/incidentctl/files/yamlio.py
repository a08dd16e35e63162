"""Reading and writing record YAML: safe, bounded, positioned and canonical.

Every text is first checked by :mod:`.yamlguard` (no aliases, tags, directives,
merge keys, duplicate or non-text keys, several documents, deep nesting or too many
nodes), so what the loaders then build is bounded and nothing in a file is ever
executed. Values are built by libyaml through ruamel.yaml's C extension (fast);
round-trip trees, which keep comments and positions for edits and error messages,
by the pure parser, whose cost the guard's caps keep bounded.

Writing produces the canonical form of SPEC §2: schema key order, two-space
indentation, every string double-quoted (so YAML 1.1 readers cannot misread
``NO`` or ``2019-05-21``), multi-line text as a literal block.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from incidentctl.files.guard import MAX_DEPTH, MAX_NODES, YamlProblem, check, from_marked

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "YamlProblem", "decode", "load"]

MAX_FILE_BYTES = 1_000_000
"""A record is a few kilobytes; a megabyte leaves room for long summaries."""


def _yaml(typ: str, pure: bool) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ=typ, pure=pure)


_fast_loader: Any = None
_rt_loader: Any = None


def decode(raw: bytes, limit: int = MAX_FILE_BYTES) -> str:
    """Bytes to text: UTF-8 only, a leading BOM dropped, binary and oversize refused."""
    if len(raw) > limit:
        raise YamlProblem(
            f"file is too large ({len(raw) / 1e6:.1f} MB; at most {limit / 1e6:.0f} MB)"
        )
    if b"\x00" in raw:
        raise YamlProblem("binary file (contains NUL bytes), not a YAML record")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace"))
        raise YamlProblem(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
            line,
            column + 1,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise YamlProblem("file is empty")
    return text


def _construct(loader: Any, text: str, load_all: bool = False) -> Any:
    """Run a ruamel loader on guarded text; any failure becomes one YamlProblem."""
    from ruamel.yaml.error import MarkedYAMLError

    try:
        return list(loader.load_all(text)) if load_all else loader.load(text)
    except MarkedYAMLError as exc:
        raise from_marked(exc, text) from None
    except Exception as exc:  # a value YAML parses but cannot build (2019-13-45), or worse
        raise YamlProblem(f"YAML: cannot read a value: {exc}") from None


def _mapping(data: Any) -> Any:
    if not isinstance(data, dict):
        raise YamlProblem(
            f"a record must be a mapping of fields (found {_kind(data)} at the top level)", 1, 1
        )
    return data


def load(text: str) -> Any:
    """Parse one record's text into plain Python values (checked, then built by libyaml).

    libyaml and ruamel's pure parser (which :func:`load_roundtrip`, and so ``fmt`` and ``edit``,
    use) disagree on some texts (a tab after a value, ``|#``): the guard walks libyaml's events
    and this also runs the pure parser, so a text is valid only if both read it, and every
    command gives the same verdict with the same message.
    """
    global _fast_loader

    check(text)
    _pure_verdict(text)
    if _fast_loader is None:
        _fast_loader = _yaml("safe", False)
    return _mapping(_construct(_fast_loader, text))


def _pure_verdict(text: str) -> None:
    """Raise the pure parser's located error if it refuses ``text`` (guarded: bounded cost)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        for _event in _yaml("rt", True).parse(io.StringIO(text)):
            pass
    except MarkedYAMLError as exc:
        raise from_marked(exc, text) from None
    except YAMLError as exc:  # pragma: no cover - the guard's reader refused these first
        raise YamlProblem(f"YAML: {exc}") from None
    except NotImplementedError:  # ruamel.yaml's comment handling (spec example 6.11)
        raise YamlProblem(
            "YAML: comments laid out in a way the editor cannot keep (a key followed by "
            "comment lines before its value); move the comments"
        ) from None


def load_roundtrip(text: str) -> Any:
    """Parse keeping comments, styles and positions (for edits and error locations)."""
    global _rt_loader

    check(text)
    if _rt_loader is None:
        _rt_loader = _yaml("rt", True)
    return _mapping(_construct(_rt_loader, text))


def load_stream(text: str) -> list[Any]:
    """Every document of a YAML stream (an import batch), round-trip so positions are kept.

    Checked like a record file (no aliases, tags or deep nesting), but any number
    of documents and any top-level value are allowed; empty documents are dropped.
    """
    check(text, single=False, max_nodes=None)
    documents = _construct(_yaml("rt", True), text, load_all=True)
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
                    line, col = (
                        lc.value(step) if not isinstance(value, (dict, list)) else lc.key(step)
                    )
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

    from incidentctl.files.fastwrite import literal_block  # it builds a table from ruamel

    if isinstance(value, str):
        if literal_block(value, key):
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


def merge(
    tree: Any, data: Mapping[str, Any], orders: Mapping[str, Sequence[str]], order: Sequence[str]
) -> Any:
    """Make round-trip ``tree`` hold ``data`` in canonical style, keeping comments.

    Keys are set in place (their comments stay attached), removed keys are
    dropped, and the mapping is put back in canonical key order. ``orders`` gives the
    key order of every nested record by the field holding it, at any depth (people,
    their acts, withdrawn…).
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
        above = _detach_comments_above(tree)
        fresh = CommentedMap()
        for k in ordered:
            fresh[k] = tree[k]
        _copy_comments(tree, fresh)
        _attach_comments_above(fresh, above)
        tree = fresh
    tree.fa.set_block_style()  # a file written in flow style ({...}) comes out canonical
    return tree


def _merge_value(old: Any, new: Any, key: str | None, orders: Mapping[str, Sequence[str]]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(new, Mapping):
        sub_order = orders.get(key or "", tuple(new.keys()))
        return merge(old if isinstance(old, CommentedMap) else None, new, orders, sub_order)
    if isinstance(new, list):
        seq = old if isinstance(old, CommentedSeq) else CommentedSeq()
        seq.fa.set_block_style()
        del seq[len(new) :]
        for i, item in enumerate(new):
            prev = seq[i] if i < len(seq) else None
            item_value = (
                merge(
                    prev if isinstance(prev, CommentedMap) else None,
                    item,
                    orders,
                    orders.get(key or "", tuple(item)),
                )
                if isinstance(item, Mapping)
                else _styled(item, None)
            )
            if i < len(seq):
                seq[i] = item_value
            else:
                seq.append(item_value)
        return seq
    return _styled(new, key)


def _tail_slot(tree: Any, key: Any) -> tuple[list[Any], int]:
    """Where ruamel keeps the comment that follows ``tree[key]``'s value: the end-of-line
    comment and the full-line comments up to the next key (the slot, its index)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = tree[key]
    if isinstance(value, CommentedMap) and value:
        return _tail_slot(value, list(value.keys())[-1])
    if isinstance(value, CommentedSeq) and value:
        if isinstance(value[-1], (CommentedMap, CommentedSeq)) and value[-1]:
            return _tail_slot(value, len(value) - 1)
        return value.ca.items.setdefault(len(value) - 1, [None, None, None, None]), 0
    if isinstance(tree, CommentedSeq):
        return tree.ca.items.setdefault(key, [None, None, None, None]), 0
    return tree.ca.items.setdefault(key, [None, None, None, None]), 2


def _detach_comments_above(tree: Any) -> dict[Any, str]:
    """The full-line comments above each key but the first, taken off the value before it.

    ruamel stores them as the tail of the previous value's comment, so a key moved into
    canonical order would otherwise leave its comment behind (the end-of-line part stays).
    """
    keys = list(tree.keys())
    above: dict[Any, str] = {}
    for before, key in itertools.pairwise(keys):
        slot, index = _tail_slot(tree, before)
        token = slot[index]
        if token is None or not isinstance(token.value, str):
            continue
        eol, _, lines = token.value.partition("\n")
        if lines.strip():
            token.value = eol + "\n"
            above[key] = lines
    return above


def _attach_comments_above(tree: Any, above: dict[Any, str]) -> None:
    """Put each detached comment back directly above its key, in the new order."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    for key, lines in above.items():
        pre = tree.ca.items.setdefault(key, [None, None, None, None])
        pre[1] = [CommentToken(lines, CommentMark(0)), *(pre[1] or [])]


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


def canonical_text(
    data: Mapping[str, Any],
    orders: Mapping[str, Sequence[str]],
    order: Sequence[str],
    tree: Any = None,
) -> str:
    """Canonical YAML for a record's plain data, merged into ``tree`` when given."""
    return dump(merge(tree, data, orders, order))
