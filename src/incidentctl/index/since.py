"""Which parts of data/incidents may differ from a commit, told by the index without git
reading every file.

``validate --changed REV`` used to ask ``git diff REV`` and ``git ls-files --others`` about the
whole of data/incidents: each pass ``lstat``s every file (at 100,000 records half a second of
CPU), on top of the index's own freshness scan, which ``lstat``s them all again. The index
already knows each record file's bytes by their git blob id (:func:`.files.reader.
content_digest`), so each year folder's tree id follows from them (:func:`.db.stored_trees`).
A folder whose tree id equals the commit's, and that holds nothing but record files, has no
file that differs from the commit; git is then asked only about the rest
(:func:`incidentctl.git.record_changes`), so that git still decides what "changed" means there
(its index, ignored files, line-ending filters).

What this does not see, by design: a file whose bytes equal the commit's but which git would
call modified (an executable bit alone, or a clean filter that would rewrite bytes already
committed). Neither changes a record.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from incidentctl.files.reader import content_digest
from incidentctl.git import RECORDS, entries_of
from incidentctl.index.db import stored_trees
from incidentctl.index.scan import Scan

SHA1_HEX = 40


def differing(conn: sqlite3.Connection, scan: Scan, root: Path, commit: str) -> list[str] | None:
    """The paths under data/incidents (relative to ``root``, git's pathspecs) that may differ
    from ``commit``: year folders whose tree id is not the commit's or that hold other entries,
    and every other entry of data/incidents on either side. None where the index cannot tell
    (a SHA-256 repository, no data/incidents in the commit, git failing): ask git about all."""
    theirs = entries_of(root, commit, RECORDS) if len(commit) == SHA1_HEX else None
    if theirs is None:
        return None
    ours = stored_trees(conn)
    names = set(theirs) | set(scan.folders) | set(scan.loose)
    same = {
        name
        for name in scan.folders
        if name not in scan.mixed and theirs.get(name) == ("tree", ours.get(name))
    }
    same.update(name for name in scan.loose if theirs.get(name) == ("blob", _blob_id(root, name)))
    return [f"{RECORDS}/{name}" for name in sorted(names - same)]


def _blob_id(root: Path, name: str) -> str | None:
    """The blob id of a regular file of data/incidents itself (a ``.gitkeep``, a README)."""
    path = root / RECORDS / name
    try:
        if not path.is_file() or path.is_symlink():
            return None
        return content_digest(path.read_bytes()).hex()
    except OSError:
        return None
