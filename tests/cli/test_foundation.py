"""init, add, list, show, edit, validate, fmt, schema, --version: in-process and as real processes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from incidentctl.testing import Dataset

ADD = [
    "add",
    "--title", "Lawyer disbarred after criticising the bar law",
    "--date", "April 2019",
    "--country", "Kazakhstan",
    "--type", "disbarment",
    "--person", "Sergey Sizintsev:lawyer,bar-official",
    "--status", "ongoing",
    "--summary", "The licence was revoked.",
    "--source", "https://www.icj.org/a",
    "--source-lang", "ENGLISH",
]  # fmt: skip


def test_init_creates_a_git_data_set(tmp_path: Path) -> None:
    import subprocess

    target = tmp_path / "new"
    proc = subprocess.run(
        [sys.executable, "-m", "incidentctl", "init", str(target)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert (target / "data" / "incidents").is_dir()
    assert "/.incidentctl" in (target / ".gitignore").read_text().splitlines()
    branch = subprocess.run(
        ["git", "symbolic-ref", "--short", "HEAD"], cwd=target, capture_output=True, text=True
    )
    assert branch.stdout.strip() == "main"


@pytest.mark.slow
def test_add_from_options_writes_one_canonical_file(incidentctl_dataset: Dataset) -> None:
    result = incidentctl_dataset.run(*ADD)
    assert result.exit_code == 0, result.stderr
    rid, path = result.stdout.strip().split("\t")
    assert rid == "2019-04-kz-lawyer-disbarred-after-criticising-the-bar-law"
    text = (incidentctl_dataset.root / path).read_text(encoding="utf-8")
    assert 'date: "2019-04"' in text and '- "KZ"' in text and 'language: "en"' in text
    assert incidentctl_dataset.run("fmt", "--check").exit_code == 0


@pytest.mark.slow
def test_add_from_yaml_json_and_stdin(
    incidentctl_dataset: Dataset, tmp_path: Path, incidentctl_record_data
) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(incidentctl_record_data(title="From a JSON file")), encoding="utf-8")
    assert incidentctl_dataset.run("add", "--from", str(src)).exit_code == 0
    stdin_yaml = "title: From standard input\ndate: 5 June 2019\ncountries: [kaz]\ntypes: [threats-intimidation]\nstatus: ongoing\nsummary: s\nsources:\n  - publisher: RFE/RL\n    language: Russian\n"
    result = incidentctl_dataset.run("add", "--from", "-", input=stdin_yaml)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("2019-06-05-kz-from-standard-input\t")
    ids = incidentctl_dataset.run("list", "--format", "ids").stdout.split()
    assert len(ids) == 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--country", "Atlantis"], "not an ISO 3166-1"),
        (["--type", "coup"], "types[0]"),
        (["--date", "2019-02-30"], "no day 30"),
        (["--source", "javascript:alert(1)"], "only http:// and https://"),
        (["--date", "September 22"], "no year"),
    ],
)
def test_bad_input_to_add_exits_1_and_writes_nothing(
    incidentctl_dataset: Dataset, args: list[str], words: str
) -> None:
    before = incidentctl_dataset.snapshot()
    argv = list(ADD)
    for i in range(0, len(args), 2):
        if args[i] in argv:
            argv[argv.index(args[i]) + 1] = args[i + 1]
        else:
            argv += args[i : i + 2]
    result = incidentctl_dataset.run(*argv)
    assert result.exit_code == 1
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert incidentctl_dataset.snapshot() == before


def test_missing_required_field_without_terminal_is_an_error(incidentctl_dataset: Dataset) -> None:
    before = incidentctl_dataset.snapshot()
    result = incidentctl_dataset.run("add", "--title", "Only a title here", input="")
    assert result.exit_code == 1
    assert "date: is required" in result.stderr and "summary: is required" in result.stderr
    assert incidentctl_dataset.snapshot() == before


@pytest.mark.slow
@pytest.mark.parametrize("given_id", ["../../x", "/abs/path", "Upper", "has space"])
def test_add_from_refuses_ids_that_could_leave_the_data_folder(
    incidentctl_dataset: Dataset, incidentctl_record_data, given_id: str
) -> None:
    before = incidentctl_dataset.snapshot()
    result = incidentctl_dataset.run(
        "add", "--from", "-", input=json.dumps({**incidentctl_record_data(), "id": given_id})
    )
    assert result.exit_code == 1
    assert "not a valid id" in result.stderr
    assert incidentctl_dataset.snapshot() == before


def test_list_formats_and_filters(incidentctl_dataset: Dataset) -> None:
    a = incidentctl_dataset.add(title="First incident in Kazakhstan", date="2019-03")
    b = incidentctl_dataset.add(title="Second incident in Belgium", date="2018", countries=["BE"])
    assert incidentctl_dataset.invoke("list", "--format", "ids").stdout.split() == [b, a]
    assert incidentctl_dataset.invoke(
        "list", "--format", "ids", "--sort", "-date"
    ).stdout.split() == [a, b]
    assert incidentctl_dataset.invoke(
        "list", "--format", "ids", "--country", "kaz"
    ).stdout.split() == [a]
    assert incidentctl_dataset.invoke(
        "list", "--format", "ids", "--year", "2018"
    ).stdout.split() == [b]
    rows = json.loads(incidentctl_dataset.invoke("list", "--format", "json").stdout)
    assert [r["id"] for r in rows] == [b, a] and rows[0]["date"] == "2018"
    lines = incidentctl_dataset.invoke("list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [b, a]
    csv_text = incidentctl_dataset.invoke("list", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("id,title,date")
    assert incidentctl_dataset.invoke("list", "--format", "yaml").stdout.count("---\n") == 2
    assert incidentctl_dataset.invoke("list", "--limit", "1", "--format", "ids").stdout.split() == [
        b
    ]


def test_table_on_a_pipe_is_plain_text(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add()
    out = incidentctl_dataset.run("list").stdout
    assert "\x1b[" not in out
    assert out.splitlines()[0].split("\t") == ["id", "date", "countries", "types", "title"]


def test_show(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    shown = json.loads(incidentctl_dataset.invoke("show", rid, "--format", "json").stdout)
    assert shown["id"] == rid and shown["people"][0]["aliases"][0] == "Сергей Сизинцев"
    missing = incidentctl_dataset.run("show", "2000-kz-nothing-here")
    assert missing.exit_code == 1 and "no record with id" in missing.stderr


def test_edit_set_on_a_commented_file_changes_one_line_in_git(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    path = next(incidentctl_dataset.incidents.rglob(f"{rid}.yaml"))
    path.write_text(
        "# Reviewed by the Central Asia desk\n" + path.read_text(encoding="utf-8"), encoding="utf-8"
    )
    incidentctl_dataset.git("add", "-A")
    incidentctl_dataset.git("commit", "-qm", "seed")
    result = incidentctl_dataset.run("edit", rid, "--set", "status=concluded")
    assert result.exit_code == 0, result.stderr
    diff = incidentctl_dataset.git("diff", "--unified=0", "--no-color")
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == ['-status: "ongoing"', '+status: "concluded"']
    assert path.read_text(encoding="utf-8").startswith("# Reviewed by the Central Asia desk\n")


def test_edit_set_lists_nested_fields_and_removal(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    assert (
        incidentctl_dataset.invoke(
            "edit",
            rid,
            "--set",
            "tags=bar-independence,kz",
            "--set",
            "sources[0].language=Russian",
            "--set",
            "location=",
        ).exit_code
        == 0
    )
    data = json.loads(incidentctl_dataset.invoke("show", rid, "--format", "json").stdout)
    assert data["tags"] == ["bar-independence", "kz"]
    assert data["sources"][0]["language"] == "ru"
    assert "location" not in data


@pytest.mark.slow
@pytest.mark.parametrize(
    ("assignment", "words"),
    [
        ("countries=Atlantis", "countries[0]"),
        ("date=2019-02-30", "no day 30"),
        ("sources[0].url=javascript:x", "only http"),
        ("id=../../x", "not a valid id"),
    ],
)
def test_bad_edit_exits_1_and_changes_nothing(
    incidentctl_dataset: Dataset, assignment: str, words: str
) -> None:
    rid = incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    result = incidentctl_dataset.run("edit", rid, "--set", assignment)
    assert result.exit_code == 1
    assert words in result.stderr
    assert incidentctl_dataset.snapshot() == before


@pytest.mark.slow
def test_edit_that_changes_the_year_moves_the_file(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    result = incidentctl_dataset.run("edit", rid, "--set", "date=2020-02")
    assert result.exit_code == 0
    assert (incidentctl_dataset.incidents / "2020" / f"{rid}.yaml").exists()
    assert not (incidentctl_dataset.incidents / "2019" / f"{rid}.yaml").exists()
    assert incidentctl_dataset.run("validate").exit_code == 0


def _editor_script(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n" + body, encoding="utf-8"
    )
    return f"{sys.executable} {script}"


@pytest.mark.slow
def test_edit_in_editor_saves_a_valid_change(incidentctl_dataset: Dataset, tmp_path: Path) -> None:
    rid = incidentctl_dataset.add()
    editor = _editor_script(
        tmp_path,
        "p.write_text(p.read_text().replace('status: \"ongoing\"', 'status: concluded # after appeal'))\n",
    )
    result = incidentctl_dataset.run("edit", rid, env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 0, result.stderr
    text = next(incidentctl_dataset.incidents.rglob(f"{rid}.yaml")).read_text(encoding="utf-8")
    assert 'status: "concluded" # after appeal' in text


@pytest.mark.slow
def test_edit_in_editor_invalid_result_is_never_written(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    rid = incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    editor = _editor_script(
        tmp_path, "p.write_text(p.read_text().replace('\"KZ\"', '\"Atlantis\"'))\n"
    )
    result = incidentctl_dataset.run("edit", rid, env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 1
    assert "countries[0]" in result.stderr
    assert incidentctl_dataset.snapshot() == before


@pytest.mark.slow
def test_validate_text_and_json_and_cross_record_checks(incidentctl_dataset: Dataset) -> None:
    good = incidentctl_dataset.add()
    other = incidentctl_dataset.add(title="Another incident entirely", date="2018-01-02")
    incidentctl_dataset.add(title="A third, clean record", date="2016")
    # id differs from file name; wrong year folder; duplicate id.
    src = next(incidentctl_dataset.incidents.rglob(f"{other}.yaml"))
    (incidentctl_dataset.incidents / "2018" / "renamed-file.yaml").write_text(
        src.read_text(encoding="utf-8"), encoding="utf-8"
    )
    wrong = incidentctl_dataset.incidents / "2017"
    wrong.mkdir()
    (wrong / f"{good}.yaml").write_text(
        next(incidentctl_dataset.incidents.rglob(f"{good}.yaml")).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = incidentctl_dataset.run("validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("data/incidents/2018/renamed-file.yaml:1:")
        and "id: id" in line
        and "differs from the file name" in line
        for line in lines
    ), lines
    assert any(
        line.startswith(f"data/incidents/2017/{good}.yaml:")
        and "date:" in line
        and "folder" in line
        for line in lines
    ), lines
    assert sum("duplicate id" in line for line in lines) >= 2
    report = json.loads(incidentctl_dataset.run("validate", "--format", "json").stdout)
    assert report["valid"] == 1
    assert {"path", "line", "column", "field", "message"} <= set(report["errors"][0])


@pytest.mark.slow
def test_validate_reports_schema_errors_with_line_and_field(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    path = next(incidentctl_dataset.incidents.rglob(f"{rid}.yaml"))
    text = path.read_text(encoding="utf-8").replace('  - "disbarment"', '  - "coup"')
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"coup"' in row)
    result = incidentctl_dataset.run("validate")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"data/incidents/2019/{rid}.yaml:{line}:5: types[0]: 'coup' is not one of"
    )


@pytest.mark.slow
def test_fmt_check_and_fix(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    path = next(incidentctl_dataset.incidents.rglob(f"{rid}.yaml"))
    canonical = path.read_bytes()
    path.write_text(
        path.read_text(encoding="utf-8").replace('status: "ongoing"', "status: ongoing"),
        encoding="utf-8",
    )
    messy = path.read_bytes()
    check = incidentctl_dataset.run("fmt", "--check")
    assert check.exit_code == 1 and "would reformat" in check.stdout
    assert path.read_bytes() == messy
    assert incidentctl_dataset.run("fmt").exit_code == 0
    assert path.read_bytes() == canonical
    assert incidentctl_dataset.run("fmt", "--check").exit_code == 0


def test_schema_and_version(incidentctl_dataset: Dataset) -> None:
    from incidentctl import __version__

    schema = json.loads(incidentctl_dataset.invoke("schema").stdout)
    assert "disbarment" in json.dumps(schema) and schema["additionalProperties"] is False
    assert incidentctl_dataset.run("--version").stdout.strip() == f"incidentctl {__version__}"


@pytest.mark.slow
def test_usage_errors_exit_2(incidentctl_dataset: Dataset) -> None:
    assert incidentctl_dataset.run("list", "--format", "pdf").exit_code == 2
    assert incidentctl_dataset.run("no-such-command").exit_code == 2
    assert incidentctl_dataset.run("list", "--country", "Atlantis").exit_code == 2


def test_no_data_set_is_a_clear_error(tmp_path: Path) -> None:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "INCIDENTCTL_ROOT"}
    proc = subprocess.run(
        [sys.executable, "-m", "incidentctl", "list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 1
    assert "no incidentctl data set" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_probable_duplicates_and_similar_names_are_warnings_only(
    incidentctl_dataset: Dataset,
) -> None:
    incidentctl_dataset.add(
        title="Lawyer Omarova threatened in Almaty",
        date="2019-06-05",
        people=[{"name": "Aiman Omarova"}],
        types=["threats-intimidation"],
    )
    incidentctl_dataset.add(
        title="Lawyer Omarova threatened in Almaty!",
        date="2019-06-07",
        people=[{"name": "Aiman Omarova"}],
        types=["threats-intimidation"],
    )
    incidentctl_dataset.add(
        title="A different story entirely", date="2018", people=[{"name": "Aiman Umarova"}]
    )
    result = incidentctl_dataset.run("validate")
    assert result.exit_code == 0, result.stdout
    assert "probable duplicate" in result.stderr
    assert (
        "'Aiman Omarova' is similar to 'Aiman Umarova'" in result.stderr
        or "'Aiman Umarova' is similar to 'Aiman Omarova'" in result.stderr
    )
    report = json.loads(incidentctl_dataset.run("validate", "--format", "json").stdout)
    assert report["errors"] == [] and len(report["warnings"]) >= 2


def test_add_from_an_endless_stream_is_refused_with_a_clear_error(
    incidentctl_dataset: Dataset,
) -> None:
    before = incidentctl_dataset.snapshot()
    result = incidentctl_dataset.run("add", "--from", "/dev/zero", timeout=60)
    assert result.exit_code == 1
    assert "too large" in result.stderr or "binary" in result.stderr
    assert incidentctl_dataset.snapshot() == before
