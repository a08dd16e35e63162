"""The Typer application: global options, command registration, and the one place
where errors become messages and exit codes.

Start-up time is part of every command's time (SPEC: instant at 10^5 records), so this module
imports nothing heavy at import time. ``incidentctl --version`` answers before Typer is loaded,
and a run names its command before the application is built, so only that command's module is
imported and turned into Click parameters. ``app`` (the whole application, every command) is
built on first access, for tests and for help, completion and unknown commands.
"""

# No ``from __future__ import annotations``: Typer reads the annotations of the callback
# defined inside build(), where typer and Annotated are local names.
import os
import sys
from typing import Any

from .. import __version__

COMMANDS: dict[str, str] = {
    "init": "init",
    "add": "add",
    "list": "list_",
    "show": "show",
    "edit": "edit",
    "search": "search",
    "report": "report",
    "timeline": "timeline",
    "people": "people",
    "validate": "validate",
    "fmt": "fmt",
    "history": "history",
    "diff": "diff",
    "export": "export",
    "import": "import_",
    "schema": "schema",
}
"""Command name -> module in ``cli.commands``, in the order ``--help`` lists them."""

_GLOBAL_WITH_VALUE = ("--root",)


def build(only: str | None = None) -> Any:
    """The Typer application with every command, or with just the command ``only``."""
    from typing import Annotated, Optional

    import typer
    from typer.core import TyperGroup

    from incidentctl.errors import IncidentctlError

    _light_coercion()

    class _Group(TyperGroup):
        """Turns our exceptions into a message on stderr and their exit code; keeps command order."""

        def list_commands(self, ctx: Any) -> list[str]:
            return list(self.commands)

        def invoke(self, ctx: Any) -> Any:
            try:
                return super().invoke(ctx)
            except IncidentctlError as exc:
                from . import console

                console.error(str(exc))
                ctx.exit(exc.exit_code)
            except BrokenPipeError:
                # The reader (head, less) went away: not an error of ours.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                ctx.exit(0)
            except (KeyboardInterrupt, EOFError, typer.TyperException, typer.Exit, typer.Abort):
                raise  # Typer's own usage errors and exits carry their codes
            except Exception as exc:
                if os.environ.get("INCIDENTCTL_DEBUG"):
                    raise
                print(
                    f"internal error: {type(exc).__name__}: {exc}\n"
                    "This is a bug in incidentctl; run again with INCIDENTCTL_DEBUG=1 for details.",
                    file=sys.stderr,
                )
                ctx.exit(1)

    app = typer.Typer(
        cls=_Group,
        name="incidentctl",
        help=(
            "Track human-rights incidents against lawyers and defenders as YAML files in git.\n\n"
            "Example: incidentctl search --country KZ --year 2019"
        ),
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def _version(value: bool) -> None:
        if value:
            print(f"incidentctl {__version__}")
            raise typer.Exit()

    @app.callback()
    def _global(
        ctx: typer.Context,
        root: Annotated[
            Optional[str],  # noqa: UP045
            typer.Option(
                "--root",
                help="The data set's folder (default: $INCIDENTCTL_ROOT, else the nearest folder above holding data/incidents/).",
                show_default=False,
            ),
        ] = None,
        version: Annotated[
            bool,
            typer.Option(
                "--version", callback=_version, is_eager=True, help="Print the version and exit."
            ),
        ] = False,
    ) -> None:
        from . import state

        state.set_root(root)

    from importlib import import_module

    for name, module in COMMANDS.items():
        if only is None or name == only:
            import_module(f".commands.{module}", __package__).register(app)
    return app


def _light_coercion() -> None:
    """Let Typer skip pydantic for the values a command line mostly holds.

    Typer checks every parameter of the command it runs through a pydantic ``TypeAdapter``,
    built when the parameter is processed, even when the option was left out; the first one
    imports pydantic and its plugin loader (60-80 ms on every run: more than a warm query costs
    at 10^5 records). For an option left out, a plain string, a list of strings or an enum
    choice, the adapter returns exactly what Typer's own helpers return, so those are answered
    directly; anything else (numbers, paths, parsers, a value a helper refuses) builds the
    adapter as Typer would, and gives its result or its error. When Typer's internals are not
    the ones expected, nothing is changed.
    """
    try:
        from dataclasses import dataclass, field
        from enum import Enum
        from typing import get_args, get_origin

        from typer import core
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_choice

        build_runtime_param = core.build_runtime_param
    except (ImportError, AttributeError):  # another Typer: keep its own way
        return
    if getattr(build_runtime_param, "_incidentctl", False):
        return

    @dataclass(frozen=True)
    class _Deferred(RuntimeParam):
        descriptor: Any = None
        _built: list[Any] = field(default_factory=list)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation = self.annotation
            if annotation is str:
                if type(value) is str:
                    return value
            elif get_origin(annotation) is list and get_args(annotation) == (str,):
                if isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
                    return list(value)
            elif isinstance(annotation, type) and issubclass(annotation, Enum):
                try:
                    return coerce_cli_choice(
                        value,
                        choices=list(annotation),
                        case_sensitive=self.parameter_info.case_sensitive,
                        ctx=ctx,
                    )
                except ValueError:
                    pass  # Typer's adapter words the error
            if not self._built:
                self._built.append(build_runtime_param(self.descriptor))
            return self._built[0]._coerce_value(value, param=param, ctx=ctx)

    def deferred(descriptor: Any) -> Any:
        if descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None:
            return build_runtime_param(descriptor)
        return _Deferred(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            descriptor=descriptor,
        )

    deferred._incidentctl = True  # type: ignore[attr-defined]
    deferred.original = build_runtime_param  # type: ignore[attr-defined]
    core.build_runtime_param = deferred


def command_of(argv: list[str]) -> str | None:
    """The command a command line runs, when it is certain; None for anything else.

    Only global options may come first (``--root PATH``); help, version, completion and
    unknown words leave the choice to the whole application.
    """
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return None  # shell completion lists every command
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_WITH_VALUE:
            i += 2
        elif arg.startswith(tuple(f"{opt}=" for opt in _GLOBAL_WITH_VALUE)):
            i += 1
        elif arg.startswith("-"):
            return None
        else:
            return arg if arg in COMMANDS else None
    return None


def main() -> None:
    argv = sys.argv[1:]
    if argv == ["--version"]:
        print(f"incidentctl {__version__}")
        return
    build(command_of(argv))()


def __getattr__(name: str) -> Any:
    """``app``: the whole application, built once on first use (tests, ``python -m``)."""
    if name == "app":
        app = build()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
