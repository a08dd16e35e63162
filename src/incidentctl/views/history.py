"""Records through git: one record's history, and what changed between two revisions.

Everything is computed from the files as git stores them, parsed with the same
YAML reader as the store and compared as plain data (views.fielddiff), so a
re-formatting commit changes no field and a file that does not parse at some
commit is reported, never fatal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from incidentctl import git as gitrepo
from incidentctl.errors import NotFoundError, Problem, UsageError
from incidentctl.files.store import Store
from incidentctl.files.values import plain
from incidentctl.files.yamlio import YamlProblem, decode, load
from incidentctl.record.vocab import SLUG_PATTERN
from incidentctl.views.fielddiff import SetDiff, diff_fields, diff_sets


def read_data(raw: bytes) -> dict[str, Any]:
    """A record file's bytes -> plain data; YamlProblem when it is not a readable record file."""
    return plain(load(decode(raw)), as_json=True)


# -- history of one record ----------------------------------------------------------


@dataclass
class HistoryEntry:
    """One commit that touched a record, and the fields it changed (SPEC §6 ``history``)."""

    commit: str
    date: str
    author: str
    message: str
    changed: list[str]
    kind: str
    """added, changed, moved (to another year folder), removed, unreadable, or shallow (where a
    shallow clone's history stops: what the commit changed cannot be known)."""
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "commit": self.commit,
            "date": self.date,
            "author": self.author,
            "message": self.message,
            "changed": self.changed,
        }
        if self.kind == "shallow":
            data["shallow"] = True
        return data


SHALLOW_NOTE = "history is shallow: earlier commits were not fetched (git fetch --unshallow)"


def record_pathspecs(record_id: str) -> list[str]:
    """Git pathspecs for a record in any year folder (ids are slugs: no glob characters)."""
    return [f":(glob){gitrepo.RECORDS}/*/{record_id}.{ext}" for ext in ("yaml", "yml")]


def record_history(store: Store, record_id: str, limit: int | None = None) -> list[HistoryEntry]:
    """The commits that touched ``record_id``, newest first, across moves between year folders."""
    if not re.fullmatch(SLUG_PATTERN, record_id):
        raise UsageError(
            f"'{record_id}' is not a record id (lower-case letters, digits and hyphens)"
        )
    gitrepo.require_repo(store.root, "history")
    commits = gitrepo.path_log(store.root, record_pathspecs(record_id), limit)
    if not commits and not store.exists(record_id):
        raise NotFoundError(
            f"no record with id '{record_id}' in the working tree or in the git history"
        )
    blobs = gitrepo.read_blobs(
        store.root, (o for c in commits for f in c.files for o in (f.old, f.new) if o)
    )
    entries = [_entry(c, blobs) for c in commits]
    if entries and entries[-1].kind == "added":
        last = entries[-1]
        if last.commit in gitrepo.shallow_commits(store.root):
            last.kind, last.changed, last.note = "shallow", [], SHALLOW_NOTE
    return entries


def _entry(commit: gitrepo.Commit, blobs: Mapping[str, bytes]) -> HistoryEntry:
    olds = [f for f in commit.files if f.old]
    news = [f for f in commit.files if f.new]
    entry = HistoryEntry(commit.commit, commit.date, commit.author, commit.subject, [], "changed")
    if not news:
        entry.kind = "removed"
    elif not olds:
        entry.kind = "added"
    elif {_folder(f.path) for f in news} != {_folder(f.path) for f in olds if f.old}:
        entry.kind = "moved"
        entry.note = "moved to " + ", ".join(str(PurePosixPath(f.path).parent) for f in news)
    try:
        old = read_data(blobs[olds[0].old]) if olds else {}  # type: ignore[index]
    except (YamlProblem, KeyError) as exc:
        return _unreadable(entry, "before this commit", exc)
    try:
        new = read_data(blobs[news[0].new]) if news else {}  # type: ignore[index]
    except (YamlProblem, KeyError) as exc:
        return _unreadable(entry, "at this commit", exc)
    entry.changed = [c.field for c in diff_fields(old, new)]
    return entry


def _folder(path: str) -> str:
    return str(PurePosixPath(path).parent)


def _unreadable(entry: HistoryEntry, when: str, exc: Exception) -> HistoryEntry:
    entry.kind = "unreadable"
    entry.note = f"the file was not a readable record {when}: {getattr(exc, 'message', exc)}"
    return entry


# -- differences between revisions ----------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a commit, the working tree, or nothing (before the first commit)."""

    commit: str | None
    label: str
    worktree: bool = False


WORKTREE = Side(None, "working tree", worktree=True)
"""The files on disk, untracked record files included."""


@dataclass
class Comparison:
    """The field-level diff of two sides, and the files that could not be compared."""

    old: Side
    new: Side
    diff: SetDiff
    skipped: list[Problem] = field(default_factory=list)


def sides(store: Store, revs: list[str]) -> tuple[Side, Side]:
    """Arguments of ``diff`` -> the two sides, as ``git diff`` reads them.

    No argument: HEAD against the working tree; ``A``: A against the working
    tree; ``A B`` or ``A..B``: A against B; ``A...B``: the merge base of A and B
    against B (what a pull request from B into A changes). An empty side of a
    range means HEAD.
    """
    gitrepo.require_repo(store.root, "diff")
    if len(revs) > 2:
        raise UsageError("diff takes at most two revisions")
    if len(revs) == 2:
        return _commit_side(store, revs[0]), _commit_side(store, revs[1])
    if not revs:
        head = (
            _commit_side(store, "HEAD")
            if gitrepo.has_head(store.root)
            else Side(None, "(no commits)")
        )
        return head, WORKTREE
    rev = revs[0]
    if "..." in rev:
        a, b = (part or "HEAD" for part in rev.split("...", 1))
        new = _commit_side(store, b)
        base = gitrepo.merge_base(store.root, _commit_side(store, a).commit or "", new.commit or "")
        return Side(base, f"merge base of {a} and {b}"), new
    if ".." in rev:
        a, b = (part or "HEAD" for part in rev.split("..", 1))
        return _commit_side(store, a), _commit_side(store, b)
    return _commit_side(store, rev), WORKTREE


def _commit_side(store: Store, rev: str) -> Side:
    return Side(gitrepo.resolve_commit(store.root, rev), rev)


def compare(store: Store, old: Side, new: Side) -> Comparison:
    """Field-level differences of two sides; an unreadable file is skipped, with a problem."""
    hasher = gitrepo.blob_hasher(store.root)
    before = _snapshot(store, old, hasher)
    after = _snapshot(store, new, hasher)
    # Files identical on both sides (same path, same content) need no parsing.
    same = {stem for stem, f in after.items() if stem in before and before[stem] == f}
    wanted = {stem: f for stem, f in before.items() if stem not in same}
    wanted_new = {stem: f for stem, f in after.items() if stem not in same}
    old_data, old_bad = _parse(store, old, wanted)
    new_data, new_bad = _parse(store, new, wanted_new)
    for stem in {*old_bad, *new_bad}:
        old_data.pop(stem, None)
        new_data.pop(stem, None)
    return Comparison(
        old, new, diff_sets(old_data, new_data), [*old_bad.values(), *new_bad.values()]
    )


@dataclass(frozen=True)
class _File:
    path: str
    oid: str
    raw: bytes | None = field(default=None, compare=False)


def _snapshot(store: Store, side: Side, hasher: Callable[[bytes], str]) -> dict[str, _File]:
    """stem -> file of every record file on one side (the stem is the record's id)."""
    out: dict[str, _File] = {}
    if side.worktree:
        for path in store.listing().files:
            rel = store.rel(path)
            try:
                raw = path.read_bytes()
            except OSError:
                raw = b""
            out[PurePosixPath(rel).stem] = _File(rel, hasher(raw), raw)
    elif side.commit:
        for blob in gitrepo.record_blobs(store.root, side.commit):
            out[PurePosixPath(blob.path).stem] = _File(blob.path, blob.oid)
    return out


def _parse(
    store: Store, side: Side, files: Mapping[str, _File]
) -> tuple[dict[str, dict[str, Any]], dict[str, Problem]]:
    """stem -> plain data of each file, and stem -> problem for those that do not parse."""
    contents = gitrepo.read_blobs(store.root, (f.oid for f in files.values() if f.raw is None))
    data: dict[str, dict[str, Any]] = {}
    bad: dict[str, Problem] = {}
    for stem, f in files.items():
        raw = f.raw if f.raw is not None else contents.get(f.oid, b"")
        try:
            data[stem] = read_data(raw)
        except YamlProblem as exc:
            bad[stem] = Problem(
                f.path, exc.line, exc.column, "", f"{exc.message} (in {side.label})", "warning"
            )
    return data, bad


# -- what a branch changed ---------------------------------------------------------------


def changed_since(store: Store, rev: str) -> list[Path]:
    """The record files ``validate --changed REV`` reports on.

    Files added, changed or renamed since ``rev`` and untracked ones, plus any
    record that mentions the id of a record deleted since then: removing a
    record can leave another one's ``related`` dangling without touching it.
    """
    commit = gitrepo.since_commit(store.root, rev)
    files, removed = gitrepo.record_changes(store.root, commit, _differing(store, commit))
    if removed:
        seen = {p.resolve() for p in files}
        for path in store.listing().files:
            if path.resolve() not in seen and _mentions(path, removed):
                files.append(path)
    return files


def _differing(store: Store, commit: str) -> list[str] | None:
    """Where git needs to look (:func:`.index.since.differing`), when this command shares one
    freshness scan (:func:`.index.db.one_scan`) and the index can tell; else None: everywhere."""
    from incidentctl.errors import IncidentctlError
    from incidentctl.index import db, since

    def query(conn: Any) -> list[str] | None:
        scan = db.current_scan(store)
        return None if scan is None else since.differing(conn, scan, store.root, commit)

    try:
        return db.run(store, query, text=False)
    except IncidentctlError:
        return None


def _mentions(path: Path, ids: set[str]) -> bool:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return False
    return any(i in text for i in ids)
