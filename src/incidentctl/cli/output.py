"""Output formatters, chosen once per command so commands never branch on format.

Every formatter renders plain record data (``Record.to_data()``), so JSON, CSV
and YAML always use the YAML field names and partial dates in their precision.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from . import console

Records = Callable[[], Iterator[dict[str, Any]]]
"""A fresh pass over the records to print, each call (:data:`incidentctl.index.catalog.Records`)."""


class RecordFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    yaml = "yaml"
    ids = "ids"


def write(text: str) -> None:
    """Text on stdout, any control character in it escaped (see :mod:`incidentctl.record.text`)."""
    from incidentctl.record.text import escape_controls

    text = escape_controls(text)
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")


def dump_json(value: Any) -> str:
    """Any JSON value as every command prints it (see :func:`ops.exchange.to_json`)."""
    from incidentctl.ops.exchange import to_json
    from incidentctl.record.text import escape_json

    return escape_json(to_json(value))


class Formatter:
    """Renders a list of records, or one record."""

    ids_only = False
    """True when the format prints ids alone: the command then reads ids, never records."""

    def records(self, rows: Sequence[Mapping[str, Any]]) -> None:
        raise NotImplementedError

    def record(self, row: Mapping[str, Any]) -> None:
        self.records([row])

    def stream(self, records: Records) -> None:
        """Print what :meth:`records` prints, piece by piece as ``records`` are read (to a pipe
        or file: at 100,000 records the answer is never held whole)."""
        self.records(list(records()))

    def kept(self, records: Records) -> list[dict[str, Any]]:
        """What :meth:`records` needs of each record on a terminal (held until the progress
        bar is gone): the records themselves, unless the format shows less of them."""
        return list(records())


class DocumentFormatter(Formatter):
    """json, jsonl, csv and yaml: the very document ``export`` writes (:func:`ops.exchange.dump`)."""

    fmt = ""

    def records(self, rows: Sequence[Mapping[str, Any]]) -> None:
        from incidentctl.ops.exchange import dump

        self._print(dump(rows, self.fmt))

    def stream(self, records: Records) -> None:
        from incidentctl.ops.exchange import write_text_export

        write_text_export(records, self.fmt, self._print, to_file=False)

    def _print(self, text: str) -> None:
        """A document, or a piece of one that ends a line (escaping is per character, so the
        pieces print what the whole would)."""
        from incidentctl.record.text import escape_json

        write(escape_json(text) if self.fmt in ("json", "jsonl") else text)


class JsonFormatter(DocumentFormatter):
    fmt = "json"

    def record(self, row: Mapping[str, Any]) -> None:
        write(dump_json(row))


class JsonlFormatter(DocumentFormatter):
    fmt = "jsonl"


class CsvFormatter(DocumentFormatter):
    fmt = "csv"


class YamlFormatter(DocumentFormatter):
    fmt = "yaml"

    def record(self, row: Mapping[str, Any]) -> None:
        from incidentctl.files import yamlio
        from incidentctl.record.model import FIELD_ORDER, SUBORDERS

        write(yamlio.canonical_text(row, SUBORDERS, FIELD_ORDER))


class IdsFormatter(Formatter):
    """One id a line, from records or from the bare ids an ids-only read gives."""

    ids_only = True

    def records(self, rows: Sequence[Mapping[str, Any] | str]) -> None:
        write("".join(f"{r if isinstance(r, str) else r['id']}\n" for r in rows))


COLUMNS = ("id", "date", "countries", "types", "title")


class TableFormatter(Formatter):
    """On a terminal, one line per record fitted to its width (:mod:`.fit`); on a pipe,
    tab-separated lines with every column, for ``grep`` and ``cut``.

    Both show vocabulary labels in words: the table is for people (scripts take
    ``--format json``, ``csv`` or ``ids``, which keep the stored slugs).
    """

    def records(self, rows: Sequence[Mapping[str, Any]]) -> None:
        from .fit import fit_records

        if not console.is_terminal():
            table(COLUMNS, [_cells(r) for r in rows])
            return
        out = console.stdout()
        layout = fit_records(rows, out.width)
        header, *lines = layout.lines()
        _print_line(out, header, "bold")
        for line in lines:
            _print_line(out, line)
        footer = f"{len(rows)} record(s)"
        if "id" in layout.hidden:
            footer += "; ids hidden: --format ids"
        _print_line(out, footer, "dim")

    def stream(self, records: Records) -> None:
        """The tab-separated lines of :meth:`records` on a pipe, a chunk of lines at a time."""
        table(COLUMNS, (_cells(row) for row in records()))

    def kept(self, records: Records) -> list[dict[str, Any]]:
        """Only the columns: 100,000 records fitted to a terminal hold five fields each."""
        return [{k: r[k] for k in COLUMNS if k in r} for r in records()]

    def record(self, row: Mapping[str, Any]) -> None:
        from incidentctl.files import yamlio
        from incidentctl.record.model import FIELD_ORDER, SUBORDERS

        text = yamlio.canonical_text(row, SUBORDERS, FIELD_ORDER)
        if not console.is_terminal():
            write(text)
            return
        from rich.syntax import Syntax

        console.stdout().print(Syntax(text, "yaml", theme="ansi_dark", word_wrap=True))


def _print_line(out: Any, line: str, style: str | None = None) -> None:
    """One line as it is: no markup, emoji codes or highlighting read into record text."""
    out.print(
        line, style=style, markup=False, emoji=False, highlight=False, no_wrap=True, crop=True
    )


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    footer: str = "",
    no_wrap: Sequence[str] = (),
) -> None:
    """Any table: Rich on a terminal (with a dim footer line); tab-separated lines on a pipe.

    Rich wraps cells at spaces and folds a word only when it is wider than its column, so
    the widths are planned (:func:`.fit.wrap_widths`) to give each column at least its
    longest word (an id, a name) whenever they fit side by side: no word is then cut in two.
    """
    if not console.is_terminal():
        from incidentctl.index.catalog import CHUNK

        lines = ["\t".join(header) + "\n"]
        for row in rows:  # written a chunk of lines at a time: the text is never held whole
            lines.append("\t".join(row) + "\n")
            if len(lines) >= CHUNK:
                write("".join(lines))
                lines = []
        if lines:
            write("".join(lines))
        return
    from rich.table import Table

    from .fit import wrap_widths

    out = console.stdout()
    rows = list(rows)
    planned = wrap_widths(header, rows, out.width)
    widths: list[int | None] = list(planned) if planned else [None] * len(header)
    grid = Table(show_edge=False, header_style="bold")
    for col, width in zip(header, widths, strict=True):
        grid.add_column(col, overflow="fold", no_wrap=col in no_wrap, width=width)
    for row in rows:
        grid.add_row(*row)
    out.print(grid)
    if footer:
        out.print(footer, style="dim")


class Rows(Sequence[Sequence[str]]):
    """The table rows of ``items``, each made when it is read: a listing of 100,000 entries
    does not hold a second copy of them as cells."""

    def __init__(self, items: Sequence[Any], cells: Callable[[Any], Sequence[str]]) -> None:
        self.items, self.cells = items, cells

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.cells(item) for item in self.items[index]]
        return self.cells(self.items[index])


@dataclass(frozen=True)
class Listing:
    """What ``people``, ``timeline`` and ``history`` print: one JSON value, or a table."""

    json: Any
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    footer: str = ""
    no_wrap: Sequence[str] = ()


def listing_formatter(fmt: str) -> Callable[[Listing], None]:
    """The printer of ``--format`` table or json for a listing, chosen once at the start."""
    if fmt == "json":
        return lambda listing: write(dump_json(listing.json))
    if fmt == "table":
        return lambda listing: table(listing.header, listing.rows, listing.footer, listing.no_wrap)
    raise ValueError(f"no listing format {fmt!r}")


def _cells(row: Mapping[str, Any]) -> list[str]:
    """A record's cells in the tab-separated table: types in words, lists comma-separated."""
    from .fit import type_labels

    return [
        *(_cell(row.get(c)) for c in ("id", "date", "countries")),
        ", ".join(type_labels(row)),
        _cell(row.get("title")),
    ]


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


FORMATTERS: dict[str, type[Formatter]] = {
    "table": TableFormatter,
    "json": JsonFormatter,
    "jsonl": JsonlFormatter,
    "csv": CsvFormatter,
    "yaml": YamlFormatter,
    "ids": IdsFormatter,
}


def formatter(fmt: RecordFormat | str) -> Formatter:
    return FORMATTERS[fmt.value if isinstance(fmt, Enum) else fmt]()
