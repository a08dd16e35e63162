"""The records as tables (``ops/tables.py``): every field of the model lands in a declared
column, partial dates get their first and last day, and no records still give every table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from incidentctl.ops.tables import BY_NAME, TABLES, Kind, tables_of
from incidentctl.record.model import Record
from incidentctl.testing import sample_v2_record


def _full_record() -> dict[str, Any]:
    """A record with a value in every field the model has, at every depth."""
    data = sample_v2_record(
        id="2019-05-kz-full-record",
        recorded="2024-01-02",
        date="2019-05",
        end_date="2020",
        date_note="month from the ruling",
        case="sizintsev-case",
        outcome="licence revoked",
        public_title="A lawyer disbarred in 2019",
        public_summary="Public summary.",
        related=["2019-kz-other"],
        tags=["bar-law"],
        confidential=True,
        withdrawn={"date": "2024-02", "reason": "duplicate", "duplicate_of": "2019-kz-other"},
        responses=[
            {
                "date": "2019-06",
                "by": "Lawyers for Lawyers",
                "kind": "statement",
                "url": "https://l4l.example/x",
            }
        ],
    )
    person = data["people"][0]
    person.update(
        aliases=["Сизинцев"],
        roles=["lawyer"],
        confidential=True,
        acts=[
            {
                "type": "dismissal",
                "date": "2018-10",
                "end_date": "2018-11-02",
                "perpetrators": ["Almaty police"],
            }
        ],
    )
    data["groups"][0].update(
        confidential=True,
        acts=[
            {
                "type": "disbarment",
                "date": "2019",
                "end_date": "2019-12",
                "perpetrators": ["Ministry of Justice"],
            },
            {"type": "dismissal"},
        ],
    )
    data["sources"][0].update(
        title="Report",
        language="ru",
        published="2019-05-22",
        archived_url="https://web.archive.example/x",
    )
    return Record.model_validate(data).to_data()


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def _cells(tables: dict[str, list[tuple[Any, ...]]]) -> set[str]:
    out: set[str] = set()
    for rows in tables.values():
        for row in rows:
            for cell in row:
                for leaf in cell if isinstance(cell, list) else [cell]:
                    out.add(str(leaf))
    return out


def test_every_value_of_a_full_record_is_in_some_table() -> None:
    """Adding a field to the model without a column here fails this test."""
    data = _full_record()
    cells = _cells(tables_of([data]))
    missing = [leaf for leaf in _leaves(data) if str(leaf) not in cells]
    assert missing == []


def test_every_row_has_a_value_for_each_declared_column() -> None:
    tables = tables_of([_full_record()])
    for table in TABLES:
        assert tables[table.name], f"{table.name}: the full record gives no row"
        for row in tables[table.name]:
            assert len(row) == len(table.columns), table.name


def test_the_full_record_fills_every_declared_column() -> None:
    """A column whose name matches nothing in the data would stay empty: none does."""
    tables = tables_of([_full_record()])
    for table in TABLES:
        for k, column in enumerate(table.column_names):
            assert any(row[k] not in (None, []) for row in tables[table.name]), (
                f"{table.name}.{column} is empty for a record that has every field"
            )


def test_partial_dates_stay_text_with_their_first_and_last_day() -> None:
    tables = tables_of([_full_record()])
    incident = dict(zip(BY_NAME["incidents"].column_names, tables["incidents"][0], strict=True))
    assert incident["date"] == "2019-05" and incident["end_date"] == "2020"
    assert incident["date_start"] == dt.date(2019, 5, 1)
    assert incident["date_end"] == dt.date(2020, 12, 31)
    assert incident["year"] == 2019 and incident["recorded"] == dt.date(2024, 1, 2)
    act = dict(zip(BY_NAME["person_acts"].column_names, tables["person_acts"][0], strict=True))
    assert (act["date"], act["date_start"], act["date_end"]) == (
        "2018-10",
        dt.date(2018, 10, 1),
        dt.date(2018, 11, 2),
    )
    response = dict(zip(BY_NAME["responses"].column_names, tables["responses"][0], strict=True))
    assert (response["date_start"], response["date_end"]) == (
        dt.date(2019, 6, 1),
        dt.date(2019, 6, 30),
    )
    group_act = dict(zip(BY_NAME["group_acts"].column_names, tables["group_acts"][1], strict=True))
    assert group_act["date"] is None and group_act["date_start"] is None
    assert group_act["perpetrators"] == [] and group_act["position"] == 1


def test_a_bare_perpetrator_name_has_the_category_unknown() -> None:
    rows = tables_of([_full_record()])["perpetrators"]
    assert [(r[2], r[3]) for r in rows] == [
        ("Ministry of Justice", "unknown"),
        ("Almaty police", "police"),
    ]


def test_no_records_give_every_table_empty() -> None:
    assert tables_of([]) == {t.name: [] for t in TABLES}


def test_every_list_table_belongs_to_an_incident_and_dates_are_declared_dates() -> None:
    for table in TABLES[1:]:
        assert table.parent is not None and table.parent_columns[0] == "incident_id"
        assert table.parent[0] in BY_NAME
    kinds = {
        c.name: c.kind for t in TABLES for c in t.columns if c.name.endswith(("_start", "_end"))
    }
    assert set(kinds.values()) == {Kind.DATE}
