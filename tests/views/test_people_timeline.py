"""`people` (names merged only when they fold equal) and `timeline` (events in date order)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from incidentctl.index.filters import Filters
from incidentctl.record.names import fold_name
from incidentctl.views.people import people
from incidentctl.views.privacy import WITHHELD
from incidentctl.views.timeline import shown_date, timeline


def rec(
    record_id: str, *persons: dict[str, Any], date: str = "2019", **more: Any
) -> dict[str, Any]:
    return {
        "id": record_id,
        "date": date,
        "title": f"Title of {record_id}",
        "people": list(persons),
        **more,
    }


def person(name: str, *aliases: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases), **more}


# -- people ---------------------------------------------------------------------------


def test_names_that_fold_equal_merge_across_scripts_and_case() -> None:
    entries = people(
        [
            rec("a", person("Sergey Sizintsev")),
            rec("b", person("Сергей Сизинцев")),
            rec("c", person("SERGEY SIZINTSEV")),
        ]
    )
    assert entries == [
        {
            "name": "Sergey Sizintsev",
            "variants": ["Sergey Sizintsev", "Сергей Сизинцев", "SERGEY SIZINTSEV"],
            "incidents": ["a", "b", "c"],
        }
    ]


def test_aliases_link_mentions_transitively() -> None:
    entries = people(
        [
            rec("a", person("Aiman Omarova", "Aiman Umarova")),
            rec("b", person("Aiman Umarova", "Айман Умарова")),
            rec("c", person("Айман Умарова")),
        ]
    )
    assert len(entries) == 1
    assert entries[0]["incidents"] == ["a", "b", "c"]
    assert set(entries[0]["variants"]) == {"Aiman Omarova", "Aiman Umarova", "Айман Умарова"}


def test_similar_but_different_names_stay_apart() -> None:
    entries = people(
        [
            rec("a", person("Sergey Sizintsev")),
            rec("b", person("Sergey Sizentsev")),
            rec("c", person("Aiman Omarova")),
            rec("d", person("Ruslan Omarov")),
            rec("e", person("Ayman Omarova")),
        ]
    )
    assert sorted(e["name"] for e in entries) == [
        "Aiman Omarova",
        "Ayman Omarova",
        "Ruslan Omarov",
        "Sergey Sizentsev",
        "Sergey Sizintsev",
    ]


def test_the_name_most_records_give_leads_and_incidents_keep_their_order() -> None:
    entries = people(
        [
            rec("2019-b", person("Bota Jardemalie", "Botagoz Jardemalie")),
            rec("2019-c", person("Botagoz Jardemalie")),
            rec("2020-a", person("Botagoz Jardemalie", "Ботагоз Джардемали")),
            rec("2020-a", person("Botagoz Jardemalie")),  # named twice in one record: one incident
        ]
    )
    assert entries[0]["name"] == "Botagoz Jardemalie"
    assert entries[0]["variants"][0] == "Botagoz Jardemalie"
    assert entries[0]["incidents"] == ["2019-b", "2019-c", "2020-a"]


def test_public_data_leaves_confidential_people_out() -> None:
    public = [
        rec("a", {"name": WITHHELD, "confidential": True}, person("Aiman Omarova")),
        rec("b", person(f"Nurlan {WITHHELD}", "Nurlan")),
    ]
    entries = people(public)
    assert [e["name"] for e in entries] == ["Aiman Omarova", "Nurlan"]
    assert all(WITHHELD not in v for e in entries for v in e["variants"])


def test_person_queries_keep_only_the_people_they_find() -> None:
    records = [
        rec("a", person("Aiman Omarova"), person("Sergey Sizintsev")),
        rec("b", person("Ruslan Omarov")),
    ]
    assert [e["name"] for e in people(records, ["Umarova"])] == ["Aiman Omarova"]
    assert [e["name"] for e in people(records, ["Сизинцев"])] == ["Sergey Sizintsev"]


names = st.sampled_from(
    [
        "Sergey Sizintsev",
        "Сергей Сизинцев",
        "Sizentsev",
        "Aiman Omarova",
        "AIMAN OMAROVA",
        "Omarov",
        "Jardemalie",
    ]
)


@given(st.lists(st.lists(names, min_size=1, max_size=3), min_size=1, max_size=8))
def test_every_mention_lands_in_exactly_one_entry_and_entries_never_share_a_key(
    mentions: list[list[str]],
) -> None:
    records = [rec(f"r{i}", person(ns[0], *ns[1:])) for i, ns in enumerate(mentions)]
    entries = people(records)
    keys = [{fold_name(v) for v in e["variants"]} for e in entries]
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            assert not a & b  # two entries sharing a folded name would have been merged
    for i, ns in enumerate(mentions):
        holding = [e for e in entries if f"r{i}" in e["incidents"]]
        assert len(holding) == 1 and set(ns) <= set(holding[0]["variants"])


# -- timeline ---------------------------------------------------------------------------


def resp(date: str, by: str, kind: str) -> dict[str, str]:
    return {"date": date, "by": by, "kind": kind}


def _case() -> list[dict[str, Any]]:
    return [
        rec(
            "2019-proceedings",
            date="2019",
            perpetrators=["Ministry of Justice"],
            responses=[
                resp("2019-03-06", "ICJ", "statement"),
                resp("2020-01", "CCBE", "letter"),
            ],
        ),
        rec("2018-dismissed", date="2018-10-23"),
        rec(
            "2019-05-21-disbarred",
            date="2019-05-21",
            responses=[
                resp("2019-05-21", "IBAHRI", "trial-observation"),
                resp("2019", "Almaty bar", "statement"),
            ],
        ),
    ]


def test_incidents_and_responses_interleave_in_date_order() -> None:
    events = timeline(_case())
    assert [(e["date"], e["kind"], e["by"]) for e in events] == [
        ("2018-10-23", "incident", None),
        ("2019", "incident", "Ministry of Justice"),
        ("2019-03-06", "response", "ICJ"),
        ("2019-05-21", "incident", None),
        ("2019-05-21", "response", "IBAHRI"),
        ("2019", "response", "Almaty bar"),  # some day of 2019: after what it may answer
        ("2020-01", "response", "CCBE"),
    ]
    response = events[2]
    assert response == {
        "date": "2019-03-06",
        "precision": "day",
        "kind": "response",
        "id": "2019-proceedings",
        "title": "statement: Title of 2019-proceedings",
        "by": "ICJ",
    }
    assert [e["precision"] for e in events] == ["day", "year", "day", "day", "day", "year", "month"]


def test_a_response_known_to_the_month_comes_after_the_days_of_that_month() -> None:
    events = timeline(
        [
            rec(
                "2019-06-kz-search",
                date="2019-06-20",
                responses=[
                    resp("2019-06", "Lawyers for Lawyers", "statement"),
                    resp("2019-06-30", "ICJ", "letter"),
                    resp("2019-07-01", "CCBE", "letter"),
                ],
            ),
            rec("2019-06-kz-threat", date="2019-06"),
            rec("2019-06-30-kz-arrest", date="2019-06-30"),
        ]
    )
    assert [(e["date"], e["precision"], e["kind"]) for e in events] == [
        ("2019-06", "month", "incident"),  # an incident: from the first day it can mean
        ("2019-06-20", "day", "incident"),
        ("2019-06-30", "day", "incident"),
        ("2019-06-30", "day", "response"),
        ("2019-06", "month", "response"),  # not before the incident of 20 June it answers
        ("2019-07-01", "day", "response"),
    ]


def test_shown_date_names_a_coarse_precision() -> None:
    events = timeline([rec("a", date="2019", responses=[resp("2019-06", "X", "report")])])
    assert [shown_date(e) for e in events] == ["2019 (year)", "2019-06 (month)"]
    assert shown_date(timeline([rec("b", date="2019-06-05")])[0]) == "2019-06-05"


def test_a_period_leaves_out_responses_outside_it() -> None:
    events = timeline(_case(), Filters.build(years=[2019]))
    assert "2020-01" not in [e["date"] for e in events]
    assert len(events) == 6
    assert timeline(_case(), Filters.build(since="2019-04")) == [
        e for e in timeline(_case()) if e["date"] not in ("2019-03-06",)
    ]
