"""`add` without YAML: every field from flags or --set; --from errors located; near-duplicates.

All through real processes (no terminal: stdin is a pipe, so nothing is asked).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from incidentctl.testing import Dataset

BASE = [
    "add",
    "--title", "Activists detained on the square in Almaty",
    "--date", "2023-09-22",
    "--country", "KZ",
    "--type", "arrest-detention",
    "--status", "ongoing",
    "--summary", "Three activists were detained.",
    "--source", "https://www.example.org/a",
]  # fmt: skip


def _written(dataset: Dataset, stdout: str) -> dict[str, Any]:
    _, path = stdout.strip().split("\t")
    data: dict[str, Any] = yaml.safe_load((dataset.root / path).read_text(encoding="utf-8"))
    return data


def test_v2_flags_set_people_perpetrators_verification_and_subdivision(
    incidentctl_dataset: Dataset,
) -> None:
    result = incidentctl_dataset.run(
        *BASE,
        "--source", "https://other.example.net/b",
        "--person", "Aiman Omarova:lawyer,human-rights-defender:female",
        "--person", "Unnamed activist::male",
        "--person", "Third Person",
        "--perpetrator", "Almaty police:Police",
        "--perpetrator", "Unknown men",
        "--verification", "verified",
        "--subdivision", "Almaty",  # a name as ISO gives it
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = _written(incidentctl_dataset, result.stdout)
    assert data["people"] == [
        {"name": "Aiman Omarova", "roles": ["lawyer", "human-rights-defender"], "sex": "female"},
        {"name": "Unnamed activist", "sex": "male"},
        {"name": "Third Person"},
    ]
    assert data["perpetrators"] == [{"name": "Almaty police", "category": "police"}, "Unknown men"]
    assert data["verification"] == "verified" and data["subdivision"] == "KZ-75"


def test_set_reaches_any_field_of_a_new_record(incidentctl_dataset: Dataset) -> None:
    result = incidentctl_dataset.run(
        *BASE,
        "--set", "sources[0].publisher=Radio Azattyq",
        "--set", "sources[0].language=RUSSIAN",
        "--set", "sources[0].type=news",
        "--set", "sources[1].publisher=Kazakhstan International Bureau for Human Rights",
        "--set", "people[0].name=Aiman Omarova",
        "--set", "people[0].aliases=Айман Омарова, Aiman Umarova",
        "--set", "people[0].acts[0].type=arrest-detention",
        "--set", "responses[0].date=2023-09-25",
        "--set", "responses[0].by=Lawyers for Lawyers",
        "--set", "responses[0].kind=statement",
        "--set", "tags=almaty,protest",
        "--set", "confidential=true",
        "--set", "external_ids=acled:KAZ1234",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = _written(incidentctl_dataset, result.stdout)
    assert data["sources"] == [
        {
            "url": "https://www.example.org/a",
            "publisher": "Radio Azattyq",
            "language": "ru",
            "type": "news",
        },
        {"publisher": "Kazakhstan International Bureau for Human Rights"},
    ]
    assert data["people"] == [
        {
            "name": "Aiman Omarova",
            "aliases": ["Айман Омарова", "Aiman Umarova"],
            "acts": [{"type": "arrest-detention"}],
        }
    ]
    assert data["responses"] == [
        {"date": "2023-09-25", "by": "Lawyers for Lawyers", "kind": "statement"}
    ]
    assert data["tags"] == ["almaty", "protest"] and data["confidential"] is True
    assert data["external_ids"] == ["acled:KAZ1234"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("flag", "value", "words"),
    [
        ("--person", "Aiman Omarova:lawer", "--person 'Aiman Omarova:lawer': the role 'lawer'"),
        ("--person", "Aiman Omarova:lawyer:femal", "the sex 'femal' is not one of: female"),
        ("--person", "A:lawyer:female:x", "at most NAME:ROLE:SEX"),
        ("--person", ":lawyer", "--person ':lawyer': the name is missing"),
        ("--perpetrator", "Almaty police:polize", "the category 'polize' is not one of"),
        ("--perpetrator", ":police", "the name is missing"),
    ],
)
def test_a_bad_part_of_a_flag_is_named_and_nothing_is_written(
    incidentctl_dataset: Dataset, flag: str, value: str, words: str
) -> None:
    before = incidentctl_dataset.snapshot()
    result = incidentctl_dataset.run(*BASE, flag, value)
    assert result.exit_code == 1
    assert words in result.stderr and "Traceback" not in result.stderr
    assert incidentctl_dataset.snapshot() == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("assignment", "words"),
    [
        ("sources[2].url=https://x.org", "numbered from 0 without gaps (the next is [1])"),
        ("people[0]name=X", "is not a field path"),
        ("status", "--set takes FIELD=VALUE"),
    ],
)
def test_a_bad_set_is_a_usage_error(
    incidentctl_dataset: Dataset, assignment: str, words: str
) -> None:
    before = incidentctl_dataset.snapshot()
    result = incidentctl_dataset.run(*BASE, "--set", assignment)
    assert result.exit_code == 2, result.stderr
    assert words in result.stderr
    assert incidentctl_dataset.snapshot() == before


@pytest.mark.slow
def test_a_bad_value_set_is_reported_under_its_field(incidentctl_dataset: Dataset) -> None:
    result = incidentctl_dataset.run(*BASE, "--set", "verification=sure")
    assert result.exit_code == 1
    assert "verification: 'sure' is not one of" in result.stderr


# -- add --from: errors located like validate's ---------------------------------------

BAD_YAML = """\
id: "2019-05-21-kz-lawyer-disbarred"
title: "Lawyer disbarred in Petropavlovsk"
date: "2019-05-21"
countries:
  - "KZ"
types:
  - "disbarmnt"
status: "ongoing"
summary: |
  The court revoked the licence.
sources:
  - url: "ftp://example.org/a"
    language: "Klingon"
recorded: "2026-01-01"
"""


def _located(stderr: str, name: str) -> set[str]:
    """``LINE:COL: FIELD: message`` of each error line about the file ``name``."""
    return {line.split(f"{name}:", 1)[1] for line in stderr.splitlines() if f"{name}:" in line}


BAD_SUBDIVISION = (
    BAD_YAML.replace('"disbarmnt"', '"disbarment"')
    .replace('"ftp:', '"https:')
    .replace('"Klingon"', '"en"')
    .replace('countries:\n  - "KZ"\n', 'countries:\n  - "KZ"\nsubdivision: "North Kazakhstan"\n')
)


@pytest.mark.parametrize(
    ("text", "expected", "suggestion"),
    [
        (
            BAD_YAML,
            {
                "7:5: types[0]: 'disbarmnt' is not one of",
                "12:10: sources[0].url: 'ftp://example.org/a' is not a web address",
                "13:15: sources[0].language: 'Klingon' is not an ISO 639-1 language code",
            },
            "",
        ),
        (
            BAD_SUBDIVISION,
            {"6:14: subdivision: 'North Kazakhstan' is not an ISO 3166-2 subdivision code"},
            "KZ-59 Soltüstik Qazaqstan oblysy",  # validate's suggestion, carried
        ),
    ],
    ids=["fields", "subdivision"],
)
def test_from_errors_name_line_column_and_field_as_validate_does(
    incidentctl_dataset: Dataset, tmp_path: Path, text: str, expected: set[str], suggestion: str
) -> None:
    given = tmp_path / "2019-05-21-kz-lawyer-disbarred.yaml"
    given.write_text(text, encoding="utf-8")
    added = incidentctl_dataset.run("add", "--from", str(given))
    assert added.exit_code == 1 and incidentctl_dataset.files() == []
    stored = incidentctl_dataset.incidents / "2019" / given.name
    stored.parent.mkdir(parents=True)
    stored.write_text(text, encoding="utf-8")
    checked = incidentctl_dataset.run("validate")
    for result in (added, checked):
        found = _located(result.stderr + result.stdout, given.name)
        for start in expected:
            assert any(line.startswith(start) for line in found), (start, found)
    assert _located(added.stderr, given.name) == _located(checked.stdout, given.name)
    assert suggestion in added.stderr


@pytest.mark.slow
def test_from_json_errors_are_located_and_option_values_are_not(
    incidentctl_dataset: Dataset, tmp_path: Path, incidentctl_record_data
) -> None:
    data = incidentctl_record_data(countries=["Atlantis"], status="open")
    given = tmp_path / "in.json"
    given.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    lines = given.read_text(encoding="utf-8").splitlines()
    country_line = next(n for n, text in enumerate(lines, 1) if "Atlantis" in text)
    result = incidentctl_dataset.run("add", "--from", str(given), "--status", "shut")
    assert result.exit_code == 1
    assert f"in.json:{country_line}:" in result.stderr
    assert "countries[0]: 'Atlantis' is not an ISO 3166-1" in result.stderr
    # typed on the command line: named by field, with no place in the file
    assert "in.json: status: 'shut' is not one of" in result.stderr


# -- near-duplicates --------------------------------------------------------------------


def add_threatened_lawyer(dataset: Dataset) -> str:
    """A record the near-duplicate tests add another like: its id."""
    return dataset.add(
        title="Lawyer Aiman Omarova threatened in Almaty",
        date="2019-06-05",
        types=["threats-intimidation"],
        people=[{"name": "Aiman Omarova", "roles": ["lawyer"]}],
    )


def test_a_near_duplicate_is_warned_about_by_name_and_piped_add_goes_on(
    incidentctl_dataset: Dataset,
) -> None:
    first = add_threatened_lawyer(incidentctl_dataset)
    same_person = incidentctl_dataset.run(
        *BASE[:2], "Dog of a lawyer found poisoned",
        "--date", "7 June 2019", "--type", "threats-intimidation",
        "--person", "Aiman Omarova:lawyer", *BASE[5:7], *BASE[9:],
    )  # fmt: skip
    assert same_person.exit_code == 0, same_person.stderr
    assert f"warning: this record looks like {first} (same person 'Aiman Omarova'" in (
        same_person.stderr
    )
    same_title = incidentctl_dataset.run(
        *BASE[:2], "Lawyer Aiman Omarova threatened in Almaty.",
        "--date", "2019-06", "--type", "surveillance", *BASE[5:7], *BASE[9:],
    )  # fmt: skip
    assert same_title.exit_code == 0
    assert f"looks like {first} (near-identical titles)" in same_title.stderr
    assert len(incidentctl_dataset.files()) == 3
    unrelated = incidentctl_dataset.run(*BASE)
    assert unrelated.exit_code == 0 and "looks like" not in unrelated.stderr


def test_a_record_that_would_take_an_existing_ones_id_is_warned_about(
    incidentctl_dataset: Dataset,
) -> None:
    # Regression: add told the new record from the stored ones by its id, so the record whose
    # id it drafted (same date, country and title: the likeliest duplicate) was never named,
    # and the second of two identical adds went through without a word.
    first = incidentctl_dataset.run(*BASE)
    assert first.exit_code == 0, first.stderr
    first_id = first.stdout.split()[0]
    second = incidentctl_dataset.run(*BASE)
    assert second.exit_code == 0, second.stderr
    assert f"looks like {first_id} (near-identical titles)" in second.stderr
    second_id = second.stdout.split()[0]
    assert second_id == f"{first_id}-2"
    third = incidentctl_dataset.run(*BASE)
    assert f"looks like {first_id} (near-identical titles)" in third.stderr
    assert f"looks like {second_id} (near-identical titles)" in third.stderr
    assert len(incidentctl_dataset.files()) == 3
