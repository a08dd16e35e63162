"""Records in and out of the data set as files: one record for ``add --from``,
batches of CSV, XLSX, JSON, JSON Lines or YAML for ``export`` and ``import``.

Reading a batch keeps, for every record, where it came from (line and column,
CSV row and column) so that every problem can be reported at its place in the
input. Writing a batch renders plain record data, exactly as ``list`` prints it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from incidentctl.errors import Problem, RecordError, UsageError
from incidentctl.files.values import plain
from incidentctl.files.yamlio import YamlProblem, decode, load
from incidentctl.record.fieldpath import ANY_NAME, FieldPath, format_field_path, parse_field_path

if TYPE_CHECKING:
    from incidentctl.files.store import Store
    from incidentctl.index.catalog import Records, Warn
    from incidentctl.index.db import Progress
    from incidentctl.index.filters import Filters
    from incidentctl.record.model import Record

EXPORT_FORMATS = ("csv", "jsonl", "json", "yaml", "xlsx")
IMPORT_FORMATS = ("csv", "json", "jsonl", "yaml", "xlsx")
BINARY_FORMATS = frozenset({"xlsx"})
"""Formats that are bytes, not text: never written to a terminal."""
BOM = "\ufeff"
"""Starts a CSV file so that Excel and LibreOffice read it as UTF-8 when double-clicked."""
_EXTENSIONS = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
}
MAX_BATCH_BYTES = 2_000_000_000
"""An import batch may hold a whole data set (100,000 records of a few kB)."""

MAX_CSV_CELL = 100_000_000
"""The csv module refuses cells over 128 kB by default; a long summary may be longer."""

Position = tuple[int | None, int | None]


def read_one(raw: bytes, origin: str) -> dict[str, Any]:
    """One record as YAML or JSON (JSON is YAML, but its errors read better as JSON)."""
    try:
        text = decode(raw)
    except YamlProblem as exc:
        raise RecordError([exc.to_problem(origin)]) from None
    if text.lstrip().startswith("{"):
        data = _json(text, origin)
        if not isinstance(data, dict):
            raise RecordError([Problem(origin, 1, 1, "", "a record must be an object of fields")])
        return data
    try:
        return load(text)
    except YamlProblem as exc:
        raise RecordError([exc.to_problem(origin)]) from None


def select_rows(
    store: Store,
    filters: Filters,
    warn: Warn | None = None,
    sort: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[Record], list[dict[str, Any]]]:
    """The records passing ``filters`` and their plain data, withheld for ``--public``.

    Under ``--public`` the names of every confidential person in the data set
    (not only in the records shown) are withheld wherever they appear.
    """
    from incidentctl.index.catalog import select_both

    return select_both(store, filters, warn, sort, progress=progress)


def read_source(source: str, limit: int = MAX_BATCH_BYTES) -> tuple[bytes, str]:
    """The bytes of a file, or of standard input for ``-``, and its name for messages.

    At most ``limit + 1`` bytes are read (enough for the decoder to refuse the input),
    so ``--from /dev/zero`` ends in a clear error instead of exhausting memory. Pipes
    and process substitutions are fine: they are read as streams.
    """
    import sys

    origin = "<stdin>" if source == "-" else source
    try:
        if source == "-":
            return sys.stdin.buffer.read(limit + 1), origin
        with open(source, "rb") as fh:
            return fh.read(limit + 1), origin
    except OSError as exc:
        problem = Problem(origin, None, None, "", f"cannot read: {exc.strerror}")
        raise RecordError([problem]) from None


def format_of(name: str) -> str | None:
    """The batch format a file name's extension names (``.csv`` -> ``csv``), if any."""
    return _EXTENSIONS.get(Path(name).suffix.lower())


# -- writing ----------------------------------------------------------------------


def export_bytes(rows: Sequence[Mapping[str, Any]], fmt: str, to_file: bool) -> bytes:
    """An export as the bytes to write: any format of :func:`dump`, or ``xlsx``.

    CSV written to a file starts with a byte-order mark: without it Excel (and
    LibreOffice's defaults) read the file in the machine's legacy encoding and show
    ``Ð¡Ð¸Ð·`` for ``Сиз``. On standard output it stays plain UTF-8, which is what
    programs reading a pipe expect.
    """
    if fmt == "xlsx":
        from incidentctl.ops.xlsx import to_xlsx

        return to_xlsx(*tabulate(rows))
    text = dump(rows, fmt)
    if fmt == "csv" and to_file:
        text = BOM + text
    return text.encode("utf-8")


def dump(rows: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """Plain record data as a ``csv``, ``jsonl``, ``json`` or ``yaml`` document."""
    if fmt == "yaml":
        return to_yaml(rows)
    if fmt == "json":
        return to_json(list(rows))
    if fmt == "jsonl":
        return to_jsonl(rows)
    if fmt == "csv":
        return to_csv(rows)
    raise UsageError(f"--format: '{fmt}' is not one of {', '.join(EXPORT_FORMATS)}")


def to_json(value: Any) -> str:
    """Any JSON value as every command prints it: UTF-8 text (not \\u escapes), indented."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def to_yaml(rows: Sequence[Mapping[str, Any]]) -> str:
    """One canonical YAML document per record (what ``import`` reads back)."""
    return "".join("---\n" + yaml_text(r) for r in rows)


def yaml_text(data: Mapping[str, Any]) -> str:
    """A record's canonical YAML: the fast canonical writer's, else the round-trip writer's (the same
    bytes: ``tests/fastpaths/test_new_record_text.py``)."""
    from incidentctl.files import fastwrite
    from incidentctl.files.yamlio import canonical_text
    from incidentctl.record.model import FIELD_ORDER, SUBORDERS

    return fastwrite.canonical_text(data, SUBORDERS, FIELD_ORDER) or canonical_text(
        data, SUBORDERS, FIELD_ORDER
    )


def to_jsonl(rows: Sequence[Mapping[str, Any]]) -> str:
    """One JSON object a line."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def tabulate(rows: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[dict[str, str]]]:
    """The columns and cells of CSV and XLSX (one layout, :mod:`incidentctl.record.columns`)."""
    from incidentctl.record.columns import columns, flatten

    flat = [flatten(r) for r in rows]
    return (columns(flat) if flat else ["id"]), flat


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """One row per record, one column per field path (see :mod:`incidentctl.record.columns`)."""
    cols, flat = tabulate(rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat)
    return buf.getvalue()


def save(path: Path, text: str | bytes) -> None:
    """Write an export or report file atomically (never a half-written file)."""
    from incidentctl.errors import IncidentctlError
    from incidentctl.files.store import write_atomic

    try:
        write_atomic(Path(path), text)
    except OSError as exc:
        raise IncidentctlError(f"cannot write {path}: {exc.strerror or exc}") from None


# -- streaming exports -------------------------------------------------------------

CHUNK = 500
"""Records written out at a time (the index is read in :data:`~incidentctl.index.catalog.CHUNK`
records at a time): memory stays flat at any size."""


def stream_records(
    store: Store,
    filters: Filters,
    write: Callable[[Records], None],
    warn: Warn | None = None,
    progress: Progress | None = None,
) -> int:
    """Call ``write`` with the records passing ``filters`` (not ``--public``), read from the
    index :data:`CHUNK` at a time instead of all at once; the number of records.

    The plain data is the JSON the index stores, which is ``Record.to_data()``: what
    :func:`select_rows` gives after rebuilding every record (``tests/ops/test_streamed_export.py``
    proves the bytes equal). ``write`` may be called again from the start if the index had to
    be rebuilt during the answer: it must begin its output afresh each time.
    """
    from incidentctl.index.catalog import stream_data

    return stream_data(store, filters, write, warn, progress=progress)


def write_text_export(
    records: Records, fmt: str, out: Callable[[str], object], to_file: bool = True
) -> None:
    """A ``csv``, ``jsonl``, ``json`` or ``yaml`` export, given to ``out`` in pieces that each
    end a line; the pieces joined are :func:`dump` (with the BOM of :func:`export_bytes` for a
    CSV file)."""
    if fmt == "jsonl":
        _pieces(out, (json.dumps(r, ensure_ascii=False) + "\n" for r in records()))
    elif fmt == "json":
        _pieces(out, _json_items(records()), empty="[]\n")
    elif fmt == "yaml":
        _pieces(out, ("---\n" + yaml_text(r) for r in records()))
    elif fmt == "csv":
        _csv_pieces(records, out, BOM if to_file else "")
    else:
        raise UsageError(f"--format: '{fmt}' is not one of {', '.join(EXPORT_FORMATS)}")


def _pieces(out: Callable[[str], object], texts: Iterator[str], empty: str = "") -> None:
    buf: list[str] = []
    wrote = False
    for text in texts:
        buf.append(text)
        if len(buf) >= CHUNK:
            out("".join(buf))
            buf, wrote = [], True
    if buf:
        out("".join(buf))
    elif not wrote and empty:
        out(empty)


def _json_items(rows: Iterator[Any], depth: int = 0, after: str = "\n") -> Iterator[str]:
    """:func:`to_json` of a list at ``depth`` levels of indent, item by item: ``[``, each item
    one level deeper, ``]`` and then ``after`` (nothing at all for no items); each piece ends a
    line. Lines can be indented as they are: JSON text holds no raw line break."""
    previous: list[Any] = []  # the item held back until the next shows whether a comma follows
    opening = "[\n"
    for row in rows:
        if previous:
            yield opening + _indented(previous[0], depth + 1) + ",\n"
            opening = ""
        previous = [row]
    if previous:
        yield opening + _indented(previous[0], depth + 1) + "\n" + "  " * depth + "]" + after


def _indented(value: Any, depth: int = 1) -> str:
    pad = "  " * depth
    return pad + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)


def json_object_pieces(head: Mapping[str, Any], key: str, items: Iterator[Any]) -> Iterator[str]:
    """:func:`to_json` of ``{**head, key: [*items]}``, piece by piece, each ending a line: a
    report of 10,000 records is never held whole, neither as values nor as text."""
    whole = to_json({**head, key: []})
    pieces = _json_items(items, depth=1, after="\n}\n")
    first = next(pieces, None)
    if first is None:
        yield whole
        return
    yield whole[: -len("[]\n}\n")] + first
    yield from pieces


def _csv_pieces(records: Records, out: Callable[[str], object], bom: str) -> None:
    from incidentctl.record.columns import columns, flatten

    cols = columns(flatten(r) for r in records()) or ["id"]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    buf.write(bom)
    writer.writeheader()
    for n, row in enumerate(records(), start=1):
        writer.writerow(flatten(row))
        if n % CHUNK == 0:
            out(buf.getvalue())
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        out(buf.getvalue())


def write_export(fh: BinaryIO, records: Records, fmt: str) -> None:
    """A ``csv``, ``jsonl``, ``json``, ``yaml`` or ``xlsx`` export file, written as it is made:
    the bytes of :func:`export_bytes` (``to_file``)."""
    if fmt == "xlsx":
        from incidentctl.ops.xlsx import write_xlsx
        from incidentctl.record.columns import columns, flatten

        cols = columns(flatten(r) for r in records()) or ["id"]
        write_xlsx(fh, cols, lambda: (flatten(r) for r in records()))
        return
    write_text_export(records, fmt, lambda text: fh.write(text.encode("utf-8")))


def save_streamed(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write an export through ``write`` into a temporary file beside ``path``, then rename it
    into place (:func:`incidentctl.files.store.atomic_file`): never a half-written file, and
    nothing left behind on failure."""
    from incidentctl.errors import IncidentctlError
    from incidentctl.files.store import atomic_file

    try:
        with atomic_file(Path(path)) as fh:
            write(fh)
    except OSError as exc:
        raise IncidentctlError(f"cannot write {path}: {exc.strerror or exc}") from None


# -- reading batches --------------------------------------------------------------


@dataclass
class Entry:
    """One record of an input batch and the means to point into the input."""

    data: Any
    origin: str
    line: int | None
    column: int | None = None
    _locate: Callable[[FieldPath], Position | None] | None = field(default=None, repr=False)
    cell_ref: Callable[[int, int], str] | None = field(default=None, repr=False)
    """For a spreadsheet: the name of the cell at a row and column (``incidents!C4``)."""

    def where(self, field_path: str) -> Position:
        """Line and column of a field (``sources[1].url``) in the input; the record's start if unknown."""
        if self._locate is not None and field_path:
            try:
                found = self._locate(parse_field_path(field_path, ANY_NAME))
            except (YamlProblem, ValueError, TypeError, KeyError, IndexError):
                found = None
            if found is not None:
                return found
        return self.line, self.column

    def problem(self, field_path: str, message: str) -> Problem:
        line, column = self.where(field_path)
        return Problem(self.origin, line, column, field_path, self._in_cell(message, line, column))

    def placed(self, problem: Problem) -> Problem:
        """A problem found in the data, at its place in the input (unchanged if already placed)."""
        if problem.line is not None:
            return problem
        line, column = self.where(problem.field)
        message = self._in_cell(problem.message, line, column)
        return Problem(self.origin, line, column, problem.field, message, problem.severity)

    def _in_cell(self, message: str, line: int | None, column: int | None) -> str:
        if self.cell_ref is None or line is None or column is None:
            return message
        return f"{message} (cell {self.cell_ref(line, column)})"


def read_batch(raw: bytes, fmt: str, origin: str) -> list[Entry]:
    """Every record of an input file; syntax errors raise RecordError with their place."""
    if fmt == "xlsx":
        return _xlsx_entries(raw, origin) if raw else []
    if fmt == "csv" and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = (
            "UTF-16 text (what Excel saves as 'Unicode Text'), not UTF-8: "
            "save it as 'CSV UTF-8' and import again"
        )
        raise RecordError([Problem(origin, 1, 1, "", message)])
    try:
        text = decode(raw, MAX_BATCH_BYTES) if raw.strip() else ""
    except YamlProblem as exc:
        if fmt == "csv" and b"\x00" not in raw and len(raw) <= MAX_BATCH_BYTES:
            raise RecordError(
                _csv_encoding_problems(raw, origin) or [exc.to_problem(origin)]
            ) from None
        raise RecordError([exc.to_problem(origin)]) from None
    readers = {
        "csv": _csv_entries,
        "json": _json_entries,
        "jsonl": _jsonl_entries,
        "yaml": _yaml_entries,
    }
    if fmt not in readers:
        raise UsageError(f"--format: '{fmt}' is not one of {', '.join(IMPORT_FORMATS)}")
    return readers[fmt](text, origin) if text.strip() else []


def _json(text: str, origin: str, line_offset: int = 0) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(
            origin, exc.lineno + line_offset, exc.colno, "", f"JSON syntax: {exc.msg}"
        )
        raise RecordError([problem]) from None
    except RecursionError:
        raise RecordError(
            [Problem(origin, line_offset + 1, 1, "", "JSON nested too deeply")]
        ) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _tree_locator(element: str, line: int, column: int) -> Callable[[FieldPath], Position | None]:
    """Positions inside one JSON object, found by reading it as YAML (JSON is YAML).

    Done only when a problem needs placing: the padding puts the object at its
    line and column in the file, so the positions come out absolute. The object's text is
    kept as UTF-8 until then: a str of text beyond Latin-1 takes two or four bytes a
    character (an import of 10,000 records held 43 MB of these texts as str, 23 MB as UTF-8).
    """
    kept = element.encode("utf-8", "surrogatepass")  # the same text back, whatever it holds
    del element

    def locate(path: FieldPath) -> Position | None:
        from incidentctl.files.yamlio import load_stream

        text = kept.decode("utf-8", "surrogatepass")
        tree = load_stream("\n" * (line - 1) + " " * (column - 1) + text)[0]
        return _node_position(tree, path)

    return locate


def _node_position(node: Any, path: FieldPath) -> Position | None:
    """Position of ``path`` in a round-trip node; None when its first step is missing."""
    from incidentctl.files.yamlio import position

    if not path or not isinstance(node, dict) or path[0] not in node:
        return None
    return position(node, path)


def _json_entries(text: str, origin: str) -> list[Entry]:
    value = _json(text, origin)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise RecordError([Problem(origin, 1, 1, "", "expected a list of records (JSON objects)")])
    entries = []
    for item, (start, end) in zip(value, _array_spans(text), strict=False):
        line, column = _line_col(text, start)
        locate = _tree_locator(text[start:end], line, column) if isinstance(item, dict) else None
        entries.append(Entry(item, origin, line, column, locate))
    return entries


def _array_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each element of a (valid) JSON array, or of a lone object."""
    decoder = json.JSONDecoder()
    ws = re.compile(r"\s*")
    i = ws.match(text, 0).end()  # type: ignore[union-attr]
    if text[i] != "[":
        return [(i, decoder.raw_decode(text, i)[1])]
    spans = []
    i = ws.match(text, i + 1).end()  # type: ignore[union-attr]
    while text[i] != "]":
        _, end = decoder.raw_decode(text, i)
        spans.append((i, end))
        i = ws.match(text, end).end()  # type: ignore[union-attr]
        if text[i] == ",":
            i = ws.match(text, i + 1).end()  # type: ignore[union-attr]
    return spans


def _jsonl_entries(text: str, origin: str) -> list[Entry]:
    entries = []
    problems = []
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        try:
            item = _json(line, origin, number - 1)
        except RecordError as exc:
            problems.extend(exc.problems)
            continue
        column = len(line) - len(line.lstrip()) + 1
        locate = _tree_locator(line.strip(), number, column) if isinstance(item, dict) else None
        entries.append(Entry(item, origin, number, column, locate))
    if problems:
        raise RecordError(problems)
    return entries


def _lines(text: str) -> Iterator[str]:
    """``text.split("\n")``, one line at a time: a large batch's lines are not all held at
    once beside the values read from them."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield text[start:end]
        start = end + 1


def _yaml_entries(text: str, origin: str) -> list[Entry]:
    from ruamel.yaml.comments import CommentedSeq

    from incidentctl.files.yamlio import load_stream

    try:
        documents = load_stream(text)
    except YamlProblem as exc:
        raise RecordError([exc.to_problem(origin)]) from None
    entries = []
    for document in documents:
        items = document if isinstance(document, list) else [document]
        for i, node in enumerate(items):
            if isinstance(document, CommentedSeq):
                line, column = (n + 1 for n in document.lc.item(i))
            else:
                line, column = _start(node)
            entries.append(Entry(plain(node), origin, line, column, _yaml_locator(node)))
    return entries


def _start(node: Any) -> Position:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return None, None
    return lc.line + 1, lc.col + 1


def _yaml_locator(node: Any) -> Callable[[FieldPath], Position | None]:
    return lambda path: _node_position(node, path)


CSV_DELIMITERS = (",", ";", "\t")
"""What separates a CSV file's cells: a comma, or a semicolon (Excel's "CSV UTF-8" in French,
Russian, German and other locales whose decimal mark is a comma), or a tab."""


def csv_delimiter(text: str) -> str:
    """The separator of a CSV text: the one of :data:`CSV_DELIMITERS` that splits its header
    into the most known columns (a comma on a tie). The header decides, not a guess from the
    data: ``id;title;date`` is three columns, whatever the cells hold."""
    from incidentctl.record.columns import known_column

    first = text.lstrip("\ufeff").split("\n", 1)[0]

    def known(delimiter: str) -> int:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            return 0
        return sum(1 for cell in cells if known_column(cell.strip()))

    return max(CSV_DELIMITERS, key=lambda d: (known(d), d == ","))


def _csv_entries(text: str, origin: str) -> list[Entry]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_CELL))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=csv_delimiter(text))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise RecordError([Problem(origin, 1, None, "", f"CSV: {exc}")]) from None
    _check_header(header, origin)
    entries = []
    problems = []
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(origin, start, None, "", f"CSV: {exc}"))
            break
        if any(c.strip() for c in cells):
            if len(cells) > len(header):
                problems.append(
                    Problem(
                        origin,
                        start,
                        len(header) + 1,
                        "",
                        f"row has {len(cells)} cells but the header names {len(header)} columns",
                    )
                )
            else:
                entries.append(_csv_entry(header, cells, origin, start))
        start = reader.line_num + 1
    if problems:
        raise RecordError(problems)
    return entries


def _check_header(
    header: list[str], origin: str, cell_ref: Callable[[int, int], str] | None = None
) -> None:
    from incidentctl.ops.mojibake import garbled
    from incidentctl.record.columns import known_column

    problems = []
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if not known_column(name):
            meant = (garbled(name) or "").lstrip("\ufeff")
            why = (
                f"column '{name}' is '{meant}' garbled by a wrong encoding: the file is UTF-8 "
                "but was opened as another encoding before it was saved; open it as UTF-8, or "
                "use an XLSX export"
                if meant and known_column(meant)
                else f"unknown column '{name}' (columns are field paths such as title, "
                "countries, sources[0].url)"
            )
            problems.append(Problem(origin, 1, number, "", why))
        elif name.strip() in seen:
            problems.append(Problem(origin, 1, number, "", f"column '{name}' appears twice"))
        seen.add(name.strip())
    if problems:
        if cell_ref is not None:
            problems = [
                Problem(
                    p.path, 1, p.column, p.field, f"{p.message} (cell {cell_ref(1, p.column or 1)})"
                )
                for p in problems
            ]
        raise RecordError(problems)


def _csv_entry(header: list[str], cells: list[str], origin: str, line: int) -> Entry:
    from incidentctl.record.columns import unflatten

    names = [h.strip() for h in header]
    row: dict[str | None, str | None] = dict(zip(names, cells, strict=False))

    def locate(path: FieldPath) -> Position | None:
        column = _column_of(names, path)
        return (line, column) if column else None

    return Entry(unflatten(row), origin, line, 1, locate)


def _column_of(names: list[str], path: FieldPath) -> int | None:
    """The CSV column (1-based) holding a field path, or the first one of its item."""
    for length in range(len(path), 0, -1):
        candidate = format_field_path(path[:length])
        if candidate in names:
            return names.index(candidate) + 1
        prefix = [
            i
            for i, n in enumerate(names)
            if n.startswith(candidate + ".") or n.startswith(candidate + "[")
        ]
        if prefix:
            return prefix[0] + 1
    return None


def _xlsx_entries(raw: bytes, origin: str) -> list[Entry]:
    """The first sheet of a workbook, read as the CSV layout (cells named in messages)."""
    from incidentctl.ops.xlsx import read_sheet

    sheet = read_sheet(raw, origin)
    if not sheet.header:
        return []
    _check_header(sheet.header, origin, sheet.ref)
    entries = []
    for row in sheet.rows:
        entry = _csv_entry(sheet.header, row.cells, origin, row.number)
        entry.cell_ref = sheet.ref
        entries.append(entry)
    return entries


def _csv_encoding_problems(raw: bytes, origin: str) -> list[Problem]:
    """Each cell of a CSV that is not UTF-8, with what it reads as in a legacy encoding.

    A spreadsheet saving "CSV" in the machine's encoding (Windows-1251 in Russia and
    Kazakhstan, Windows-1252 in western Europe) is the usual cause; naming the cells
    and what they would read as tells the analyst which file and which setting.
    Single-byte encodings decode every byte, one character each, so the CSV parses.
    """
    from incidentctl.ops.mojibake import legacy_reading

    # Latin-1 maps every byte to one character, so each cell's bytes come back exactly.
    text = raw.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    problems: list[Problem] = []
    header: list[str] = []
    start = 1
    try:
        for cells in reader:
            for column, cell in enumerate(cells, start=1):
                reading = legacy_reading(cell)
                if reading is None:
                    continue
                name = header[column - 1] if column <= len(header) else ""
                problems.append(
                    Problem(
                        origin,
                        start,
                        column,
                        name.strip() if start > 1 else "",
                        f"not UTF-8 text: the file was saved in another encoding; {reading}. "
                        "Save it as 'CSV UTF-8' (Excel) or with the character set "
                        "'Unicode (UTF-8)' (LibreOffice) and import again",
                    )
                )
            if not header:
                header = cells
            start = reader.line_num + 1
            if len(problems) >= 20:
                break
    except csv.Error:
        pass
    return problems
