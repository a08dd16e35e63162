"""The record model: strict types, vocabularies, ISO codes, located errors in plain words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from incidentctl.errors import RecordError
from incidentctl.files.parse import parse_record_text, validate_data
from incidentctl.ops.edit import complete, render
from incidentctl.record import iso
from incidentctl.record.normalise import normalise_record_input
from incidentctl.testing import sample_record


def full(**overrides: Any) -> dict[str, Any]:
    data = sample_record(**overrides)
    data.setdefault("id", "2019-05-21-kz-test-record")
    data.setdefault("recorded", "2026-01-02")
    return data


def problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(RecordError) as info:
        validate_data(data, "x.yaml")
    return {p.field: p.message for p in info.value.problems}


def test_a_valid_record_round_trips_to_plain_data() -> None:
    record = validate_data(full(), "x.yaml")
    data = record.to_data()
    assert data["date"] == "2019-05-21"
    assert list(data)[:3] == ["id", "title", "date"]
    assert "tags" not in data  # empty optional fields are omitted
    assert validate_data(data, "x.yaml") == record


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"colour": "red"}, "colour", "not a field of an incident record"),
        ({"countries": ["XX"]}, "countries[0]", "not an ISO 3166-1"),
        ({"countries": ["Kazakhstan"]}, "countries[0]", "did you mean 'KZ'"),
        ({"countries": []}, "countries", "at least one"),
        ({"countries": ["KZ", "KZ"]}, "countries", "listed twice"),
        ({"types": ["coup"]}, "types[0]", "not one of"),
        ({"status": "closed"}, "status", "not one of"),
        ({"date": "2019-02-30"}, "date", "no day 30"),
        ({"date": "2999"}, "date", "in the future"),
        ({"date": "2019-05", "end_date": "2019-04"}, "end_date", "before the date"),
        ({"title": "abc"}, "title", "too short"),
        ({"title": "two\nlines here"}, "title", "single line"),
        ({"id": "../../etc/passwd"}, "id", "not a valid id"),
        ({"id": "Upper-Case"}, "id", "not a valid id"),
        (
            {"sources": [{"url": "javascript:alert(1)"}]},
            "sources[0].url",
            "only http:// and https://",
        ),
        (
            {"sources": [{"url": "file:///etc/passwd"}]},
            "sources[0].url",
            "only http:// and https://",
        ),
        ({"sources": [{"title": "A paper"}]}, "sources[0]", "needs a url, or at least a publisher"),
        (
            {"sources": [{"publisher": "Le Soir", "language": "xx"}]},
            "sources[0].language",
            "ISO 639-1",
        ),
        ({"people": [{"name": "A", "roles": ["boss"]}]}, "people[0].roles[0]", "not one of"),
        ({"confidential": "yes"}, "confidential", "true or false"),
        ({"title": 12345}, "title", "must be text"),
        ({"recorded": "2026-01"}, "recorded", "full date"),
        ({"summary": None}, "summary", "required"),
    ],
)
def test_bad_values_name_the_field_in_plain_words(
    overrides: dict[str, Any], field: str, words: str
) -> None:
    data = full()
    for key, value in overrides.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    found = problems(data)
    assert field in found, found
    assert words in found[field]


def test_input_normalisation_accepts_names_codes_and_natural_dates() -> None:
    data = normalise_record_input(
        {
            "countries": ["Kazakhstan", "kaz", "be"],
            "date": "April 2019",
            "sources": [
                {"url": "https://a.example", "language": "FRANCAIS"},
                {"publisher": "X", "language": "KAZAKH"},
            ],
        }
    )
    assert data["countries"] == ["KZ", "KZ", "BE"]
    assert data["date"] == "2019-04"
    assert [s["language"] for s in data["sources"]] == ["fr", "kk"]


@pytest.mark.parametrize(
    ("name", "code"), [("Russian", "ru"), ("rus", "ru"), ("en", "en"), ("français", "fr")]
)
def test_languages_by_name_code_or_own_name(name: str, code: str) -> None:
    assert iso.normalise_language(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [("Kazakhstan", "KZ"), ("KAZ", "KZ"), ("kz", "KZ"), ("Russia", "RU"), ("Belgium", "BE")],
)
def test_countries_by_name_or_code(name: str, code: str) -> None:
    assert iso.normalise_country(name) == code


def test_ambiguous_country_is_refused() -> None:
    with pytest.raises(ValueError, match="not a country"):
        iso.normalise_country("Korea")


def test_complete_fills_id_and_recorded_like_add() -> None:
    record = complete(
        sample_record(title="Sizintsev disbarred", date="21 May 2019", countries=["Kazakhstan"])
    )
    assert record.id == "2019-05-21-kz-sizintsev-disbarred"
    assert record.recorded.start() == dt.date.today()


def test_errors_carry_line_and_column_of_the_value() -> None:
    text = render(validate_data(full(), "x.yaml")).replace(
        '  - url: "https://www.icj.org/example"', '  - url: "ftp://x.example"'
    )
    with pytest.raises(RecordError) as info:
        parse_record_text(text, "data/incidents/2019/x.yaml")
    (problem,) = info.value.problems
    line_no = next(i for i, line in enumerate(text.splitlines(), 1) if "ftp://" in line)
    assert (problem.line, problem.field) == (line_no, "sources[0].url")
    assert str(problem).startswith(f"data/incidents/2019/x.yaml:{line_no}:")


def test_schema_is_as_strict_as_the_model() -> None:
    import jsonschema

    from incidentctl.record.model import json_schema

    schema = json_schema()
    good = validate_data(full(), "x.yaml").to_data()
    jsonschema.validate(good, schema)
    for bad in (
        {**good, "countries": ["Kazakhstan"]},
        {**good, "types": ["coup"]},
        {**good, "date": "21 May 2019"},
        {**good, "id": "Bad Id"},
        {**good, "extra": 1},
        {**good, "sources": [{"url": "javascript:alert(1)"}]},
        {**good, "sources": [{"publisher": "X", "language": "french"}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_schema_requires_url_or_publisher_and_unique_lists() -> None:
    import jsonschema

    from incidentctl.record.model import json_schema

    schema = json_schema()
    good = validate_data(full(), "x.yaml").to_data()
    for bad in (
        {**good, "sources": [{"title": "only a title"}]},
        {**good, "countries": ["KZ", "KZ"]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
