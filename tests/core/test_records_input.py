"""Values as they are typed on the command line (add options and prompts, --set)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from incidentctl.core.records import (
    apply_assignments,
    person_from_text,
    sources_from_urls,
    split_list,
)


def test_person_takes_name_and_comma_separated_roles() -> None:
    assert person_from_text(" Dmitry Sizintsev : Lawyer, ,defender ") == {
        "name": "Dmitry Sizintsev",
        "roles": ["Lawyer", "defender"],
    }
    assert person_from_text("Айгуль Нурова") == {"name": "Айгуль Нурова"}
    assert person_from_text("Name:") == {"name": "Name"}


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
