"""fmt's verdicts by content digest (ops/fmtcache.py): what a warm check trusts, and when not."""

from __future__ import annotations

import subprocess
from pathlib import Path

from incidentctl.files.store import Store
from incidentctl.ops import fmtcache
from incidentctl.ops.fmt import format_files
from incidentctl.testing import Dataset


def _digest(path: Path) -> bytes:
    """The content digest is git's blob id of the file (``git hash-object``)."""
    out = subprocess.run(["git", "hash-object", str(path)], capture_output=True, check=True)
    return bytes.fromhex(out.stdout.decode().strip())


def _messy(incidentctl_dataset: Dataset) -> tuple[Store, Path, Path]:
    """A data set of two records, the first one not canonical."""
    for n in range(2):
        incidentctl_dataset.add(title=f"Lawyer number {n} detained")
    messy, tidy = incidentctl_dataset.files()
    text = messy.read_text(encoding="utf-8")
    messy.write_text(text.replace('status: "ongoing"', "status: ongoing  # seen"), "utf-8")
    return Store(incidentctl_dataset.root), messy, tidy


def test_a_warm_check_answers_from_the_verdicts_of_the_files_bytes(
    incidentctl_dataset: Dataset,
) -> None:
    store, messy, tidy = _messy(incidentctl_dataset)
    cold = format_files(store, None, write=False)
    assert cold.changed == [store.rel(messy)] and cold.unchanged == 1
    assert fmtcache.load(store) == {_digest(messy): False, _digest(tidy): True}
    assert format_files(store, None, write=False) == cold
    # The verdict is what answers (the file is not formatted again): a forged one is believed…
    fmtcache.save(store, {}, [(_digest(messy), True), (_digest(tidy), True)])
    assert format_files(store, None, write=False).changed == []
    # …until the bytes change: then the file is judged afresh.
    messy.write_text(messy.read_text(encoding="utf-8") + "# one more\n", "utf-8")
    assert format_files(store, None, write=False).changed == [store.rel(messy)]


def test_written_files_are_known_canonical_and_gone_ones_forgotten(
    incidentctl_dataset: Dataset,
) -> None:
    store, messy, tidy = _messy(incidentctl_dataset)
    old = _digest(messy)
    assert format_files(store, None, write=True).changed == [store.rel(messy)]
    assert 'status: "ongoing" # seen\n' in messy.read_text(encoding="utf-8")  # comment kept
    assert fmtcache.load(store) == {_digest(messy): True, _digest(tidy): True}
    assert old not in fmtcache.load(store)  # a run over every file keeps only what is there
    check = format_files(store, None, write=False)
    assert check.changed == [] and check.unchanged == 2


def test_a_damaged_or_foreign_cache_is_ignored(incidentctl_dataset: Dataset) -> None:
    store, _, _ = _messy(incidentctl_dataset)
    expected = format_files(store, None, write=False)
    cache = next(incidentctl_dataset.root.joinpath(".incidentctl").glob(fmtcache.FILENAME))
    whole = cache.read_bytes()
    header, _, body = whole.partition(b"\n")
    for damaged in (
        b"",
        whole[:-1],  # cut short
        header.replace(fmtcache.fingerprint(), b"0" * 32) + b"\n" + body,  # other code's
        b"\xff" * 100,
    ):
        cache.write_bytes(damaged)
        assert fmtcache.load(store) == {}
        assert format_files(store, None, write=False) == expected
