"""Thin, explicit calls to git (no shell, argument lists only)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from .errors import IncidentctlError


def run(root: Path, args: Sequence[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace"
        )
    except FileNotFoundError:
        raise IncidentctlError("git is not installed or not on PATH") from None
    if check and proc.returncode != 0:
        raise IncidentctlError(f"git {' '.join(args[:2])} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc


def is_repo(root: Path) -> bool:
    return run(root, ["rev-parse", "--git-dir"], check=False).returncode == 0


def init(root: Path) -> None:
    run(root, ["init", "--quiet", "--initial-branch=main"])


def commit_paths(root: Path, paths: Sequence[Path], message: str) -> str:
    """Commit exactly ``paths`` (added, changed or deleted), leaving anything else staged alone."""
    if not is_repo(root):
        raise IncidentctlError(f"{root} is not a git repository; cannot --commit")
    rel = [str(Path(p).resolve().relative_to(root.resolve())) for p in paths]
    run(root, ["add", "--all", "--", *rel])
    run(root, ["commit", "--quiet", "--only", "-m", message, "--", *rel])
    return run(root, ["rev-parse", "HEAD"]).stdout.strip()
