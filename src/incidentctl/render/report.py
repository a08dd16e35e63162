"""A report as a file: plain text, Markdown, CSV, JSON or one self-contained HTML page.

These are file formats, not terminal output (the Rich table lives in the CLI).
Every text that comes from records (titles, perpetrators, organisations) is
untrusted: Markdown escapes it, HTML escapes it and the page forbids scripts
and network loads with a Content-Security-Policy.
"""

from __future__ import annotations

import csv
import html
import io

from incidentctl.record.columns import protect
from incidentctl.render.markup import md_escape, one_line
from incidentctl.views.report import SECTIONS, ReportFigures, bar_length, label

TEXT_BAR = 40
MARKDOWN_BAR = 20
MONTH_NOTE = "Month each incident began; a year alone: only the year is known."


def render(report: ReportFigures, fmt: str) -> str:
    """The report in ``fmt``; ``table`` gives the plain-text table (for pipes and files)."""
    renderers = {
        "table": text,
        "markdown": markdown,
        "json": to_json,
        "csv": to_csv,
        "html": to_html,
    }
    return renderers[fmt](report)


def heading(report: ReportFigures) -> str:
    if report.since and report.until:
        return f"Incident report, {report.since} to {report.until}"
    return "Incident report (no incidents)"


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
        names = [label(key, k) for k in counts]
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
            row = f"| {md_escape(label(key, name))} | {count} |"
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

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;
max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #d5dbe3;padding-bottom:.2rem}
.meta{color:#56616e;margin:.1rem 0}.total{font-size:1.3rem;margin:1.2rem 0}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eef1f5;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;width:5rem}
td.bar{width:45%}svg{display:block;max-width:100%;height:auto}
.bar rect,svg.chart rect{fill:#3a6ea5}svg.chart text{font:11px system-ui,sans-serif;fill:#1d2733}
.none{color:#56616e;font-style:italic}code{font-size:.85em;color:#56616e}
footer{margin-top:3rem;color:#56616e;font-size:.85rem}
@media print{body{margin:0;max-width:none}}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def to_html(report: ReportFigures) -> str:
    """One self-contained page: inline CSS, charts as inline SVG, no script, nothing fetched."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading(report))}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(heading(report))}</h1>",
    ]
    if report.scope:
        parts.append(f'<p class="meta">Filters: {_e("; ".join(report.scope))}</p>')
    parts.append(
        f'<p class="total"><strong>{report.total}</strong> {_e(count_word(report.total).split(" ", 1)[1])}</p>'
    )
    parts.append(f'<p class="meta">Victims: <strong>{report.victims}</strong></p>')
    for key, title, what in SECTIONS:
        parts.append(f"<section><h2>{_e(title)}</h2>")
        counts = report.section(key)
        if not counts:
            parts.append('<p class="none">None.</p></section>')
            continue
        if key == "by_month":
            parts.append(_column_chart(counts))
            parts.append(f'<p class="meta">{_e(MONTH_NOTE)}</p>')
        parts.append(_count_table(key, what, counts))
        parts.append("</section>")
    parts.append("<section><h2>Incidents</h2>")
    if report.incidents:
        parts.append(
            "<table><thead><tr><th>Date</th><th>Title</th><th>Countries</th><th>Id</th></tr></thead><tbody>"
        )
        for i in report.incidents:
            parts.append(
                f"<tr><td>{_e(i['date'])}</td><td>{_e(i['title'])}</td>"
                f"<td>{_e(', '.join(i['countries']))}</td><td><code>{_e(i['id'])}</code></td></tr>"
            )
        parts.append("</tbody></table>")
    else:
        parts.append('<p class="none">None.</p>')
    parts += ["</section>", "<footer>Made with incidentctl.</footer>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _count_table(key: str, what: str, counts: dict[str, int]) -> str:
    """Counts with a horizontal SVG bar per row (readable without the chart too)."""
    largest = max(counts.values())
    rows = [
        f'<table><thead><tr><th>{_e(what)}</th><th class="n">{unit(key)}</th><th></th></tr></thead><tbody>'
    ]
    for name, count in counts.items():
        width = bar_length(count, largest, 100)
        bar = (
            f'<svg class="bar" viewBox="0 0 100 10" width="100%" height="10" preserveAspectRatio="none" '
            f'role="img" aria-label="{count}"><rect x="0" y="1" width="{width}" height="8"></rect></svg>'
        )
        rows.append(
            f'<tr><td>{_e(label(key, name))}</td><td class="n">{count}</td><td class="bar">{bar}</td></tr>'
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _column_chart(counts: dict[str, int]) -> str:
    """The months as a column chart in inline SVG, one labelled column per key."""
    slot, height, top, bottom = 56, 160, 18, 34
    largest = max(counts.values())
    width = slot * len(counts) + 10
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height + top + bottom}" width="{width}" '
        f'role="img" aria-label="Incidents by month">'
    ]
    for n, (month, count) in enumerate(counts.items()):
        h = bar_length(count, largest, height)
        x = 10 + n * slot
        y = top + height - h
        out.append(
            f"<g><title>{_e(month)}: {count}</title>"
            f'<rect x="{x}" y="{y}" width="{slot - 12}" height="{h}"></rect>'
            f'<text x="{x + (slot - 12) / 2}" y="{y - 4}" text-anchor="middle">{count}</text>'
            f'<text x="{x + (slot - 12) / 2}" y="{top + height + 14}" text-anchor="middle">{_e(month)}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
