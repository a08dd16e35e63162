"""Values as they are typed on the command line (add options and prompts, --set)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentctl.errors import UsageError
from incidentctl.ops.edit import (
    apply_assignments,
    sources_from_urls,
    split_list,
)


def test_sources_carry_the_one_language_given() -> None:
    assert sources_from_urls(["https://a.example", "https://b.example"], "ru") == [
        {"url": "https://a.example", "language": "ru"},
        {"url": "https://b.example", "language": "ru"},
    ]
    assert sources_from_urls(["https://a.example"]) == [{"url": "https://a.example"}]


@given(st.lists(st.text(alphabet="abcé -", min_size=1).map(str.strip).filter(bool), max_size=5))
def test_a_typed_list_is_split_the_same_way_by_add_and_by_set(items: list[str]) -> None:
    typed = ", ".join(items)
    assert split_list(typed) == items
    assert apply_assignments({}, [f"tags={typed}"]).get("tags", []) == items


RECORD = {"status": "ongoing", "sources": [{"url": "https://a.example"}], "people": [{"name": "X"}]}


@pytest.mark.parametrize(
    ("assignment", "named"),
    [
        ("sources[9].url=https://x.example", "sources[9].url"),
        ("sources[9]=https://x.example", "sources[9]"),
        ("people[0].aliases[5]=X", "people[0].aliases[5]"),
        ("status.x=y", "status.x"),
    ],
)
def test_set_names_a_missing_field_in_the_spec_path_form(assignment: str, named: str) -> None:
    with pytest.raises(UsageError) as caught:
        apply_assignments(RECORD, [assignment])
    assert str(caught.value) == f"no field {named} in this record"
