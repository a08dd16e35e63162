"""The SDG 16.10.1 count as a file: plain text, Markdown, CSV, JSON or one self-contained page.

Labels are for people (``Arbitrary detention``), the JSON and CSV keep the slugs scripts
rely on. A victim's name or a group's description comes from records and is untrusted:
Markdown and HTML escape it, and the page loads nothing and runs nothing.

Languages follow :mod:`incidentctl.render.report`: text, Markdown and HTML in ``lang``; JSON and
CSV keep their keys and add the words (``"lang"`` and ``"labels"``; a last column ``label``)
only when a language is asked for.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io

from incidentctl import i18n
from incidentctl.render.markup import md_escape, one_line
from incidentctl.render.report import filters_line, labelled_json
from incidentctl.views.sdg import BREAKDOWNS, SdgFigures

VOCABULARY_OF_BREAKDOWN = {
    "by_violation": "violation",
    "by_victim_group": "victim_group",
    "by_sex": "sex",
    "by_perpetrator": "side",
}
"""Each breakdown's keys are a vocabulary's slugs (see :func:`incidentctl.i18n.label`)."""

TITLE = "SDG indicator 16.10.1"
NOTE = (
    "Verified cases of killing, kidnapping, enforced disappearance, arbitrary detention and "
    "torture of journalists and media workers, trade unionists and human-rights defenders; "
    "each victim and violation counted once however many records report it."
)


def render(figures: SdgFigures, fmt: str, lang: str | None = None) -> str:
    """The count in ``fmt``; ``table`` gives plain text (for pipes, files and terminals)."""
    by_format = dict(table=text, markdown=markdown, json=to_json, csv=to_csv, html=to_html)
    return by_format[fmt](figures, lang)


def heading(figures: SdgFigures, lang: str | None = None) -> str:
    t = i18n.translations(lang)
    if figures.since and figures.until:
        return str(t.gettext("{title}, {since} to {until}")).format(
            title=t.gettext(TITLE),
            since=_date(figures.since, lang),
            until=_date(figures.until, lang),
        )
    return str(t.gettext("{title} (no incidents)")).format(title=t.gettext(TITLE))


def label(section: str, key: str, lang: str | None = None) -> str:
    return i18n.label(VOCABULARY_OF_BREAKDOWN[section], key, lang or i18n.SOURCE_LANGUAGE)


def case_word(n: int, lang: str | None = None) -> str:
    return str(i18n.translations(lang).ngettext("{n} case", "{n} cases", n)).format(n=n)


def _date(iso: str, lang: str | None) -> str:
    """ISO unless a language is asked for."""
    return i18n.date_words(iso, lang) if lang is not None else iso


def _victim(case: dict[str, object], lang: str | None = None) -> str:
    size = case.get("size")
    if not size:
        return str(case["victim"])
    people = str(
        i18n.translations(lang).ngettext("{n} person", "{n} people", int(str(size)))
    ).format(n=size)
    return f"{case['victim']} ({people})"


def _reason(reason: str, lang: str | None) -> str:
    return str(i18n.translations(lang).gettext(reason))


def labels(figures: SdgFigures, lang: str) -> dict[str, dict[str, str]]:
    """Every breakdown's keys in words: what JSON and CSV add under ``--lang``."""
    return {
        key: {k: label(key, k, lang) for k in getattr(figures, key)}
        for key in VOCABULARY_OF_BREAKDOWN
    }


def to_json(figures: SdgFigures, lang: str | None = None) -> str:
    return labelled_json(figures.to_json(), lang, lambda: labels(figures, lang or ""))


def to_csv(figures: SdgFigures, lang: str | None = None) -> str:
    """Rows ``section,key,count,victim,violation,date,reason``: the figures, then every case
    (``key`` its incident) and every record not counted (``reason`` says why); with a
    language, a last column ``label`` (a breakdown's key, a case's violation, in words) and
    the reasons in that language."""
    from incidentctl.record.columns import protect  # loads the model: only CSV needs it

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    words_of = labels(figures, lang) if lang is not None else {}

    def row(section: str, key: str, n: object = "", *rest: object, words: str = "") -> None:
        extra = [protect(words)] if lang is not None else []
        writer.writerow([section, key, n, *rest, *[""] * (4 - len(rest)), *extra])

    row("section", "key", "count", "victim", "violation", "date", "reason", words="label")
    row("indicator", "sdg-16.10.1")
    row(
        "period",
        "since",
        figures.since or "",
        words=_date(figures.since or "", lang) if figures.since else "",
    )
    row(
        "period",
        "until",
        figures.until or "",
        words=_date(figures.until or "", lang) if figures.until else "",
    )
    row("total", "cases", figures.total)
    for key, _heading, _what in BREAKDOWNS:
        for name, n in getattr(figures, key).items():
            row(key, name, n, words=words_of.get(key, {}).get(name, ""))
    for case in figures.cases:
        victim = protect(str(case["victim"]))
        row(
            "cases",
            case["incident"],
            case.get("size", 1),
            victim,
            case["violation"],
            case["date"],
            words=label("by_violation", case["violation"], lang) if lang is not None else "",
        )
    for item in figures.not_counted:
        reason = protect(_reason(item["reason"], lang))
        row("not_counted", item["incident"], 0, "", "", "", reason)
    return buf.getvalue()


def text(figures: SdgFigures, lang: str | None = None) -> str:
    """Aligned plain text without colour or wrapping."""
    t = i18n.translations(lang)
    lines = [heading(figures, lang)]
    if figures.scope:
        lines.append(filters_line(figures.scope, lang))
    total = t.gettext("Total: {cases}").format(cases=case_word(figures.total, lang))
    lines += [t.gettext(NOTE), "", total]
    none = "  " + t.gettext("(none)")
    for key, heading_, _what in BREAKDOWNS:
        counts: dict[str, int] = getattr(figures, key)
        rows = [(label(key, k, lang), n) for k, n in counts.items()]
        lines += ["", t.gettext(heading_), *(_aligned(rows) or [none])]
    lines += ["", t.gettext("Cases")]
    if not figures.cases:
        lines.append(none)
    for case in figures.cases:
        violation = label("by_violation", case["violation"], lang)
        when = _date(case["date"], lang)
        lines.append(f"  {when}  {violation}: {_victim(case, lang)}  [{case['incident']}]")
    lines += ["", t.gettext("Not counted")]
    if not figures.not_counted:
        lines.append(none)
    for item in figures.not_counted:
        lines.append(f"  {item['incident']}: {_reason(item['reason'], lang)}")
    return "\n".join(one_line(line).rstrip() for line in lines) + "\n"


def _aligned(rows: list[tuple[str, int]]) -> list[str]:
    """Names and counts in two aligned columns; nothing for no rows."""
    width = max((len(name) for name, _ in rows), default=0)
    digits = max((len(str(n)) for _, n in rows), default=0)
    return [f"  {name.ljust(width)}  {str(n).rjust(digits)}" for name, n in rows]


def markdown(figures: SdgFigures, lang: str | None = None) -> str:
    t = i18n.translations(lang)
    out = [f"# {md_escape(heading(figures, lang))}", ""]
    if figures.scope:
        out += [md_escape(filters_line(figures.scope, lang)), ""]
    total = t.gettext("Total: {cases}").format(cases=case_word(figures.total, lang))
    out += [f"_{t.gettext(NOTE)}_", "", f"**{total}**", ""]
    for key, heading_, what in BREAKDOWNS:
        out += [f"## {t.gettext(heading_)}", ""]
        counts: dict[str, int] = getattr(figures, key)
        if not counts:
            out += [t.gettext("None."), ""]
            continue
        out += ["| " + " | ".join([t.gettext(what), t.gettext("Cases")]) + " |", "| --- | ---: |"]
        out += [f"| {md_escape(label(key, k, lang))} | {n} |" for k, n in counts.items()]
        out.append("")
    out += ["## " + t.gettext("Cases"), ""]
    if figures.cases:
        head = [t.gettext("Date"), t.gettext("Violation"), t.gettext("Victim")]
        out += ["| " + " | ".join([*head, t.gettext("Incident")]) + " |"]
        out += ["| --- | --- | --- | --- |"]
        for c in figures.cases:
            out.append(
                f"| {_date(c['date'], lang)} | {label('by_violation', c['violation'], lang)} | "
                f"{md_escape(_victim(c, lang))} | `{c['incident']}` |"
            )
        out.append("")
    else:
        out += [t.gettext("None."), ""]
    out += ["## " + t.gettext("Not counted"), ""]
    if figures.not_counted:
        head = [t.gettext("Incident"), t.gettext("Reason")]
        out += ["| " + " | ".join(head) + " |", "| --- | --- |"]
        out += [
            f"| `{i['incident']}` | {md_escape(_reason(i['reason'], lang))} |"
            for i in figures.not_counted
        ]
        out.append("")
    else:
        out += [t.gettext("None."), ""]
    return "\n".join(out)


_STYLE = (
    "body{font:15px/1.5 system-ui,sans-serif;color:#1d2733;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d5dbe3}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;"
    "border-bottom:1px solid #eef1f5}td.n{text-align:right;width:5rem}"
    ".meta,.none{color:#56616e}code{font-size:.85em;color:#56616e}"
)
_CSP = (
    "default-src 'none'; style-src 'sha256-"
    + base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
    + "'"
)
"""The page's policy: nothing loaded, no script, and only its own style sheet, named by its
hash (as the annual report's), so no injected style can apply."""


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


def to_html(figures: SdgFigures, lang: str | None = None) -> str:
    """One self-contained page: inline CSS, no script, nothing fetched."""
    t = i18n.translations(lang)
    title = _e(heading(figures, lang))
    none = '<p class="none">' + _e(t.gettext("None.")) + "</p>"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang or i18n.SOURCE_LANGUAGE)}">',
        f'<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{_e(_CSP)}"><title>{title}</title><style>{_STYLE}</style></head>',
        f"<body><h1>{title}</h1>",
    ]
    if figures.scope:
        parts.append(f'<p class="meta">{_e(filters_line(figures.scope, lang))}</p>')
    parts.append(f'<p class="meta">{_e(t.gettext(NOTE))}</p>')
    total = t.gettext("Total: {cases}").format(cases=case_word(figures.total, lang))
    parts.append(f"<p><strong>{_e(total)}</strong></p>")
    for key, heading_, what in BREAKDOWNS:
        parts.append(f"<h2>{_e(t.gettext(heading_))}</h2>")
        counts: dict[str, int] = getattr(figures, key)
        rows = [[_e(label(key, k, lang)), str(n)] for k, n in counts.items()]
        head = [_e(t.gettext(what)), _e(t.gettext("Cases"))]
        parts.append(_table(head, rows) if rows else none)
    parts.append("<h2>" + _e(t.gettext("Cases")) + "</h2>")
    rows = [
        [
            _e(_date(c["date"], lang)),
            _e(label("by_violation", c["violation"], lang)),
            _e(_victim(c, lang)),
            f"<code>{_e(c['incident'])}</code>",
        ]
        for c in figures.cases
    ]
    head = [t.gettext("Date"), t.gettext("Violation"), t.gettext("Victim"), t.gettext("Incident")]
    parts.append(_table([_e(h) for h in head], rows) if rows else none)
    parts.append("<h2>" + _e(t.gettext("Not counted")) + "</h2>")
    rows = [
        [f"<code>{_e(i['incident'])}</code>", _e(_reason(i["reason"], lang))]
        for i in figures.not_counted
    ]
    head = [_e(t.gettext("Incident")), _e(t.gettext("Reason"))]
    parts.append(_table(head, rows) if rows else none)
    made = _e(t.gettext("Made with incidentctl."))
    parts += [f"<footer>{made}</footer></body></html>", ""]
    return "\n".join(parts)
