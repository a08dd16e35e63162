"""The plain-Python reference the index is tested against: which records pass a filter,
and in what order. Kept out of the package: only tests ask records one by one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from incidentctl.index.filters import Filters, parse_sort
from incidentctl.index.search import Term
from incidentctl.index.words import stem
from incidentctl.record.model import Record


def data_set(folder: Path, records: Iterable[dict[str, Any]]) -> Path:
    """A new data set in ``folder`` holding ``records`` (plain data, added as ``add`` does)."""
    from incidentctl.files.dataset import init_dataset
    from incidentctl.files.store import Store
    from incidentctl.ops import edit

    root, _ = init_dataset(folder / "data-set")
    store = Store(root)
    for data in records:
        edit.add(store, data)
    return root


def matches(filters: Filters, record: Record, withheld: Collection[str] = ()) -> bool:
    """Does one record pass every filter?

    ``withheld``: under ``--public``, the data set's confidential names
    (:func:`incidentctl.views.privacy.withheld_names`), which ``--person`` never finds.
    """
    if filters.public and record.confidential:
        return False
    if filters.countries and not set(filters.countries) & set(record.countries):
        return False
    if filters.types and not set(filters.types) & set(record.types):
        return False
    if filters.statuses and record.status not in filters.statuses:
        return False
    if filters.cases and record.case not in filters.cases:
        return False
    if filters.tags and not set(filters.tags) & set(record.tags):
        return False
    if filters.roles and not any(set(filters.roles) & set(p.roles) for p in record.people):
        return False
    if filters.langs and not any(s.language in filters.langs for s in record.sources):
        return False
    if not filters.overlaps(*record.period()):
        return False
    return not (filters.persons and not matches_person(filters, record, withheld))


def matches_person(filters: Filters, record: Record, withheld: Collection[str] = ()) -> bool:
    """Does a name or alias of one of the record's people match a ``--person`` query?

    Under ``--public`` only the names the public version of the record shows count.
    """
    from incidentctl.record.names import names_match

    for name in searchable_names(filters, record, withheld):
        if any(names_match(q, name) for q in filters.persons):
            return True
    return False


def searchable_names(filters: Filters, record: Record, withheld: Collection[str] = ()) -> list[str]:
    """Every name and alias ``--person`` looks at: all of them, or under ``--public`` those
    that :func:`~incidentctl.views.privacy.public_data` leaves visible."""
    if not filters.public:
        return [n for p in record.people for n in (p.name, *p.aliases)]
    from incidentctl.views.privacy import WITHHELD, public_data

    shown = public_data(record, withheld).get("people", [])
    return [
        n
        for p in shown
        if not p.get("confidential")
        for n in (p["name"], *p.get("aliases", []))
        if WITHHELD not in n
    ]


def sort_records(records: Sequence[Record], sort: str | None) -> list[Record]:
    """Default order: by date (coarser first on a tie: string order), then id. ``-key`` reverses.

    The index sorts the same way in SQL (see ``index/search.py``).
    """
    key, reverse = parse_sort(sort)

    def sort_key(r: Record) -> tuple[str, str]:
        if key == "country":
            return (r.countries[0], r.id)
        if key == "id":
            return (r.id, "")
        return (str(getattr(r, key)), r.id)

    return sorted(records, key=sort_key, reverse=reverse)


# -- full text (search TEXT) -------------------------------------------------------------------
#
# Word by word in Python, as docs/search.md describes it: the index must find the same records.
# Only the query syntax (index.search.parse_query) and the stemmer (index.words.stem, a library
# call) are shared with the code under test; which fields count, how URLs become words, how
# words are split and folded, phrases, prefixes, OR, NOT and name spellings are written again.


def text_fields(data: dict[str, Any]) -> dict[str, list[str]]:
    """The record's searchable text by field: title, names (as written and in Latin letters),
    summary, perpetrators, outcome, sources (title, publisher, URL host and path) and the
    organisations that responded. ``data`` is the plain data, full or as published."""
    from urllib.parse import unquote, urlsplit

    from incidentctl.record.names import fold_name
    from incidentctl.views.privacy import WITHHELD

    names = [
        form
        for person in data.get("people", [])
        for name in (person["name"], *person.get("aliases", []))
        if WITHHELD not in name
        for form in (name, fold_name(name))
    ]
    sources = []
    for source in data.get("sources", []):
        sources += [source[key] for key in ("title", "publisher") if source.get(key)]
        if source.get("url"):
            parts = urlsplit(source["url"])
            host = (parts.hostname or "").removeprefix("www.")
            sources += [host, *(unquote(s) for s in parts.path.split("/") if s)]
    return {
        "title": [data["title"]],
        "names": names,
        "summary": [data["summary"]],
        "perpetrators": list(data.get("perpetrators", [])),
        "outcome": [data.get("outcome", "")],
        "sources": sources,
        "responses": [r["by"] for r in data.get("responses", [])],
    }


def _fold(word: str) -> str:
    """Lower case without Latin accents (``procédure`` is ``procedure``), as SQLite's unicode61
    tokenizer folds; Cyrillic letters keep theirs (``й`` is not ``и``)."""
    out = []
    for char in word.lower():
        if "\u0400" <= char <= "\u04ff":
            out.append(char)
        else:
            out.extend(
                c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
            )
    return "".join(out)


def _split(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text))


def _occurs(wanted: list[str], words: list[str], prefix: bool) -> bool:
    """Do ``wanted`` occur one after the other in ``words`` (the last as a prefix)?"""
    n = len(wanted)
    for start in range(len(words) - n + 1):
        window = words[start : start + n]
        if window[:-1] == wanted[:-1] and (
            window[-1].startswith(wanted[-1]) if prefix else window[-1] == wanted[-1]
        ):
            return True
    return False


def matches_text(query: str, data: dict[str, Any]) -> bool:
    """Does a record's plain data (full or as published) match a ``search TEXT`` query?"""
    from incidentctl.index.search import parse_query

    parsed = parse_query(query)
    fields = text_fields(data)
    # Entries of one field follow each other, as in the index's one column per field.
    exact = {f: [_fold(w) for t in texts for w in _split(t)] for f, texts in fields.items()}
    stems = {
        _fold(stem(w))
        for f, texts in fields.items()
        if f != "names"
        for t in texts
        for w in _split(t)
    }

    def term_matches(term: Term) -> bool:
        from incidentctl.record.names import fold_name, names_match

        for form in (term.text, fold_name(term.text)):
            wanted = [_fold(w) for w in _split(form)]
            if wanted and any(_occurs(wanted, ws, term.prefix) for ws in exact.values()):
                return True
        if term.phrase or term.prefix:
            return False
        # another form: every word of the term (hrw.org is two) in some form, anywhere but names
        wanted = {_fold(stem(w)) for w in _split(term.text)}
        if wanted and wanted <= stems:
            return True
        folded = fold_name(term.text)
        if len(folded) < 4 or len(folded.split()) != 1:
            return False
        # another spelling of one of its names (``Umarova`` for ``Omarova``): names only
        return any(
            len(w) > 1 and names_match(term.text, w)
            for name in fields["names"]
            for w in fold_name(name).split()
        )

    if not all(any(term_matches(t) for t in group) for group in parsed.groups):
        return False
    return not any(term_matches(t) for t in parsed.excluded)
