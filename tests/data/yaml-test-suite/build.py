"""Rebuild ``cases.json`` from a clone of https://github.com/yaml/yaml-test-suite (MIT).

Usage: ``python build.py CLONE [BRANCH]``, where BRANCH (default ``data``) is the branch
holding the generated case folders (``ID/in.yaml``, ``ID/error``, ``ID/===`` and numbered
sub-cases). Only what the tests need is kept: each case's id, title, input and whether the
suite calls it an error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _git(clone: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", clone, *args], check=True, capture_output=True, text=True
    ).stdout


def main(clone: str, branch: str = "data") -> None:
    commit = _git(clone, "rev-parse", branch).strip()
    files = set(_git(clone, "ls-tree", "-r", "--name-only", branch).splitlines())
    folders = sorted({name.rsplit("/", 1)[0] for name in files if name.endswith("/in.yaml")})
    cases = []
    for folder in folders:
        raw = subprocess.run(
            ["git", "-C", clone, "show", f"{branch}:{folder}/in.yaml"],
            check=True,
            capture_output=True,
        ).stdout
        title = _git(clone, "show", f"{branch}:{folder}/===").strip()
        cases.append(
            {
                "id": folder,
                "title": title,
                "yaml": raw.decode("utf-8"),
                "error": f"{folder}/error" in files,
            }
        )
    out = {"source": f"yaml/yaml-test-suite, branch {branch} at {commit}", "cases": cases}
    target = Path(__file__).with_name("cases.json")
    target.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases -> {target}")


if __name__ == "__main__":
    main(*sys.argv[1:])
