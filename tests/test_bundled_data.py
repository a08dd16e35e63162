"""The shipped data set: valid, canonical, readable by any YAML reader, faithful to the source page."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml as pyyaml

from incidentctl.files.store import Store
from incidentctl.ops.edit import render
from incidentctl.record.model import Record, json_schema
from incidentctl.testing import Dataset

DATA = Path(__file__).resolve().parents[1] / "data" / "incidents"
FILES = sorted(DATA.rglob("*.yaml"))


def test_there_is_bundled_data() -> None:
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_file_is_plain_json_for_pyyaml_and_matches_the_schema(path: Path) -> None:
    data = pyyaml.safe_load(path.read_text(encoding="utf-8"))
    # Plain JSON values only: a YAML 1.1 reader must not see dates, numbers or booleans in strings.
    assert json.loads(json.dumps(data)) == data
    jsonschema.validate(data, json_schema())
    assert data["id"] == path.stem and path.parent.name == data["date"][:4]


@pytest.mark.slow
def test_validate_and_fmt_check_pass(incidentctl_bundled: Dataset) -> None:
    result = incidentctl_bundled.run("validate")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert incidentctl_bundled.run("fmt", "--check").exit_code == 0


def _records(incidentctl_bundled: Dataset) -> dict[str, object]:
    return {
        loaded.record.id: loaded.record for loaded in Store(incidentctl_bundled.root).iter_loaded()
    }


def test_sizintsev_case_is_modelled_with_every_spelling_and_response(
    incidentctl_bundled: Dataset,
) -> None:
    records = _records(incidentctl_bundled)
    case = [r for r in records.values() if r.case == "sizintsev-disbarment"]
    assert {str(r.date) for r in case} >= {"2018-10-23", "2019-05-21"}
    names = {n for r in case for p in r.people for n in (p.name, *p.aliases)}
    assert {"Sergey Sizintsev", "Sizentsev", "Sizintzev", "Сергей Сизинцев"} <= names
    responders = {resp.by for r in case for resp in r.responses}
    for org in ("International Commission of Jurists", "Lawyers for Lawyers"):
        assert org in responders
    assert any("CCBE" in b or "Council of Bars" in b for b in responders)
    assert any("IBA" in b or "International Bar Association" in b for b in responders)
    languages = {s.language for r in case for s in r.sources}
    assert {"en", "ru", "kk", "fr"} <= languages


def test_omarova_dog_and_cat_dates_are_as_precise_as_the_page(incidentctl_bundled: Dataset) -> None:
    records = [
        r
        for r in _records(incidentctl_bundled).values()
        if any("Omarova" in p.name for p in r.people)
    ]
    dates = sorted(str(r.date) for r in records)
    assert "2019-06-05" in dates
    year_only = [r for r in records if r.date.precision == "year"]
    assert year_only and all(r.date_note for r in year_only)
    aliases = {a for r in records for p in r.people for a in p.aliases}
    assert "Aiman Umarova" in aliases


def test_inferred_years_carry_a_date_note(incidentctl_bundled: Dataset) -> None:
    detained = [
        r
        for r in _records(incidentctl_bundled).values()
        if any(p.name == "Abzal Dostiyarov" for p in r.people)
    ]
    assert len(detained) == 1
    assert str(detained[0].date) == "2023-09-22" and detained[0].date_note
    assert {p.name for p in detained[0].people} >= {
        "Abzal Dostiyarov",
        "Marat Turymbetov",
        "Maira Gabdullina",
    }


def test_jardemalie_non_lieu_in_belgium(incidentctl_bundled: Dataset) -> None:
    (record,) = [
        r
        for r in _records(incidentctl_bundled).values()
        if any("Jardemalie" in p.name for p in r.people)
    ]
    assert {"BE", "KZ"} <= set(record.countries)
    assert "non-lieu" in (record.outcome or "")
    assert any(s.language == "fr" for s in record.sources)


# -- schema v2 (SPEC §7; why each value: docs/seed-data.md) ---------------------------------


def test_v2_sex_where_the_page_says_it(incidentctl_bundled: Dataset) -> None:
    sexes = {p.name: p.sex for r in _records(incidentctl_bundled).values() for p in r.people}
    assert sexes["Sergey Sizintsev"] == "male"  # "he", "Mr Sizintsev"
    assert sexes["Aiman Omarova"] == "female"  # "she", "her dog"
    assert sexes["Botagoz Jardemalie"] == "female"  # "l'avocate", "Mme Jardemalie"
    # the page uses no pronoun for the three activists: a given name is not a source
    assert {sexes[n] for n in ("Abzal Dostiyarov", "Marat Turymbetov", "Maira Gabdullina")} == {
        None
    }


def test_v2_acts_per_person(incidentctl_bundled: Dataset) -> None:
    records = _records(incidentctl_bundled)
    acts = {
        (r.id, p.name): [(a.type, str(a.date)) for a in p.acts]
        for r in records.values()
        for p in r.people
    }
    sizintsev = sorted(t for (_, name), a in acts.items() if name == "Sergey Sizintsev" for t in a)
    assert sizintsev == [
        ("disbarment", "2019-05-21"),
        ("disciplinary-proceedings", "2019"),
        ("dismissal", "2018-10-23"),
        ("judicial-harassment", "2019"),
    ]
    omarova = sorted(t for (_, name), a in acts.items() if name == "Aiman Omarova" for t in a)
    assert omarova == [("threats-intimidation", "2019"), ("threats-intimidation", "2019-06-05")]
    detained = records["2023-09-22-kz-almaty-activists-detained"]
    assert all(
        [(a.type, a.perpetrators) for a in p.acts] == [("arrest-detention", ["Almaty police"])]
        for p in detained.people
    )


def test_v2_perpetrator_categories_verification_and_places(incidentctl_bundled: Dataset) -> None:
    records = _records(incidentctl_bundled)
    categories = {n: c for r in records.values() for n, c in r.perpetrator_categories().items()}
    assert categories["Almaty police"] == "police"
    assert categories["Ministry of Justice of Kazakhstan"] == "executive"
    assert categories["Petropavlovsk City Court No. 2"] == "judiciary"
    assert categories["BTA Bank"] == "private-company"
    verification = {rid: r.verification for rid, r in records.items()}
    assert verification["2019-05-21-kz-sizintsev-disbarred"] == "verified"
    assert verification["2019-kz-omarova-dead-cat-on-gate"] == "likely"  # one source
    # RFE/RL and its Kazakh service are one publisher, not two independent ones
    assert verification["2023-09-22-kz-almaty-activists-detained"] == "likely"
    places = {r.location: r.subdivision for r in records.values() if r.location}
    assert places == {"Petropavlovsk": "KZ-59", "Almaty": "KZ-75", "Brussels": "BE-BRU"}
    assert all(s.type for r in records.values() for s in r.sources)


def _sdg(data: Dataset, *args: str) -> dict[str, object]:
    result = data.run("report", "--indicator", "sdg-16.10.1", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    parsed: dict[str, object] = json.loads(result.stdout)
    return parsed


def test_sdg_count_on_the_bundled_data(incidentctl_bundled: Dataset) -> None:
    """The only counted violation on the page (the Almaty detentions) has one publisher, so
    nothing is counted and the record is listed with the reason; with a second, independent
    source an analyst can mark it verified, and then its three victims count."""
    detained = "2023-09-22-kz-almaty-activists-detained"
    as_shipped = _sdg(incidentctl_bundled, "--year", "2023")
    assert as_shipped["total"] == 0 and as_shipped["cases"] == []
    assert as_shipped["not_counted"] == [{"incident": detained, "reason": "not verified"}]
    assert _sdg(incidentctl_bundled, "--year", "2019")["not_counted"] == []

    path = incidentctl_bundled.incidents / "2023" / f"{detained}.yaml"
    data = pyyaml.safe_load(path.read_text(encoding="utf-8"))
    data["verification"] = "verified"
    data["sources"].append({"url": "https://example.org/second-independent-source", "type": "ngo"})
    path.write_text(render(Record.model_validate_json(json.dumps(data))), encoding="utf-8")
    assert incidentctl_bundled.run("validate").exit_code == 0
    verified = _sdg(incidentctl_bundled, "--year", "2023")
    assert verified["total"] == 3
    assert verified["by_violation"] == {"arbitrary-detention": 3}
    assert verified["by_victim_group"] == {"human-rights-defenders": 3}
    assert verified["by_sex"] == {"unknown": 3}
    assert verified["by_perpetrator"] == {"state": 3}
    assert verified["not_counted"] == []
