"""``validate --changed`` (a few files) reads from the index only the records its checks share
with those files (index/checks.py: each record's folded names, where each name is first seen,
the name buckets), and reports exactly what a whole ``validate`` reports in those files.

Through edits that create and remove similar-name pairs and probable duplicates, a rename, a
deletion and a record edited back, each step compares ``--changed HEAD`` with the plain
algorithm (``cache=False``: every record walked) and with the whole report restricted to the
changed files; and the tables kept up to date through all of it hold what a fresh fill holds.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from incidentctl.files.store import Store
from incidentctl.index import db
from incidentctl.ops import validate as checks
from incidentctl.views.history import changed_since

from .test_validate_cache import _git, _rows

GENERATE = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"


def _changed_equal(store: Store) -> checks.Report:
    """``--changed HEAD`` through the index equals the plain walk and the whole report's
    findings in the changed files."""
    since = changed_since(store, "HEAD")
    assert since, "the step should have changed something"
    focused = checks.validate(store, since)
    assert _rows(focused) == _rows(checks.validate(store, since, cache=False))
    whole = checks.validate(store, cache=False)
    shown = {store.rel(p) for p in since}
    assert _rows(focused)[1:] == (
        [checks._row(p) for p in whole.errors if p.path in shown],
        [checks._row(p) for p in whole.warnings if p.path in shown],
    )
    return focused


def _tables(root: Path) -> dict[str, set[tuple[Any, ...]]]:
    """The people tables by path (row ids differ between builds)."""
    conn = sqlite3.connect(root / ".incidentctl" / "index.sqlite3")
    try:
        return {
            "people": set(
                conn.execute(
                    "SELECT r.path, p.seq, p.fold FROM check_people p JOIN records r USING (rid)"
                )
            ),
            "records": set(
                conn.execute("SELECT r.path FROM check_records c JOIN records r USING (rid)")
            ),
            "folds": set(
                conn.execute(
                    "SELECT f.fold, f.spelling, r.path, f.seq FROM check_folds f "
                    "JOIN records r USING (rid)"
                )
            ),
            "keys": set(conn.execute("SELECT key, fold FROM check_keys")),
            "orphans": set(
                conn.execute(
                    "SELECT rid FROM check_people WHERE rid NOT IN (SELECT rid FROM records)"
                )
            ),
        }
    finally:
        conn.close()


@pytest.fixture
def dataset(tmp_path: Path) -> Store:
    out = tmp_path / "set"
    subprocess.run(
        [sys.executable, str(GENERATE), str(out), "--count", "160", "--git"],
        check=True,
        capture_output=True,
    )
    store = Store(out)
    checks.validate(store)  # the whole check fills the tables
    return store


def _with_people(store: Store) -> list[Path]:
    return [p for p in store.listing().files if "\npeople:" in p.read_text(encoding="utf-8")]


def _first_name(path: Path) -> str:
    line = next(x for x in path.read_text(encoding="utf-8").splitlines() if "- name:" in x)
    return line.split("- name:", 1)[1].strip().strip('"')


def _near(name: str) -> str:
    """A spelling one letter away that the name rules pair with ``name`` and that folds
    before it (the warning is reported in the record of the name that folds first)."""
    from incidentctl.record.names import merge_key, names_match

    for i in range(len(name) - 1, 0, -1):
        for letter in "ab":
            near = name[:i] + letter + name[i + 1 :]
            if merge_key(near) < merge_key(name) and names_match(near, name):
                return near
    raise AssertionError(f"no near spelling of {name}")


@pytest.mark.slow
def test_changed_through_similar_names_duplicates_renames_deletions_and_an_edit_back(
    dataset: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = dataset
    root = store.root

    def no_walk(*args: object, **kwargs: object) -> None:
        raise AssertionError("--changed walked every record")

    people = _with_people(store)
    b = next(p for p in people if len(max(_first_name(p).split(), key=len)) >= 7)
    a, c = (p for p in people[:3] if p != b)
    name = _first_name(b)

    # a near-spelling of another record's person: a similar-name pair appears
    original = a.read_text(encoding="utf-8")
    near = _near(name)
    a.write_text(
        original.replace("people:\n", f'people:\n  - name: "{near}"\n', 1), encoding="utf-8"
    )
    with monkeypatch.context() as patched:
        patched.setattr(checks, "_snapshot", no_walk)
        patched.setattr(checks, "similar_names", no_walk)
        alone = checks.validate(store, changed_since(store, "HEAD"))
    found = _changed_equal(store)
    assert _rows(alone) == _rows(found)
    assert any("is similar to" in p.message for p in found.warnings), (near, name, found.warnings)

    # a copy of a record under another id: a probable duplicate (same person, day, title)
    twin = c.with_name(c.stem + "-copy.yaml")
    twin.write_text(
        c.read_text(encoding="utf-8")
        .replace(f"id: {c.stem}", f"id: {c.stem}-copy", 1)
        .replace(f'id: "{c.stem}"', f'id: "{c.stem}-copy"', 1),
        encoding="utf-8",
    )
    found = _changed_equal(store)
    assert any("probable duplicate" in p.message for p in found.warnings)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "similar name, duplicate")

    # the pair and the duplicate go away again
    a.write_text(original, encoding="utf-8")
    twin.unlink()
    found = _changed_equal(store)
    assert not any("is similar to" in p.message and p.path == store.rel(a) for p in found.warnings)

    # a rename (id and file name differ) and a deletion (links to it dangle)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "back")
    renamed = people[11]
    _git(root, "mv", str(renamed), str(renamed.with_name(renamed.stem + "-moved.yaml")))
    _git(root, "rm", "-q", str(b))
    found = _changed_equal(store)
    assert any("differs from the file name" in p.message for p in found.errors)

    # a record edited, indexed, then edited back: the tables follow it
    edited = people[14]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("people:\n", '  \npeople:\n  - name: "Zzyzx Qwerty"\n', 1))
    _changed_equal(store)
    edited.write_text(text, encoding="utf-8")
    _changed_equal(store)

    kept = _tables(root)
    assert not kept["orphans"] and kept["people"] and kept["keys"]
    db.discard(root / ".incidentctl" / "index.sqlite3")
    checks.validate(store)  # a fresh fill
    assert _tables(root) == kept


@pytest.mark.slow
def test_a_missing_or_damaged_cache_costs_only_time(dataset: Store) -> None:
    store = dataset
    target = _with_people(store)[3]
    target.write_text(
        target.read_text(encoding="utf-8").replace("people:\n", 'people:\n  - name: "Ana B"\n', 1),
        encoding="utf-8",
    )
    expected = _changed_equal(store)
    since = changed_since(store, "HEAD")
    location = store.root / ".incidentctl" / "index.sqlite3"
    conn = sqlite3.connect(location)
    conn.execute("DROP TABLE check_keys")
    conn.execute("DROP TABLE check_records")
    conn.commit()
    conn.close()
    assert _rows(checks.validate(store, since)) == _rows(expected)
    location.write_bytes(b"not a database" * 100)
    assert _rows(checks.validate(store, since)) == _rows(expected)


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "incidentctl", "--root", str(root), "validate", *args],
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_the_command_asks_git_where_the_index_says_and_answers_as_the_library(
    dataset: Store,
) -> None:
    """``validate --changed`` asks git only about the year folders whose tree differs from the
    revision (index/since.py, one freshness scan for the whole command): the same files and
    the same report as asking git about everything, and a bad revision is still the one error
    it was."""
    import json

    store = dataset
    edited = _with_people(store)[2]
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("people:\n", 'people:\n  - name: "Ana B"\n', 1),
        encoding="utf-8",
    )
    (edited.parent / "new-record.yaml").write_text("id: new-record\n", encoding="utf-8")
    expected = changed_since(store, "HEAD")
    with db.one_scan():
        assert changed_since(store, "HEAD") == expected
    report = checks.validate(store, expected)
    shown = _cli(store.root, "--changed", "HEAD", "--format", "json")
    assert shown.returncode == 1, shown.stderr  # the new file lacks every required field
    assert json.loads(shown.stdout) == report.to_json()
    bad = _cli(store.root, "--changed", "no-such-revision")
    assert bad.returncode != 0 and "no-such-revision" in bad.stderr


def test_a_name_only_folded_gets_its_merge_key_alone() -> None:
    """``NameFacts.fold`` of a new name is the merge key and computes no search keys (the
    probable-duplicate check folds every name of the records it compares); asked for its keys
    after, the name gets what computing all three at once gives, and counts as added once."""
    from incidentctl.record import names

    spellings = ["Сергей Сизинцев", "Aiman Omarova", "Gulnara Murkhanova", "Zhanna Orazbayeva"]
    facts = checks.NameFacts({})
    for name in spellings:
        assert facts.fold(name) == names.merge_key(name)
    assert facts.facts == {} and facts.added == 0
    for name in spellings:
        assert facts.keys(name) == tuple(names.search_keys(name))
        assert facts.facts[name] == (
            names.merge_key(name),
            tuple(names.search_keys(name)),
            tuple(names.normalise_tokens(name)),
        )
        assert facts.fold(name) == names.merge_key(name)
    assert facts.added == len(spellings)
