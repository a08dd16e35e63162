"""``strays`` after a freshness scan walks only the sub-folders the scan met in the year
folders (``store.subfolders``); it must report what the walk of every folder reports, in the
same order, whether one process scanned or two shared the folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentctl.files.paths import strays
from incidentctl.files.store import Store
from incidentctl.index import scan
from incidentctl.testing import Dataset


def _tricky_tree(incidents: Path) -> None:
    """Misplaced files at several depths beside everything a walk must not report or enter."""
    files = [
        "2019/a.yaml",
        "2019/old/b.yaml",  # a stray
        "2019/old/deeper/c.yml",  # a stray two levels down
        "2019/old/notes.txt",
        "2019/old/.hidden.yaml",
        "2019/.cache/d.yaml",  # a hidden sub-folder: never walked
        "2019/Z/e.yaml",  # sorted before 'old'
        "2019/folder.yaml/f.yaml",  # a folder named like a record
        "2020/archive.d/g.yaml",
        "2020/h.yaml",
        ".trash/2018/i.yaml",  # a hidden top folder
        "1999/nothing-here.txt",
    ]
    for name in files:
        (incidents / name).parent.mkdir(parents=True, exist_ok=True)
        (incidents / name).write_text("id: x\n", encoding="utf-8")
    (incidents / "2021").mkdir()
    (incidents / "2021" / "empty").mkdir()
    (incidents / "2019" / "linked").symlink_to(incidents / "2019" / "old")  # not followed
    (incidents / "2020" / "old-link.yaml").symlink_to(incidents / "2019" / "old" / "b.yaml")
    (incidents / "2019" / "old" / "link.yaml").symlink_to(incidents / "2019" / "a.yaml")
    (incidents / "2022").symlink_to(incidents / "2019")  # a symlinked year folder


@pytest.mark.parametrize("shared", [False, True], ids=["one process", "two processes"])
def test_strays_after_a_scan_are_the_whole_walks(
    incidentctl_dataset: Dataset, monkeypatch: pytest.MonkeyPatch, shared: bool
) -> None:
    root = incidentctl_dataset.root
    _tricky_tree(root / "data" / "incidents")
    walked = strays(Store(root))
    assert [p.path for p in walked] == [
        "data/incidents/2019/Z/e.yaml",
        "data/incidents/2019/folder.yaml/f.yaml",
        "data/incidents/2019/old/b.yaml",
        "data/incidents/2019/old/link.yaml",
        "data/incidents/2019/old/deeper/c.yml",
        "data/incidents/2020/archive.d/g.yaml",
    ]
    if shared:  # the forked child scans some folders and sends their sub-folders back
        monkeypatch.setattr(scan, "SPLIT_MIN_BYTES", 0)
    store = Store(root)
    assert store.subfolders is None
    scan.scan(store)
    assert store.subfolders == [
        "2019/Z",
        "2019/folder.yaml",
        "2019/old",
        "2020/archive.d",
        "2021/empty",
    ]
    assert strays(store) == walked
