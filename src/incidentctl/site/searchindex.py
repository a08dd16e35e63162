"""The site's search index: a lunr index in a script file, so search works from ``file://``.

The index is built here with ``lunr`` (the Python port of Lunr.js, whose serialised indexes
``lunr.Index.load`` in the vendored ``assets/lunr.js`` reads unchanged), rather than in a format of
our own. It is assigned to ``window.INCIDENTCTL_SEARCH`` in ``assets/search-index.js`` together
with a small document store (url, title, date per incident), because a classic ``<script src>`` is
the one way a page opened from a folder can load data (``fetch()`` is refused for ``file://``), and
it works the same on any static host.

Why not Pagefind: its JavaScript loads its index and its WebAssembly with ``fetch()`` and a module
``import()``, which Chromium refuses for ``file://`` pages (measured with headless Chromium and
Pagefind 1.5: "Failed to resolve module specifier … import() is called from a CORS-cross-origin
script"; Pagefind's issue #241 on local files is open).

Names are found in any script: each incident's searchable text is folded to lower-case Latin by
:func:`incidentctl.views.privacy.fold_for_withholding` (the project's transliteration, the same
one that decides what to withhold) before lunr sees it, and the script carries that folding as a
table for every character the data or a typed query is likely to hold, so the browser folds
``Сизинцев`` to ``sizintsev`` exactly as Python folded the data. Because the text arrives folded,
lunr's pipelines are left empty on both sides: its trimmer would only strip what folding already
removed, and its English stemmer and stop words would mangle names. Only public data (after the
public gate) is indexed, so the index can hold nothing a page does not show.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from lunr.builder import Builder
from lunr.index import Index
from lunr.token_set import TokenSet

from incidentctl.record import vocab
from incidentctl.record.model import perpetrator_name
from incidentctl.views.privacy import fold_for_withholding
from incidentctl.views.report import country_name

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_TYPED_RANGES = ((0x00C0, 0x0250), (0x0370, 0x0400), (0x0400, 0x0530), (0x1E00, 0x1F00))
"""Latin with accents, Greek, Cyrillic (with its supplement) and Latin Extended Additional:
what an analyst or a reader may type into the search box."""


def folded(text: str) -> str:
    """``text`` as the index holds it: lower-case Latin words separated by one space."""
    return _NOT_WORD.sub(" ", fold_for_withholding(text)).strip()


def searchable(data: Mapping[str, Any]) -> str:
    """Everything a reader may search an incident by, from its public data."""
    parts: list[str] = [data["id"], data["title"], data.get("location") or ""]
    for person in data.get("people", []):
        parts += [person["name"], *person.get("aliases", [])]
        parts += [vocab.label("role", r) for r in person.get("roles", [])]
    parts += [group.get("description", "") for group in data.get("groups", [])]
    parts += [perpetrator_name(p) for p in data.get("perpetrators", [])]
    parts += [country_name(c) for c in data.get("countries", [])]
    parts += [vocab.label("type", t) for t in data.get("types", [])]
    parts += [*data.get("tags", []), data.get("case") or "", data.get("summary") or ""]
    parts += [data.get("outcome") or ""]
    for source in data.get("sources", []):
        parts += [source.get("title") or "", source.get("publisher") or ""]
    parts += [response["by"] for response in data.get("responses", [])]
    return folded(" ".join(str(p) for p in parts if p))


def fold_table(texts: Iterable[str]) -> dict[str, str]:
    """How the browser folds a character so that it matches :func:`folded`: every character of
    the typed ranges and every non-ASCII one in ``texts``, where folding is more than
    lower-casing."""
    chars = {chr(c) for start, end in _TYPED_RANGES for c in range(start, end)}
    for text in texts:
        if not text.isascii():
            chars.update(c for c in text if not c.isascii())
    table = {}
    for char in sorted(chars):
        fold = fold_for_withholding(char)
        if fold != char.lower():
            table[char] = fold
    return table


def build_index(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The serialised lunr index of ``entries`` (each with its folded ``text``), one document
    per entry whose ref is the entry's position, so the document store can be a plain list."""
    builder = Builder()  # empty indexing and search pipelines: the text is folded already
    builder.ref("ref")
    builder.field("text")
    for position, entry in enumerate(entries):
        # The folded text is lower-case words joined by single spaces: given as its words, lunr
        # skips its character-by-character tokenizer (a third of the build) and indexes the
        # same terms (test_site_search: the same serialised index either way).
        builder.add({"ref": str(position), "text": entry["text"].split()})
    if not entries:  # lunr's builder divides by the number of documents; nothing to search
        empty = Index({}, {}, TokenSet(), ["text"], builder.search_pipeline)
        return dict(empty.serialize())
    return dict(builder.build().serialize())


def index_script(entries: list[dict[str, Any]], texts: Iterable[str]) -> str:
    """The script file: the fold table, the document store (``url``, ``title``, ``date`` of each
    of ``entries``, in their order) and the lunr index of their ``text``."""
    payload = {
        "fold": fold_table(texts),
        "docs": [[e["url"], e["title"], e["date"]] for e in entries],
        "index": build_index(entries),
    }
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # A JSON string given to JSON.parse, not an object literal: Chromium parses lunr's 25 MB of
    # nested arrays and numbers (10,000 incidents) in 2.4 s this way and in 10.5 s as a literal
    # (measured). JSON.parse is no eval: the CSP's script-src 'self' allows it.
    return f"{_PREFIX}{json.dumps(body, ensure_ascii=False)}{_SUFFIX}"


_PREFIX = "window.INCIDENTCTL_SEARCH = JSON.parse("
_SUFFIX = ");\n"


def read_script(script: str) -> dict[str, Any]:
    """What :func:`index_script` put in ``script``: ``fold``, ``docs`` and the lunr ``index``."""
    body = json.loads(script.removeprefix(_PREFIX).removesuffix(_SUFFIX))
    payload: dict[str, Any] = json.loads(body)
    return payload
