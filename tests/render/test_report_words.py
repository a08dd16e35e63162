"""Plain-text and Markdown reports show vocabulary labels in words; JSON and CSV keep the slugs
that scripts and spreadsheets filter on."""

from __future__ import annotations

from incidentctl.render.report import markdown, render, text, to_csv, words
from incidentctl.views.report import ReportFigures


def _figures() -> ReportFigures:
    return ReportFigures(
        "2019-01-01",
        "2019-12-31",
        1,
        by_country={"KZ": 1},
        by_type={"threats-intimidation": 1},
        by_month={"2019-06": 1},
        by_role={"human-rights-defender": 1},
        perpetrators={"threats-intimidation": 1},  # free text that happens to look like a slug
        responses={},
        incidents=[],
    )


def test_text_and_markdown_show_labels() -> None:
    plain, md = text(_figures()), markdown(_figures())
    assert "  Threats or intimidation  1" in plain and "  Human-rights defender  1" in plain
    assert "| Threats or intimidation | 1 |" in md and "| Kazakhstan (KZ) | 1 |" in md
    assert "  threats-intimidation  1" in plain, "perpetrators are free text, shown as written"


def test_json_and_csv_keep_the_slugs() -> None:
    assert '"threats-intimidation": 1' in render(_figures(), "json")
    assert "by_type,threats-intimidation,1" in to_csv(_figures())
    assert words("by_type", "not-in-vocabulary") == "not-in-vocabulary"
    assert words("by_month", "2019-06") == "2019-06"
