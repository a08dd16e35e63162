"""Creating a data set (``init``): folders, ignore rules, git, and the files CI reads."""

from __future__ import annotations

import contextlib
from pathlib import Path

from incidentctl import __version__
from incidentctl import git as gitrepo
from incidentctl.files.store import DATA_DIR, DERIVED_DIR, TEMP_GLOB, write_atomic

GITIGNORE_LINE = f"/{DERIVED_DIR}"
"""No trailing slash: the name is ignored whatever its type, so a symlink cannot be committed."""
TEMP_LINE = TEMP_GLOB
"""Temporary files of interrupted writes: they hold record content, never to be committed."""
_OLD_LINES = (f"/{DERIVED_DIR}/",)

YAMLLINT_FILE = ".yamllint"
YAMLLINT_CONFIG = f"""\
# yamllint settings for this incidentctl data set, written by `incidentctl init`.
# Every file incidentctl writes passes them (`yamllint --strict .`); they catch what a hand edit
# can slip in: an unquoted value YAML would read as something else (no, 2019-05-21), tabs,
# duplicate keys, a "---" marker.
extends: default
ignore: |
  /{DERIVED_DIR}/
rules:
  document-start:
    present: false  # one record per file, no marker
  line-length: disable  # a paragraph of free text is one line; wrapping would change it
  truthy:
    allowed-values: ["true", "false"]
    check-keys: false
  indentation:
    spaces: 2
    indent-sequences: true
  quoted-strings:  # record values are always double-quoted strings
    quote-type: double
    required: true
    ignore: |
      /.github/
      /.yamllint
      /.pre-commit-config.yaml
  comments:
    min-spaces-from-content: 1
"""

WORKFLOW_FILE = ".github/workflows/incidentctl.yml"
WORKFLOW = f"""\
# CI for this incidentctl data set, written by `incidentctl init`: on every pull request and push,
# every record is validated (problems are shown on the lines of the pull request), and every file
# must be in canonical form and pass yamllint. See "CI for a data repository" in incidentctl's
# docs/reviewing.md for more (validating only the records a pull request changes).
name: incidentctl
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
env:
  # Where incidentctl is installed from: a version on your package index, or its repository,
  # e.g. "incidentctl @ git+https://github.com/OWNER/incidentctl@v{__version__}".
  INCIDENTCTL: "incidentctl=={__version__}"
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install incidentctl
        run: pip install "$INCIDENTCTL" yamllint
      - name: Validate every record
        run: incidentctl validate --format github
      - name: Canonical formatting
        run: incidentctl fmt --check
      - name: YAML style
        run: yamllint --strict --format github .
"""


def init_dataset(directory: Path) -> tuple[Path, bool]:
    """Make folders and the .gitignore; start a git repository unless inside one; write the
    yamllint settings and, at a repository's top, a CI workflow. Idempotent: files already
    there (perhaps edited) are kept."""
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
    _write_once(root / YAMLLINT_FILE, YAMLLINT_CONFIG)
    if gitrepo.repo_prefix(root) == "":  # GitHub reads workflows at the repository's top only
        _write_once(root / WORKFLOW_FILE, WORKFLOW)
    return root, created


def _write_once(path: Path, text: str) -> None:
    """Write ``path`` unless it exists: the analyst's own edits to it are never replaced."""
    if path.exists() or path.is_symlink():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # written by a concurrent init: theirs stands
        write_atomic(path, text, exclusive=True)
