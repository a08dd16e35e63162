"""`incidentctl add`: a new record from options, a file, or prompts on a terminal."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated, Any, Optional

import typer

from incidentctl.record import vocab

_MULTI = "Repeat for several."


def register(app: typer.Typer) -> None:
    app.command(
        "add",
        help=(
            "Create a record from options or from --from FILE (YAML or JSON; - for stdin).\n\n"
            "On a terminal, what is missing or wrong is asked for, one field at a time (people, "
            "sources and a multi-line summary too); otherwise it is an error. A record that "
            "looks like one already there is warned about before writing (asked about on a "
            "terminal). --set FIELD=VALUE sets any other field.\n\n"
            "Example: incidentctl add --title 'Lawyer X disbarred' --date 'April 2019' --country KZ "
            "--type disbarment --person 'X Y:lawyer' --status ongoing --summary '…' --source https://…"
        ),
    )(cli)


def cli(
    title: Annotated[Optional[str], typer.Option(help="One-line title (5-200 characters).")] = None,  # noqa: UP045
    date: Annotated[
        str | None,
        typer.Option(
            help="Date as precise as the sources allow: 2019, 2019-04, 2019-04-26, 05.06.2019 (day first), 'April 2019', '5 июня 2019', '5 juin 2019'."
        ),
    ] = None,
    end_date: Annotated[
        str | None, typer.Option("--end-date", help="Last date, for events that span time.")
    ] = None,
    date_note: Annotated[
        str | None, typer.Option("--date-note", help="How an inferred date was established.")
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country", "-c", help=f"Country: code or name (KZ, Kazakhstan, Казахстан). {_MULTI}"
        ),
    ] = None,
    location: Annotated[
        str | None, typer.Option(help="City or region, as the source gives it.")
    ] = None,
    type_: Annotated[
        list[str] | None,
        typer.Option("--type", "-t", help=f"One of: {', '.join(vocab.INCIDENT_TYPES)}. {_MULTI}"),
    ] = None,
    person: Annotated[
        list[str] | None,
        typer.Option(
            "--person",
            help=(
                f"NAME[:ROLE[,ROLE]][:SEX] (roles: {', '.join(vocab.PERSON_ROLES)}; "
                f"sex: {', '.join(vocab.SEXES)}), e.g. 'Aiman Omarova:lawyer:female'. {_MULTI}"
            ),
        ),
    ] = None,
    perpetrator: Annotated[
        list[str] | None,
        typer.Option(
            "--perpetrator",
            help=(
                "NAME[:CATEGORY]: a state or private actor named by the sources "
                f"(categories: {', '.join(vocab.PERPETRATOR_CATEGORIES)}). {_MULTI}"
            ),
        ),
    ] = None,
    status: Annotated[
        str | None, typer.Option(help=f"One of: {', '.join(vocab.STATUSES)}.")
    ] = None,
    verification: Annotated[
        str | None,
        typer.Option(
            help=f"How sure: {', '.join(vocab.VERIFICATIONS)} (verified needs two independent sources)."
        ),
    ] = None,
    subdivision: Annotated[
        str | None,
        typer.Option(
            help="Region as ISO 3166-2 gives it: code (KZ-59) or name (North Kazakhstan)."
        ),
    ] = None,
    outcome: Annotated[
        str | None, typer.Option(help="E.g. 'licence revoked; appeal announced'.")
    ] = None,
    summary: Annotated[Optional[str], typer.Option(help="Neutral summary in English.")] = None,  # noqa: UP045
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help=f"Source URL (http/https). {_MULTI}"),
    ] = None,
    source_lang: Annotated[
        str | None,
        typer.Option(
            "--source-lang", help="Language of the --source URLs (en, ru, KAZAKH, FRANCAIS)."
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help=f"Free tag (slug). {_MULTI}")
    ] = None,
    case: Annotated[
        str | None,
        typer.Option("--case", help="Case slug grouping incidents, e.g. sizintsev-disbarment."),
    ] = None,
    confidential: Annotated[
        bool, typer.Option("--confidential", help="Withhold the whole record from public output.")
    ] = False,
    from_file: Annotated[
        str | None,
        typer.Option("--from", help="Read the record from a YAML or JSON file; - for stdin."),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help=(
                "FIELD=VALUE, as for edit --set: any field without writing YAML, e.g. "
                f"sources[0].publisher=RFE/RL or people[0].aliases='Айман Омарова'. {_MULTI}"
            ),
        ),
    ] = None,
    commit: Annotated[bool, typer.Option("--commit", help="Commit the new file with git.")] = False,
) -> None:
    from incidentctl.ops import adding
    from incidentctl.ops import edit as records

    from .. import state
    from ..interview import Interview, on_terminal

    data, text = _read_from(from_file) if from_file else ({}, None)
    options = {
        "title": title,
        "date": date,
        "end_date": end_date,
        "date_note": date_note,
        "countries": country,
        "location": location,
        "subdivision": subdivision,
        "types": type_,
        "people": [adding.person_from_flag(p) for p in person] if person else None,
        "perpetrators": [adding.perpetrator_from_flag(p) for p in perpetrator]
        if perpetrator
        else None,
        "status": status,
        "verification": verification,
        "outcome": outcome,
        "summary": summary,
        "sources": records.sources_from_urls(source, source_lang) if source else None,
        "tags": tag,
        "case": case,
        "confidential": confidential or None,
    }
    typed = {k: v for k, v in options.items() if v is not None}
    data.update(typed)
    if set_:
        data = adding.apply_sets(data, set_)
        typed.update({str(records.parse_assignment(a)[0][0]): True for a in set_})
    asking = on_terminal() and from_file != "-"
    if asking:
        Interview(data).run()
    origin = from_file or "add"
    store = state.store()
    with _located(text, typed):
        record, path = records.add(
            store, data, origin=origin, vet=lambda r: _check_near_duplicates(store, r, asking)
        )
    print(f"{record.id}\t{store.rel(path)}")
    if commit:
        from incidentctl.git import commit_paths

        commit_paths(store.root, [path], f"Add {record.id}: {record.title}")


def _read_from(source: str) -> tuple[dict[str, Any], str]:
    """The record of ``--from`` and its text (to locate the problems found in it)."""
    from incidentctl.files.yamlio import MAX_FILE_BYTES, decode
    from incidentctl.ops.exchange import read_one, read_source

    raw, origin = read_source(source, MAX_FILE_BYTES)
    data = read_one(raw, origin)
    return data, decode(raw)


@contextlib.contextmanager
def _located(text: str | None, typed: dict[str, Any]) -> Iterator[None]:
    """Problems of a ``--from`` record with the line and column of the file, as ``validate``
    gives them (fields typed as options are not in the file, and keep none)."""
    from incidentctl.errors import RecordError
    from incidentctl.ops.adding import locate

    try:
        yield
    except RecordError as exc:
        if text is None:
            raise
        raise RecordError(locate(exc.problems, text, typed)) from None


def _check_near_duplicates(store: Any, record: Any, asking: bool) -> None:
    """Warn before writing a record that looks like one already there (validate's rule);
    on a terminal, ask whether to go on."""
    from incidentctl.errors import IncidentctlError
    from incidentctl.ops.adding import near_duplicates

    from ..console import warn
    from ..interview import confirm

    likes = near_duplicates(store, record)
    for like in likes:
        warn(f"this record looks like {like.id} ({like.why})")
    if likes and asking and not confirm("Add it all the same?"):
        raise IncidentctlError("not added; nothing written")
