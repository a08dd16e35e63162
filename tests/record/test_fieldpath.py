"""Field paths: one grammar for --set, CSV columns, problem fields and import positions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentctl.errors import UsageError
from incidentctl.ops.edit import parse_assignment
from incidentctl.record.columns import parse_column
from incidentctl.record.fieldpath import (
    ANY_NAME,
    FieldPathError,
    format_field_path,
    parse_field_path,
)


def test_parse_and_format() -> None:
    assert parse_field_path("sources[1].url") == ("sources", 1, "url")
    assert parse_field_path("people[0].aliases[2]") == ("people", 0, "aliases", 2)
    assert parse_field_path("title") == ("title",)
    assert format_field_path(("sources", 1, "url")) == "sources[1].url"
    assert format_field_path(()) == ""


@pytest.mark.parametrize(
    "text", ["", "Title", "sources.", ".url", "sources[x].url", "a..b", "sources[1]x", "[0]"]
)
def test_not_a_field_path(text: str) -> None:
    with pytest.raises(FieldPathError):
        parse_field_path(text)


def test_any_name_reads_keys_the_model_does_not_know() -> None:
    """Problems in input name unknown keys as they were spelt; they are still found."""
    assert parse_field_path("Sources[1].URL-2", ANY_NAME) == ("Sources", 1, "URL-2")
    with pytest.raises(FieldPathError):
        parse_field_path("Title")


_names = st.from_regex(r"[a-z_]+", fullmatch=True)
_paths = st.lists(
    st.tuples(_names, st.lists(st.integers(min_value=0, max_value=10**6), max_size=3)),
    min_size=1,
    max_size=4,
).map(lambda segs: tuple(step for name, idx in segs for step in (name, *idx)))


@given(_paths)
def test_round_trip(path: tuple[str | int, ...]) -> None:
    text = format_field_path(path)
    assert parse_field_path(text) == path
    assert format_field_path(parse_field_path(text)) == text


def test_assignment_uses_the_grammar() -> None:
    assert parse_assignment("sources[1].url=https://x.org/a=b") == (
        ("sources", 1, "url"),
        "https://x.org/a=b",
    )
    assert parse_assignment(" status =ongoing") == (("status",), "ongoing")
    with pytest.raises(UsageError, match=r"'Status' is not a field path \(e.g. status"):
        parse_assignment("Status=x")
    with pytest.raises(UsageError, match="--set takes FIELD=VALUE"):
        parse_assignment("status")


def test_columns_are_fields_or_sub_fields_of_items() -> None:
    assert parse_column(" sources[1].url ") == ("sources", 1, "url")
    assert parse_column("title") == ("title", None, None)
    assert parse_column("sources[1]") is None
    assert parse_column("people[0].aliases[1]") is None
    assert parse_column("a.b") is None
    assert parse_column("Title") is None
