"""Report figures (SPEC §6 counting rules) and the file formats they render to."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest

from incidentctl.files.store import Store
from incidentctl.index.filters import Filters
from incidentctl.ops.exchange import select_rows
from incidentctl.render.report import markdown, render, text, to_csv, to_html
from incidentctl.testing import Dataset
from incidentctl.views import report


def _report(incidentctl_dataset: Dataset, **filters: object) -> report.ReportFigures:
    chosen = Filters.build(**filters)  # type: ignore[arg-type]
    records, rows = select_rows(Store(incidentctl_dataset.root), chosen)
    return report.build(records, rows, chosen)


def test_bundled_report_counts_follow_the_data(incidentctl_bundled: Dataset) -> None:
    built = _report(incidentctl_bundled, years=[2019])
    records, _ = select_rows(Store(incidentctl_bundled.root), Filters.build(years=[2019]))
    data = built.to_json()
    assert list(data) == [
        "period", "total", "victims", "by_country", "by_type", "by_month", "by_role",
        "by_sex", "perpetrators", "responses", "incidents",
    ]  # fmt: skip
    assert data["victims"] == sum(len(r.people) for r in records) == sum(data["by_sex"].values())
    assert data["period"] == {"since": "2019-01-01", "until": "2019-12-31"}
    assert data["total"] == len(records) == len(data["incidents"])
    assert data["incidents"] == [r.id for r in records]
    assert data["by_country"] == dict(Counter(c for r in records for c in r.countries))
    assert data["by_type"] == dict(Counter(t for r in records for t in r.types))
    roles = Counter(role for r in records for role in {x for p in r.people for x in p.roles})
    assert data["by_role"] == dict(roles)
    assert data["responses"] == dict(Counter(x.by for r in records for x in r.responses))
    perpetrators = Counter(p for r in records for p in r.perpetrator_names())
    assert data["perpetrators"] == dict(perpetrators)
    months = Counter(str(r.date)[:7] for r in records)
    assert data["by_month"] == dict(months)
    assert list(data["by_month"]) == sorted(months), "months in calendar order"
    counts = list(data["by_type"].values())
    assert counts == sorted(counts, reverse=True), "largest groups first"


def test_year_only_dates_count_under_the_year_and_each_group_once(
    incidentctl_dataset: Dataset,
) -> None:
    incidentctl_dataset.add(
        date="2019", title="Only the year is known here", countries=["KZ", "BE"]
    )
    incidentctl_dataset.add(
        date="2019-03-04",
        title="Two lawyers and two statements",
        people=[
            {"name": "A B", "roles": ["lawyer"]},
            {"name": "C D", "roles": ["lawyer", "judge"]},
        ],
        responses=[
            {"date": "2019-03", "by": "Lawyers for Lawyers", "kind": "statement"},
            {"date": "2020", "by": "Lawyers for Lawyers", "kind": "letter"},
        ],
    )
    data = _report(incidentctl_dataset).to_json()
    assert data["by_month"] == {"2019": 1, "2019-03": 1}
    assert data["by_country"] == {"KZ": 2, "BE": 1}
    assert data["by_role"] == {"lawyer": 2, "judge": 1}
    assert data["responses"] == {"Lawyers for Lawyers": 2}


def test_period_comes_from_filters_else_the_incidents_span(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(date="2018-02", end_date="2019-03")
    incidentctl_dataset.add(date="2020", title="A later incident in 2020")
    assert _report(incidentctl_dataset).to_json()["period"] == {
        "since": "2018-02-01",
        "until": "2020-12-31",
    }
    assert _report(incidentctl_dataset, since="2019-05").to_json()["period"] == {
        "since": "2019-05-01",
        "until": "2020-12-31",
    }
    assert _report(incidentctl_dataset, until="May 2019").to_json()["period"] == {
        "since": "2018-02-01",
        "until": "2019-05-31",
    }
    assert _report(incidentctl_dataset, countries=["FR"]).to_json()["period"] == {
        "since": None,
        "until": None,
    }


def test_top_limits_the_perpetrators(incidentctl_dataset: Dataset) -> None:
    for n in range(4):
        incidentctl_dataset.add(
            title=f"Incident number {n}", perpetrators=[f"Actor {k}" for k in range(n + 1)]
        )
    chosen = Filters()
    records, rows = select_rows(Store(incidentctl_dataset.root), chosen)
    assert list(report.build(records, rows, chosen, top=2).perpetrators) == ["Actor 0", "Actor 1"]
    assert len(report.build(records, rows, chosen, top=None).perpetrators) == 4


HOSTILE = "<script>alert('x')</script> | **bold** [link](http://evil.example)"


def test_html_is_self_contained_and_escapes_record_text(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(title=HOSTILE, perpetrators=['"><img src=x onerror=alert(1)>'])
    page = to_html(_report(incidentctl_dataset))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "<img" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "<link" not in page.lower() and "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "default-src &#39;none&#39;" in page
    assert page.count("<svg") >= 2, "the month chart and the bars are inline SVG"


def test_markdown_keeps_record_text_literal(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(title=HOSTILE)
    md = markdown(_report(incidentctl_dataset))
    row = next(line for line in md.splitlines() if "alert" in line)
    assert row.count(" | ") == 3, "a | in a title must not add a table column"
    assert "<script>" not in md and r"\<script\>" in md and r"\*\*bold\*\*" in md


def test_plain_text_has_one_line_per_entry_and_no_trailing_blanks(
    incidentctl_bundled: Dataset,
) -> None:
    out = text(_report(incidentctl_bundled))
    assert "\x1b" not in out
    assert all(line == line.rstrip() for line in out.splitlines())
    for title in [r["title"] for r in _report(incidentctl_bundled).incidents]:
        assert any(title in line for line in out.splitlines()), title
    assert re.search(r"^  2019 +\d+  #+$", out, re.M), "months carry a bar"


def test_csv_report_is_sections_as_rows(incidentctl_bundled: Dataset) -> None:
    built = _report(incidentctl_bundled, years=[2019])
    rows = list(csv.reader(io.StringIO(to_csv(built))))
    assert rows[0] == ["section", "key", "count"]
    assert ["period", "since", "2019-01-01"] in rows and [
        "total",
        "incidents",
        str(built.total),
    ] in rows
    assert [r[1] for r in rows if r[0] == "incidents"] == [i["id"] for i in built.incidents]
    for section in ("by_country", "by_type", "by_month", "by_role", "perpetrators", "responses"):
        assert {r[1]: int(r[2]) for r in rows if r[0] == section} == built.section(section)


def test_csv_report_keeps_a_formula_like_perpetrator_as_text(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(perpetrators=['=HYPERLINK("http://evil.example")', "-police", "'@x"])
    rows = list(csv.reader(io.StringIO(to_csv(_report(incidentctl_dataset)))))
    named = sorted(r[1] for r in rows if r[0] == "perpetrators")
    assert named == ["''@x", "'-police", '\'=HYPERLINK("http://evil.example")']


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "html"])
def test_every_format_lists_every_incident(incidentctl_bundled: Dataset, fmt: str) -> None:
    built = _report(incidentctl_bundled, countries=["KZ"])
    out = render(built, fmt)
    for incident in built.incidents:
        assert incident["id"] in out
