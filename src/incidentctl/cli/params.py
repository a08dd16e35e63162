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


# -- applying it to a command ---------------------------------------------------------------


def describe(app: Any) -> None:
    """Before ``app``'s commands are built: give each option its word (``metavar``) and each
    parameter with known values its completions (``autocompletion``), where the command has
    not chosen its own. Both are Typer's public settings of ``typer.Option``/``typer.Argument``;
    an option object shared by several commands gets the same values each time."""
    import enum
    import inspect
    import typing

    from typer.models import OptionInfo, ParameterInfo

    for registered in app.registered_commands:
        callback = registered.callback
        hints = typing.get_type_hints(callback, include_extras=True)
        # String annotations (``from __future__ import annotations``) make new option objects
        # at each evaluation: keep these ones, which Typer then reads.
        callback.__annotations__ = hints
        for name, parameter in inspect.signature(callback).parameters.items():
            hint = hints.get(name)
            infos = [parameter.default, *getattr(hint, "__metadata__", ())]
            for info in (i for i in infos if isinstance(i, ParameterInfo)):
                value_type = _value_type(typing.get_args(hint)[0] if hint else parameter.annotation)
                if value_type is bool:
                    continue
                if isinstance(info, OptionInfo) and info.metavar is None:
                    info.metavar = (
                        "[" + "|".join(str(m.value) for m in value_type) + "]"
                        if isinstance(value_type, type) and issubclass(value_type, enum.Enum)
                        else WORDS.get(name, _WORD_BY_TYPE.get(value_type, "TEXT"))
                    )
                if info.autocompletion is None and (name in _FIXED or name in _FROM_DATA):
                    info.autocompletion = _completer(name)


_WORD_BY_TYPE: dict[Any, str] = {int: "INTEGER", float: "NUMBER"}


def _value_type(hint: Any) -> Any:
    """``list[str] | None`` -> ``str``: the type of one value of a parameter."""
    import typing

    for _ in range(3):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if not args or typing.get_origin(hint) is typing.Annotated:
            break
        hint = args[0]
    return hint


def _completer(name: str) -> Callable[..., list[str]]:
    def complete(ctx: Any, incomplete: Any) -> list[str]:  # Typer passes them by these names
        return completions(name, ctx, str(incomplete or ""))

    return complete


def word_arguments(command: Any) -> Any:
    """After ``command`` is built: show each argument's value as a word, or nothing when its
    name says it (``ID``), where Typer's help would show the Python type (``<str>``).

    Typer has no setting for this column, so the argument gets a copy of its type whose
    ``get_metavar`` (Click's documented hook for it) answers the word.
    """
    import copy

    for param in command.params:
        if param.param_type_name != "argument" or hasattr(param.type, "choices"):
            continue
        shown = param.metavar or (param.name or "").upper()
        word = WORDS.get(param.name or "", _BY_TYPE.get(param.type.name, "TEXT"))
        worded = copy.copy(param.type)
        setattr(worded, "get_metavar", _answer("" if word in shown else word))  # noqa: B010
        param.type = worded
    return command


def _answer(word: str) -> Callable[[Any, Any], str]:
    def get_metavar(param: Any, ctx: Any) -> str:
        return word  # "" (not None) hides the column: Typer would show the Python type

    return get_metavar
