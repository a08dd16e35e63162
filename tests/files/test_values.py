"""One conversion of loaded YAML values: plain types for the model, JSON values for output."""

from __future__ import annotations

import datetime as dt
import json

from incidentctl.files.values import plain
from incidentctl.files.yamlio import load_stream

TEXT = (
    'title: "x"\ndate: 2019-05-21\nat: 2019-05-21T10:30:00\nn: 3\nf: 1.5\nok: true\nl: [a, "b"]\n'
)


def test_round_trip_values_become_builtin_types_and_dates_stay_dates() -> None:
    value = plain(load_stream(TEXT)[0])
    assert value == {
        "title": "x",
        "date": dt.date(2019, 5, 21),
        "at": dt.datetime(2019, 5, 21, 10, 30),
        "n": 3,
        "f": 1.5,
        "ok": True,
        "l": ["a", "b"],
    }
    assert type(value) is dict and type(value["l"]) is list and type(value["title"]) is str
    assert type(value["date"]) is dt.date and type(value["at"]) is dt.datetime


def test_as_json_gives_iso_text_for_dates_and_is_json_serialisable() -> None:
    value = plain(load_stream(TEXT)[0], as_json=True)
    assert value["date"] == "2019-05-21"
    assert value["at"] == "2019-05-21T10:30:00"
    assert json.loads(json.dumps(value)) == value
