"""Dates and countries as the sources write them, on every path where an analyst types one:
options, ``--set``, ``add --from``, import, filters. Each stores the one meaning, or refuses."""

from __future__ import annotations

import json

import yaml

from incidentctl.testing import Dataset

ADD = [
    "add",
    "--title", "Lawyer disbarred in Petropavlovsk",
    "--type", "disbarment",
    "--person", "Sergey Sizintsev:lawyer",
    "--status", "ongoing",
    "--summary", "The licence was revoked.",
    "--source", "https://www.icj.org/a",
]  # fmt: skip


def _stored(dataset: Dataset) -> list[dict[str, object]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in dataset.files()]


def test_a_dotted_date_is_day_first_and_a_russian_country_name_is_read(
    incidentctl_dataset: Dataset,
) -> None:
    # Before: 05.06.2019 was stored as 2019-05-06 (month first), Казахстан refused.
    result = incidentctl_dataset.run(*ADD, "--date", "05.06.2019", "--country", "Казахстан")
    assert result.exit_code == 0, result.stderr
    (record,) = _stored(incidentctl_dataset)
    assert record["date"] == "2019-06-05"
    assert record["countries"] == ["KZ"]
    assert str(record["id"]).startswith("2019-06-05-kz-")


def test_month_names_in_the_sources_languages_on_add(incidentctl_dataset: Dataset) -> None:
    for date, country in [("июнь 2019", "Қазақстан"), ("5 juin 2019", "Ouzbékistan")]:
        result = incidentctl_dataset.run(
            *ADD, "--date", date, "--end-date", "5. Juni 2019", "--country", country
        )
        assert result.exit_code == 0, result.stderr
    stored = {(r["date"], tuple(r["countries"])) for r in _stored(incidentctl_dataset)}  # type: ignore[arg-type]
    assert stored == {("2019-06", ("KZ",)), ("2019-06-05", ("UZ",))}


def test_an_ambiguous_slashed_date_is_refused_with_both_readings(
    incidentctl_dataset: Dataset,
) -> None:
    result = incidentctl_dataset.run(*ADD, "--date", "05/06/2019", "--country", "KZ")
    assert result.exit_code != 0
    assert "5 June 2019" in result.stderr and "6 May 2019" in result.stderr
    assert incidentctl_dataset.files() == []


def test_set_from_and_filters_read_the_same_forms(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    result = incidentctl_dataset.run(
        "edit", rid, "--set", "date=21.05.2019", "--set", "countries=Kasachstan,Россия"
    )
    assert result.exit_code == 0, result.stderr
    (record,) = _stored(incidentctl_dataset)
    assert record["date"] == "2019-05-21" and record["countries"] == ["KZ", "RU"]

    draft = incidentctl_dataset.root / "draft.yaml"
    draft.write_text(
        "title: Second lawyer disbarred\ndate: 3 мая 2019\ncountries: [Казахстан]\n"
        "types: [disbarment]\nstatus: ongoing\nsummary: Revoked.\n"
        "sources: [{url: 'https://example.org/x'}]\n",
        encoding="utf-8",
    )
    result = incidentctl_dataset.run("add", "--from", str(draft))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("2019-05-03-kz-second-lawyer-disbarred")

    found = incidentctl_dataset.run(
        "list", "--country", "Қазақстан", "--since", "май 2019", "--until", "21.05.2019",
        "--format", "ids",
    )  # fmt: skip
    assert found.exit_code == 0, found.stderr
    assert sorted(found.stdout.split()) == sorted([rid, "2019-05-03-kz-second-lawyer-disbarred"])


def test_import_reads_dates_and_countries_as_typed(incidentctl_dataset: Dataset) -> None:
    from incidentctl.testing import sample_record

    batch = incidentctl_dataset.root / "batch.jsonl"
    batch.write_text(
        json.dumps(sample_record(date="05.06.2019", countries=["Ouzbékistan"])) + "\n",
        encoding="utf-8",
    )
    result = incidentctl_dataset.run("import", str(batch))
    assert result.exit_code == 0, result.stderr
    (record,) = _stored(incidentctl_dataset)
    assert record["date"] == "2019-06-05" and record["countries"] == ["UZ"]
