"""Start-up shortcuts change no behaviour: the version line, the command chosen before the
application is built, and Typer's parameter checks answered without pydantic."""

from __future__ import annotations

import subprocess
import sys
from enum import Enum
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from incidentctl import __version__
from incidentctl.cli import app as app_module


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


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", "--country", "KZ"], "search"),
        (["--root", "/data", "list", "--format", "ids"], "list"),
        (["--root=/data", "import", "x.csv"], "import"),
        (["--root", "search", "show", "x"], "show"),  # a root folder called 'search'
        (["--help"], None),
        (["--version"], None),
        (["--root", "/data", "--help"], None),
        (["--install-completion"], None),
        ([], None),
        (["serch"], None),  # unknown: the whole application suggests and fails as usual
        (["--root"], None),
    ],
)
def test_the_command_is_named_before_the_application_is_built(
    argv: list[str], expected: str | None
) -> None:
    assert app_module.command_of(argv) == expected


def test_an_application_of_one_command_runs_it_like_the_whole_one(incidentctl_bundled: Any) -> None:
    args = ["--root", str(incidentctl_bundled.root), "list", "--format", "ids", "--country", "KZ"]
    whole = CliRunner().invoke(app_module.build(), args)
    single = CliRunner().invoke(app_module.build("list"), args)
    assert whole.exit_code == single.exit_code == 0
    assert whole.stdout == single.stdout and whole.stdout.strip()


def _samples(annotation: Any) -> list[Any]:
    values: list[Any] = [None, "", "x", "KZ", "5", "-1", 5, -1, (), ("a", "b"), ["KZ", "RU"]]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        for member in annotation:
            values += [member, str(member.value), str(member.value).upper(), f" {member.value}"]
        values.append("no-such-choice")
    return values


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # the exact error Typer reports is part of the behaviour
        return type(exc).__name__, str(exc)


def test_parameter_checks_give_what_typer_gives_for_every_parameter() -> None:
    """Every parameter of every command, on values of every kind: same value or same error."""
    from typer import core

    app = app_module.build()
    deferred = core.build_runtime_param
    original = getattr(deferred, "original", None)
    assert original is not None, "the light coercion is not installed"
    group = get_command(app)
    commands = [group, *group.commands.values()]  # type: ignore[attr-defined]
    checked = 0
    for command in commands:
        ctx = command.make_context(command.name, [], resilient_parsing=True)
        for param in command.params:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is None:
                continue
            fast, slow = deferred(descriptor), original(descriptor)
            for value in _samples(descriptor.annotation):
                if type(value) is str and (param.multiple or param.nargs == -1):
                    continue  # Typer refuses a bare string there before either is asked
                assert _outcome(fast, value, param, ctx) == _outcome(slow, value, param, ctx), (
                    command.name,
                    param.name,
                    value,
                )
                checked += 1
    assert checked > 500
