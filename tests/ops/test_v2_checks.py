"""Schema v2's rules (SPEC §7), each at input and in ``validate``, each error located.

Records are built in the tests: valid ones through the core (``add``), broken ones written
as canonical files by hand (what an analyst's editor or a merge could leave behind).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from incidentctl.errors import RecordError
from incidentctl.files.store import Store
from incidentctl.ops import edit as records
from incidentctl.ops.validate import validate
from incidentctl.testing import Dataset, sample_record

V2: dict[str, Any] = {
    "types": ["dismissal", "disbarment"],
    "people": [
        {
            "name": "Sergey Sizintsev",
            "roles": ["lawyer"],
            "sex": "male",
            "acts": [
                {"type": "dismissal", "date": "2018", "perpetrators": ["Ministry of Justice"]},
                {"type": "disbarment", "perpetrators": ["Ministry of Justice"]},
            ],
        }
    ],
    "groups": [{"description": "Three activists", "size": 3, "roles": ["activist"]}],
    "perpetrators": ["Ministry of Justice", {"name": "Almaty police", "category": "police"}],
}


def _write(dataset: Dataset, data: dict[str, Any], record_id: str) -> str:
    """A record written as its canonical file, bypassing the input checks (not the model's)."""
    data = {**data, "id": record_id}
    record = records.complete(data)
    folder = dataset.incidents / str(record.date.year)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id}.yaml"
    path.write_text(records.render(record), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _broken(dataset: Dataset, text: str, record_id: str) -> None:
    (dataset.incidents / "2019").mkdir(parents=True, exist_ok=True)
    (dataset.incidents / "2019" / f"{record_id}.yaml").write_text(text, encoding="utf-8")


def _line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def _errors(dataset: Dataset) -> list[dict[str, Any]]:
    result = dataset.invoke("validate", "--format", "json")
    return json.loads(result.stdout)["errors"]


def test_a_v2_record_is_valid_and_reads_back_the_same(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add(**V2, subdivision="Soltüstik Qazaqstan oblysy")
    store = Store(incidentctl_dataset.root)
    record = store.load(rid).record
    assert record.subdivision == "KZ-59"
    assert record.perpetrator_categories() == {
        "Ministry of Justice": "unknown",
        "Almaty police": "police",
    }
    assert [a.type for a in record.acts_of(record.groups[0])] == ["dismissal", "disbarment"]
    assert incidentctl_dataset.invoke("validate").exit_code == 0


@pytest.mark.parametrize(
    ("change", "field", "message", "needle"),
    [
        (
            ('      - type: "disbarment"', '      - type: "killing"'),
            "people[0].acts[1].type",
            "'killing' is not among the record's types",
            '"killing"',
        ),
        (
            (
                '          - "Ministry of Justice"\n      - type',
                '          - "Nobody"\n      - type',
            ),
            "people[0].acts[0].perpetrators[0]",
            "'Nobody' is not among the record's perpetrators",
            '"Nobody"',
        ),
        (("    size: 3", "    size: 1"), "groups[0].size", "must be at least 2", "1\n"),
        (
            ('    category: "police"', '    category: "cops"'),
            "perpetrators[1].category",
            "'cops' is not one of",
            '"cops"',
        ),
        (
            ('countries:\n  - "KZ"', 'countries:\n  - "KZ"\nsubdivision: "RU-MOW"'),
            "subdivision",
            "RU-MOW is in RU, which is not among the countries (KZ)",
            '"RU-MOW"',
        ),
        (
            ('status: "ongoing"', 'status: "ongoing"\nverification: "verified"'),
            "verification",
            "'verified' needs at least two independent sources",
            '"verified"',
        ),
    ],
    ids=["act type", "act perpetrator", "group size", "category", "subdivision", "verified"],
)
def test_each_rule_is_an_error_at_its_line_and_column(
    incidentctl_dataset: Dataset, change: tuple[str, str], field: str, message: str, needle: str
) -> None:
    rid = "2019-05-21-kz-broken-record"
    text = _write(incidentctl_dataset, sample_record(**V2), rid)
    assert change[0] in text
    text = text.replace(*change)
    _broken(incidentctl_dataset, text, rid)
    errors = _errors(incidentctl_dataset)
    assert [e["field"] for e in errors] == [field]
    assert message in errors[0]["message"]
    line = _line_of(text, needle)
    assert errors[0]["line"] == line
    assert errors[0]["column"] == text.split("\n")[line - 1].index(needle.strip()) + 1
    # the same rule at input: the edited text is refused
    with pytest.raises(RecordError) as caught:
        records.text_to_record(text, "input.yaml")
    assert [p.field for p in caught.value.problems] == [field]


def test_verified_needs_two_publishers_or_domains(incidentctl_dataset: Dataset) -> None:
    same_outlet = [
        {"url": "https://www.rferl.org/a", "publisher": "RFE/RL"},
        {"url": "https://rferl.org/b"},
    ]
    with pytest.raises(RecordError, match="two independent sources"):
        records.complete(sample_record(verification="verified", sources=same_outlet))
    same_publisher = [
        {"url": "https://azattyq.org/a", "publisher": "RFE/RL"},
        {"url": "https://rferl.org/b", "publisher": "rfe/rl"},
    ]
    with pytest.raises(RecordError, match="two independent sources"):
        records.complete(sample_record(verification="verified", sources=same_publisher))
    two = [{"url": "https://www.icj.org/a", "publisher": "ICJ"}, {"publisher": "Kazinform"}]
    record = records.complete(sample_record(verification="Verified", sources=two))
    assert record.verification == "verified"
    assert records.complete(sample_record()).verification_level == "unverified"


def test_cross_record_rules_in_validate(incidentctl_dataset: Dataset) -> None:
    ds = incidentctl_dataset
    kept = _write(ds, sample_record(external_ids=["acled:KAZ1234"]), "2019-05-21-kz-kept")
    assert kept
    twin = _write(ds, sample_record(external_ids=["hrd:1", "acled:KAZ1234"]), "2019-05-21-kz-twin")
    gone = _write(
        ds,
        sample_record(withdrawn={"date": "2020", "reason": "A duplicate"}),
        "2019-05-21-kz-gone",
    )
    assert gone
    dangling = _write(
        ds,
        sample_record(
            withdrawn={"date": "2020", "reason": "Dup", "duplicate_of": "2019-05-21-kz-nowhere"}
        ),
        "2019-05-21-kz-dangling",
    )
    chained = _write(
        ds,
        sample_record(
            withdrawn={"date": "2020", "reason": "Dup", "duplicate_of": "2019-05-21-kz-gone"},
        ),
        "2019-05-21-kz-chained",
    )
    pointing = _write(ds, sample_record(related=["2019-05-21-kz-gone"]), "2019-05-21-kz-pointing")
    result = ds.invoke("validate", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] == 3  # gone, chained, pointing
    got = {(e["path"].rsplit("/", 1)[1], e["field"], e["line"]) for e in report["errors"]}
    assert got == {
        ("2019-05-21-kz-kept.yaml", "external_ids[0]", _line_of(kept, '"acled:KAZ1234"')),
        ("2019-05-21-kz-twin.yaml", "external_ids[1]", _line_of(twin, '"acled:KAZ1234"')),
        (
            "2019-05-21-kz-dangling.yaml",
            "withdrawn.duplicate_of",
            _line_of(dangling, "duplicate_of:"),
        ),
    }
    (message,) = [e["message"] for e in report["errors"] if e["field"] == "withdrawn.duplicate_of"]
    assert message == "no record with id '2019-05-21-kz-nowhere'"
    # links to a withdrawn record are warnings: the file was right when it was written
    warned = [w for w in report["warnings"] if "is withdrawn" in w["message"]]
    assert sorted((w["path"].rsplit("/", 1)[1], w["field"], w["line"]) for w in warned) == [
        (
            "2019-05-21-kz-chained.yaml",
            "withdrawn.duplicate_of",
            _line_of(chained, "duplicate_of:"),
        ),
        ("2019-05-21-kz-pointing.yaml", "related[0]", _line_of(pointing, '"2019-05-21-kz-gone"')),
    ]
    # the same answers when only one file is validated (validate --changed's way)
    store = Store(ds.root)
    part = validate(store, [ds.incidents / "2019" / "2019-05-21-kz-twin.yaml"], warnings=False)
    assert [p.field for p in part.errors] == ["external_ids[1]"]


def test_cross_record_rules_at_input(incidentctl_dataset: Dataset) -> None:
    ds = incidentctl_dataset
    store = Store(ds.root)
    first = ds.add(external_ids=["acled:KAZ1234"])
    gone = ds.add(
        title="A record withdrawn as a duplicate",
        withdrawn={"date": "2020", "reason": "A duplicate", "duplicate_of": first},
    )
    before = ds.snapshot()
    with pytest.raises(RecordError, match="already on " + first) as caught:
        ds.add(title="Another record, same ACLED event", external_ids=["acled:KAZ1234"])
    assert [p.field for p in caught.value.problems] == ["external_ids[0]"]
    with pytest.raises(RecordError, match="is withdrawn itself"):
        ds.add(
            title="A duplicate of a withdrawn one",
            withdrawn={"date": "2020", "reason": "Dup", "duplicate_of": gone},
        )
    with pytest.raises(RecordError, match="no record with id 'no-such-record'"):
        records.edit(
            store,
            first,
            assignments=[
                "withdrawn.reason=Dup",
                "withdrawn.date=2020",
                "withdrawn.duplicate_of=no-such-record",
            ],
        )
    assert ds.snapshot() == before
