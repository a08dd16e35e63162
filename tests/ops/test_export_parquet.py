"""``export --format parquet``: real Parquet folders, read back by DuckDB."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from incidentctl.ops.tables import TABLES
from incidentctl.testing import Dataset

pytestmark = pytest.mark.slow  # real processes


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    from incidentctl.files.dataset import init_dataset

    root = tmp_path_factory.mktemp("parquet") / "data-set"
    shutil.copytree(Path(__file__).parents[2] / "data" / "incidents", root / "data" / "incidents")
    init_dataset(root)
    return Dataset(root)


def _export(data: Dataset, out: Path, *args: str) -> None:
    result = data.run("export", "--format", "parquet", "--output", str(out), *args)
    assert result.exit_code == 0, result.stderr
    assert f"written to {out} (parquet)" in result.stderr


def test_duckdb_counts_by_year_from_the_partitions_as_report_does(
    bundled: Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "tables"
    _export(bundled, out, "--partition-by", "year")
    assert (out / "incidents" / "year=2019").is_dir()
    counted = dict(
        duckdb.sql(
            f"SELECT year, count(*) FROM read_parquet('{out}/incidents/**/*.parquet', "
            "hive_partitioning = true) GROUP BY year"
        ).fetchall()
    )
    report = json.loads(bundled.run("report", "--format", "json").stdout)
    by_year: Counter[int] = Counter()
    for month, n in report["by_month"].items():
        by_year[int(month[:4])] += n
    assert counted == dict(by_year)
    assert sum(counted.values()) == report["total"]
    people_years = duckdb.sql(
        f"SELECT DISTINCT p.year = i.year FROM read_parquet('{out}/people/**/*.parquet', "
        f"hive_partitioning = true) p JOIN read_parquet('{out}/incidents/**/*.parquet', "
        "hive_partitioning = true) i ON p.incident_id = i.id"
    ).fetchall()
    assert people_years == [(True,)]


def test_columns_have_the_declared_types(bundled: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    _export(bundled, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t.name}.parquet" for t in TABLES)
    types = dict(
        (name, kind)
        for name, kind, *_ in duckdb.sql(
            f"DESCRIBE SELECT * FROM read_parquet('{out}/incidents.parquet')"
        ).fetchall()
    )
    assert types["date"] == "VARCHAR" and types["date_start"] == "DATE"
    assert types["recorded"] == "DATE" and types["confidential"] == "BOOLEAN"
    [row] = duckdb.sql(
        f"SELECT date, date_start, date_end FROM read_parquet('{out}/incidents.parquet') "
        "WHERE id = '2016-be-jardemalie-bta-complaint'"
    ).fetchall()
    assert (row[0], str(row[1]), str(row[2])) == ("2016", "2016-01-01", "2023-12-31")
    aliases = duckdb.sql(
        f"SELECT aliases FROM read_parquet('{out}/people.parquet') WHERE name = 'Sergey Sizintsev'"
    ).fetchall()
    assert aliases and all("Sizentsev" in a for (a,) in aliases)


def test_an_empty_export_has_the_same_columns(bundled: Dataset, tmp_path: Path) -> None:
    full, empty = tmp_path / "full", tmp_path / "empty"
    _export(bundled, full, "--partition-by", "year")
    _export(bundled, empty, "--partition-by", "year", "--country", "FR")
    for table in TABLES:

        def describe(root: Path, name: str = table.name) -> list[tuple[str, str]]:
            rows = duckdb.sql(
                f"DESCRIBE SELECT * FROM read_parquet('{root}/{name}/**/*.parquet', "
                "hive_partitioning = true)"
            ).fetchall()
            return sorted((r[0], r[1]) for r in rows)

        assert describe(empty) == describe(full), table.name
    count = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{empty}/incidents/**/*.parquet', hive_partitioning = true)"
    ).fetchall()
    assert count == [(0,)]


def test_filters_and_replacing_an_earlier_export(bundled: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    _export(bundled, out, "--partition-by", "year")
    _export(bundled, out, "--country", "BE")  # replaces the partitioned export whole
    assert not (out / "incidents").exists()
    ids = [r[0] for r in duckdb.sql(f"SELECT id FROM '{out}/incidents.parquet'").fetchall()]
    assert ids == bundled.run("list", "--country", "BE", "--format", "ids").stdout.split()
    assert [p.name for p in tmp_path.iterdir()] == ["tables"]  # no temporary folder left


def test_what_a_killed_export_left_is_removed_by_the_next(bundled: Dataset, tmp_path: Path) -> None:
    stale = tmp_path / ".tables.999999999.0123abcd.tmp"  # no process has that id
    (stale / "incidents").mkdir(parents=True)
    (stale / "incidents" / "part-0.parquet").write_bytes(b"half")
    other = tmp_path / ".other.999999999.0123abcd.tmp"  # another export's: not ours to remove
    other.mkdir()
    _export(bundled, tmp_path / "tables")
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "tables"]


def test_a_folder_of_other_files_is_never_overwritten(bundled: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = bundled.run("export", "--format", "parquet", "--output", str(out))
    assert result.exit_code == 2 and "holds other files" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_stdout_and_other_formats_partitioned_are_refused(bundled: Dataset) -> None:
    parquet = bundled.run("export", "--format", "parquet")
    assert parquet.exit_code == 2 and "--output" in parquet.stderr and parquet.stdout == ""
    csv = bundled.run("export", "--format", "csv", "--partition-by", "year")
    assert csv.exit_code == 2 and "--partition-by" in csv.stderr


def test_without_pyarrow_the_message_names_the_extra(bundled: Dataset, tmp_path: Path) -> None:
    """A pyarrow that cannot be imported (as on a base install) is found before any work."""
    shadow = tmp_path / "no-pyarrow"
    (shadow / "pyarrow").mkdir(parents=True)
    (shadow / "pyarrow" / "__init__.py").write_text("raise ImportError('not installed')\n")
    out = tmp_path / "tables"
    result = bundled.run(
        "export", "--format", "parquet", "-o", str(out), env={"PYTHONPATH": str(shadow)}
    )
    assert result.exit_code == 1
    assert "pip install 'incidentctl[parquet]'" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
