"""records.edit: the rules --set and $EDITOR share (valid result, stable id, known related, no-op)."""

from __future__ import annotations

import pytest

from incidentctl.errors import RecordError
from incidentctl.files.store import Store
from incidentctl.ops import edit as records
from incidentctl.testing import Dataset


def test_set_and_text_reach_the_same_record(incidentctl_dataset: Dataset) -> None:
    first, second = (
        incidentctl_dataset.add(),
        incidentctl_dataset.add(title="A second lawyer disbarred"),
    )
    store = Store(incidentctl_dataset.root)
    by_set = records.edit(store, first, assignments=["status=Concluded", "countries=Kazakhstan"])
    text = store.load(second).text.replace('status: "ongoing"', "status: CONCLUDED # appeal lost")
    by_text = records.edit(store, second, text=text)
    assert by_set.changed and by_text.changed and not by_set.moved
    assert by_set.record.status == by_text.record.status == "concluded"
    assert by_set.record.countries == ["KZ"]
    assert "# appeal lost" in by_text.path.read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["set", "text"])
def test_the_id_never_changes(incidentctl_dataset: Dataset, how: str) -> None:
    rid = incidentctl_dataset.add()
    store = Store(incidentctl_dataset.root)
    before = incidentctl_dataset.snapshot()
    change = (
        {"assignments": ["id=another-valid-id"]}
        if how == "set"
        else {"text": store.load(rid).text.replace(f'id: "{rid}"', 'id: "another-valid-id"')}
    )
    with pytest.raises(RecordError, match="the id is stable") as caught:
        records.edit(store, rid, **change)
    assert [p.field for p in caught.value.problems] == ["id"]
    assert incidentctl_dataset.snapshot() == before


@pytest.mark.parametrize("how", ["set", "text"])
def test_a_new_related_id_must_name_a_stored_record(incidentctl_dataset: Dataset, how: str) -> None:
    rid, other = incidentctl_dataset.add(), incidentctl_dataset.add(title="A related incident")
    store = Store(incidentctl_dataset.root)
    before = incidentctl_dataset.snapshot()
    text = store.load(rid).text.replace(
        'recorded: "', 'related:\n  - "no-such-record"\nrecorded: "'
    )
    change = {"assignments": ["related=no-such-record"]} if how == "set" else {"text": text}
    with pytest.raises(RecordError, match="no record with id 'no-such-record'"):
        records.edit(store, rid, **change)
    assert incidentctl_dataset.snapshot() == before
    assert records.edit(store, rid, assignments=[f"related={other}"]).record.related == [other]


def test_an_edit_that_changes_nothing_writes_nothing(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    store = Store(incidentctl_dataset.root)
    before = incidentctl_dataset.snapshot()
    same_value = records.edit(store, rid, assignments=["status=ongoing"])
    same_text = records.edit(store, rid, text=store.load(rid).text)
    assert not same_value.changed and not same_text.changed
    assert same_value.path == same_text.path == store.find(rid)
    assert incidentctl_dataset.snapshot() == before


def test_a_changed_year_moves_the_file(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    result = records.edit(Store(incidentctl_dataset.root), rid, assignments=["date=2020-02"])
    assert result.moved and result.path == incidentctl_dataset.incidents / "2020" / f"{rid}.yaml"
    assert not result.old_path.exists()


def test_set_reaches_every_v2_path(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add(perpetrators=["Ministry of Justice", "Almaty police"])
    store = Store(incidentctl_dataset.root)
    edited = records.edit(
        store,
        rid,
        assignments=[
            "people[0].sex=Female",
            "people[0].age_group=adult",
            "people[0].acts[0].type=disbarment",
            "people[0].acts[0].date=May 2019",
            "people[0].acts[0].perpetrators=Ministry of Justice, Almaty police",
            "perpetrators[1].category=police",
            "groups[0].description=Three activists",
            "groups[0].size=3",
            "sources[1].url=https://rferl.org/a",
            "sources[1].type=news",
            "verification=verified",
            "subdivision=Soltüstik Qazaqstan oblysy",
            "external_ids=acled:KAZ1234, hrd:17",
        ],
    ).record
    person = edited.people[0]
    assert (person.sex, person.age_group) == ("female", "adult")
    assert [(a.type, str(a.date), a.perpetrators) for a in person.acts] == [
        ("disbarment", "2019-05", ["Ministry of Justice", "Almaty police"])
    ]
    assert edited.perpetrator_categories() == {
        "Ministry of Justice": "unknown",
        "Almaty police": "police",
    }
    assert (edited.groups[0].description, edited.groups[0].size) == ("Three activists", 3)
    assert edited.verification == "verified" and edited.sources[1].type == "news"
    assert edited.subdivision == "KZ-59" and edited.external_ids == ["acled:KAZ1234", "hrd:17"]
    text = store.load(rid).text
    assert '  - name: "Almaty police"\n    category: "police"\n' in text
    assert "    size: 3\n" in text
    # emptying the category makes the perpetrator a name again; emptying a field removes it
    back = records.edit(
        store, rid, assignments=["perpetrators[1].category=", "people[0].acts="]
    ).record
    assert back.perpetrators == ["Ministry of Justice", "Almaty police"]
    assert back.people[0].acts == []


def test_set_refuses_what_v2_refuses(incidentctl_dataset: Dataset) -> None:
    rid = incidentctl_dataset.add()
    store = Store(incidentctl_dataset.root)
    before = incidentctl_dataset.snapshot()
    for assignment, field in [
        ("people[0].acts[0].type=killing", "people[0].acts[0].type"),
        ("groups[0].size=1", "groups[0].size"),
        ("verification=verified", "verification"),
        ("people[0].sex=f", "people[0].sex"),
    ]:
        extra = ["groups[0].description=Some"] if field.startswith("groups") else []
        with pytest.raises(RecordError) as caught:
            records.edit(store, rid, assignments=[assignment, *extra])
        assert [p.field for p in caught.value.problems] == [field], assignment
    from incidentctl.errors import UsageError

    with pytest.raises(UsageError, match="whole number"):
        records.edit(store, rid, assignments=["groups[0].size=three"])
    with pytest.raises(UsageError, match=r"no field people\[3\]\.sex"):
        records.edit(store, rid, assignments=["people[3].sex=male"])
    assert incidentctl_dataset.snapshot() == before
