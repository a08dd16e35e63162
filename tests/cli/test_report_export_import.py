"""report, export and import through the CLI: agreement with list, round trips, --public."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incidentctl.testing import Dataset, sample_record

FILTERS = [
    [],
    ["--year", "2019"],
    ["--country", "kaz"],
    ["--since", "2019-05", "--until", "2019-06"],
    ["--type", "disbarment", "--type", "threats-intimidation"],
    ["--person", "Сизинцев"],
    ["--role", "activist"],
    ["--status", "concluded", "--country", "Belgium"],
    ["--year", "2031"],
]


@pytest.mark.slow
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: " ".join(f) or "all")
def test_report_agrees_with_list(incidentctl_bundled: Dataset, filters: list[str]) -> None:
    listed = incidentctl_bundled.invoke("list", "--format", "ids", *filters)
    reported = incidentctl_bundled.invoke("report", "--format", "json", *filters)
    assert listed.exit_code == reported.exit_code == 0, reported.stderr
    ids = listed.stdout.split()
    data = json.loads(reported.stdout)
    assert data["total"] == len(ids)
    assert data["incidents"] == ids
    csv_out = incidentctl_bundled.invoke("report", "--format", "csv", *filters).stdout
    assert f"total,incidents,{len(ids)}\n" in csv_out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_list_prints_the_document_export_writes(incidentctl_bundled: Dataset, fmt: str) -> None:
    listed = incidentctl_bundled.invoke("list", "--country", "KZ", "--format", fmt)
    exported = incidentctl_bundled.invoke("export", "--country", "KZ", "--format", fmt)
    assert listed.exit_code == exported.exit_code == 0, listed.stderr + exported.stderr
    assert listed.stdout == exported.stdout and "KZ" in listed.stdout


def test_ids_format_lists_the_ids_of_the_records_listed(incidentctl_bundled: Dataset) -> None:
    ids = incidentctl_bundled.invoke("list", "--country", "KZ", "--format", "ids").stdout
    rows = json.loads(
        incidentctl_bundled.invoke("list", "--country", "KZ", "--format", "json").stdout
    )
    assert ids.splitlines() == [r["id"] for r in rows] and rows


@pytest.mark.slow
def test_quick_start_report_on_a_pipe(incidentctl_bundled: Dataset) -> None:
    result = incidentctl_bundled.run("report", "--year", "2019")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    ids = incidentctl_bundled.invoke("list", "--year", "2019", "--format", "ids").stdout.split()
    assert f"Total: {len(ids)} incidents" in out
    for title in ("By country", "By type of incident", "By month", "By role of the people targeted",
                  "Top perpetrators", "Responses by organisation", "Incidents"):  # fmt: skip
        assert f"\n{title}\n" in out
    long_title = "BTA Bank money-laundering complaint against lawyer Botagoz Jardemalie in Brussels"
    assert any(long_title in line for line in out.splitlines()), "no wrapping on a pipe"


@pytest.mark.slow
def test_quick_start_report_on_a_terminal(incidentctl_bundled: Dataset) -> None:
    import os
    import pty
    import subprocess
    import sys

    main, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    argv = [
        sys.executable,
        "-m",
        "incidentctl",
        "--root",
        str(incidentctl_bundled.root),
        "report",
        "--year",
        "2019",
    ]
    proc = subprocess.Popen(argv, stdout=terminal, stderr=subprocess.PIPE, env=env)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    out = b"".join(chunks).decode("utf-8")
    assert "\x1b[" in out, "colour on a terminal"
    assert "━" in out and "│" in out, "Rich tables"
    assert "█" in out, "a bar chart of the months"
    assert "Sergey Sizintsev disbarred" in out


@pytest.mark.slow
def test_report_and_export_write_files_atomically(
    incidentctl_bundled: Dataset, tmp_path: Path
) -> None:
    page = tmp_path / "r.html"
    result = incidentctl_bundled.run(
        "report", "--year", "2019", "--format", "html", "--output", str(page)
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    sheet = tmp_path / "kz.csv"
    result = incidentctl_bundled.run("export", "--country", "KZ", "--output", str(sheet))
    assert result.exit_code == 0 and result.stdout == ""
    assert sheet.read_text(encoding="utf-8").startswith("\ufeffid,title,date,")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary files left"
    piped = incidentctl_bundled.run("export", "--year", "2019", "--format", "jsonl")
    assert [
        json.loads(line)["id"] for line in piped.stdout.splitlines()
    ] == incidentctl_bundled.invoke("list", "--year", "2019", "--format", "ids").stdout.split()
    missing = incidentctl_bundled.run(
        "export", "--output", str(tmp_path / "no" / "such" / "dir.json")
    )
    assert missing.exit_code == 1 and missing.stderr.startswith("error: cannot write")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "yaml", "xlsx"])
def test_export_imports_back_unchanged(
    incidentctl_bundled: Dataset, incidentctl_dataset: Dataset, tmp_path: Path, fmt: str
) -> None:
    exported = tmp_path / f"all.{fmt}"
    assert (
        incidentctl_bundled.invoke("export", "--format", fmt, "--output", str(exported)).exit_code
        == 0
    )
    result = incidentctl_dataset.invoke("import", str(exported))
    assert result.exit_code == 0, result.stderr
    before = incidentctl_bundled.invoke("list", "--format", "json").stdout
    assert incidentctl_dataset.invoke("list", "--format", "json").stdout == before
    assert {
        p.relative_to(incidentctl_bundled.root): p.read_bytes() for p in incidentctl_bundled.files()
    } == {
        p.relative_to(incidentctl_dataset.root): p.read_bytes() for p in incidentctl_dataset.files()
    }
    again = incidentctl_dataset.invoke("import", str(exported))
    assert again.stdout.count("unchanged\t") == len(incidentctl_bundled.files())
    if fmt != "xlsx":  # a workbook holds the time it was made
        assert incidentctl_dataset.invoke("export", "--format", fmt).stdout == exported.read_text(
            encoding="utf-8-sig"
        )


@pytest.mark.parametrize("name", ["all.yaml", "all.YML"])
def test_export_to_a_yaml_file_writes_yaml_that_imports_back(
    incidentctl_bundled: Dataset, incidentctl_dataset: Dataset, tmp_path: Path, name: str
) -> None:
    """Regression: ``--output x.yaml`` wrote JSON Lines into the .yaml file."""
    exported = tmp_path / name
    result = incidentctl_bundled.invoke("export", "--country", "KZ", "--output", str(exported))
    assert result.exit_code == 0 and "(yaml)" in result.stderr
    text = exported.read_text(encoding="utf-8")
    assert text.startswith("---\nid: ") and not text.lstrip().startswith("{")
    assert text == incidentctl_bundled.invoke("list", "--country", "KZ", "--format", "yaml").stdout
    assert incidentctl_dataset.invoke("import", str(exported)).exit_code == 0
    shown = [d.invoke("list", "--format", "json").stdout for d in (incidentctl_dataset,)]
    assert shown == [
        incidentctl_bundled.invoke("list", "--country", "KZ", "--format", "json").stdout
    ]


@pytest.mark.slow
def test_import_from_stdin_needs_a_format(
    incidentctl_bundled: Dataset, incidentctl_dataset: Dataset
) -> None:
    jsonl = incidentctl_bundled.invoke("export", "--format", "jsonl").stdout
    assert incidentctl_dataset.run("import", "-", input=jsonl).exit_code == 2
    result = incidentctl_dataset.run("import", "-", "--format", "jsonl", input=jsonl)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("created\t") == len(incidentctl_bundled.files())
    assert incidentctl_dataset.run("import", "notes.txt").exit_code == 2


@pytest.mark.slow
def test_a_batch_with_bad_records_writes_nothing(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    existing = incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    rows = [
        sample_record(title="A perfectly good new record"),
        {"id": existing, "status": "finished"},
        sample_record(title="Bad source", sources=[{"url": "javascript:alert(1)"}]),
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = incidentctl_dataset.run("import", str(batch))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert any(e.startswith(f"error: {batch}:2:") and "status" in e for e in errors), errors
    assert any(e.startswith(f"error: {batch}:3:") and "sources[0].url" in e for e in errors), errors
    assert incidentctl_dataset.snapshot() == before


def test_dry_run_shows_changes_and_writes_nothing(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    existing = incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    batch = tmp_path / "b.yaml"
    batch.write_text(
        f"id: {existing}\nstatus: concluded\noutcome: licence restored\n---\n"
        "title: A new incident from YAML\ndate: 5 June 2019\ncountries: [KZ]\n"
        "types: [threats-intimidation]\nstatus: unknown\nsummary: s\nsources: [{publisher: RFE/RL}]\n",
        encoding="utf-8",
    )
    result = incidentctl_dataset.invoke("import", str(batch), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"would update\t{existing}\tstatus, outcome",
        '\tstatus: "ongoing" -> "concluded"',
        '\toutcome: (none) -> "licence restored"',
        "would create\t2019-06-05-kz-a-new-incident-from-yaml\t"
        "data/incidents/2019/2019-06-05-kz-a-new-incident-from-yaml.yaml",
    ]
    assert "dry run" in result.stderr
    assert incidentctl_dataset.snapshot() == before


@pytest.mark.slow
def test_import_commit_commits_exactly_the_written_files(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    existing = incidentctl_dataset.add()
    incidentctl_dataset.git("add", "-A")
    incidentctl_dataset.git("commit", "-qm", "start")
    (incidentctl_dataset.root / "notes.txt").write_text("unrelated work in progress")
    batch = tmp_path / "b.json"
    batch.write_text(
        json.dumps(
            [{"id": existing, "status": "concluded"}, sample_record(title="Imported and committed")]
        ),
        encoding="utf-8",
    )
    result = incidentctl_dataset.run("import", str(batch), "--commit")
    assert result.exit_code == 0, result.stderr
    message = incidentctl_dataset.git("log", "-1", "--format=%B")
    assert "Imported and committed" in message and existing in message
    changed = incidentctl_dataset.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == sorted(
        [
            "data/incidents/2019/2019-05-21-kz-imported-and-committed.yaml",
            f"data/incidents/2019/{existing}.yaml",
        ]
    )
    assert incidentctl_dataset.git("status", "--porcelain").strip() == "?? notes.txt"


# -- --public: nothing confidential in any format -----------------------------------

SECRET_TITLE = "Secret raid on the office of Zarina Confidentova"
SECRETS = (
    SECRET_TITLE,
    "Zarina Confidentova",
    "Secret Police Unit 7",
    "Nurlan Hiddenov",
    "Нурлан Хидденов",
    "nurlan-hiddenov",  # the id that add made from a title naming him
    "nurlan-khiddenov",  # the slug of his Cyrillic alias, in a source URL
)


@pytest.fixture
def private(incidentctl_dataset: Dataset) -> Dataset:
    secret_id = incidentctl_dataset.add(
        title=SECRET_TITLE,
        confidential=True,
        people=[{"name": "Zarina Confidentova", "roles": ["judge"]}],
        perpetrators=["Secret Police Unit 7"],
        responses=[{"date": "2019-06", "by": "Secret Police Unit 7", "kind": "other"}],
    )
    incidentctl_dataset.add(
        title="Lawyer Nurlan Hiddenov threatened after a hearing",
        people=[
            {
                "name": "Nurlan Hiddenov",
                "aliases": ["Нурлан Хидденов"],
                "roles": ["lawyer"],
                "confidential": True,
            }
        ],
        summary="NURLAN HIDDENOV (Нурлан Хидденов) received threats.",
        sources=[{"url": "https://news.example.kz/nurlan-khiddenov-threatened", "language": "ru"}],
    )
    incidentctl_dataset.add(
        title="Bar association speaks up", date="2019-07", summary="It defended Nurlan Hiddenov."
    )
    incidentctl_dataset.secret_id = secret_id  # type: ignore[attr-defined]
    return incidentctl_dataset


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["report", "--format", "table"],
        ["report", "--format", "markdown"],
        ["report", "--format", "json"],
        ["report", "--format", "csv"],
        ["report", "--format", "html"],
        ["export", "--format", "csv"],
        ["export", "--format", "jsonl"],
        ["export", "--format", "json"],
    ],
    ids=lambda a: f"{a[0]}-{a[2]}",
)
def test_public_output_holds_nothing_confidential(private: Dataset, args: list[str]) -> None:
    secret_id = private.secret_id  # type: ignore[attr-defined]
    everything = private.invoke(*args)
    assert secret_id in everything.stdout, "the audit must see the secret without --public"
    result = private.invoke(*args, "--public")
    assert result.exit_code == 0, result.stderr
    for secret in (*SECRETS, secret_id):
        assert secret not in result.stdout, secret
    assert "2019-07-kz-bar-association-speaks-up" in result.stdout


def test_public_report_counts_public_records_only(private: Dataset) -> None:
    data = json.loads(private.invoke("report", "--format", "json", "--public").stdout)
    listed = private.invoke("list", "--format", "ids", "--public").stdout.split()
    assert data["total"] == len(listed) == 2
    assert "judge" not in data["by_role"] and data["responses"] == {}
    exported = json.loads(private.invoke("export", "--format", "json", "--public").stdout)
    assert exported[0]["people"] == [
        {"name": "(name withheld)", "roles": ["lawyer"], "confidential": True}
    ]
    # it names a confidential person: published without its free text (docs/safety.md)
    assert exported[0]["id"] == "2019-05-21-kz-disbarment-in-kazakhstan-may-2019"
    assert exported[0]["summary"].startswith("Withheld: this record names a person at risk")
    assert exported[1]["summary"] == "It defended (name withheld)."


def test_import_commit_outside_git_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    (root / "data" / "incidents").mkdir(parents=True)
    batch = tmp_path / "b.json"
    batch.write_text(json.dumps([sample_record()]), encoding="utf-8")
    result = Dataset(root).run("import", str(batch), "--commit")
    assert result.exit_code == 1 and "git repository" in result.stderr
    assert Dataset(root).files() == []


# -- spreadsheets (issue 12, item 2) ------------------------------------------------------


def test_a_csv_file_starts_with_a_byte_order_mark_and_stdout_does_not(
    incidentctl_bundled: Dataset, tmp_path: Path
) -> None:
    """Excel and LibreOffice read a CSV file with a BOM as UTF-8; a pipe gets plain UTF-8."""
    sheet = tmp_path / "kz.csv"
    assert incidentctl_bundled.invoke("export", "--country", "KZ", "-o", str(sheet)).exit_code == 0
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,") and "Сизинцев".encode() in raw
    piped = incidentctl_bundled.run("export", "--country", "KZ", "--format", "csv")
    assert piped.stdout.startswith("id,") and piped.stdout.encode() == raw[3:]
    imported = incidentctl_bundled.invoke("import", str(sheet))
    assert imported.exit_code == 0 and "created" not in imported.stdout, imported.stderr


def test_xlsx_is_written_to_a_file_or_a_pipe_never_to_a_terminal(
    incidentctl_bundled: Dataset, tmp_path: Path
) -> None:
    import os
    import pty
    import subprocess
    import sys

    piped = subprocess.run(
        [sys.executable, "-m", "incidentctl", "--root", str(incidentctl_bundled.root),
         "export", "--format", "xlsx"],
        capture_output=True, check=False,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK\x03\x04")
    main, terminal = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "incidentctl", "--root", str(incidentctl_bundled.root),
         "export", "--format", "xlsx"],
        stdout=terminal, stderr=subprocess.PIPE, check=False,
    )  # fmt: skip
    os.close(terminal)
    os.close(main)
    assert proc.returncode == 2
    assert b"--output FILE.xlsx" in proc.stderr


def _garble(text: str) -> str:
    """What Excel shows of a UTF-8 CSV without a BOM: its bytes read as Windows-1252."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def test_import_refuses_mojibake_naming_row_column_and_the_text_it_was(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    existing = incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    sheet = tmp_path / "back.csv"
    sheet.write_text(
        "id,title,people[0].name\n"
        f"{existing},Lawyer disbarred,{_garble('Сизинцев')}\n"
        f",{_garble('Бузурбаев задержан')},Someone\n",
        encoding="utf-8",
    )
    result = incidentctl_dataset.invoke("import", str(sheet))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert any(
        e.startswith(f"error: {sheet}:2:3: people[0].name: 'Ð¡Ð¸Ð·Ð¸Ð½Ñ†ÐµÐ²' is garbled")
        and "(it was probably 'Сизинцев')" in e
        for e in errors
    ), errors
    assert any(
        e.startswith(f"error: {sheet}:3:2: title:") and "'Бузурбаев задержан'" in e for e in errors
    )
    assert incidentctl_dataset.snapshot() == before


def test_a_csv_saved_in_a_legacy_encoding_is_refused_by_cell(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    before = incidentctl_dataset.snapshot()
    sheet = tmp_path / "cp1251.csv"
    text = "title,location,people[0].name\nLawyer detained,Almaty,Сергей Сизинцев\n"
    sheet.write_bytes(text.encode("cp1251"))
    result = incidentctl_dataset.invoke("import", str(sheet))
    assert result.exit_code == 1
    (error,) = result.stderr.splitlines()
    assert error.startswith(f"error: {sheet}:2:3: people[0].name: not UTF-8 text")
    assert "'Сергей Сизинцев'" in error and "CSV UTF-8" in error
    sheet.write_bytes(text.encode("utf-16"))  # Excel's "Unicode Text"
    result = incidentctl_dataset.invoke("import", str(sheet))
    assert result.exit_code == 1 and "UTF-16 text" in result.stderr, result.stderr
    assert incidentctl_dataset.snapshot() == before


def test_dry_run_shows_each_changed_field_with_old_and_new_value(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    existing = incidentctl_dataset.add(
        people=[{"name": "Sizintsev", "roles": ["lawyer"]}, {"name": "Omarova"}]
    )
    before = incidentctl_dataset.snapshot()
    exported = tmp_path / "all.xlsx"
    assert incidentctl_dataset.invoke("export", "-o", str(exported)).exit_code == 0
    import openpyxl

    book = openpyxl.load_workbook(exported)
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("people[0].name") + 1).value = "Sizintsev S."
    sheet.cell(row=2, column=header.index("status") + 1).value = "concluded"
    book.save(exported)

    table = incidentctl_dataset.invoke("import", str(exported), "--dry-run")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.splitlines() == [
        f"would update\t{existing}\tpeople, status",
        '\tpeople[0].name: "Sizintsev" -> "Sizintsev S."',
        '\tstatus: "ongoing" -> "concluded"',
    ]
    as_json = incidentctl_dataset.invoke(
        "import", str(exported), "--dry-run", "--output-format", "json"
    )
    assert as_json.exit_code == 0, as_json.stderr
    assert json.loads(as_json.stdout) == {
        "dry_run": True,
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "records": [
            {
                "action": "update",
                "id": existing,
                "path": f"data/incidents/2019/{existing}.yaml",
                "changes": [
                    {"field": "people[0].name", "old": "Sizintsev", "new": "Sizintsev S."},
                    {"field": "status", "old": "ongoing", "new": "concluded"},
                ],
            }
        ],
    }
    assert incidentctl_dataset.snapshot() == before
