"""``--public`` fails closed (issue 16, items 1, 2 and 7; SPEC §10): a record that cannot be read
makes every public command refuse, without naming the file; the derived index, however damaged,
never decides what is withheld; no filter value, sort order or id is an oracle."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from incidentctl.files.yamlio import MAX_FILE_BYTES
from incidentctl.testing import Dataset

SECRET_TITLE = "Threats against Zhanna Kurmanova"
SECRET = "Kurmanova"
PUBLIC_COMMANDS: dict[str, list[str]] = {
    "list": ["list", "--public", "--format", "json"],
    "search": ["search", "--public", "--format", "json"],
    "report": ["report", "--public", "--format", "json"],
    "people": ["people", "--public", "--format", "json"],
    "timeline": ["timeline", "--public", "--format", "json"],
    "export": ["export", "--public", "--format", "json"],
}


class Planted:
    """A data set with a confidential record, a confidential person named publicly elsewhere,
    and the file that marks that person confidential."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.secret_id = data.add(title=SECRET_TITLE, confidential=True, date="2019-03-01")
        self.marker_id = data.add(
            title="Lawyer Aiman Omarova threatened",
            date="2019-04-01",
            people=[{"name": "Aiman Omarova", "confidential": True, "roles": ["lawyer"]}],
        )
        self.public_id = data.add(
            title="Appeal hearing postponed",
            date="2019-05-01",
            summary="Aiman Omarova's appeal was postponed.",
        )
        self.data.run("list")  # the index is built

    def file(self, record_id: str) -> Path:
        (found,) = self.data.incidents.rglob(f"{record_id}.yaml")
        return found


@pytest.fixture
def planted(incidentctl_dataset: Dataset) -> Planted:
    return Planted(incidentctl_dataset)


def _leaks(result_text: str) -> list[str]:
    return [w for w in (SECRET, "Omarova", "omarova", "kurmanova") if w in result_text]


def _merge_conflict(path: Path) -> None:
    path.write_text("<<<<<<< HEAD\n" + path.read_text() + "=======\n>>>>>>> theirs\n")


def _bad_value(path: Path) -> None:
    path.write_text(path.read_text().replace('status: "ongoing"', 'status: "on-going"'))


def _oversized(path: Path) -> None:
    path.write_text(path.read_text() + "# " + "x" * (MAX_FILE_BYTES + 10) + "\n")


def _symlink(path: Path) -> None:
    elsewhere = path.parent.parent.parent.parent / "elsewhere.yaml"
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)


BREAKERS: dict[str, Callable[[Path], None]] = {
    "merge-conflict": _merge_conflict,
    "schema": _bad_value,
    "oversized": _oversized,
    "symlink": _symlink,
}


@pytest.mark.parametrize("breaker", sorted(BREAKERS))
def test_an_unreadable_marker_makes_export_public_refuse_and_write_nothing(
    planted: Planted, breaker: str, tmp_path: Path
) -> None:
    marker = planted.file(planted.marker_id)
    BREAKERS[breaker](marker)
    target = tmp_path / "out.csv"
    result = planted.data.run("export", "--public", "--output", str(target))
    assert result.exit_code == 1, result
    assert not target.exists()
    assert result.stdout == ""
    assert "1 record file(s) cannot be read" in result.stderr
    assert "incidentctl validate" in result.stderr
    assert planted.marker_id not in result.stderr and not _leaks(result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    # Without --public the command goes on, naming the file it skipped.
    plain = planted.data.run("export", "--format", "jsonl")
    assert plain.exit_code == 0, plain.stderr
    assert planted.marker_id in plain.stderr


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(PUBLIC_COMMANDS))
def test_every_public_command_refuses_when_a_record_cannot_be_read(
    planted: Planted, command: str
) -> None:
    _bad_value(planted.file(planted.marker_id))
    result = planted.data.run(*PUBLIC_COMMANDS[command])
    assert result.exit_code == 1, result
    assert result.stdout == "" and not _leaks(result.stderr + result.stdout), result


def test_show_public_refuses_when_a_record_cannot_be_read(planted: Planted) -> None:
    _merge_conflict(planted.file(planted.marker_id))
    result = planted.data.run("show", "--public", planted.public_id)
    assert result.exit_code == 1 and result.stdout == "", result
    assert "cannot be read" in result.stderr and not _leaks(result.stderr)


def _damage(root: Path, sql: str) -> None:
    conn = sqlite3.connect(root / ".incidentctl" / "index.sqlite3")
    conn.create_function("docs_set", 3, _docs_set)  # the JSON is stored compressed in blocks
    with conn:
        conn.execute(sql)
    conn.close()


def _docs_set(data: bytes, path: str, value: str) -> bytes:
    """A block of stored records (index/docs.py) with ``json_set(doc, path, json(value))``."""
    from incidentctl.index import docs

    conn = sqlite3.connect(":memory:")
    changed = [
        conn.execute("SELECT json_set(?, ?, json(?))", (doc, path, value)).fetchone()[0]
        for doc in docs.unpack(data)
    ]
    return docs.pack(changed)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE records SET confidential = 0",
        "UPDATE record_names SET kind = 0",
        "UPDATE docs SET data = docs_set(data, '$.confidential', 'false')",
    ],
)
def test_a_damaged_index_never_decides_what_is_withheld(planted: Planted, sql: str) -> None:
    _damage(planted.data.root, sql)
    for args in (["list", "--public", "--format", "json"], ["export", "--public"]):
        result = planted.data.run(*args)
        assert result.exit_code == 0, result.stderr
        assert not _leaks(result.stdout), (args, result.stdout)
        assert planted.secret_id not in result.stdout
    ids = planted.data.run("list", "--public", "--format", "ids").stdout.split()
    assert planted.secret_id not in ids and planted.public_id in ids


def test_flipped_bytes_in_the_index_never_show_a_confidential_record(planted: Planted) -> None:
    index = planted.data.root / ".incidentctl" / "index.sqlite3"
    raw = bytearray(index.read_bytes())
    for offset in range(4096, len(raw), 4099):  # past the header: damaged rows, not a new file
        raw[offset] ^= 0x10
    index.write_bytes(bytes(raw))
    result = planted.data.run("list", "--public", "--format", "json")
    assert not _leaks(result.stdout) and planted.secret_id not in result.stdout
    assert "Traceback" not in result.stderr


def test_content_is_the_files_not_the_index(planted: Planted) -> None:
    _damage(
        planted.data.root,
        """UPDATE docs SET data = docs_set(data, '$.summary', '"Kurmanova from the index"')""",
    )
    result = planted.data.run("export", "--public", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "from the index" not in result.stdout
    assert "appeal was postponed" in result.stdout


def test_show_public_resolves_only_the_published_id_of_a_public_record(planted: Planted) -> None:
    published = json.loads(
        planted.data.run("show", "--public", planted.public_id, "-f", "json").stdout
    )
    assert "Omarova" not in json.dumps(published)
    unknown = planted.data.run("show", "--public", "2019-01-01-no-such-record")
    assert unknown.exit_code != 0
    for guess in (planted.secret_id, planted.marker_id):
        result = planted.data.run("show", "--public", guess)
        assert (result.exit_code, result.stdout) == (unknown.exit_code, ""), result
        assert result.stderr.replace(guess, "ID") == unknown.stderr.replace(
            "2019-01-01-no-such-record", "ID"
        )


def test_marker_id_holding_a_withheld_name_resolves_only_as_published(planted: Planted) -> None:
    ids = planted.data.run("list", "--public", "--format", "ids").stdout.split()
    (shown,) = [i for i in ids if i.startswith("2019-04-01")]  # a neutral id: its title is withheld
    assert "omarova" in planted.marker_id and "omarova" not in shown
    result = planted.data.run("show", "--public", shown, "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == shown


def test_sort_by_title_under_public_orders_by_published_titles(
    incidentctl_dataset: Dataset,
) -> None:
    data = incidentctl_dataset
    data.add(title="Zz hearing", people=[{"name": "Abay Aaronov", "confidential": True}])
    data.add(title="Abay Aaronov detained", date="2019-06-01")
    data.add(title="Mm press conference", date="2019-07-01")
    result = data.run("list", "--public", "--sort", "title", "--format", "json")
    titles = [r["title"] for r in json.loads(result.stdout)]
    assert titles == sorted(titles), titles
    assert titles[0].startswith("(name withheld)")


def test_a_public_report_echoes_no_filter_value(planted: Planted, tmp_path: Path) -> None:
    for fmt in ("html", "markdown", "json", "table"):
        target = tmp_path / f"report.{fmt}"
        result = planted.data.run(
            "report", "--public", "--person", "Aiman Omarova", "--case", "omarova-appeal",
            "--tag", "kurmanova", "--country", "KZ", "--format", fmt, "--output", str(target),
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        text = target.read_text()
        assert not _leaks(text.replace("(name withheld)", "")), (fmt, text)
        if fmt != "json":  # the JSON report holds no description of its filters
            assert "country KZ" in text and "further filters (not shown)" in text, text


@pytest.fixture
def world_readable() -> Iterator[Path]:
    """A temporary folder others may enter (pytest's are the owner's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="incidentctl-public-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["chmod", "-R", "u+rwx", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)


def test_an_unlistable_folder_is_refused_under_public_and_warned_about_otherwise(
    planted: Planted, world_readable: Path
) -> None:
    """Root lists any folder, so as root the command runs as ``nobody`` (``setpriv``) over a
    copy owned by nobody; the test skips only when root and setpriv is missing."""
    root = world_readable / "dataset"
    shutil.copytree(planted.data.root, root, symlinks=True)
    shutil.rmtree(root / ".incidentctl", ignore_errors=True)
    extra = root / "data" / "incidents" / "2018"
    extra.mkdir()
    shutil.copy(planted.file(planted.marker_id), extra / "2018-01-01-copy-of-marker.yaml")
    prefix: list[str] = []
    if os.getuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: no folder can be made unlistable")
        subprocess.run(["chown", "-R", "65534:65534", str(world_readable)], check=True)
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    extra.chmod(0)
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "HOME": str(world_readable),
        "XDG_CACHE_HOME": str(world_readable / "cache"),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [*prefix, sys.executable, "-m", "incidentctl", "--root", str(root), *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=world_readable)

    public = run("list", "--public", "--format", "ids")
    assert public.returncode == 1, public
    assert public.stdout == ""
    assert "1 folder(s) under data/incidents cannot be listed" in public.stderr
    assert "2018" not in public.stderr and "Traceback" not in public.stderr
    plain = run("list", "--format", "ids")
    assert plain.returncode == 0, plain.stderr
    assert "data/incidents/2018" in plain.stderr and "cannot be listed" in plain.stderr
    assert planted.public_id in plain.stdout
