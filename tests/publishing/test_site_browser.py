"""The site in a real browser: headless Chromium opens it from ``file://`` and searches it.

A name typed in Latin and in Cyrillic into the search box of the home page finds the incident;
the browser's console logs no error (a Content-Security-Policy violation would be one) and every
request the pages make (read from Chromium's performance log, the DevTools Network events) is for
a file inside ``OUT``. The lunr index built in Python answers queries in the browser's lunr.js
exactly as in Python's ``lunr``: the same incidents with the same scores.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from incidentctl.site.searchindex import read_script
from incidentctl.testing import Dataset, require_program

pytestmark = pytest.mark.slow  # a real browser

SIZINTSEV = "2019-05-21-kz-sizintsev-disbarred"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_program("chromium")
    chromedriver = require_program("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from incidentctl.files.dataset import init_dataset

    root = tmp_path_factory.mktemp("browser") / "data-set"
    bundled = Path(__file__).resolve().parents[2] / "data" / "incidents"
    shutil.copytree(bundled, root / "data" / "incidents")
    init_dataset(root)
    out = root.parent / "public"
    result = Dataset(root).run("site", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def _requests(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize("typed", ["Sizintsev", "Сизинцев", "sizintsev disbarred"])
def test_a_name_typed_in_the_home_page_search_box_finds_the_incident(
    browser: Any, site: Path, typed: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get_log("browser"), browser.get_log("performance")  # start from empty logs
    browser.get((site / "index.html").as_uri())
    browser.find_element(By.ID, "q").send_keys(typed + Keys.ENTER)
    WebDriverWait(browser, 20).until(
        lambda d: d.find_element(By.ID, "search-status").text.strip() != ""
    )
    links = browser.find_elements(By.CSS_SELECTOR, "#search-results a")
    targets = [link.get_attribute("href") for link in links]
    assert (site / "incidents" / f"{SIZINTSEV}.html").as_uri() in targets, targets
    # titles holding every word first, the newest first among them
    assert links[0].text.startswith("Sergey Sizintsev disbarred"), [a.text for a in links]
    if " " not in typed:  # the name alone: the incident naming him only in its summary is last
        assert "Kazakhstan adopts the law" in links[-1].text, [a.text for a in links]

    links[0].click()  # a result leads to its page
    WebDriverWait(browser, 20).until(lambda d: "/incidents/" in d.current_url)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    requests = _requests(browser)
    assert any(url.endswith("assets/search-index.js") for url in requests), requests
    inside = site.resolve().as_uri() + "/"
    assert all(url.startswith(inside) for url in requests), requests
    assert any(url.endswith("assets/lunr.js") for url in requests), requests


def test_a_search_that_matches_nothing_says_so(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((site / "search.html").as_uri() + "?q=Zzyzx")
    WebDriverWait(browser, 20).until(
        lambda d: d.find_element(By.ID, "search-status").text.strip() != ""
    )
    assert browser.find_element(By.ID, "search-status").text == "No incident matches."
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results li") == []


def _python_query(index: Any, words: list[str]) -> list[tuple[str, float]]:
    """The query search.js makes (every word required, as the start of a word), in Python."""
    from lunr.query import Query, QueryPresence

    query = index.create_query()
    for word in words:
        query.term(word, wildcard=Query.WILDCARD_TRAILING, presence=QueryPresence.REQUIRED)
    return [(hit["ref"], hit["score"]) for hit in index.query(query)]


BROWSER_QUERY = """
var data = window.INCIDENTCTL_SEARCH, index = lunr.Index.load(data.index);
return index.query(function (query) {
  WORDS.forEach(function (word) {
    query.term(word, {wildcard: lunr.Query.wildcard.TRAILING,
                      presence: lunr.Query.presence.REQUIRED});
  });
}).map(function (hit) { return [hit.ref, hit.score]; });
"""


@pytest.mark.parametrize(
    "words",
    [["sizintsev"], ["sizintsev", "disbarred"], ["kaz"], ["lawyer", "a"], ["zzyzx"]],
    ids=" ".join,
)
def test_the_browser_and_python_answer_a_query_alike(
    browser: Any, site: Path, words: list[str]
) -> None:
    from lunr.index import Index

    script = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    data = read_script(script)
    expected = _python_query(Index.load(data["index"]), words)
    if words != ["zzyzx"]:
        assert expected, "the query should find something, or the comparison says little"

    browser.get((site / "search.html").as_uri())
    found = browser.execute_script(BROWSER_QUERY.replace("WORDS", json.dumps(words)))
    assert dict(found) == pytest.approx(dict(expected))  # the same incidents, the same scores


_CONTRAST_JS = """
function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; }
function lum(c) {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function background(el) {
  for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c[3] > 0) return c; }
  return [255, 255, 255, 1];
}
const found = [];
for (const el of document.querySelectorAll('body *')) {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const box = el.getBoundingClientRect();
  if (!own || box.width === 0 || box.height === 0 || box.right < 0) continue;
  const style = getComputedStyle(el);
  const a = lum(rgb(style.color)), b = lum(background(el));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  found.push([el.tagName + '.' + el.className, el.textContent.trim().slice(0, 30), ratio, large]);
}
return found;
"""


@pytest.mark.parametrize("page", ["index.html", "search.html", f"incidents/{SIZINTSEV}.html"])
def test_every_text_has_the_contrast_wcag_aa_asks(browser: Any, site: Path, page: str) -> None:
    """The colours Chromium computes for each visible text and its background, by WCAG 2's
    contrast formula: at least 4.5:1 (3:1 for large text)."""
    browser.get((site / page).as_uri())
    found = browser.execute_script(_CONTRAST_JS)
    assert len(found) >= 5, "no text measured"
    low = [
        (tag, text, round(ratio, 2))
        for tag, text, ratio, large in found
        if ratio < (3.0 if large else 4.5)
    ]
    assert low == []
