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
