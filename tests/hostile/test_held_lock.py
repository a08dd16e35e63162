"""A held index lock (issue 16, item 7): a suspended process holding the index's write lock
is reported after about two seconds, naming its PID, and the command answers from the files."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from incidentctl.testing import Dataset

HOLDER = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT OR REPLACE INTO meta VALUES ('held', 'by a test')")
print("held", flush=True)
os.kill(os.getpid(), signal.SIGSTOP)  # a refresh suspended mid-transaction (Ctrl-Z, SIGSTOP)
"""


def test_a_suspended_refresh_is_reported_and_the_answer_comes_from_the_files(
    incidentctl_dataset: Dataset,
) -> None:
    ds = incidentctl_dataset
    first = ds.add()
    assert ds.run("list", "--format", "ids").stdout.split() == [first]  # the index exists
    index = ds.root / ".incidentctl" / "index.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(index)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        second = ds.add(title="A second record, added while the index is held")
        started = time.monotonic()
        result = ds.run("list", "--format", "json", timeout=60)
        took = time.monotonic() - started
        assert result.exit_code == 0, result.stderr
        assert sorted(r["id"] for r in json.loads(result.stdout)) == sorted([first, second])
        assert result.stderr.startswith("warning: waiting for another incidentctl")
        assert f"(PID {holder.pid})" in result.stderr, result.stderr
        assert ".incidentctl/index.sqlite3" in result.stderr
        assert 1.5 < took < 30, took
        assert len(result.stderr.splitlines()) == 1, result.stderr
    finally:
        holder.send_signal(signal.SIGCONT)
        holder.kill()
        holder.wait()
    # released: the next command uses the index again, silently
    result = ds.run("list", "--format", "ids")
    assert result.exit_code == 0 and result.stderr == ""
    assert sorted(result.stdout.split()) == sorted([first, second])
