"""The derived index: where it lives, how it stays fresh, and that no answer ever depends on it.

Every test asserts answers (ids, warnings), never timings.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from incidentctl.errors import Problem
from incidentctl.files.store import Store, write_atomic
from incidentctl.index import catalog
from incidentctl.index import db as index
from incidentctl.index.filters import Filters


def ids(root: Path, warn: Any = None, **filters: Any) -> list[str]:
    return catalog.select_ids(Store(root), Filters.build(**filters), warn)


def found(root: Path, text: str, **filters: Any) -> list[str]:
    return catalog.select_ids(Store(root), Filters.build(**filters), text=text)


def index_file(root: Path) -> Path:
    return root / ".incidentctl" / "index.sqlite3"


# -- where it lives ---------------------------------------------------------------------


def test_index_lives_in_the_data_set_and_git_ignores_it(incidentctl_dataset: Any) -> None:
    record_id = incidentctl_dataset.add()
    assert ids(incidentctl_dataset.root) == [record_id]
    assert index_file(incidentctl_dataset.root).is_file()
    status = incidentctl_dataset.git("status", "--porcelain", "--untracked-files=all")
    assert ".incidentctl" not in status
    # Even in a data set whose .gitignore does not mention it (cloned, hand-made).
    (incidentctl_dataset.root / ".gitignore").write_text("", encoding="utf-8")
    assert ".incidentctl" not in incidentctl_dataset.git(
        "status", "--porcelain", "--untracked-files=all"
    )


def test_unwritable_data_set_uses_the_user_cache(incidentctl_dataset: Any) -> None:
    record_id = incidentctl_dataset.add()
    (incidentctl_dataset.root / ".incidentctl").write_text("not a folder", encoding="utf-8")
    assert ids(incidentctl_dataset.root) == [record_id]
    cached = list((Path(os.environ["XDG_CACHE_HOME"]) / "incidentctl").glob("*/index.sqlite3"))
    assert len(cached) == 1
    assert index.locate(incidentctl_dataset.root) == cached[0]


def test_nowhere_to_write_still_answers(
    incidentctl_dataset: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_id = incidentctl_dataset.add()
    (incidentctl_dataset.root / ".incidentctl").write_text("not a folder", encoding="utf-8")
    blocker = incidentctl_dataset.root.parent / "cache-is-a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert index.locate(incidentctl_dataset.root) is None
    assert ids(incidentctl_dataset.root) == [record_id]
    assert found(incidentctl_dataset.root, "Sizintsev") == [record_id]


# -- freshness ----------------------------------------------------------------------------


def test_new_changed_and_deleted_files_are_seen(incidentctl_dataset: Any) -> None:
    first = incidentctl_dataset.add(title="Lawyer disbarred in Petropavlovsk")
    assert ids(incidentctl_dataset.root) == [first]
    second = incidentctl_dataset.add(
        title="Lawyer detained in Almaty", date="2020-01-10", countries=["RU"]
    )
    assert ids(incidentctl_dataset.root) == [first, second]
    assert ids(incidentctl_dataset.root, countries=["RU"]) == [second]
    path = next(p for p in incidentctl_dataset.files() if p.stem == second)
    path.write_text(path.read_text(encoding="utf-8").replace('"RU"', '"BY"'), encoding="utf-8")
    assert ids(incidentctl_dataset.root, countries=["RU"]) == []
    assert ids(incidentctl_dataset.root, countries=["BY"]) == [second]
    path.unlink()
    assert ids(incidentctl_dataset.root) == [first]
    assert found(incidentctl_dataset.root, "Almaty") == []


def test_an_edit_keeping_size_and_mtime_is_seen(
    incidentctl_dataset: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same size, mtime put back: the inode's change time still tells (racy re-checks off)."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    record_id = incidentctl_dataset.add(status="ongoing")
    path = incidentctl_dataset.files()[0]
    before = path.stat()
    assert ids(incidentctl_dataset.root, statuses=["ongoing"]) == [record_id]
    time.sleep(0.05)  # let the clock move on, so that the edit's ctime differs
    edited = path.read_text(encoding="utf-8").replace('status: "ongoing"', 'status: "unknown"')
    assert len(edited.encode()) == before.st_size
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert ids(incidentctl_dataset.root, statuses=["ongoing"]) == []
    assert ids(incidentctl_dataset.root, statuses=["unknown"]) == [record_id]


def test_a_file_touched_just_now_is_read_again(incidentctl_dataset: Any) -> None:
    """Within the racy window a file is re-read even if its stat looks the same."""
    record_id = incidentctl_dataset.add(status="ongoing")
    path = incidentctl_dataset.files()[0]
    assert ids(incidentctl_dataset.root, statuses=["ongoing"]) == [record_id]
    with sqlite3.connect(index_file(incidentctl_dataset.root)) as conn:
        assert conn.execute("SELECT racy FROM files").fetchone() == (1,)
    edited = path.read_text(encoding="utf-8").replace('"ongoing"', '"unknown"')
    stat = path.stat()
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert ids(incidentctl_dataset.root, statuses=["unknown"]) == [record_id]


def test_nothing_is_written_when_nothing_changed(incidentctl_dataset: Any) -> None:
    incidentctl_dataset.add()
    ids(incidentctl_dataset.root)
    ids(incidentctl_dataset.root)  # settles the racy re-check of the new file, if any
    with sqlite3.connect(index_file(incidentctl_dataset.root)) as conn:
        conn.execute("UPDATE files SET racy = 0")
        conn.execute("DELETE FROM meta WHERE key = 'scan'")
    ids(incidentctl_dataset.root)
    before = (
        index_file(incidentctl_dataset.root).stat().st_mtime_ns,
        _wal_size(incidentctl_dataset.root),
    )
    ids(incidentctl_dataset.root)
    assert (
        index_file(incidentctl_dataset.root).stat().st_mtime_ns,
        _wal_size(incidentctl_dataset.root),
    ) == before


def _wal_size(root: Path) -> int:
    wal = Path(f"{index_file(root)}-wal")
    return wal.stat().st_size if wal.exists() else 0


# -- never needed for a correct answer -----------------------------------------------------


@pytest.fixture
def three(incidentctl_dataset: Any) -> Any:
    incidentctl_dataset.add(title="Lawyer disbarred in Petropavlovsk")
    incidentctl_dataset.add(title="Lawyer detained in Almaty", date="2020-01-10", countries=["RU"])
    incidentctl_dataset.add(
        title="Defender threatened in Brussels",
        date="2016",
        countries=["BE"],
        people=[{"name": "Botagoz Jardemalie", "aliases": ["Ботагоз Джардемали"]}],
    )
    return incidentctl_dataset


def _answers(root: Path) -> tuple[Any, ...]:
    return (
        ids(root),
        ids(root, countries=["KZ"]),
        found(root, "Almaty"),
        found(root, "Джардемали"),
        ids(root, persons=["Sizentsev"]),
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage",
    ["delete", "garbage", "truncate", "zero", "older-version", "other-fingerprint", "empty-tables"],
)
def test_a_damaged_or_outdated_index_gives_the_same_answers(three: Any, damage: str) -> None:
    expected = _answers(three.root)
    assert expected[2] and expected[3] and expected[4]
    path = index_file(three.root)
    if damage == "delete":
        index.discard(path)
    elif damage == "garbage":
        path.write_bytes(b"this is not an SQLite file at all\n" * 200)
    elif damage == "truncate":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif damage == "zero":
        path.write_bytes(b"")
    else:
        with sqlite3.connect(path) as conn:
            if damage == "older-version":
                conn.execute(f"PRAGMA user_version = {index.INDEX_VERSION - 1}")
            elif damage == "other-fingerprint":
                conn.execute(
                    "UPDATE meta SET value = 'from another version' WHERE key = 'fingerprint'"
                )
            else:
                conn.execute("DELETE FROM records")
                conn.execute("DELETE FROM facets")
                conn.execute("UPDATE meta SET value = 'x' WHERE key = 'fingerprint'")
    assert _answers(three.root) == expected
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (index.INDEX_VERSION,)
        assert conn.execute("SELECT count(*) FROM records").fetchone() == (3,)


def test_garbage_in_the_wal_is_survived(three: Any) -> None:
    expected = _answers(three.root)
    Path(f"{index_file(three.root)}-wal").write_bytes(os.urandom(5000))
    assert _answers(three.root) == expected


# -- bad files --------------------------------------------------------------------------


def test_bad_files_are_left_out_with_a_warning_on_every_query(incidentctl_dataset: Any) -> None:
    good = incidentctl_dataset.add()
    folder = incidentctl_dataset.incidents / "2019"
    (folder / "2019-kz-broken.yaml").write_text(
        'id: "2019-kz-broken"\ntitle: [unclosed\n', encoding="utf-8"
    )
    (folder / "2019-kz-invalid.yaml").write_text(
        'id: "2019-kz-invalid"\ntitle: "Too"\n', encoding="utf-8"
    )
    (folder / "2019-kz-link.yaml").symlink_to(incidentctl_dataset.files()[0])
    for _ in range(3):
        warned: list[Problem] = []
        assert ids(incidentctl_dataset.root, warned.append) == [good]
        assert [Path(p.path).name for p in warned] == [
            "2019-kz-broken.yaml",
            "2019-kz-invalid.yaml",
            "2019-kz-link.yaml",
        ]
        assert warned[0].line is not None and "YAML" in warned[0].message
        assert "symlink" in warned[2].message


def test_a_fixed_file_comes_back(incidentctl_dataset: Any) -> None:
    good = incidentctl_dataset.add()
    path = incidentctl_dataset.files()[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('status: "ongoing"', 'status: "closed"'), encoding="utf-8")
    warned: list[Problem] = []
    assert ids(incidentctl_dataset.root, warned.append) == []
    assert len(warned) == 1 and warned[0].field == "status"
    path.write_text(text, encoding="utf-8")
    assert ids(incidentctl_dataset.root) == [good]


def test_hand_written_yaml_is_indexed_like_canonical_yaml(incidentctl_dataset: Any) -> None:
    """A valid file outside the canonical form takes the full parser and means the same."""
    text = """# reviewed by the regional desk
id: 2019-kz-hand-written
title: 'Lawyer searched at home'
date: "2019-03"
countries: [kz]
types: [raid-search]
people:
- name: Айман Омарова
  roles: [lawyer]
status: unknown
summary: >
  Police searched the lawyer's home
  in Almaty.
sources:
- {publisher: RFE/RL, language: en}
recorded: 2024-01-02
"""
    (incidentctl_dataset.incidents / "2019").mkdir(parents=True, exist_ok=True)
    (incidentctl_dataset.incidents / "2019" / "2019-kz-hand-written.yaml").write_text(
        text, encoding="utf-8"
    )
    warned: list[Problem] = []
    chosen, _ = catalog.select_both(
        Store(incidentctl_dataset.root), Filters.build(persons=["Aiman Umarova"]), warned.append
    )
    assert [r.id for r in chosen] == ["2019-kz-hand-written"] or warned
    direct = Store(incidentctl_dataset.root).read(
        incidentctl_dataset.incidents / "2019" / "2019-kz-hand-written.yaml"
    )
    if direct.ok:
        assert chosen == [direct.record]
        assert found(incidentctl_dataset.root, "searched") == ["2019-kz-hand-written"]
    else:  # the model refuses names it must normalise first: then both refuse alike
        assert [p.message for p in warned] == [direct.problems[0].message]


# -- concurrency --------------------------------------------------------------------------


def _many(incidentctl_dataset: Any, n: int) -> list[str]:
    return [
        incidentctl_dataset.add(
            title=f"Lawyer number {i} disbarred after criticism", date=f"20{10 + i % 10}"
        )
        for i in range(n)
    ]


@pytest.mark.slow
def test_two_processes_refreshing_at_once_both_succeed(incidentctl_dataset: Any) -> None:
    expected = sorted(_many(incidentctl_dataset, 120))
    env = {**os.environ, "NO_COLOR": "1"}
    command = [
        sys.executable,
        "-m",
        "incidentctl",
        "--root",
        str(incidentctl_dataset.root),
        "list",
        "--format",
        "ids",
    ]
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(3)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        # On a loaded machine one may wait longer than the busy timeout for another's build
        # and answer from the files: then with the documented warning, and nothing else.
        said = [line for line in err.decode().splitlines() if line.strip()]
        assert all(line.startswith("warning: waiting for another incidentctl") for line in said)
        assert sorted(out.decode().split()) == expected


@pytest.mark.slow
def test_readers_never_see_a_half_written_index(incidentctl_dataset: Any) -> None:
    """While one thread keeps editing records, every answer of another holds all of them."""
    made = _many(incidentctl_dataset, 30)
    ids(incidentctl_dataset.root)
    stop = threading.Event()
    errors: list[BaseException] = []

    def edit() -> None:
        try:
            n = 0
            while not stop.is_set():
                for path in incidentctl_dataset.files()[:10]:
                    text = path.read_text(encoding="utf-8")
                    swapped = (
                        text.replace('"ongoing"', '"unknown"')
                        if n % 2 == 0
                        else text.replace('"unknown"', '"ongoing"')
                    )
                    write_atomic(path, swapped)  # as the CLI writes: never half a file
                ids(incidentctl_dataset.root)  # a second writer, refreshing too
                n += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    writer = threading.Thread(target=edit)
    writer.start()
    try:
        for _ in range(25):
            got = ids(incidentctl_dataset.root)
            assert sorted(got) == sorted(made)
            split = ids(incidentctl_dataset.root, statuses=["ongoing"]) + ids(
                incidentctl_dataset.root, statuses=["unknown"]
            )
            assert len(split) <= len(made) + 10  # a file edited between the two questions
    finally:
        stop.set()
        writer.join()
    assert not errors
    assert sorted(
        ids(incidentctl_dataset.root, statuses=["ongoing"])
        + ids(incidentctl_dataset.root, statuses=["unknown"])
    ) == sorted(made)


# -- what the fast paths promise ----------------------------------------------------------


def test_ids_are_answered_without_building_records(three: Any) -> None:
    ids(three.root)
    code = (
        "import sys; from pathlib import Path;"
        "from incidentctl.index import catalog; from incidentctl.index.filters import Filters;"
        "from incidentctl.files.store import Store;"
        f"got = catalog.select_ids(Store(Path({str(three.root)!r})), Filters.build(countries=['KZ'], years=[2019]));"
        "assert got, got;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'ruamel')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_confidential_names_are_not_searchable_in_public(incidentctl_dataset: Any) -> None:
    """Names withheld anywhere cannot be found by text or --person under --public."""
    secret = incidentctl_dataset.add(
        title="Lawyer threatened by phone",
        people=[{"name": "Nurlan Hiddenov", "aliases": ["Нурлан Хидденов"], "confidential": True}],
        summary="A lawyer was threatened.",
    )
    mention = incidentctl_dataset.add(
        title="Bar association statement on threats",
        date="2019-06-01",
        people=[{"name": "Aiman Omarova"}],
        summary="The statement also mentions Nurlan Hiddenov (in Russian: Нурлан Хидденова).",
    )
    assert sorted(found(incidentctl_dataset.root, "Hiddenov")) == sorted([secret, mention])
    assert found(incidentctl_dataset.root, "Хидденова") == [mention]
    assert ids(incidentctl_dataset.root, persons=["Hiddenov"]) == [secret]
    assert found(incidentctl_dataset.root, "Hiddenov", public=True) == []
    assert found(incidentctl_dataset.root, "Хидденова", public=True) == []  # inflected forms too
    assert ids(incidentctl_dataset.root, persons=["Hiddenov"], public=True) == []
    assert found(incidentctl_dataset.root, "statement", public=True) == [mention]
    public = catalog.select_data(Store(incidentctl_dataset.root), Filters.build(public=True))
    assert "Hiddenov" not in json.dumps(public, ensure_ascii=False)
    # Once the person is no longer confidential, the name is found in public too.
    path = next(p for p in incidentctl_dataset.files() if p.stem == secret)
    path.write_text(
        path.read_text(encoding="utf-8").replace("    confidential: true\n", ""), encoding="utf-8"
    )
    assert sorted(found(incidentctl_dataset.root, "Hiddenov", public=True)) == sorted(
        [secret, mention]
    )
    assert ids(incidentctl_dataset.root, persons=["Hiddenov"], public=True) == [secret]


def test_a_build_shared_with_worker_processes_stores_what_one_process_stores(
    incidentctl_dataset: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool (real worker processes, chunks of two) gives the rows of an in-process build."""
    from incidentctl import pool
    from incidentctl.index import docs as stored_docs

    for n in range(7):
        incidentctl_dataset.add(title=f"Lawyer number {n} detained", date=f"2019-05-{n + 1:02d}")
    (incidentctl_dataset.incidents / "2019" / "2019-kz-invalid.yaml").write_text(
        'id: "2019-kz-invalid"\ntitle: "Too"\n', encoding="utf-8"
    )

    def stored() -> list[Any]:
        index.discard(index_file(incidentctl_dataset.root))
        warned: list[Problem] = []
        ids(incidentctl_dataset.root, warned.append)
        conn = sqlite3.connect(index_file(incidentctl_dataset.root))
        try:
            files = conn.execute("SELECT path, rid, problem FROM files ORDER BY path").fetchall()
            docs = list(stored_docs.read_all(conn))
        finally:
            conn.close()
        return [files, docs, warned]

    alone = stored()
    monkeypatch.setattr(pool, "POOL_MIN", 1)
    monkeypatch.setattr(pool, "CHUNK", 2)
    monkeypatch.setattr(pool, "usable_cpus", lambda: 2)
    assert pool.workers_for(8) == 2
    assert stored() == alone
    assert len(alone[0]) == 8 and alone[0][-1][2] is not None
