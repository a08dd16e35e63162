"""Bulk writes (``fmt``, ``import``): every temporary file of a batch written and synced, then
the renames, then one fsync a folder (files/store.py, :class:`StagedWrites`), and the lock
files shared by ids (:func:`lock_name`).

Each file is still replaced whole and only if it holds what was read; a failed or interrupted
batch leaves no temporary file, and an import that fails writes nothing. The staged path gives
the same files, outcomes and verdicts as the one-by-one path it replaces for large batches.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from incidentctl.errors import IncidentctlError
from incidentctl.files.store import LOCK_FILES, StagedWrites, Store, lock_name
from incidentctl.ops import fmt, fmtcache, importer
from incidentctl.ops.exchange import read_batch
from incidentctl.testing import Dataset, import_batch


def _temporaries(root: Path) -> list[Path]:
    return sorted(root.rglob("*.tmp"))


def test_placed_files_hold_the_new_bytes_and_the_rest_leave_no_temporary(tmp_path: Path) -> None:
    folder = tmp_path / "2019"
    folder.mkdir()
    old = folder / "a.yaml"
    old.write_text("old\n")
    items = [(old, "new a\n"), (folder / "b.yaml", "new b\n"), (folder / "c.yaml", "new c\n")]
    with StagedWrites(items) as staged:
        assert len(_temporaries(tmp_path)) == 3  # all written (and synced) before any rename
        assert old.read_text() == "old\n"
        staged.place(0)
        staged.place(1, exclusive=True)
    assert old.read_text() == "new a\n" and (folder / "b.yaml").read_text() == "new b\n"
    assert not (folder / "c.yaml").exists()  # never placed
    assert _temporaries(tmp_path) == []


def test_an_exclusive_place_never_replaces_and_an_error_leaves_no_temporary(
    tmp_path: Path,
) -> None:
    taken = tmp_path / "taken.yaml"
    taken.write_text("someone else's\n")
    with pytest.raises(FileExistsError), StagedWrites([(taken, "mine\n")]) as staged:
        staged.place(0, exclusive=True)
    assert taken.read_text() == "someone else's\n"
    assert _temporaries(tmp_path) == []


def test_a_batch_that_cannot_be_written_removes_what_it_wrote(tmp_path: Path) -> None:
    items = [(tmp_path / "a.yaml", "a\n"), (tmp_path / "missing" / "b.yaml", "b\n")]
    with pytest.raises(FileNotFoundError), StagedWrites(items):
        pytest.fail("the block never starts: the second file cannot be written")
    assert _temporaries(tmp_path) == [] and not (tmp_path / "a.yaml").exists()


def test_a_failed_batch_removes_only_the_temporaries_it_created(tmp_path: Path) -> None:
    """A temporary's name can be taken (another writer, a pid reused since a crash): staging
    refuses it (``O_EXCL``), and the batch must not remove that file on its way out, only what
    it wrote itself. Found by a lost branch: every temporary not placed was unlinked."""
    items = [(tmp_path / f"{n}.yaml", f"record {n}\n") for n in range(3)]
    staged = StagedWrites(items)
    theirs = staged.temporaries[1]
    theirs.write_text("another writer's temporary\n")
    with pytest.raises(FileExistsError), staged:
        pytest.fail("the block never starts: a temporary's name was taken")
    assert theirs.read_text() == "another writer's temporary\n"
    assert _temporaries(tmp_path) == [theirs]  # and none of the batch's own
    assert not any((tmp_path / f"{n}.yaml").exists() for n in range(3))


def test_an_atomic_file_whose_temporary_name_is_taken_removes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a streamed write (an export): the taken name is left as it was."""
    import secrets

    from incidentctl.files.store import atomic_file

    monkeypatch.setattr(secrets, "token_hex", lambda _n: "0badc0de")  # a name already taken
    target = tmp_path / "export.yaml"
    theirs = tmp_path / f".export.yaml.{os.getpid()}.0badc0de.tmp"
    theirs.write_text("another writer's temporary\n")
    with pytest.raises(FileExistsError), atomic_file(target) as fh:
        fh.write(b"never")
    assert theirs.read_text() == "another writer's temporary\n" and not target.exists()


def test_the_writer_threads_do_each_index_once_and_stop_at_the_first_error() -> None:
    """The batch's threads share one iterator of indexes: each index is done once, and after
    an error no call starts (those begun end before the error is raised)."""
    import threading
    import time

    from incidentctl.files.store import _each

    done: list[int] = []
    lock = threading.Lock()

    def record(index: int) -> None:
        time.sleep(0.0005)
        with lock:
            done.append(index)

    _each(record, range(2000))
    assert sorted(done) == list(range(2000))

    started: list[int] = []
    ended: list[int] = []

    def fail_at_ten(index: int) -> None:
        with lock:
            started.append(index)
        if index == 10:
            raise OSError("disk full")
        time.sleep(0.002)
        with lock:
            ended.append(index)

    with pytest.raises(OSError, match="disk full"):
        _each(fail_at_ten, range(2000))
    assert len(started) < 100 and sorted(ended) == sorted(i for i in started if i != 10)


def test_interrupted_inside_the_block_leaves_placed_files_whole_and_no_temporary(
    tmp_path: Path,
) -> None:
    items = [(tmp_path / f"{n}.yaml", f"record {n}\n" * 100) for n in range(5)]
    with pytest.raises(KeyboardInterrupt), StagedWrites(items) as staged:
        staged.place(0)
        staged.place(1)
        raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.yaml", "1.yaml"]
    assert (tmp_path / "1.yaml").read_text() == "record 1\n" * 100


# -- fmt ---------------------------------------------------------------------------------


def _messy_set(dataset: Dataset, count: int) -> Store:
    """``count`` records that fmt rewrites (a comment, plain scalars), over two year folders."""
    rid = dataset.add(title="Lawyer detained in Almaty", people=[])
    store = Store(dataset.root)
    path = store.find(rid)
    text = path.read_text(encoding="utf-8")
    path.unlink()
    for n in range(count):
        year = 2018 + n % 2
        new = text.replace(f'"{rid}"', f"{rid}-{n}").replace('status: "ongoing"', "status: ongoing")
        new = new.replace("date: 2019-", f"date: {year}-")
        target = dataset.incidents / str(year) / f"{rid}-{n}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# hand-written record {n}\n" + new, encoding="utf-8")
    return store


def test_fmt_staged_gives_the_files_and_outcomes_of_one_by_one(
    incidentctl_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    count = 2 * fmt.STAGED_FROM + 3  # one chunk, over the threshold: one staged batch
    store = _messy_set(incidentctl_dataset, count)
    twin_root = tmp_path / "twin"
    shutil.copytree(incidentctl_dataset.root, twin_root, symlinks=True)
    staged = fmt.format_files(store, None, write=True)
    monkeypatch.setattr(fmt, "STAGED_FROM", 10**9)  # the threshold: every file one by one
    twin = Store(twin_root)
    one_by_one = fmt.format_files(twin, None, write=True)
    assert staged == one_by_one
    assert len(staged.changed) == count and staged.errors == []
    assert Dataset(incidentctl_dataset.root).snapshot() == Dataset(twin_root).snapshot()
    assert fmtcache.load(store) == fmtcache.load(twin)
    assert _temporaries(incidentctl_dataset.root) == []
    again = fmt.format_files(store, None, write=False)
    assert again.changed == [] and again.errors == []


def test_fmt_staged_leaves_a_file_changed_since_it_was_read(incidentctl_dataset: Dataset) -> None:
    """The compare-before-rename holds in a batch: a file that no longer holds the text fmt
    read is that file's problem and keeps its bytes; the others are written."""
    store = _messy_set(incidentctl_dataset, fmt.STAGED_FROM)
    paths = store.listing().files
    writes = []
    for path in paths:
        outcome, rewrite = fmt._format_one(store, path, store.rel(path), True, {})
        assert rewrite is not None
        writes.append((outcome, path, *rewrite))
    meddled = paths[3]
    meddled.write_text(meddled.read_text(encoding="utf-8") + "# edited meanwhile\n", "utf-8")
    kept = meddled.read_bytes()
    fmt._write_staged(store, writes)
    assert meddled.read_bytes() == kept
    assert [str(p) for p in writes[3][0].problems] and "changed since" in str(
        writes[3][0].problems[0]
    )
    assert writes[3][0].changed is False
    for outcome, path, text, _, _, _ in writes[:3] + writes[4:]:
        assert outcome.changed and outcome.problems == []
        assert path.read_text(encoding="utf-8") == text
    assert _temporaries(incidentctl_dataset.root) == []


# -- import ------------------------------------------------------------------------------


def test_an_id_that_appears_during_a_large_import_fails_it_and_nothing_is_written(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    incidentctl_dataset.add()
    batch = import_batch(tmp_path, importer.PARALLEL_FROM + 6)
    store = Store(incidentctl_dataset.root)
    plan = importer.plan(store, read_batch(batch.read_bytes(), "jsonl", str(batch)))
    # Another command writes one of the batch's ids, in another year folder, meanwhile.
    intruder = incidentctl_dataset.incidents / "2001" / "imported-40.yaml"
    intruder.parent.mkdir()
    intruder.write_text("another command's record\n")
    before = incidentctl_dataset.snapshot()
    with pytest.raises(IncidentctlError, match=r"imported-40\.yaml appeared while importing"):
        importer.apply(store, plan)
    assert incidentctl_dataset.snapshot() == before
    assert _temporaries(incidentctl_dataset.root) == []


def test_a_large_import_interrupted_in_its_writes_leaves_nothing(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    """Ctrl-C while the batch's temporary files are written: a real process, a real SIGINT,
    held mid-write by the documented pause hook (docs/safety.md)."""
    import os
    import signal
    import time

    from incidentctl.files.store import FAULT_PAUSE_ENV

    incidentctl_dataset.add()
    batch = import_batch(tmp_path, importer.PARALLEL_FROM + 1)
    before = incidentctl_dataset.snapshot()
    env = {**os.environ, "NO_COLOR": "1", FAULT_PAUSE_ENV: "0.2"}
    env.pop("INCIDENTCTL_ROOT", None)
    command = [sys.executable, "-m", "incidentctl", "--root", str(incidentctl_dataset.root)]
    proc = subprocess.Popen(
        [*command, "import", str(batch)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while len(_temporaries(incidentctl_dataset.root)) < 3:  # some written, one half-written
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "never reached the batch's writes"
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert incidentctl_dataset.snapshot() == before
    assert _temporaries(incidentctl_dataset.root) == []


# -- the lock files ----------------------------------------------------------------------


def _two_ids_sharing_a_lock() -> tuple[str, str]:
    seen: dict[str, str] = {}
    for n in range(LOCK_FILES * 4):
        rid = f"record-{n}"
        other = seen.setdefault(lock_name(rid), rid)
        if other != rid:
            return other, rid
    raise AssertionError("no two ids share a lock file")


def test_lock_files_are_few_and_shared_ids_nest_and_release(incidentctl_dataset: Dataset) -> None:
    names = {lock_name(f"record-{n}") for n in range(100_000)}
    assert len(names) == LOCK_FILES  # 100,000 ids, 4,096 files
    store = Store(incidentctl_dataset.root)
    first, second = _two_ids_sharing_a_lock()
    with store.record_lock(first):
        with store.record_lock(second):  # the same file, held by this process: no wait
            pass
        lock = incidentctl_dataset.root / ".incidentctl" / "locks" / lock_name(first)
        # still held after the inner block ends: another process cannot take it
        probe = (
            "import fcntl, os, sys\n"
            "fd = os.open(sys.argv[1], os.O_RDWR)\n"
            "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept BlockingIOError:\n"
            "    sys.exit(3)\n"
        )
        held = subprocess.run([sys.executable, "-c", probe, str(lock)], timeout=60)
        assert held.returncode == 3
    assert store._held == {}
    free = subprocess.run([sys.executable, "-c", probe, str(lock)], timeout=60)
    assert free.returncode == 0
    with store.record_lock(second):  # and this process takes it afresh, without waiting
        assert store._held[lock_name(second)][1] == 1


def test_the_lock_folder_is_found_once_and_again_when_it_went_away(
    incidentctl_dataset: Dataset,
) -> None:
    store = Store(incidentctl_dataset.root)
    locks = incidentctl_dataset.root / ".incidentctl" / "locks"
    with store.record_lock("2019-05-21-kz-a"):
        assert (locks / lock_name("2019-05-21-kz-a")).is_file()
    shutil.rmtree(locks)  # removed while the store remembers it
    with store.record_lock("2019-05-21-kz-b"):
        assert (locks / lock_name("2019-05-21-kz-b")).is_file()  # made again, and locked
        assert store._held[lock_name("2019-05-21-kz-b")][1] == 1
    assert pickle.loads(pickle.dumps(store))._locks is None  # a worker finds it afresh


def test_ctrl_c_while_the_writer_threads_start_waits_for_those_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A CI run's Ctrl-C came while ``_each`` was still starting its threads: it left without
    waiting for the ones already running, so a temporary one of them made after the batch's
    sweep stayed behind. Now every started thread has ended when ``_each`` raises."""
    import threading
    import time

    from incidentctl.files import store as store_module

    running: set[int] = set()
    ended: list[int] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        with lock:
            running.add(index)
        time.sleep(0.05)
        with lock:
            running.discard(index)
            ended.append(index)

    real_start = threading.Thread.start
    started = []

    def start_then_interrupt(self: threading.Thread) -> None:
        real_start(self)
        started.append(self)
        if len(started) == 3:
            raise KeyboardInterrupt  # as a SIGINT landing in the main thread here would

    monkeypatch.setattr(threading.Thread, "start", start_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        store_module._each(work, range(40))
    assert running == set()  # nothing still running once _each has raised
    assert all(not t.is_alive() for t in started)
    assert ended  # the started threads did run
