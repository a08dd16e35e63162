"""Values the data set already uses (ids, cases, tags), for shell completion.

Completion runs on every Tab press, so this asks the derived index (refreshed by its
stat-only scan) or lists file names; it never reads a record.
"""

from __future__ import annotations

from incidentctl.files.store import Store

_QUERIES = {
    "case": "SELECT DISTINCT case_ FROM records WHERE case_ IS NOT NULL AND case_ >= ? ORDER BY 1",
    "tag": "SELECT DISTINCT value FROM facets WHERE kind = 'tag' AND value >= ? ORDER BY 1",
}


def known_values(store: Store, kind: str, prefix: str = "") -> list[str]:
    """The ``kind`` values (``id``, ``case`` or ``tag``) in the data set starting with ``prefix``."""
    if kind == "id":  # an id is its file's name: listing the folders is enough
        names = (path.stem for path in store.listing().files)
        return sorted(name for name in names if name.startswith(prefix))
    from incidentctl.index import db

    sql = _QUERIES[kind]
    rows = db.run(store, lambda conn: conn.execute(sql, (prefix,)).fetchall())
    return [value for (value,) in rows if value.startswith(prefix)]
