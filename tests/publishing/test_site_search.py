"""The site's lunr index, in Python: what the search page's queries find, without a browser.

The browser's lunr.js is checked against these answers in ``test_site_browser.py``; here the
index itself: names in either script, words kept whole (no English stemming or stop words, which
would mangle names), every word required as the start of a word, and the vendored lunr.js the
version the Python ``lunr`` package writes for, with nothing a CSP without eval would refuse.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

import lunr
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.index import Index
from lunr.query import Query, QueryPresence

from incidentctl.site.searchindex import folded, index_script, read_script

TEXTS = [
    "Sergey Sizintsev disbarred in Almaty",
    "Сизинцев: the lawyers' association appeals",
    "A raid on the office of Aiman Omarova",
]


def _search(script: str, typed: str) -> list[str]:
    """The titles search.js would list for ``typed`` (before its title-first ordering)."""
    payload = read_script(script)
    index = Index.load(payload["index"])
    words = "".join(payload["fold"].get(c, c.lower()) for c in typed)
    query = index.create_query()
    for word in re.sub(r"[^a-z0-9]+", " ", words).split():
        query.term(word, wildcard=Query.WILDCARD_TRAILING, presence=QueryPresence.REQUIRED)
    return sorted(payload["docs"][int(hit["ref"])][1] for hit in index.query(query))


def _script(texts: list[str]) -> str:
    entries: list[dict[str, Any]] = [
        {"url": f"incidents/{n}.html", "title": t, "date": "2019", "text": folded(t)}
        for n, t in enumerate(texts)
    ]
    return index_script(entries, texts)


def test_a_name_in_either_script_finds_both_spellings() -> None:
    script = _script(TEXTS)
    both = sorted(TEXTS[:2])
    assert _search(script, "Sizintsev") == both
    assert _search(script, "СИЗИНЦЕВ") == both
    assert _search(script, "sizin") == both  # the start of a word is enough


def test_every_word_is_required_and_words_are_kept_whole() -> None:
    script = _script(TEXTS)
    assert _search(script, "sizintsev almaty") == [TEXTS[0]]
    assert _search(script, "disbarred") == [TEXTS[0]]  # not stemmed to "disbar" on one side
    assert _search(script, "the office") == [TEXTS[2]]  # stop words are words here
    assert _search(script, "intsev") == []  # the middle of a word is not its start
    assert _search(script, "omarova almaty") == []


def test_no_incident_gives_an_index_that_finds_nothing() -> None:
    assert _search(_script([]), "Sizintsev") == []


def test_the_vendored_lunr_js_is_the_version_the_python_index_is_written_for() -> None:
    source = files("incidentctl.site").joinpath("assets", "lunr.js").read_text("utf-8")
    header, upstream = source.split("\n", 1)
    assert "github.com/olivernn/lunr.js" in header and "unmodified" in header
    version = re.search(r"lunrjs\.com - .* - (\d+\.\d+\.\d+)", upstream)
    assert version and version.group(1) == lunr.__TARGET_JS_VERSION__
    assert read_script(_script(TEXTS))["index"]["version"] == version.group(1)
    # the CSP has no 'unsafe-eval': the library must not need it
    assert not re.search(r"\beval\(|new Function\b|setTimeout\(\s*['\"]", upstream)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="Сизинцев Omarova-2019 ÄéŞ\n", max_size=40), min_size=1, max_size=6)
)
def test_the_index_is_the_one_lunr_builds_from_the_whole_text(texts: list[str]) -> None:
    """The build gives lunr each folded text as its words (skipping lunr's slow tokenizer):
    the serialised index must be the one lunr's own tokenizer gives from the text."""
    from lunr.builder import Builder

    from incidentctl.site.searchindex import build_index

    entries = [{"text": folded(t)} for t in texts]
    reference = Builder()
    reference.ref("ref")
    reference.field("text")
    for position, entry in enumerate(entries):
        reference.add({"ref": str(position), "text": entry["text"]})
    assert build_index(entries) == dict(reference.build().serialize())
