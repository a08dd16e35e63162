"""What each parameter's value is, for people: a word in ``--help`` and shell completions.

Typer would show Python types (``<str>``, ``<list[str]>``, ``<path>``); an analyst reads
``DATE``, ``COUNTRY``, ``ID``. Rather than repeat a metavar and a completer on every
option of every command, :func:`describe` names them once here, by parameter name, when
:mod:`.group` builds a command (so commands added later get them too).

Completion offers the vocabularies and country codes, and the ids, cases and tags of the
data set (``index/known.py``: file names and the derived index, never a record read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# The parameter's Python name -> the word shown for its value.
WORDS: dict[str, str] = {
    "assignments": "FIELD=VALUE",
    "case": "CASE",
    "changed": "REV",
    "country": "COUNTRY",
    "countries": "COUNTRY",
    "date": "DATE",
    "end_date": "DATE",
    "since": "DATE",
    "until": "DATE",
    "directory": "PATH",
    "file": "PATH",
    "from_file": "PATH",
    "output": "PATH",
    "paths": "PATH",
    "root": "PATH",
    "lang": "LANGUAGE",
    "source_lang": "LANGUAGE",
    "limit": "N",
    "top": "N",
    "person": "NAME",
    "record_id": "ID",
    "id": "ID",
    "ids": "ID",
    "old": "ID",
    "new": "ID",
    "old_id": "ID",
    "new_id": "ID",
    "related": "ID",
    "revs": "REV",
    "role": "ROLE",
    "sort": "KEY",
    "source": "URL",
    "status": "STATUS",
    "tag": "TAG",
    "type_": "TYPE",
    "year": "YEAR",
}
_BY_TYPE = {"integer": "INTEGER", "int range": "INTEGER", "float": "NUMBER", "path": "PATH"}


def word_for(param: Any) -> str:
    """The word for ``param``'s value: by its name, else by its type, else ``TEXT``."""
    return WORDS.get(param.name or "", _BY_TYPE.get(param.type.name, "TEXT"))


# -- completion -------------------------------------------------------------------------


def _vocabulary(name: str) -> Callable[[], Iterable[str]]:
    def values() -> Iterable[str]:
        from incidentctl.record import vocab

        return tuple(getattr(vocab, name))

    return values


def _countries() -> Iterable[str]:
    from incidentctl.record import iso

    return iso.country_codes()


def _known(kind: str) -> Callable[[Any, str], list[str]]:
    """Completions from the data set chosen by ``--root`` (or found as every command finds it)."""

    def values(ctx: Any, incomplete: str) -> list[str]:
        from incidentctl.files.store import Store, find_root
        from incidentctl.index.known import known_values

        root = ctx.find_root().params.get("root")
        return known_values(Store(find_root(root)), kind, incomplete)

    return values


_FIXED: dict[str, Callable[[], Iterable[str]]] = {
    "country": _countries,
    "countries": _countries,
    "type_": _vocabulary("INCIDENT_TYPES"),
    "role": _vocabulary("PERSON_ROLES"),
    "status": _vocabulary("STATUSES"),
}
_FROM_DATA: dict[str, Callable[[Any, str], list[str]]] = {
    **{name: _known("id") for name, word in WORDS.items() if word == "ID"},
    "case": _known("case"),
    "tag": _known("tag"),
}


def completions(name: str, ctx: Any, incomplete: str) -> list[str]:
    """What to offer for parameter ``name`` after ``incomplete`` was typed; never raises
    (a Tab press must not print a traceback into the analyst's command line)."""
    try:
        if name in _FIXED:
            folded = incomplete.casefold()
            return [v for v in _FIXED[name]() if v.casefold().startswith(folded)]
        if name in _FROM_DATA:
            return _FROM_DATA[name](ctx, incomplete)
    except Exception:
        return []
    return []


# -- applying it to a built command -------------------------------------------------------


def describe(command: Any) -> Any:
    """Give every parameter of ``command`` its word and, where known, its completions."""
    for param in command.params:
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        choices = getattr(param.type, "choices", None)
        if param.param_type_name == "argument":
            if choices is None:
                param.type = _Worded(
                    param.type, word_for(param), param.metavar or param.name.upper()
                )
        elif param.metavar is None:
            param.metavar = (
                "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
                if choices is not None
                else word_for(param)
            )
        name = param.name or ""
        if (name in _FIXED or name in _FROM_DATA) and param._custom_shell_complete is None:
            # Click's ``shell_complete=`` argument, set after the command is built.
            param._custom_shell_complete = lambda ctx, p, incomplete: completions(
                p.name, ctx, incomplete
            )
    return command


def _worded_base() -> type:
    from typer._click.types import ParamType  # the Click that Typer ships

    return ParamType


class _Worded(_worded_base()):  # type: ignore[misc]
    """An argument's type shown as a word: converts and completes as the wrapped type does.

    An argument's name already says what it is (``ID``), so the word is shown only when it
    adds something (``DIRECTORY`` ``PATH``).
    """

    def __init__(self, inner: Any, word: str, shown_name: str) -> None:
        self.inner = inner
        self.word = "" if word in shown_name else word
        self.name = inner.name
        self.envvar_list_splitter = inner.envvar_list_splitter
        self.is_composite = inner.is_composite

    def get_metavar(self, param: Any, ctx: Any) -> str | None:
        return self.word  # "" (not None): Typer would show the Python type instead

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        return self.inner.convert(value, param, ctx)

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> Any:
        return self.inner.shell_complete(ctx, param, incomplete)

    def to_info_dict(self) -> dict[str, Any]:
        return dict(self.inner.to_info_dict())

    @property
    def arity(self) -> int:
        return int(self.inner.arity)
