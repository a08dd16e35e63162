"""Schema v2 (SPEC §7) is additive: the JSON Schema takes v1 and v2 files and refuses the
bad v2 values, and every v1 file reads the same and is never rewritten by any command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml as pyyaml

from incidentctl.ops import edit as records
from incidentctl.record.model import FIELD_ORDER, SUBORDERS, json_schema
from incidentctl.testing import Dataset, sample_record, sample_v2_record

V2 = sample_v2_record(
    withdrawn={"date": "2024", "reason": "A duplicate", "duplicate_of": "2019-05-21-kz-other"}
)


def _good() -> dict[str, Any]:
    return records.complete(dict(V2)).to_data()


def test_the_canonical_key_order_is_the_table_of_section_7() -> None:
    assert FIELD_ORDER == (
        "id", "title", "date", "end_date", "date_note", "countries", "location", "subdivision",
        "types", "people", "groups", "perpetrators", "status", "verification", "outcome",
        "summary", "public_title", "public_summary", "sources", "responses", "case", "related",
        "external_ids", "tags", "confidential", "withdrawn", "recorded",
    )  # fmt: skip
    assert SUBORDERS["people"] == (
        "name", "aliases", "roles", "confidential", "sex", "age_group", "acts"
    )  # fmt: skip
    assert SUBORDERS["acts"] == ("type", "date", "end_date", "perpetrators")
    assert SUBORDERS["groups"] == ("description", "size", "roles", "acts", "confidential")
    assert SUBORDERS["sources"][-1] == "type"
    assert SUBORDERS["withdrawn"] == ("date", "reason", "duplicate_of")


def test_the_schema_takes_v2_and_refuses_its_bad_values() -> None:
    schema = json_schema()
    good = _good()
    jsonschema.validate(good, schema)
    jsonschema.validate(records.complete(sample_record()).to_data(), schema)
    person, group = good["people"][0], good["groups"][0]
    for bad in (
        {**good, "subdivision": "KZ-99"},
        {**good, "subdivision": "North"},
        {**good, "verification": "certain"},
        {**good, "people": [{**person, "sex": "f"}]},
        {**good, "people": [{**person, "age_group": "child"}]},
        {**good, "people": [{**person, "acts": [{"type": "coup"}]}]},
        {**good, "people": [{**person, "acts": [{"date": "2019"}]}]},
        {**good, "groups": [{**group, "size": 1}]},
        {**good, "groups": [{**group, "size": "3"}]},
        {**good, "groups": [{"size": 3}]},
        {**good, "perpetrators": [{"name": "X", "category": "cops"}]},
        {**good, "perpetrators": [{"name": "X", "category": "police", "rank": 1}]},
        {**good, "perpetrators": [3]},
        {**good, "sources": [{"url": "https://x.org", "type": "blog"}]},
        {**good, "external_ids": ["no scheme"]},
        {**good, "external_ids": ["acled:1", "acled:1"]},
        {**good, "withdrawn": {"date": "2024"}},
        {**good, "withdrawn": {**good["withdrawn"], "duplicate_of": "Not An Id"}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_the_schema_command_prints_the_v2_schema(incidentctl_dataset: Dataset) -> None:
    printed = json.loads(incidentctl_dataset.run("schema").stdout)
    assert printed == json.loads(json.dumps(json_schema()))
    assert "withdrawn" in printed["properties"] and "KZ-59" in json.dumps(printed)


def _v1_files() -> list[Path]:
    root = Path(__file__).resolve().parents[2] / "data" / "incidents"
    files = sorted(root.rglob("*.yaml"))
    v1 = [
        p
        for p in files
        if not set(pyyaml.safe_load(p.read_text(encoding="utf-8")))
        & {"subdivision", "groups", "verification", "withdrawn", "external_ids"}
    ]
    return v1 or files


def test_v1_files_are_never_rewritten(incidentctl_dataset: Dataset) -> None:
    """Every v1 file (the bundled ones as main has them, and one written by v1's add) is
    byte-identical after fmt --check, fmt, validate, and edits and withdrawals of other
    records, and reads as it did."""
    import shutil

    ds = incidentctl_dataset
    for path in _v1_files():
        folder = ds.incidents / path.parent.name
        folder.mkdir(exist_ok=True)
        shutil.copy(path, folder / path.name)
    ds.add()
    other = ds.add(title="Another record, to be edited and withdrawn")
    ds.git("add", "-A")
    ds.git("commit", "-q", "-m", "v1 files")
    before = {p: p.read_bytes() for p in ds.files() if other not in p.name}
    assert before
    data_before = {
        p: json.loads(ds.invoke("show", p.stem, "--format", "json").stdout) for p in before
    }
    assert ds.run("fmt", "--check").exit_code == 0
    assert ds.run("fmt").exit_code == 0
    assert ds.run("validate").exit_code == 0
    assert (
        ds.run(
            "edit", other, "--set", "people[0].sex=male", "--set", "verification=likely"
        ).exit_code
        == 0
    )
    assert ds.run("withdraw", other, "--reason", "Test").exit_code == 0
    assert ds.run("fmt", "--check").exit_code == 0
    assert {p: p.read_bytes() for p in before} == before
    assert ds.git("status", "--porcelain").strip().endswith(f"{other}.yaml")
    for p, data in data_before.items():
        assert json.loads(ds.invoke("show", p.stem, "--format", "json").stdout) == data


def test_fmt_puts_nested_v2_records_in_canonical_order(incidentctl_dataset: Dataset) -> None:
    """Keys out of order at any depth (an act, a perpetrator, withdrawn) are put in the order
    of SPEC §7 by fmt, comments kept; the result is what add writes."""
    ds = incidentctl_dataset
    rid = ds.add(**sample_v2_record())
    path = ds.files()[0]
    canonical = path.read_text(encoding="utf-8")
    shuffled = (
        canonical.replace(
            '  - type: "dismissal"\n        date: "2018"\n',
            '  - date: "2018" # as the source says\n        type: "dismissal"\n',
        )
        .replace(
            '  - name: "Almaty police"\n    category: "police"\n',
            '  - category: "police"\n    name: "Almaty police"\n',
        )
        .replace(
            '    sex: "male"\n    age_group: "adult"\n', '    age_group: "adult"\n    sex: "male"\n'
        )
    )
    assert shuffled.count("\n") == canonical.count("\n") and shuffled != canonical
    path.write_text(shuffled, encoding="utf-8")
    assert ds.run("fmt", "--check").exit_code == 1
    assert ds.run("fmt").exit_code == 0
    assert path.read_text(encoding="utf-8") == canonical.replace(
        '      - type: "dismissal"\n        date: "2018"\n',
        '      - type: "dismissal"\n        date: "2018" # as the source says\n',
    )
    assert ds.run("validate").exit_code == 0 and rid
