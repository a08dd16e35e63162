"""``export --format sqlite``: a real database file read back with sqlite3 and Datasette."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from incidentctl.ops.sqlite_export import to_sqlite
from incidentctl.ops.tables import TABLES
from incidentctl.testing import Dataset

pytestmark = pytest.mark.slow  # real processes


@pytest.fixture(scope="module")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Path]:
    """The bundled data set and its SQLite export (through the command, as a process)."""
    from incidentctl.files.dataset import init_dataset

    root = tmp_path_factory.mktemp("sqlite") / "data-set"
    shutil.copytree(Path(__file__).parents[2] / "data" / "incidents", root / "data" / "incidents")
    init_dataset(root)
    data = Dataset(root)
    out = root.parent / "incidents.db"
    result = data.run("export", "--output", str(out))  # .db chooses the format
    assert result.exit_code == 0, result.stderr
    assert "(sqlite)" in result.stderr
    return data, out


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def test_full_text_finds_a_person_by_name_in_latin_and_cyrillic(
    bundled_db: tuple[Dataset, Path],
) -> None:
    _, path = bundled_db
    conn = _connect(path)
    query = (
        "SELECT DISTINCT people.incident_id FROM people_fts JOIN people "
        "ON people.rowid = people_fts.rowid WHERE people_fts MATCH ? ORDER BY 1"
    )
    latin = [r[0] for r in conn.execute(query, ["Sizintsev"])]
    cyrillic = [r[0] for r in conn.execute(query, ["Сизинцев"])]
    assert latin and latin == cyrillic
    assert all("sizintsev" in i for i in latin)
    titles = conn.execute(
        "SELECT incidents.id FROM incidents_fts JOIN incidents "
        "ON incidents.rowid = incidents_fts.rowid WHERE incidents_fts MATCH 'disbarred'"
    ).fetchall()
    assert ("2019-05-21-kz-sizintsev-disbarred",) in titles


def test_the_file_is_sound_and_every_row_belongs_to_its_incident(
    bundled_db: tuple[Dataset, Path],
) -> None:
    data, path = bundled_db
    conn = _connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    ids = data.run("list", "--format", "ids").stdout.split()
    assert sorted(r[0] for r in conn.execute("SELECT id FROM incidents")) == sorted(ids)
    people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    assert people >= len(ids)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        writable = sqlite3.connect(path)
        writable.execute("PRAGMA foreign_keys = ON")
        writable.execute("INSERT INTO people (incident_id, position, name) VALUES ('nope', 0, 'x')")


def test_dates_lists_and_booleans_are_typed_for_sql(bundled_db: tuple[Dataset, Path]) -> None:
    _, path = bundled_db
    conn = _connect(path)
    date, end, start, last = conn.execute(
        "SELECT date, end_date, date_start, date_end FROM incidents "
        "WHERE id = '2016-be-jardemalie-bta-complaint'"
    ).fetchone()
    assert (date, end, start, last) == ("2016", "2023", "2016-01-01", "2023-12-31")
    aliases = conn.execute(
        "SELECT value FROM people, json_each(people.aliases) WHERE name = 'Sergey Sizintsev'"
    ).fetchall()
    assert ("Sizentsev",) in aliases and ("Сергей Сизинцев",) in aliases
    assert {r[0] for r in conn.execute("SELECT DISTINCT confidential FROM people")} <= {0, 1}


def test_datasette_opens_it_as_it_is_and_searches_it(bundled_db: tuple[Dataset, Path]) -> None:
    """The FTS layout (``content=[table]``) is what Datasette detects: its search answers."""
    _, path = bundled_db
    datasette = Path(sys.executable).with_name("datasette")
    assert datasette.exists(), "datasette is in the test extra"
    answer = subprocess.run(
        [
            str(datasette),
            str(path),
            "--get",
            "/incidents/people.json?_search=Сизинцев&_shape=array",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(answer.stdout)
    assert found and {row["name"] for row in found} == {"Sergey Sizintsev"}
    tables = subprocess.run(
        [str(datasette), str(path), "--get", "/incidents.json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    listed = {t["name"]: t for t in json.loads(tables.stdout)["tables"]}
    assert listed["incidents"]["fts_table"] == "incidents_fts"
    assert listed["people"]["fts_table"] == "people_fts"


def test_filters_choose_the_records(bundled_db: tuple[Dataset, Path], tmp_path: Path) -> None:
    data, _ = bundled_db
    out = tmp_path / "be.sqlite"
    assert (
        data.run("export", "--country", "BE", "--format", "sqlite", "-o", str(out)).exit_code == 0
    )
    ids = [r[0] for r in _connect(out).execute("SELECT id FROM incidents")]
    assert ids == data.run("list", "--country", "BE", "--format", "ids").stdout.split()
    assert len(ids) == 1


def test_an_empty_export_has_every_table_and_column() -> None:
    conn = sqlite3.connect(":memory:")
    conn.deserialize(to_sqlite([]))
    for table in TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table.name}])")]
        assert tuple(columns) == table.column_names
        assert conn.execute(f"SELECT count(*) FROM [{table.name}]").fetchone() == (0,)


def test_standard_output_is_refused_and_nothing_is_written(
    bundled_db: tuple[Dataset, Path],
) -> None:
    data, _ = bundled_db
    for args in (("--format", "sqlite"), ("--format", "sqlite", "-o", "-")):
        result = data.run("export", *args)
        assert result.exit_code == 2
        assert "--output" in result.stderr and result.stdout == ""


def test_a_failed_export_writes_nothing(bundled_db: tuple[Dataset, Path], tmp_path: Path) -> None:
    data, _ = bundled_db
    out = tmp_path / "incidents.db"
    out.mkdir()  # a folder of that name: the finished file cannot take its place
    (out / "kept.txt").write_text("kept")
    result = data.run("export", "-o", str(out))
    assert result.exit_code == 1 and "cannot write" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.db"]
    assert (out / "kept.txt").read_text() == "kept"
