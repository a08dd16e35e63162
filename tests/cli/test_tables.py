"""`list` and `search` tables fit the terminal: one line a record, no word cut in two.

Rendered in a real pseudo-terminal at 60, 80, 120 and 200 columns and compared with the
stored screens in ``expected/``; set ``INCIDENTCTL_UPDATE_EXPECTED=1`` to rewrite them after
an intended change (and read the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.cells import cell_len

from incidentctl.cli.fit import clip_items, clip_words, fit_records, wrap_widths
from incidentctl.testing import Dataset

from .terminal import run

EXPECTED = Path(__file__).parent / "expected"

RECORDS = [
    {
        "id": "2019-05-21-kz-sizintsev-disbarred",
        "title": "Sergey Sizintsev disbarred by the Petropavlovsk City Court No. 2 after criticising the bar law",
        "date": "2019-05-21",
        "types": ["disbarment", "judicial-harassment"],
    },
    {
        "id": "2019-kz-omarova-threatened",
        "title": "Dead cat hung on the gate of lawyer Aiman Omarova's home",
        "date": "2019",
        "types": ["threats-intimidation"],
    },
    {
        "id": "2018-07-ru-lawyer-detained-in-moscow",
        "title": "Адвокат задержан в Москве по обвинению в разглашении тайны следствия",
        "date": "2018-07",
        "countries": ["RU", "KZ", "BY", "UZ", "KG"],
        "types": ["arrest-detention", "criminal-prosecution", "conviction-imprisonment"],
    },
    {
        "id": "2016-cn-lawyer-sentenced",
        "title": "Lawyer 王全璋 sentenced to four years and six months for subversion of state power",
        "date": "2016",
        "countries": ["CN"],
        "types": ["conviction-imprisonment"],
    },
]
ORDER = [3, 2, 1, 0]  # by date, then id


@pytest.fixture
def tabled(incidentctl_dataset: Dataset) -> Dataset:
    for record in RECORDS:
        incidentctl_dataset.add(**record)
    return incidentctl_dataset


def _check_expected(name: str, text: str) -> None:
    path = EXPECTED / name
    if os.environ.get("INCIDENTCTL_UPDATE_EXPECTED") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def _title_words_are_whole(cell: str, title: str) -> None:
    shown = cell.removesuffix("…").split()
    words = title.split()
    assert shown == words[: len(shown)], (cell, title)


@pytest.mark.slow
@pytest.mark.parametrize("columns", [60, 80, 120, 200])
def test_list_fits_a_real_terminal(tabled: Dataset, columns: int) -> None:
    code, screen = run(tabled.root, "list", columns=columns)
    assert code == 0, screen
    lines = screen.rstrip("\n").split("\n")
    assert len(lines) == 1 + len(RECORDS) + 1  # header, one line a record, footer
    for line in lines:
        assert cell_len(line) <= columns, line
    header = lines[0].split()
    assert header[:3] in (["date", "countries", "title"], ["id", "date", "countries"])
    for line, index in zip(lines[1:-1], ORDER, strict=True):
        record = RECORDS[index]
        assert record["date"] in line
        assert record.get("countries", ["KZ"])[0] in line
        title_cell = line[line.index(record["title"].split()[0]) :]
        _title_words_are_whole(title_cell.strip(), record["title"])
        assert "threats-intimidation" not in line and "arrest-detention" not in line
    if columns >= 120:
        assert all(RECORDS[i]["id"] in line for line, i in zip(lines[1:-1], ORDER, strict=True))
    else:
        assert "ids hidden: --format ids" in lines[-1]
    if columns >= 200:
        assert "Threats or intimidation" in screen and "Arrest or detention +2" in screen
    _check_expected(f"list-{columns}.txt", screen)


@pytest.mark.slow
def test_search_fits_an_80_column_terminal(tabled: Dataset) -> None:
    code, screen = run(tabled.root, "search", "Omarova", columns=80)
    assert code == 0, screen
    assert "2019-kz-omarova-threatened  2019  KZ" in screen  # a short id fits at 80
    assert "Dead cat hung on the gate of…" in screen
    assert "1 record(s)" in screen


def test_the_table_on_a_pipe_keeps_every_column_with_labels_in_words(tabled: Dataset) -> None:
    result = tabled.run("list", env={"COLUMNS": "60"})
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["id", "date", "countries", "types", "title"]
    assert lines[1].split("\t") == [
        "2016-cn-lawyer-sentenced",
        "2016",
        "CN",
        "Conviction or imprisonment",
        RECORDS[3]["title"],
    ]
    assert "Arrest or detention, Criminal prosecution" in result.stdout


def test_ids_format_lists_what_a_narrow_table_hides(tabled: Dataset) -> None:
    ids = tabled.run("list", "--format", "ids").stdout.split()
    assert ids == [RECORDS[i]["id"] for i in ORDER]


# -- the layout itself, on any width ----------------------------------------------


def test_clip_words_cuts_at_a_word_and_marks_the_cut() -> None:
    assert clip_words("Lawyer disbarred by the court", 40) == "Lawyer disbarred by the court"
    assert clip_words("Lawyer disbarred by the court", 20) == "Lawyer disbarred by…"
    assert clip_words("Lawyer disbarred, then arrested", 18) == "Lawyer disbarred…"
    assert clip_words("Rechtsanwaltskammerverfahren gegen", 10) == "Rechtsanw…"  # no boundary
    assert cell_len(clip_words("律师王全璋被判处四年六个月 today", 9)) <= 9


def test_clip_items_keeps_whole_items_and_counts_the_rest() -> None:
    assert clip_items(["KZ", "RU", "BY"], 14) == "KZ, RU, BY"
    assert clip_items(["KZ", "RU", "BY", "UZ", "KG"], 12) == "KZ, RU +3"
    assert clip_items(["Threats or intimidation", "Disbarment"], 20) == "Threats or… +1"


@pytest.mark.parametrize("width", range(40, 241, 7))
def test_every_width_keeps_date_countries_and_title_on_one_line(width: int) -> None:
    rows = [{**r, "countries": r.get("countries", ["KZ"])} for r in RECORDS]
    layout = fit_records(rows, width)
    assert {"date", "countries", "title"} <= set(layout.header)
    for line in layout.lines():
        assert cell_len(line) <= width
    title = layout.header.index("title")
    assert all(layout.widths[title] >= 5 for _ in layout.rows)
    for cells, row in zip(layout.rows, rows, strict=True):
        assert cells[title]
        _title_words_are_whole(cells[title], str(row["title"]))


def test_wrapping_tables_give_each_column_its_longest_word_when_they_fit() -> None:
    header, rows = ["id", "title"], [["2019-kz-lawyer-disbarred", "Lawyer disbarred in court"]]
    assert wrap_widths(header, rows, 80) == [24, 25]  # room for all: each its whole text
    assert wrap_widths(header, rows, 24 + 9 + 5 + 8) == [24, 9 + 8]  # the rest to the title
    assert wrap_widths(header, rows, 30) is None  # cannot fit: Rich shares the width


@pytest.mark.slow
def test_people_on_a_terminal_never_cut_an_id_in_two(tabled: Dataset) -> None:
    code, screen = run(tabled.root, "people", columns=80)
    assert code == 0, screen
    for record in RECORDS:
        assert record["id"] in screen
