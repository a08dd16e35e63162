"""Issue 13: `validate` warns about one person spelt in two conventions, through record/names."""

from __future__ import annotations

import pytest

from incidentctl.testing import Dataset


def _similar(stderr: str, a: str, b: str) -> bool:
    return f"'{a}' is similar to '{b}'" in stderr or f"'{b}' is similar to '{a}'" in stderr


@pytest.mark.slow
def test_validate_warns_about_a_name_in_two_conventions(incidentctl_dataset: Dataset) -> None:
    add = incidentctl_dataset.add
    add(title="Lawyer convicted", date="2009-09-03", people=[{"name": "Yevgeniy Zhovtis"}])
    add(title="Menschenrechtler verurteilt", date="2009", people=[{"name": "Jewgeni Schowtis"}])
    add(title="Defender detained", date="2014-08-02", people=[{"name": "Rasul Jafarov"}])
    add(title="Hüquq müdafiəçisi həbs edildi", date="2014", people=[{"name": "Rəsul Cəfərov"}])
    add(title="Правозащитник задержан", date="2014", people=[{"name": "Расул Джафаров"}])
    add(title="Another defender", date="2015", people=[{"name": "Maria Kolesnik"}])
    add(title="Opposition leader", date="2020", people=[{"name": "Maria Kolesnikova"}])
    result = incidentctl_dataset.run("validate")
    assert result.exit_code == 0, result.stdout
    assert _similar(result.stderr, "Yevgeniy Zhovtis", "Jewgeni Schowtis"), result.stderr
    assert _similar(result.stderr, "Rasul Jafarov", "Rəsul Cəfərov"), result.stderr
    # One transliteration of one name: `people` merges them, so no warning.
    assert not _similar(result.stderr, "Rəsul Cəfərov", "Расул Джафаров"), result.stderr
    # Near misses are other people.
    assert not _similar(result.stderr, "Maria Kolesnik", "Maria Kolesnikova"), result.stderr
