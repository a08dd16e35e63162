"""Small helpers for tests that build git histories of a data set."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
from pathlib import Path
from typing import Any

from incidentctl.testing import Dataset

_clock = itertools.count(1)


def commit(ds: Dataset, message: str) -> str:
    """Commit everything in the data set and return the new commit id.

    Each commit is a minute after the previous one, so "newest first" is
    well defined even when a test makes several commits in one second.
    """
    when = (dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=next(_clock))).isoformat()
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    ds.git("add", "--all")
    subprocess.run(
        ["git", "commit", "--quiet", "--allow-empty", "-m", message],
        cwd=ds.root,
        env=env,
        check=True,
        capture_output=True,
    )
    return ds.git("rev-parse", "HEAD").strip()


def merge(ds: Dataset, branch: str) -> subprocess.CompletedProcess[str]:
    """Merge ``branch`` into the current branch (a minute later than the last commit)."""
    when = (dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=next(_clock))).isoformat()
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(
        ["git", "merge", "--no-edit", branch], cwd=ds.root, env=env, capture_output=True, text=True
    )


def record_path(ds: Dataset, record_id: str) -> Path:
    (path,) = ds.incidents.glob(f"*/{record_id}.yaml")
    return path


def edit(ds: Dataset, record_id: str, *assignments: str) -> None:
    """Edit through the CLI (as an analyst would), failing loudly."""
    args = [a for item in assignments for a in ("--set", item)]
    result = ds.invoke("edit", record_id, *args)
    assert result.exit_code == 0, result.stderr


def json_out(ds: Dataset, *args: str) -> Any:
    result = ds.invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
