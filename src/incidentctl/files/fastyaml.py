"""The fast reader of any well-formed record file, through rapidyaml (a C++ YAML parser).

(It replaced a hand-written reader of the canonical form only: at the same speed within the
noise, it reads files written by hand too; see docs/performance.md, "Hand-written files".)

Building the index, ``validate`` and ``fmt`` read every record. The reference reader
(:func:`.yamlio.load`: the guard, then libyaml and ruamel.yaml's pure parser) costs about
2 ms a file, most of it building nodes in Python; rapidyaml parses a record in about 20 µs
and this module builds its values from the parsed tree in one short walk.

Only the parsing is rapidyaml's; **the typing is the reference reader's**. rapidyaml resolves
plain scalars its own way (``~``, ``0x1F``, ``.inf``, ``nan`` and dates differ from the YAML 1.2
core schema that ruamel.yaml applies), so this module resolves every plain scalar itself with
ruamel.yaml's own YAML 1.2 patterns (:data:`_RESOLVES`, built from its resolver table), and
*steps aside* — :func:`load` returns ``None``, and the caller asks the reference reader, which
gives the one verdict and message — whenever the two could differ or the guard would refuse:

- tags (``!!str``), anchors and aliases, merge keys (``<<``), directives, ``---``/``...``
  markers (so several documents too): the guard refuses them;
- plain scalars that are floats (``1.5``, ``.inf``, ``.nan``), integers in any form but plain
  decimal (``0x1F``, ``0o17``, ``017``, ``+1``, ``1_000``), timestamps with a time, and
  date-like text that is not a valid ``YYYY-MM-DD`` (the guard refuses ``2019-13-45``);
  what is left is text, ``true``/``false`` (any case YAML 1.2 allows), null (``~``, ``null``,
  empty), a decimal whole number or a date — exactly what ruamel.yaml gives;
- ``yes``/``no``/``on``/``off`` are text here, as in YAML 1.2 and the reference reader (YAML
  1.1 read them as booleans: the canonical writer quotes them for such readers); as *keys*
  the guard refuses them, so they step aside;
- keys that are not plain field-name text (empty, null, numbers, booleans), duplicate keys,
  a top level that is not one mapping;
- tabs, CR and every character the YAML reader refuses or reads as a line break; backslash
  escapes YAML does not define; git conflict markers;
- nesting at :data:`.guard.MAX_DEPTH` or more than :data:`.guard.MAX_NODES` nodes (the guard's
  limits; the file size limit applies before, in :func:`.yamlio.decode`);
- any text rapidyaml refuses (a parse error).

So whenever :func:`load` returns a value it equals :func:`.yamlio.load`'s for the same text;
tests prove it on every case of the YAML test suite and on fuzzed records and scalars.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from incidentctl.files.guard import MAX_DEPTH, MAX_NODES, NON_TEXT


class _StepAside(Exception):
    """The text may read differently here than in the reference reader: ask it."""


def _resolver_patterns() -> tuple[re.Pattern[str], frozenset[str]]:
    """Every plain scalar ruamel.yaml's YAML 1.2 resolver reads as something other than text,
    as one pattern, and the characters such a scalar starts with, from ruamel.yaml's own table
    (so the two can never drift apart)."""
    from ruamel.yaml.resolver import implicit_resolvers

    table = [entry for entry in implicit_resolvers if (1, 2) in entry[0]]
    pattern = re.compile("|".join(f"(?:{regexp.pattern})" for _, _, regexp, _ in table), re.X)
    return pattern, frozenset(c for *_, first in table for c in first)


_RESOLVES, _RESOLVES_FIRST = _resolver_patterns()
# Typed values the fast reader builds itself; any other plain scalar _RESOLVES matches
# (floats, other integer forms, timestamps with a time, ``<<``, ``=``) steps aside.
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_BOOLEANS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_NULLS = frozenset({"~", "null", "Null", "NULL"})
# The guard refuses an unquoted impossible date (files/guard.py, _check_plain_date).
_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?")
# Characters the YAML reader refuses, or reads as a line break or white space in ways parsers
# disagree on (tab, CR, NEL, LS, PS, BOM): left to the reference reader.
_REFUSED = re.compile(
    "[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# A directive, a document marker or a git conflict marker at the start of a line (after a line
# feed: several times faster than a multi-line ``^``; the first line is checked apart).
_MARKERS = re.compile(r"\n(?:%|---|\.\.\.|<{7}|={7}|>{7})")
# Flow mappings (``{``) are left out altogether: rapidyaml accepts some that libyaml refuses
# (a colon on the line after the key, ``{x: :x}``) and reads ``{ ?foo: bar}`` differently;
# records need none. Explicit keys (``? key``) likewise.
_EXPLICIT_KEY = re.compile(r"(?:^|\n)[ ]*(?:-[ ]+)*\?(?:[ \n]|$)")
# A key with only a comment on its line, then more comment lines: ruamel.yaml's round-trip
# parser fails on it (spec example 6.11), so the reference refuses what rapidyaml reads.
_COMMENTS_AFTER_KEY = re.compile(r":[ ]+#[^\n]*\n[ ]*#")
# YAML's reserved indicators (``@``, `````) where a plain scalar would start: libyaml refuses
# them, rapidyaml reads them as text.
_RESERVED = re.compile(r"(?:^|[ \n\[,])[@`]")
# A block scalar's header: rapidyaml reads past what follows ``|`` or ``>`` (``|1_000``,
# ``|2x``) where libyaml refuses it; any header but an indentation digit, a chomping sign and a
# comment leaves the file to the reference reader (a ``: |`` inside quotes only costs time).
_BLOCK_HEADER = re.compile(r"[:-][ ]+[|>]([^\n]*)")
_GOOD_HEADER = re.compile(r"(?:[1-9][+-]?|[+-][1-9]?)?(?:[ ]+#[^\n]*|[ ]*)")
_BLOCK_INDICATOR = re.compile(r"[|>]")
# Flow sequences as people write them in records, on one line: ``[KZ, RU]``, ``['a b', "c"]``.
# In flow context libyaml and rapidyaml disagree on much (``[https://x]``, ``[a?]``, nesting,
# several lines), so any other ``[`` leaves the file to the reference reader.
_FLOW_ITEM = r"""(?:"[^"\\\n]*+"|'(?:[^'\n]|'')*+'|[^\s,\[\]{}#&*!|>'"%@`?:-][^,\[\]{}#:?\n]*+)"""
_SIMPLE_FLOW = re.compile(
    rf"\[[ ]*+(?:{_FLOW_ITEM}[ ]*+(?:,[ ]*+{_FLOW_ITEM}[ ]*+)*+)?\][ ]*+(?:#[^\n]*+)?\n"
)
# A backslash that is not one of YAML's escapes in double quotes (harmless elsewhere; stepping
# aside is always safe), or an escaped surrogate.
_ODD_ESCAPE = re.compile(
    r"\\(?![0abtnvfre \"/\\N_\n]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U00(?:0[0-9A-Fa-f]|10)[0-9A-Fa-f]{4})"
    r"|\\u[dD][89a-fA-F]|\\U0000[dD][89a-fA-F]"
)


def load(text: str) -> dict[str, Any] | None:
    """The record mapping of ``text`` as the reference reader reads it, or ``None`` to ask it."""
    text = _normalised(text)
    if not _acceptable(text):
        return None
    # One silenced stretch for the parse and the emitter (each costs four system calls).
    with _stderr_silenced():
        tree = _tree(text)
        if tree is None:
            return None
        try:
            data = _from_json(tree, text)
            return data if data is not None else _build(tree)
        except _StepAside:
            return None


def load_exact(text: str) -> dict[str, Any] | None:
    """:func:`load` through the tree walk alone (what :func:`load` falls back to when in doubt);
    for the tests, which prove both ways against the reference reader."""
    text = _normalised(text)
    if not _acceptable(text):
        return None
    with _stderr_silenced():
        tree = _tree(text)
    if tree is None:
        return None
    try:
        return _build(tree)
    except _StepAside:
        return None


def _normalised(text: str) -> str:
    """``text`` with what cannot change its values undone: Windows line ends (YAML reads every
    line break as a line feed), a leading ``---`` line (one document, marked) and a missing
    last line break after a line that starts a top-level key (rapidyaml and libyaml disagree
    at the end of an indented block scalar without one: such a text is left as it is)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # a lone CR is still refused below
    if text and not text.endswith("\n") and text[text.rfind("\n") + 1] not in " #":
        text += "\n"
    return text[4:] if text.startswith("---\n") else text


def _acceptable(text: str) -> bool:
    """Whether nothing in ``text`` (normalised) leaves it to the reference reader before parsing."""
    return not (
        not text.endswith("\n")
        or not _allowed(text)
        or text[0] in "%-.<=>"
        or "{" in text
        or ("?" in text and _EXPLICIT_KEY.search(text))
        or ("#" in text and _COMMENTS_AFTER_KEY.search(text))
        or (("@" in text or "`" in text) and _RESERVED.search(text))
        or ("[" in text and not _simple_flow(text))
        or _odd_block_header(text)
        or _MARKERS.search(text)
        or ("\\" in text and ("\\\n" in text or _ODD_ESCAPE.search(text)))
    )


def _tree(text: str) -> Any:
    """rapidyaml's tree of an :func:`_acceptable` text, or None: a text the fast reader leaves
    alone. Inside :func:`_stderr_silenced` (rapidyaml prints its errors)."""
    tree = _parse(text.encode("utf-8"))
    if tree is None or 2 * tree.size() > MAX_NODES:
        return None
    import ryml

    kind = tree.type(tree.root_id())
    if not kind & ryml.MAP or kind & (ryml.DOC | ryml.KEY):
        return None  # a stream of documents, a scalar, a list, nothing: the reference decides
    return tree


# A tag (``!``), an anchor (``&a``) or an alias (``*a``) where a node may start; prose matches
# too sometimes ("Libérez-le !"): then the tree walk, which sees them exactly, decides.
_PROPERTY = re.compile(r"(?:^|[ \n\[{,:?-])(?:!|[&*][^ \n,\[\]{}])")


def _from_json(tree: Any, text: str) -> dict[str, Any] | None:
    """The values through rapidyaml's JSON emitter and pydantic-core's JSON reader (fastest),
    when no value can have been typed differently; ``None``: in doubt, ask the tree walk.

    JSON keeps no scalar styles, so a string that YAML 1.2 types when written plain (a date,
    ``~``, ``0x1F``, ``.nan``; rapidyaml emits them as text) may have been quoted or not: each
    such string that may stand plain in the text is looked up in the tree by its path and typed
    from its own node. Floats, non-text keys and a node count that differs from the tree's
    (duplicate keys, which JSON merges) leave it to the walk, or to the reference reader.
    """
    import ryml
    from pydantic_core import from_json

    if ("!" in text or "&" in text or "*" in text) and _PROPERTY.search(text):
        return None
    try:
        emitted = ryml.emit_json_malloc(tree, tree.root_id())  # inside load's silenced stretch
        # pydantic-core's ``from_json`` (jiter, in Rust) rather than ``json.loads``: half the
        # time, and the same values for every JSON both accept; it refuses what ``json.loads``
        # refuses (control characters, ``+1``), which then goes to the tree walk as before
        # (tests/files/test_fastyaml.py compares the two on fuzzed scalars).
        data = from_json(emitted)
    except (ryml.ExceptionBasic, ValueError, TypeError):
        return None
    if type(data) is not dict or not data:
        raise _StepAside
    doubts: list[tuple[str | int, ...]] = []
    nodes = _settled(data, (), text, doubts)
    if nodes is None or nodes != tree.size():
        return None
    for path in doubts:
        _retype(tree, data, path)
    return data


def _settled(
    value: Any, path: tuple[str | int, ...], text: str, doubts: list[tuple[str | int, ...]]
) -> int | None:
    """The number of nodes of ``value`` (a mapping or a list), adding to ``doubts`` the paths of
    the strings that may have been plain typed scalars; ``None`` if a key is in doubt (see
    :func:`_from_json`). One loop per container, the path built only for a string in doubt:
    this walk was a third of the fast reader's time."""
    if len(path) >= MAX_DEPTH:
        raise _StepAside
    total = 1 + len(value)  # each item one node; a container adds its own below
    pairs: Any
    if type(value) is dict:
        # The keys first, all at once where each is a known field name (nearly always); a key
        # in doubt leaves the whole text to the tree walk, which gives the same verdict
        # whatever else it holds (a float or a deeper doubt only send it there sooner).
        if not _TEXT_KEYS.issuperset(value) and not all(
            key in _TEXT_KEYS or _text_key(key) for key in value
        ):
            return None
        pairs = value.items()
    else:
        pairs = enumerate(value)
    doubt_first = _DOUBT_FIRST
    for key, item in pairs:
        kind = type(item)
        if kind is str:
            if item[:1] in doubt_first and _doubtful(item) and _maybe_plain(item, text):
                doubts.append((*path, key))
        elif kind is dict or kind is list:
            found = _settled(item, (*path, key), text, doubts)
            if found is None:
                return None
            total += found - 1
        elif kind is float:
            raise _StepAside  # a plain float: records hold none, and rapidyaml's typing differs
        # int, bool, None: from plain decimal, true/false, null or empty, as in YAML 1.2
    return total


def _retype(tree: Any, data: dict[str, Any], path: tuple[str | int, ...]) -> None:
    """Give the string at ``path`` the type YAML 1.2 gives its node's text if it was plain."""
    import ryml

    node = tree.root_id()
    for step in path:
        node = (
            tree.find_child(node, step.encode())
            if isinstance(step, str)
            else tree.child(node, step)
        )
    if tree.type(node) & ryml.VAL_PLAIN:
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = _plain(str(tree.val(node), "utf-8"))


# What rapidyaml's JSON emitter writes for several plain texts (``inf``, ``infinity``,
# ``.Inf`` -> ``.inf``; ``nan``, ``.NaN`` -> ``.nan``): never the text's own for certain.
_REWRITTEN = frozenset({".inf", "-.inf", ".nan"})
# What may follow a plain scalar: a line end, a flow indicator, a key's colon, a comment.
_PLAIN_END = re.compile(r" *(?:[\n,\]}:]|$)| +#")


def _maybe_plain(value: str, text: str) -> bool:
    """Whether ``value`` may stand in ``text`` as a whole plain scalar.

    A plain scalar without white space is its own text, on one line; it never starts right
    after a quote, and ends at a line end, a comment, a flow indicator or a key's colon. When
    every occurrence of ``value`` starts right after a quote or runs on into other text, each
    node holding it was quoted (a dated id, a year inside a sentence): text in YAML 1.2 too.
    """
    if value in _REWRITTEN:
        return True  # rapidyaml writes these for other texts too: quoted ".inf" beside plain inf
    if not value or " " in value:
        return True  # empty (the walk tells quoted from null), or a timestamp with a time (folded from several lines, perhaps)
    start = text.find(value)
    if start < 0:
        return True  # rapidyaml rewrote it (``nan`` as ``.nan``): not the text's own
    size = len(value)
    while start >= 0:
        after = start + size
        if (start == 0 or text[start - 1] not in "\"'") and _PLAIN_END.match(text, after):
            return True
        start = text.find(value, after)
    return False


def _odd_block_header(text: str) -> bool:
    """Whether a block scalar header (a match of :data:`_BLOCK_HEADER`) is not a
    :data:`_GOOD_HEADER`. The same matches as ``_BLOCK_HEADER.finditer``, found from the rarer
    ``|`` and ``>`` looking back (about four times faster: every ``-`` and ``:`` of a record
    started a trial of the pattern); ``tests/fastpaths`` proves the two agree."""
    find, size = _BLOCK_INDICATOR.search, len(text)
    found = find(text)
    while found is not None:
        at = found.start()
        before = at - 1
        while before >= 0 and text[before] == " ":
            before -= 1
        if before < at - 1 and before >= 0 and text[before] in ":-":
            end = text.find("\n", at)
            end = size if end < 0 else end
            if not _GOOD_HEADER.fullmatch(text, at + 1, end):
                return True
            found = find(text, end)  # a match runs to its line's end
        else:
            found = find(text, at + 1)
    return False


def _simple_flow(text: str) -> bool:
    """Whether every ``[`` in ``text`` starts a one-line flow sequence of simple items."""
    start = text.find("[")
    while start >= 0:
        found = _SIMPLE_FLOW.match(text, start)
        if found is None:
            return False
        start = text.find("[", found.end())
    return True


def _allowed(text: str) -> bool:
    """No character the reference reader refuses or reads differently: printable text (plus
    line feeds) is allowed, so most files need no pattern search."""
    return text.replace("\n", " ").isprintable() or _REFUSED.search(text) is None


def _parse(raw: bytes) -> Any:
    """rapidyaml's tree, or None when it refuses the text (the reference reader then reports
    the file)."""
    import ryml

    try:
        return ryml.parse_in_arena(raw)
    except ryml.ExceptionBasic:
        return None


_QUIET = [0]
"""How many :func:`quiet` stretches are open in this process (stderr is silenced already)."""


@contextmanager
def quiet() -> Iterator[None]:
    """Standard error silenced and Ctrl-C held for a whole stretch of :func:`load` calls (a
    chunk of ``fmt``'s files) rather than once a call: six system calls a file fewer. For
    short stretches only, where nothing else needs standard error: a Ctrl-C waits for the end
    of the stretch (blocked, not lost), and what anything prints meanwhile is lost."""
    with _stderr_silenced():
        _QUIET[0] += 1
        try:
            yield
        finally:
            _QUIET[0] -= 1


@contextmanager
def _stderr_silenced() -> Iterator[None]:
    """rapidyaml's C++ code prints its errors (a parse error, the emitter's depth limit) on the
    process's standard error before raising; the file is then reported by the reference reader
    or read another way, so stderr points elsewhere meanwhile (a thread writing to stderr at
    that moment loses its line: only the progress bar's refresh runs in a thread, and its next
    frame redraws it).

    Ctrl-C is held back meanwhile (the signal blocked, not lost): Python may raise
    ``KeyboardInterrupt`` between any two steps, and one raised before stderr was restored
    left the run's "interrupted" line going to /dev/null (exit 130, nothing said). Held, it
    arrives once stderr is back. Inside :func:`quiet` both are done already."""
    if _QUIET[0]:
        yield
        return
    held = _hold_interrupts()
    try:
        try:
            saved = os.dup(2)
        except OSError:  # no standard error to protect
            yield
            return
        try:
            os.dup2(_devnull(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    finally:
        _release_interrupts(held)


_MASKABLE = hasattr(signal, "pthread_sigmask")
_SIGINT = {signal.SIGINT}


def _hold_interrupts() -> set[int | signal.Signals] | None:
    """Block SIGINT for this thread; the previous mask, or None where signals cannot be masked."""
    return signal.pthread_sigmask(signal.SIG_BLOCK, _SIGINT) if _MASKABLE else None


def _release_interrupts(held: set[int | signal.Signals] | None) -> None:
    """Restore the mask :func:`_hold_interrupts` changed; a pending Ctrl-C is delivered now."""
    if held is not None and signal.SIGINT not in held:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGINT)


_DEVNULL: list[int] = []


def _devnull() -> int:
    if not _DEVNULL:
        _DEVNULL.append(os.open(os.devnull, os.O_WRONLY))
    return _DEVNULL[0]


def _build(tree: Any) -> dict[str, Any]:
    import ryml

    is_map, is_seq, val_plain, val_nil = ryml.MAP, ryml.SEQ, ryml.VAL_PLAIN, ryml.VALNIL
    refused = (
        ryml.KEYNIL
        | ryml.KEYTAG
        | ryml.VALTAG
        | ryml.KEYANCH
        | ryml.VALANCH
        | ryml.KEYREF
        | ryml.VALREF
    )
    none = ryml.NONE
    type_of, first, after, key_of, val_of = (
        tree.type,
        tree.first_child,
        tree.next_sibling,
        tree.key,
        tree.val,
    )

    def scalar(kind: int, node: int) -> Any:
        if kind & val_nil:
            return None
        text = str(val_of(node), "utf-8")
        return _plain(text) if kind & val_plain else text

    def build(node: int, kind: int, depth: int) -> Any:
        if kind & refused:
            raise _StepAside
        if kind & is_map:
            if depth >= MAX_DEPTH:
                raise _StepAside
            mapping: dict[str, Any] = {}
            child = first(node)
            while child != none:
                child_kind = type_of(child)
                if child_kind & refused:
                    raise _StepAside
                key = str(key_of(child), "utf-8")
                if key in mapping or (key not in _TEXT_KEYS and not _text_key(key)):
                    raise _StepAside  # duplicate keys, keys that are not field names
                mapping[key] = build(child, child_kind, depth + 1)
                child = after(child)
            return mapping
        if kind & is_seq:
            if depth >= MAX_DEPTH:
                raise _StepAside
            items = []
            child = first(node)
            while child != none:
                items.append(build(child, type_of(child), depth + 1))
                child = after(child)
            return items
        return scalar(kind, node)

    root = tree.root_id()
    data: dict[str, Any] = build(root, type_of(root), 0)
    if not data:
        raise _StepAside
    return data


_TEXT_KEYS: set[str] = set()
"""Plain keys known to be text (field names recur in every file: each is checked once)."""


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _text_key(key: str) -> bool:
    """Whether a key, quoted or not, is a field name the guard accepts as text (not null, a
    boolean, ``<<``). Records have no other keys (the model refuses them, and the reference
    reader locates that), and multi-line keys, which rapidyaml accepts and libyaml refuses,
    fold into something else."""
    try:
        text = _FIELD_NAME.fullmatch(key) and not NON_TEXT.fullmatch(key) and _plain(key) == key
    except _StepAside:
        return False
    if text and len(_TEXT_KEYS) < 10_000:
        _TEXT_KEYS.add(key)
    return bool(text)


# What no plain scalar may start with (YAML 1.2 §7.3.3; ``-?:`` only before a space): libyaml
# refuses it, rapidyaml reads some of it (``k: ]``, ``k: @x``) as text.
_INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")


# The first characters of every string :func:`_doubtful` may find in doubt ("" for empty).
_DOUBT_FIRST = frozenset({"", *_RESOLVES_FIRST, *"0123456789", *_INDICATORS, "-", "?", ":"})


def _doubtful(value: str) -> bool:
    """Whether a string, if it was written plain, may be typed or refused by the reference."""
    return bool(
        _RESOLVES.fullmatch(value)
        or _DATE_LIKE.fullmatch(value)
        or value[:1] in _INDICATORS
        or (value[:1] in "-?:" and value[1:2] in ("", " "))
    )


def _plain(text: str) -> Any:
    """A plain scalar's value under YAML 1.2's core schema as ruamel.yaml reads it."""
    if not text:
        return None
    if text[0] in _INDICATORS or (text[0] in "-?:" and text[1:2] in ("", " ")):
        raise _StepAside
    if _RESOLVES.fullmatch(text) is None:
        if _DATE_LIKE.fullmatch(text):
            raise _StepAside  # the guard's date check decides
        return text
    if _DECIMAL.fullmatch(text):
        return int(text)
    found = _BOOLEANS.get(text)
    if found is not None:
        return found
    if text in _NULLS:
        return None
    date = _DATE.fullmatch(text)
    if date is not None:
        try:
            return dt.date(int(date[1]), int(date[2]), int(date[3]))
        except ValueError:
            raise _StepAside from None
    raise _StepAside
