"""Options shared by many commands, declared once, as ordinary decorators.

Each group of shared options is a plain function whose parameters are the Typer options and
whose result is what the command wants (``filters_from_options`` gives a
:class:`~incidentctl.index.filters.Filters`, ``records_output_from_options`` a chosen
formatter). :func:`shared_options` turns such a function into a decorator: the command
declares one parameter for the result and Typer shows the options as the command's own.
The options are checked when the command starts, before the data set or its index is touched.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from incidentctl.index.filters import Filters
from incidentctl.record import vocab

from .output import Formatter, RecordFormat, formatter

FILTERS_PANEL = "Filters"
Command = TypeVar("Command", bound=Callable[..., Any])


def shared_options(options: Callable[..., Any], into: str) -> Callable[[Command], Command]:
    """A decorator putting the parameters of ``options`` in the place of the command's
    parameter ``into``, which receives ``options(**their values)``."""
    added = inspect.signature(options).parameters
    added_hints = typing.get_type_hints(options, include_extras=True)

    def decorate(func: Command) -> Command:
        own = inspect.signature(func)
        hints = typing.get_type_hints(func, include_extras=True)
        place = own.parameters[into]
        params: list[inspect.Parameter] = []
        for p in own.parameters.values():  # the options take the place of ``into``
            if p is place:
                params += [
                    q.replace(kind=place.kind, annotation=added_hints[q.name])
                    for q in added.values()
                ]
            else:
                params.append(p.replace(annotation=hints.get(p.name, p.annotation)))

        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name in added if name in kwargs}
            return func(*args, **{into: options(**given)}, **kwargs)

        del command.__wrapped__  # Typer must read the new signature, not the original
        command.__signature__ = own.replace(parameters=params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        return typing.cast(Command, command)

    return decorate


def filters_from_options(
    *,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            help="Country: code or name (KZ, KAZ, Kazakhstan). Repeat for either.",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = None,
    year: Annotated[
        list[str] | None,
        typer.Option(
            "--year",
            "-y",
            help="Year the incident overlaps. Repeat for either.",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="From this partial date (2019, 2019-05, 'May 2019').",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help="Up to this partial date (inclusive).", rich_help_panel=FILTERS_PANEL
        ),
    ] = None,
    type_: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            help=f"Incident type (repeat for either): {', '.join(vocab.INCIDENT_TYPES)}.",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option(
            "--person",
            "-p",
            help="A person, in any spelling or script (Sizintsev, Сизинцев).",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option(
            "--role",
            help=f"Role of a person targeted: {', '.join(vocab.PERSON_ROLES)}.",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", help="Tag.", rich_help_panel=FILTERS_PANEL),
    ] = None,
    case: Annotated[
        list[str] | None,
        typer.Option(
            "--case", help="Case slug (e.g. sizintsev-disbarment).", rich_help_panel=FILTERS_PANEL
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help=f"Status: {', '.join(vocab.STATUSES)}.",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            help="Language of a source (ru, Russian, KAZAKH).",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Withhold confidential records and names (for publication).",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = False,
    withdrawn: Annotated[
        bool,
        typer.Option(
            "--withdrawn",
            help="Include withdrawn records (left out unless asked for).",
            rich_help_panel=FILTERS_PANEL,
        ),
    ] = False,
) -> Filters:
    """The SPEC §5 filters; a bad value is a usage error (exit 2) naming the option."""
    return Filters.build(
        countries=country or (),
        years=year or (),
        since=since,
        until=until,
        types=type_ or (),
        persons=person or (),
        roles=role or (),
        tags=tag or (),
        cases=case or (),
        statuses=status or (),
        langs=lang or (),
        public=public,
        withdrawn=withdrawn,
    )


with_filters = shared_options(filters_from_options, "filters")
"""Adds the filter options; the command declares ``filters: Filters``."""


def records_output_from_options(
    *,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RecordFormat.table,
) -> Formatter:
    """The formatter of ``--format``, chosen once before the command reads anything."""
    return formatter(fmt)


with_records_output = shared_options(records_output_from_options, "out")
"""Adds ``--format`` for commands printing records; the command declares ``out: Formatter``."""


def checked_sort(value: str | None) -> str | None:
    """Option callback: a bad ``--sort`` is a usage error before the index is opened."""
    from incidentctl.index.filters import parse_sort

    if value is not None:
        parse_sort(value)
    return value


SORT_KEYS_HELP = "date, id, title, recorded, country or status; prefix - to reverse"


def sort_option(help_suffix: str = "") -> Any:
    return typer.Option("--sort", callback=checked_sort, help=SORT_KEYS_HELP + help_suffix + ".")


Limit = Annotated[
    int | None,
    typer.Option("--limit", "-n", min=0, help="At most this many records."),
]
