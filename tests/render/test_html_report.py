"""The HTML report as an annual report (issue 12, item 7): words, a full time axis, the
incidents with their summaries, sources and responses, a strict policy, and a print style."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from importlib.resources import files
from typing import Any

from incidentctl.files.store import Store
from incidentctl.index.filters import Filters
from incidentctl.ops.exchange import select_rows
from incidentctl.render.html_report import axis, date_words, heading, month_chart, to_html
from incidentctl.render.report import render
from incidentctl.testing import Dataset
from incidentctl.views import report
from incidentctl.views.report import ReportFigures

HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


def _page(ds: Dataset, **filters: Any) -> tuple[ReportFigures, str]:
    chosen = Filters.build(**filters)
    records, rows = select_rows(Store(ds.root), chosen)
    built = report.build(records, rows, chosen)
    return built, render(built, "html", rows)


class _Page(HTMLParser):
    """The page as elements: every tag with its attributes, and the text of each class."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._in_style = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data

    def attr(self, tag: str, name: str) -> list[str]:
        return [a[name] or "" for t, a in self.tags if t == tag and name in a]


def test_labels_are_words_not_slugs(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(
        types=["threats-intimidation", "raid-search"],
        people=[{"name": "Aiman Omarova", "roles": ["human-rights-defender"]}],
        responses=[{"date": "2019-06", "by": "Lawyers for Lawyers", "kind": "urgent-appeal"}],
    )
    _, page = _page(incidentctl_dataset)
    for words in ("Threats or intimidation", "Raid or search", "Human-rights defender"):
        assert f"<td>{words}</td>" in page, words
    assert "Urgent appeal by Lawyers for Lawyers" in page
    assert "Kazakhstan (KZ)" in page
    assert not re.search(r">[^<]*(threats-intimidation|raid-search|urgent-appeal)", page)


def test_the_axis_shows_every_month_of_the_period_zeros_included(
    incidentctl_dataset: Dataset,
) -> None:
    incidentctl_dataset.add(date="2019-05-21", title="An incident in May 2019")
    incidentctl_dataset.add(date="2019-06-05", title="An incident in June 2019")
    built, page = _page(incidentctl_dataset, years=[2019])
    assert built.by_month == {"2019-05": 1, "2019-06": 1}
    assert axis(built) == [(2019, [f"2019-{m:02d}" for m in range(1, 13)])]
    for month in ("January", "March", "December"):
        assert f"<title>{month} 2019: 0</title>" in page, month
    assert "<title>May 2019: 1</title>" in page
    chart = month_chart(built)
    assert chart is not None and len(chart.columns) == 12
    assert [c.label for c in chart.columns][:3] == ["Jan", "Feb", "Mar"]
    assert [c.height > 0 for c in chart.columns] == [m in (5, 6) for m in range(1, 13)]
    assert [y.label for y in chart.years] == ["2019 (2)"]
    assert chart.zeros and page.count('class="zero"') == 10


def test_a_period_over_years_shows_each_year_and_the_year_only_incidents(
    incidentctl_dataset: Dataset,
) -> None:
    incidentctl_dataset.add(date="2018-11-02", title="An incident in November 2018")
    incidentctl_dataset.add(date="2019", title="An incident known only to the year")
    incidentctl_dataset.add(date="2020-02", title="An incident in February 2020")
    built, page = _page(incidentctl_dataset)
    assert (built.since, built.until) == ("2018-11-02", "2020-02-29")
    groups = axis(built)
    assert [year for year, _ in groups] == [2018, 2019, 2020]
    assert groups[0][1] == ["2018-11", "2018-12"]
    assert groups[1][1] == [*(f"2019-{m:02d}" for m in range(1, 13)), "2019"]
    assert groups[2][1] == ["2020-01", "2020-02"]
    chart = month_chart(built)
    assert chart is not None
    assert [c.kind for c in chart.columns].count("unknown") == 1
    assert {y.label.split()[0] for y in chart.years} == {"2018", "2019", "2020"}
    assert "<title>2019 (month not known): 1</title>" in page
    assert "only the year is known" in page
    assert "<title>February 2020: 1</title>" in page and "<title>January 2020: 0</title>" in page


def test_incidents_show_summary_sources_as_links_and_responses(
    incidentctl_dataset: Dataset,
) -> None:
    incidentctl_dataset.add(
        date="2019-05-21",
        end_date="2019-06",
        title="Lawyer disbarred in Petropavlovsk",
        summary="First paragraph of the summary.\nSecond paragraph, on its own.",
        sources=[
            {
                "url": "https://www.icj.org/kazakhstan-statement",
                "title": "Kazakhstan: disbarment must be revised",
                "publisher": "International Commission of Jurists",
                "language": "en",
                "published": "2019-06",
            },
            {"publisher": "Радио Азаттык", "language": "ru"},
        ],
        responses=[
            {
                "date": "2019-05-28",
                "by": "IBAHRI",
                "kind": "trial-observation",
                "url": "https://www.ibanet.org/obs",
            }
        ],
    )
    _, page = _page(incidentctl_dataset)
    parsed = _Page(page)
    when = re.search(r'<p class="when">([^<]*)</p>', page)
    assert when and when[1] == "21 May 2019 – June 2019"
    assert re.search(r"\.incident \.when\{[^}]*white-space:nowrap", parsed.style)
    assert "<p>First paragraph of the summary.</p><p>Second paragraph, on its own.</p>" in page
    assert "https://www.icj.org/kazakhstan-statement" in parsed.attr("a", "href")
    assert "https://www.ibanet.org/obs" in parsed.attr("a", "href")
    assert "Kazakhstan: disbarment must be revised</a>" in page
    assert (
        '(International Commission of Jurists, English, <span class="nowrap">June 2019</span>)'
        in page
    )
    assert "Радио Азаттык <span" in page and "(Russian)" in page
    assert "28 May 2019</span>: Trial observation by" in page
    assert all(rel == "noopener noreferrer" for rel in parsed.attr("a", "rel"))


def test_record_text_is_escaped_everywhere(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(
        title=f"Title {HOSTILE}",
        summary=f"Summary {HOSTILE}",
        perpetrators=['"><img src=x onerror=alert(1)>'],
        sources=[{"url": "https://example.org/a?b=<i>", "publisher": f"Publisher {HOSTILE}"}],
        responses=[{"date": "2019-06", "by": f"By {HOSTILE}", "kind": "statement"}],
    )
    _, page = _page(incidentctl_dataset)
    parsed = _Page(page)
    assert "<script" not in page.lower() and "<img" not in page and "<b>" not in page
    assert page.count("&lt;script&gt;") >= 5  # title (twice), summary, publisher, responder
    assert {t for t, _ in parsed.tags} <= {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
        "span", "dl", "dt", "dd", "div", "section", "svg", "g", "rect", "text", "line",
        "table", "thead", "tbody", "tr", "th", "td", "article", "ul", "li", "a", "code",
        "footer",
    }  # fmt: skip


def test_the_page_loads_nothing_and_its_policy_allows_only_its_own_style(
    incidentctl_bundled: Dataset,
) -> None:
    _, page = _page(incidentctl_bundled, years=[2019])
    parsed = _Page(page)
    policy = next(
        a["content"] or ""
        for t, a in parsed.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    digest = base64.b64encode(hashlib.sha256(parsed.style.encode()).digest()).decode()
    assert policy.startswith("default-src 'none'; ")
    assert f"style-src 'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy and "script-src" not in policy
    assert not any("style" in a or "src" in a or "srcset" in a for _, a in parsed.tags)
    assert not [t for t, _ in parsed.tags if t in ("script", "link", "img", "iframe", "object")]
    assert "url(" not in parsed.style and "@import" not in parsed.style
    assert all(h.startswith(("https://", "http://")) for h in parsed.attr("a", "href"))


def test_the_print_style_sheet_makes_a_clean_a4_document() -> None:
    style = files("incidentctl.render").joinpath("templates", "report.css").read_text("utf-8")
    assert re.search(r"@page\{size:A4", style)
    printed = style[style.index("@media print") :]
    assert "thead{display:table-header-group}" in printed, "table headers repeat on each page"
    assert re.search(r"tr,[^{]*\{break-inside:avoid", printed), "no row is cut"
    assert re.search(r"h1,h2,h3\{break-after:avoid", printed), "no heading ends a page"
    assert 'a.url[href]::after{content:" <" attr(href) ">"' in printed, "link targets printed"
    assert "background" not in printed


def test_words_for_dates_and_headings() -> None:
    assert [date_words(d) for d in ("2019-05-01", "2019-05", "2019")] == [
        "1 May 2019",
        "May 2019",
        "2019",
    ]

    def figures(since: str | None, until: str | None) -> ReportFigures:
        return ReportFigures(since, until, 0, {}, {}, {}, {}, {}, {}, [])

    assert heading(figures("2019-01-01", "2019-12-31")) == "Incident report 2019"
    assert heading(figures("2018-01-01", "2019-12-31")) == "Incident report 2018–2019"
    assert heading(figures("2019-05-01", "2019-12-31")) == (
        "Incident report, 1 May 2019 to 31 December 2019"
    )
    assert heading(figures(None, None)) == "Incident report (no incidents)"
    empty = to_html(figures(None, None), [])
    assert '<p class="none">None.</p>' in empty and month_chart(figures(None, None)) is None


def test_public_page_shows_the_public_summary_and_withholds_names(
    incidentctl_dataset: Dataset,
) -> None:
    incidentctl_dataset.add(
        title="Lawyer Nurlan Hiddenov threatened",
        summary="Nurlan Hiddenov was threatened at home in Almaty.",
        public_title="Lawyer threatened in Almaty",
        public_summary="A lawyer was threatened at home in Almaty.",
        people=[{"name": "Nurlan Hiddenov", "roles": ["lawyer"], "confidential": True}],
        sources=[{"url": "https://example.org/hiddenov", "publisher": "Example News"}],
    )
    public = incidentctl_dataset.invoke("report", "--public", "--format", "html")
    assert public.exit_code == 0, public.stderr
    assert "A lawyer was threatened at home in Almaty." in public.stdout
    assert "Lawyer threatened in Almaty" in public.stdout
    assert "Hiddenov" not in public.stdout and "hiddenov" not in public.stdout
    assert "Public version" in public.stdout
    analyst = incidentctl_dataset.invoke("report", "--format", "html")
    assert "Nurlan Hiddenov was threatened at home in Almaty." in analyst.stdout
    assert "https://example.org/hiddenov" in analyst.stdout


def test_a_long_period_keeps_every_month_but_writes_only_the_counts() -> None:
    figures = ReportFigures("2016-01-01", "2023-12-31", 1, {}, {}, {"2019-05": 1}, {}, {}, {}, [])
    chart = month_chart(figures)
    assert chart is not None and len(chart.columns) == 96 and not chart.zeros
    assert [c.label for c in chart.columns[:3]] == ["J", "F", "M"]
    page = to_html(figures, [])
    assert 'class="zero"' not in page and page.count("<title>") == 1 + 96
    assert "<title>May 2019: 1</title>" in page and "<title>June 2019: 0</title>" in page


def test_victims_and_victims_by_sex_in_words(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(
        people=[
            {"name": "Aiman Omarova", "roles": ["lawyer"], "sex": "female"},
            {"name": "Sergey Sizintsev", "roles": ["lawyer"], "sex": "male"},
            {"name": "Marat Zhylanbayev", "roles": ["human-rights-defender"], "sex": "male"},
        ]
    )
    built, page = _page(incidentctl_dataset)
    assert built.victims == 3
    assert "<dt>Victims</dt><dd>3</dd>" in page
    section = page[page.index('id="by_sex"') :]
    section = section[: section.index("</section>")]
    assert '<td>Male</td><td class="n">2</td>' in section
    assert '<td>Female</td><td class="n">1</td>' in section
    assert '<th class="n">Victims</th>' in section
