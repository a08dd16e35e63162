"""`timeline` shows how precise each date is, in the table and in JSON (issue 12, item 8)."""

from __future__ import annotations

import json

from incidentctl.testing import Dataset


def test_precision_is_visible_in_every_format(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(
        title="Lawyer's office searched in Almaty",
        date="2019-06-20",
        case="office-search",
        responses=[
            {"date": "2019-06", "by": "Lawyers for Lawyers", "kind": "statement"},
            {"date": "2019", "by": "ICJ", "kind": "letter"},
        ],
    )
    events = json.loads(
        incidentctl_dataset.invoke("timeline", "--case", "office-search", "--format", "json").stdout
    )
    assert [(e["date"], e["precision"], e["kind"]) for e in events] == [
        ("2019-06-20", "day", "incident"),
        ("2019-06", "month", "response"),
        ("2019", "year", "response"),
    ]
    table = incidentctl_dataset.run("timeline", "--case", "office-search")
    assert table.exit_code == 0, table.stderr
    dates = [line.split("\t")[0] for line in table.stdout.splitlines()[1:]]
    assert dates == ["2019-06-20", "2019-06 (month)", "2019 (year)"]
