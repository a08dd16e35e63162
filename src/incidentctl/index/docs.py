"""The stored JSON of records, compressed a block of consecutive records at a time.

Output never re-parses YAML: the index keeps each record as the JSON of ``Record.to_data()``.
Stored as text, that copy alone is as large as the YAML it comes from (the derived index must
stay within the YAML's size, issue 14). One record of a few kilobytes compresses to about half
with zlib; records written together share their keys, vocabularies, places, organisations and
phrasing, which zlib only finds across records, so up to :data:`BLOCK` records of consecutive
row ids are compressed together (about a seventh on the generated data).

A block is keyed by its first row id and holds its documents separated by newlines (JSON
escapes every newline inside a string, so a newline only ever separates documents); the record
with row id ``rid`` is line ``rid - first`` of the block with the greatest ``first <= rid``.
Row ids are never reused (:func:`next_rid`), so blocks never overlap. A dropped record leaves
its line in its block until every record of the block is gone, then the block goes too.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator

BLOCK = 64
"""Records per block: 32 compress to 0.16 of their JSON, 64 to 0.14 (zlib level 6, generated
data set, 10,000 records). The table's bytes fall further than that (5.14 -> 3.54 MB at 10,000): a block of 32
(about 12 KB) fits in one 16 KB page and leaves the rest of the page empty, one of 64 (about
22 KB) overflows into pages SQLite fills to the byte. A record read alone decompresses its whole
block (about 150 KB, some 300 µs)."""
LEVEL = 3
"""zlib's level: 3 rather than the default 6 since the fifth round (branch ``cold2``). On the
10,000 canonical set the blocks take 4.20 MB instead of 3.39 MB (0.18 of the JSON, not 0.14)
for some 60 % less CPU (16 µs a record instead of 41), spent in the one process that writes the
index while the workers read files; the whole index stays well within the YAML's size."""


def pack(docs: list[str]) -> bytes:
    """One block's bytes."""
    return zlib.compress("\n".join(docs).encode("utf-8"), LEVEL)


def unpack(data: bytes) -> list[str]:
    """The documents of one block, in row id order."""
    return zlib.decompress(data).decode("utf-8").split("\n")


def write(conn: sqlite3.Connection, docs: list[tuple[int, str]]) -> None:
    """Store ``(rid, json)`` pairs, rids ascending: each run of consecutive rids in blocks."""
    blocks: list[tuple[int, int, bytes]] = []
    run: list[str] = []
    first = 0
    for rid, doc in docs:
        if run and (rid != first + len(run) or len(run) == BLOCK):
            blocks.append((first, len(run), pack(run)))
            run = []
        if not run:
            first = rid
        run.append(doc)
    if run:
        blocks.append((first, len(run), pack(run)))
    conn.executemany("INSERT INTO docs VALUES (?,?,?)", blocks)


def next_rid(conn: sqlite3.Connection) -> int:
    """The first row id never given: past every record and every block (a block may outlive
    the records at its end, and a new record must not land inside it)."""
    (last,) = conn.execute(
        "SELECT max(coalesce((SELECT max(rid) FROM records), 0), "
        "coalesce((SELECT max(first + count - 1) FROM docs), 0))"
    ).fetchone()
    return int(last) + 1


def read(conn: sqlite3.Connection, rids: Iterable[int]) -> dict[int, str]:
    """The JSON of each of ``rids`` that has one, by rid; one block read and decompressed once."""
    found: dict[int, str] = {}
    block: list[str] = []
    first = count = 0
    for rid in sorted(set(rids)):
        if not first <= rid < first + count:
            row = conn.execute(
                "SELECT first, count, data FROM docs WHERE first <= ? ORDER BY first DESC LIMIT 1",
                (rid,),
            ).fetchone()
            if row is None or rid >= row[0] + row[1]:
                continue
            first, count, block = row[0], row[1], unpack(row[2])
        found[rid] = block[rid - first]
    return found


def read_all(conn: sqlite3.Connection) -> Iterator[tuple[int, str]]:
    """``(rid, json)`` of every record, in rid order (block by block: memory stays flat)."""
    live = conn.execute("SELECT rid FROM records ORDER BY rid")
    rid = next(live, None)
    for first, count, data in conn.execute("SELECT first, count, data FROM docs ORDER BY first"):
        while rid is not None and rid[0] < first:
            rid = next(live, None)
        if rid is None:
            return
        if rid[0] >= first + count:
            continue
        block = unpack(data)
        while rid is not None and rid[0] < first + count:
            yield rid[0], block[rid[0] - first]
            rid = next(live, None)


def drop(conn: sqlite3.Connection, rids: list[int]) -> None:
    """Delete the blocks that held ``rids`` and now hold no live record (run after the records
    themselves are deleted)."""
    from incidentctl.index.rows import chunks

    firsts = {
        row[0]
        for chunk in chunks(sorted(rids), 500)
        for row in conn.execute(
            "SELECT DISTINCT (SELECT max(first) FROM docs WHERE first <= value) FROM json_each(?)",
            (json.dumps(chunk),),
        )
        if row[0] is not None
    }
    conn.executemany(
        "DELETE FROM docs WHERE first = ?1 AND NOT EXISTS "
        "(SELECT 1 FROM records WHERE rid >= ?1 AND rid < ?1 + docs.count)",
        [(first,) for first in sorted(firsts)],
    )


def stored_documents(
    conn: sqlite3.Connection, paths: set[str] | None = None
) -> Iterator[tuple[str, str]]:
    """``(path, json)`` of every valid record file, or of those of ``paths`` (``validate``
    takes each file's document from the index instead of parsing it again)."""
    from incidentctl.index.rows import chunks

    if paths is None:
        where = {rid: path for rid, path in conn.execute("SELECT rid, path FROM records")}
        for rid, doc in read_all(conn):
            yield where[rid], doc
        return
    for part in chunks(sorted(paths), 500):
        marks = ",".join("?" * len(part))
        found = conn.execute(f"SELECT rid, path FROM records WHERE path IN ({marks})", part)
        where = dict(found.fetchall())
        stored = read(conn, where)
        for rid, path in where.items():
            yield path, stored[rid]
