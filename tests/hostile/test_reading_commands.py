"""Reading commands (issue 7, item 4) skip each bad file with one warning line naming it and
answer from the good ones; a damaged derived index (item 5) is rebuilt with the same answers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from incidentctl.testing import Dataset

from .conftest import HostileSet
from .corpus import CASES, YEAR, valid_text
from .readers import READERS, answered_ids

pytestmark = pytest.mark.slow  # real processes and many runs: left out of the quick loop

HOSTILE = [c for c in CASES if not c.harmless]
HARMLESS = [c for c in CASES if c.harmless]


@pytest.fixture
def messy(hostile: HostileSet, tmp_path: Path) -> tuple[HostileSet, list[str]]:
    """The hostile corpus plus a schema-invalid record and a symlink to a record outside."""
    folder = hostile.data.incidents / YEAR
    (folder / "unknown-field.yaml").write_text(
        valid_text("unknown-field").replace('recorded: "', 'colour: "red"\nrecorded: "')
    )
    outside = tmp_path / "outside.yaml"
    outside.write_text(valid_text("outside"))
    (folder / "outside.yaml").symlink_to(outside)
    bad = [f"data/incidents/{YEAR}/{c.name}.yaml" for c in HOSTILE]
    bad += [f"data/incidents/{YEAR}/unknown-field.yaml", f"data/incidents/{YEAR}/outside.yaml"]
    return hostile, bad


@pytest.mark.parametrize("command", sorted(READERS))
def test_each_bad_file_is_skipped_with_one_warning_and_the_good_ones_answer(
    command: str, messy: tuple[HostileSet, list[str]]
) -> None:
    hostile, bad = messy
    args = READERS[command][0]
    result = hostile.data.run(*args)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    warnings = result.stderr.splitlines()
    for path in bad:
        assert len([w for w in warnings if f"{path}:" in w or w.endswith(path)]) == 1, (
            path,
            warnings,
        )
    assert len(warnings) == len(bad), warnings
    good = {hostile.good_id, *(c.name for c in HARMLESS)}
    assert answered_ids(command, result.stdout) == good


def _index_files(root: Path) -> list[Path]:
    return sorted((root / ".incidentctl").glob("index.sqlite3*"))


DAMAGE = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "garbage": lambda p: p.write_bytes(os.urandom(4096) * 4),
    "empty": lambda p: p.write_bytes(b""),
    "header-only": lambda p: p.write_bytes(p.read_bytes()[:100]),
    "zeroed-pages": lambda p: p.write_bytes(p.read_bytes()[:4096] + bytes(p.stat().st_size - 4096)),
    "deleted": lambda p: p.unlink(),
}


def test_a_damaged_index_is_rebuilt_and_gives_the_same_answers(
    incidentctl_bundled: Dataset,
) -> None:
    """Each damage is met first by a different command (the one that must rebuild)."""
    before = {}
    for command, (args, _) in READERS.items():
        result = incidentctl_bundled.run(*args)
        assert result.exit_code == 0, result.stderr
        before[command] = result.stdout
    index = incidentctl_bundled.root / ".incidentctl" / "index.sqlite3"
    commands = sorted(READERS)
    for n, damage in enumerate(sorted(DAMAGE)):
        assert index.is_file(), _index_files(incidentctl_bundled.root)
        DAMAGE[damage](index)
        command = commands[n % len(commands)]
        result = incidentctl_bundled.run(*READERS[command][0])
        assert result.exit_code == 0, (damage, command, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stdout == before[command], (damage, command)
    for command, (args, _) in READERS.items():
        assert incidentctl_bundled.run(*args).stdout == before[command], command
