"""Line and column of a field path in a record file, for the problems reported there.

A file in the canonical shape (the fast reader takes it) is located from its lines; anything
else from the round-trip tree (:func:`.yamlio.position`), which the line shortcut equals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class Positions:
    """Line and column of a field path in a file: the one place positions are computed.

    A file in the canonical shape (the bulk reader takes it) is located from its lines: a
    top-level key's line, the column of its scalar value (or 1 for a collection), the line of
    an item of a list of strings; everything else, from the round-trip tree as before. The
    last file asked about is kept, since its problems come together.
    """

    def __init__(self) -> None:
        self._path: str | None = None
        self._text: str | None = None
        self._lines: list[str] | None = None
        self._tree: Any = None

    def at(self, path: str | Path, where: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        if str(path) != self._path:
            self._load(str(path))
        if self._text is None:
            return None, None
        if self._lines is not None:
            found = _canonical_position(self._lines, where)
            if found is not None:
                return found
        return self._from_tree(where)

    def _load(self, path: str) -> None:
        from incidentctl.files import fastyaml, yamlio
        from incidentctl.files.store import read_limited

        self._path, self._text, self._lines, self._tree = path, None, None, None
        try:
            self._text = yamlio.decode(read_limited(Path(path)))
        except yamlio.YamlProblem:
            return
        if fastyaml.load(self._text) is not None:
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


def _canonical_position(lines: list[str], where: tuple[str | int, ...]) -> tuple[int, int] | None:
    """``yamlio.position`` for a canonical-shape file, from its lines (None: ask the tree)."""
    if not where:
        return 1, 1
    key = where[0]
    if not isinstance(key, str) or len(where) > 2:
        return None
    head = f"{key}:"
    number = next((n for n, text in enumerate(lines) if text.startswith(head)), None)
    if number is None:
        return 1, 1  # no such field: the position of the whole record
    line = lines[number]
    value = line[len(head) :].lstrip(" ")
    if value:  # a scalar: quoted, true/false, or a literal block's indicator
        return (number + 1, len(line) - len(value) + 1) if len(where) == 1 else None
    # A collection under the key.
    if len(where) == 1:
        return number + 1, 1
    index = where[1]
    if not isinstance(index, int):
        return None
    items: list[tuple[int, int]] = []
    for later in range(number + 1, len(lines)):
        text = lines[later]
        stripped = text.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if text == stripped:
            break  # the next top-level key
        if not stripped.startswith('- "'):
            return None  # not a list of strings: the tree knows
        if items and len(text) - len(stripped) != items[0][1] - 3:
            return None
        items.append((later + 1, len(text) - len(stripped) + 3))
    if 0 <= index < len(items):
        return items[index]
    return number + 1, 1
