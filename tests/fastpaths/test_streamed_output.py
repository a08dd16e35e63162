"""``list``, ``search``, ``people`` and ``report`` streamed from the index a chunk at a time
(index/catalog.stream_data) print exactly what they printed from the whole answer held in memory
(catalog.select_data / select_both and the formatters' ``records``): same bytes, same order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from incidentctl.files.store import Store
from incidentctl.index import catalog
from incidentctl.index.filters import Filters
from incidentctl.testing import Dataset

pytestmark = pytest.mark.slow

FORMATS = ("table", "json", "jsonl", "csv", "yaml")

QUESTIONS: list[tuple[list[str], dict[str, Any]]] = [
    (["list"], {}),
    (["list", "--country", "KZ", "--sort", "-date", "--limit", "7"], {"sort": "-date", "limit": 7}),
    (["list", "--sort", "title"], {"sort": "title"}),
    (["search", "lawyer"], {"text": "lawyer"}),
    (
        ["search", "lawyer", "--sort", "id", "--limit", "5"],
        {"text": "lawyer", "sort": "id", "limit": 5},
    ),
    (["search", "zzzznothingzzzz"], {"text": "zzzznothingzzzz"}),
]


def _filters(args: list[str]) -> Filters:
    return Filters(countries=("KZ",)) if "--country" in args else Filters()


def _in_memory(
    root: Path, fmt: str, args: list[str], asked: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> str:
    """What the command printed before streaming: the whole answer, then the formatter."""
    from incidentctl.cli.output import formatter

    rows = catalog.select_data(Store(root), _filters(args), **asked)
    capsys.readouterr()
    formatter(fmt).records(rows)
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMATS)
def test_streamed_list_and_search_print_what_the_whole_answer_printed(
    fmt: str, generated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = Dataset(root=generated)
    for args, asked in QUESTIONS:
        expected = _in_memory(generated, fmt, args, asked, capsys)
        result = data.run(*args, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == expected, (fmt, args)
        if "zzzznothingzzzz" not in args:
            assert len(expected) > 200  # the question has an answer to compare


@pytest.mark.parametrize("size", [1, 7, 299, 300, 301])
def test_any_chunk_size_prints_the_same(
    size: int,
    generated: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(catalog, "CHUNK", size)
    data = Dataset(root=generated)
    for fmt in FORMATS:
        expected = _in_memory(generated, fmt, ["list"], {}, capsys)
        result = data.invoke("list", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == expected, (fmt, size)


def _reference_figures(
    records: list[Any], rows: list[dict[str, Any]], filters: Filters, top: int | None
) -> dict[str, Any]:
    """The report's figures as they were computed before streaming (from every record and its
    data held at once): the reference :func:`incidentctl.views.report.tally` must equal."""
    from collections import Counter

    from incidentctl.record.model import perpetrator_name
    from incidentctl.views import report

    def ranked(values: Any) -> dict[str, int]:
        counts = Counter(values)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0])))

    since, until = report.period(records, filters)
    victims: Counter[str] = Counter()
    for r in rows:
        victims.update(report.victims_of(r))
    perpetrators = ranked(
        p for r in rows for p in {perpetrator_name(x) for x in r.get("perpetrators", [])}
    )
    if top:
        perpetrators = dict(list(perpetrators.items())[:top])
    return {
        "period": {
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        },
        "total": len(rows),
        "victims": sum(victims.values()),
        "by_country": ranked(c for r in rows for c in set(r["countries"])),
        "by_type": ranked(t for r in rows for t in set(r["types"])),
        "by_month": dict(sorted(Counter(r["date"][:7] for r in rows).items())),
        "by_role": ranked(
            x for r in rows for x in {x for p in r.get("people", []) for x in p.get("roles", [])}
        ),
        "by_sex": ranked(victims.elements()),
        "perpetrators": perpetrators,
        "responses": ranked(resp["by"] for r in rows for resp in r.get("responses", [])),
        "incidents": [r["id"] for r in rows],
    }


@pytest.mark.parametrize(
    ("args", "filters", "top"),
    [
        ([], Filters(), 10),
        (["--country", "KZ"], Filters(countries=("KZ",)), 10),
        (["--since", "2015-03", "--top", "0"], Filters.build(since="2015-03"), None),
        (["--public"], Filters(public=True), 10),
    ],
)
def test_a_report_counted_as_records_stream_is_the_report_of_all_records_held(
    args: list[str], filters: Filters, top: int | None, generated: Path
) -> None:
    import json

    from incidentctl.ops.exchange import select_rows
    from incidentctl.render.report import render
    from incidentctl.views import report

    records, rows = select_rows(Store(generated), filters)
    expected = _reference_figures(records, rows, filters, top)
    assert expected["total"] > 5 and expected["perpetrators"] and expected["by_role"]
    data = Dataset(root=generated)
    printed = data.run("report", *args, "--format", "json")
    assert printed.exit_code == 0, printed.stderr
    assert json.loads(printed.stdout) == expected
    figures = report.tally(rows, filters, top)
    # the public view reads every file through the gate, as before: its figures above suffice
    for fmt in () if filters.public else ("table", "markdown", "csv", "html"):
        result = data.run("report", *args, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        text = render(figures, fmt, rows if fmt == "html" else None)
        assert result.stdout == text + ("" if text.endswith("\n") else "\n"), fmt


@pytest.mark.parametrize(
    ("args", "filters"),
    [
        ([], Filters()),
        (["--country", "KZ"], Filters(countries=("KZ",))),
    ],
)
def test_people_and_timeline_of_streamed_records_are_those_of_all_records_held(
    args: list[str], filters: Filters, generated: Path
) -> None:
    import json

    from incidentctl.views.people import people
    from incidentctl.views.timeline import timeline

    held = catalog.select_data(Store(generated), filters)
    for command, expected in (("people", people(held)), ("timeline", timeline(held, filters))):
        assert len(expected) > 20
        result = Dataset(root=generated).run(command, *args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == expected, command
