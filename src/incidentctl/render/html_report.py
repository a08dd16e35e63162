"""The report as an annual report: one self-contained HTML page, for the screen and for print.

Why Jinja2 templates (``render/templates/``) rather than strings built in code: the layout is
what a designer or a partner changes, and a public-site generator will reuse it; autoescaping is
on for every value, so no record text (titles, summaries, names, publishers) can become markup.
The page loads nothing: the style sheet is inline and allowed by its hash in a strict
Content-Security-Policy (no scripts, no fetches, no other style), charts are inline SVG, and the
only URLs are the sources' own links, which a reader follows and nothing loads.

Printing (``@media print``, ``@page { size: A4 }``) gives a clean A4 document: headings kept
with what follows, table rows and incident headers never cut, link targets printed after their
text, nothing that needs background colours.

Languages: the page is in ``lang`` (``<html lang>``, headings through ``jinja2.ext.i18n``'s
``{% trans %}``, labels, country and language names, dates; :mod:`incidentctl.i18n`); record
text stays as recorded.

Everything shown comes from the report's figures and the records' data *as printed*: under
``--public`` that is the public data of :mod:`incidentctl.views.privacy` (public summary,
withheld names), never the raw record.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from incidentctl import i18n
from incidentctl.render.report import filters_line, month_words, title, unit, words
from incidentctl.views.report import SECTIONS, ReportFigures, bar_length

if TYPE_CHECKING:
    import jinja2

CSP = "default-src 'none'; style-src '{style}'; img-src data:; base-uri 'none'; form-action 'none'"
"""The page's policy; ``{style}`` is the hash of its one style sheet."""

MONTH_NOTE = "Incidents by the month each began, every month of the period shown."
CHART_HEIGHT = 140
"""Height of the tallest column, in SVG units."""


def to_html(
    report: ReportFigures,
    records: Iterable[Mapping[str, Any]] | None = None,
    lang: str = i18n.SOURCE_LANGUAGE,
) -> str:
    """The page in ``lang``. ``records`` are the report's records as printed (public under
    ``--public``), in report order; without them the incident list shows what the figures hold."""
    return "".join(stream_html(report, records, lang))


PIECE = 1 << 16
"""Characters gathered before a piece of the page is given out: Jinja yields a few characters
at a time, and each write of them would be a call into the file or the terminal."""


def stream_html(
    report: ReportFigures,
    records: Iterable[Mapping[str, Any]] | None = None,
    lang: str = i18n.SOURCE_LANGUAGE,
    piece: int = PIECE,
) -> Iterator[str]:
    """:func:`to_html`'s page in pieces, as Jinja renders it (``Template.generate``), each
    piece ending a line (but perhaps the last): the incident list is rendered as ``records``
    are read, so 100,000 records never sit in memory, nor their page (2.2 GB when it did).
    The pieces joined are :func:`to_html`'s text (``tests/fastpaths/test_streamed_html.py``)."""
    env = _environment(lang)
    t = i18n.translations(lang)
    style = _style()
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    from markupsafe import Markup

    chosen = records if records is not None else report.incidents
    texts = env.get_template("report.html").generate(
        csp=CSP.format(style=f"sha256-{digest}"),
        style=Markup(style),  # our own file, not data: it must reach the page unescaped
        lang=lang,
        heading=heading(report, lang),
        period=_period(report, lang),
        filters=filters_line(report.scope, lang),
        figures=_figures(report, lang),
        chart=month_chart(report, lang),
        month_note=t.gettext(MONTH_NOTE),
        sections=[
            _section(report, key, heading_, what, lang)
            for key, heading_, what in SECTIONS
            if key != "by_month"
        ],
        incidents=(incident_words(r, lang) for r in chosen),
        public=report.public,
    )
    buf: list[str] = []
    size = 0
    for text in texts:
        buf.append(text)
        size += len(text)
        if size >= piece and "\n" in text:
            joined = "".join(buf)
            cut = joined.rindex("\n") + 1
            yield joined[:cut]
            rest = joined[cut:]
            buf, size = [rest], len(rest)
    if size:
        yield "".join(buf)


@lru_cache(maxsize=8)
def _environment(lang: str) -> jinja2.Environment:
    """The templates with ``{% trans %}`` in ``lang`` (one environment per language)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("incidentctl.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


@lru_cache(maxsize=1)
def _style() -> str:
    from importlib.resources import files

    return files("incidentctl.render").joinpath("templates", "report.css").read_text("utf-8")


# -- words ---------------------------------------------------------------------------------------


def date_words(iso: str, lang: str = i18n.SOURCE_LANGUAGE) -> str:
    """``2019-05-21`` -> ``21 May 2019``; ``2019-05`` -> ``May 2019``; ``2019`` stays."""
    return i18n.date_words(iso, lang)


def span_words(start: str, end: str | None, lang: str = i18n.SOURCE_LANGUAGE) -> str:
    """A record's date, or its range (``21 May 2019 – June 2019``)."""
    if end and end != start:
        return f"{date_words(start, lang)} – {date_words(end, lang)}"
    return date_words(start, lang)


def heading(report: ReportFigures, lang: str = i18n.SOURCE_LANGUAGE) -> str:
    """``Incident report 2019`` for a calendar year (or years), else the dates in words."""
    t = i18n.translations(lang)
    if not (report.since and report.until):
        return str(t.gettext("Incident report (no incidents)"))
    first, last = report.since, report.until
    if first.endswith("-01-01") and last.endswith("-12-31"):
        years = first[:4] if first[:4] == last[:4] else f"{first[:4]}–{last[:4]}"
        return str(t.gettext("Incident report {years}")).format(years=years)
    return str(t.gettext("Incident report, {since} to {until}")).format(
        since=date_words(first, lang), until=date_words(last, lang)
    )


def section_label(section: str, key: str, lang: str = i18n.SOURCE_LANGUAGE) -> str:
    """A section's key in words: country names, vocabulary labels, months."""
    if section == "by_month":
        return month_words(key, lang)
    return words(section, key, lang)


def _period(report: ReportFigures, lang: str) -> tuple[str, str] | None:
    if not (report.since and report.until):
        return None
    return date_words(report.since, lang), date_words(report.until, lang)


def _figures(report: ReportFigures, lang: str) -> list[tuple[str, int]]:
    """The key figures under the heading."""
    t = i18n.translations(lang)
    return [
        (t.gettext("Incidents"), report.total),
        (t.gettext("Victims"), report.victims),
        (t.gettext("Countries"), len(report.by_country)),
        (t.gettext("Responses"), sum(report.responses.values())),
    ]


# -- counts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    width: int


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    what: str
    unit: str
    rows: list[CountRow]


def _section(report: ReportFigures, key: str, heading_: str, what: str, lang: str) -> Section:
    counts = report.section(key)
    largest = max(counts.values(), default=0)
    rows = [
        CountRow(section_label(key, name, lang), count, bar_length(count, largest, 100))
        for name, count in counts.items()
    ]
    return Section(key, title(heading_, lang), title(what, lang), unit(key, lang), rows)


# -- the time axis -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    kind: str
    """``month``, or ``unknown`` for the incidents of a year whose month is not known."""
    title: str
    label: str
    count: int
    x: float
    width: float
    height: int
    y: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class YearSpan:
    label: str
    x1: float
    x2: float

    @property
    def middle(self) -> float:
        return (self.x1 + self.x2) / 2


@dataclass(frozen=True)
class Chart:
    columns: list[Column]
    years: list[YearSpan]
    width: float
    height: float
    left: float
    right: float
    axis_y: float
    first: str
    last: str
    zeros: bool
    """Whether columns are wide enough to write their zeros (the axis shows every month anyway)."""

    @property
    def has_unknown(self) -> bool:
        return any(c.kind == "unknown" for c in self.columns)


def axis(report: ReportFigures) -> list[tuple[int, list[str]]]:
    """Every year of the period (and of any incident outside it) with the keys of ``by_month``
    its axis shows: every month of the period in order, then the year's own key when some
    incident is known only to the year."""
    if not (report.since and report.until):
        return []
    months = [k for k in report.by_month if len(k) == 7]
    first = min([report.since[:7], *months])
    last = max([report.until[:7], *months])
    years_only = {int(k) for k in report.by_month if len(k) == 4}
    year, month = int(first[:4]), int(first[5:])
    keys: dict[int, list[str]] = {y: [] for y in years_only}
    while (year, month) <= (int(last[:4]), int(last[5:])):
        keys.setdefault(year, []).append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [(y, keys[y] + ([f"{y:04d}"] if y in years_only else [])) for y in sorted(keys)]


def month_chart(report: ReportFigures, lang: str = i18n.SOURCE_LANGUAGE) -> Chart | None:
    """The time axis as a column chart: a column for every month, zeros included."""
    groups = axis(report)
    if not groups:
        return None
    n = sum(len(keys) for _, keys in groups)
    slot = max(14.0, min(48.0, 760 / n))
    margin, top = 6.0, 18.0
    axis_y = top + CHART_HEIGHT
    largest = max(report.by_month.values(), default=0)
    columns: list[Column] = []
    years: list[YearSpan] = []
    x = margin
    for year, keys in groups:
        start = x
        for key in keys:
            count = report.by_month.get(key, 0)
            height = bar_length(count, largest, CHART_HEIGHT)
            unknown = len(key) == 4
            columns.append(
                Column(
                    kind="unknown" if unknown else "month",
                    title=section_label("by_month", key, lang),
                    label="?" if unknown else _month_label(int(key[5:]), slot, lang),
                    count=count,
                    x=round(x + slot * 0.12, 1),
                    width=round(slot * 0.76, 1),
                    height=height,
                    y=axis_y - height,
                )
            )
            x += slot
        total = sum(report.by_month.get(k, 0) for k in keys)
        label = f"{year} ({total})" if x - start >= 60 else str(year)
        years.append(YearSpan(label, start, x))
    return Chart(
        columns=columns,
        years=years,
        width=x + margin,
        height=axis_y + 40,
        left=margin,
        right=x,
        axis_y=axis_y,
        first=section_label("by_month", groups[0][1][0], lang),
        last=section_label("by_month", groups[-1][1][-1], lang),
        zeros=slot >= 20,
    )


def _month_label(month: int, slot: float, lang: str) -> str:
    """``Jan`` where a column is wide enough, else ``J`` (the locale's own forms)."""
    return i18n.month_abbreviation(month, lang, narrow=slot < 30)


# -- the incidents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None
    about: list[str]
    published: str | None


@dataclass(frozen=True)
class Response:
    when: str
    kind: str
    by: str
    href: str | None


@dataclass(frozen=True)
class Incident:
    id: str
    when: str
    title: str
    facts: list[str]
    summary: list[str]
    people: list[str]
    perpetrators: list[str]
    outcome: str | None
    sources: list[Link]
    responses: list[Response]


def incident_words(data: Mapping[str, Any], lang: str = "en") -> Incident:
    """One record's data (as printed) in words."""
    countries = [i18n.country_name(c, lang) for c in data.get("countries", [])]
    facts = [
        *countries,
        *([data["location"]] if data.get("location") else []),
        *(i18n.label("type", t, lang) for t in data.get("types", [])),
        *([i18n.label("status", data["status"], lang)] if data.get("status") else []),
    ]
    people = [
        p["name"]
        + (
            f" ({', '.join(i18n.label('role', r, lang) for r in p['roles'])})"
            if p.get("roles")
            else ""
        )
        for p in data.get("people", [])
    ]
    return Incident(
        id=data["id"],
        when=span_words(data["date"], data.get("end_date"), lang),
        title=data["title"],
        facts=facts,
        summary=[line for line in str(data.get("summary", "")).splitlines() if line.strip()],
        people=people,
        perpetrators=[_perpetrator(p, lang) for p in data.get("perpetrators", [])],
        outcome=data.get("outcome"),
        sources=[_source(s, lang) for s in data.get("sources", [])],
        responses=[
            Response(
                when=date_words(r["date"], lang),
                kind=i18n.label("response", r["kind"], lang),
                by=r["by"],
                href=_web(r.get("url")),
            )
            for r in data.get("responses", [])
        ],
    )


def _source(source: Mapping[str, Any], lang: str) -> Link:
    href = _web(source.get("url"))
    publisher = source.get("publisher")
    text = source.get("title") or publisher or href or i18n.translations(lang).gettext("(source)")
    about = [
        *([publisher] if publisher and publisher != text else []),
        *([i18n.language_name(source["language"], lang)] if source.get("language") else []),
    ]
    published = date_words(source["published"], lang) if source.get("published") else None
    return Link(text, href, about, published)


def _perpetrator(value: Any, lang: str) -> str:
    """Text (schema v1) or ``{name, category}`` (v2)."""
    if isinstance(value, Mapping):
        category = value.get("category")
        name = str(value.get("name", ""))
        if category and category != "unknown":
            return f"{name} ({i18n.label('perpetrator_category', category, lang)})"
        return name
    return str(value)


def _web(url: Any) -> str | None:
    """A link target only for web addresses (the model allows no other; this keeps it so)."""
    if isinstance(url, str) and url.lower().startswith(("https://", "http://")):
        return url
    return None
