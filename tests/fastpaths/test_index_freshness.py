"""The index under change, at the level of whole folders and real processes (issue 6, item 3).

tests/index/test_index.py covers single files in one process; here: the scan shared between two
processes, folders that appear, vanish or change, an old file edited in place with its mtime put
back (no test hook: a real wait), reader processes answering while a writer process adds
records, and a build killed half-way. Every test asserts answers, never timings.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from incidentctl.files.store import Store
from incidentctl.index import catalog
from incidentctl.index import db as index
from incidentctl.index import scan as index_scan
from incidentctl.index.filters import Filters

pytestmark = pytest.mark.slow  # real processes and many runs: left out of the quick loop


def ids(root: Path, **filters: Any) -> list[str]:
    return sorted(catalog.select_ids(Store(root), Filters.build(**filters)))


def index_file(root: Path) -> Path:
    return root / ".incidentctl" / "index.sqlite3"


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("INCIDENTCTL_ROOT", None)
    return subprocess.run(
        [sys.executable, "-m", "incidentctl", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _copies(incidentctl_dataset: Any, count: int, years: range) -> list[str]:
    """``count`` valid records written straight as files (a fast way to a large data set):
    copies of one canonical record with the id and the title changed."""
    template_id = incidentctl_dataset.add(title="Lawyer number zero disbarred", date="2019-05-21")
    template = next(incidentctl_dataset.incidents.glob(f"*/{template_id}.yaml"))
    text = template.read_text(encoding="utf-8")
    template.unlink()
    made = []
    for n in range(count):
        year = years[n % len(years)]
        record_id = f"{year}-05-21-kz-lawyer-number-{n}-disbarred"
        body = (
            text.replace(template_id, record_id)
            .replace("Lawyer number zero disbarred", f"Lawyer number {n} disbarred")
            .replace('date: "2019-05-21"', f'date: "{year}-05-21"')
        )
        folder = incidentctl_dataset.incidents / str(year)
        folder.mkdir(exist_ok=True)
        (folder / f"{record_id}.yaml").write_text(body, encoding="utf-8")
        made.append(record_id)
    return sorted(made)


# -- the scan -------------------------------------------------------------------------------


def test_the_scan_shared_by_two_processes_sees_what_one_sees(
    incidentctl_dataset: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _copies(incidentctl_dataset, 60, range(2010, 2016))
    (incidentctl_dataset.incidents / "2012" / ".hidden.yaml").write_text("x", encoding="utf-8")
    (incidentctl_dataset.incidents / "2012" / "notes.txt").write_text("x", encoding="utf-8")
    (incidentctl_dataset.incidents / "stray.yaml").write_text("x", encoding="utf-8")
    target = next((incidentctl_dataset.incidents / "2013").iterdir())
    (incidentctl_dataset.incidents / "2014" / "2014-link.yaml").symlink_to(target)
    (incidentctl_dataset.incidents / "2015" / "sub.yaml").mkdir()
    store = Store(incidentctl_dataset.root)

    monkeypatch.setattr(index_scan, "SPLIT_MIN_BYTES", 1 << 60)
    alone = index_scan.scan(store)
    monkeypatch.setattr(index_scan, "SPLIT_MIN_BYTES", 0)
    folders = [e for e in os.scandir(store.data_dir) if e.is_dir() and e.name[0] != "."]
    assert index_scan._scan_split(store, folders) is not None  # the split really runs
    shared = index_scan.scan(store)

    assert shared.folders == alone.folders
    assert shared.skipped == alone.skipped
    assert sorted(p.split("/")[1][:-5] for p, *_ in shared.rows) == made
    assert {p.message for p in shared.skipped} >= {"symlink: not followed, not read"}
    assert ids(incidentctl_dataset.root) == made


def test_a_scan_inside_a_threaded_program_does_not_fork(
    incidentctl_dataset: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copies(incidentctl_dataset, 6, range(2010, 2013))
    monkeypatch.setattr(index_scan, "SPLIT_MIN_BYTES", 0)
    store = Store(incidentctl_dataset.root)
    folders = [e for e in os.scandir(store.data_dir) if e.is_dir()]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert index_scan._scan_split(store, folders) is None
        assert len(index_scan.scan(store).rows) == 6
    finally:
        stop.set()
        other.join()


# -- folders --------------------------------------------------------------------------------


def test_folders_that_appear_vanish_or_change_are_seen(incidentctl_dataset: Any) -> None:
    made = _copies(incidentctl_dataset, 30, range(2010, 2016))
    assert ids(incidentctl_dataset.root) == made
    # a whole year folder removed
    gone = sorted(p.stem for p in (incidentctl_dataset.incidents / "2011").iterdir())
    for path in (incidentctl_dataset.incidents / "2011").iterdir():
        path.unlink()
    (incidentctl_dataset.incidents / "2011").rmdir()
    made = sorted(set(made) - set(gone))
    assert ids(incidentctl_dataset.root) == made
    # a new year folder
    new = incidentctl_dataset.add(
        title="Defender detained in Minsk", date="2021-02-03", countries=["BY"]
    )
    made = sorted([*made, new])
    assert ids(incidentctl_dataset.root) == made
    assert ids(incidentctl_dataset.root, countries=["BY"]) == [new]
    # a record moved to another year by an edit (the id stays, the file moves)
    moved = made[0]
    result = _cli(incidentctl_dataset.root, "edit", moved, "--set", "date=2003-07-01")
    assert result.returncode == 0, result.stderr
    assert ids(incidentctl_dataset.root) == made
    assert ids(incidentctl_dataset.root, years=[2003]) == [moved]
    # and the folder it left emptied of that record only
    assert moved not in ids(incidentctl_dataset.root, years=[2010])


def test_a_folder_deleted_right_after_its_file_was_written_is_seen(
    incidentctl_dataset: Any,
) -> None:
    """A file written a moment ago keeps its folder under watch (racy); deleting the folder
    then must still drop its records."""
    kept = incidentctl_dataset.add(title="Lawyer disbarred in Almaty", date="2018-03-01")
    fresh = incidentctl_dataset.add(
        title="Lawyer detained in Osh", date="2020-04-01", countries=["KG"]
    )
    assert ids(incidentctl_dataset.root) == sorted([kept, fresh])
    folder = incidentctl_dataset.incidents / "2020"
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    assert ids(incidentctl_dataset.root) == [kept]
    assert ids(incidentctl_dataset.root, countries=["KG"]) == []


def test_an_old_file_edited_in_place_with_its_mtime_put_back_is_seen(
    incidentctl_dataset: Any,
) -> None:
    """Same size, same inode, mtime put back, the file long out of the racy window: only its
    change time tells. Real processes, no test hook: the test waits out the racy window."""
    record_id = incidentctl_dataset.add(status="ongoing")
    path = next(incidentctl_dataset.incidents.glob(f"*/{record_id}.yaml"))
    old = 1_577_836_800_000_000_000  # 2020-01-01, as if the file came from an old checkout
    os.utime(path, ns=(old, old))
    time.sleep(index.RACY_NS / 1e9 + 0.5)  # the change time leaves the racy window
    first = _cli(incidentctl_dataset.root, "search", "--status", "ongoing", "--format", "ids")
    assert first.stdout.split() == [record_id]
    with sqlite3.connect(index_file(incidentctl_dataset.root)) as conn:
        assert conn.execute("SELECT racy FROM files").fetchall() == [(0,)]
    before = path.stat()
    edited = path.read_text(encoding="utf-8").replace('status: "ongoing"', 'status: "unknown"')
    assert len(edited.encode()) == before.st_size
    with open(path, "r+", encoding="utf-8") as fh:  # in place: the inode stays
        fh.write(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    assert (
        _cli(incidentctl_dataset.root, "search", "--status", "ongoing", "--format", "ids").stdout
        == ""
    )
    unknown = _cli(incidentctl_dataset.root, "search", "--status", "unknown", "--format", "ids")
    assert unknown.stdout.split() == [record_id]


# -- processes --------------------------------------------------------------------------------

_WRITER = """
import sys
from pathlib import Path
from incidentctl.ops import edit as records
from incidentctl.files.store import Store
from incidentctl.testing import sample_record

store = Store(Path(sys.argv[1]))
with open(sys.argv[2], "a", encoding="utf-8") as log:
    for n in range(int(sys.argv[3])):
        record, _ = records.add(store, sample_record(
            title=f"Lawyer number {n} detained after a hearing",
            date=f"20{10 + n % 12}-0{1 + n % 9}-1{n % 10}",
            countries=["KZ"] if n % 2 else ["KG"],
        ))
        log.write(record.id + "\\n")
        log.flush()
"""


def test_readers_see_whole_consistent_answers_while_a_writer_adds_records(
    incidentctl_dataset: Any, tmp_path: Path
) -> None:
    """Two reader processes query in a loop (each query a new process, which refreshes the
    index) while a writer process adds records. Every answer is a valid list: no error, no
    warning, no duplicate, only real ids, every record added before the query began, and
    never less than the same reader's previous answer."""
    initial = set(_copies(incidentctl_dataset, 40, range(2005, 2009)))
    log = tmp_path / "added.log"
    log.write_text("", encoding="utf-8")

    def added() -> set[str]:
        return set(log.read_text(encoding="utf-8").split())

    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(incidentctl_dataset.root), str(log), "80"],
        stderr=subprocess.PIPE,
        text=True,
    )
    failures: list[str] = []
    answers: list[int] = []

    def reader(args: tuple[str, ...]) -> None:
        previous: set[str] = set()
        while True:
            done = writer.poll() is not None
            before = added()
            result = _cli(incidentctl_dataset.root, "search", *args, "--format", "ids")
            got = result.stdout.split()
            after = added()
            if result.returncode != 0 or result.stderr:
                failures.append(f"exit {result.returncode}: {result.stderr}")
            elif len(got) != len(set(got)):
                failures.append(f"duplicates in {got}")
            else:
                everything = initial | after | _on_disk(incidentctl_dataset.incidents)
                wanted = (initial | before) if not args else None
                if not set(got) <= everything:
                    failures.append(f"unknown ids {set(got) - everything}")
                if wanted is not None and not wanted <= set(got):
                    failures.append(f"missing {wanted - set(got)}")
                if not args and not previous <= set(got):
                    failures.append(f"lost {previous - set(got)}")
                previous = set(got)
                answers.append(len(got))
            if done or failures:
                return

    readers = [
        threading.Thread(target=reader, args=((),)),
        threading.Thread(target=reader, args=(("--country", "KZ"),)),
    ]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    assert writer.wait(timeout=300) == 0, writer.stderr.read() if writer.stderr else ""
    assert not failures, failures[:3]
    assert len(answers) >= 4
    final = set(ids(incidentctl_dataset.root))
    assert final == initial | added()
    assert len(added()) == 80


def _on_disk(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*/*.yaml")}


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.8])
def test_a_build_killed_half_way_leaves_a_usable_index(
    incidentctl_dataset: Any, delay: float
) -> None:
    """SIGKILL at some moment of the first build: the file SQLite kept is sound (the build is
    one transaction) and the next query answers in full."""
    made = _copies(incidentctl_dataset, 1500, range(2000, 2025))
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "incidentctl",
            "--root",
            str(incidentctl_dataset.root),
            "list",
            "--format",
            "ids",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 120
    while proc.poll() is None and not index_file(incidentctl_dataset.root).exists():
        assert time.monotonic() < deadline
        time.sleep(0.002)
    time.sleep(delay)  # somewhere in the build (or after it, on a fast machine: also fine)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    with sqlite3.connect(index_file(incidentctl_dataset.root)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    result = _cli(incidentctl_dataset.root, "list", "--format", "ids")
    assert result.returncode == 0 and result.stderr == ""
    assert sorted(result.stdout.split()) == made
