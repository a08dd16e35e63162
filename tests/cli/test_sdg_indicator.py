"""`report --indicator sdg-16.10.1` end to end: real data sets, the real CLI, every format."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from incidentctl.testing import Dataset

SOURCES = [
    {"url": "https://www.icj.org/a", "publisher": "International Commission of Jurists"},
    {"url": "https://www.rferl.org/b", "publisher": "RFE/RL", "type": "news"},
]
POLICE = [{"name": "City police", "category": "police"}]


def detained(data: Dataset, title: str, date: str, *people: dict[str, Any], **more: Any) -> str:
    fields: dict[str, Any] = {
        "title": title,
        "date": date,
        "types": ["arrest-detention"],
        "people": list(people),
        "perpetrators": POLICE,
        "verification": "verified",
        "sources": SOURCES,
    }
    fields.update(more)
    return data.add(**fields)


def sdg(data: Dataset, *args: str) -> dict[str, Any]:
    result = data.run("report", "--indicator", "sdg-16.10.1", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def assert_consistent(result: dict[str, Any]) -> None:
    for key in ("by_violation", "by_victim_group", "by_sex", "by_perpetrator"):
        assert sum(result[key].values()) == result["total"], key
        assert 0 not in result[key].values()


def test_a_case_reported_by_two_records_counts_once(incidentctl_dataset: Dataset) -> None:
    first = detained(
        incidentctl_dataset,
        "Lawyer Erlan Kaliev detained in Almaty",
        "2023-03-02",
        {"name": "Erlan Kaliev", "roles": ["lawyer"], "sex": "male"},
    )
    detained(  # the same man, as a Russian-language source spells him: one case
        incidentctl_dataset,
        "Ерлан Калиев still held, says his colleague",
        "2023-03-09",
        {"name": "Ерлан Калиев", "roles": ["lawyer"]},
    )
    result = sdg(incidentctl_dataset, "--year", "2023")
    assert result["total"] == 1
    assert result["cases"] == [
        {
            "incident": first,
            "victim": "Erlan Kaliev",
            "violation": "arbitrary-detention",
            "date": "2023-03-02",
        }
    ]
    assert result["by_sex"] == {"male": 1}
    assert result["by_perpetrator"] == {"state": 1}
    assert result["period"] == {"since": "2023-01-01", "until": "2023-12-31"}
    assert_consistent(result)


def test_a_group_counts_its_size_and_unverified_records_are_listed(
    incidentctl_dataset: Dataset,
) -> None:
    group = {
        "description": "members of the teachers' union",
        "size": 14,
        "roles": ["trade-unionist"],
    }
    detained(incidentctl_dataset, "Fourteen union members detained", "2023-05", groups=[group])
    unverified = detained(
        incidentctl_dataset,
        "Journalist reportedly detained",
        "2023-06",
        {"name": "Dana Sapar", "roles": ["journalist"]},
        verification="likely",
    )
    result = sdg(incidentctl_dataset)
    assert result["total"] == 14
    assert result["by_victim_group"] == {"trade-unionists": 14}
    assert result["by_sex"] == {"unknown": 14}
    assert result["cases"][0]["victim"] == "members of the teachers' union"
    assert result["not_counted"] == [{"incident": unverified, "reason": "not verified"}]
    assert_consistent(result)


def test_a_withdrawn_duplicate_is_left_out_of_every_count(incidentctl_dataset: Dataset) -> None:
    kept = detained(
        incidentctl_dataset,
        "Activist Erlan Kaliev detained",
        "2023-04-02",
        {"name": "Erlan Kaliev", "roles": ["activist"], "sex": "male"},
    )
    detained(
        incidentctl_dataset,
        "Activist Erlan Kaliev detained (entered twice)",
        "2023-04-01",
        {"name": "Erlan Kaliev", "roles": ["activist"], "sex": "female"},
        withdrawn={"date": "2023-05", "reason": "entered twice", "duplicate_of": kept},
    )
    result = sdg(incidentctl_dataset)
    assert result["total"] == 1
    assert result["cases"][0]["incident"] == kept
    assert result["by_sex"] == {"male": 1}
    assert result["not_counted"] == []
    report = json.loads(incidentctl_dataset.run("report", "--format", "json").stdout)
    assert report["incidents"] == [kept]
    assert report["victims"] == 1 and report["by_sex"] == {"male": 1}
    # with --withdrawn the report lists it (and its day opens the period), the count does not
    with_withdrawn = sdg(incidentctl_dataset, "--withdrawn")
    assert with_withdrawn["period"]["since"] == "2023-04-01"
    assert {**with_withdrawn, "period": result["period"]} == result


def test_public_counts_confidential_victims_without_naming_them(
    incidentctl_dataset: Dataset,
) -> None:
    detained(
        incidentctl_dataset,
        "Two defenders detained after a rally",
        "2023-09-22",
        {"name": "Zarina Secretova", "roles": ["activist"], "sex": "female", "confidential": True},
        {"name": "Marat Openov", "roles": ["activist"], "sex": "male"},
        groups=[
            {
                "description": "the Hidden Hollow village committee",
                "size": 3,
                "roles": ["human-rights-defender"],
                "confidential": True,
            }
        ],
        public_title="Defenders detained after a rally",
    )
    analyst = sdg(incidentctl_dataset)
    public = sdg(incidentctl_dataset, "--public")
    for result in (analyst, public):
        assert result["total"] == 5
        assert result["by_sex"] == {"unknown": 3, "female": 1, "male": 1}
        assert_consistent(result)
    assert {c["victim"] for c in analyst["cases"]} >= {"Zarina Secretova"}
    victims = sorted(c["victim"] for c in public["cases"])
    assert victims == ["(name withheld)", "(name withheld)", "Marat Openov"]
    for fmt in ("table", "markdown", "csv", "html", "json"):
        out = incidentctl_dataset.run(
            "report", "--indicator", "sdg-16.10.1", "--public", "--format", fmt
        ).stdout
        assert "Secretova" not in out and "Hidden Hollow" not in out, fmt
    exported = incidentctl_dataset.run("export", "--public", "--format", "json").stdout
    assert "Secretova" not in exported and "Hidden Hollow" not in exported
    assert json.loads(exported)[0]["groups"][0]["size"] == 3


def test_the_index_answer_equals_the_public_gate_answer(incidentctl_dataset: Dataset) -> None:
    """Without confidential data the two paths (index candidates, gate) must agree."""
    detained(
        incidentctl_dataset,
        "Lawyer detained in Astana",
        "2022-11",
        {"name": "Asel Nur", "roles": ["lawyer"], "sex": "female"},
        types=["arrest-detention", "torture-ill-treatment"],
    )
    incidentctl_dataset.add(title="A disbarment, not a counted violation", date="2023-02")
    detained(
        incidentctl_dataset,
        "Relative detained",
        "2024-01",
        {"name": "Some Relative", "roles": ["relative"]},
    )
    for args in ((), ("--year", "2023"), ("--since", "2022-12")):
        assert sdg(incidentctl_dataset, *args) == sdg(incidentctl_dataset, "--public", *args)
    every = sdg(incidentctl_dataset)
    assert every["period"] == {"since": "2022-11-01", "until": "2024-01-31"}
    assert every["by_violation"] == {"arbitrary-detention": 1, "torture": 1}
    reasons = {n["reason"] for n in every["not_counted"]}
    assert reasons == {
        "no victim is a journalist, media worker, trade unionist or human-rights defender"
    }


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "html"])
def test_every_format_shows_the_same_count(incidentctl_dataset: Dataset, fmt: str) -> None:
    detained(
        incidentctl_dataset,
        "Journalist <b>Bold</b> detained",
        "2023-02",
        {"name": "Nurlan <b>Bold</b>", "roles": ["journalist"], "sex": "male"},
    )
    out = incidentctl_dataset.run("report", "--indicator", "sdg-16.10.1", "--format", fmt).stdout
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert ["total", "cases", "1", "", "", "", ""] in rows
        assert ["by_victim_group", "journalists-and-media-workers", "1", "", "", "", ""] in rows
    else:
        assert "Journalists and media workers" in out and "Arbitrary detention" in out
    if fmt == "html":
        assert "<b>Bold</b>" not in out and "&lt;b&gt;Bold&lt;/b&gt;" in out
        assert "<script" not in out and "http" not in out.replace("http-equiv", "")


def test_output_file_and_the_report_victims(incidentctl_dataset: Dataset) -> None:
    detained(
        incidentctl_dataset,
        "Two lawyers detained",
        "2023-02",
        {"name": "A Lawyer", "roles": ["lawyer"], "sex": "female"},
        {"name": "B Lawyer", "roles": ["lawyer"]},
        groups=[{"description": "their clients", "size": 4, "roles": ["client"]}],
    )
    target = incidentctl_dataset.root / "sdg.html"
    result = incidentctl_dataset.run(
        "report", "--indicator", "sdg-16.10.1", "--format", "html", "--output", str(target)
    )
    assert result.exit_code == 0 and "2 case(s)" in result.stderr
    assert "Human-rights defenders" in target.read_text(encoding="utf-8")
    report = json.loads(incidentctl_dataset.run("report", "--format", "json").stdout)
    assert report["victims"] == 6
    assert report["by_sex"] == {"unknown": 5, "female": 1}
    text = incidentctl_dataset.run("report").stdout
    assert "Victims: 6" in text and "Victims by sex" in text


def test_public_leaves_confidential_records_out_of_the_count(incidentctl_dataset: Dataset) -> None:
    secret, unverified_secret = (
        detained(
            incidentctl_dataset,
            title,
            date,
            {"name": "Saule Hiddenova", "roles": ["journalist"]},
            confidential=True,
            verification=verification,
        )
        for title, date, verification in (
            ("Journalist Saule Hiddenova detained", "2023-02", "verified"),
            ("Another Hiddenova detention", "2023-03", "unverified"),
        )
    )
    assert sdg(incidentctl_dataset)["total"] == 1
    assert {n["incident"] for n in sdg(incidentctl_dataset)["not_counted"]} == {unverified_secret}
    public = incidentctl_dataset.run(
        "report", "--indicator", "sdg-16.10.1", "--public", "--format", "json"
    ).stdout
    assert json.loads(public)["total"] == 0 and json.loads(public)["not_counted"] == []
    assert secret not in public and "Hiddenova" not in public


def test_the_html_page_allows_only_its_own_style_by_hash(incidentctl_dataset: Dataset) -> None:
    import base64
    import hashlib
    import re

    page = incidentctl_dataset.run(
        "report", "--indicator", "sdg-16.10.1", "--format", "html"
    ).stdout
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert policy and style
    digest = base64.b64encode(hashlib.sha256(style[1].encode()).digest()).decode()
    assert policy[1].replace("&#x27;", "'") == (f"default-src 'none'; style-src 'sha256-{digest}'")
    assert "unsafe-inline" not in page and "<script" not in page
