"""Diff rendering without git: one fact a line, and a Markdown comment that keeps data literal."""

from __future__ import annotations

import re

from incidentctl.render.diff import lines, markdown, text
from incidentctl.views.fielddiff import FieldChange, SetDiff
from incidentctl.views.history import WORKTREE, Comparison, Side

HOSTILE = "<img src=x> **bold** | [link](http://evil.example)"


def _diff() -> SetDiff:
    return SetDiff(
        added=["2019-06-01-kz-new"],
        renamed=[("2019-05-01-kz-old", "2019-05-02-kz-old")],
        changed=[
            (
                "2019-05-21-kz-x",
                [
                    FieldChange("status", "ongoing", "concluded"),
                    FieldChange("summary", "Line one.\nLine two.", "Line one.\nLine 2."),
                    FieldChange("outcome", None, "first\nsecond | third"),
                ],
            )
        ],
        titles={"2019-06-01-kz-new": HOSTILE, "2019-05-21-kz-x": "Lawyer X disbarred"},
    )


def test_lines_are_one_fact_each_and_a_summary_shows_only_its_changed_lines() -> None:
    assert lines(_diff()) == [
        f"added\t2019-06-01-kz-new\t{HOSTILE}",
        "renamed\t2019-05-01-kz-old -> 2019-05-02-kz-old",
        "changed\t2019-05-21-kz-x\tLawyer X disbarred",
        '\tstatus: "ongoing" -> "concluded"',
        "\tsummary: (lines changed)",
        "\t  - Line two.",
        "\t  + Line 2.",
        '\toutcome: (none) -> "first\\nsecond | third"',
    ]
    assert text(SetDiff()) == "no record changed\n"


def test_markdown_escapes_record_text_and_keeps_each_table_row_whole() -> None:
    md = markdown(Comparison(Side("abc", "main"), WORKTREE, _diff()))
    assert md.startswith("### Incident changes: `main` → `working tree`\n")
    assert "1 added, 0 removed, 1 renamed, 1 changed" in md
    assert not re.search(r"(?<!\\)<img", md) and r"\<img src=x\> \*\*bold\*\* \| \[link\]" in md
    assert "| `summary` | Line two. | Line 2. |" in md
    assert r"| `outcome` | *(none)* | first<br>second \| third |" in md
    rows = [line for line in md.splitlines() if line.startswith("| `")]
    assert len(rows) == 3 and all(line.count(" | ") == 2 for line in rows)


def test_markdown_of_no_change_says_so() -> None:
    md = markdown(Comparison(WORKTREE, WORKTREE, SetDiff()))
    assert md.endswith("0 added, 0 removed, 0 renamed, 0 changed\n\nNo record changed.\n")
