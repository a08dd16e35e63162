"""A usage error is reported (exit 2, a message naming the option) before the data set's
index is opened, built or refreshed: a fresh data set keeps no ``.incidentctl/`` after one."""

from __future__ import annotations

import pytest

from incidentctl.testing import Dataset

CASES = [
    (["list", "--sort", "bogus"], "--sort"),
    (["list", "--sort", "-bogus"], "--sort"),
    (["search", "lawyer", "--sort", "bogus"], "--sort"),
    (["list", "--format", "bogus"], "--format"),
    (["show", "x", "--format", "bogus"], "--format"),
    (["report", "--format", "bogus"], "--format"),
    (["export", "--format", "bogus"], "--format"),
    (["list", "--type", "bogus"], "--type"),
    (["people", "--type", "bogus"], "--type"),
    (["list", "--since", "2020", "--until", "2019"], "--since"),
    (["timeline", "--since", "2020-05", "--until", "2020-04"], "--since"),
    (["export", "--country", "Atlantis"], "--country"),
]


@pytest.mark.parametrize(("argv", "named"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_a_usage_error_exits_2_before_any_index_work(
    incidentctl_dataset: Dataset, argv: list[str], named: str
) -> None:
    incidentctl_dataset.add()
    index_dir = incidentctl_dataset.root / ".incidentctl"
    assert not index_dir.exists()
    result = incidentctl_dataset.run(*argv)
    assert result.exit_code == 2, result.stderr
    assert named in result.stderr
    assert not index_dir.exists(), "the index was touched before the usage error"
    assert result.stdout == ""


def test_a_good_sort_still_sorts(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(title="Alpha lawyer detained", date="2019-01-02")
    incidentctl_dataset.add(title="Beta lawyer detained", date="2020-01-02")
    ascending = incidentctl_dataset.invoke("list", "--format", "ids", "--sort", "date").stdout
    descending = incidentctl_dataset.invoke("list", "--format", "ids", "--sort", "-date").stdout
    assert ascending.split() == descending.split()[::-1] and len(ascending.split()) == 2


HINTS = [
    (["list", "--type", "detention"], 2, "--type: 'detention' is not one of", "'arrest-detention'"),
    (["search", "--status", "concludd"], 2, "--status: 'concludd' is not one of", "'concluded'"),
    (["list", "--country", "Kazakstan"], 2, "--country: 'Kazakstan' is not a country", "'KZ'"),
    (["list", "--sort", "-dat"], 2, "--sort: 'dat' is not one of", "'date'"),
    (["search", "--sort", "recrded"], 2, "--sort: 'recrded' is not one of", "'recorded'"),
    (
        ["add", "--from", "-", "--type", "detention"],
        1,
        "types[0]: 'detention' is not one of",
        "'arrest-detention'",
    ),
    (
        ["add", "--from", "-", "--person", "Sergey Sizintsev:lawer"],
        1,
        "the role 'lawer' is not one of",
        "'lawyer'",
    ),
    (
        ["add", "--from", "-", "--country", "Kazakstan"],
        1,
        "countries[0]: 'Kazakstan' is not an ISO 3166-1 alpha-2 country code",
        "'KZ', Kazakhstan",
    ),
]


@pytest.mark.parametrize(
    ("argv", "code", "said", "meant"), HINTS, ids=[" ".join(a) for a, *_ in HINTS]
)
def test_a_near_miss_is_refused_with_the_term_meant_and_nothing_is_written(
    incidentctl_dataset: Dataset, argv: list[str], code: int, said: str, meant: str
) -> None:
    import json

    from incidentctl.testing import sample_record

    incidentctl_dataset.add()
    before = incidentctl_dataset.snapshot()
    result = incidentctl_dataset.run(*argv, input=json.dumps(sample_record(title="Second record")))
    assert result.exit_code == code, result.stderr
    assert said in result.stderr
    assert f"did you mean {meant}" in result.stderr
    assert "Traceback" not in result.stderr
    assert incidentctl_dataset.snapshot() == before
