"""Bad records (issue 7, item 2): validate locates each one; add, edit and import refuse
them before writing anything, naming the field."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from incidentctl.testing import Dataset, sample_record

from .corpus import valid_text


@dataclass(frozen=True)
class BadFile:
    """A record file made bad by one edit of valid canonical text."""

    stem: str
    edit: Callable[[str], str]
    field: str
    fragment: str
    anchor: str
    """Text on the line the error must point at."""
    folder: str = "2019"


def _sub(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def _before_recorded(lines: str) -> Callable[[str], str]:
    return _sub('recorded: "', lines + 'recorded: "')


URL = 'url: "https://www.icj.org/example"'
BAD_FILES = (
    BadFile(
        "unknown-key", _before_recorded('colour: "red"\n'), "colour", "is not a field", "colour"
    ),
    BadFile(
        "unknown-nested-key",
        _sub('    publisher: "ICJ"', '    publisher: "ICJ"\n    licence: "cc-by"'),
        "sources[0].licence",
        "is not a field of a source",
        'licence: "cc-by"',
    ),
    BadFile(
        "title-number",
        _sub('title: "Valid record title-number"', "title: 12345"),
        "title",
        "must be text",
        "title:",
    ),
    BadFile(
        "countries-text",
        _sub('countries:\n  - "KZ"', 'countries: "KZ"'),
        "countries",
        "must be a list",
        "countries:",
    ),
    BadFile(
        "confidential-text",
        _before_recorded('confidential: "yes"\n'),
        "confidential",
        "true or false",
        "confidential:",
    ),
    BadFile(
        "future-date",
        _sub('date: "2019-05-21"', 'date: "2999-01-01"'),
        "date",
        "future",
        'date: "2999',
    ),
    BadFile(
        "impossible-day",
        _sub('date: "2019-05-21"', 'date: "2019-02-30"'),
        "date",
        "",
        'date: "2019-02-30"',
    ),
    BadFile(
        "impossible-month",
        _sub('date: "2019-05-21"', 'date: "2019-13"'),
        "date",
        "",
        'date: "2019-13"',
    ),
    BadFile(
        "end-before-date",
        _sub('date: "2019-05-21"\n', 'date: "2019-05-21"\nend_date: "2018"\n'),
        "end_date",
        "before",
        "end_date:",
    ),
    BadFile("unknown-country", _sub('  - "KZ"', '  - "ZZ"'), "countries[0]", "country", '"ZZ"'),
    BadFile(
        "unknown-language",
        _sub('language: "en"', 'language: "xx"'),
        "sources[0].language",
        "language",
        'language: "xx"',
    ),
    BadFile(
        "unknown-type",
        _sub('  - "disbarment"', '  - "bad-type"'),
        "types[0]",
        "bad-type",
        '"bad-type"',
    ),
    BadFile(
        "url-javascript",
        _sub(URL, 'url: "javascript:alert(1)"'),
        "sources[0].url",
        "http",
        "javascript:",
    ),
    BadFile("url-file", _sub(URL, 'url: "file:///etc/passwd"'), "sources[0].url", "http", "file:"),
    BadFile(
        "url-data",
        _sub(URL, 'url: "data:text/html,<script>alert(1)</script>"'),
        "sources[0].url",
        "http",
        "data:",
    ),
    BadFile(
        "url-archived-ftp",
        _sub(URL, URL + '\n    archived_url: "ftp://x.org/a"'),
        "sources[0].archived_url",
        "http",
        "archived_url",
    ),
    BadFile(
        "dangling-related",
        _before_recorded('related:\n  - "no-such-record"\n'),
        "related[0]",
        "no record with id 'no-such-record'",
        '"no-such-record"',
    ),
    BadFile(
        "id-not-file-name",
        _sub('id: "id-not-file-name"', 'id: "some-other-id"'),
        "id",
        "differs from the file name",
        "id:",
    ),
    BadFile("wrong-year-folder", lambda t: t, "date", "folder", "date:", folder="2018"),
    BadFile(
        "id-escape-dots",
        _sub('id: "id-escape-dots"', 'id: "../../x"'),
        "id",
        "not a valid id",
        "id:",
    ),
    BadFile(
        "id-escape-absolute",
        _sub('id: "id-escape-absolute"', 'id: "/etc/passwd"'),
        "id",
        "not a valid id",
        "id:",
    ),
    BadFile(
        "id-upper-case",
        _sub('id: "id-upper-case"', 'id: "ID-Upper-Case"'),
        "id",
        "not a valid id",
        "id:",
    ),
    BadFile(
        "id-with-space",
        _sub('id: "id-with-space"', 'id: "id with space"'),
        "id",
        "not a valid id",
        "id:",
    ),
)


def _write(incidentctl_dataset: Dataset, folder: str, stem: str, text: str) -> Path:
    path = incidentctl_dataset.incidents / folder / f"{stem}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, anchor: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if anchor in line)


@pytest.mark.slow
def test_validate_reports_each_bad_record_at_file_line_col_field(
    incidentctl_dataset: Dataset,
) -> None:
    expected = []
    for bad in BAD_FILES:
        text = bad.edit(valid_text(bad.stem))
        _write(incidentctl_dataset, bad.folder, bad.stem, text)
        rel = f"data/incidents/{bad.folder}/{bad.stem}.yaml"
        expected.append((bad, rel, _line_of(text, bad.anchor)))
    result = incidentctl_dataset.invoke("validate", "--no-warnings")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for bad, rel, line in expected:
        prefix = f"{rel}:{line}:"
        hits = [x for x in lines if x.startswith(prefix) and f": {bad.field}: " in x]
        assert any(bad.fragment in x for x in hits), (bad.stem, prefix, bad.field, lines)


def test_validate_reports_a_duplicate_id_in_both_files(incidentctl_dataset: Dataset) -> None:
    _write(incidentctl_dataset, "2019", "dup-b", valid_text("dup-b"))
    _write(incidentctl_dataset, "2019", "dup-a", valid_text("dup-b"))
    result = incidentctl_dataset.invoke("validate", "--format", "json", "--no-warnings")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    for stem in ("dup-a", "dup-b"):
        hits = [
            e
            for e in errors
            if e["path"] == f"data/incidents/2019/{stem}.yaml"
            and e["field"] == "id"
            and "duplicate id 'dup-b'" in e["message"]
        ]
        assert len(hits) == 1 and hits[0]["line"] == 1, (stem, errors)


# -- refused before writing ---------------------------------------------------------------

BAD_INPUT: dict[str, tuple[dict[str, Any], str]] = {
    "unknown key": ({"colour": "red"}, "colour"),
    "unknown nested key": (
        {"sources": [{"url": "https://a.org", "licence": "cc"}]},
        "sources[0].licence",
    ),
    "title a number": ({"title": 12345}, "title"),
    "countries a mapping": ({"countries": {"KZ": 1}}, "countries"),
    "confidential text": ({"confidential": "maybe"}, "confidential"),
    "future date": ({"date": "2999-01-01"}, "date"),
    "impossible date": ({"date": "2019-02-30"}, "date"),
    "end before date": ({"end_date": "2018-01-01"}, "end_date"),
    "unknown country": ({"countries": ["Atlantis"]}, "countries[0]"),
    "unknown language": (
        {"sources": [{"url": "https://a.org", "language": "Klingon"}]},
        "sources[0].language",
    ),
    "unknown type": ({"types": ["bad-type"]}, "types[0]"),
    "javascript url": ({"sources": [{"url": "javascript:alert(1)"}]}, "sources[0].url"),
    "file url": ({"sources": [{"url": "file:///etc/passwd"}]}, "sources[0].url"),
    "data url": ({"sources": [{"url": "data:text/html,<b>x</b>"}]}, "sources[0].url"),
    "dangling related": ({"related": ["no-such-record"]}, "related[0]"),
    "id with dots": ({"id": "../../x"}, "id"),
    "absolute id": ({"id": "/tmp/evil"}, "id"),
    "upper-case id": ({"id": "Upper-Case-Id"}, "id"),
    "id with space": ({"id": "id with space"}, "id"),
    "id with slash": ({"id": "2019/evil"}, "id"),
}


def _assert_refused(
    result: Any, field: str, incidentctl_dataset: Dataset, before: dict[str, bytes]
) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert f" {field}: " in result.stderr or f"{field}:" in result.stderr, result.stderr
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    assert incidentctl_dataset.snapshot() == before


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_add_from_refuses_bad_input_before_writing(case: str, incidentctl_dataset: Dataset) -> None:
    existing = incidentctl_dataset.add()
    overrides, field = BAD_INPUT[case]
    source = incidentctl_dataset.root.parent / "input.json"
    source.write_text(json.dumps({**sample_record(), **overrides}))
    before = incidentctl_dataset.snapshot()
    _assert_refused(
        incidentctl_dataset.invoke("add", "--from", str(source)), field, incidentctl_dataset, before
    )
    assert [p.stem for p in incidentctl_dataset.files()] == [existing]


def test_add_from_refuses_a_used_id(incidentctl_dataset: Dataset) -> None:
    existing = incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    result = incidentctl_dataset.invoke(
        "add", "--from", "-", input=json.dumps({**sample_record(), "id": existing})
    )
    _assert_refused(result, "id", incidentctl_dataset, before)
    assert "already used" in result.stderr


OPTION_CASES = {
    "country": (["--country", "Atlantis"], "countries[0]"),
    "type": (["--type", "bad-type"], "types[0]"),
    "future date": (["--date", "2999-01-01"], "date"),
    "end before date": (["--end-date", "2018-01-01"], "end_date"),
    "javascript source": (["--source", "javascript:alert(1)"], "sources[0].url"),
    "source language": (
        ["--source", "https://a.org", "--source-lang", "Klingon"],
        "sources[0].language",
    ),
    "status": (["--status", "finished"], "status"),
}


@pytest.mark.parametrize("case", sorted(OPTION_CASES))
def test_add_with_options_refuses_bad_values(case: str, incidentctl_dataset: Dataset) -> None:
    args, field = OPTION_CASES[case]
    base = {
        "--title": "A lawyer was arrested",
        "--date": "2019-05-21",
        "--country": "KZ",
        "--type": "arrest-detention",
        "--status": "ongoing",
        "--summary": "S.",
        "--source": "https://a.org",
    }
    for option in args[::2]:
        base.pop(option, None)
    flat = [x for pair in base.items() for x in pair] + args
    before = incidentctl_dataset.snapshot()
    _assert_refused(incidentctl_dataset.invoke("add", *flat), field, incidentctl_dataset, before)


SET_CASES = {
    "status": ("status=finished", "status"),
    "country": ("countries=Atlantis", "countries[0]"),
    "type": ("types=bad-type", "types[0]"),
    "future date": ("date=2999-01-01", "date"),
    "impossible date": ("date=2019-02-30", "date"),
    "end before date": ("end_date=2018-01-01", "end_date"),
    "javascript url": ("sources[0].url=javascript:alert(1)", "sources[0].url"),
    "file url": ("sources[0].url=file:///etc/passwd", "sources[0].url"),
    "data url": ("sources[0].url=data:text/html,x", "sources[0].url"),
    "language": ("sources[0].language=Klingon", "sources[0].language"),
    "dangling related": ("related=no-such-record", "related[0]"),
    "unknown key": ("colour=red", "colour"),
    "short title": ("title=abc", "title"),
    "id with dots": ("id=../../x", "id"),
    "absolute id": ("id=/tmp/evil", "id"),
    "upper-case id": ("id=Upper-Case-Id", "id"),
    "id with space": ("id=id with space", "id"),
    "another valid id": ("id=a-different-id", "id"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(SET_CASES))
def test_edit_set_refuses_bad_values_before_writing(
    case: str, incidentctl_dataset: Dataset
) -> None:
    rid = incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    assignment, field = SET_CASES[case]
    _assert_refused(
        incidentctl_dataset.invoke("edit", rid, "--set", assignment),
        field,
        incidentctl_dataset,
        before,
    )


def test_edit_keeps_an_already_dangling_related_when_changing_something_else(
    incidentctl_dataset: Dataset,
) -> None:
    """Refusing only what the edit introduces: an old problem must not block other fixes."""
    rid = incidentctl_dataset.add()
    path = incidentctl_dataset.files()[0]
    path.write_text(
        path.read_text().replace('recorded: "', 'related:\n  - "gone-record"\nrecorded: "')
    )
    result = incidentctl_dataset.invoke("edit", rid, "--set", "status=concluded")
    assert result.exit_code == 0, result.stderr
    assert 'status: "concluded"' in path.read_text()


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_import_refuses_bad_input_before_writing(case: str, incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add()
    overrides, field = BAD_INPUT[case]
    good = {**sample_record(title="A second, valid record"), "id": "2019-05-22-kz-second"}
    source = incidentctl_dataset.root.parent / "batch.jsonl"
    rows = [good, {**sample_record(), **overrides}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    before = incidentctl_dataset.snapshot()
    result = incidentctl_dataset.invoke("import", str(source))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert field in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert incidentctl_dataset.snapshot() == before
