"""Creating a data set (``init``)."""

from __future__ import annotations

from pathlib import Path

from incidentctl import git as gitrepo
from incidentctl.files.store import DATA_DIR, DERIVED_DIR, TEMP_GLOB

GITIGNORE_LINE = f"/{DERIVED_DIR}"
"""No trailing slash: the name is ignored whatever its type, so a symlink cannot be committed."""
TEMP_LINE = TEMP_GLOB
"""Temporary files of interrupted writes: they hold record content, never to be committed."""
_OLD_LINES = (f"/{DERIVED_DIR}/",)


def init_dataset(directory: Path) -> tuple[Path, bool]:
    """Make folders and the .gitignore; start a git repository unless inside one. Idempotent."""
    root = Path(directory).expanduser().resolve()
    (root / DATA_DIR).mkdir(parents=True, exist_ok=True)
    keep = root / DATA_DIR / ".gitkeep"
    if not any((root / DATA_DIR).iterdir()):
        keep.touch()
    gitignore = root / ".gitignore"
    lines = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.exists() else []
    wanted = [line for line in (GITIGNORE_LINE, TEMP_LINE) if line not in lines]
    if wanted or any(line in _OLD_LINES for line in lines):
        lines = [line for line in lines if line not in _OLD_LINES] + wanted
        gitignore.write_text("\n".join(lines) + "\n", encoding="utf-8")
    created = False
    if not gitrepo.is_repo(root):
        gitrepo.init(root)
        created = True
    return root, created
