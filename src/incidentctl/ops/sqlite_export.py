"""``export --format sqlite``: the records as a SQLite database that opens in Datasette as it is.

One table per record list (:mod:`incidentctl.ops.tables`), with primary and foreign keys, and
an FTS5 index over each table's free text laid out as sqlite-utils' ``enable_fts`` lays it
out (``<table>_fts``, ``content=[<table>]``): Datasette recognises that layout and shows a
search box, and ``SELECT … FROM incidents_fts WHERE incidents_fts MATCH 'word'`` works in any
SQLite shell. The database is built in a temporary file beside the target and renamed into
place, so a reader never sees half a file and a failed export leaves nothing behind.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from incidentctl.ops.tables import TABLES, Kind, Row, Table, tables_of

EXTENSIONS = (".db", ".sqlite", ".sqlite3")
"""``--output`` names that choose this format when ``--format`` is not given."""

_SQL_TYPES = {
    Kind.TEXT: "TEXT",
    Kind.INTEGER: "INTEGER",
    Kind.BOOLEAN: "INTEGER",  # 0 or 1: SQLite has no boolean type
    Kind.DATE: "TEXT",  # ISO day, what SQLite's date functions read
    Kind.TEXT_LIST: "TEXT",  # a JSON array, what sqlite-utils and Datasette read
}


def _quote(name: str) -> str:
    return "[" + name + "]"  # names are ours (tables.py); brackets as sqlite-utils writes them


def create_sql(table: Table) -> list[str]:
    """The statements creating a table, its foreign key and its full-text index."""
    columns = [f"{_quote(c.name)} {_SQL_TYPES[c.kind]}" for c in table.columns]
    columns.append(f"PRIMARY KEY ({', '.join(map(_quote, table.key))})")
    if table.parent is not None:
        parent, keys = table.parent
        columns.append(
            f"FOREIGN KEY ({', '.join(map(_quote, table.parent_columns))}) "
            f"REFERENCES {_quote(parent)} ({', '.join(map(_quote, keys))})"
        )
    statements = [f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(columns) + "\n)"]
    if table.text:
        statements.append(
            f"CREATE VIRTUAL TABLE {_quote(table.name + '_fts')} USING FTS5 "
            f"({', '.join(map(_quote, table.text))}, content={_quote(table.name)})"
        )
    return statements


_CONVERT: dict[Kind, Callable[[Any], Any]] = {
    Kind.BOOLEAN: int,
    Kind.DATE: lambda day: day.isoformat(),
    Kind.TEXT_LIST: lambda items: json.dumps(items, ensure_ascii=False),
}
"""Python values as SQLite stores them; the other kinds are stored as they are."""


def to_sqlite(records: Sequence[Mapping[str, Any]]) -> bytes:
    """The database file of records' plain data, as bytes (built in memory: for tests and
    small sets; :func:`write_sqlite` builds on disk)."""
    conn = sqlite3.connect(":memory:")
    try:
        _fill(conn, [records])
        return conn.serialize()
    finally:
        conn.close()


def _fill(conn: sqlite3.Connection, chunks: Iterable[Sequence[Mapping[str, Any]]]) -> None:
    """Create every table and insert the records, a chunk at a time (each table's rows in
    record order whatever the chunks: the same rows as one chunk), then the full text."""
    conn.execute("PRAGMA foreign_keys = ON")  # a row without its parent fails the export
    conn.execute("PRAGMA secure_delete = ON")  # pages the index frees keep no old text
    with conn:
        for table in TABLES:
            for statement in create_sql(table):
                conn.execute(statement)
        for chunk in chunks:
            rows = tables_of(chunk)
            for table in TABLES:
                _insert(conn, table, rows[table.name])
        for table in TABLES:
            if table.text:
                fts = _quote(table.name + "_fts")
                conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")


def _insert(conn: sqlite3.Connection, table: Table, rows: list[Row]) -> None:
    convert = [_CONVERT.get(c.kind) for c in table.columns]
    marks = ", ".join("?" * len(convert))
    conn.executemany(
        f"INSERT INTO {_quote(table.name)} VALUES ({marks})",
        rows
        if not any(convert)
        else (
            [v if f is None or v is None else f(v) for f, v in zip(convert, row, strict=True)]
            for row in rows
        ),
    )


def write_sqlite(path: Path, records: Callable[[], Iterator[dict[str, Any]]]) -> None:
    """Write the database to ``path`` atomically (an existing file is replaced whole).

    Built on disk, in a temporary file beside ``path`` renamed into place when complete
    (:func:`incidentctl.files.store.atomic_file`), from the records a chunk at a time: at
    100,000 records the database built in memory took about 0.9 GB. A failure leaves no
    partial file.
    """
    import os

    from incidentctl.ops.exchange import CHUNK, save_streamed

    def write(fh: BinaryIO) -> None:
        conn = sqlite3.connect(fh.name)
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # a new file: nothing to roll back to
            _fill(conn, _chunks(records(), CHUNK))
        finally:
            conn.close()
        os.fsync(fh.fileno())

    save_streamed(path, write)


def _chunks(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
