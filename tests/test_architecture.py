"""The tree and its description agree, and the core stays free of terminal code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import incidentctl

PACKAGE = Path(incidentctl.__file__).parent
ROOT = PACKAGE.parents[1]
CORE_PACKAGES = ("record", "files", "index", "ops", "views", "render", "i18n", "site")
TERMINAL_LIBRARIES = ("typer", "rich", "click")


def _modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py") and "commands" not in p.parts
    )


@pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_described_in_the_architecture_page(module: Path) -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert f"`{module.name}`" in text or f"{module.name} " in text, (
        f"docs/architecture.md does not describe {module.relative_to(PACKAGE)}"
    )


def test_every_package_is_in_the_readme_map_and_the_architecture_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert packages == sorted([*CORE_PACKAGES, "cli"])
    for name in packages:
        assert f"`{name}/`" in readme, f"README's layout table lacks {name}/"
        assert f"**`{name}/`**" in page, f"docs/architecture.md lacks a paragraph on {name}/"


def _core_modules() -> list[Path]:
    """The modules outside the command line (``cli/``)."""
    core = (*CORE_PACKAGES, "git.py", "pool.py", "errors.py")
    return [p for p in _modules() if p.relative_to(PACKAGE).parts[0] in core]


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
            if node.module.startswith("incidentctl.cli"):
                roots.add("incidentctl.cli")
    return roots


@pytest.mark.parametrize("module", _core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_knows_nothing_about_terminals(module: Path) -> None:
    roots = _imported_roots(module)
    assert not roots & {*TERMINAL_LIBRARIES, "incidentctl.cli"}, (
        f"{module.relative_to(PACKAGE)} imports terminal code: {sorted(roots & {*TERMINAL_LIBRARIES, 'incidentctl.cli'})}"
    )


@pytest.mark.parametrize("module", _core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_never_prints(module: Path) -> None:
    """The core returns, raises or logs (the ``incidentctl`` logger, which the command line
    shows as warning lines); it never writes to the terminal itself: no ``print``, no
    ``sys.stdout`` or ``sys.stderr``."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found = [
        f"line {node.lineno}"
        for node in ast.walk(tree)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "print"
        )
        or (
            isinstance(node, ast.Attribute)
            and node.attr in ("stdout", "stderr")
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        )
    ]
    assert found == [], f"{module.relative_to(PACKAGE)} writes to the terminal at {found}"


def test_the_package_declares_its_types_and_mypy_checks_the_benchmarks_too() -> None:
    """PEP 561: a user's type checker (and ``mypy benchmarks``) reads incidentctl's annotations
    only when the installed package holds ``py.typed``; the benchmarks, which import the
    package, are checked with it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert (PACKAGE / "py.typed").is_file()
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["incidentctl"]
    assert set(config["tool"]["mypy"]["files"]) >= {"src/incidentctl", "benchmarks"}


def test_the_readme_names_every_runtime_dependency() -> None:
    """README's Dependencies section says why each runtime dependency is there; a dependency
    added to pyproject.toml without a word there fails here."""
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Dependencies", 1)[1].split("\n## ", 1)[0].lower()
    names = [re.split(r"[<>=;\[ ]", d, maxsplit=1)[0] for d in config["project"]["dependencies"]]
    assert names and [n for n in names if f"**{n.lower()}**" not in section] == []


def test_the_contributors_hooks_are_valid_and_run_the_test_commands_checks() -> None:
    """``.pre-commit-config.yaml`` (for working on incidentctl) is valid for pre-commit and runs
    ruff, ruff format and mypy from the venv (local hooks: nothing to download)."""
    import subprocess
    import sys

    import yaml

    path = ROOT / ".pre-commit-config.yaml"
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(path)],
        check=True,
        capture_output=True,
    )
    hooks = [h for repo in yaml.safe_load(path.read_text())["repos"] for h in repo["hooks"]]
    assert {h["id"] for h in hooks} == {"ruff", "ruff-format", "mypy"}
    assert all(h["language"] == "system" for h in hooks)
