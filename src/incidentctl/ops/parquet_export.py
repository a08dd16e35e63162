"""``export --format parquet``: the record tables (:mod:`incidentctl.ops.tables`) as Parquet
files in a folder, for DuckDB, Spark, Trino or pandas.

``OUT/<table>.parquet`` for each table; with ``partition_by="year"``, Hive-partitioned folders
``OUT/<table>/year=2019/part-0.parquet`` instead (every table partitioned by its incident's
year, so a query of one year reads one folder of each table; a table with no rows is one empty
``OUT/<table>/part-0.parquet`` with the ``year`` column, so ``OUT/<table>/**/*.parquet`` always
reads, with the same columns). Types come from the declared
schema, never from the data: an empty export has the same columns, dates are Parquet DATE and
lists are lists.

pyarrow is an optional extra (``pip install 'incidentctl[parquet]'``) so that the base install
stays light. The folder is built beside ``OUT`` and renamed into place when complete, so a
failed export leaves nothing and a reader never sees half of one.
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from incidentctl.errors import IncidentctlError, UsageError
from incidentctl.ops.tables import BY_NAME, TABLES, Kind, Row, Table, tables_of

PARTITIONS = ("year",)
"""What ``--partition-by`` accepts."""
INSTALL_HINT = "pip install 'incidentctl[parquet]'"


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise IncidentctlError(
            f"export --format parquet needs pyarrow, an optional extra: {INSTALL_HINT}"
        ) from None
    return pyarrow


def schema(table: Table, partition_by: str | None = None) -> Any:
    """The Arrow schema of a table (with the partition column last, when partitioned)."""
    pa = _pyarrow()
    types = {
        Kind.TEXT: pa.string(),
        Kind.INTEGER: pa.int64(),
        Kind.BOOLEAN: pa.bool_(),
        Kind.DATE: pa.date32(),
        Kind.TEXT_LIST: pa.list_(pa.string()),
    }
    fields = [pa.field(c.name, types[c.kind]) for c in table.columns]
    if partition_by and partition_by not in table.column_names:
        fields.append(pa.field(partition_by, pa.int64()))
    return pa.schema(fields)


def _arrow_table(table: Table, rows: list[Row], years: Mapping[str, int], by: str | None) -> Any:
    pa = _pyarrow()
    columns: list[list[Any]] = [list(c) for c in zip(*rows, strict=True)] if rows else []
    if not columns:
        columns = [[] for _ in table.columns]
    if by and by not in table.column_names:
        columns.append([years[row[0]] for row in rows])
    arrow_schema = schema(table, by)
    arrays = [pa.array(v, type=f.type) for v, f in zip(columns, arrow_schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=arrow_schema)


def write_parquet(
    out: Path, records: Sequence[Mapping[str, Any]], partition_by: str | None = None
) -> None:
    """Write every table into the folder ``out``, replacing an earlier export there whole."""
    pa = _pyarrow()
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    check(out, partition_by)
    rows = tables_of(records)
    year = BY_NAME["incidents"].column_names.index("year")
    years = {row[0]: row[year] for row in rows["incidents"]}
    _remove_stale(out)
    tmp = out.parent / f".{out.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    tmp.mkdir()
    try:
        for table in TABLES:
            data = _arrow_table(table, rows[table.name], years, partition_by)
            if partition_by is None:
                pq.write_table(data, tmp / f"{table.name}.parquet")
                continue
            folder = tmp / table.name
            folder.mkdir()
            if not data.num_rows:  # no partition to write: one empty file keeps the columns
                pq.write_table(data, folder / "part-0.parquet")
                continue
            ds.write_dataset(
                data,
                folder,
                format="parquet",
                partitioning=ds.partitioning(
                    pa.schema([data.schema.field(partition_by)]), flavor="hive"
                ),
                basename_template="part-{i}.parquet",
                existing_data_behavior="overwrite_or_ignore",
            )
        _replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _remove_stale(out: Path) -> None:
    """Remove the half-built folders that killed exports to ``out`` left beside it (they may
    hold records); a folder whose writer is still running is left alone."""
    for entry in out.parent.glob(f".{glob.escape(out.name)}.*.tmp*"):
        found = re.fullmatch(
            rf"\.{re.escape(out.name)}\.(\d+)\.[0-9a-f]{{8}}\.tmp(\.old)?", entry.name
        )
        if found and entry.is_dir() and _writer_gone(int(found[1])):
            shutil.rmtree(entry, ignore_errors=True)


def _writer_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False  # another user's process, or not a pid we can ask about
    return False


def _is_export(folder: Path) -> bool:
    """Whether a folder holds only what an export writes (so replacing it loses nothing else)."""
    names = {t.name for t in TABLES} | {f"{t.name}.parquet" for t in TABLES}
    return all(entry.name in names for entry in folder.iterdir())


def check(out: Path, partition_by: str | None = None) -> None:
    """Refuse what would fail, before any record is read: no pyarrow, a partition we do not
    know, an ``out`` that is a file or a folder of other files (never overwritten)."""
    _pyarrow()
    if partition_by is not None and partition_by not in PARTITIONS:
        raise UsageError(f"--partition-by: '{partition_by}' is not one of {', '.join(PARTITIONS)}")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--output {out}: a Parquet export is a folder, and this is a file")
    if out.is_dir() and not _is_export(out):
        raise UsageError(
            f"--output {out}: this folder holds other files; give a new or empty folder "
            "(an earlier Parquet export there is replaced)"
        )
    if not out.parent.is_dir():
        raise UsageError(f"--output {out}: the folder {out.parent} does not exist")


def _sync(folder: Path) -> None:
    """Every file and folder of the export on disk before it takes its name (as write_atomic
    does for one file), so that a crash never leaves a named export of empty files."""
    for path in [*sorted(folder.rglob("*"), reverse=True), folder]:  # files before folders
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace(tmp: Path, out: Path) -> None:
    """Move the finished folder into place; an earlier export there is moved aside, then removed."""
    _sync(tmp)
    old = None
    if out.exists():
        old = tmp.with_name(tmp.name + ".old")
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
