"""Schema v2 fields in and out exactly: CSV columns at any depth, JSON, JSON Lines, and a
whole data set through ``export`` and ``import`` byte for byte."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentctl.ops.exchange import dump, read_batch
from incidentctl.record.columns import columns, flatten, known_column, unflatten
from incidentctl.testing import Dataset, sample_record, sample_v2_record

_text = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
_hostile = st.sampled_from(["=1+1", "-2", "a; b", "[x]", "'plain", "a, b"])
_name = st.one_of(_text, _hostile)


@st.composite
def _v2_data(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(_name, min_size=1, max_size=3, unique=True))
    perpetrators: list[Any] = [
        draw(st.sampled_from([n, {"name": n, "category": "police"}])) for n in names
    ]
    act = {"type": "disbarment", "date": "2019-05", "perpetrators": names[:1]}
    person: dict[str, Any] = {"name": draw(_name), "sex": "female", "acts": [act]}
    if draw(st.booleans()):
        person["acts"].append({"type": "dismissal"})
    data: dict[str, Any] = {
        "id": "2019-kz-x",
        "title": draw(_name),
        "date": "2019",
        "countries": ["KZ"],
        "subdivision": "KZ-59",
        "types": ["disbarment", "dismissal"],
        "people": [person],
        "groups": [{"description": draw(_name), "size": draw(st.integers(2, 10**6))}],
        "perpetrators": perpetrators,
        "status": "ongoing",
        "verification": "likely",
        "summary": "A summary.",
        "sources": [{"url": "https://example.org/a", "type": "ngo"}],
        "external_ids": ["acled:KAZ1234"],
        "recorded": "2024-01-02",
    }
    if draw(st.booleans()):
        data["withdrawn"] = {"date": "2024-02", "reason": draw(_name), "duplicate_of": "2019-kz-y"}
    return data


@given(_v2_data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_v2_round_trips_exactly_in_every_batch_format(data: dict[str, Any]) -> None:
    for fmt in ("csv", "json", "jsonl"):
        (entry,) = read_batch(dump([data], fmt).encode(), fmt, f"t.{fmt}")
        assert entry.data == data, fmt


def test_nested_columns_are_named_by_field_path_in_canonical_order() -> None:
    data = {
        "id": "2019-kz-x",
        "people": [{"name": "A", "acts": [{"type": "killing", "perpetrators": ["X", "Y"]}]}],
        "perpetrators": ["X", {"name": "Y", "category": "police"}],
        "withdrawn": {"date": "2020", "reason": "Dup"},
    }
    row = flatten(data)
    assert row == {
        "id": "2019-kz-x",
        "people[0].name": "A",
        "people[0].acts[0].type": "killing",
        "people[0].acts[0].perpetrators": "X; Y",
        "perpetrators[0].name": "X",
        "perpetrators[1].name": "Y",
        "perpetrators[1].category": "police",
        "withdrawn.date": "2020",
        "withdrawn.reason": "Dup",
    }
    assert columns([row]) == list(row)
    assert unflatten(row) == data
    # one cell while every perpetrator is a name, as in v1
    assert flatten({"perpetrators": ["X", "Y"]}) == {"perpetrators": "X; Y"}
    for good in row:
        assert known_column(good), good
    for bad in ("people", "withdrawn", "people[0].acts", "perpetrators[0].rank", "groups.size"):
        assert not known_column(bad), bad


def test_a_v2_data_set_exports_and_imports_back_byte_for_byte(
    incidentctl_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ds = incidentctl_dataset
    kept = ds.add(
        **sample_v2_record(
            subdivision="Almaty",
            verification="verified",
            sources=[
                {"url": "https://www.icj.org/a", "publisher": "ICJ", "type": "ngo"},
                {"url": "https://rferl.org/b", "type": "news", "language": "ru"},
            ],
        )
    )
    ds.add(
        title="The same disbarment, recorded twice",
        withdrawn={"date": "2024", "reason": "Duplicate", "duplicate_of": kept},
    )
    files = {p.name: p.read_bytes() for p in ds.files()}
    for fmt in ("csv", "json", "jsonl"):
        out = ds.invoke("export", "--withdrawn", "--format", fmt)
        assert out.exit_code == 0, out.stderr
        if fmt == "json":
            assert {r["id"] for r in json.loads(out.stdout)} == {p[:-5] for p in files}
        batch = tmp_path_factory.mktemp(fmt) / f"batch.{fmt}"
        batch.write_text(out.stdout, encoding="utf-8")
        for path in ds.files():
            path.unlink()
        result = ds.invoke("import", str(batch))
        assert result.exit_code == 0, result.stderr
        assert {p.name: p.read_bytes() for p in ds.files()} == files, fmt


def test_show_gives_every_v2_field(incidentctl_dataset: Dataset) -> None:
    data = sample_record(
        people=[{"name": "A. Person", "sex": "female", "acts": [{"type": "disbarment"}]}],
        perpetrators=[{"name": "Ministry of Justice", "category": "executive"}],
        verification="likely",
    )
    rid = incidentctl_dataset.add(**data)
    shown = json.loads(incidentctl_dataset.invoke("show", rid, "--format", "json").stdout)
    assert shown["people"] == data["people"]
    assert shown["perpetrators"] == data["perpetrators"]
    assert shown["verification"] == "likely"


def test_report_and_timeline_name_a_perpetrator_whatever_its_form(
    incidentctl_dataset: Dataset,
) -> None:
    incidentctl_dataset.add(**sample_v2_record())
    report = json.loads(incidentctl_dataset.invoke("report", "--format", "json").stdout)
    assert report["perpetrators"] == {"Almaty police": 1, "Ministry of Justice": 1}
    (event,) = json.loads(incidentctl_dataset.invoke("timeline", "--format", "json").stdout)
    assert event["by"] == "Ministry of Justice; Almaty police"
