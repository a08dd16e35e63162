"""The SDG 16.10.1 counting rules of SPEC §7, one test per rule, on record data built here."""

from __future__ import annotations

from typing import Any

import pytest

from incidentctl.index.filters import Filters
from incidentctl.views import sdg


def rec(rid: str, date: str = "2023-05-01", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": rid,
        "title": f"Record {rid}",
        "date": date,
        "countries": ["KZ"],
        "types": ["arrest-detention"],
        "status": "ongoing",
        "summary": "s",
        "verification": "verified",
        "sources": [{"publisher": "A"}, {"publisher": "B"}],
        "recorded": "2024-01-01",
    }
    data.update(fields)
    return data


def person(name: str, *roles: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "roles": list(roles or ("lawyer",)), **fields}


def count(*records: dict[str, Any], year: int | None = 2023, **kw: Any) -> dict[str, Any]:
    filters = Filters(years=(year,) if year else ())
    return sdg.count([(r, r) for r in records], filters, **kw).to_json()


def assert_totals_agree(result: dict[str, Any]) -> None:
    for key in ("by_violation", "by_victim_group", "by_sex", "by_perpetrator"):
        assert sum(result[key].values()) == result["total"], key
        assert all(v > 0 for v in result[key].values()), key


def test_one_case_reported_by_two_records_counts_once_with_the_earliest() -> None:
    later = rec("b-later", "2023-06", people=[person("Сергей Сизинцев", sex="male")])
    earlier = rec(
        "a-earlier", "2023-05-02", people=[person("Sergey Sizintsev", aliases=["Сергей Сизинцев"])]
    )
    result = count(later, earlier)
    assert result["total"] == 1
    assert result["cases"] == [
        {
            "incident": "a-earlier",
            "victim": "Sergey Sizintsev",
            "violation": "arbitrary-detention",
            "date": "2023-05-02",
        }
    ]
    # the later record says the sex: the case has it
    assert result["by_sex"] == {"male": 1}
    assert result["not_counted"] == []
    assert_totals_agree(result)


def test_two_violations_of_one_person_are_two_cases() -> None:
    r = rec("r1", types=["arrest-detention", "torture-ill-treatment"], people=[person("A B")])
    result = count(r)
    assert result["by_violation"] == {"arbitrary-detention": 1, "torture": 1}
    assert result["total"] == 2


def test_acts_say_which_person_suffered_which_violation() -> None:
    r = rec(
        "r1",
        types=["arrest-detention", "threats-intimidation"],
        people=[
            person("Detained One", acts=[{"type": "arrest-detention"}]),
            person("Threatened One", acts=[{"type": "threats-intimidation"}]),
        ],
    )
    result = count(r)
    assert [c["victim"] for c in result["cases"]] == ["Detained One"]


def test_a_group_counts_size_cases_and_only_within_its_record() -> None:
    group = {"description": "striking miners", "size": 12, "roles": ["trade-unionist"]}
    result = count(
        rec("r1", groups=[group], perpetrators=[{"name": "Police", "category": "police"}]),
        rec("r2", "2023-07", groups=[group]),
    )
    assert result["total"] == 24
    assert result["by_victim_group"] == {"trade-unionists": 24}
    assert result["by_sex"] == {"unknown": 24}
    assert result["by_perpetrator"] == {"state": 12, "unknown": 12}
    assert result["cases"][0]["size"] == 12
    assert_totals_agree(result)


def test_unverified_and_likely_records_are_listed_as_not_counted() -> None:
    result = count(
        rec("r1", verification="likely", people=[person("A B")]),
        rec("r2", people=[person("C D")], verification=None),
        rec("r3", people=[person("E F")]),
    )
    assert result["total"] == 1
    assert result["not_counted"] == [
        {"incident": "r1", "reason": "not verified"},
        {"incident": "r2", "reason": "not verified"},
    ]


def test_records_without_a_counted_violation_are_not_listed() -> None:
    result = count(rec("r1", types=["disbarment"], people=[person("A B")], verification="likely"))
    assert result == count()


def test_victim_group_from_roles_first_that_applies() -> None:
    result = count(
        rec(
            "r1",
            people=[
                person("Journalist Lawyer", "lawyer", "journalist"),
                person("Union Activist", "activist", "trade-unionist"),
                person("Plain Lawyer", "lawyer"),
                person("A Relative", "relative"),
                {"name": "No Role"},
            ],
        )
    )
    assert result["by_victim_group"] == {
        "human-rights-defenders": 1,
        "journalists-and-media-workers": 1,
        "trade-unionists": 1,
    }
    assert result["total"] == 3


def test_no_victim_in_a_counted_group_is_a_reason() -> None:
    result = count(rec("r1", people=[person("A Relative", "relative")]), rec("r2"))
    assert result["not_counted"] == [
        {"incident": "r1", "reason": sdg.NO_COUNTED_GROUP},
        {"incident": "r2", "reason": sdg.NO_VICTIM},
    ]
    assert result["total"] == 0


def test_sex_defaults_to_unknown() -> None:
    result = count(rec("r1", people=[person("A B"), person("C D", sex="female")]))
    assert result["by_sex"] == {"female": 1, "unknown": 1}


def test_perpetrator_side_from_the_act_else_the_record() -> None:
    perpetrators = [
        {"name": "Bank", "category": "private-company"},
        {"name": "Court", "category": "judiciary"},
        "Someone",
    ]
    r = rec(
        "r1",
        perpetrators=perpetrators,
        people=[
            person("By Bank", acts=[{"type": "arrest-detention", "perpetrators": ["Bank"]}]),
            person("By Someone", acts=[{"type": "arrest-detention", "perpetrators": ["Someone"]}]),
            person("By Anyone"),
        ],
    )
    result = count(r)
    assert result["by_perpetrator"] == {"non-state": 1, "state": 1, "unknown": 1}


def test_an_act_outside_the_period_is_not_counted() -> None:
    r = rec(
        "r1",
        "2022-12",
        end_date="2023-02",
        people=[person("A B", acts=[{"type": "arrest-detention", "date": "2022-12-05"}])],
    )
    assert count(r)["not_counted"] == [{"incident": "r1", "reason": sdg.OUT_OF_PERIOD}]
    assert count(r, year=2022)["total"] == 1


def test_withdrawn_records_are_left_out_of_every_count() -> None:
    original = rec("r1", people=[person("A B")])
    duplicate = rec(
        "r0-dup",
        "2023-01-01",
        people=[person("A B", sex="female")],
        withdrawn={"date": "2023-06", "reason": "duplicate", "duplicate_of": "r1"},
    )
    unverified_dup = dict(duplicate, verification="likely", id="r0-dup2")
    result = count(duplicate, unverified_dup, original)
    assert result["total"] == 1
    assert result["cases"][0]["incident"] == "r1"
    assert result["by_sex"] == {"unknown": 1}
    assert result["not_counted"] == []


def test_shown_data_gives_names_and_ids_but_counts_the_data() -> None:
    data = rec(
        "r1",
        people=[person("Secret Name", confidential=True, sex="female"), person("Open Name")],
        groups=[
            {"description": "secret group", "size": 3, "roles": ["activist"], "confidential": True}
        ],
    )
    shown = dict(
        data,
        id="r1-public",
        people=[dict(p, name="(name withheld)") for p in data["people"][:1]] + data["people"][1:],
        groups=[{"description": "(name withheld)", "size": 3}],
    )
    result = sdg.count([(data, shown)], Filters(years=(2023,))).to_json()
    assert result["total"] == 5
    assert result["by_sex"] == {"unknown": 4, "female": 1}
    victims = sorted(c["victim"] for c in result["cases"])
    assert victims == ["(name withheld)", "(name withheld)", "Open Name"]
    assert {c["incident"] for c in result["cases"]} == {"r1-public"}


@pytest.mark.parametrize("year", [2023, None])
def test_json_shape_and_period(year: int | None) -> None:
    result = count(rec("r1", people=[person("A B")]), year=year)
    assert list(result) == [
        "indicator",
        "period",
        "total",
        "by_violation",
        "by_victim_group",
        "by_sex",
        "by_perpetrator",
        "cases",
        "not_counted",
    ]
    assert result["indicator"] == "sdg-16.10.1"
    if year:
        assert result["period"] == {"since": "2023-01-01", "until": "2023-12-31"}


def test_empty_breakdowns_leave_out_zero_keys() -> None:
    result = count()
    assert result["total"] == 0
    assert result["by_violation"] == {} == result["by_sex"]
