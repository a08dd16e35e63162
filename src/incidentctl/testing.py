"""Pytest fixtures for incidentctl and for data repositories that test with it.

Registered as a pytest plugin (entry point ``pytest11``), so any project that
installs incidentctl gets these fixtures: real folders, real git, no mocks.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SAMPLE: dict[str, Any] = {
    "title": "Lawyer disbarred after criticising the bar law",
    "date": "2019-05-21",
    "countries": ["KZ"],
    "location": "Petropavlovsk",
    "types": ["disbarment"],
    "people": [
        {
            "name": "Sergey Sizintsev",
            "aliases": ["Сергей Сизинцев", "Sizentsev"],
            "roles": ["lawyer"],
        }
    ],
    "perpetrators": ["Ministry of Justice"],
    "status": "ongoing",
    "summary": "The court revoked the lawyer's licence.\nAn appeal was announced.",
    "sources": [{"url": "https://www.icj.org/example", "publisher": "ICJ", "language": "en"}],
}


def sample_record(**overrides: Any) -> dict[str, Any]:
    """A valid record's plain data (no id/recorded: ``add`` fills them), with overrides."""
    data = copy.deepcopy(SAMPLE)
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def sample_v2_record(**overrides: Any) -> dict[str, Any]:
    """A valid record using every schema v2 field but ``withdrawn`` (SPEC §7): acts with
    perpetrators, a group, both forms of a perpetrator, a subdivision, source types."""
    v2: dict[str, Any] = {
        "types": ["dismissal", "disbarment"],
        "subdivision": "KZ-59",
        "people": [
            {
                "name": "Sergey Sizintsev",
                "sex": "male",
                "age_group": "adult",
                "acts": [{"type": "dismissal", "date": "2018", "perpetrators": ["Almaty police"]}],
            }
        ],
        "groups": [{"description": "Three activists", "size": 3, "roles": ["activist"]}],
        "perpetrators": ["Ministry of Justice", {"name": "Almaty police", "category": "police"}],
        "verification": "likely",
        "sources": [{"url": "https://www.icj.org/a", "publisher": "ICJ", "type": "ngo"}],
        "external_ids": ["acled:KAZ1234"],
    }
    return sample_record(**{**v2, **overrides})


REQUIRE_PROGRAMS_VARIABLE = "INCIDENTCTL_REQUIRE_PROGRAMS"
"""Set (to anything but empty or ``0``) by ``.ci/run``: a missing external program then
fails the test that needs it instead of skipping it, so CI always runs those tests."""


def import_batch(folder: Path, count: int) -> Path:
    """A JSON Lines file of ``count`` new records (ids ``imported-0``, ``imported-1``…) for
    ``import``, written in ``folder``."""
    import json

    path = folder / "batch.jsonl"
    rows = [
        {**sample_record(title=f"Imported incident number {n}"), "id": f"imported-{n}"}
        for n in range(count)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def require_program(*names: str) -> str:
    """The path of the first of ``names`` on PATH (e.g. ``chromium``, ``soffice``).

    Where none is installed the test is skipped on a user's machine, and fails where
    :data:`REQUIRE_PROGRAMS_VARIABLE` is set, so a missing install step cannot hide.
    """
    import shutil

    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"needs {' or '.join(names)} on PATH"
    if os.environ.get(REQUIRE_PROGRAMS_VARIABLE, "") not in ("", "0"):
        pytest.fail(f"{message} ({REQUIRE_PROGRAMS_VARIABLE} is set)", pytrace=False)
    pytest.skip(message)


def output_text(data: bytes) -> str:
    """What a command wrote, as text to search: UTF-8, or for an XLSX workbook (a zip) the
    text of its cells, one row a line, so that audits of every format can read it."""
    if not data.startswith(b"PK\x03\x04"):
        return data.decode("utf-8", "replace")
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = (row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    return "".join("\t".join("" if v is None else str(v) for v in row) + "\n" for row in rows)


def every_path(value: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every field path in ``value`` (a record's data or tree), and one missing key or index
    under each collection: what tests of error positions ask of a file."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from every_path(item, (*prefix, str(key)))
        yield (*prefix, "missing")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from every_path(item, (*prefix, index))
        yield (*prefix, len(value))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@dataclass
class Dataset:
    """A data set in a temporary folder, with helpers to run the CLI against it."""

    root: Path

    @property
    def incidents(self) -> Path:
        return self.root / "data" / "incidents"

    def files(self) -> list[Path]:
        return sorted(p for p in self.incidents.rglob("*.yaml"))

    def snapshot(self) -> dict[str, bytes]:
        """Every file under data/ by relative path: compare before/after to prove nothing changed."""
        return {
            str(p.relative_to(self.root)): p.read_bytes()
            for p in sorted((self.root / "data").rglob("*"))
            if p.is_file()
        }

    def invoke(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> Result:
        """Run the CLI in-process (Typer's CliRunner)."""
        from typer.testing import CliRunner

        from incidentctl.cli.app import app

        runner = CliRunner()
        result = runner.invoke(
            app, ["--root", str(self.root), *args], input=input, env=env, catch_exceptions=False
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    def run(
        self,
        *args: str,
        input: str | bytes | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> Result:
        """Run the CLI as a real subprocess (pipes, exit codes, environment)."""
        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        full_env.pop("INCIDENTCTL_ROOT", None)
        proc = subprocess.run(
            [sys.executable, "-m", "incidentctl", "--root", str(self.root), *args],
            input=input.encode() if isinstance(input, str) else input,
            capture_output=True,
            env=full_env,
            timeout=timeout,
            cwd=self.root,
        )
        return Result(
            proc.returncode,
            output_text(proc.stdout),
            proc.stderr.decode("utf-8", "replace"),
        )

    def add(self, **overrides: Any) -> str:
        """Add a record through the core (fast); returns its id."""
        from incidentctl.files.store import Store
        from incidentctl.ops import edit as records

        record, _ = records.add(Store(self.root), sample_record(**overrides))
        return record.id

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=self.root, check=True, capture_output=True, text=True
        ).stdout


def _git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {
        "GIT_AUTHOR_NAME": "Test Analyst",
        "GIT_AUTHOR_EMAIL": "analyst@example.org",
        "GIT_COMMITTER_NAME": "Test Analyst",
        "GIT_COMMITTER_EMAIL": "analyst@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def incidentctl_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Dataset]:
    """An empty, initialised data set (a git repository on branch main) in a temp folder."""
    from incidentctl.files.dataset import init_dataset

    _git_identity(monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("INCIDENTCTL_ROOT", raising=False)
    root, _ = init_dataset(tmp_path / "dataset")
    yield Dataset(root)


@pytest.fixture
def incidentctl_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Dataset:
    """A copy of the repository's bundled data set (data/incidents), in a temp folder."""
    import shutil

    from incidentctl.files.dataset import init_dataset

    _git_identity(monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    source = Path(request.config.rootpath) / "data" / "incidents"
    if not source.is_dir():
        pytest.fail(f"bundled data not found at {source}")
    root = tmp_path / "bundled"
    shutil.copytree(source, root / "data" / "incidents")
    init_dataset(root)
    return Dataset(root)


@pytest.fixture
def incidentctl_record_data() -> Callable[..., dict[str, Any]]:
    """Factory for valid record data: ``record_data(title=..., countries=[...])``."""
    return sample_record


def today_iso() -> str:
    return dt.date.today().isoformat()
