"""``validate --changed``: git is asked only about the year folders the index says differ from
the revision (index/since.py), and the answer is git's own over the whole folder.

Each case changes a real repository one way and compares the changed files found through the
index (inside ``db.one_scan``) with those found by asking git about all of data/incidents, in
the same order. A random mix of the cases checks that they compose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentctl.files.dataset import init_dataset
from incidentctl.files.reader import content_digest
from incidentctl.files.store import Store
from incidentctl.index import db, since
from incidentctl.ops import edit as records
from incidentctl.testing import sample_record
from incidentctl.views.history import changed_since

Change = Callable[[Path], None]


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def _dataset(where: Path) -> tuple[Store, list[Path]]:
    """Four records in two year folders, a committed .gitignore for drafts, all committed."""
    root, _ = init_dataset(where)
    store = Store(root)
    made = []
    for n, date in enumerate(["2018-03-01", "2018-05-02", "2019-01-03", "2019-02-04"]):
        record, _ = records.add(
            store, sample_record(title=f"Lawyer number {n} detained", date=date)
        )
        made.append(next(store.data_dir.glob(f"*/{record.id}.yaml")))
    (root / ".gitignore").write_text("*-draft.yaml\n", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    return store, made


def _edit(root: Path) -> None:
    path = sorted((root / "data/incidents/2019").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")


def _untracked_record(root: Path) -> None:
    shutil.copy(
        sorted((root / "data/incidents/2018").glob("*.yaml"))[0],
        root / "data/incidents/2018/2018-09-09-new.yaml",
    )


def _ignored_record(root: Path) -> None:
    (root / "data/incidents/2019/2019-09-09-x-draft.yaml").write_text("id: x\n", encoding="utf-8")


def _delete(root: Path) -> None:
    sorted((root / "data/incidents/2018").glob("*.yaml"))[-1].unlink()


def _rename(root: Path) -> None:
    path = sorted((root / "data/incidents/2019").glob("*.yaml"))[-1]
    path.rename(path.with_name("2019-02-04-renamed.yaml"))


def _note(root: Path) -> None:
    (root / "data/incidents/2018/notes.txt").write_text("to check\n", encoding="utf-8")


def _new_year(root: Path) -> None:
    (root / "data/incidents/2020").mkdir(exist_ok=True)
    shutil.copy(
        sorted((root / "data/incidents/2019").glob("*.yaml"))[0],
        root / "data/incidents/2020/2020-01-01-copy.yaml",
    )


def _top_file(root: Path) -> None:
    (root / "data/incidents/README.md").write_text("records\n", encoding="utf-8")


def _subfolder(root: Path) -> None:
    (root / "data/incidents/2019/old").mkdir(exist_ok=True)
    shutil.copy(
        sorted((root / "data/incidents/2018").glob("*.yaml"))[0],
        root / "data/incidents/2019/old/2019-old.yaml",
    )


def _staged_then_restored(root: Path) -> None:
    path = sorted((root / "data/incidents/2018").glob("*.yaml"))[0]
    before = path.read_bytes()
    path.write_bytes(before + b"# staged\n")
    _git(root, "add", str(path))
    path.write_bytes(before)


def _crlf(root: Path) -> None:
    _git(root, "config", "core.autocrlf", "true")
    path = sorted((root / "data/incidents/2018").glob("*.yaml"))[0]
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def _tracked_hidden(root: Path) -> None:
    (root / "data/incidents/2018/.gitkeep").write_text("", encoding="utf-8")
    _git(root, "add", "data/incidents/2018/.gitkeep")
    _git(root, "commit", "-q", "-m", "keep")


def _symlink(root: Path) -> None:
    target = sorted((root / "data/incidents/2019").glob("*.yaml"))[0]
    os.symlink(target.name, root / "data/incidents/2019/2019-link.yaml")


def _committed(root: Path) -> None:
    _edit(root)
    _git(root, "commit", "-q", "-am", "an edit")


CHANGES: dict[str, Change] = {
    "edit": _edit,
    "untracked record": _untracked_record,
    "ignored record": _ignored_record,
    "delete": _delete,
    "rename": _rename,
    "note in a year folder": _note,
    "new year folder": _new_year,
    "file in data/incidents": _top_file,
    "sub-folder": _subfolder,
    "staged, then restored": _staged_then_restored,
    "CRLF under core.autocrlf": _crlf,
    "tracked hidden file": _tracked_hidden,
    "symlink": _symlink,
    "committed": _committed,
}


def _both_ways(store: Store, rev: str = "HEAD") -> tuple[list[Path], list[Path]]:
    """(through the index, git over everything)."""
    with db.one_scan():
        through_index = changed_since(store, rev)
    return through_index, changed_since(store, rev)


@pytest.mark.parametrize("name", list(CHANGES))
def test_the_index_finds_what_git_finds(tmp_path: Path, name: str) -> None:
    store, _ = _dataset(tmp_path / "set")
    rev = _git(store.root, "rev-parse", "HEAD").strip()
    CHANGES[name](store.root)
    through_index, everywhere = _both_ways(store, rev)
    assert through_index == everywhere


def test_a_data_set_in_a_sub_folder_of_the_repository(tmp_path: Path) -> None:
    """The commit's folder is read relative to the data set (``REV:./data/incidents``)."""
    outer = tmp_path / "repo"
    outer.mkdir()
    _git(outer, "init", "-q")
    (outer / "README.md").write_text("other work\n", encoding="utf-8")
    store, _ = _dataset(outer / "records")
    assert _git(store.root, "rev-parse", "--show-prefix").strip() == "records/"
    rev = _git(store.root, "rev-parse", "HEAD").strip()
    for change in (_edit, _delete, _untracked_record, _note):
        change(store.root)
    through_index, everywhere = _both_ways(store, rev)
    assert through_index == everywhere and len(everywhere) == 3  # the deleted one is gone


def test_git_is_asked_only_about_the_folder_that_changed(tmp_path: Path) -> None:
    store, _ = _dataset(tmp_path / "set")
    commit = _git(store.root, "rev-parse", "HEAD").strip()

    def asked() -> list[str] | None:
        with db.one_scan():
            return db.run(
                store,
                lambda conn: since.differing(
                    conn,
                    db.current_scan(store) or pytest.fail("no shared scan"),
                    store.root,
                    commit,
                ),
            )

    assert asked() == []  # nothing changed: git is not run at all
    _edit(store.root)
    assert asked() == ["data/incidents/2019"]
    _note(store.root)  # 2018 now holds a file the index does not: git decides there
    assert asked() == ["data/incidents/2018", "data/incidents/2019"]


def test_the_folder_tree_ids_are_gits(tmp_path: Path) -> None:
    """The index's tree id of each year folder is the one git stores for it, computed from the
    files' digests, which are git's blob ids."""
    store, made = _dataset(tmp_path / "set")
    for path in made:
        blob = _git(store.root, "hash-object", str(path)).strip()
        assert content_digest(path.read_bytes()).hex() == blob
    trees = db.run(store, db.stored_trees)
    for year in ("2018", "2019"):
        assert trees[year] == _git(store.root, "rev-parse", f"HEAD:data/incidents/{year}").strip()


def test_an_executable_bit_alone_is_not_a_changed_record(tmp_path: Path) -> None:
    """The one documented difference (index/since.py): the bytes equal the commit's."""
    store, made = _dataset(tmp_path / "set")
    _git(store.root, "config", "core.fileMode", "true")
    made[0].chmod(0o755)
    through_index, everywhere = _both_ways(store)
    assert through_index == [] and everywhere == [made[0]]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(sorted(CHANGES)), min_size=1, max_size=5, unique=True))
def test_changes_mixed_are_found_as_git_finds_them(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as where:
        store, _ = _dataset(Path(where) / "set")
        rev = _git(store.root, "rev-parse", "HEAD").strip()
        for name in names:
            CHANGES[name](store.root)
        through_index, everywhere = _both_ways(store, rev)
        assert through_index == everywhere, names
