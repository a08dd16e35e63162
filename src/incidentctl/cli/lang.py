"""``--lang``: the language a command writes in for its readers (``report``; a static site).

SPEC §5 gave every filtering command ``--lang`` as a filter on the language of a source; SPEC §9
gives ``report --lang en|ru|fr`` the language of the output. On commands that write for readers
the output language takes ``--lang``, and the source-language filter is ``--source-lang`` (the
name ``add`` already gives a source's language); elsewhere the filter keeps ``--lang``.
"""

from __future__ import annotations

import inspect
import typing
from typing import Annotated, Any

import typer

from incidentctl.errors import UsageError
from incidentctl.index.filters import Filters

from .options import FILTERS_PANEL, filters_from_options, shared_options


def _checked(value: str | None) -> str | None:
    """Option callback: an unknown language is a usage error (exit 2) listing the languages,
    before the data set is read; ``RU`` is ``ru``."""
    if value is None:
        return None
    from incidentctl.i18n import check_language

    return check_language(value)


def _complete(incomplete: str) -> list[str]:
    from incidentctl.i18n import languages

    return [code for code in languages() if code.startswith(incomplete.casefold())]


Lang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        callback=_checked,
        autocompletion=_complete,
        help="Language of headings, labels, country names and dates: en, fr, ru, or any language "
        "with a catalogue (docs/translating.md). The data stays as recorded.",
    ),
]
"""The ``--lang`` option of a command that writes for readers: the language code, or None."""

SourceLang = Annotated[
    list[str] | None,
    typer.Option(
        "--source-lang",
        help="Language of a source (ru, Russian, KAZAKH).",
        rich_help_panel=FILTERS_PANEL,
    ),
]


def _filters(source_lang: list[str] | None = None, **given: Any) -> Filters:
    """:func:`filters_from_options` with the source-language filter under ``--source-lang``."""
    try:
        return filters_from_options(lang=source_lang, **given)
    except UsageError as exc:
        if str(exc).startswith("--lang:"):
            raise UsageError("--source-lang:" + str(exc).removeprefix("--lang:")) from None
        raise


def _with_source_lang() -> Any:
    """:func:`_filters` with the signature Typer reads: the shared filters, ``lang`` replaced."""
    hints = typing.get_type_hints(filters_from_options, include_extras=True)
    params = [
        inspect.Parameter("source_lang", p.kind, default=None, annotation=SourceLang)
        if name == "lang"
        else p.replace(annotation=hints[name])
        for name, p in inspect.signature(filters_from_options).parameters.items()
    ]
    _filters.__signature__ = inspect.Signature(params, return_annotation=Filters)  # type: ignore[attr-defined]
    _filters.__annotations__ = {p.name: p.annotation for p in params} | {"return": Filters}
    return _filters


with_reader_filters = shared_options(_with_source_lang(), "filters")
"""The filters of :func:`options.with_filters`, the source-language one as ``--source-lang``,
for a command that also takes :data:`Lang`; the command declares ``filters: Filters``."""
