"""Record tables that fit the terminal: one line per record, no word cut in two.

A record's line must show what an analyst scans for — its date, its countries and the
start of its title — at any width from 60 columns up. Rich's own table shrinks every
column in proportion and folds words mid-word, so the widths are planned here instead:
date and countries take what they need, the title takes the rest, and the optional
columns (the long id, which ``show`` and ``edit`` need, then the types) are shown only while the title keeps
:data:`TITLE_ROOM` cells. Text that does not fit is cut at a word (or list item)
boundary and marked with ``…``; lists show the items that fit and ``+N`` for the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len

from incidentctl.record import vocab

GAP = 2
"""Spaces between two columns."""
TITLE_ROOM = 30
"""The optional columns are shown only while the title keeps at least this many cells."""
TYPES_MAX = 24
"""The types column never takes more (one long label, or a few short ones)."""
COUNTRIES_MAX = 14
ELLIPSIS = "…"


@dataclass(frozen=True)
class Layout:
    """The columns chosen for a width, their widths, and the cells cut to fit them."""

    header: tuple[str, ...]
    widths: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    hidden: tuple[str, ...]
    """Columns left out at this width (``id``, ``types``), for the footer's hint."""

    def lines(self) -> list[str]:
        """Header and rows as text lines, padded to the column widths (no trailing spaces)."""
        return [_line(cells, self.widths) for cells in (self.header, *self.rows)]


def type_labels(row: Mapping[str, Any]) -> list[str]:
    """A record's types in words (``Threats or intimidation``), the stored slugs never shown."""
    return [vocab.label("type", str(t)) for t in row.get("types") or []]


def _texts(row: Mapping[str, Any], key: str) -> list[str]:
    value = row.get(key)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def fit_records(rows: Sequence[Mapping[str, Any]], width: int) -> Layout:
    """Plan the record table for a terminal ``width`` cells wide."""
    dates = [_texts(r, "date")[0] if r.get("date") else "" for r in rows]
    countries = [_texts(r, "countries") for r in rows]
    types = [type_labels(r) for r in rows]
    ids = [str(r.get("id", "")) for r in rows]
    titles = [str(r.get("title") or "") for r in rows]

    date_w = _need("date", (cell_len(d) for d in dates))
    countries_need = _need("countries", (cell_len(", ".join(c)) for c in countries))
    types_need = _need("types", (cell_len(", ".join(t)) for t in types))
    countries_w = min(countries_need, COUNTRIES_MAX)
    types_w = min(types_need, TYPES_MAX)
    id_w = _need("id", (cell_len(i) for i in ids))

    fixed = date_w + GAP + countries_w + GAP
    show_id = width - fixed - id_w - GAP >= TITLE_ROOM
    if show_id:
        fixed += id_w + GAP
    show_types = width - fixed - types_w - GAP >= TITLE_ROOM
    if show_types:
        fixed += types_w + GAP
    title_w = max(width - fixed, len("title"))
    # Room the longest title leaves unused goes to cut lists: countries first, then types.
    slack = max(title_w - _need("title", (cell_len(t) for t in titles)), 0)
    grow = min(slack, countries_need - countries_w)
    countries_w, title_w, slack = countries_w + grow, title_w - grow, slack - grow
    if show_types:
        grow = min(slack, types_need - types_w)
        types_w, title_w = types_w + grow, title_w - grow

    columns: list[tuple[str, int, Callable[[int], str]]] = []
    if show_id:
        columns.append(("id", id_w, lambda i: ids[i]))
    columns.append(("date", date_w, lambda i: dates[i]))
    columns.append(("countries", countries_w, lambda i: clip_items(countries[i], countries_w)))
    if show_types:
        columns.append(("types", types_w, lambda i: clip_items(types[i], types_w)))
    columns.append(("title", title_w, lambda i: clip_words(titles[i], title_w)))
    hidden = tuple(name for name, shown in (("id", show_id), ("types", show_types)) if not shown)
    return Layout(
        header=tuple(name for name, _, _ in columns),
        widths=tuple(w for _, w, _ in columns),
        rows=tuple(tuple(cell(i) for _, _, cell in columns) for i in range(len(rows))),
        hidden=hidden,
    )


def wrap_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], width: int
) -> list[int] | None:
    """Column widths for a wrapping table in which no word is cut in two, or None.

    Each column gets at least its longest word (an id, a name); the room left goes to the
    columns whose text is longer than that, in proportion to what they lack. None when the
    longest words cannot stand side by side (each column costs three more cells: borders
    and padding), and Rich then shares the width as it would.
    """
    texts = [[name, *(row[i] for row in rows)] for i, name in enumerate(header)]
    least = [max((cell_len(w) for t in col for w in t.split()), default=1) for col in texts]
    most = [
        max(max((cell_len(t) for t in col), default=1), n)
        for col, n in zip(texts, least, strict=True)
    ]
    room = width - (3 * len(header) - 1) - sum(least)
    if room < 0:
        return None
    lack = [m - n for m, n in zip(most, least, strict=True)]
    total = sum(lack)
    if total <= room:
        return most
    widths = [n + (room * k) // total for n, k in zip(least, lack, strict=True)]
    return widths


def _need(header: str, lengths: Any) -> int:
    return max([cell_len(header), *lengths])


def clip_words(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells at a word boundary, ending in ``…`` when cut.

    Only a first word longer than the whole column is cut inside (there is no boundary
    to cut at); every other word is shown whole or not at all.
    """
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    room = width - cell_len(ELLIPSIS)
    words = text.split(" ")
    kept: list[str] = []
    for word in words:
        if cell_len(" ".join([*kept, word])) > room:
            break
        kept.append(word)
    if not kept:
        return _cut_cells(words[0], room) + ELLIPSIS
    return " ".join(kept).rstrip(",;:-–—") + ELLIPSIS


def clip_items(items: Sequence[str], width: int) -> str:
    """``A, B, C`` cut to ``width`` cells at an item boundary: ``A, B +1``."""
    whole = ", ".join(items)
    if cell_len(whole) <= width:
        return whole
    for keep in range(len(items) - 1, 0, -1):
        text = f"{', '.join(items[:keep])} +{len(items) - keep}"
        if cell_len(text) <= width:
            return text
    more = f" +{len(items) - 1}" if len(items) > 1 else ""
    return clip_words(items[0], width - cell_len(more)) + more


def _cut_cells(text: str, width: int) -> str:
    out = ""
    for char in text:
        if cell_len(out + char) > width:
            break
        out += char
    return out


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = [c + " " * max(w - cell_len(c), 0) for c, w in zip(cells, widths, strict=True)]
    return (" " * GAP).join(padded).rstrip()
