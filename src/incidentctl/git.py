"""Thin, explicit calls to git (no shell, argument lists only).

Paths passed to and read from git are relative to the data set's root, which
is the working directory of every call; the root may be a sub-folder of the
repository.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from incidentctl.errors import IncidentctlError, UsageError

RECORDS = "data/incidents"
"""The records' folder, relative to the data set's root (as git pathspecs want it)."""
_SYMLINK_MODE = "120000"


def run(root: Path, args: Sequence[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
    except FileNotFoundError:
        raise IncidentctlError("git is not installed or not on PATH") from None
    if check and proc.returncode != 0:
        raise IncidentctlError(
            f"git {' '.join(args[:2])} failed: {proc.stderr.strip() or proc.stdout.strip()}"
        )
    return proc


def is_repo(root: Path) -> bool:
    return run(root, ["rev-parse", "--git-dir"], check=False).returncode == 0


def require_repo(root: Path, why: str) -> None:
    if not is_repo(root):
        raise IncidentctlError(
            f"{root} is not in a git repository; {why} needs one (run 'git init' there)"
        )


def init(root: Path) -> None:
    run(root, ["init", "--quiet", "--initial-branch=main"])


def has_head(root: Path) -> bool:
    """False in a repository without commits yet."""
    return (
        run(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], check=False).returncode
        == 0
    )


def commit_paths(root: Path, paths: Sequence[Path], message: str) -> str:
    """Commit exactly ``paths`` (added, changed or deleted), leaving anything else staged alone.

    ``git commit --only`` takes the working-tree content of the named paths and
    nothing else from the index, so other staged changes stay staged. A path
    that is gone and was never tracked (a moved file that was never committed)
    is left out rather than failing the commit.
    """
    require_repo(root, "--commit")
    rel = sorted({str(Path(p).resolve().relative_to(root.resolve())) for p in paths})
    tracked = set(_z(run(root, ["ls-files", "-z", "--", *rel]).stdout)) if rel else set()
    rel = [p for p in rel if (root / p).exists() or p in tracked]
    if not rel:
        raise IncidentctlError("nothing to commit: the files were not written")
    try:
        run(root, ["add", "--all", "--", *rel])
        run(root, ["commit", "--quiet", "--only", "-m", message, "--", *rel])
    except IncidentctlError as exc:
        raise IncidentctlError(f"the files were written but not committed: {exc}") from None
    return run(root, ["rev-parse", "HEAD"]).stdout.strip()


# -- revisions ---------------------------------------------------------------------


def resolve_commit(root: Path, rev: str) -> str:
    """A revision -> its full commit id; an unknown one is a usage error (exit 2)."""
    if rev.startswith("-"):
        raise UsageError(f"'{rev}' is not a revision")
    proc = run(
        root,
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
        check=False,
    )
    if proc.returncode != 0:
        raise UsageError(
            f"unknown revision '{rev}': no such branch, tag or commit in this repository"
        )
    return proc.stdout.strip()


def merge_base(root: Path, a: str, b: str) -> str:
    proc = run(root, ["merge-base", a, b], check=False)
    if proc.returncode != 0:
        raise UsageError(f"'{a}' and '{b}' have no common ancestor")
    return proc.stdout.strip()


def repo_prefix(root: Path) -> str:
    """The data set's folder relative to the repository's top ('' at the top, 'sub/' below)."""
    if not is_repo(root):
        return ""
    return run(root, ["rev-parse", "--show-prefix"]).stdout.strip()


# -- file contents -----------------------------------------------------------------


@dataclass(frozen=True)
class Blob:
    """A record file in some version: where it is and which content it has."""

    path: str
    oid: str


def is_record_path(path: str) -> bool:
    """``data/incidents/<folder>/<name>.yaml`` (or .yml), as the store lists them."""
    parts = path.split("/")
    return (
        len(parts) == 4
        and "/".join(parts[:2]) == RECORDS
        and not parts[2].startswith(".")
        and not parts[3].startswith(".")
        and parts[3].endswith((".yaml", ".yml"))
    )


def record_blobs(root: Path, commit: str) -> list[Blob]:
    """The record files in a commit (symlinks left out, as the store never follows them)."""
    out = run(root, ["ls-tree", "-r", "-z", commit, "--", RECORDS]).stdout
    blobs = []
    for entry in _z(out):
        meta, _, path = entry.partition("\t")
        mode, kind, oid = meta.split()
        if kind == "blob" and mode != _SYMLINK_MODE and is_record_path(path):
            blobs.append(Blob(path, oid))
    return blobs


def read_blobs(root: Path, oids: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs in one ``git cat-file --batch`` call."""
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    proc = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=root,
        input="".join(f"{o}\n" for o in wanted).encode(),
        capture_output=True,
    )
    if proc.returncode != 0:
        raise IncidentctlError(
            f"git cat-file failed: {proc.stderr.decode('utf-8', 'replace').strip()}"
        )
    data, pos, out = proc.stdout, 0, {}
    for oid in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        out[oid] = data[pos : pos + size]
        pos += size + 1
    return out


def blob_hasher(root: Path) -> Callable[[bytes], str]:
    """content -> the id git would give it as a blob, to skip unchanged files cheaply."""
    algo = run(root, ["rev-parse", "--show-object-format"], check=False).stdout.strip() or "sha1"
    return lambda content: _hash_blob(algo, content)


def _hash_blob(algo: str, content: bytes) -> str:
    if algo != "sha256":
        from incidentctl.files.reader import content_digest

        return content_digest(content).hex()
    return hashlib.sha256(b"blob %d\0" % len(content) + content).hexdigest()


# -- history -----------------------------------------------------------------------


@dataclass(frozen=True)
class FileChange:
    """One file of one commit: its content before (``old``) and after (``new``); None = absent."""

    path: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Commit:
    """A commit that touched some paths, with what it did to each of them."""

    commit: str
    date: str
    author: str
    subject: str
    files: list[FileChange]


_NULL_OID = frozenset({"0" * 40, "0" * 64})


def shallow_commits(root: Path) -> frozenset[str]:
    """The commits a shallow clone stops at (their parents were not fetched); empty if complete.

    Git shows such a commit without parents, so every file in it looks newly added.
    """
    where = run(root, ["rev-parse", "--git-path", "shallow"], check=False).stdout.strip()
    try:
        return frozenset((root / where).read_text().split()) if where else frozenset()
    except OSError:  # no such file: the history is complete
        return frozenset()


def path_log(root: Path, pathspecs: Sequence[str], limit: int | None = None) -> list[Commit]:
    """Commits touching ``pathspecs``, newest first, each compared with its first parent.

    Renames are not paired (a move to another year folder is a deletion and an
    addition in one commit). Git's default history simplification leaves out a
    merge that took the file from one side as it was; a merge that combined
    changes from both sides is kept and compared with its first parent.
    """
    if not has_head(root):
        return []
    diff_opts = ["--raw", "--no-abbrev", "--no-renames", "--relative"]
    args = ["log", "--format=%x1e%H%x1f%P%x1f%aI%x1f%an%x1f%s", *diff_opts]
    if limit is not None:
        args.append(f"--max-count={limit}")
    out = run(root, [*args, "--", *pathspecs]).stdout
    commits = []
    for chunk in out.split("\x1e")[1:]:
        head, _, raw = chunk.partition("\n")
        sha, parents, date, author, subject = head.split("\x1f", 4)
        if " " in parents and not raw.strip():
            first = parents.split()[0]
            raw = run(root, ["diff-tree", "-r", *diff_opts, first, sha, "--", *pathspecs]).stdout
        commits.append(Commit(sha, date, author, subject, _raw_changes(raw)))
    return commits


def _raw_changes(raw: str) -> list[FileChange]:
    """``--raw`` lines (``:100644 100644 OLD NEW M<TAB>path``) -> file changes."""
    files = []
    for line in raw.splitlines():
        if line.startswith(":"):
            meta, _, path = line.partition("\t")
            old, new = meta.split()[2:4]
            files.append(
                FileChange(
                    path, None if old in _NULL_OID else old, None if new in _NULL_OID else new
                )
            )
    return files


def since_commit(root: Path, rev: str) -> str:
    """``REV``, or ``A...B`` (either side may be empty, meaning HEAD) -> the commit to compare with.

    ``origin/main...`` is where the current branch left main, so a branch is
    judged by its own changes even after main has moved on.
    """
    require_repo(root, "--changed")
    if "..." in rev:
        a, b = (part or "HEAD" for part in rev.split("...", 1))
        return merge_base(root, resolve_commit(root, a), resolve_commit(root, b))
    return resolve_commit(root, rev)


def record_changes(
    root: Path, commit: str, within: list[str] | None = None
) -> tuple[list[Path], set[str]]:
    """For ``--changed``: the record files added, changed or renamed since ``commit`` (as
    :func:`since_commit` resolved it) and the untracked ones; and the ids (file stems) of record
    files deleted since then and not present in any folder now.

    One ``git diff --name-status`` (each diff stats every file it is given: a quarter of a
    second at 100,000 records) and the untracked listing, run side by side, about ``within``
    (paths under data/incidents: :func:`.index.since.differing`), or all of data/incidents.
    """
    return _start_changes(root, commit, within)()


def entries_of(root: Path, commit: str, folder: str) -> dict[str, tuple[str, str]] | None:
    """The entries of ``folder`` (relative to ``root``) in ``commit``: name -> (kind, object
    id), kind ``tree`` or ``blob``; None where the commit has no such folder or git fails."""
    listed = run(root, ["ls-tree", "-z", f"{commit}:./{folder}"], check=False)
    if listed.returncode != 0:
        return None
    entries = {}
    for entry in _z(listed.stdout):
        meta, _, name = entry.partition("\t")
        _mode, kind, oid = meta.split()
        entries[name] = (kind, oid)
    return entries


def _start_changes(
    root: Path, commit: str, within: list[str] | None
) -> Callable[[], tuple[list[Path], set[str]]]:
    """Start :func:`record_changes`' git runs; the function returned waits for them."""
    paths = [RECORDS] if within is None else within
    if not paths:
        return lambda: ([], set())
    diff = ["diff", "--name-status", "-z", "--relative", "--no-renames", commit, "--", *paths]
    others = ["ls-files", "-z", "--others", "--exclude-standard", "--", *paths]
    try:
        procs = [
            subprocess.Popen(
                ["git", "--literal-pathspecs", *args],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for args in (diff, others)
        ]
    except FileNotFoundError:
        raise IncidentctlError("git is not installed or not on PATH") from None

    def finish() -> tuple[list[Path], set[str]]:
        outputs = []
        for args, proc in zip((diff, others), procs, strict=True):
            out, err = proc.communicate()
            if proc.returncode != 0:
                message = err.decode("utf-8", "replace").strip()
                raise IncidentctlError(f"git {' '.join(args[:2])} failed: {message}")
            outputs.append(_z(out.decode("utf-8", "replace")))
        statuses, untracked = outputs
        pairs = list(zip(statuses[::2], statuses[1::2], strict=True))
        names = [*(name for status, name in pairs if status != "D"), *untracked]
        files = [root / name for name in dict.fromkeys(names) if (root / name).exists()]
        deleted = [name for status, name in pairs if status == "D" and is_record_path(name)]
        stems = {PurePosixPath(n).stem for n in deleted}
        return files, {s for s in stems if not any((root / RECORDS).glob(f"*/{s}.y*ml"))}

    return finish


def _z(text: str) -> list[str]:
    return [part for part in text.split("\0") if part]
