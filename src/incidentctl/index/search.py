"""Questions to the index: filters as SQL, full-text queries as FTS5, names matched tolerantly.

Everything here runs against an open, fresh index (see :mod:`.index`) and returns record rows in
answer order; :mod:`.catalog` turns them into ids, plain data or records. The semantics are those
of :class:`~incidentctl.index.filters.Filters` (its ``matches`` is the reference the tests compare
against), done in SQL so that a large data set is never loaded to answer a question.

Full-text syntax (``search TEXT``), case- and accent-insensitive:

* ``word word`` — every word must occur, in any of its forms (``tortured`` finds ``torture``,
  ``адвоката`` finds ``адвокат``: index/words.py), in the title, summary, names and aliases,
  perpetrators, outcome, the sources (titles, publishers, URLs) or the organisations that
  responded;
* ``"several words"`` — the words in this order, as written (a quoted word is not stemmed);
* ``a OR b`` — either;
* ``-word`` or ``NOT word`` — must not occur (on the command line ``-word`` needs ``--`` before
  the words, or quotes around the whole query);
* ``word*`` — any word that begins so.

A word is also looked for transliterated to Latin letters (``Сизинцев`` finds ``Sizintsev``), and,
in names and aliases, in other spellings of the same name (``Sizentsev``, ``Umarova``) as decided
by :func:`incidentctl.record.names.names_match`. Best matches come first (FTS5 bm25, with a match in
the title or names weighing more than one in the summary).

Ranking, exactly: ``bm25()`` with :data:`WEIGHTS` over the text as stored. A stemmed column does
not store a stem that is a word of the column as written (``court`` in a summary that says
``court``: :func:`.words.indexed_stems`), so such a word adds no half-weight stem hit in that
column, and a record's length counts fewer stems; ``courts`` then counts ``court`` as a word hit
at full weight. The records found are those of every stem stored (tests/fastpaths/test_index_size.py);
their order moved between close scores (docs/performance.md, "The index's size, third round").
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from incidentctl.errors import UsageError
from incidentctl.index.filters import Filters, parse_sort
from incidentctl.index.rows import FTS_COLUMNS, FTS_EXACT, FTS_STEMMED, PUBLIC_NAME

# bm25 weights, in the order of rows.FTS_COLUMNS: title, names, summary, perpetrators,
# outcome, sources, responses as written; then their stems (names have none), at half weight so
# that the form typed ranks above another form of the word.
WEIGHTS = (10.0, 8.0, 1.0, 4.0, 2.0, 2.0, 2.0, 5.0, 0.5, 2.0, 1.0, 1.0, 1.0)
assert len(WEIGHTS) == len(FTS_COLUMNS)
_RANK = f"bm25(fts, {', '.join(str(w) for w in WEIGHTS)})"
_EXACT = "{" + " ".join(FTS_EXACT) + "}"
_STEMMED = "{" + " ".join(FTS_STEMMED) + "}"
_TEXT = "{" + " ".join(c for c in FTS_EXACT if c != "names") + "}"
"""The columns as written that have a stemmed copy (every one but the names)."""
_TOKEN = re.compile(r'(-?)"([^"]*)"?(\*?)|(\S+)')
_WORDLIKE = re.compile(r"\w")
_MAX_NAME_CANDIDATES = 5000
_SORT_COLUMNS = {
    "date": "r.date",
    "id": None,
    "title": "r.title",
    "recorded": "r.recorded",
    "country": "r.country",
    "status": "r.status",
}


# -- full-text queries ------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word or quoted phrase of a query."""

    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass
class TextQuery:
    """A parsed query: groups that must all match (each group: any of its terms), and exclusions."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)


def parse_query(text: str | None) -> TextQuery:
    """Split what the user typed into terms; punctuation never makes a syntax error."""
    query = TextQuery()
    join_next = negate_next = False
    for m in _TOKEN.finditer(text or ""):
        negated, quoted, star, bare = m.groups()
        if bare in ("OR", "NOT"):
            join_next = bare == "OR" and bool(query.groups)
            negate_next = bare == "NOT"
            continue
        if bare is not None:
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            word = bare[1:] if negated else bare
            term = Term(word.rstrip("*"), phrase=False, prefix=word.endswith("*"))
        else:
            term = Term(quoted, phrase=True, prefix=bool(star))
        if not _WORDLIKE.search(term.text):
            join_next = negate_next = False
            continue
        if negated or negate_next:
            query.excluded.append(term)
        elif join_next:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        join_next = negate_next = False
    if query.excluded and not query.groups:
        raise UsageError("search: a query needs at least one word that must occur (not only -word)")
    return query


def fts_expression(
    conn: sqlite3.Connection, query: TextQuery, public: bool, all_stems: bool = False
) -> str:
    """The FTS5 MATCH expression of a parsed query, with its transliterated and name variants.
    ``all_stems``: for stemmed columns that hold every stem (``rows.fts_texts(all_stems=True)``,
    the reference the tests compare the index with)."""
    groups = [
        "(" + " OR ".join(_term_expression(conn, t, public, all_stems) for t in group) + ")"
        for group in query.groups
    ]
    expression = " AND ".join(groups)
    if query.excluded:
        excluded = (_term_expression(conn, t, public, all_stems) for t in query.excluded)
        expression += " NOT (" + " OR ".join(excluded) + ")"
    return expression


def _term_expression(
    conn: sqlite3.Connection, term: Term, public: bool, all_stems: bool = False
) -> str:
    """A word or phrase as written (and transliterated) in the text as written; a plain word
    also as its stem in the stemmed text (index/words.py), and as other spellings among names.
    A quoted phrase or a prefix matches the words as written only.

    A stem that is a word of its own (``court``) is not stored where its column holds it as a
    word (:func:`.words.indexed_stems`), so it is looked for among the words as written too;
    not when the query word is that stem already (its written form covers it)."""
    from incidentctl.index.words import own_stem, stemmed
    from incidentctl.record.names import fold_name

    star = "*" if term.prefix else ""
    forms = dict.fromkeys([term.text, fold_name(term.text)])
    written = [_quote(f) + star for f in forms if _WORDLIKE.search(f)]
    parts = [f"{_EXACT} : ({' OR '.join(written)})"] if written else []
    if not term.phrase and not term.prefix:
        stems = stemmed(term.text).split()  # the stems are a set: each must occur
        if stems:
            each = [
                f"({_STEMMED} : {_quote(s)} OR {_TEXT} : {_quote(s)})"
                if own_stem(s) and s != term.text.lower() and not all_stems
                else f"{_STEMMED} : {_quote(s)}"
                for s in stems
            ]
            parts.append("(" + " AND ".join(each) + ")")
        spellings = name_spellings(conn, term.text, public)
        if spellings:
            parts.append("names : (" + " OR ".join(_quote(s) for s in spellings) + ")")
    return "(" + " OR ".join(parts) + ")"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def name_spellings(conn: sqlite3.Connection, word: str, public: bool) -> list[str]:
    """Words of stored names that are ``word`` spelled another way (``Umarova`` -> ``omarova``)."""
    from incidentctl.record.names import fold_name, names_match, search_keys

    if len(fold_name(word)) < 4 or len(fold_name(word).split()) != 1:
        return []
    keys = search_keys(word)
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    shown = f"AND rn.kind = {PUBLIC_NAME}" if public else ""
    rows = conn.execute(
        f"SELECT DISTINCT n.name FROM name_keys k JOIN names n ON n.nid = k.nid "
        f"WHERE k.key IN ({marks}) AND EXISTS "
        f"(SELECT 1 FROM record_names rn WHERE rn.nid = n.nid {shown}) LIMIT {_MAX_NAME_CANDIDATES}",
        keys,
    )
    found: dict[str, None] = {}
    for (name,) in rows:
        for token in fold_name(name).split():
            if len(token) > 1 and token not in found and names_match(word, token):
                found[token] = None
    return sorted(found)


# -- filters ----------------------------------------------------------------------------


def person_nids(conn: sqlite3.Connection, persons: tuple[str, ...]) -> list[int]:
    """Stored names that ``--person`` finds: pre-selected by search keys, confirmed by names_match."""
    from incidentctl.record.names import names_match, search_keys

    matched: dict[int, None] = {}
    for query in persons:
        keys = search_keys(query)
        if not keys:
            continue
        marks = ",".join("?" * len(keys))
        rows = conn.execute(
            f"SELECT DISTINCT n.nid, n.name FROM name_keys k JOIN names n ON n.nid = k.nid "
            f"WHERE k.key IN ({marks})",
            keys,
        )
        matched.update((nid, None) for nid, name in rows if names_match(query, name))
    return list(matched)


def filter_sql(filters: Filters, nids: list[int] | None) -> tuple[list[str], list[Any]]:
    """WHERE clauses (over ``records r``) and their parameters for every filter given."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.public:
        clauses.append("r.confidential = 0")
    if not filters.withdrawn:
        clauses.append("r.rid NOT IN (SELECT rid FROM facets WHERE kind = 'withdrawn')")
    for kind, values in (
        ("country", filters.countries),
        ("type", filters.types),
        ("role", filters.roles),
        ("tag", filters.tags),
        ("lang", filters.langs),
    ):
        if values:
            clauses.append(
                f"r.rid IN (SELECT rid FROM facets WHERE kind = ? AND value IN ({_marks(values)}))"
            )
            params.extend([kind, *values])
    for column, values in (("r.status", filters.statuses), ("r.case_", filters.cases)):
        if values:
            clauses.append(f"{column} IN ({_marks(values)})")
            params.extend(values)
    if filters.years:
        clauses.append(
            "("
            + " OR ".join("(r.date_start <= ? AND r.date_end >= ?)" for _ in filters.years)
            + ")"
        )
        for year in filters.years:
            params.extend([_ordinal(year, 12, 31), _ordinal(year, 1, 1)])
    if filters.since:
        clauses.append("r.date_end >= ?")
        params.append(filters.since.start().toordinal())
    if filters.until:
        clauses.append("r.date_start <= ?")
        params.append(filters.until.end().toordinal())
    if nids is not None:
        shown = f" AND kind = {PUBLIC_NAME}" if filters.public else ""
        clauses.append(
            "r.rid IN (SELECT rid FROM record_names WHERE nid IN (SELECT value FROM json_each(?))"
            f"{shown})"
        )
        params.append(json.dumps(nids))
    return clauses, params


def _marks(values: tuple[Any, ...]) -> str:
    return ",".join("?" * len(values))


def _ordinal(year: int, month: int, day: int) -> int:
    import datetime as dt

    return dt.date(year, month, day).toordinal()


def order_by(sort: str | None, ranked: bool) -> str:
    """SQL ORDER BY for ``--sort`` (as the reference in ``tests/index/reference.py``); best match first by default."""
    if ranked and sort is None:
        return f"{_RANK}, r.date, r.id, r.path"
    key, reverse = parse_sort(sort)
    direction = " DESC" if reverse else ""
    column = _SORT_COLUMNS[key]
    keys = [f"{column}{direction}"] if column else []
    keys.append(f"r.id{direction}")
    return ", ".join([*keys, "r.path"])


# -- the question -----------------------------------------------------------------------


def find(
    conn: sqlite3.Connection,
    filters: Filters,
    text: str | None = None,
    sort: str | None = None,
    limit: int | None = None,
) -> list[tuple[int, str]]:
    """``(rid, id)`` of the records that pass ``filters`` and match ``text``, in answer order."""
    query = parse_query(text)
    order = order_by(sort, ranked=bool(query.groups))  # validates --sort even when nothing matches
    nids = None
    if filters.persons:
        nids = person_nids(conn, filters.persons)
        if not nids:
            return []
    clauses, params = filter_sql(filters, nids)
    if query.groups:
        expression = fts_expression(conn, query, filters.public)
        variant = "r.variant" if filters.public else "0"  # the public text, where it differs
        sql = (
            "SELECT r.rid, r.id FROM fts JOIN records r ON r.rid = (fts.rowid >> 1) "
            f"WHERE fts MATCH ? AND (fts.rowid & 1) = {variant}"
        )
        params = [expression, *params]
    else:
        sql = "SELECT r.rid, r.id FROM records r WHERE 1"
    sql += "".join(f" AND {c}" for c in clauses) + f" ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return conn.execute(sql, params).fetchall()


def documents(conn: sqlite3.Connection, rids: list[int]) -> list[str]:
    """The stored JSON of records, in the order of ``rids``."""
    from incidentctl.index import docs

    rows = docs.read(conn, rids)
    return [rows[rid] for rid in rids]
