"""`incidentctl site OUT`: the pages, their markup, the feed, the folder rules (SPEC §9).

Built by the real command over the bundled data and over data made with ``Dataset``; every page
is parsed by html5lib in strict mode (a parse error fails), and its links are followed on disk.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from incidentctl.site.folder import MARKER
from incidentctl.site.searchindex import read_script
from incidentctl.testing import Dataset

XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"


def build(data: Dataset, out: Path, *args: str) -> str:
    result = data.run("site", str(out), *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stderr


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def parse(page: Path) -> ET.Element:
    """The page as html5lib's strict parser reads it: any parse error raises."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(page.read_bytes(), transport_encoding="utf-8")


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Path]:
    import shutil

    from incidentctl.files.dataset import init_dataset

    root = tmp_path_factory.mktemp("bundled") / "data-set"
    shutil.copytree(
        Path(__file__).resolve().parents[2] / "data" / "incidents", root / "data" / "incidents"
    )
    init_dataset(root)
    data = Dataset(root)
    out = root.parent / "public"
    build(data, out)
    return data, out


def test_the_bundled_data_gives_every_page(bundled_site: tuple[Dataset, Path]) -> None:
    data, out = bundled_site
    ids = [p.stem for p in data.files()]
    for record_id in ids:  # one page per id, at a stable address
        assert (out / "incidents" / f"{record_id}.html").is_file()
    assert len(list((out / "incidents").iterdir())) == len(ids)
    for path in ("index.html", "search.html", "feed.xml", "countries/KZ.html", "countries/BE.html"):
        assert (out / path).is_file(), path
    assert (out / "years" / "2019.html").is_file()
    assert (out / "types" / "disbarment.html").is_file()
    assert (out / MARKER).is_file()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Sergey Sizintsev disbarred" in home
    assert "in figures" in home  # the latest year's figures from views/report


def test_every_page_parses_and_has_accessible_landmarks(
    bundled_site: tuple[Dataset, Path],
) -> None:
    _, out = bundled_site
    for page in pages(out):
        tree = parse(page)
        where = page.relative_to(out)
        assert tree.get("lang") == "en", where
        metas = tree.findall(f".//{XHTML}meta[@http-equiv='Content-Security-Policy']")
        assert len(metas) == 1 and "default-src 'none'" in metas[0].get("content", ""), where
        assert len(tree.findall(f".//{XHTML}main")) == 1, where
        assert len(tree.findall(f".//{XHTML}h1")) == 1, where
        skip = tree.find(f".//{XHTML}body/{XHTML}a")
        assert skip is not None and skip.get("href") == "#main", where
        assert tree.find(f".//{XHTML}form[@role='search']") is not None, where
        # the policy allows no inline code: every script and style is a file of the site
        assert tree.find(f".//{XHTML}style") is None, where
        assert all(s.get("src") for s in tree.iter(f"{XHTML}script")), where
        assert not any(e.get("style") is not None for e in tree.iter()), where
        assert not any(k.startswith("on") for e in tree.iter() for k in e.attrib), where


def test_links_are_relative_and_lead_to_files_in_the_site(
    bundled_site: tuple[Dataset, Path],
) -> None:
    _, out = bundled_site
    outside = 0
    for page in pages(out):
        tree = parse(page)
        for element in tree.iter():
            for attribute in ("href", "src", "action"):
                value = element.get(attribute)
                if value is None or value.startswith("#"):
                    continue
                parts = urlsplit(value)
                if element.tag == f"{XHTML}a" and parts.scheme in ("http", "https"):
                    outside += 1  # a source's own link: followed by a reader, never loaded
                    continue
                where = f"{page.relative_to(out)}: {attribute}={value}"
                assert not parts.scheme and not parts.netloc and not value.startswith("/"), where
                target = (page.parent / unquote(parts.path)).resolve()
                assert target.is_file() and out.resolve() in target.parents, where
    assert outside > 0  # sources are links


def test_an_incident_page_shows_people_sources_responses_and_the_case_timeline(
    bundled_site: tuple[Dataset, Path],
) -> None:
    _, out = bundled_site
    page = (out / "incidents" / "2019-05-21-kz-sizintsev-disbarred.html").read_text("utf-8")
    assert "Sergey Sizintsev (Lawyer, Bar official)" in page
    assert 'href="https://www.icj.org/kazakhstan-sergey-sizintsevs-disbarment' in page
    assert "Lawyers for Lawyers" in page and "Responses" in page
    timeline = page[page.index('id="timeline"') :]
    # the earlier incident of the case comes first, linked, and this one is marked current
    assert timeline.index("2018-10-23-kz-sizintsev-dismissed.html") < timeline.index(
        'aria-current="page"'
    )


def test_the_feed_is_atom_with_relative_links(bundled_site: tuple[Dataset, Path]) -> None:
    data, out = bundled_site
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(data.files())
    ids = {e.findtext(f"{ATOM}id") for e in entries}
    assert len(ids) == len(entries) and all(i and i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
        assert (out / href).is_file()
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext(f"{ATOM}updated") or "")


def test_the_search_index_holds_every_incident_and_folds_cyrillic(
    bundled_site: tuple[Dataset, Path],
) -> None:
    data, out = bundled_site
    script = (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    index = read_script(script)
    assert len(index["docs"]) == len(data.files())
    typed = "".join(index["fold"].get(c, c.lower()) for c in "Сизинцев")
    assert typed == "sizintsev"
    assert "sizintsev" in {term for term, _ in index["index"]["invertedIndex"]}


def test_filters_choose_the_incidents(incidentctl_bundled: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "be"
    build(incidentctl_bundled, out, "--country", "BE")
    assert [p.stem for p in (out / "incidents").iterdir()] == ["2016-be-jardemalie-bta-complaint"]
    assert not (out / "types" / "disbarment.html").exists()


def test_a_folder_not_made_by_site_is_refused(incidentctl_dataset: Dataset, tmp_path: Path) -> None:
    incidentctl_dataset.add()
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    result = incidentctl_dataset.run("site", str(precious))
    assert result.exit_code == 1 and "not made by `incidentctl site`" in result.stderr
    assert [p.name for p in precious.iterdir()] == ["thesis.txt"]
    a_file = tmp_path / "file.html"
    a_file.write_text("x", encoding="utf-8")
    assert incidentctl_dataset.run("site", str(a_file)).exit_code == 1
    assert a_file.read_text(encoding="utf-8") == "x"


def test_a_site_is_rebuilt_in_place_and_a_failed_build_leaves_it_as_it_was(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    first = incidentctl_dataset.add(title="Lawyer detained in Almaty")
    out = tmp_path / "web" / "public"
    out.mkdir(parents=True)  # an empty folder is fine
    build(incidentctl_dataset, out)
    second = incidentctl_dataset.add(title="Lawyer searched in Shymkent", date="2020-02-02")
    build(incidentctl_dataset, out)  # a folder made by site is replaced whole
    assert {p.stem for p in (out / "incidents").iterdir()} == {first, second}
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    broken = incidentctl_dataset.files()[0]
    broken.write_text(broken.read_text(encoding="utf-8") + "<<<<<<< HEAD\n", encoding="utf-8")
    result = incidentctl_dataset.run("site", str(out))
    assert result.exit_code == 1 and "--public refused" in result.stderr
    assert broken.stem not in result.stderr  # a file name can hold a confidential title
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["public"]  # nothing left beside it


def test_confidential_records_get_no_page_whatever_the_flags(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    shown = incidentctl_dataset.add(title="Lawyer detained in Almaty")
    hidden = incidentctl_dataset.add(title="Informant questioned in Taraz", confidential=True)
    out = tmp_path / "public"
    build(incidentctl_dataset, out, "--withdrawn")
    assert [p.stem for p in (out / "incidents").iterdir()] == [shown]
    every_byte = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert hidden.encode() not in every_byte and b"Taraz" not in every_byte


def test_a_record_using_every_v2_field_gets_its_page(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    from incidentctl.testing import sample_v2_record

    data = sample_v2_record()
    record_id = incidentctl_dataset.add(**data)
    out = tmp_path / "public"
    build(incidentctl_dataset, out)
    page = out / "incidents" / f"{record_id}.html"
    parse(page)
    text = page.read_text(encoding="utf-8")
    group = data["groups"][0]
    assert f"{group['description']} ({group['size']})" in text


def test_a_record_made_confidential_leaves_the_site_at_the_next_build(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    """The site follows the files, not the derived index: the record is marked confidential
    by hand, after the index has seen it public, and the next build drops its page."""
    record_id = incidentctl_dataset.add(title="Lawyer detained in Almaty")
    out = tmp_path / "public"
    build(incidentctl_dataset, out)
    assert (out / "incidents" / f"{record_id}.html").is_file()
    path = incidentctl_dataset.files()[0]
    path.write_text(path.read_text(encoding="utf-8") + "confidential: true\n", encoding="utf-8")
    build(incidentctl_dataset, out)
    assert not (out / "incidents" / f"{record_id}.html").exists()
    assert b"almaty" not in (out / "assets" / "search-index.js").read_bytes().lower()


def test_an_empty_data_set_gives_a_home_page_and_an_empty_feed(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    build(incidentctl_dataset, out)
    assert "No incidents are published yet." in (out / "index.html").read_text(encoding="utf-8")
    assert ET.parse(out / "feed.xml").getroot().findall(f"{ATOM}entry") == []
    parse(out / "index.html")
    parse(out / "search.html")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "ru",
            ("Последние инциденты", "Казахстан (KZ)", "Лишение адвокатской лицензии", "мая 2019"),
        ),
        ("fr", ("Derniers incidents", "Kazakhstan (KZ)", "Radiation du barreau", "mai 2019")),
    ],
)
def test_the_site_in_another_language_keeps_the_data_as_recorded(
    bundled_site: tuple[Dataset, Path], tmp_path: Path, lang: str, words: tuple[str, ...]
) -> None:
    data, english = bundled_site
    out = tmp_path / f"public-{lang}"
    build(data, out, "--lang", lang)
    home = (out / "index.html").read_text(encoding="utf-8")
    page = (out / "incidents" / "2019-05-21-kz-sizintsev-disbarred.html").read_text("utf-8")
    text = home + page + (out / "types" / "disbarment.html").read_text("utf-8")
    assert f'<html lang="{lang}">' in home and f'<html lang="{lang}">' in page
    for word in words:
        assert word in text, word
    assert "Latest incidents" not in home and "Skip to content" not in page
    assert "Sergey Sizintsev disbarred by the Petropavlovsk City Court No. 2" in page  # as recorded
    assert sorted(p.relative_to(out) for p in pages(out)) == sorted(
        p.relative_to(english) for p in pages(english)
    )  # the same addresses in every language
    for path in pages(out):
        parse(path)


def test_an_unknown_site_language_is_refused_before_anything_is_built(
    bundled_site: tuple[Dataset, Path], tmp_path: Path
) -> None:
    data, _ = bundled_site
    result = data.run("site", str(tmp_path / "out"), "--lang", "xx")
    assert result.exit_code == 2
    assert "ru" in result.stderr and "fr" in result.stderr
    assert not (tmp_path / "out").exists()
