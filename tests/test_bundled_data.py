"""The shipped data set: valid, canonical, readable by any YAML reader, faithful to the source page."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml as pyyaml

from incidentctl.files.store import Store
from incidentctl.record.model import json_schema
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
