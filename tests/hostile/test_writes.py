"""Writes that fail closed (issue 16, items 3, 4, 5 and the write faults of 7): no lost update
between concurrent writers, nothing written that the reader refuses, no write through a
symlinked data or derived folder, leftovers of killed writes removed, and system faults in
words. Real subprocesses, real files, real mounts where the machine allows them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from incidentctl.files.store import FAULT_PAUSE_ENV, Store
from incidentctl.testing import Dataset, Result

CHANGED = "changed since this command read it"
BUSY = "is being written by another incidentctl command"


def _popen(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    full = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full.pop("INCIDENTCTL_ROOT", None)
    return subprocess.Popen(
        [sys.executable, "-m", "incidentctl", "--root", str(root), *args],
        env=full,
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _finish(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode("utf-8", "replace")


def _fields(path: Path) -> dict[str, object]:
    record = Store(path.parents[3]).read(path).record
    assert record is not None, path
    return record.to_data()


def _edit_with(ds: Dataset, tmp_path: Path, rid: str, script: str) -> Result:
    """``edit RID`` with a Python script as $EDITOR (it gets the scratch file's path)."""
    editor = tmp_path / "editor.py"
    editor.write_text(script, encoding="utf-8")
    return ds.run("edit", rid, env={"EDITOR": f"{sys.executable} {editor}"})


def _only_file(ds: Dataset) -> Path:
    (path,) = ds.files()
    return path


# -- no lost update ---------------------------------------------------------------------


@pytest.mark.slow
def test_two_concurrent_edits_of_one_record_never_lose_a_change(
    incidentctl_dataset: Dataset,
) -> None:
    """Measured before the lock: one change lost 40 times in 40."""
    rid = incidentctl_dataset.add()
    for n in range(20):
        location, outcome = f"Town {n}", f"Outcome {n}"
        first = _popen(incidentctl_dataset.root, "edit", rid, "--set", f"location={location}")
        second = _popen(incidentctl_dataset.root, "edit", rid, "--set", f"outcome={outcome}")
        results = [_finish(first), _finish(second)]
        data = _fields(_only_file(incidentctl_dataset))
        kept = [data.get("location") == location, data.get("outcome") == outcome]
        for (code, err), in_file in zip(results, kept, strict=True):
            if code == 0:
                assert in_file, f"round {n}: exit 0 but the change is gone ({err})"
            else:
                assert code == 1 and (CHANGED in err or BUSY in err), err
        assert sum(code != 0 for code, _ in results) <= 1, results


@pytest.mark.slow
def test_fmt_racing_an_edit_never_loses_the_edit(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    path = _only_file(incidentctl_dataset)
    canonical = path.read_text(encoding="utf-8")
    for n in range(10):
        # Not canonical (a key out of order), so fmt has something to write.
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join([lines[1], lines[0], *lines[2:]]), encoding="utf-8")
        fmt = _popen(incidentctl_dataset.root, "fmt")
        edit = _popen(incidentctl_dataset.root, "edit", rid, "--set", f"location=Town {n}")
        (fmt_code, fmt_err), (edit_code, edit_err) = _finish(fmt), _finish(edit)
        assert edit_code == 0 or (edit_code == 1 and CHANGED in edit_err), edit_err
        if edit_code == 0:
            assert _fields(path)["location"] == f"Town {n}", f"round {n}: edit lost ({fmt_err})"
        assert fmt_code == 0 or CHANGED in fmt_err or "changed" in fmt_err, fmt_err
    assert canonical  # the file stayed a readable record throughout
    assert Store(incidentctl_dataset.root).read(path).ok


def test_an_edit_made_from_an_older_text_fails_with_changed_since(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    """The $EDITOR path: the file changed while the analyst was editing."""
    rid = incidentctl_dataset.add()
    path = _only_file(incidentctl_dataset)
    # The "analyst" edits the scratch copy; meanwhile another command changes the record.
    result = _edit_with(
        incidentctl_dataset,
        tmp_path,
        rid,
        "import subprocess, sys\n"
        f"subprocess.run([sys.executable, '-m', 'incidentctl', '--root', {str(incidentctl_dataset.root)!r},"
        f" 'edit', {rid!r}, '--set', 'location=Elsewhere'], check=True)\n"
        "p = sys.argv[1]\n"
        "t = open(p, encoding='utf-8').read().replace('status: \"ongoing\"', 'status: \"concluded\"')\n"
        "open(p, 'w', encoding='utf-8').write(t)\n",
    )
    assert result.exit_code == 1, result
    assert CHANGED in result.stderr and "run the command again" in result.stderr
    data = _fields(path)
    assert data["location"] == "Elsewhere" and data["status"] == "ongoing"


@pytest.mark.slow
def test_import_racing_an_edit_never_loses_either(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    rid = incidentctl_dataset.add()
    path = _only_file(incidentctl_dataset)
    for n in range(10):
        batch = tmp_path / f"b{n}.jsonl"
        batch.write_text(json.dumps({"id": rid, "outcome": f"Outcome {n}"}) + "\n")
        imp = _popen(incidentctl_dataset.root, "import", str(batch))
        edit = _popen(incidentctl_dataset.root, "edit", rid, "--set", f"location=Town {n}")
        (imp_code, imp_err), (edit_code, edit_err) = _finish(imp), _finish(edit)
        data = _fields(path)
        if imp_code == 0:
            assert data.get("outcome") == f"Outcome {n}", f"round {n}: import lost"
        else:
            assert imp_code == 1 and CHANGED in imp_err, imp_err
        if edit_code == 0:
            assert data.get("location") == f"Town {n}", f"round {n}: edit lost"
        else:
            assert edit_code == 1 and (CHANGED in edit_err or BUSY in edit_err), edit_err


# -- nothing written that cannot be read ------------------------------------------------


def test_import_of_a_record_larger_than_the_reader_allows_writes_nothing(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    from incidentctl.testing import sample_record

    batch = tmp_path / "big.jsonl"
    batch.write_text(json.dumps(sample_record(summary="x" * 1_100_000)) + "\n")
    result = incidentctl_dataset.run("import", str(batch))
    assert result.exit_code == 1, result
    assert "big.jsonl" in result.stderr and "MB" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert incidentctl_dataset.snapshot() == before


def test_import_of_too_many_values_writes_nothing(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    from incidentctl.testing import sample_record

    batch = tmp_path / "many.jsonl"
    tags = [f"t{i}" for i in range(12_000)]
    batch.write_text(json.dumps(sample_record(tags=tags)) + "\n")
    result = incidentctl_dataset.run("import", str(batch))
    assert result.exit_code == 1, result
    assert "many.jsonl" in result.stderr and "nothing was written" in result.stderr
    assert incidentctl_dataset.files() == []


def test_an_editor_that_writes_an_oversized_record_is_refused(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    rid = incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    result = _edit_with(
        incidentctl_dataset,
        tmp_path,
        rid,
        "import sys\np = sys.argv[1]\nt = open(p, encoding='utf-8').read()\n"
        't = t.replace(\'location: "Petropavlovsk"\', \'location: "Petropavlovsk"\\n'
        "outcome: \"' + 'y' * 1_100_000 + '\"')\n"
        "open(p, 'w', encoding='utf-8').write(t)\n",
    )
    assert result.exit_code == 1, result
    assert "MB" in result.stderr and "nothing was written" in result.stderr, result.stderr
    assert incidentctl_dataset.snapshot() == before


# -- no derived or data folder through a symlink -----------------------------------------


def test_a_symlinked_derived_folder_is_refused_and_its_index_never_replaced(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    incidentctl_dataset.add()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    foreign = elsewhere / "index.sqlite3"
    foreign.write_bytes(b"someone else's file")
    derived = incidentctl_dataset.root / ".incidentctl"
    if derived.exists():
        import shutil

        shutil.rmtree(derived)
    derived.symlink_to(elsewhere, target_is_directory=True)
    for args in (["list"], ["list", "--public"], ["search", "lawyer"], ["add", "--help"]):
        if "--help" in args:
            continue
        result = incidentctl_dataset.run(*args)
        assert result.exit_code == 1, (args, result)
        assert ".incidentctl is a symlink" in result.stderr, result.stderr
    rid = Store(incidentctl_dataset.root).listing().files[0].stem
    result = incidentctl_dataset.run("edit", rid, "--set", "location=Nowhere")
    assert result.exit_code == 1 and ".incidentctl is a symlink" in result.stderr
    assert foreign.read_bytes() == b"someone else's file"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["index.sqlite3"]


@pytest.mark.parametrize("link", ["data/incidents", "data"])
def test_a_symlinked_data_folder_is_refused(
    link: str, incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    incidentctl_dataset.add()
    real = tmp_path / "real"
    (incidentctl_dataset.root / link).rename(real)
    (incidentctl_dataset.root / link).symlink_to(real, target_is_directory=True)
    before = sorted(p.relative_to(real) for p in real.rglob("*"))
    for args in (["list"], ["export", "--public"], ["add", "--title", "x"]):
        result = incidentctl_dataset.run(*args)
        assert result.exit_code == 1, (args, result)
        assert "is a symlink" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(real) for p in real.rglob("*")) == before


def test_init_ignores_the_derived_name_whatever_its_type_and_temporary_files(
    tmp_path: Path,
) -> None:
    root = tmp_path / "ds"
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("INCIDENTCTL_ROOT", None)
    subprocess.run(
        [sys.executable, "-m", "incidentctl", "init", str(root)], check=True, env=env, cwd=tmp_path
    )
    (root / ".incidentctl").symlink_to(tmp_path, target_is_directory=True)
    year = root / "data" / "incidents" / "2019"
    year.mkdir(parents=True)
    (year / ".x-2019.yaml.123.abcd1234.tmp").write_text("secret")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".incidentctl" not in status and ".tmp" not in status, status
    # Idempotent, and an old trailing-slash rule is replaced.
    (root / ".gitignore").write_text("/.incidentctl/\n")
    subprocess.run(
        [sys.executable, "-m", "incidentctl", "init", str(root)], check=True, env=env, cwd=tmp_path
    )
    lines = (root / ".gitignore").read_text().splitlines()
    assert lines == ["/.incidentctl", ".*.yaml.*.tmp"]


# -- temporary files of killed writes ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_the_next_write_removes_a_killed_writers_temporary_but_never_a_live_one(
    incidentctl_dataset: Dataset,
) -> None:
    rid = incidentctl_dataset.add()
    other = incidentctl_dataset.add(title="Another lawyer disbarred")
    folder = _only_folder = incidentctl_dataset.incidents / "2019"
    assert _only_folder.is_dir()

    def temporaries() -> set[Path]:
        return set(folder.glob(".*.tmp"))

    def paused(*args: str) -> tuple[subprocess.Popen[bytes], Path]:
        proc = _popen(incidentctl_dataset.root, *args, env={FAULT_PAUSE_ENV: "30"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            new = [p for p in temporaries() if str(proc.pid) in p.name]
            if new:
                return proc, new[0]
            time.sleep(0.01)
        proc.kill()
        pytest.fail(f"no paused write: {proc.communicate()}")

    killed, left = paused("edit", rid, "--set", "location=Killed")
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert left.exists()
    live, in_use = paused("edit", other, "--set", "location=Live")
    try:
        result = incidentctl_dataset.run("edit", rid, "--set", "location=Next")
        assert result.exit_code == 0, result
        assert not left.exists(), "the killed writer's temporary file is still there"
        assert in_use.exists(), "a live writer's temporary file was removed"
    finally:
        live.kill()
        live.wait()


# -- write faults in words ------------------------------------------------------------------


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path):
    """A data set on a 2 MiB tmpfs (root only), unmounted afterwards."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount rights)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _init(root: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("INCIDENTCTL_ROOT", None)
    subprocess.run(
        [sys.executable, "-m", "incidentctl", "init", str(root)],
        check=True,
        env=env,
        capture_output=True,
    )


def test_disk_full_is_said_in_words_and_leaves_the_record_whole(small_disk: Path) -> None:
    ds = Dataset(small_disk / "ds")
    _init(ds.root)
    rid = ds.add()
    before = ds.snapshot()
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    result = ds.run("edit", rid, "--set", "outcome=" + "z" * 20_000)
    assert result.exit_code == 1, result
    assert "disk is full" in result.stderr and "internal error" not in result.stderr
    assert rid in result.stderr  # the file it could not write is named
    assert ds.snapshot() == before
    assert not list(ds.incidents.rglob(".*.tmp"))


def test_read_only_data_is_said_in_words(small_disk: Path) -> None:
    ds = Dataset(small_disk / "ds")
    _init(ds.root)
    rid = ds.add()
    ds.run("list")  # the derived folder exists before the remount
    if not _mount("-o", "remount,ro", str(small_disk)):
        pytest.skip("cannot remount read-only here")
    result = ds.run("edit", rid, "--set", "location=Elsewhere")
    assert result.exit_code == 1, result
    assert "read-only" in result.stderr and "internal error" not in result.stderr
    added = ds.run("add", "--title", "x", "--date", "2019-01-01", "--country", "KZ")
    assert added.exit_code == 1 and "internal error" not in added.stderr, added


def test_a_read_only_file_system_outside_record_writes_is_said_in_words(
    small_disk: Path,
) -> None:
    """init, and an --output file, on a read-only file system: words, never "internal error"."""
    ds = Dataset(small_disk / "ds")
    _init(ds.root)
    ds.add()
    if not _mount("-o", "remount,ro", str(small_disk)):
        pytest.skip("cannot remount read-only here")
    for args in (
        ("init", str(small_disk / "new")),
        ("export", "--output", str(small_disk / "out.csv")),
    ):
        result = ds.run(*args)
        assert result.exit_code == 1, (args, result)
        assert "read-only" in result.stderr.lower() and "internal error" not in result.stderr, (
            result
        )


def test_a_latin1_argument_is_a_usage_error(incidentctl_dataset: Dataset) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "incidentctl",
            "--root",
            str(incidentctl_dataset.root),
            "add",
            "--title",
            b"Jos\xe9".decode("utf-8", "surrogateescape"),
        ],
        env={**os.environ, "LC_ALL": "C.UTF-8", "NO_COLOR": "1"},
        capture_output=True,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    assert "not valid UTF-8" in err and "0xe9" in err and "internal error" not in err
