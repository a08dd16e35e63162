"""The SDG 16.10.1 count as a file: plain text, Markdown, CSV, JSON or one self-contained page.

Labels are for people (``Arbitrary detention``), the JSON and CSV keep the slugs scripts
rely on. A victim's name or a group's description comes from records and is untrusted:
Markdown and HTML escape it, and the page loads nothing and runs nothing.
"""

from __future__ import annotations

import csv
import html
import io

from incidentctl.record.vocab import SEX_LABELS
from incidentctl.render.markup import md_escape, one_line
from incidentctl.views.sdg import (
    BREAKDOWNS,
    SIDE_LABELS,
    VICTIM_GROUP_LABELS,
    VIOLATION_LABELS,
    SdgFigures,
)

_LABELS = {
    "by_violation": VIOLATION_LABELS,
    "by_victim_group": VICTIM_GROUP_LABELS,
    "by_sex": SEX_LABELS,
    "by_perpetrator": SIDE_LABELS,
}

TITLE = "SDG indicator 16.10.1"
NOTE = (
    "Verified cases of killing, kidnapping, enforced disappearance, arbitrary detention and "
    "torture of journalists and media workers, trade unionists and human-rights defenders; "
    "each victim and violation counted once however many records report it."
)


def render(figures: SdgFigures, fmt: str) -> str:
    """The count in ``fmt``; ``table`` gives plain text (for pipes, files and terminals)."""
    by_format = dict(table=text, markdown=markdown, json=to_json, csv=to_csv, html=to_html)
    return by_format[fmt](figures)


def heading(figures: SdgFigures) -> str:
    if figures.since and figures.until:
        return f"{TITLE}, {figures.since} to {figures.until}"
    return f"{TITLE} (no incidents)"


def label(section: str, key: str) -> str:
    return _LABELS[section].get(key, key)


def case_word(n: int) -> str:
    return f"{n} case" + ("" if n == 1 else "s")


def _victim(case: dict[str, object]) -> str:
    size = case.get("size")
    return f"{case['victim']} ({size} people)" if size else str(case["victim"])


def to_json(figures: SdgFigures) -> str:
    from incidentctl.ops.exchange import to_json as json_text

    return json_text(figures.to_json())


def to_csv(figures: SdgFigures) -> str:
    """Rows ``section,key,count,victim,violation,date,reason``: the figures, then every case
    (``key`` its incident) and every record not counted (``reason`` says why)."""
    from incidentctl.record.columns import protect  # loads the model: only CSV needs it

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["section", "key", "count", "victim", "violation", "date", "reason"])

    def row(section: str, key: str, n: object = "", *rest: object) -> None:
        writer.writerow([section, key, n, *rest, *[""] * (4 - len(rest))])

    row("indicator", "sdg-16.10.1")
    row("period", "since", figures.since or "")
    row("period", "until", figures.until or "")
    row("total", "cases", figures.total)
    for key, _, _ in BREAKDOWNS:
        for name, n in getattr(figures, key).items():
            row(key, name, n)
    for case in figures.cases:
        victim = protect(str(case["victim"]))
        row("cases", case["incident"], case.get("size", 1), victim, case["violation"], case["date"])
    for item in figures.not_counted:
        row("not_counted", item["incident"], 0, "", "", "", protect(item["reason"]))
    return buf.getvalue()


def text(figures: SdgFigures) -> str:
    """Aligned plain text without colour or wrapping."""
    lines = [heading(figures)]
    if figures.scope:
        lines.append("Filters: " + "; ".join(figures.scope))
    lines += [NOTE, "", f"Total: {case_word(figures.total)}"]
    for key, title, _ in BREAKDOWNS:
        counts: dict[str, int] = getattr(figures, key)
        lines += ["", title, *_aligned([(label(key, k), n) for k, n in counts.items()])]
    lines += ["", "Cases"]
    if not figures.cases:
        lines.append("  (none)")
    for case in figures.cases:
        violation = VIOLATION_LABELS.get(case["violation"], case["violation"])
        lines.append(f"  {case['date']}  {violation}: {_victim(case)}  [{case['incident']}]")
    lines += ["", "Not counted"]
    if not figures.not_counted:
        lines.append("  (none)")
    for item in figures.not_counted:
        lines.append(f"  {item['incident']}: {item['reason']}")
    return "\n".join(one_line(line).rstrip() for line in lines) + "\n"


def _aligned(rows: list[tuple[str, int]]) -> list[str]:
    """Names and counts in two aligned columns; ``(none)`` for no rows."""
    width = max((len(name) for name, _ in rows), default=0)
    digits = max((len(str(n)) for _, n in rows), default=0)
    return [f"  {name.ljust(width)}  {str(n).rjust(digits)}" for name, n in rows] or ["  (none)"]


def markdown(figures: SdgFigures) -> str:
    out = [f"# {md_escape(heading(figures))}", ""]
    if figures.scope:
        out += [f"Filters: {md_escape('; '.join(figures.scope))}", ""]
    out += [f"_{NOTE}_", "", f"**Total: {case_word(figures.total)}**", ""]
    for key, title, what in BREAKDOWNS:
        out += [f"## {title}", ""]
        counts: dict[str, int] = getattr(figures, key)
        if not counts:
            out += ["None.", ""]
            continue
        out += [f"| {what} | Cases |", "| --- | ---: |"]
        out += [f"| {md_escape(label(key, k))} | {n} |" for k, n in counts.items()]
        out.append("")
    out += ["## Cases", ""]
    if figures.cases:
        out += ["| Date | Violation | Victim | Incident |", "| --- | --- | --- | --- |"]
        for c in figures.cases:
            out.append(
                f"| {c['date']} | {label('by_violation', c['violation'])} | "
                f"{md_escape(_victim(c))} | `{c['incident']}` |"
            )
        out.append("")
    else:
        out += ["None.", ""]
    out += ["## Not counted", ""]
    if figures.not_counted:
        out += ["| Incident | Reason |", "| --- | --- |"]
        out += [f"| `{i['incident']}` | {md_escape(i['reason'])} |" for i in figures.not_counted]
        out.append("")
    else:
        out += ["None.", ""]
    return "\n".join(out)


_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;color:#1d2733;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d5dbe3}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;"
    "border-bottom:1px solid #eef1f5}td.n{text-align:right;width:5rem}"
    ".meta,.none{color:#56616e}code{font-size:.85em;color:#56616e}"
)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(head: list[str], rows: list[list[str]]) -> str:
    """A table of already-escaped cells; a cell of digits is right-aligned."""
    cells = "".join(f"<th>{h}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c}</td>' if c.isdigit() else f"<td>{c}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def to_html(figures: SdgFigures) -> str:
    """One self-contained page: inline CSS, no script, nothing fetched."""
    title = _e(heading(figures))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{_e(_CSP)}"><title>{title}</title><style>{_STYLE}</style></head>',
        f"<body><h1>{title}</h1>",
    ]
    if figures.scope:
        parts.append(f'<p class="meta">Filters: {_e("; ".join(figures.scope))}</p>')
    parts.append(f'<p class="meta">{_e(NOTE)}</p>')
    parts.append(f"<p><strong>Total: {_e(case_word(figures.total))}</strong></p>")
    for key, heading_, what in BREAKDOWNS:
        parts.append(f"<h2>{_e(heading_)}</h2>")
        counts: dict[str, int] = getattr(figures, key)
        rows = [[_e(label(key, k)), str(n)] for k, n in counts.items()]
        parts.append(_table([_e(what), "Cases"], rows) if rows else '<p class="none">None.</p>')
    parts.append("<h2>Cases</h2>")
    rows = [
        [
            _e(c["date"]),
            _e(label("by_violation", c["violation"])),
            _e(_victim(c)),
            f"<code>{_e(c['incident'])}</code>",
        ]
        for c in figures.cases
    ]
    head = ["Date", "Violation", "Victim", "Incident"]
    parts.append(_table(head, rows) if rows else '<p class="none">None.</p>')
    parts.append("<h2>Not counted</h2>")
    rows = [[f"<code>{_e(i['incident'])}</code>", _e(i["reason"])] for i in figures.not_counted]
    parts.append(_table(["Incident", "Reason"], rows) if rows else '<p class="none">None.</p>')
    parts += ["<footer>Made with incidentctl.</footer></body></html>", ""]
    return "\n".join(parts)
