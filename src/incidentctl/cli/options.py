"""Options shared by many commands, declared once.

``@with_filters`` adds the SPEC §5 filter options to a command and hands it a
ready :class:`~incidentctl.index.filters.Filters`; a command just declares
``filters: Filters``.
"""

from __future__ import annotations

import functools
import inspect
import typing
from typing import Annotated, Any, Optional

import typer

from incidentctl.record import vocab

FILTERS_PANEL = "Filters"

Types = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer needs Optional
    typer.Option(
        "--type",
        help=f"Incident type (repeat for either): {', '.join(vocab.INCIDENT_TYPES)}.",
        rich_help_panel=FILTERS_PANEL,
    ),
]

_FILTER_PARAMS: list[inspect.Parameter] = [
    inspect.Parameter(
        "country",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                "--country",
                "-c",
                help="Country: code or name (KZ, KAZ, Kazakhstan). Repeat for either.",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
    inspect.Parameter(
        "year",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                "--year",
                "-y",
                help="Year the incident overlaps. Repeat for either.",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
    inspect.Parameter(
        "since",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None,
            typer.Option(
                "--since",
                help="From this partial date (2019, 2019-05, 'May 2019').",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
    inspect.Parameter(
        "until",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None,
            typer.Option(
                "--until",
                help="Up to this partial date (inclusive).",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
    inspect.Parameter("type_", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Types),
    inspect.Parameter(
        "person",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                "--person",
                "-p",
                help="A person, in any spelling or script (Sizintsev, Сизинцев).",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
    inspect.Parameter(
        "role",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                "--role",
                help=f"Role of a person targeted: {', '.join(vocab.PERSON_ROLES)}.",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
    inspect.Parameter(
        "tag",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str] | None, typer.Option("--tag", help="Tag.", rich_help_panel=FILTERS_PANEL)
        ],
    ),
    inspect.Parameter(
        "case",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                "--case",
                help="Case slug (e.g. sizintsev-disbarment).",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
    inspect.Parameter(
        "status",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                "--status",
                help=f"Status: {', '.join(vocab.STATUSES)}.",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
    inspect.Parameter(
        "lang",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[str] | None,
            typer.Option(
                "--lang",
                help="Language of a source (ru, Russian, KAZAKH).",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
    inspect.Parameter(
        "public",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[
            bool,
            typer.Option(
                "--public",
                help="Withhold confidential records and names (for publication).",
                rich_help_panel=FILTERS_PANEL,
            ),
        ],
    ),
]
_FILTER_NAMES = [p.name for p in _FILTER_PARAMS]


def with_filters(func: Any) -> Any:
    """Add the shared filter options to a command that takes ``filters``."""
    sig = inspect.signature(func)
    hints = typing.get_type_hints(func, include_extras=True)
    own = [
        p.replace(annotation=hints.get(p.name, p.annotation))
        for p in sig.parameters.values()
        if p.name != "filters"
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from incidentctl.index.filters import Filters

        given = {name: kwargs.pop(name, None) for name in _FILTER_NAMES}
        filters = Filters.build(
            countries=given["country"] or (),
            years=given["year"] or (),
            since=given["since"],
            until=given["until"],
            types=given["type_"] or (),
            persons=given["person"] or (),
            roles=given["role"] or (),
            tags=given["tag"] or (),
            cases=given["case"] or (),
            statuses=given["status"] or (),
            langs=given["lang"] or (),
            public=bool(given["public"]),
        )
        return func(*args, filters=filters, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=[*own, *_FILTER_PARAMS])  # type: ignore[attr-defined]
    annotations = {k: v for k, v in hints.items() if k != "filters"}
    annotations.update({p.name: p.annotation for p in _FILTER_PARAMS})
    wrapper.__annotations__ = annotations
    del wrapper.__wrapped__  # typer must read the new signature, not the original
    return wrapper
