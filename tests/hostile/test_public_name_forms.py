"""The ``--public`` audit over a generated corpus of name forms (issue 16, "Done when").

Every public command runs in every format it offers (and ``--output`` of each kind of file)
over :mod:`.name_forms`, as a real process; each output (stdout, stderr, the written file) is
decoded as a reader could decode it (:func:`.name_forms.views`) and must hold no planted form,
no word of a confidential name and nothing of the confidential record. One test per category
of form, so that a failure names the category, the command, the format and the leaked text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from incidentctl.testing import Dataset

from .name_forms import (
    CATEGORIES,
    NAME_STEMS,
    PLANTED,
    Planted,
    find_any,
    hidden_needles,
    name_words,
    views,
    write_corpus,
)
from .test_public_audit import FILE_ONLY, written_text
from .test_public_audit import PUBLIC_FORMATS as LISTING_FORMATS

pytestmark = pytest.mark.slow  # about a hundred real processes

PUBLIC_FORMATS = {**LISTING_FORMATS, "show": LISTING_FORMATS["list"]}
"""Each public command and the formats its ``--help`` offers."""
EXPORT_FILES = ("csv", "json", "jsonl", "ndjson", "yaml", "yml", "xlsx", "db", "sqlite")
"""Extensions ``export --output FILE`` chooses its format by (``ops.exchange``; SQLite's by
``cli/commands/export``)."""
REPORT_FILES = {"table": "txt", "markdown": "md", "json": "json", "csv": "csv", "html": "html"}
SEARCH_TEXT = "Aigerim"
"""A public name in every public record: search answers with all of them."""


def _value(field: str, form: str) -> str:
    return next(p.value for p in PLANTED if p.field == field and p.form == form)


QUERIES: list[tuple[str, ...]] = [
    ("search", "Айман"),
    ("search", "Омаровой"),
    ("search", "Omarova"),
    ("search", "Семенов"),
    ("search", "Сизинцевым"),
    ("list", "--person", "Aiman Omarova"),
    ("list", "--person", "Сизинцев"),
    ("list", "--person", "Fedor Semenov"),
    ("list", "--case", _value("case", "omarovaappeal")),
    ("list", "--tag", _value("tag", "sizintsev2019")),
    ("list", "--tag", _value("tag", "aymanomarova2019")),
    ("report", "--case", _value("case", "omarovaappeal")),
    ("timeline", "--person", "Айман Омарова"),
    ("export", "--person", "Yerbol Sizintsev"),
]


@dataclass(frozen=True)
class Output:
    """One run: how it was called, what it printed and wrote, and that text decoded."""

    args: tuple[str, ...]
    exit_code: int
    stdout: str
    text: str
    """stdout, stderr and the written file."""
    decoded: tuple[str, ...]

    @property
    def label(self) -> str:
        return "incidentctl " + " ".join(self.args)

    @property
    def short(self) -> str:
        """The command and its format, for a list of runs: ``list json``."""
        return " ".join(a for a in self.args if a not in ("--public", "--format", "--output"))


@dataclass(frozen=True)
class Audit:
    data: Dataset
    public: tuple[Output, ...]
    analyst: tuple[Output, ...]
    original_ids: tuple[str, ...]
    queries: dict[tuple[str, ...], tuple[Output, Output]]
    """Each of :data:`QUERIES`: what analysts get, and what ``--public`` gets."""
    helps: dict[str, Output]


def _runner(data: Dataset, files: Path) -> Callable[[tuple[str, ...]], Output]:
    def run(args: tuple[str, ...]) -> Output:
        written = ""
        if "--output" in args:
            path = files / args[args.index("--output") + 1]
            result = data.run(*[str(path) if a == path.name else a for a in args])
            written = written_text(path) if path.exists() else ""
        else:  # --help in one line per option, so that the format choices are not wrapped
            result = data.run(*args, env={"COLUMNS": "200"} if "--help" in args else None)
        text = "\n".join((result.stdout, result.stderr, written))
        return Output(args, result.exit_code, result.stdout, text, views(text))

    return run


def _public_runs(public_ids: list[str]) -> list[tuple[str, ...]]:
    runs: list[tuple[str, ...]] = []
    for command, formats in PUBLIC_FORMATS.items():
        targets: list[tuple[str, ...]] = [()]
        if command == "show":
            targets = [(i,) for i in public_ids]
        elif command == "search":
            targets = [(SEARCH_TEXT,)]
        runs += [
            (command, *t, "--format", f, "--public", *_file_only(f))
            for t in targets
            for f in formats
        ]
    runs += [("export", "--public", "--output", f"export.{ext}") for ext in EXPORT_FILES]
    runs += [
        ("report", "--public", "--format", f, "--output", f"report.{ext}")
        for f, ext in REPORT_FILES.items()
    ]
    return runs


def _file_only(fmt: str) -> tuple[str, ...]:
    """A database or a Parquet folder is written only to --output: audited there."""
    return ("--output", FILE_ONLY[fmt]) if fmt in FILE_ONLY else ()


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Audit:
    """The corpus, and every public run over it (two at a time: the machine has two cores)."""
    root = tmp_path_factory.mktemp("name-forms") / "dataset"
    write_corpus(root)
    data = Dataset(root)
    files = tmp_path_factory.mktemp("name-forms-out")
    run = _runner(data, files)
    public_ids = data.run("list", "--public", "--format", "ids").stdout.split()  # builds index
    analyst_runs = [("list", "--format", "json"), ("export", "--format", "jsonl")]
    query_runs = [
        (*q, "--format", "json", *public) for q in QUERIES for public in ((), ("--public",))
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        public = tuple(pool.map(run, _public_runs(public_ids)))
        analyst = tuple(pool.map(run, analyst_runs))
        answers = list(pool.map(run, query_runs))
        helps = {o.args[0]: o for o in pool.map(run, [(c, "--help") for c in PUBLIC_FORMATS])}
    original_ids = tuple(data.run("list", "--format", "ids").stdout.split())
    queries = {q: (answers[2 * i], answers[2 * i + 1]) for i, q in enumerate(QUERIES)}
    return Audit(data, public, analyst, original_ids, queries, helps)


@pytest.mark.parametrize("command", sorted(PUBLIC_FORMATS))
def test_the_audit_covers_every_format_the_help_offers(command: str, audit: Audit) -> None:
    """A format added to a command is audited too: its ``--help`` lists what the audit runs."""
    text = audit.helps[command].stdout
    offered = re.search(r"--format\s+-f\s+\[([a-z|]+)\]", text)
    assert offered and "--public" in text, text
    assert tuple(offered[1].split("|")) == PUBLIC_FORMATS[command]


def _leaks_of(form: Planted, outputs: tuple[Output, ...]) -> str | None:
    """One line for a form that leaks: in how many runs, the first with its excerpt, the rest."""
    found = [(o, x) for o in outputs if (x := form.found_in(o.decoded))]
    if not found:
        return None
    (first, excerpt), rest = found[0], [o.short for o, _ in found[1:]]
    return (
        f"{form.marker} in {form.field}, planted {form.form!r}: {len(found)} run(s), e.g.\n"
        f"    {first.label}: ...{excerpt}...\n    also: {'; '.join(rest)[:300]}"
    )


def _report(what: str, leaks: list[str], runs: int) -> str:
    shown = "\n  ".join(leaks[:25])
    more = f"\n  (+{len(leaks) - 25} more)" if len(leaks) > 25 else ""
    return f"{what}: {len(leaks)} leak(s) in {runs} public runs:\n  {shown}{more}"


@pytest.mark.parametrize("category", CATEGORIES)
def test_public_output_holds_no_planted_form(category: str, audit: Audit) -> None:
    forms = [p for p in PLANTED if p.category == category]
    leaks = [line for p in forms if (line := _leaks_of(p, audit.public))]
    assert not leaks, _report(f"name forms '{category}'", leaks, len(audit.public))


@pytest.mark.parametrize("category", CATEGORIES)
def test_without_public_every_planted_form_is_seen(category: str, audit: Audit) -> None:
    """The audit can fail: analysts' output holds every planted form, and the check finds it."""
    for p in (p for p in PLANTED if p.category == category):
        assert any(p.found_in(o.decoded) for o in audit.analyst), (
            f"{p.marker} {p.field} {p.form!r}: not found in analyst output, the check is blind"
        )


def test_without_public_a_plain_list_leaks(audit: Audit) -> None:
    """``list`` without ``--public`` is caught by the same check, in every category."""
    plain = _runner(audit.data, audit.data.root)(("list", "--format", "yaml"))
    found = {p.category for p in PLANTED if p.found_in(plain.decoded)}
    assert found == set(CATEGORIES)
    assert find_any(name_words(), plain.decoded)
    assert find_any(hidden_needles(), plain.decoded)


def test_every_public_run_succeeds_and_shows_public_data(audit: Audit) -> None:
    """The audit is not vacuous: each run exits 0 and prints public data (the public person,
    or the record without planted forms, or the id asked for)."""
    shown = ("aigerim", "three lawyers threatened")
    failed = [
        f"{o.label}: exit {o.exit_code}: {o.text.strip()[-200:]!r}"
        for o in audit.public
        if o.exit_code != 0
        or not any(s in o.decoded[0] for s in (*shown, views(o.args[1])[0].strip()))
    ]
    assert not failed, "\n".join(failed)
    assert len(audit.public) >= 60


def test_public_output_holds_no_word_of_a_confidential_name(audit: Audit) -> None:
    """Any word of 4+ letters of a confidential name, or its stem, anywhere (glued, inflected)."""
    words = (*name_words(), *NAME_STEMS)
    leaks = [f"{o.label}: ...{x}..." for o in audit.public if (x := find_any(words, o.decoded))]
    assert not leaks, _report("confidential name words", leaks, len(audit.public))


def test_public_output_holds_nothing_of_the_confidential_record(audit: Audit) -> None:
    """Its title, people, places, sources, tags, id or file path: on stdout, stderr or in files."""
    hidden_id = next(i for i in audit.original_ids if "tasbolatov" in i)
    needles = (*hidden_needles(), views(hidden_id)[0].strip())
    leaks = [f"{o.label}: ...{x}..." for o in audit.public if (x := find_any(needles, o.decoded))]
    assert not leaks, _report("the confidential record", leaks, len(audit.public))


def test_show_public_of_an_id_holding_a_withheld_name_fails_like_an_unknown_id(
    audit: Audit,
) -> None:
    unknown_id = "2019-01-01-kz-no-such-record"
    unknown = audit.data.run("show", unknown_id, "--public")
    assert unknown.exit_code == 1
    holding = [i for i in audit.original_ids if find_any(NAME_STEMS, views(i))]
    assert len(holding) >= 4  # titles planted with names: their ids hold them
    wrong = []
    for record_id in holding:
        shown = audit.data.run("show", record_id, "--public")
        same = shown.stderr.replace(record_id, "ID") == unknown.stderr.replace(unknown_id, "ID")
        if shown.exit_code != 1 or not same:
            wrong.append(f"show {record_id} --public: exit {shown.exit_code}, {shown.stderr!r}")
    assert not wrong, "ids that hold a withheld name resolve:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: "-".join(a)[:40])
def test_public_queries_by_a_withheld_name_reveal_nothing(
    args: tuple[str, ...], audit: Audit
) -> None:
    """Which records involve a withheld name is itself what must not be published."""
    analyst, public = audit.queries[args]
    assert analyst.exit_code == 0 and _ids_in(analyst.stdout), analyst.text
    assert public.exit_code in (0, 1), public.text
    answered = _ids_in(public.stdout)
    leaked = find_any((*name_words(), *NAME_STEMS), public.decoded) or next(
        (x for p in PLANTED if (x := p.found_in(public.decoded))), None
    )
    assert not answered and leaked is None, (
        f"{public.label}: answers with {answered}; leaked text: ...{leaked}..."
    )


def _ids_in(stdout: str) -> list[str]:
    """The record ids of a JSON answer: a list of records, a timeline, or a report's incidents."""
    try:
        parsed = json.loads(stdout or "[]")
    except json.JSONDecodeError:
        parsed = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    if isinstance(parsed, dict):
        parsed = parsed.get("incidents", [])
    return [r if isinstance(r, str) else str(r.get("id")) for r in parsed]
