"""``incidentctl site OUT``: the data set as a static public website (SPEC §9).

Always public: the records come through the public gate (:mod:`incidentctl.views.publication`,
every record read from the files, refusal when one cannot be read) and every page, the feed and
the search index are made from their *public* data (:mod:`incidentctl.views.privacy`), whatever
the filters say. Nothing else reaches the templates.

The pages (all links relative, so the folder works from ``file://`` and under any path of any
static host; one page per published id, so links from elsewhere keep working)::

    index.html                 latest incidents, the latest year's figures, browse lists
    incidents/<id>.html        one incident: summary, people, sources, responses, case timeline
    countries/<CC>.html        years/<YYYY>.html        types/<type>.html
    search.html                the search box's results (assets/search.js, no server)
    feed.xml                   Atom feed of the latest recorded incidents

Every UI string of the templates is marked for translation (``jinja2.ext.i18n``) and comes from
the gettext catalogue of ``--lang`` (:mod:`incidentctl.i18n`); the labels of vocabularies,
countries and dates come from the ``label``, ``country`` and ``date`` functions given to the
templates in that language. The data itself stays as recorded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentctl import i18n
from incidentctl.record import vocab
from incidentctl.render.html_report import date_words, incident_words, span_words
from incidentctl.views import report
from incidentctl.views.timeline import timeline

from . import folder, searchindex

if TYPE_CHECKING:
    import jinja2

    from incidentctl.files.store import Store
    from incidentctl.index.filters import Filters
    from incidentctl.record.model import Record

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'"
)
"""Every page's policy: nothing but the site's own files; no inline script or style."""
LATEST = 20
"""Incidents the home page lists."""
FEED_SIZE = 50
"""Entries of the Atom feed: the most recently recorded incidents."""
FEED_NAMESPACE = uuid.UUID("6b1f0a52-8d9e-4c35-9a57-1c4e3b0f2d71")
"""Atom ids are ``urn:uuid``s derived from the published id: stable across builds and hosts."""
ASSETS = ("site.css", "lunr.js", "lunr.LICENSE", "search.js")


@dataclass(frozen=True)
class Built:
    incidents: int
    pages: int


def build_site(
    store: Store,
    filters: Filters,
    out: Path,
    progress: Any | None = None,
    lang: str = i18n.SOURCE_LANGUAGE,
) -> Built:
    """Build the public site of the records passing ``filters`` into ``out`` (replaced whole),
    its words in ``lang``."""
    from incidentctl.index.catalog import select_both

    folder.check_target(out)  # before any work: a refusal costs nothing
    public = dataclasses.replace(filters, public=True)
    records, rows = select_both(store, public, progress=progress)
    site = Site(records, rows, public, lang)
    pages: list[int] = []
    folder.build_into(out, lambda root: pages.append(site.write(root)))
    return Built(incidents=len(rows), pages=pages[0])


class Site:
    """The pages of one build, from the public records and their public data."""

    def __init__(
        self,
        records: Sequence[Record],
        rows: Sequence[dict[str, Any]],
        filters: Filters,
        lang: str = i18n.SOURCE_LANGUAGE,
    ):
        self.lang = lang
        pairs = sorted(
            zip(records, rows, strict=True),
            key=lambda pair: (pair[0].date.start(), pair[1]["id"]),
            reverse=True,
        )
        self.records = [record for record, _ in pairs]
        self.rows = [row for _, row in pairs]
        self.filters = filters
        self.titles = {row["id"]: row["title"] for row in self.rows}
        self.cases: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.countries: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.years: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.types: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record, row in pairs:
            if row.get("case"):
                self.cases[row["case"]].append(row)
            for code in row["countries"]:
                self.countries[code].append(row)
            start, end = record.period()
            for year in range(start.year, end.year + 1):
                self.years[str(year)].append(row)
            for kind in row["types"]:
                self.types[kind].append(row)

    def country(self, code: str) -> str:
        return _country(code, self.lang)

    def type_label(self, kind: str) -> str:
        return i18n.label("type", kind, self.lang)

    # -- writing ------------------------------------------------------------------------------

    def write(self, root: Path) -> int:
        """Write every file of the site under ``root``; the number of pages."""
        env = environment(self.lang)
        count = 0

        def page(path: str, template: str, **context: Any) -> None:
            nonlocal count
            depth = path.count("/")
            html = env.get_template(template).render(root="../" * depth, csp=CSP, **context)
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            count += 1

        page("index.html", "home.html", **self.home())
        page("search.html", "search.html")
        for row in self.rows:
            page(f"incidents/{row['id']}.html", "incident.html", **self.incident(row))
        for what, groups, name in (
            ("countries", self.countries, self.country),
            ("years", self.years, str),
            ("types", self.types, self.type_label),
        ):
            for key, rows in groups.items():
                page(f"{what}/{key}.html", "listing.html", what=what, title=name(key), rows=rows)
        (root / "feed.xml").write_text(
            env.get_template("feed.xml").render(**self.feed()), encoding="utf-8"
        )
        assets = root / "assets"
        assets.mkdir(exist_ok=True)
        from importlib.resources import files

        for asset in ASSETS:
            text = files("incidentctl.site").joinpath("assets", asset).read_text("utf-8")
            (assets / asset).write_text(text, encoding="utf-8")
        (assets / "search-index.js").write_text(self.search_index(), encoding="utf-8")
        return count

    # -- what each page shows -----------------------------------------------------------------

    def home(self) -> dict[str, Any]:
        """The latest incidents, the latest year's figures and the lists to browse by."""
        year = max(self.years, default=None)
        figures = None
        if year is not None:
            chosen = dataclasses.replace(self.filters, years=(int(year),))
            pairs = [
                (r, d)
                for r, d in zip(self.records, self.rows, strict=True)
                if chosen.overlaps(*r.period())
            ]
            figures = report.build([r for r, _ in pairs], [d for _, d in pairs], chosen)
        return {
            "latest": self.rows[:LATEST],
            "total": len(self.rows),
            "year": year,
            "figures": figures,
            "countries": sorted(
                ((code, self.country(code), len(rows)) for code, rows in self.countries.items()),
                key=lambda item: item[1],
            ),
            "years": sorted(((y, len(rows)) for y, rows in self.years.items()), reverse=True),
            "types": [
                (t, self.type_label(t), len(self.types[t]))
                for t in vocab.INCIDENT_TYPES
                if t in self.types
            ],
        }

    def incident(self, row: dict[str, Any]) -> dict[str, Any]:
        """One incident in words, its related incidents on the site, and its case's timeline."""
        case = row.get("case")
        events = timeline(self.cases[case]) if case else []
        for event in events:  # a response's title is "<kind>: <incident title>"
            event["about"] = self.titles[event["id"]]
            event["response"] = event["title"].removesuffix(f": {event['about']}")
        return {
            "row": row,
            "incident": incident_words(row, self.lang),
            "related": [(r, self.titles[r]) for r in row.get("related", []) if r in self.titles],
            "events": events if len(events) > 1 else [],
        }

    def feed(self) -> dict[str, Any]:
        """The most recently recorded incidents, newest first, as Atom entries."""
        by_recorded = sorted(
            zip(self.records, self.rows, strict=True),
            key=lambda pair: (str(pair[0].recorded), pair[1]["id"]),
            reverse=True,
        )[:FEED_SIZE]
        entries = [
            {
                "id": f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, row['id'])}",
                "href": f"incidents/{row['id']}.html",
                "title": row["title"],
                "updated": _atom_time(record.recorded),
                "summary": row.get("summary") or "",
                "date": date_words(row["date"], self.lang),
            }
            for record, row in by_recorded
        ]
        updated = entries[0]["updated"] if entries else _atom_time(dt.date(1970, 1, 1))
        return {
            "id": f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, 'feed')}",
            "updated": updated,
            "entries": entries,
            "generator": "incidentctl",  # a name, not words to translate
        }

    def search_index(self) -> str:
        entries = [
            {
                "url": f"incidents/{row['id']}.html",
                "title": row["title"],
                "date": date_words(row["date"], self.lang),
                "text": searchindex.searchable(row),
            }
            for row in self.rows
        ]
        texts = (row["title"] + " " + str(row.get("summary") or "") for row in self.rows)
        names = (
            name
            for row in self.rows
            for person in row.get("people", [])
            for name in (person["name"], *person.get("aliases", []))
        )
        return searchindex.index_script(entries, [*texts, *names])


def _atom_time(day: Any) -> str:
    return f"{day}T00:00:00Z"


def labels(lang: str) -> dict[str, Callable[..., str]]:
    """The functions templates call for words that depend on the language: a country
    (``Kazakhstan (KZ)``, ``Казахстан (KZ)``), a vocabulary's label, a date, a date range."""
    return {
        "country": lambda code: _country(code, lang),
        "label": lambda vocabulary, value: i18n.label(vocabulary, value, lang),
        "date": lambda iso: date_words(iso, lang),
        "span": lambda start, end: span_words(start, end, lang),
    }


def _country(code: str, lang: str) -> str:
    name = i18n.country_name(code, lang)
    return f"{name} ({code})" if name != code else code


@lru_cache(maxsize=8)
def environment(lang: str = i18n.SOURCE_LANGUAGE) -> jinja2.Environment:
    """The templates, autoescaped (no record text can become markup), UI strings from the
    catalogue of ``lang``."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("incidentctl.site", "templates"),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(lang), newstyle=True
    )
    env.globals.update(labels(lang), lang=lang)
    return env
