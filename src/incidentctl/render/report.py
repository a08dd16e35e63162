"""A report as a file: plain text, Markdown, CSV, JSON or one self-contained HTML page.

These are file formats, not terminal output (the Rich table lives in the CLI).
Every text that comes from records (titles, perpetrators, organisations) is
untrusted: Markdown escapes it; the HTML page (:mod:`incidentctl.render.html_report`)
autoescapes it and forbids scripts and network loads with a Content-Security-Policy.

Languages (``lang``, from ``--lang``; see :mod:`incidentctl.i18n`): text, Markdown and HTML are
for people, so headings, labels, country names, months and dates come in the language asked for;
the data stays as recorded. JSON and CSV are for programs: their keys and values stay the stored
slugs and ISO dates whatever the language, and asking for a language *adds* the words beside
them (JSON: ``"lang"`` and ``"labels"``; CSV: a last column ``label``). Without ``--lang`` every
format is exactly what it was before translations existed, so no script changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from incidentctl import i18n
from incidentctl.record.columns import protect
from incidentctl.render.markup import md_escape, one_line
from incidentctl.views.report import SECTIONS, ReportFigures, bar_length, label

TEXT_BAR = 40
MARKDOWN_BAR = 20
MONTH_NOTE = "Month each incident began; a year alone: only the year is known."


def render(
    report: ReportFigures,
    fmt: str,
    records: Sequence[Mapping[str, Any]] | None = None,
    lang: str | None = None,
) -> str:
    """The report in ``fmt``; ``table`` gives the plain-text table (for pipes and files).

    ``records``, the report's records as printed, feed the HTML page's incident list."""
    if fmt == "html":
        return to_html(report, records, lang)
    renderers = {
        "table": text,
        "markdown": markdown,
        "json": to_json,
        "csv": to_csv,
    }
    return renderers[fmt](report, lang)


def heading(report: ReportFigures, lang: str | None = None) -> str:
    t = i18n.translations(lang)
    if report.since and report.until:
        since, until = report.since, report.until
        if lang is not None:
            since, until = i18n.date_words(since, lang), i18n.date_words(until, lang)
        return str(t.gettext("Incident report, {since} to {until}")).format(
            since=since, until=until
        )
    return str(t.gettext("Incident report (no incidents)"))


VOCABULARY_OF_SECTION = {"by_type": "type", "by_role": "role", "by_sex": "sex"}
"""Sections keyed by a vocabulary's slugs, and the vocabulary (see :func:`vocab.label`)."""


def words(section: str, key: str, lang: str | None = None) -> str:
    """A section's key as a reader's table shows it: ``Threats or intimidation`` for
    ``threats-intimidation``, ``Kazakhstan (KZ)`` for ``KZ``; JSON and CSV keep the key.

    Months stay ISO (``2019-06``) unless a language is asked for: then ``June 2019``."""
    vocabulary = VOCABULARY_OF_SECTION.get(section)
    code = lang or i18n.SOURCE_LANGUAGE
    if vocabulary:
        return i18n.label(vocabulary, key, code)
    if section == "by_country" and lang is not None:
        name = i18n.country_name(key, lang)
        return f"{name} ({key})" if name != key else key
    if section == "by_month" and lang is not None:
        return month_words(key, lang)
    return label(section, key)


def filters_line(scope: Sequence[str], lang: str | None) -> str:
    """The ``Filters: …`` line of a report ("" without filters). The filters' own words (those
    of :func:`incidentctl.views.report.describe`: ``country``, ``since``) are translated; the
    values stay as typed."""
    if not scope:
        return ""
    t = i18n.translations(lang)
    names = {
        "country": t.pgettext("filter", "country"),
        "year": t.pgettext("filter", "year"),
        "type": t.pgettext("filter", "type"),
        "person": t.pgettext("filter", "person"),
        "role": t.pgettext("filter", "role"),
        "tag": t.pgettext("filter", "tag"),
        "case": t.pgettext("filter", "case"),
        "status": t.pgettext("filter", "status"),
        "source language": t.pgettext("filter", "source language"),
        "since": t.pgettext("filter", "since"),
        "until": t.pgettext("filter", "until"),
    }
    whole = {
        "public (confidential records and names withheld)": t.gettext(
            "public (confidential records and names withheld)"
        ),
        "further filters (not shown)": t.gettext("further filters (not shown)"),
    }
    either = " " + t.pgettext("filter", "or") + " "
    parts = []
    for part in scope:
        name = next(
            (n for n in sorted(names, key=len, reverse=True) if part.startswith(n + " ")), ""
        )
        if part in whole:
            parts.append(whole[part])
        elif name:
            parts.append(f"{names[name]} {part[len(name) + 1 :].replace(' or ', either)}")
        else:
            parts.append(part)
    return str(t.gettext("Filters: {filters}")).format(filters="; ".join(parts))


def month_words(key: str, lang: str) -> str:
    """A ``by_month`` key in words; a year alone says its month is not known."""
    if len(key) == 4:
        return str(i18n.translations(lang).gettext("{year} (month not known)")).format(year=key)
    return i18n.date_words(key, lang)


def title(title: str, lang: str | None) -> str:
    """A section heading or column name (from :data:`SECTIONS`) in ``lang``."""
    return str(i18n.translations(lang).gettext(title))


def unit(section: str, lang: str | None = None) -> str:
    """What a section counts: responses for ``responses``, incidents everywhere else."""
    t = i18n.translations(lang)
    if section == "by_sex":
        return str(t.gettext("Victims"))
    return str(t.gettext("Responses") if section == "responses" else t.gettext("Incidents"))


def count_word(n: int, lang: str | None = None) -> str:
    return str(i18n.translations(lang).ngettext("{n} incident", "{n} incidents", n)).format(n=n)


def _date(iso: str, lang: str | None) -> str:
    """An incident's date: ISO unless a language is asked for."""
    return i18n.date_words(iso, lang) if lang is not None else iso


def labels(report: ReportFigures, lang: str) -> dict[str, dict[str, str]]:
    """The words of every key that is a code (countries, types, months, roles, sexes), by
    section: what JSON and CSV add under ``--lang``. Perpetrators and organisations are free
    text, already words. Countries are their names alone: the key is the code."""
    coded = ("by_type", "by_month", "by_role", "by_sex")
    countries = {code: i18n.country_name(code, lang) for code in report.by_country}
    return {"by_country": countries} | {
        key: {k: words(key, k, lang) for k in report.section(key)} for key in coded
    }


# -- JSON and CSV -------------------------------------------------------------------


def to_json(report: ReportFigures, lang: str | None = None) -> str:
    return labelled_json(report.to_json(), lang, lambda: labels(report, lang or ""))


def labelled_json(
    data: dict[str, Any], lang: str | None, words: Callable[[], dict[str, dict[str, str]]]
) -> str:
    """``data`` as JSON; with a language, plus ``"lang"`` and ``"labels"`` (``words()``):
    the keys stay what scripts read, the words come beside them."""
    from incidentctl.ops.exchange import to_json as json_text

    if lang is not None:
        data = data | {"lang": lang, "labels": words()}
    return json_text(data)


def to_csv(report: ReportFigures, lang: str | None = None) -> str:
    """Sections as rows: ``section,key,count`` (see docs/reports-and-exchange.md); with a
    language, a fourth column ``label``: the key in words where it is a code or a date."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    words_of = labels(report, lang) if lang is not None else {}

    def row(section: str, key: str, count: object, words: str = "") -> None:
        writer.writerow([section, key, count, *([protect(words)] if lang is not None else [])])

    row("section", "key", "count", "label")
    row("period", "since", report.since or "", _date(report.since, lang) if report.since else "")
    row("period", "until", report.until or "", _date(report.until, lang) if report.until else "")
    row("total", "incidents", report.total)
    row("total", "victims", report.victims)
    for key, _title, _what in SECTIONS:
        for name, count in report.section(key).items():
            row(key, protect(name), count, words_of.get(key, {}).get(name, ""))
    for incident in report.incidents:
        row("incidents", incident["id"], 1)
    return buf.getvalue()


# -- plain text ---------------------------------------------------------------------


def text(report: ReportFigures, lang: str | None = None) -> str:
    """Aligned plain text without colour or wrapping: what a pipe or a file gets."""
    t = i18n.translations(lang)
    lines = [heading(report, lang)]
    if report.scope:
        lines.append(filters_line(report.scope, lang))
    lines += ["", t.gettext("Total: {incidents}").format(incidents=count_word(report.total, lang))]
    lines.append(t.gettext("Victims: {victims}").format(victims=report.victims))
    for key, heading_, _what in SECTIONS:
        lines += ["", title(heading_, lang)]
        counts = report.section(key)
        if not counts:
            lines.append("  " + t.gettext("(none)"))
            continue
        names = [words(key, k, lang) for k in counts]
        width = max(len(n) for n in names)
        digits = max(len(str(c)) for c in counts.values())
        largest = max(counts.values())
        for name, count in zip(names, counts.values(), strict=True):
            row = f"  {name.ljust(width)}  {str(count).rjust(digits)}"
            if key == "by_month":
                row += "  " + "#" * bar_length(count, largest, TEXT_BAR)
            lines.append(row)
        if key == "by_month":
            lines.append(f"  ({t.gettext(MONTH_NOTE)})")
    lines += ["", t.gettext("Incidents")]
    if not report.incidents:
        lines.append("  " + t.gettext("(none)"))
    dates = [_date(i["date"], lang) for i in report.incidents]
    date_width = max((len(d) for d in dates), default=0)
    for incident, when in zip(report.incidents, dates, strict=True):
        lines.append(f"  {when.ljust(date_width)}  {incident['title']}  [{incident['id']}]")
    return "\n".join(one_line(line).rstrip() for line in lines) + "\n"


# -- Markdown -----------------------------------------------------------------------


def markdown(report: ReportFigures, lang: str | None = None) -> str:
    """For pasting into a document: headings and pipe tables; months with a bar."""
    t = i18n.translations(lang)
    out = [f"# {md_escape(heading(report, lang))}", ""]
    if report.scope:
        out += [md_escape(filters_line(report.scope, lang)), ""]
    total = t.gettext("Total: {incidents}").format(incidents=count_word(report.total, lang))
    victims = t.gettext("Victims: {victims}").format(victims=report.victims)
    out += [f"**{total}**", ""]
    victims_are = t.gettext("people named plus the sizes of groups")
    out += [f"**{victims}** ({victims_are})", ""]
    for key, heading_, what in SECTIONS:
        out += [f"## {title(heading_, lang)}", ""]
        counts = report.section(key)
        if not counts:
            out += [t.gettext("None."), ""]
            continue
        bars = key == "by_month"
        out.append(f"| {title(what, lang)} | {unit(key, lang)} |" + (" |" if bars else ""))
        out.append("| --- | ---: |" + (" --- |" if bars else ""))
        largest = max(counts.values())
        for name, count in counts.items():
            row = f"| {md_escape(words(key, name, lang))} | {count} |"
            if bars:
                row += " " + "█" * bar_length(count, largest, MARKDOWN_BAR) + " |"
            out.append(row)
        out.append("")
        if bars:
            out += [f"_{t.gettext(MONTH_NOTE)}_", ""]
    out += ["## " + t.gettext("Incidents"), ""]
    if not report.incidents:
        out += [t.gettext("None."), ""]
    else:
        head = [t.gettext("Date"), t.gettext("Title"), t.gettext("Countries"), t.gettext("Id")]
        out += ["| " + " | ".join(head) + " |", "| --- | --- | --- | --- |"]
        for i in report.incidents:
            out.append(
                f"| {_date(i['date'], lang)} | {md_escape(i['title'])} | "
                f"{', '.join(i['countries'])} | `{i['id']}` |"
            )
        out.append("")
    return "\n".join(out)


# -- HTML ---------------------------------------------------------------------------


def to_html(
    report: ReportFigures,
    records: Sequence[Mapping[str, Any]] | None = None,
    lang: str | None = None,
) -> str:
    """The annual report as one self-contained page (see :mod:`incidentctl.render.html_report`)."""
    from incidentctl.render.html_report import to_html as page

    return page(report, records, lang or i18n.SOURCE_LANGUAGE)
