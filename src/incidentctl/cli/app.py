"""The Typer application: global options and the table of commands.

Start-up time is part of every command's time (SPEC: instant at 10^5 records), so this module
imports nothing heavy at import time: ``incidentctl --version`` answers before Typer is loaded,
and the group of :mod:`.group` imports only the module of the command that runs. ``app`` is
built on first access.
"""

# No ``from __future__ import annotations``: Typer reads the annotations of the callback
# defined inside build(), where typer and Annotated are local names.
import sys
from typing import Any

from incidentctl import __version__

COMMANDS: dict[str, str] = {
    "init": "init",
    "add": "add",
    "list": "list_",
    "show": "show",
    "edit": "edit",
    "rename": "rename",
    "withdraw": "withdraw",
    "search": "search",
    "report": "report",
    "timeline": "timeline",
    "people": "people",
    "validate": "validate",
    "fmt": "fmt",
    "history": "history",
    "diff": "diff",
    "export": "export",
    "site": "site",
    "import": "import_",
    "schema": "schema",
}
"""Command name -> module in ``cli.commands``, in the order ``--help`` lists them."""


def build() -> Any:
    """The Typer application: the global options, and every command of ``COMMANDS``, lazily."""
    from typing import Annotated, Optional

    import typer

    from .group import LazyGroup

    app = typer.Typer(
        cls=LazyGroup,
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
                metavar="PATH",
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

    return app


def _undecodable_argument() -> str | None:
    """A usage message for the first argument that is not text in the locale's encoding.

    Python hands such bytes over as surrogate escapes, which no record may hold.
    """
    import os

    for number, arg in enumerate(sys.argv[1:], 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError as exc:
            raw = os.fsencode(arg)
            return (
                f"incidentctl: argument {number} is not valid UTF-8 text (byte "
                f"0x{ord(arg[exc.start]) & 0xFF:02x} at character {exc.start + 1} of "
                f"{raw.decode('utf-8', 'replace')!r}); type it again in a UTF-8 terminal "
                "or convert it (iconv -f latin1 -t utf-8)"
            )
    return None


INTERRUPTED = 130
"""The shell's code for a command ended by SIGINT (128 + 2): scripts tell Ctrl-C from failure."""

INTERRUPTED_MESSAGE = "interrupted (Ctrl-C); stopped"


class Interrupted(SystemExit):
    """The exit of a run whose Ctrl-C has been reported (see ``group.interrupted``)."""

    def __init__(self) -> None:
        super().__init__(INTERRUPTED)


def main() -> None:
    """The console script: ``--version`` at once, then the application; Ctrl-C at any moment
    ends with one line and 130 (once running, the group says it, see ``group.interrupted``).

    Typer turns a Ctrl-C that lands outside the group's handlers (Click parsing the arguments,
    the context closing) into a silent exit 130: the line is said here then."""
    try:
        _main()
    except KeyboardInterrupt:  # while loading
        print(f"error: {INTERRUPTED_MESSAGE}", file=sys.stderr)
        raise Interrupted() from None
    except Exception as exc:
        if not _caused_by_interrupt(exc):
            raise
        print(f"error: {INTERRUPTED_MESSAGE}", file=sys.stderr)
        raise Interrupted() from None
    except SystemExit as exc:
        if exc.code == INTERRUPTED and not isinstance(exc, Interrupted):
            print(f"error: {INTERRUPTED_MESSAGE}", file=sys.stderr)
        raise


def _caused_by_interrupt(exc: BaseException) -> bool:
    """Whether a Ctrl-C is what ``exc`` came from: Python wraps one that lands in some places
    (Python 3.11 turns it into a RuntimeError when it lands in a class's ``__set_name__``, as
    while ``import typer`` loads ``ipaddress``), and the user should see the same line."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _main() -> None:
    if sys.argv[1:] == ["--version"]:  # a constant line: answered before anything is loaded
        print(f"incidentctl {__version__}")
        return
    from .console import guard_streams

    guard_streams()
    problem = _undecodable_argument()
    if problem:
        print(problem, file=sys.stderr)
        raise SystemExit(2)
    build()()


def __getattr__(name: str) -> Any:
    """``app``: the whole application, built once on first use (tests, ``python -m``)."""
    if name == "app":
        app = build()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
