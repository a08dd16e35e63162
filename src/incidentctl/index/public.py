"""The searchable public version of the records (``--public`` with TEXT or ``--person``).

``--public`` withholds a confidential person's names wherever they appear in the data set
(:func:`incidentctl.views.privacy.public_data`), so the public text of one record depends on the
others. The index keeps a second full-text row with the public text of each record whose text
differs (rowid ``2*rid+1``, ``records.variant = 1``; the text itself in ``public_texts``, which
removing the row needs) and marks withheld names, so that a public
search can neither find nor reveal them. Brought up to date only when a public search asks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from typing import TYPE_CHECKING, Any

from incidentctl.index import docs
from incidentctl.index.rows import (
    CONFIDENTIAL_NAME,
    FTS_INSERT,
    PUBLIC_NAME,
    WITHHELD_NAME,
    chunks,
    delete_public_text,
    fts_texts,
)

if TYPE_CHECKING:
    from incidentctl.views.privacy import Links, Withholding


def load_withholding(conn: sqlite3.Connection) -> Withholding:
    """What ``--public`` withholds in the data set: every name and alias of a confidential
    person anywhere in it, and the ids that change (:class:`~incidentctl.views.privacy.Withholding`).
    """
    from incidentctl.views.privacy import Withholding

    names = [name for (name,) in conn.execute(_NAMES, (CONFIDENTIAL_NAME,)) if name.strip()]
    hidden = conn.execute("SELECT 1 FROM records WHERE confidential = 1 LIMIT 1").fetchone()
    if not names and hidden is None:
        return Withholding()
    order = conn.execute(_ORDER).fetchall()
    rows = {rid: (record_id, confidential) for rid, record_id, confidential in order}
    links = {rid: _links(*rows[rid], json.loads(doc)) for rid, doc in docs.read_all(conn)}
    return Withholding(names, links=[links[rid] for rid, _, _ in order])


# The records in the order ids are assigned (views.privacy.Links).
_ORDER = "SELECT rid, id, confidential FROM records ORDER BY recorded, id"


def _links(record_id: str, confidential: int, data: dict[str, Any]) -> Links:
    """What the free-text rule needs of one record (views.privacy.Links), from its row and
    its stored JSON."""
    from incidentctl.views.privacy import Links

    people = data.get("people", [])
    names = tuple(n for p in people for n in (p["name"], *p.get("aliases", [])))
    return Links(
        record_id,
        bool(confidential),
        names,
        data.get("case"),
        tuple(data.get("related", [])),
        data["date"],
        data["countries"][0],
        data["types"][0],
    )


_NAMES = (
    "SELECT DISTINCT n.name FROM record_names rn JOIN names n ON n.nid = rn.nid "
    "WHERE rn.kind = ? ORDER BY n.name"
)


def sync_public(conn: sqlite3.Connection) -> None:
    """Bring the searchable public version of records in step with the confidential names.

    ``--public`` withholds a confidential person's names wherever they appear in the data set
    (:func:`incidentctl.views.privacy.public_data`), so the public text of one record depends on
    the others. A record whose full text mentions such a name gets a second full-text row, its
    public text (rowid ``2*rid+1``, ``records.variant = 1``), and its names are marked
    withheld. Done when a public search needs it, not at every refresh: only records indexed
    since the last time (``public_pending``) are looked at, or all that mention a confidential
    name when the set of those names changed.
    """
    from incidentctl.views.privacy import RULE

    withholding = load_withholding(conn)
    state = [RULE, *withholding, *sorted(withholding.exposed), *sorted(withholding.public_ids)]
    digest = hashlib.sha256("\n".join(state).encode("utf-8")).hexdigest()
    if not _public_stale(conn, digest):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _public_stale(conn, digest):  # another process may have done it meanwhile
            _publish_all(conn, withholding, digest)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _public_stale(conn: sqlite3.Connection, digest: str) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key = 'secrets'").fetchone()
    pending = conn.execute("SELECT 1 FROM public_pending LIMIT 1").fetchone()
    return row is None or row[0] != digest or pending is not None


def _publish_all(conn: sqlite3.Connection, withholding: Withholding, digest: str) -> None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'secrets'").fetchone()
    changed = row is None or row[0] != digest
    added = {rid for (rid,) in conn.execute("SELECT rid FROM public_pending")}
    candidates: set[int] = set()
    if changed:
        candidates.update(
            rid for (rid,) in conn.execute("SELECT rid FROM records WHERE variant = 1")
        )
    if withholding:
        candidates.update(_mentioning(conn, withholding, None if changed else added))
    if withholding.exposed:  # published without their free text (views.privacy.exposed_ids)
        candidates.update(
            rid
            for chunk in chunks(sorted(withholding.exposed), 500)
            for (rid,) in conn.execute(
                "SELECT rid FROM records WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(chunk),),
            )
        )
    for rid in sorted(candidates):
        _publish(conn, rid, withholding)
    conn.execute("DELETE FROM public_pending")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('secrets', ?)", (digest,))


def _mentioning(
    conn: sqlite3.Connection, withholding: Withholding, rids: set[int] | None
) -> set[int]:
    """Records (of ``rids``, or all) whose text might change when published.

    The stored JSON of each record is matched as a whole with the same pattern that
    :func:`~incidentctl.views.privacy.public_data` applies field by field, so every record whose
    public text differs is found (and maybe a few more, which ``_publish`` then leaves as they are).
    """
    found: set[int] = set()
    rows: Any
    if rids is None:
        rows = docs.read_all(conn)
    else:
        rows = (
            row for chunk in chunks(sorted(rids), 500) for row in docs.read(conn, chunk).items()
        )
    touches = withholding.matcher.touches
    for rid, doc in rows:
        if touches(doc):
            found.add(rid)
    return found


def _publish(conn: sqlite3.Connection, rid: int, withholding: Withholding) -> None:
    """Store the public text and the public names of one record."""
    from incidentctl.record.model import Record
    from incidentctl.views import privacy

    doc = docs.read(conn, [rid])[rid]
    record = Record.model_validate_json(doc)
    public = privacy.public_data(record, withholding)
    texts = fts_texts(public)
    variant = int(texts != fts_texts(json.loads(doc)))
    delete_public_text(
        conn, conn.execute("SELECT rid, texts FROM public_texts WHERE rid = ?", (rid,)).fetchall()
    )
    if variant:
        conn.execute(FTS_INSERT, (rid * 2 + 1, *texts))
        # The full-text table keeps no text: what was indexed is needed to remove it again.
        conn.execute(
            "INSERT INTO public_texts VALUES (?, ?)", (rid, json.dumps(texts, ensure_ascii=False))
        )
    conn.execute("UPDATE records SET variant = ? WHERE rid = ?", (variant, rid))
    kinds = []
    for person, shown in zip(record.people, public.get("people", []), strict=True):
        survived = {shown["name"], *shown.get("aliases", [])}
        for name in dict.fromkeys((person.name, *person.aliases)):
            if person.confidential:
                kind = CONFIDENTIAL_NAME
            else:
                kind = PUBLIC_NAME if name in survived else WITHHELD_NAME
            kinds.append((kind, rid, name))
    conn.execute("DELETE FROM record_names WHERE rid = ?", (rid,))
    conn.executemany(
        "INSERT OR IGNORE INTO record_names SELECT ?, nid, ? FROM names WHERE name = ?",
        [(rid, kind, name) for kind, rid, name in kinds],
    )
