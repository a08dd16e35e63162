"""Where the site goes: built beside ``OUT``, then moved into place, never over a stranger's folder.

A build writes thousands of files; a failure half-way (a disk filling, a template error, Ctrl-C)
must not leave a public site half old and half new, nor a half-deleted one. So the whole site is
built in a temporary folder next to ``OUT`` (same file system, so a rename moves it) and only then
swapped in: the old site is renamed aside, the new one renamed to ``OUT``, the old one removed.
Single files inside the temporary folder need no atomic write of their own: no reader sees the
folder until the swap.

``OUT`` is replaced wholesale, so a typo (``site ~``) must never wipe a folder: a non-empty
``OUT`` is refused unless it holds :data:`MARKER`, the file every build writes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from incidentctl.errors import IncidentctlError, WriteFaultError

MARKER = ".incidentctl-site"
"""The file that says a folder was made by ``incidentctl site`` (and may be replaced by it)."""
MARKER_TEXT = "This folder is built by `incidentctl site`; the next build replaces it whole.\n"


class SiteRefused(IncidentctlError):
    """``OUT`` is something ``site`` must not replace (exit 1)."""


def check_target(out: Path) -> None:
    """Refuse an ``OUT`` that is a file, or a non-empty folder that ``site`` did not make."""
    if out.is_symlink():  # the swap would replace the link, not the folder it points to
        raise SiteRefused(f"{out} is a symbolic link; give the folder it points to")
    if out.exists() and not out.is_dir():
        raise SiteRefused(f"{out} exists and is not a folder; give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteRefused(
            f"{out} is not empty and was not made by `incidentctl site` (no {MARKER} in it); "
            "give an empty or new folder, so that no folder is ever replaced by mistake"
        )


def build_into(out: Path, build: Callable[[Path], None]) -> None:
    """Run ``build`` on a fresh temporary folder beside ``out``, then swap it in as ``out``.

    If ``build`` raises, the temporary folder is removed and ``out`` is as it was.
    """
    out = Path(os.path.abspath(out))
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    try:
        build(fresh)
        (fresh / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        os.chmod(fresh, 0o755)  # mkdtemp makes it private; a site is for publishing
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    try:
        if out.exists():
            os.rename(out, old / "site")
        os.rename(fresh, out)
    except OSError as exc:  # another build swapped its site in meanwhile, or a permission
        if (old / "site").exists() and not out.exists():
            os.rename(old / "site", out)
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        raise WriteFaultError(
            f"the new site could not replace {out} ({exc.strerror}); it is as it was"
        ) from None
    shutil.rmtree(old, ignore_errors=True)
