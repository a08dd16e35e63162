"""``export`` streamed from the index a chunk at a time (ops/exchange.stream_records, a temporary
file renamed into place) gives what the export built in memory gives, and a failure leaves no
partial target."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from incidentctl.errors import IncidentctlError
from incidentctl.files.store import Store
from incidentctl.index.filters import Filters
from incidentctl.ops import exchange
from incidentctl.ops.exchange import export_bytes, save_streamed, select_rows
from incidentctl.ops.sqlite_export import to_sqlite, write_sqlite
from incidentctl.ops.tables import TABLES
from incidentctl.testing import Dataset

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rows(generated: Path) -> list[dict[str, Any]]:
    """The export's records as the in-memory path reads them (every record rebuilt)."""
    return select_rows(Store(generated), Filters())[1]


@pytest.fixture(scope="module", autouse=True)
def small_chunks() -> Any:
    """The writers of this process buffer 7 records at a time (``exchange.CHUNK``), so 300 records
    take many chunks and one ends unevenly. The commands run as subprocesses keep the default;
    reading the index in chunks (``catalog.CHUNK``) is proven in ``test_streamed_output.py``."""
    before = exchange.CHUNK
    exchange.CHUNK = 7
    yield
    exchange.CHUNK = before


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "yaml"])
def test_a_streamed_text_export_is_the_export_built_in_memory(
    fmt: str, generated: Path, rows: list[dict[str, Any]], tmp_path: Path
) -> None:
    data = Dataset(root=generated)
    target = tmp_path / f"out.{fmt}"
    result = data.run("export", "--format", fmt, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert f"{len(rows)} record(s) written" in result.stderr
    assert target.read_bytes() == export_bytes(rows, fmt, to_file=True)
    printed = data.run("export", "--format", fmt)
    assert printed.stdout == exchange.dump(rows, fmt)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_streamed_pieces_join_to_dump_with_any_chunk_size(rows: list[dict[str, Any]]) -> None:
    for size in (1, 299, 300, 301):
        exchange.CHUNK = size
        for fmt in ("jsonl", "json", "csv", "yaml"):
            pieces: list[str] = []
            exchange.write_text_export(lambda: iter(rows), fmt, pieces.append, to_file=False)
            assert "".join(pieces) == exchange.dump(rows, fmt), (fmt, size)
            assert all(piece.endswith("\n") for piece in pieces)
    exchange.CHUNK = 7
    for fmt in ("jsonl", "json", "csv", "yaml"):
        pieces = []
        exchange.write_text_export(lambda: iter([]), fmt, pieces.append, to_file=True)
        assert "".join(pieces).encode() == export_bytes([], fmt, to_file=True)


def test_a_streamed_xlsx_export_holds_the_cells_of_the_one_built_in_memory(
    generated: Path, rows: list[dict[str, Any]], tmp_path: Path
) -> None:
    target = tmp_path / "out.xlsx"
    result = Dataset(root=generated).run("export", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    streamed = openpyxl.load_workbook(target).worksheets[0]
    built = openpyxl.load_workbook(io.BytesIO(export_bytes(rows, "xlsx", True))).worksheets[0]
    assert [[c.value for c in r] for r in streamed.iter_rows()] == [
        [c.value for c in r] for r in built.iter_rows()
    ]
    assert {k: d.width for k, d in streamed.column_dimensions.items()} == {
        k: d.width for k, d in built.column_dimensions.items()
    }


def _tables(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in TABLES:
        out[table.name] = conn.execute(f"SELECT rowid, * FROM [{table.name}]").fetchall()
        if table.text:
            out[table.name + "_fts"] = conn.execute(
                f"SELECT rowid, * FROM [{table.name}_fts] WHERE [{table.name}_fts] MATCH 'lawyer'"
            ).fetchall()
    return out


def test_a_sqlite_export_built_on_disk_has_the_rows_of_the_one_built_in_memory(
    generated: Path, rows: list[dict[str, Any]], tmp_path: Path
) -> None:
    target = tmp_path / "out.db"
    result = Dataset(root=generated).run("export", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    memory = sqlite3.connect(":memory:")
    memory.deserialize(to_sqlite(rows))
    disk = sqlite3.connect(target)
    assert _tables(disk) == _tables(memory)
    assert disk.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [p.name for p in tmp_path.iterdir()] == ["out.db"]
    chunked = tmp_path / "chunked.db"  # 43 chunks of 7 records, in this process
    write_sqlite(chunked, lambda: iter(rows))
    assert _tables(sqlite3.connect(chunked)) == _tables(memory)


def _failing(rows: list[dict[str, Any]], after: int) -> Any:
    def records() -> Any:
        for n, row in enumerate(rows):
            if n == after:
                raise OSError(28, "No space left on device")
            yield row

    return records


def test_a_failed_streamed_export_leaves_the_old_target_and_nothing_else(
    rows: list[dict[str, Any]], tmp_path: Path
) -> None:
    for name, write in (
        (
            "out.jsonl",
            lambda path: save_streamed(
                path, lambda fh: exchange.write_export(fh, _failing(rows, 150), "jsonl")
            ),
        ),
        (
            "out.xlsx",
            lambda path: save_streamed(
                path, lambda fh: exchange.write_export(fh, _failing(rows, 150), "xlsx")
            ),
        ),
        ("out.db", lambda path: write_sqlite(path, _failing(rows, 150))),
    ):
        target = tmp_path / name
        target.write_bytes(b"the previous export")
        with pytest.raises(IncidentctlError, match="No space left"):
            write(target)
        assert target.read_bytes() == b"the previous export"
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            p.name for p in tmp_path.iterdir() if not p.name.startswith(".")
        )
        target.unlink()
        with pytest.raises(IncidentctlError):
            write(target)
        assert not target.exists()
    assert list(tmp_path.iterdir()) == []
