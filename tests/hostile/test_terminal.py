"""Safe terminals (issue 16, item 6): control characters are refused in every text field at
input, with a located error, and nothing any command prints holds them raw."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from incidentctl.testing import Dataset, sample_record

OSC52 = "\x1b]52;c;aGVsbG8=\x07"
OSC8 = "\x1b]8;;http://evil.example/\x1b\\here\x1b]8;;\x1b\\"
CSI = "\x1b[2J\x1b[H"
C1_CSI = "\x9b2J"
RLO = "\u202e"
PAYLOADS = [OSC52, OSC8, CSI, C1_CSI, RLO, "\x7f", "\u2066"]

# What must never reach stdout or stderr of a command on a pipe: any control character
# but newline and tab, and the BiDi overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean(result: object) -> None:
    for stream in ("stdout", "stderr"):
        text = getattr(result, stream)
        found = RAW.search(text)
        assert found is None, (stream, text[max(0, found.start() - 80) : found.end() + 80])
        assert "Traceback" not in text and "internal error" not in text, text


def _record_file(ds: Dataset, rid: str) -> Path:
    return ds.incidents / "2019" / f"{rid}.yaml"


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar holding ``value`` (JSON's escapes are YAML's)."""
    return json.dumps(value)


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_a_hand_written_control_character_is_a_located_validate_error(
    incidentctl_dataset: Dataset, payload: str
) -> None:
    ds = incidentctl_dataset
    rid = ds.add()
    path = _record_file(ds, rid)
    text = path.read_text()
    text = text.replace('location: "Petropavlovsk"', f"location: {_quoted('Petro' + payload)}")
    path.write_text(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("location:"))
    result = ds.run("validate")
    assert result.exit_code == 1
    assert f"data/incidents/2019/{rid}.yaml:{line}:11: location: holds U+" in result.stdout
    _clean(result)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Lawyer \x1b[2J disbarred"),
        ("summary", "Text" + OSC52),
        ("outcome", "Text" + RLO),
        ("perpetrators", ["Ministry" + C1_CSI]),
        ("people", [{"name": "Sergey\u2067 Sizintsev"}]),
        ("sources", [{"url": "https://example.org/" + RLO + "x"}]),
        ("sources", [{"url": "https://example.org/a", "title": "A\tB"}]),
        ("responses", [{"date": "2019", "by": "ICJ\x1b]8;;x", "kind": "statement"}]),
    ],
)
def test_add_from_a_file_refuses_control_characters_in_every_text_field(
    incidentctl_dataset: Dataset, tmp_path: Path, field: str, value: object
) -> None:
    source = tmp_path / "new.json"
    source.write_text(json.dumps(sample_record(**{field: value})))
    result = incidentctl_dataset.run("add", "--from", str(source))
    assert result.exit_code == 1, result.stdout
    assert field in result.stderr and "holds U+" in result.stderr, result.stderr
    assert incidentctl_dataset.files() == []
    _clean(result)


def test_a_tab_is_text_in_a_summary_but_not_in_a_one_line_field(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    ds = incidentctl_dataset
    source = tmp_path / "new.json"
    source.write_text(json.dumps(sample_record(summary="Col 1\tCol 2\nnext")))
    assert ds.run("add", "--from", str(source)).exit_code == 0
    result = ds.run("add", "--title", "Lawyer\tdisbarred", "--date", "2019", "-c", "KZ")
    assert result.exit_code == 1 and "U+0009 (tab)" in result.stderr, result.stderr


def test_add_options_edit_and_import_refuse_them(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    ds = incidentctl_dataset
    rid = ds.add()
    before = ds.snapshot()
    opts = ["--date", "2019-04-02", "-c", "KZ", "-t", "disbarment", "--status", "ongoing"]
    opts += ["--summary", "s", "--source", "https://example.org/a"]
    result = ds.run("add", "--title", "Lawyer " + OSC52 + " disbarred", *opts)
    assert result.exit_code == 1 and "title: holds U+001B (ESC)" in result.stderr
    _clean(result)
    result = ds.run("edit", rid, "--set", "location=Petro" + CSI)
    assert result.exit_code == 1 and "location: holds U+001B" in result.stderr, result.stderr
    _clean(result)
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps([sample_record(title="Lawyer disbarred " + RLO)]))
    result = ds.run("import", str(batch))
    assert result.exit_code == 1 and "U+202E (a BiDi override)" in result.stderr, result.stderr
    _clean(result)
    assert ds.snapshot() == before


@pytest.fixture
def hostile_history(incidentctl_dataset: Dataset) -> tuple[Dataset, str]:
    """A committed valid record, then a working tree where hand-edited files hold every payload
    (in a title, a status, an id, a key and a country) and arguments that hold them too."""
    ds = incidentctl_dataset
    ds.git("init", "--quiet")
    rid = ds.add()
    ds.git("add", "--all")
    ds.git("commit", "--quiet", "-m", "first")
    path = _record_file(ds, rid)
    good = path.read_text()
    all_payloads = "".join(PAYLOADS)
    path.write_text(good.replace('title: "', f"title: {_quoted(all_payloads)[:-1]}"))
    folder = path.parent
    (folder / "bad-status.yaml").write_text(
        good.replace(f'id: "{rid}"', 'id: "bad-status"').replace(
            'status: "ongoing"', f"status: {_quoted('on' + OSC52)}"
        )
    )
    (folder / "bad-id.yaml").write_text(good.replace(f'id: "{rid}"', f"id: {_quoted(OSC8)}"))
    (folder / "bad-key.yaml").write_text(
        good.replace(f'id: "{rid}"', 'id: "bad-key"') + f"{_quoted(CSI + RLO)}: 1\n"
    )
    (folder / "bad-country.yaml").write_text(
        good.replace(f'id: "{rid}"', 'id: "bad-country"').replace('"KZ"', _quoted("K" + C1_CSI))
    )
    (folder / "bad-yaml.yaml").write_text(f"id: [\n{CSI}")
    return ds, rid


COMMANDS = [
    *(("list", "--format", f) for f in ("table", "csv", "json", "jsonl", "yaml", "ids")),
    ("search", "Lawyer" + OSC52),
    ("search", "--country", "K" + CSI),
    ("show", "ID"),
    ("show", "x" + RLO),
    *(("report", "--format", f) for f in ("table", "markdown", "csv", "json")),
    ("people",),
    ("timeline",),
    *(("validate", "--format", f) for f in ("text", "json", "github")),
    *(("diff", "--format", f) for f in ("table", "markdown", "json")),
    ("history", "ID"),
    ("history", "ID", "--format", "json"),
    ("export", "--format", "csv"),
    ("fmt", "--check"),
    ("edit", "ID", "--set", "title=Lawyer " + OSC8),
    ("add", "--title", OSC52),
]


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c).encode().hex()[:40])
def test_no_command_prints_a_control_character_raw(
    hostile_history: tuple[Dataset, str], command: tuple[str, ...]
) -> None:
    ds, rid = hostile_history
    result = ds.run(*(rid if arg == "ID" else arg for arg in command))
    _clean(result)


def _on_a_terminal(ds: Dataset, *args: str) -> bytes:
    """The bytes a command writes to a pseudo-terminal, in colour (stdout and stderr both)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "incidentctl", "--root", str(ds.root), *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=ds.root,
    )
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: the process is done
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=60) is not None
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    "command", [("list",), ("report",), ("diff",), ("validate",), ("history", "ID")]
)
def test_on_a_terminal_only_colour_sequences_are_raw(
    hostile_history: tuple[Dataset, str], command: tuple[str, ...]
) -> None:
    ds, rid = hostile_history
    out = _on_a_terminal(ds, *(rid if arg == "ID" else arg for arg in command)).decode()
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)  # Rich's colours and styles
    found = RAW.search(out.replace("\r\n", "\n"))
    assert found is None, out[max(0, found.start() - 80) : found.end() + 80]
    if command[0] != "history":  # history reads commits, and the payloads are not committed
        assert "\\x1b" in out or "U+001B" in out, out  # the payloads are shown, escaped


@pytest.mark.slow
def test_on_a_terminal_the_programs_own_colours_still_work(incidentctl_dataset: Dataset) -> None:
    """Typer's usage errors are styled through the escaping stream: its colours pass as such."""
    out = _on_a_terminal(incidentctl_dataset, "list", "--no-such-option").decode()
    assert "No such option" in out and "\x1b[" in out, out
    assert "\\x1b" not in out, out
