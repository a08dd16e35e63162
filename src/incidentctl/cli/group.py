"""The command group: each command's module is imported only when that command is needed.

Click asks a group for its commands through ``list_commands`` and ``get_command`` (the hook
Click documents for lazy loading); ours read the ``COMMANDS`` table and build a command from
its module on first request, through Typer's public ``typer.main.get_command``. A run of
``incidentctl list`` imports ``commands/list_.py`` and none of the other commands' modules; ``--help``,
completion and an unknown command's suggestions ask for every command and get them all.
Our exceptions become a message on stderr and their exit code here, once for every command.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator, MutableMapping
from functools import cache
from importlib import import_module
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from .app import COMMANDS, INTERRUPTED_MESSAGE, Interrupted
from .params import describe, word_arguments

_FAULTS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


def environment_fault(exc: OSError) -> str | None:
    """Words for a fault of the machine rather than of incidentctl (a full disk, a read-only
    folder), wherever it surfaces (git, ``init``, the index, an ``--output`` file); None for
    anything else, which stays an internal error."""
    said = _FAULTS.get(exc.errno or 0)
    if said is None:
        return None
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{said}{where}: free space or fix the permissions, then run the command again"


def interrupted() -> NoReturn:
    """Ctrl-C: one line and exit 130. By now the interrupted write has undone itself (every
    write is atomic and a batch restores what it wrote), so nothing is left half-done.

    ``Interrupted`` tells :func:`.app.main` the line is said; a Ctrl-C outside this group's
    handlers (Click parsing the arguments, the context closing) is said there."""
    from . import console

    if console.is_terminal(sys.stderr):
        print(file=sys.stderr)  # end the line the prompt or progress bar was on
    console.error(INTERRUPTED_MESSAGE)
    raise Interrupted()


@cache
def load_command(name: str) -> TyperCommand:
    """The Click command ``name``, built from its module's ``register`` on a one-command app."""
    module = import_module(f"incidentctl.cli.commands.{COMMANDS[name]}")
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    module.register(single)
    describe(single)
    command = typer.main.get_command(single)
    assert isinstance(command, TyperCommand), f"{name}: one command expected"
    command.name = name
    return word_arguments(command)


class LazyCommands(MutableMapping[str, Any]):
    """The group's ``commands``: every name of ``COMMANDS`` in help order, each built on first
    access (Typer's unknown-command suggestions read the names from here)."""

    def __getitem__(self, name: str) -> TyperCommand:
        if name not in COMMANDS:
            raise KeyError(name)
        return load_command(name)

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)

    def __setitem__(self, name: str, command: Any) -> NoReturn:
        raise TypeError(f"commands come from the COMMANDS table, not add_command ({name})")

    def __delitem__(self, name: str) -> NoReturn:
        raise TypeError(f"commands come from the COMMANDS table ({name})")


class LazyGroup(TyperGroup):
    """Commands loaded on demand, in ``COMMANDS`` order; our errors turned into exit codes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = LazyCommands()

    # ``ctx: Any``: Click's base Context, which these methods accept, is not public in Typer.
    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> TyperCommand | None:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def invoke(self, ctx: Any) -> Any:
        from incidentctl.errors import IncidentctlError

        from . import console

        console.show_core_warnings()
        try:
            return super().invoke(ctx)
        except IncidentctlError as exc:
            console.error(str(exc))
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader (head, less) went away: not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            interrupted()
        except typer.Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):  # Ctrl-C at a prompt
                interrupted()
            raise
        except (EOFError, typer.TyperException, typer.Exit):
            raise  # Typer's own usage errors and exits carry their codes
        except OSError as exc:
            said = environment_fault(exc)
            if said is None or os.environ.get("INCIDENTCTL_DEBUG"):
                raise
            console.error(said)
            ctx.exit(1)
        except Exception as exc:
            if os.environ.get("INCIDENTCTL_DEBUG"):
                raise
            print(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in incidentctl; run again with INCIDENTCTL_DEBUG=1 for details.",
                file=sys.stderr,
            )
            ctx.exit(1)
