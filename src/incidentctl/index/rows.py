"""What the index stores about one record file, and how a batch of files is written.

:func:`prepare` reads one file and derives everything the index keeps about it without touching
the database (so that worker processes can do it during a large build); :class:`Writer` assigns
row ids and inserts a batch with ``executemany``. Per record: the filter columns, the side tables
of multi-valued filters (countries, types, roles, tags, source languages), its people's names
(with their ``names.search_keys``), the full-text columns, and the record as JSON.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from incidentctl.errors import Problem
from incidentctl.files.reader import read_record
from incidentctl.files.store import Store
from incidentctl.index import docs
from incidentctl.pool import map_chunks, workers_for

if TYPE_CHECKING:
    from incidentctl.record.model import Record

FTS_EXACT = ("title", "names", "summary", "perpetrators", "outcome", "sources", "responses")
"""The full-text columns as written (quoted phrases, prefixes, names)."""
FTS_STEMMED = tuple(f"{c}_stem" for c in FTS_EXACT if c != "names")
"""The same text as word stems (index/words.py), beside it: plain words match any form."""
FTS_COLUMNS = (*FTS_EXACT, *FTS_STEMMED)
Stat = tuple[int, int, int, int]
T = TypeVar("T")

# record_names.kind: how a name appears in the public version of its record (``--public``).
PUBLIC_NAME, CONFIDENTIAL_NAME, WITHHELD_NAME = 0, 1, 2
"""A name shown publicly; a confidential person's name; a name withheld because it contains a
confidential name given elsewhere in the data set."""


# -- reading files ---------------------------------------------------------------------


@dataclass
class Prepared:
    """Everything the index stores about one file, computed without the database.

    Pure data (it crosses process boundaries during a parallel build). ``record`` is the row
    of the ``records`` table without its rid; ``fts`` holds the full text and, for a record
    with confidential people, the text as published.
    """

    digest: bytes
    problem: tuple[Any, ...] | None = None
    record: tuple[Any, ...] | None = None
    doc: str = ""
    facets: list[tuple[str, str]] = field(default_factory=list)
    fts: list[tuple[str, ...]] = field(default_factory=list)
    names: list[tuple[str, int, tuple[str, ...] | None]] = field(default_factory=list)
    """``(name, kind, search keys)``; keys None when left for :func:`sync_text`."""
    unchanged: bool = False


def prepare(store: Store, rel: str, old_digest: bytes | None = None, text: bool = True) -> Prepared:
    """Read one file (:func:`read_record`) and derive its rows; ``unchanged`` when its bytes
    match ``old_digest``. ``text=False`` leaves out the full text and the names' search keys
    (:func:`sync_text` derives them from the stored JSON when a query first needs them)."""
    read = read_record(store, store.data_dir / rel, old_digest)
    if read.unchanged:
        return Prepared(read.digest, unchanged=True)
    if read.record is None:
        return Prepared(read.digest, problem=_problem_fields(read.problems[0]))
    return _derive(read.digest, rel, read.record, text)


def _derive(digest: bytes, rel: str, record: Record, text: bool = True) -> Prepared:
    """The rows of a valid record. The JSON comes from pydantic's own serializer and the facets
    from the model, rather than through ``to_data()`` and ``json.dumps``: half the time, the
    same bytes and rows (``tests/fastpaths/test_cold_build.py``); the plain data is built only
    for the full text."""
    start, end = record.period()
    return Prepared(
        digest,
        record=(
            record.id,
            rel,
            str(record.date),
            start.toordinal(),
            end.toordinal(),
            str(record.recorded),
            record.title,
            record.status,
            record.case,
            record.countries[0],
            int(record.confidential),
            0,
        ),
        doc=record.model_dump_json(exclude_defaults=True),
        facets=record_facet_rows(record),
        fts=[fts_texts(record.to_data())] if text else [],
        names=[
            (
                name,
                CONFIDENTIAL_NAME if person.confidential else PUBLIC_NAME,
                _search_keys(name) if text else None,
            )
            for person in record.people
            for name in dict.fromkeys((person.name, *person.aliases))
        ],
    )


def _prepare_many(shared: tuple[Store, bool], jobs: list[tuple[str, bytes | None]]) -> bytes:
    """Prepare a chunk of files: marshal bytes (plain values cross from a worker process
    several times faster so than pickled objects)."""
    import marshal

    store, text = shared
    return marshal.dumps([_fields(prepare(store, rel, old, text)) for rel, old in jobs], 4)


_PREPARED_FIELDS = tuple(Prepared.__dataclass_fields__)


def _fields(prepared: Prepared) -> tuple[Any, ...]:
    return tuple(getattr(prepared, name) for name in _PREPARED_FIELDS)


def _unpack(payload: bytes) -> list[Prepared]:
    import marshal

    return [Prepared(*fields) for fields in marshal.loads(payload)]


def prepared_stream(
    store: Store, jobs: list[tuple[str, bytes | None]], text: bool = True
) -> Iterator[Prepared]:
    """``prepare`` every job, in order; a large build shares them with the worker pool."""
    if workers_for(len(jobs)) > 1:
        # The readers' modules (pydantic's model, rapidyaml) are imported once here, before the
        # workers fork, rather than by each worker: their pages are then shared too.
        import ryml  # noqa: F401

        import incidentctl.files.fastyaml
        import incidentctl.record.model  # noqa: F401
    for payload in map_chunks(_prepare_many, (store, text), jobs):
        yield from _unpack(payload)


class Writer:
    """Turns prepared files into rows and inserts a batch at a time with ``executemany``."""

    def __init__(self, conn: sqlite3.Connection, today: str, racy_after: int):
        self.conn = conn
        self.today = today
        self.racy_after = racy_after
        self.next_rid = docs.next_rid(conn)
        self.next_nid = (conn.execute("SELECT max(nid) FROM names").fetchone()[0] or 0) + 1
        self.nids: dict[str, int] = {}
        self._reset()

    def _reset(self) -> None:
        self.files: list[tuple[Any, ...]] = []
        self.records: list[tuple[Any, ...]] = []
        self.docs: list[tuple[int, str]] = []
        self.facets: list[tuple[str, str, int]] = []
        self.fts: list[tuple[Any, ...]] = []
        self.person_names: list[tuple[int, str, int]] = []  # rid, name, kind
        self.keys: dict[str, tuple[str, ...]] = {}
        self.fts_pending: list[tuple[int]] = []
        self.dropped: list[int] = []

    def take(self, rel: str, stat: Stat, old_rid: int | None, prepared: Prepared) -> None:
        """Queue the rows of one file, replacing what the index had for it."""
        racy = int(max(stat[1], stat[2]) >= self.racy_after)
        if prepared.unchanged and old_rid is not None:
            # The same bytes (a racy re-check, or a touch): keep the record, store the new stat.
            self.files.append((rel, *stat, prepared.digest, racy, old_rid, None, self.today))
            return
        if old_rid is not None:
            self.dropped.append(old_rid)
        if prepared.record is None:
            problem = json.dumps(prepared.problem, ensure_ascii=False)
            self.files.append((rel, *stat, prepared.digest, racy, None, problem, self.today))
            return
        rid = self.next_rid
        self.next_rid += 1
        self.files.append((rel, *stat, prepared.digest, racy, rid, None, self.today))
        self.records.append((rid, *prepared.record))
        self.docs.append((rid, prepared.doc))
        self.facets.extend((kind, value, rid) for kind, value in prepared.facets)
        self.fts.extend((rid * 2, *texts) for texts in prepared.fts)
        if not prepared.fts:
            self.fts_pending.append((rid,))
        for name, kind, keys in prepared.names:
            self.person_names.append((rid, name, kind))
            if keys is not None:
                self.keys[name] = keys

    def flush(self) -> None:
        """Write the queued rows of the batch."""
        conn = self.conn
        drop_records(conn, self.dropped)
        conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?)", self.files)
        conn.executemany("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", self.records)
        docs.write(conn, self.docs)
        conn.executemany("INSERT INTO public_pending VALUES (?)", [(rid,) for rid, _ in self.docs])
        conn.executemany("INSERT OR IGNORE INTO facets VALUES (?,?,?)", self.facets)
        conn.executemany(FTS_INSERT, self.fts)
        conn.executemany("INSERT INTO fts_pending VALUES (?)", self.fts_pending)
        self._write_names()
        self._reset()

    def _write_names(self) -> None:
        wanted = {name for _, name, _ in self.person_names if name not in self.nids}
        for chunk in chunks(sorted(wanted), 500):
            marks = ",".join("?" * len(chunk))
            self.nids.update(
                self.conn.execute(f"SELECT name, nid FROM names WHERE name IN ({marks})", chunk)
            )
        rows = []
        for name in sorted(wanted):
            if name not in self.nids:
                self.nids[name] = self.next_nid
                rows.append((self.next_nid, name))
                self.next_nid += 1
        self.conn.executemany("INSERT INTO names VALUES (?,?)", rows)
        self.conn.executemany(
            "INSERT OR IGNORE INTO name_keys VALUES (?,?)",
            [(key, nid) for nid, name in rows if name in self.keys for key in self.keys[name]],
        )
        self.conn.executemany(
            "INSERT INTO keys_pending VALUES (?)",
            [(nid,) for nid, name in rows if name not in self.keys],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO record_names VALUES (?,?,?)",
            [(rid, self.nids[name], kind) for rid, name, kind in self.person_names],
        )


def _problem_fields(problem: Problem | None) -> tuple[Any, ...]:
    assert problem is not None
    return (
        problem.path,
        problem.line,
        problem.column,
        problem.field,
        problem.message,
        problem.severity,
    )


def facet_values(data: dict[str, Any]) -> dict[str, list[str]]:
    """The multi-valued filter columns of a record's plain data (SPEC §5 filters).

    From the plain data (``Record.to_data()``, empty fields left out) rather than the record,
    so that removing a record can derive its facet rows again from the stored JSON and delete
    them by key: no index by row id is needed on the facets (it was 16 MB at 100,000 records).
    """
    return {
        "country": list(data["countries"]),
        "type": list(data["types"]),
        "role": sorted({r for person in data.get("people", []) for r in person.get("roles", [])}),
        "tag": list(data.get("tags", [])),
        "lang": sorted({s["language"] for s in data.get("sources", []) if s.get("language")}),
        # schema v2: present only for a withdrawn record, which filters leave out by default
        "withdrawn": ["yes"] if "withdrawn" in data else [],
        "external_id": list(data.get("external_ids", [])),
    }


def facet_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    """``(kind, value)`` of every facet row of a record's plain data, without repeats."""
    return list(dict.fromkeys((k, v) for k, values in facet_values(data).items() for v in values))


def record_facet_rows(record: Record) -> list[tuple[str, str]]:
    """:func:`facet_rows` of ``record.to_data()``, read off the model (no plain data built)."""
    facets = {
        "country": record.countries,
        "type": record.types,
        "role": sorted({r for person in record.people for r in person.roles}),
        "tag": record.tags,
        "lang": sorted({s.language for s in record.sources if s.language}),
        "withdrawn": ["yes"] if record.withdrawn is not None else [],
        "external_id": record.external_ids,
    }
    return list(dict.fromkeys((k, v) for k, values in facets.items() for v in values))


def fts_texts(data: dict[str, Any], all_stems: bool = False) -> tuple[str, ...]:
    """The full-text columns of a record's plain data (full, or as published), in the order
    of :data:`FTS_COLUMNS`.

    Names and aliases are indexed as written and folded to Latin letters, so that a query in
    one script finds a name stored in another. Names the public form withholds are left out.
    Sources count with their titles, publishers and URLs (host and path segments as words),
    responses with the organisations that responded. Every column but the names has a stemmed
    copy: its stems, less those that are words of the column as written
    (:func:`.words.indexed_stems`); ``all_stems``: every stem (the reference the tests hold
    the smaller columns to).
    """
    from incidentctl.record.model import perpetrator_name
    from incidentctl.views.privacy import WITHHELD

    names: list[str] = []
    for person in data.get("people", []):
        for name in (person["name"], *person.get("aliases", [])):
            if WITHHELD in name:
                continue
            names.append(name)
            folded = _fold(name)
            if folded != name.lower():
                names.append(folded)
    from incidentctl.index.words import indexed_stems, stemmed, url_words

    sources: list[str] = []
    for source in data.get("sources", []):
        sources.extend(source[k] for k in ("title", "publisher") if source.get(k))
        if source.get("url"):
            sources.append(url_words(source["url"]))
    exact = (
        data["title"],
        "\n".join(names),
        data["summary"],
        "\n".join(perpetrator_name(p) for p in data.get("perpetrators", [])),
        data.get("outcome", ""),
        "\n".join(sources),
        "\n".join(response["by"] for response in data.get("responses", [])),
    )
    stems_of = stemmed if all_stems else indexed_stems
    stems = (
        stems_of(text) for column, text in zip(FTS_EXACT, exact, strict=True) if column != "names"
    )
    return (*exact, *stems)


@lru_cache(maxsize=65536)
def _search_keys(name: str) -> tuple[str, ...]:
    """``names.search_keys``, once per name: the same people recur across many records."""
    from incidentctl.record.names import search_keys

    return tuple(search_keys(name))


@lru_cache(maxsize=65536)
def _fold(name: str) -> str:
    from incidentctl.record.names import fold_name

    return fold_name(name)


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def drop_records(conn: sqlite3.Connection, rids: list[int]) -> None:
    """Remove records and everything derived from them.

    The full-text and facet rows are keyed by what they hold, so they are derived again from
    the stored JSON (:func:`drop_derived`) before the JSON goes.
    """
    if not rids:
        return
    params = [(rid,) for rid in rids]
    drop_derived(conn, rids)
    for table in ("record_names", "records", "public_pending", "fts_pending"):
        conn.executemany(f"DELETE FROM {table} WHERE rid = ?", params)
    docs.drop(conn, rids)


# -- the full-text table -----------------------------------------------------------------

FTS_INSERT = (
    f"INSERT INTO fts(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?{', ?' * len(FTS_COLUMNS)})"
)
_FTS_DELETE = (
    f"INSERT INTO fts(fts, rowid, {', '.join(FTS_COLUMNS)}) "
    f"VALUES ('delete', ?{', ?' * len(FTS_COLUMNS)})"
)


def drop_derived(conn: sqlite3.Connection, rids: list[int]) -> None:
    """Remove the full-text rows of records (rowid ``2*rid``, and ``2*rid+1`` for the public
    text) and their facet rows.

    The table is contentless (the text is in ``docs`` already; storing it twice doubled the
    index), so SQLite needs the very text that was indexed to remove a row: derived again from
    the stored JSON, and for a public row kept in ``public_texts`` (:mod:`.public`). The facet
    rows are derived again from the same JSON by the same function that wrote them.
    """
    for chunk in chunks(rids, 500):
        marks = json.dumps(chunk)
        stored = [(rid, json.loads(doc)) for rid, doc in docs.read(conn, chunk).items()]
        pending = {
            rid
            for (rid,) in conn.execute(
                "SELECT rid FROM fts_pending WHERE rid IN (SELECT value FROM json_each(?))",
                (marks,),
            )
        }  # never indexed (sync_text): nothing to remove, and removing it would corrupt FTS5
        conn.executemany(
            _FTS_DELETE,
            [(rid * 2, *fts_texts(data)) for rid, data in stored if rid not in pending],
        )
        conn.executemany(
            "DELETE FROM facets WHERE kind = ? AND value = ? AND rid = ?",
            [(kind, value, rid) for rid, data in stored for kind, value in facet_rows(data)],
        )
        public = conn.execute(
            "SELECT rid, texts FROM public_texts WHERE rid IN (SELECT value FROM json_each(?))",
            (marks,),
        ).fetchall()
        delete_public_text(conn, public)


def delete_public_text(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
    """Remove public full-text rows, given ``(rid, texts as stored in public_texts)``."""
    conn.executemany(_FTS_DELETE, [(rid * 2 + 1, *json.loads(texts)) for rid, texts in rows])
    conn.executemany("DELETE FROM public_texts WHERE rid = ?", [(rid,) for rid, _ in rows])


# -- the text a query needs only when it searches words or names ------------------------------


def database_path(conn: sqlite3.Connection) -> str | None:
    """The file of ``conn``'s main database; None for an index in memory."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return file or None
    return None


def text_pending(conn: sqlite3.Connection) -> bool:
    """Whether records wait for their full-text rows, or names for their search keys."""
    row = conn.execute(
        "SELECT EXISTS(SELECT 1 FROM fts_pending) OR EXISTS(SELECT 1 FROM keys_pending)"
    ).fetchone()
    return bool(row[0])


def sync_text(conn: sqlite3.Connection) -> None:
    """Write the full-text rows and the names' search keys a build left out (``text=False``).

    A query that only filters (``search --country KZ --year 2019``) needs neither, and they
    are about a third of a cold build's work (stems, URL words, transliterated name keys and
    FTS5's own tokenizing). The first query that searches words or names derives them here
    from the stored JSON with the very functions the build uses (:func:`fts_texts`,
    ``names.search_keys``), so the rows are the same either way (tests/fastpaths prove it).
    A write transaction of its own, re-checked once it holds the lock, as a refresh.
    """
    if not text_pending(conn):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if text_pending(conn):
            _fill_text(conn)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _fill_text(conn: sqlite3.Connection) -> None:
    import marshal

    path = database_path(conn)
    rids = [rid for (rid,) in conn.execute("SELECT rid FROM fts_pending ORDER BY rid")]
    payloads = map_chunks(_texts_of, path, rids) if path else [_texts_from(conn, rids)]
    for payload in payloads:
        conn.executemany(FTS_INSERT, marshal.loads(payload))
    conn.execute("DELETE FROM fts_pending")
    names = conn.execute(
        "SELECT n.nid, n.name FROM keys_pending p JOIN names n ON n.nid = p.nid ORDER BY n.nid"
    ).fetchall()
    for payload in map_chunks(_keys_of, None, names, chunk=1000):
        conn.executemany("INSERT OR IGNORE INTO name_keys VALUES (?,?)", marshal.loads(payload))
    conn.execute("DELETE FROM keys_pending")


def _texts_of(path: str, rids: list[int]) -> bytes:
    """The full-text rows of ``rids``, read through a connection of this process's own
    (a worker never uses its parent's)."""
    conn = sqlite3.connect(path)
    try:
        return _texts_from(conn, rids)
    finally:
        conn.close()


def _texts_from(conn: sqlite3.Connection, rids: list[int]) -> bytes:
    import marshal

    stored = docs.read(conn, rids)
    return marshal.dumps(
        [(rid * 2, *fts_texts(json.loads(doc))) for rid, doc in sorted(stored.items())], 4
    )


def _keys_of(_: None, names: list[tuple[int, str]]) -> bytes:
    import marshal

    return marshal.dumps([(key, nid) for nid, name in names for key in _search_keys(name)], 4)
