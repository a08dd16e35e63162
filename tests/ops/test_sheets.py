"""Spreadsheets through openpyxl: XLSX cells as text, cells a spreadsheet retyped, mojibake."""

from __future__ import annotations

import datetime as dt
import gettext
import io
from pathlib import Path

import openpyxl
import pycountry
import pytest
from hypothesis import HealthCheck, given, settings

from incidentctl.errors import RecordError
from incidentctl.files.store import Store
from incidentctl.ops import importer
from incidentctl.ops.exchange import export_bytes, read_batch
from incidentctl.ops.mojibake import garbled
from incidentctl.testing import Dataset, sample_record

from .test_exchange import _record_data

RECORD = {
    **sample_record(location="0123", date="2019-05"),
    "id": "2019-05-kz-sizintsev",
    "title": '=HYPERLINK("http://evil.example")',
    "recorded": "2024-01-02",
}


def _sheet(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_cells_are_text_under_a_frozen_bold_header() -> None:
    book = _sheet(export_bytes([RECORD], "xlsx", to_file=True))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["id", "title", "date", "countries"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    row = {name: sheet.cell(row=2, column=i + 1) for i, name in enumerate(header)}
    assert row["location"].value == "0123" and row["date"].value == "2019-05"
    assert row["title"].data_type == "s", "a title starting with = is text, never a formula"
    assert all(c.data_type == "s" and c.number_format == "@" for c in row.values() if c.value)
    letters = [c.column_letter for c in sheet[1]]
    assert all(sheet.column_dimensions[x].number_format == "@" for x in letters), "typed later"
    assert "Сергей Сизинцев" in row["people[0].aliases"].value
    widths = [sheet.column_dimensions[x].width for x in letters]
    assert all(2 < w <= 62 for w in widths), widths


def test_xlsx_has_the_csv_columns_in_the_same_order() -> None:
    csv_header = export_bytes([RECORD], "csv", to_file=False).decode().split("\n", 1)[0]
    sheet = _sheet(export_bytes([RECORD], "xlsx", to_file=True)).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == csv_header.split(",")


@given(_record_data())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_xlsx_round_trip_is_exact(data: dict) -> None:
    data = {k: v for k, v in data.items() if v is not None}
    (entry,) = read_batch(export_bytes([data], "xlsx", to_file=True), "xlsx", "t.xlsx")
    assert entry.data == data


def _retyped(changes: dict[str, object], number_format: str | None = None) -> bytes:
    """The export of RECORD with cells retyped as a spreadsheet would."""
    book = _sheet(export_bytes([RECORD], "xlsx", to_file=True))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    for name, value in changes.items():
        cell = sheet.cell(row=2, column=header.index(name) + 1)
        cell.value = value
        if number_format:
            cell.number_format = number_format
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_cells_a_spreadsheet_retyped_are_refused_with_their_reference() -> None:
    raw = _retyped({"location": 123, "status": dt.datetime(2024, 1, 2), "title": "=1+1"})
    with pytest.raises(RecordError) as caught:
        read_batch(raw, "xlsx", "kz.xlsx")
    messages = [str(p) for p in caught.value.problems]
    assert any(
        m.startswith("kz.xlsx:2:2: title: cell incidents!B2 holds a formula") for m in messages
    )
    assert any("location: cell incidents!E2 holds the number 123" in m for m in messages)
    assert any("status: cell incidents!" in m and "holds a date" in m for m in messages)


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (2019, "General", "2019"),
        (dt.datetime(2019, 5, 21), "yyyy-mm-dd", "2019-05-21"),
        (dt.datetime(2019, 5, 1), "mmm-yy", "2019-05"),
        (dt.datetime(2019, 5, 21), "mmm-yy", None),  # shown as May-19: the day is hidden
        (dt.datetime(2019, 5, 21, 13, 5), "yyyy-mm-dd hh:mm", None),
        (20.5, "General", None),
    ],
)
def test_a_date_cell_is_taken_only_when_it_maps_back_exactly(
    value: object, number_format: str, expected: str | None
) -> None:
    raw = _retyped({"date": value}, number_format)
    if expected is None:
        with pytest.raises(RecordError, match=r"date: cell incidents!C2 holds"):
            read_batch(raw, "xlsx", "kz.xlsx")
    else:
        (entry,) = read_batch(raw, "xlsx", "kz.xlsx")
        assert entry.data["date"] == expected


def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(RecordError, match="not an XLSX workbook"):
        read_batch(b"id,title\n", "xlsx", "x.xlsx")


def test_xlsx_problems_name_the_cell(incidentctl_dataset: Dataset) -> None:
    bad = {**RECORD, "countries": ["Atlantis"]}
    raw = export_bytes([bad], "xlsx", to_file=True)
    with pytest.raises(RecordError) as caught:
        importer.plan(Store(incidentctl_dataset.root), read_batch(raw, "xlsx", "kz.xlsx"))
    (problem,) = caught.value.problems
    assert str(problem).startswith("kz.xlsx:2:4: countries[0]: 'Atlantis'")
    assert str(problem).endswith("(cell incidents!D2)")


# -- mojibake ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "damage"),
    [
        ("Бузурбаев", "utf-8>cp1252"),
        ("Сергей Сизинцев", "utf-8>cp1252"),
        ("Қазақстан", "utf-8>latin-1"),
        ("procédure téméraire", "utf-8>cp1252"),
        ("Сергей Сизинцев", "cp1251>cp1252"),
        ("Алматы", "cp1251>latin-1"),
    ],
)
def test_mojibake_is_found_with_the_text_it_was(original: str, damage: str) -> None:
    written, read = damage.split(">")
    text = original.encode(written).decode(read)
    assert text != original and garbled(text) == original


def test_correct_text_in_many_languages_is_never_taken_for_mojibake() -> None:
    """ISO's names of every country and language in 30 languages, and the bundled data."""
    texts = {
        line for f in Path("data/incidents").rglob("*.yaml") for line in f.read_text().split("\n")
    }
    for language in ("ru", "kk", "uk", "fr", "de", "es", "pt", "pl", "cs", "tr", "uz", "ky", "be",
                     "it", "nl", "sv", "da", "fi", "hu", "ro", "vi", "az", "lt", "lv", "et", "is",
                     "hr", "sl", "sk", "ca"):  # fmt: skip
        for domain, names in (
            ("iso3166-1", pycountry.countries),
            ("iso639-3", pycountry.languages),
        ):
            try:
                translation = gettext.translation(domain, pycountry.LOCALES_DIR, [language])
            except OSError:
                continue
            texts.update(translation.gettext(n.name) for n in names)
    assert len(texts) > 20_000
    assert [t for t in texts if garbled(t)] == []


def test_the_columns_depend_on_the_shape_of_the_data_only() -> None:
    """Same fields and item counts -> the same header, whatever the order or the values."""
    from incidentctl.record.model import FIELD_ORDER

    two_people = {
        **RECORD,
        "id": "2019-05-kz-other",
        "people": [{"name": "A", "roles": ["lawyer"]}, {"name": "B", "confidential": True}],
        "tags": ["x"],
    }
    one = export_bytes([RECORD, two_people], "csv", to_file=False).decode().split("\n", 1)[0]
    other = export_bytes([two_people, RECORD], "csv", to_file=False).decode().split("\n", 1)[0]
    assert one == other
    header = one.split(",")
    assert header == [
        "id", "title", "date", "countries", "location", "types",
        "people[0].name", "people[0].aliases", "people[0].roles",
        "people[1].name", "people[1].confidential",
        "perpetrators", "status", "summary",
        "sources[0].url", "sources[0].publisher", "sources[0].language",
        "tags", "recorded",
    ]  # fmt: skip
    tops = [h.split("[")[0] for h in header]
    assert sorted(tops, key=FIELD_ORDER.index) == tops, "fields in the order of a record file"


def test_a_zip_that_is_no_workbook_or_unpacks_too_large_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import zipfile

    from incidentctl.ops import xlsx

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(RecordError, match=r"x\.xlsx: not a readable XLSX workbook"):
        read_batch(buf.getvalue(), "xlsx", "x.xlsx")
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 1000)  # a zip bomb, scaled down
    with pytest.raises(RecordError, match="unpacks to"):
        read_batch(export_bytes([RECORD], "xlsx", to_file=True), "xlsx", "x.xlsx")


def test_a_year_or_a_date_cell_in_a_nested_date_column_is_taken_too() -> None:
    """A spreadsheet types dates at every depth (``people[0].acts[0].date``, schema v2), not
    only the record's own; LibreOffice turns ``2019`` into a number and ``2019-05-21`` into a
    date there as well (found by opening an export in LibreOffice)."""
    record = {
        **RECORD,
        "types": ["disbarment"],
        "people": [
            {
                "name": "Sergey Sizintsev",
                "roles": ["lawyer"],
                "acts": [{"type": "disbarment", "date": "2019", "end_date": "2019-05-21"}],
            }
        ],
    }
    book = _sheet(export_bytes([record], "xlsx", to_file=True))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    year = sheet.cell(row=2, column=header.index("people[0].acts[0].date") + 1)
    year.value = 2019
    day = sheet.cell(row=2, column=header.index("people[0].acts[0].end_date") + 1)
    day.value, day.number_format = dt.datetime(2019, 5, 21), "yyyy-mm-dd"
    buf = io.BytesIO()
    book.save(buf)
    (entry,) = read_batch(buf.getvalue(), "xlsx", "kz.xlsx")
    assert entry.data["people"][0]["acts"][0] == {
        "type": "disbarment",
        "date": "2019",
        "end_date": "2019-05-21",
    }


def test_a_header_garbled_by_a_wrong_encoding_is_named_as_such() -> None:
    """A CSV with its byte-order mark and Cyrillic, opened as Windows-1252 and saved again
    (LibreOffice headless without a charset does this): the first thing wrong is the header."""
    text = export_bytes([RECORD], "csv", to_file=True).decode("utf-8")
    damaged = text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    with pytest.raises(RecordError) as caught:
        read_batch(damaged, "csv", "kz.csv")
    first = str(caught.value.problems[0])
    assert first.startswith("kz.csv:1:1: column 'ï»¿id' is 'id' garbled by a wrong encoding")
