"""The public gate (:mod:`incidentctl.views.publication`) over real record files."""

from __future__ import annotations

import pytest

from incidentctl.files.store import Store
from incidentctl.index.filters import Filters
from incidentctl.testing import Dataset
from incidentctl.views.publication import PublicRefused, open_gate, public_scope


def _person(name: str, *aliases: str, confidential: bool = False) -> dict[str, object]:
    person: dict[str, object] = {"name": name, "roles": ["lawyer"]}
    if aliases:
        person["aliases"] = list(aliases)
    if confidential:
        person["confidential"] = True
    return person


def test_a_person_confidential_in_one_record_is_withheld_with_every_merged_name(
    incidentctl_dataset: Dataset,
) -> None:
    data = incidentctl_dataset
    data.add(title="First hearing", people=[_person("Aiman Omarova", confidential=True)])
    # Another record gives the same person (same name once folded) with a new alias:
    data.add(
        title="Second hearing",
        date="2019-06-01",
        people=[_person("Аиман Омарова", "A. Omarova-Kim")],
    )
    gate = open_gate(Store(data.root))
    assert {"Aiman Omarova", "Аиман Омарова", "A. Omarova-Kim"} <= set(gate.withholding)
    assert "Sergey Sizintsev" not in gate.withholding


def test_the_files_decide_what_is_confidential(incidentctl_dataset: Dataset) -> None:
    data = incidentctl_dataset
    hidden = data.add(title="Hidden incident", confidential=True)
    shown = data.add(title="Shown incident", date="2019-06-01")
    gate = open_gate(Store(data.root))
    assert gate.publishable(hidden) is None
    assert [r.id for r, _ in gate.publish([hidden, shown, "2019-01-01-unknown"])] == [shown]
    assert gate.resolve(hidden) is None and gate.resolve(shown) is not None


def test_an_id_holding_a_withheld_name_resolves_only_as_published(
    incidentctl_dataset: Dataset,
) -> None:
    data = incidentctl_dataset
    data.add(title="Threat", people=[_person("Zhanna Kurmanova", confidential=True)])
    original = data.add(title="Kurmanova detained", date="2019-06-01")
    gate = open_gate(Store(data.root))
    published = gate.withholding.public_id(original)
    assert published != original
    assert gate.resolve(original) is None
    record = gate.resolve(published)
    assert record is not None and record.id == original


def test_publish_sorts_by_published_values(incidentctl_dataset: Dataset) -> None:
    data = incidentctl_dataset
    data.add(title="Threat", people=[_person("Abay Aaronov", confidential=True)])
    ids = [
        data.add(title="Abay Aaronov detained", date="2019-06-01"),
        data.add(title="Mm conference", date="2019-07-01"),
    ]
    gate = open_gate(Store(data.root))
    titles = [d["title"] for _, d in gate.publish(ids, sort="-title")]
    assert titles == sorted(titles, reverse=True)
    assert len(gate.publish(ids, sort="title", limit=1)) == 1


def test_one_unreadable_file_refuses_without_naming_it(incidentctl_dataset: Dataset) -> None:
    data = incidentctl_dataset
    data.add(title="Good one")
    secret = data.add(title="Kurmanova threatened", date="2019-06-01", confidential=True)
    (path,) = data.incidents.rglob(f"{secret}.yaml")
    path.write_text("<<<<<<< HEAD\n" + path.read_text())
    with pytest.raises(PublicRefused) as caught:
        open_gate(Store(data.root))
    assert caught.value.exit_code == 1
    assert "1 record file(s) cannot be read" in str(caught.value)
    assert "urmanova" not in str(caught.value) and "incidentctl validate" in str(caught.value)


def test_public_scope_keeps_only_filters_that_cannot_hold_a_name() -> None:
    from incidentctl.views.report import describe

    filters = Filters.build(
        countries=["KZ"], persons=["Aiman Omarova"], cases=["omarova-case"], tags=["x"]
    )
    scope = public_scope(filters, describe(filters))
    assert scope == ["country KZ", "further filters (not shown)"]
    plain = Filters.build(countries=["KZ"], years=[2019])
    assert public_scope(plain, describe(plain)) == describe(plain)


def test_a_public_reports_scope_never_names_a_filtered_person_whoever_tallies_it() -> None:
    """The rule lives in the core (``describe``, so ``report.tally`` too), not in the command
    that prints it: any caller of the core gets the withheld form under ``--public``."""
    from incidentctl.views.report import describe, tally

    filters = Filters.build(
        countries=["KZ"], persons=["Aiman Omarova"], tags=["omarova-list"], public=True
    )
    for scope in (describe(filters), tally([], filters).scope):
        assert scope == [
            "country KZ",
            "public (confidential records and names withheld)",
            "further filters (not shown)",
        ]
        assert not any("omarova" in part.lower() for part in scope)
    plain = Filters.build(countries=["KZ"], persons=["Aiman Omarova"])
    assert "person Aiman Omarova" in describe(plain)


@pytest.mark.parametrize("sort", [None, "date", "-id", "title", "-recorded", "country", "status"])
def test_publish_ids_gives_the_ids_publish_gives(incidentctl_dataset: Dataset, sort: str) -> None:
    data = incidentctl_dataset
    data.add(title="Threat", people=[_person("Zhanna Kurmanova", confidential=True)])
    ids = [
        data.add(title="Kurmanova detained", date="2019-06-01"),
        data.add(title="Hearing", date="2019-06-01", status="concluded"),
        data.add(title="Aaa hearing", date="2018-01-01", confidential=True),
    ]
    gate = open_gate(Store(data.root))
    expected = [d["id"] for _, d in gate.publish(ids, sort)]
    assert gate.publish_ids(ids, sort) == expected and len(expected) == 2
    assert gate.publish_ids(ids, sort, limit=1) == expected[:1]
