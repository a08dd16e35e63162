"""The pure field-level diff: paths, list alignment, renames."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentctl.files.values import plain
from incidentctl.testing import sample_record
from incidentctl.views.fielddiff import FieldChange, diff_fields, diff_sets

BASE = {"id": "2019-05-21-kz-x", "recorded": "2024-01-01", **sample_record()}
SOURCES = [
    {"url": "https://a.example/1", "language": "en"},
    {"url": "https://b.example/2", "language": "ru"},
    {"url": "https://c.example/3", "language": "kk"},
]


def with_(**changes):
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def test_scalar_and_nested_field_paths_count_from_zero():
    old = with_(sources=copy.deepcopy(SOURCES))
    new = with_(sources=copy.deepcopy(SOURCES), status="concluded")
    new["sources"][1]["url"] = "https://b.example/moved"
    assert diff_fields(old, new) == [
        FieldChange("status", "ongoing", "concluded"),
        FieldChange("sources[1].url", "https://b.example/2", "https://b.example/moved"),
    ]


def test_list_of_scalars_is_reported_whole():
    changes = diff_fields(with_(countries=["KZ"]), with_(countries=["KZ", "RU"]))
    assert changes == [FieldChange("countries", ["KZ"], ["KZ", "RU"])]
    old = with_()
    new = copy.deepcopy(old)
    new["people"][0]["aliases"].append("Sizincev")
    assert [c.field for c in diff_fields(old, new)] == ["people[0].aliases"]


def test_inserted_source_is_one_change_at_its_new_index():
    old = with_(sources=[SOURCES[0], SOURCES[2]])
    new = with_(sources=copy.deepcopy(SOURCES))
    assert diff_fields(old, new) == [FieldChange("sources[1]", None, SOURCES[1])]


def test_removed_source_keeps_its_old_index():
    old = with_(sources=copy.deepcopy(SOURCES))
    new = with_(sources=[SOURCES[1], SOURCES[2]])
    assert diff_fields(old, new) == [FieldChange("sources[0]", SOURCES[0], None)]


def test_added_and_removed_optional_fields():
    old = with_()
    new = with_(case="sizintsev-disbarment")
    del new["location"]
    assert diff_fields(old, new) == [
        FieldChange("case", None, "sizintsev-disbarment"),
        FieldChange("location", "Petropavlovsk", None),
    ]


def test_type_change_is_a_change():
    assert diff_fields({"confidential": 1}, {"confidential": True}) == [
        FieldChange("confidential", 1, True)
    ]


def test_plain_turns_yaml_dates_into_iso_text():
    assert plain({"date": dt.date(2019, 5, 21), "x": [dt.date(2020, 1, 1)]}, as_json=True) == {
        "date": "2019-05-21",
        "x": ["2020-01-01"],
    }


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from("abcd"), inner, max_size=4)
    ),
    max_leaves=20,
)
records = st.dictionaries(
    st.sampled_from(["title", "status", "sources", "people", "tags"]), json_values
)


def canonical(value):
    """JSON text with absent and null keys alike (as YAML readers see them)."""

    def drop_none(v):
        if isinstance(v, dict):
            return {k: drop_none(x) for k, x in v.items() if x is not None}
        if isinstance(v, list):
            return [drop_none(x) for x in v]
        return v

    return json.dumps(drop_none(value), sort_keys=True)


@pytest.mark.slow
@given(records, records)
def test_no_change_exactly_when_equal_as_json(a, b):
    changes = diff_fields(a, b)
    assert (changes == []) == (canonical(a) == canonical(b))
    assert diff_fields(a, a) == []
    for c in changes:
        assert canonical({"v": c.old}) != canonical({"v": c.new})


@pytest.mark.slow
@given(records, records)
def test_changed_top_level_fields_are_those_that_differ(a, b):
    top = {c.field.split("[")[0].split(".")[0] for c in diff_fields(a, b)}
    assert top == {k for k in {*a, *b} if canonical({"v": a.get(k)}) != canonical({"v": b.get(k)})}


def test_sets_added_removed_changed():
    old = {"a-1": with_(id="a-1"), "b-1": with_(id="b-1", title="Second incident")}
    new = {
        "a-1": with_(id="a-1", status="concluded"),
        "c-1": with_(
            id="c-1", title="Unrelated", date="2020-01-01", summary="Other.", recorded="2025-01-01"
        ),
    }
    diff = diff_sets(old, new)
    assert diff.added == ["c-1"]
    assert diff.removed == ["b-1"]
    assert diff.renamed == []
    assert diff.to_json()["changed"] == [
        {"id": "a-1", "changes": [{"field": "status", "old": "ongoing", "new": "concluded"}]}
    ]


def test_same_content_under_a_new_id_is_a_rename():
    diff = diff_sets({"old-id": with_(id="old-id")}, {"new-id": with_(id="new-id")})
    assert diff.to_json() == {
        "added": [],
        "removed": [],
        "renamed": [{"from": "old-id", "to": "new-id"}],
        "changed": [],
    }


def test_rename_with_a_title_fix_lists_the_edit_under_the_new_id():
    diff = diff_sets(
        {"old-id": with_(id="old-id")}, {"new-id": with_(id="new-id", title="Fixed title here")}
    )
    assert diff.renamed == [("old-id", "new-id")]
    assert diff.to_json()["changed"] == [
        {
            "id": "new-id",
            "changes": [{"field": "title", "old": BASE["title"], "new": "Fixed title here"}],
        }
    ]


def test_different_records_created_the_same_day_are_not_a_rename():
    other = with_(
        id="new-id",
        title="Another lawyer detained",
        date="2019-06-01",
        location="Almaty",
        types=["arrest-detention"],
        people=[{"name": "Someone Else"}],
        summary="Different.",
    )
    diff = diff_sets({"old-id": with_(id="old-id")}, {"new-id": other})
    assert (diff.added, diff.removed, diff.renamed) == (["new-id"], ["old-id"], [])


def test_a_null_key_and_an_absent_key_are_no_change():
    # Found by hypothesis: {"a": None} and {} were reported as different inside a list entry.
    assert diff_fields({"people": [{"name": "A", "x": None}]}, {"people": [{"name": "A"}]}) == []
