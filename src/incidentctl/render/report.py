"""A report as a file: plain text, Markdown, CSV, JSON or one self-contained HTML page.

These are file formats, not terminal output (the Rich table lives in the CLI).
Every text that comes from records (titles, perpetrators, organisations) is
untrusted: Markdown escapes it; the HTML page (:mod:`incidentctl.render.html_report`)
autoescapes it and forbids scripts and network loads with a Content-Security-Policy.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from incidentctl.record import vocab
from incidentctl.record.columns import protect
from incidentctl.render.markup import md_escape, one_line
from incidentctl.views.report import SECTIONS, ReportFigures, bar_length, label

TEXT_BAR = 40
MARKDOWN_BAR = 20
MONTH_NOTE = "Month each incident began; a year alone: only the year is known."


def render(
    report: ReportFigures, fmt: str, records: Sequence[Mapping[str, Any]] | None = None
) -> str:
    """The report in ``fmt``; ``table`` gives the plain-text table (for pipes and files).

    ``records``, the report's records as printed, feed the HTML page's incident list."""
    if fmt == "html":
        return to_html(report, records)
    renderers = {
        "table": text,
        "markdown": markdown,
        "json": to_json,
        "csv": to_csv,
    }
    return renderers[fmt](report)


def heading(report: ReportFigures) -> str:
    if report.since and report.until:
        return f"Incident report, {report.since} to {report.until}"
    return "Incident report (no incidents)"


VOCABULARY_OF_SECTION = {"by_type": "type", "by_role": "role", "by_sex": "sex"}
"""Sections keyed by a vocabulary's slugs, and the vocabulary (see :func:`vocab.label`)."""


def words(section: str, key: str) -> str:
    """A section's key as a reader's table shows it: ``Threats or intimidation`` for
    ``threats-intimidation``, ``Kazakhstan (KZ)`` for ``KZ``; JSON and CSV keep the key."""
    vocabulary = VOCABULARY_OF_SECTION.get(section)
    return vocab.label(vocabulary, key) if vocabulary else label(section, key)


def unit(section: str) -> str:
    """What a section counts: responses for ``responses``, incidents everywhere else."""
    if section == "by_sex":
        return "Victims"
    return "Responses" if section == "responses" else "Incidents"


def count_word(n: int) -> str:
    return f"{n} incident" + ("" if n == 1 else "s")


# -- JSON and CSV -------------------------------------------------------------------


def to_json(report: ReportFigures) -> str:
    from incidentctl.ops.exchange import to_json as json_text

    return json_text(report.to_json())


def to_csv(report: ReportFigures) -> str:
    """Sections as rows: ``section,key,count`` (see docs/reports-and-exchange.md)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["section", "key", "count"])
    writer.writerow(["period", "since", report.since or ""])
    writer.writerow(["period", "until", report.until or ""])
    writer.writerow(["total", "incidents", report.total])
    writer.writerow(["total", "victims", report.victims])
    for key, _, _ in SECTIONS:
        for name, count in report.section(key).items():
            writer.writerow([key, protect(name), count])
    for incident in report.incidents:
        writer.writerow(["incidents", incident["id"], 1])
    return buf.getvalue()


# -- plain text ---------------------------------------------------------------------


def text(report: ReportFigures) -> str:
    """Aligned plain text without colour or wrapping: what a pipe or a file gets."""
    lines = [heading(report)]
    if report.scope:
        lines.append("Filters: " + "; ".join(report.scope))
    lines += ["", f"Total: {count_word(report.total)}"]
    lines.append(f"Victims: {report.victims}")
    for key, title, _ in SECTIONS:
        lines += ["", title]
        counts = report.section(key)
        if not counts:
            lines.append("  (none)")
            continue
        names = [words(key, k) for k in counts]
        width = max(len(n) for n in names)
        digits = max(len(str(c)) for c in counts.values())
        largest = max(counts.values())
        for name, count in zip(names, counts.values(), strict=True):
            row = f"  {name.ljust(width)}  {str(count).rjust(digits)}"
            if key == "by_month":
                row += "  " + "#" * bar_length(count, largest, TEXT_BAR)
            lines.append(row)
        if key == "by_month":
            lines.append(f"  ({MONTH_NOTE})")
    lines += ["", "Incidents"]
    if not report.incidents:
        lines.append("  (none)")
    date_width = max((len(i["date"]) for i in report.incidents), default=0)
    for incident in report.incidents:
        lines.append(
            f"  {incident['date'].ljust(date_width)}  {incident['title']}  [{incident['id']}]"
        )
    return "\n".join(one_line(line).rstrip() for line in lines) + "\n"


# -- Markdown -----------------------------------------------------------------------


def markdown(report: ReportFigures) -> str:
    """For pasting into a document: headings and pipe tables; months with a bar."""
    out = [f"# {md_escape(heading(report))}", ""]
    if report.scope:
        out += [f"Filters: {md_escape('; '.join(report.scope))}", ""]
    out += [f"**Total: {count_word(report.total)}**", ""]
    out += [f"**Victims: {report.victims}** (people named plus the sizes of groups)", ""]
    for key, title, what in SECTIONS:
        out += [f"## {title}", ""]
        counts = report.section(key)
        if not counts:
            out += ["None.", ""]
            continue
        bars = key == "by_month"
        out.append(f"| {what} | {unit(key)} |" + (" |" if bars else ""))
        out.append("| --- | ---: |" + (" --- |" if bars else ""))
        largest = max(counts.values())
        for name, count in counts.items():
            row = f"| {md_escape(words(key, name))} | {count} |"
            if bars:
                row += " " + "█" * bar_length(count, largest, MARKDOWN_BAR) + " |"
            out.append(row)
        out.append("")
        if bars:
            out += [f"_{MONTH_NOTE}_", ""]
    out += ["## Incidents", ""]
    if not report.incidents:
        out += ["None.", ""]
    else:
        out += ["| Date | Title | Countries | Id |", "| --- | --- | --- | --- |"]
        for i in report.incidents:
            out.append(
                f"| {i['date']} | {md_escape(i['title'])} | {', '.join(i['countries'])} | `{i['id']}` |"
            )
        out.append("")
    return "\n".join(out)


# -- HTML ---------------------------------------------------------------------------


def to_html(report: ReportFigures, records: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The annual report as one self-contained page (see :mod:`incidentctl.render.html_report`)."""
    from incidentctl.render.html_report import to_html as page

    return page(report, records)
