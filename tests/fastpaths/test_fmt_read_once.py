"""``fmt`` reads each file once, and silences rapidyaml's standard error once a stretch of files.

Two shortcuts of ``fmt``'s reading (docs/performance.md, "Sixth round: fmt"), each proven to give
what it bypasses:

- the bytes ``fmt`` read for its verdict cache are handed to :func:`.reader.read_record`
  (``raw=``) instead of being read again: the same record, text, digest and problems as a
  read of its own, on tricky files (valid and not) and on a generated set;
- :func:`.fastyaml.quiet` silences standard error and holds Ctrl-C for a stretch of files
  rather than once a file: :func:`.fastyaml.load` gives the same values inside it, nothing
  rapidyaml prints gets out, standard error and the signal mask are back after it, and a
  Ctrl-C held meanwhile arrives when the stretch ends.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from incidentctl.files import fastyaml
from incidentctl.files.reader import RecordRead, read_record
from incidentctl.files.store import Store, read_limited
from incidentctl.ops import fmt

from .test_bulk_reader import TRICKY

REFUSED_BY_RAPIDYAML = ["a: 'b\n", 'a: "b\n', "a:\n- b\n c: d\n", "id: x\nb\n"]
"""Texts the fast reader hands to rapidyaml, which refuses them and prints why."""


def _same(one: RecordRead, other: RecordRead) -> None:
    assert one.digest == other.digest
    assert one.document == other.document
    assert one.text == other.text
    assert one.problems == other.problems
    assert one.unchanged == other.unchanged


def test_a_record_read_from_the_callers_bytes_is_the_record_read_from_the_file(
    incidentctl_dataset: Any,
) -> None:
    folder = incidentctl_dataset.root / "data" / "incidents" / "2019"
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(incidentctl_dataset.root)
    texts = [*TRICKY, *((f"refused {n}", t) for n, t in enumerate(REFUSED_BY_RAPIDYAML))]
    texts.append(("not utf-8", "id: \xff\n"))
    for n, (name, text) in enumerate(texts):
        path = folder / f"2019-05-21-kz-case-{n}.yaml"
        path.write_bytes(text.encode("latin-1") if name == "not utf-8" else text.encode())
        read = read_record(store, path, raw=read_limited(path))
        _same(read, read_record(store, path))
        with fastyaml.quiet():
            _same(read_record(store, path, raw=read_limited(path)), read)


def test_fmt_reading_once_in_quiet_stretches_gives_what_reading_each_file_apart_gives(
    generated: Path, tmp_path: Path
) -> None:
    """The outcomes of ``fmt --check`` over a generated set (every file through the fast
    reader and writer) equal, file by file, those of reading each file apart."""
    root = tmp_path / "set"
    shutil.copytree(generated, root, ignore=shutil.ignore_patterns(".incidentctl"))
    store = Store(root)
    paths = store.listing().files
    outcomes = fmt._format_many((store, False, {}), paths)
    assert len(outcomes) == len(paths) > fmt.QUIET_STRETCH
    for path, outcome in zip(paths, outcomes, strict=True):
        read = read_record(store, path)
        assert read.record is not None and read.text is not None
        canonical = fmt.canonical_text(read.text, outcome.shown, read.record)
        assert outcome.changed == (canonical != read.text)
        assert outcome.problems == []
        assert outcome.learned == [(read.digest, not outcome.changed)]


def test_inside_a_quiet_stretch_the_fast_reader_reads_the_same_and_prints_nothing(
    capfd: pytest.CaptureFixture[str],
) -> None:
    texts = [text for _, text in TRICKY] + REFUSED_BY_RAPIDYAML
    alone = [fastyaml.load(text) for text in texts]
    assert capfd.readouterr() == ("", "")
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    with fastyaml.quiet():
        together = [fastyaml.load(text) for text in texts]
        with fastyaml.quiet():  # nested: still silenced when the inner one ends
            assert fastyaml.load(REFUSED_BY_RAPIDYAML[0]) is None
        assert fastyaml.load(REFUSED_BY_RAPIDYAML[1]) is None
    assert together == alone
    assert any(value is not None for value in alone)
    assert capfd.readouterr() == ("", "")
    os.write(2, b"still here\n")
    assert capfd.readouterr().err == "still here\n"
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == mask


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(),
    reason="signals reach the main thread",
)
def test_a_ctrl_c_in_a_quiet_stretch_arrives_when_it_ends(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Held, not lost: the run's "interrupted" line is said on the real standard error."""
    loaded = []
    with pytest.raises(KeyboardInterrupt):
        with fastyaml.quiet():
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
            for _, text in TRICKY:  # each load's own stretch must not release it early
                loaded.append(fastyaml.load(text))
            time.sleep(0.05)
        pytest.fail("the held Ctrl-C was never delivered")
    os.write(2, b"interrupted\n")
    assert len(loaded) == len(TRICKY)
    assert capfd.readouterr().err == "interrupted\n"
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
