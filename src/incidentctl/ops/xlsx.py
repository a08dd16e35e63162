"""Records as an XLSX workbook and back, through openpyxl: the CSV layout in a spreadsheet.

Every cell is written as text with the number format ``@`` (Text), so a
spreadsheet keeps ``0123`` and ``2019-05`` as typed instead of turning them into
a number or a date. Reading takes every cell as text too; a cell that a
spreadsheet turned into a number, a date or a formula anyway is refused with its
reference (``incidents!C4``) unless it maps back exactly: a whole number in a
whole-number field, TRUE/FALSE in a yes/no field, and in a date field a year
(``2019``) or a date whose display format shows exactly what it holds (day,
month and year: ``2019-05-21``; month and year of a first day: ``2019-05``).
Guessing what the analyst typed would store something else than they meant.

openpyxl is imported here only, so commands that never touch XLSX never load it.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, BinaryIO

from incidentctl.errors import Problem, RecordError

SHEET = "incidents"
MAX_WIDTH = 60
"""Widest column, in characters: a summary column wider than a screen helps nobody."""

MAX_UNPACKED_BYTES = 2_000_000_000
"""An XLSX is a zip: its unpacked size is checked before anything is read (zip bombs)."""


def to_xlsx(header: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    """The workbook of :func:`write_xlsx` as bytes."""
    buf = io.BytesIO()
    write_xlsx(buf, header, lambda: rows)
    return buf.getvalue()


def write_xlsx(
    out: BinaryIO, header: Sequence[str], rows: Callable[[], Iterable[Mapping[str, str]]]
) -> None:
    """One sheet: the header row (bold, frozen), then one row per record, every cell text.

    Written in openpyxl's write-only mode, empty cells left out (most of a wide layout is
    empty): ten times faster on a large export. Each column's own format is Text too, so
    what an analyst types later into an empty cell stays text as well. ``rows`` is called
    twice (the column widths, then the cells), so that a large export is never held whole
    in memory: write-only mode keeps the cells in a temporary file until the book is saved.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    widths = [len(name) for name in header]
    for row in rows():
        for col, name in enumerate(header):
            value = row.get(name)
            if value:
                widths[col] = max(widths[col], *(len(line) for line in value.split("\n")))
    for col, width in enumerate(widths, start=1):
        dimension = sheet.column_dimensions[get_column_letter(col)]
        dimension.width = min(width + 2, MAX_WIDTH)
        dimension.number_format = "@"
    sheet.freeze_panes = "A2"
    bold, top = Font(bold=True), Alignment(vertical="top", wrap_text=True)

    def text(value: str) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # even for "=…": openpyxl would otherwise store a formula
        cell.number_format = "@"
        if "\n" in value:
            cell.alignment = top
        return cell

    heading = []
    for name in header:
        cell = text(name)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows():
        sheet.append([text(v) if (v := row.get(name)) else None for name in header])
    book.save(out)


# -- reading ------------------------------------------------------------------------


@dataclass
class SheetRow:
    """One non-empty row below the header: its number and its cells as text."""

    number: int
    cells: list[str]


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[SheetRow]

    def ref(self, row: int, column: int) -> str:
        """``incidents!C4``: how a spreadsheet names a cell."""
        from openpyxl.utils import get_column_letter

        return f"{_quote_title(self.title)}!{get_column_letter(column)}{row}"


def _quote_title(title: str) -> str:
    plain = title.replace("_", "").isalnum()
    return title if plain else "'" + title.replace("'", "''") + "'"


def read_sheet(raw: bytes, origin: str) -> Sheet:
    """The first sheet of a workbook, every cell as text; RecordError lists every bad cell."""
    from openpyxl import load_workbook

    _check_archive(raw, origin)
    with warnings.catch_warnings():
        # openpyxl warns about features it ignores (data validation, styles): not the analyst's
        # concern, and a warning on stderr would read like a problem with the data.
        warnings.simplefilter("ignore")
        try:
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
            try:
                if not book.worksheets:
                    return Sheet("", [], [])
                sheet = book.worksheets[0]
                grid = [list(row) for row in sheet.iter_rows()]
                title = sheet.title
            finally:
                book.close()
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            message = f"not a readable XLSX workbook ({type(exc).__name__}: {exc})"
            raise RecordError([Problem(origin, None, None, "", message)]) from None
    return _sheet(title, grid, origin)


def _check_archive(raw: bytes, origin: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        message = "not an XLSX workbook (an .xlsx file is a zip archive; this is not one)"
        raise RecordError([Problem(origin, None, None, "", message)]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        message = f"the workbook unpacks to {unpacked / 1e6:.0f} MB (at most {MAX_UNPACKED_BYTES / 1e6:.0f} MB)"
        raise RecordError([Problem(origin, None, None, "", message)])


def _sheet(title: str, grid: list[list[Any]], origin: str) -> Sheet:
    sheet = Sheet(title, [], [])
    problems: list[Problem] = []
    if not grid:
        return sheet
    header_cells = grid[0]
    header = [_header_text(c) for c in header_cells]
    while header and not header[-1]:
        header.pop()
    sheet.header = header
    fields = [_leaf(name) for name in header]
    for number, row in enumerate(grid[1:], start=2):
        values = [c.value for c in row]
        if not any(v is not None and str(v).strip() for v in values):
            continue
        cells: list[str] = []
        for column, cell in enumerate(row, start=1):
            value = cell.value
            if value is None or (type(value) is str and cell.data_type == "s"):
                cells.append(value or "")  # the usual case, kept fast
                continue
            name = header[column - 1] if column <= len(header) else ""
            text, why = _cell_text(cell, fields[column - 1] if column <= len(header) else "")
            if why:
                ref = sheet.ref(number, column)
                problems.append(Problem(origin, number, column, name, f"cell {ref} {why}"))
            if column > len(header) and text.strip():
                ref = sheet.ref(number, column)
                problems.append(
                    Problem(
                        origin, number, column, "", f"cell {ref} is outside the header's columns"
                    )
                )
            cells.append(text)
        sheet.rows.append(SheetRow(number, cells[: len(header)]))
    if problems:
        raise RecordError(problems)
    return sheet


def _leaf(column: str) -> str:
    """The field a column's cells hold, at any depth: ``date`` for ``date``,
    ``responses[1].date`` and ``people[0].acts[0].date``; '' for no field path."""
    from incidentctl.record.fieldpath import FieldPathError, parse_field_path

    try:
        path = parse_field_path(column.strip()) if column else ()
    except FieldPathError:
        return ""
    return next((part for part in reversed(path) if isinstance(part, str)), "")


def _header_text(cell: Any) -> str:
    value = cell.value
    return "" if value is None else str(value).strip()


def _fields_of(*types: Any) -> frozenset[str]:
    from incidentctl.record.fields import NESTED_FIELDS, RECORD_FIELDS

    every = (*RECORD_FIELDS, *(f for fs in NESTED_FIELDS.values() for f in fs))
    return frozenset(f.name for f in every if f.item in types)


def _date_fields() -> frozenset[str]:
    from incidentctl.record.dates import PartialDate

    return _fields_of(PartialDate, date)


def _shown_date(value: datetime | date, number_format: str) -> str | None:
    """The date as its cell shows it, when the display keeps exactly its precision."""
    if isinstance(value, datetime) and value.time() != time():
        return None
    shown = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format.lower())
    day, month, year = ("d" in shown), ("m" in shown), ("y" in shown)
    if day and month and year:
        return f"{value:%Y-%m-%d}"
    if month and year and not day and value.day == 1:
        return f"{value:%Y-%m}"
    return None


def _cell_text(cell: Any, field: str) -> tuple[str, str]:
    """A cell as the text the analyst typed, or '' and why it cannot be known."""
    from incidentctl.record.fields import BOOL_FIELDS

    value = cell.value
    kind = getattr(cell, "data_type", "s")
    if value is None:
        return "", ""
    if kind == "f" or (isinstance(value, str) and kind != "s" and value.startswith("=")):
        return "", f"holds a formula ({value}); type the value itself, formatted as text"
    if isinstance(value, str):
        return value, ""
    if isinstance(value, bool):
        if field in BOOL_FIELDS:
            return ("true" if value else "false"), ""
        return "", f"holds the yes/no value {value!s}; type the text, formatted as text"
    if isinstance(value, int | float):
        whole = float(value).is_integer()
        if whole and field in _fields_of(int):
            return str(int(value)), ""
        if whole and field in _date_fields() and 1000 <= value <= 9999:
            return str(int(value)), ""  # a year: all a spreadsheet makes of "2019"
        return "", (
            f"holds the number {value!r}, not text: a spreadsheet may have dropped leading "
            "zeros or digits; format the column as text (number format @) and type it again"
        )
    if isinstance(value, datetime | date) and field in _date_fields():
        shown = _shown_date(value, str(getattr(cell, "number_format", "")))
        if shown is not None:
            return shown, ""
    if isinstance(value, datetime | date | time | timedelta):
        return "", (
            f"holds a date ({value}), not text: a spreadsheet turned what was typed into a date "
            "and the precision typed (2019-05 or 2019-05-21) is lost; format the column as "
            "text (number format @) and type the date again"
        )
    return "", f"holds a {type(value).__name__} value, not text"
