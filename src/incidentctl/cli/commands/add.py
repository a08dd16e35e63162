"""`incidentctl add`: a new record from options, a file, or prompts on a terminal."""

from __future__ import annotations

import sys
from typing import Annotated, Any, Optional

import typer

from incidentctl.record import vocab

_MULTI = "Repeat for several."


def register(app: typer.Typer) -> None:
    app.command(
        "add",
        help=(
            "Create a record from options or from --from FILE (YAML or JSON; - for stdin).\n\n"
            "Missing required fields are asked for on a terminal; otherwise it is an error.\n\n"
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
            help=f"NAME or NAME:ROLE[,ROLE] (roles: {', '.join(vocab.PERSON_ROLES)}). {_MULTI}",
        ),
    ] = None,
    perpetrator: Annotated[
        list[str] | None,
        typer.Option(
            "--perpetrator", help=f"A state or private actor named by the sources. {_MULTI}"
        ),
    ] = None,
    status: Annotated[
        str | None, typer.Option(help=f"One of: {', '.join(vocab.STATUSES)}.")
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
    commit: Annotated[bool, typer.Option("--commit", help="Commit the new file with git.")] = False,
) -> None:
    from incidentctl.ops import edit as records

    from .. import state

    data: dict[str, Any] = _read_from(from_file) if from_file else {}
    options = {
        "title": title,
        "date": date,
        "end_date": end_date,
        "date_note": date_note,
        "countries": country,
        "location": location,
        "types": type_,
        "people": [records.person_from_text(p) for p in person] if person else None,
        "perpetrators": perpetrator,
        "status": status,
        "outcome": outcome,
        "summary": summary,
        "sources": records.sources_from_urls(source, source_lang) if source else None,
        "tags": tag,
        "case": case,
        "confidential": confidential or None,
    }
    data.update({k: v for k, v in options.items() if v is not None})
    if sys.stdin.isatty() and from_file != "-":
        _prompt_missing(data)
    store = state.store()
    record, path = records.add(store, data, origin=from_file or "add")
    print(f"{record.id}\t{store.rel(path)}")
    if commit:
        from incidentctl.git import commit_paths

        commit_paths(store.root, [path], f"Add {record.id}: {record.title}")


def _read_from(source: str) -> dict[str, Any]:
    from incidentctl.files.yamlio import MAX_FILE_BYTES
    from incidentctl.ops.exchange import read_one, read_source

    return read_one(*read_source(source, MAX_FILE_BYTES))


_PROMPTS = (
    ("title", "Title"),
    ("date", "Date (e.g. 2019-05-21, 'April 2019')"),
    ("countries", "Country"),
    ("types", f"Type ({', '.join(vocab.INCIDENT_TYPES)})"),
    ("status", f"Status ({', '.join(vocab.STATUSES)})"),
    ("summary", "Summary"),
    ("sources", "Source URL"),
)


def _prompt_missing(data: dict[str, Any]) -> None:
    from incidentctl.ops.edit import sources_from_urls, split_list

    for key, label in _PROMPTS:
        if data.get(key):
            continue
        answer = typer.prompt(label).strip()
        if key in ("countries", "types"):
            data[key] = split_list(answer)
        elif key == "sources":
            data[key] = sources_from_urls([answer])
        else:
            data[key] = answer
