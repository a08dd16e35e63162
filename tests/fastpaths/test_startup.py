"""Start-up shortcuts change no behaviour: the version line answered before Typer loads, and a
command run importing only its own module, through Click's documented lazy-loading hook."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from incidentctl import __version__
from incidentctl.cli import app as app_module

SRC = Path(app_module.__file__).resolve().parents[1]


def test_the_version_fast_path_says_what_typer_says() -> None:
    fast = subprocess.run(
        [sys.executable, "-m", "incidentctl", "--version"], capture_output=True, text=True
    )
    slow = CliRunner().invoke(app_module.build(), ["--version"])
    assert fast.returncode == slow.exit_code == 0
    assert fast.stdout == slow.stdout == f"incidentctl {__version__}\n"
    assert fast.stderr == ""


def test_the_version_fast_path_loads_no_heavy_library() -> None:
    code = (
        "import sys; sys.argv = ['incidentctl', '--version']\n"
        "from incidentctl.cli.app import main; main()\n"
        "heavy = [m for m in ('typer', 'rich', 'pydantic', 'ruamel.yaml') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [f"incidentctl {__version__}", "[]"]


def _commands_loaded(*argv: str, env: dict[str, str] | None = None) -> list[str]:
    """Run the CLI in a fresh interpreter; the command modules it imported, in COMMANDS terms."""
    code = (
        "import sys\n"
        f"sys.argv = ['incidentctl', *{list(argv)!r}]\n"
        "from incidentctl.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "prefix = 'incidentctl.cli.commands.'\n"
        "print(sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix)), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    return list(eval(out.stderr.strip().splitlines()[-1]))


def test_a_command_imports_its_own_module_only(incidentctl_bundled: Any) -> None:
    root = str(incidentctl_bundled.root)
    assert _commands_loaded("--root", root, "list", "--format", "ids") == ["list_"]
    assert _commands_loaded("--root", root, "schema") == ["schema"]


def test_help_and_unknown_commands_see_every_command() -> None:
    every = sorted(app_module.COMMANDS.values())
    assert _commands_loaded("--help") == every
    runner = CliRunner()
    help_text = runner.invoke(app_module.build(), ["--help"], env={"COLUMNS": "200"}).stdout
    help_text = help_text[help_text.index("Commands") :]
    listed = re.findall(r"^\W*([a-z]+)  ", help_text, re.MULTILINE)
    assert listed == list(app_module.COMMANDS), "help lists every command, in COMMANDS order"
    unknown = runner.invoke(app_module.build(), ["serch"])
    assert unknown.exit_code == 2 and "Did you mean 'search'" in unknown.output


def test_completion_lists_every_command() -> None:
    import os

    env = {
        **os.environ,
        "_INCIDENTCTL_COMPLETE": "complete_bash",
        "COMP_WORDS": "incidentctl ",
        "COMP_CWORD": "1",
    }
    script = Path(sys.executable).with_name("incidentctl")
    out = subprocess.run([str(script)], capture_output=True, text=True, env=env)
    assert out.stdout.split() == list(app_module.COMMANDS), out.stderr


PRIVATE_TYPER = re.compile(
    r"^\s*(from\s+typer\._\w*|import\s+typer\._\w*|from\s+typer\s+import\s+_\w*)"
    r"|typer\._\w+"
    r"|\bcore\.\w+\s*=(?!=)"
    r"|setattr\(\s*(typer\.)?core\b",
    re.MULTILINE,
)


def test_nothing_under_src_uses_private_typer_api() -> None:
    """No ``typer._*`` module imported or named, no attribute of ``typer.core`` replaced."""
    offenders = [
        f"{path.relative_to(SRC.parent)}: {match.group(0).strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for match in PRIVATE_TYPER.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


PRIVATE_MODULE = re.compile(
    r"^\s*(?:from|import)\s+(?!__future__\b)(?:_\w+|[A-Za-z]\w*(?:\.\w+)*\._\w*)", re.MULTILINE
)
PRIVATE_VARIABLE = re.compile(r"[\"']_[A-Z][A-Z0-9]*_[A-Z0-9_]+[\"']")


def test_nothing_under_src_imports_a_private_module_or_sets_a_private_variable() -> None:
    """No dependency's private module (``_ruamel_yaml``, ``ruamel.yaml._x``), and no private
    environment variable of one (``_TYPER_FORCE_DISABLE_TERMINAL``): they change without
    notice (ruamel.yaml 0.19 may ship its C parser as ``_ruamel_yaml_clibz``, and the guard
    would have fallen back to the pure parser without a word)."""
    offenders = [
        f"{path.relative_to(SRC.parent)}: {match.group(0).strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for pattern in (PRIVATE_MODULE, PRIVATE_VARIABLE)
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert PRIVATE_MODULE.search("        from _ruamel_yaml import CParser")
    assert PRIVATE_MODULE.search("from ruamel.yaml._private import x")
    assert not PRIVATE_MODULE.search("from __future__ import annotations")
    assert not PRIVATE_MODULE.search("from ruamel.yaml.cyaml import CParser")
    assert PRIVATE_VARIABLE.search('env = {"_TYPER_FORCE_DISABLE_TERMINAL": "1"}')


def test_the_private_api_check_catches_what_it_must() -> None:
    caught = [
        "from typer._coercion import RuntimeParam",
        "import typer._param_types",
        "from typer import _click",
        "core = typer._click.Command",
        "typer.core.build_runtime_param = deferred",
        "core.build_runtime_param = deferred",
        "setattr(core, 'build_runtime_param', x)",
    ]
    allowed = [
        "from typer.core import TyperGroup",
        "typer.main.get_command(app)",
        "x == typer.core.y",
    ]
    assert all(PRIVATE_TYPER.search(line) for line in caught)
    assert not any(PRIVATE_TYPER.search(line) for line in allowed)


def test_a_warm_ids_search_loads_no_library_it_does_not_use(incidentctl_bundled: Any) -> None:
    """``search --country KZ --year 2019 --format ids`` on a fresh index: ids straight from SQL,
    so no record model, terminal library, country tables or worker pool is imported (issue 14's
    warm search against grep)."""
    root = str(incidentctl_bundled.root)
    argv = ["--root", root, "search", "--country", "KZ", "--year", "2019", "--format", "ids"]
    subprocess.run([sys.executable, "-m", "incidentctl", *argv], capture_output=True, check=True)
    code = (
        "import sys\n"
        f"sys.argv = ['incidentctl', *{argv!r}]\n"
        "from incidentctl.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('pydantic', 'rich', 'ruamel', 'pycountry', 'babel', 'multiprocessing')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines(), "the search found the bundled KZ records of 2019"
    assert out.stderr.strip().splitlines()[-1] == "[]"


def test_validate_changed_loads_no_library_it_does_not_use(incidentctl_dataset: Any) -> None:
    """``validate --changed HEAD`` with a new schema v2 record (a language, a subdivision)
    checks it without importing pycountry, whose codes come from its files (issue 14's
    one-edit target: pycountry's import and objects were about 0.15 s of its CPU)."""
    from incidentctl.testing import sample_v2_record

    ds = incidentctl_dataset
    ds.add()
    ds.git("add", "-A")
    ds.git("commit", "-q", "-m", "one record")
    ds.add(**sample_v2_record(title="Lawyer detained in Petropavl"))
    argv = ["--root", str(ds.root), "validate", "--changed", "HEAD"]
    code = (
        "import sys\n"
        f"sys.argv = ['incidentctl', *{argv!r}]\n"
        "from incidentctl.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "assert 'pydantic' in sys.modules  # the new record was checked\n"
        "unused = ('pycountry',)\n"
        "print(sorted({m for m in sys.modules if m.startswith(unused)}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "1 valid, 0 error(s)" in out.stderr
    assert out.stdout.strip() == "[]"
