"""The Typer application: global options, command registration, and the one place
where errors become messages and exit codes."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from .. import __version__
from ..core.errors import IncidentctlError


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
            import os
            import sys

            # The reader (head, less) went away: not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except (KeyboardInterrupt, EOFError, typer.TyperException, typer.Exit, typer.Abort):
            raise  # Typer's own usage errors and exits carry their codes
        except Exception as exc:
            import os
            import sys

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


def _register() -> None:
    from .commands import (
        add,
        diff,
        edit,
        export,
        fmt,
        history,
        import_,
        init,
        list_,
        people,
        report,
        schema,
        search,
        show,
        timeline,
        validate,
    )

    for module in (
        init,
        add,
        list_,
        show,
        edit,
        search,
        report,
        timeline,
        people,
        validate,
        fmt,
        history,
        diff,
        export,
        import_,
        schema,
    ):
        module.register(app)


_register()


def main() -> None:
    app()
