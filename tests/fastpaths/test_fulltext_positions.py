"""The full-text index keeps no word positions (``detail=column``): phrases are checked on the
candidates (``index.search.Phrases``). Proven here against the index as it was, with positions
(``detail=full``), built in the same database from the same rows, on generated records: every
query answers the same records, ranked or sorted, in full or public text, with or without a limit.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from incidentctl.files.store import Store
from incidentctl.index import db, docs, search
from incidentctl.index.filters import Filters
from incidentctl.index.rows import FTS_COLUMNS, fts_texts
from incidentctl.index.words import TOKENIZE


def _queries(conn: sqlite3.Connection) -> list[str]:
    """Phrases, prefixes, dotted and hyphenated words, exclusions and names taken from the
    records themselves (so that most of them find something)."""
    queries = ["lawyer", "detain*", "tortured OR detained", "extradition -lawyer"]
    for n, (_, doc) in enumerate(sorted(docs.read_all(conn))[:30:3]):
        data = json.loads(doc)
        words = re.findall(r"\w+", data["summary"])
        start = (n * 7) % max(1, len(words) - 4)
        two, three = words[start : start + 2], words[start : start + 3]
        queries += [
            '"' + " ".join(three) + '"',
            " ".join(two),  # two words, anywhere
            '"' + " ".join([*two[:-1], two[-1][:3]]) + '"*',  # a phrase ending in a prefix
            f'lawyer -"{" ".join(two)}"',  # an excluded phrase
            f'"{" ".join(three[::-1])}" OR {three[0]}',  # words out of order, or one of them
        ]
        for source in data.get("sources", [])[:1]:
            if source.get("url"):
                host = source["url"].split("/")[2].removeprefix("www.")
                queries.append(host)  # hrw.org: a phrase to the tokenizer
                queries.append(f"{host.split('.')[0]}*")
        title = re.findall(r"[\w-]+", data["title"])
        queries += [w for w in title if "-" in w][:1]  # non-lieu, pre-trial
        for person in data.get("people", [])[:1]:
            queries.append(person["name"])  # as words: every word of it
            queries.append(f'"{person["name"]}"')
    return list(dict.fromkeys(queries))


def _with_positions(conn: sqlite3.Connection) -> None:
    """The same rows in a table with positions: the index as it was."""
    conn.execute(
        f"CREATE VIRTUAL TABLE temp.positions USING fts5({', '.join(FTS_COLUMNS)}, "
        f"content = '', tokenize = '{TOKENIZE}')"
    )
    insert = (
        f"INSERT INTO temp.positions(rowid, {', '.join(FTS_COLUMNS)}) "
        f"VALUES (?{', ?' * len(FTS_COLUMNS)})"
    )
    conn.executemany(
        insert, [(rid * 2, *fts_texts(json.loads(doc))) for rid, doc in docs.read_all(conn)]
    )
    conn.executemany(
        insert,
        [
            (rid * 2 + 1, *json.loads(texts))
            for rid, texts in conn.execute("SELECT rid, texts FROM public_texts")
        ],
    )


def _as_it_was(conn: sqlite3.Connection, filters: Filters, text: str) -> list[str]:
    """The records the index with positions found (the code before, on the positions table)."""
    query = search.parse_query(text)
    expression = search.fts_expression(conn, query, filters.public)
    clauses, params = search.filter_sql(filters, None)
    variant = "r.variant" if filters.public else "0"
    sql = (
        "SELECT r.id FROM temp.positions p JOIN records r ON r.rid = (p.rowid >> 1) "
        f"WHERE positions MATCH ? AND (p.rowid & 1) = {variant}"
        + "".join(f" AND {c}" for c in clauses)
        + " ORDER BY r.date, r.id"
    )
    return [row[0] for row in conn.execute(sql, [expression, *params])]


@pytest.mark.parametrize("public", [False, True])
def test_phrases_without_positions_find_what_positions_found(generated: Path, public: bool) -> None:
    store = Store(generated)

    def compare(conn: sqlite3.Connection) -> None:
        _with_positions(conn)
        queries = _queries(conn)
        assert len(queries) > 50
        filters = Filters.build(public=public)
        kz = Filters.build(public=public, countries=["KZ"])
        nonempty = phrased = 0
        for text in queries:
            expected = _as_it_was(conn, filters, text)
            ranked = [i for _, i in search.find(conn, filters, text)]
            assert sorted(ranked) == sorted(expected), text
            by_date = [i for _, i in search.find(conn, filters, text, sort="date")]
            assert by_date == expected, text
            # a limit keeps the first of the ranked answer, also when phrases are checked
            assert [i for _, i in search.find(conn, filters, text, limit=3)] == ranked[:3], text
            narrowed = [i for _, i in search.find(conn, kz, text, sort="date")]
            assert narrowed == _as_it_was(conn, kz, text), text
            nonempty += bool(expected)
            phrased += bool(expected) and ('"' in text or "." in text or "-" in text)
        # the queries mean something: many find records, phrases among them
        assert nonempty > len(queries) // 2 and phrased > 10, (nonempty, phrased)

    db.run(store, compare, public=public)


def test_a_phrase_is_asked_of_the_index_as_its_words(generated: Path) -> None:
    """What SQLite's tokenizer splits is a phrase; its words alone select the candidates."""

    def words(conn: sqlite3.Connection) -> None:
        phrases = search.Phrases(conn)
        assert phrases.split("hrw.org") == ["hrw", "org"]
        assert phrases.split("Procédure NON-LIEU") == ["procedure", "non", "lieu"]
        assert phrases.quote("hrw.org", "") == '("hrw" AND "org")'
        assert phrases.quote("she was tort", "*") == '("she" AND "was" AND "tort"*)'
        assert phrases.quote("lawyer", "*") == '"lawyer"*'  # one word: as it is

    db.run(Store(generated), words)
