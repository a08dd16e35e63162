"""Batches in and out: CSV flattening, located problems, import planning and rollback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentctl.errors import RecordError
from incidentctl.files.store import Store
from incidentctl.ops import importer
from incidentctl.ops.exchange import dump, json_object_pieces, read_batch, to_json
from incidentctl.record.columns import flatten, unflatten
from incidentctl.testing import Dataset, sample_record

# -- CSV flattening ---------------------------------------------------------------

_text = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
_hostile = st.sampled_from(
    ["=1+1", "+cmd", "-2", "@SUM(A1)", "'=x", "''+y", "a; b", "[x]", "'plain"]
)
_words = st.lists(st.one_of(_text, _hostile), min_size=1, max_size=4, unique=True)
_slugs = st.lists(
    st.from_regex(r"[a-z][a-z0-9-]{2,12}", fullmatch=True), min_size=1, max_size=3, unique=True
)


@st.composite
def _record_data(draw: st.DrawFn) -> dict:
    person = {
        "name": draw(st.one_of(_text, _hostile)),
        "aliases": draw(_words),
        "roles": ["lawyer"],
    }
    if draw(st.booleans()):
        person["confidential"] = True
    return {
        "id": "2019-kz-x",
        "title": draw(st.one_of(_text, _hostile)),
        "date": "2019",
        "countries": ["KZ", "BE"],
        "types": ["disbarment"],
        "people": [person],
        "perpetrators": draw(_words),
        "status": "ongoing",
        "summary": draw(st.lists(_text, min_size=1, max_size=3).map("\n".join)),
        "sources": [
            {"url": "https://example.org/a", "title": draw(_text)},
            {"publisher": draw(_text)},
        ],
        "tags": draw(_slugs),
        "confidential": draw(st.booleans()) or None,
        "recorded": "2024-01-02",
    }


@given(_record_data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_csv_round_trip_is_exact(data: dict) -> None:
    data = {k: v for k, v in data.items() if v is not None}
    text = dump([data], "csv")
    (entry,) = read_batch(text.encode(), "csv", "t.csv")
    assert entry.data == data


def _separated_by(text: str, delimiter: str) -> str:
    """``text`` (a CSV export) as a spreadsheet saves it with another separator."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    return "\ufeff" + out.getvalue()


@given(_record_data(), st.sampled_from([";", "\t"]))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_csv_separated_by_semicolons_or_tabs_reads_the_same(data: dict, delimiter: str) -> None:
    """Excel's "CSV UTF-8" in French, Russian or German separates cells with ';' (an analyst's
    file was refused as one unknown column 'id;title;date;...'); tabs too."""
    data = {k: v for k, v in data.items() if v is not None}
    text = _separated_by(dump([data], "csv"), delimiter)
    (entry,) = read_batch(text.encode(), "csv", "t.csv")
    assert entry.data == data


def test_csv_cells_that_spreadsheets_would_run_are_quoted() -> None:
    row = flatten(
        {"title": '=HYPERLINK("http://evil")', "perpetrators": ["@x", "ok"], "location": "'a"}
    )
    assert row["title"].startswith("'=")
    assert row["perpetrators"] == "'@x; ok"
    assert row["location"] == "'a", "a lone apostrophe is not a formula and stays as it is"
    assert unflatten(row)["title"] == '=HYPERLINK("http://evil")'


def test_csv_reads_what_people_type() -> None:
    data = unflatten(
        {
            "countries": "KZ, Kazakhstan",
            "types": " disbarment ;judicial-harassment",
            "perpetrators": "Ministry of Justice, Kazakhstan; Court",
            "people[0].name": "A",
            "people[0].confidential": "yes",
            "people[2].name": "B",
            "location": "   ",
        }
    )
    assert data["countries"] == ["KZ", "Kazakhstan"]
    assert data["types"] == ["disbarment", "judicial-harassment"]
    assert data["perpetrators"] == ["Ministry of Justice, Kazakhstan", "Court"]
    assert data["people"] == [{"name": "A", "confidential": True}, {"name": "B"}]
    assert "location" not in data


# -- reading batches: formats and places -------------------------------------------


def _problems(store: Store, raw: str, fmt: str, origin: str = "in") -> list[str]:
    with pytest.raises(RecordError) as caught:
        importer.plan(store, read_batch(raw.encode(), fmt, origin))
    return [str(p) for p in caught.value.problems]


def test_json_problems_point_at_line_and_field(incidentctl_dataset: Dataset) -> None:
    good, bad = sample_record(), sample_record(title="Second record here")
    bad["sources"] = [{"url": "ftp://x"}]
    bad["status"] = "open"
    text = json.dumps([good, bad], indent=2, ensure_ascii=False)
    lines = text.splitlines()
    url_line = next(i for i, line in enumerate(lines, 1) if "ftp://x" in line)
    status_line = next(i for i, line in enumerate(lines, 1) if '"open"' in line)
    problems = _problems(Store(incidentctl_dataset.root), text, "json", "b.json")
    assert any(p.startswith(f"b.json:{url_line}:") and "sources[0].url" in p for p in problems)
    assert any(p.startswith(f"b.json:{status_line}:") and "status" in p for p in problems)


def test_a_misspelt_key_is_found_at_its_line(incidentctl_dataset: Dataset) -> None:
    """Keys the model does not know may be spelt anyhow; the problem still points at them."""
    record = sample_record()
    record["Sources-2"] = [{"URL": "https://example.org/x"}]
    text = json.dumps([record], indent=2, ensure_ascii=False)
    key_line = next(i for i, line in enumerate(text.splitlines(), 1) if "Sources-2" in line)
    problems = _problems(Store(incidentctl_dataset.root), text, "json", "b.json")
    assert [p for p in problems if p.startswith(f"b.json:{key_line}:") and "Sources-2" in p]


def test_jsonl_problems_name_the_line(incidentctl_dataset: Dataset) -> None:
    lines = [json.dumps(sample_record()), "", json.dumps(sample_record(types=["coup"])), "{oops"]
    problems = _problems(Store(incidentctl_dataset.root), "\n".join(lines), "jsonl", "b.jsonl")
    assert problems == [
        "b.jsonl:4:2: JSON syntax: Expecting property name enclosed in double quotes"
    ]
    problems = _problems(Store(incidentctl_dataset.root), "\n".join(lines[:3]), "jsonl", "b.jsonl")
    assert len(problems) == 1 and problems[0].startswith("b.jsonl:3:") and "types[0]" in problems[0]


def test_yaml_batch_takes_documents_and_lists(incidentctl_dataset: Dataset) -> None:
    one = "title: One record in a document\ndate: April 2019\ncountries: [Kazakhstan]\ntypes: [disbarment]\nstatus: ongoing\nsummary: s\nsources:\n  - publisher: RFE/RL\n"
    two = (
        "- "
        + one.replace("One record in a document", "Two in a list").replace("\n", "\n  ").rstrip()
        + "\n"
    )
    entries = read_batch(f"{one}---\n{two}".encode(), "yaml", "b.yaml")
    assert [e.line for e in entries] == [1, 10]
    batch = importer.plan(Store(incidentctl_dataset.root), entries)
    assert [c.record.id for c in batch.changes] == [
        "2019-04-kz-one-record-in-a-document",
        "2019-04-kz-two-in-a-list",
    ]
    bad = two.replace("[disbarment]", "[nope]")
    problems = _problems(Store(incidentctl_dataset.root), f"{one}---\n{bad}", "yaml", "b.yaml")
    assert len(problems) == 1 and problems[0].startswith("b.yaml:13:") and "types[0]" in problems[0]


def test_yaml_batch_refuses_aliases(incidentctl_dataset: Dataset) -> None:
    with pytest.raises(RecordError, match=r"anchors|aliases"):
        read_batch(b"- &a {title: x}\n- *a\n", "yaml", "b.yaml")


def test_csv_problems_name_row_and_column(incidentctl_dataset: Dataset) -> None:
    rows = [sample_record(), sample_record(title="Another record", countries=["Atlantis"])]
    text = dump(rows, "csv")
    header = text.splitlines()[0].split(",")
    row_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("Another"))
    assert row_line == 4, "the first record's summary spans two lines"
    problems = _problems(Store(incidentctl_dataset.root), text, "csv", "b.csv")
    assert problems == [
        f"b.csv:{row_line}:{header.index('countries') + 1}: countries[0]: "
        "'Atlantis' is not an ISO 3166-1 alpha-2 country code"
    ]


def test_csv_unknown_columns_are_reported_once_at_the_header(incidentctl_dataset: Dataset) -> None:
    text = "title,Colour,sources[0].uri\nx,red,y\n"
    problems = _problems(Store(incidentctl_dataset.root), text, "csv", "b.csv")
    assert [p.split(": ")[0] for p in problems] == ["b.csv:1:2", "b.csv:1:3"]


def test_ids_given_twice_in_a_batch(incidentctl_dataset: Dataset) -> None:
    rows = [sample_record(id="2019-kz-same"), sample_record(id="2019-kz-same")]
    problems = _problems(Store(incidentctl_dataset.root), dump(rows, "jsonl"), "jsonl", "b.jsonl")
    (problem,) = problems
    assert problem.startswith("b.jsonl:2:")
    assert problem.endswith(" id: id '2019-kz-same' is also given at b.jsonl:1")


def test_drafted_ids_never_clash(incidentctl_dataset: Dataset) -> None:
    taken = incidentctl_dataset.add()
    batch = importer.plan(
        Store(incidentctl_dataset.root),
        read_batch(
            dump(
                [sample_record(), sample_record(), sample_record(id=f"{taken}-3")], "json"
            ).encode(),
            "json",
            "b",
        ),
    )
    assert [c.record.id for c in batch.changes] == [f"{taken}-2", f"{taken}-4", f"{taken}-3"]


# -- applying: all or nothing ------------------------------------------------------


def test_a_failed_write_restores_every_file(incidentctl_dataset: Dataset) -> None:
    store = Store(incidentctl_dataset.root)
    rid = incidentctl_dataset.add()
    path = store.find(rid)
    path.write_text("# analyst's note\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    (incidentctl_dataset.incidents / "2021").write_text(
        "not a folder"
    )  # the second create cannot make its folder
    before = incidentctl_dataset.snapshot()
    rows = [
        {"id": rid, "status": "concluded", "date": "2018"},  # an update that moves the file
        sample_record(title="Created and then removed again", date="2017"),
        sample_record(title="This one cannot be written", date="2021"),
    ]
    batch = importer.plan(store, read_batch(dump(rows, "json").encode(), "json", "b.json"))
    with pytest.raises(Exception, match="nothing was changed"):
        importer.apply(store, batch)
    assert incidentctl_dataset.snapshot() == before
    assert (
        not (incidentctl_dataset.incidents / "2017").exists()
        and not (incidentctl_dataset.incidents / "2018").exists()
    )


def test_update_is_field_by_field_and_keeps_comments(incidentctl_dataset: Dataset) -> None:
    store = Store(incidentctl_dataset.root)
    rid = incidentctl_dataset.add(outcome="appeal pending", location="Almaty")
    path = store.find(rid)
    path.write_text(
        path.read_text(encoding="utf-8").replace("status:", "# checked 2024\nstatus:"),
        encoding="utf-8",
    )
    old = store.load(rid).record.to_data()
    batch = importer.plan(
        store,
        read_batch(
            json.dumps({"id": rid, "status": "concluded", "location": None}).encode(), "json", "b"
        ),
    )
    assert [(c.action, c.fields) for c in batch.changes] == [("update", ["location", "status"])]
    importer.apply(store, batch)
    new = store.load(rid).record.to_data()
    assert new["status"] == "concluded" and "location" not in new
    assert {k: v for k, v in new.items() if k not in ("status", "location")} == {
        k: v for k, v in old.items() if k not in ("status", "location")
    }
    assert "# checked 2024" in path.read_text(encoding="utf-8")


def test_commit_message_names_ids_and_titles(incidentctl_dataset: Dataset) -> None:
    store = Store(incidentctl_dataset.root)
    rid = incidentctl_dataset.add()
    rows = [{"id": rid, "status": "concluded"}, sample_record(title="A new record from a batch")]
    batch = importer.plan(store, read_batch(dump(rows, "jsonl").encode(), "jsonl", "b.jsonl"))
    message = importer.commit_message(batch, "b.jsonl")
    assert message.splitlines()[0] == "Import 2 records from b.jsonl (1 created, 1 updated)"
    assert f"Updated {rid}: {sample_record()['title']} (status)" in message
    assert "Created 2019-05-21-kz-a-new-record-from-a-batch: A new record from a batch" in message


def test_empty_inputs_are_empty_batches(tmp_path: Path) -> None:
    for fmt, text in (
        ("csv", "id\n"),
        ("json", "[]"),
        ("jsonl", "\n\n"),
        ("yaml", "# nothing\n"),
        ("csv", ""),
    ):
        assert read_batch(text.encode(), fmt, "x") == []


def test_csv_syntax_errors_name_their_line(incidentctl_dataset: Dataset) -> None:
    for text, message in (
        ('title,date\n"unterminated,2019\n', "<in>:2:1: CSV: unexpected end of data"),
        ('title,date\n"a"b,2019\n', "<in>:2:1: CSV: ',' expected after '\"'"),
    ):
        with pytest.raises(RecordError) as caught:
            read_batch(text.encode(), "csv", "<in>")
        assert [str(p) for p in caught.value.problems] == [message]


def test_a_semicolon_csv_export_imports_back_unchanged(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    ds = incidentctl_dataset
    ds.add()
    ds.add(title="Second incident", perpetrators=["Court; Ministry", "Police"])
    exported = tmp_path / "out.csv"
    assert ds.run("export", "--output", str(exported)).exit_code == 0
    semicolons = tmp_path / "excel-fr.csv"
    semicolons.write_text(_separated_by(exported.read_text(encoding="utf-8"), ";"), "utf-8")
    before = ds.snapshot()
    result = ds.run("import", str(semicolons))
    assert result.exit_code == 0, result.stderr
    assert "0 created, 0 updated, 2 unchanged" in result.stderr
    assert ds.snapshot() == before


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    head=st.dictionaries(st.text(min_size=1), _JSON, max_size=3),
    items=st.lists(_JSON, max_size=4),
)
def test_a_report_printed_piece_by_piece_is_the_report_printed_whole(
    head: dict[str, object], items: list[object]
) -> None:
    """import's JSON report streams (json_object_pieces): the same text as to_json of the
    whole, each piece ending a line."""
    head.pop("records", None)
    pieces = list(json_object_pieces(head, "records", iter(items)))
    assert "".join(pieces) == to_json({**head, "records": items})
    assert all(p.endswith("\n") for p in pieces)
