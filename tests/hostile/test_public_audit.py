"""Confidentiality (issue 7, item 6): with --public, no confidential record and no name of a
confidential person appears in any command's output, in any format, on stdout or in a file.

The audit walks :data:`PUBLIC_FORMATS`; a new reading command is one more line there. The
secrets appear whole, by surname or first name alone, inflected, in another script, in ids, URLs,
tags, case slugs and ``related``, and as a public person's name in another record. Public
output must also stay valid: an ``export --public`` imports into an empty data set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from incidentctl.record.ids import slugify
from incidentctl.testing import Dataset, output_text

pytestmark = pytest.mark.slow  # real processes and many runs: left out of the quick loop

PUBLIC_FORMATS: dict[str, tuple[str, ...]] = {
    "list": ("table", "json", "jsonl", "csv", "yaml", "ids"),
    "search": ("table", "json", "jsonl", "csv", "yaml", "ids"),
    "report": ("table", "markdown", "json", "csv", "html"),
    "people": ("table", "json"),
    "timeline": ("table", "json"),
    "export": ("csv", "jsonl", "json", "yaml", "xlsx", "sqlite", "parquet"),
}
WRITES_FILES = ("report", "export")
"""Commands with --output FILE: the file is audited too."""
FILE_ONLY = {"sqlite": "public.db", "parquet": "public-parquet"}
"""Formats written only with --output (a database file, a folder): audited there alone."""


def written_text(path: Path) -> str:
    """What a command wrote, as text to search: a file as :func:`output_text` reads it; a SQLite
    database as the text of every cell of every table (its full-text shadow tables too) and its
    schema; a Parquet folder as every cell of every file, and the files' paths."""
    if path.is_dir():
        import pyarrow.parquet as pq

        files = sorted(p for p in path.rglob("*") if p.is_file())
        return "".join(
            f"{p.relative_to(path)}\n" + _cells(r.values() for r in pq.read_table(p).to_pylist())
            for p in files
        )
    raw = path.read_bytes()
    if not raw.startswith(b"SQLite format 3\x00"):
        return output_text(raw)
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = conn.execute("SELECT name, sql FROM sqlite_master").fetchall()
        tables = [name for name, sql in schema if sql and sql.startswith("CREATE TABLE")]
        rows = [row for t in tables for row in conn.execute(f"SELECT * FROM [{t}]")]
    finally:
        conn.close()
    return _cells(schema) + _cells(rows)


def _cells(rows: Iterable[Iterable[object]]) -> str:
    def text(value: object) -> str:
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if isinstance(value, list):
            return "\t".join(map(text, value))
        return "" if value is None else str(value)

    return "".join("\t".join(map(text, row)) + "\n" for row in rows)


SECRET_PERSON = "Zhanar Qoryqbaeva"
SECRET_ALIASES = ("Жанар Корыкбаева", "Zhanar Korykbaeva")
SECRET_WORDS = ("Zhanar", "Жанар", "Qoryqbaev", "Корыкбаев", "Korykbaev")
"""Each word of the secret names, the long ones cut so that inflected forms count too."""
HIDDEN_TITLE = "Undisclosed informant Tolegen Sarsenbekuly detained"
HIDDEN_WORDS = ("Tolegen Sarsenbekuly", "Sarsenbekuly", "hidden-source.example", "Ekibastuz")
PUBLIC_TITLE = "Lawyer Aigerim Public disbarred in Almaty"


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """A data set with a confidential record, a confidential person, and their names
    mentioned in other records' free text."""
    from incidentctl.files.dataset import init_dataset
    from incidentctl.files.store import Store
    from incidentctl.ops import edit as records
    from incidentctl.testing import sample_record

    root, _ = init_dataset(tmp_path_factory.mktemp("audit") / "dataset")
    store = Store(root)
    secret_person = {
        "name": SECRET_PERSON,
        "aliases": list(SECRET_ALIASES),
        "roles": ["lawyer"],
        "confidential": True,
    }
    rows = [
        sample_record(
            title=HIDDEN_TITLE,
            people=[{"name": "Tolegen Sarsenbekuly", "roles": ["client"]}],
            location="Ekibastuz",
            perpetrators=["Ekibastuz police"],
            summary="Tolegen Sarsenbekuly was detained in Ekibastuz.",
            sources=[{"url": "https://hidden-source.example/x", "publisher": "Hidden"}],
            tags=["sarsenbekuly"],
            case="sarsenbekuly-case",
            confidential=True,
        ),
        sample_record(
            title=f"Lawyer {SECRET_PERSON} threatened",  # the name is in the id too
            date="2019-06-02",
            people=[secret_person, {"name": "Aigerim Public", "roles": ["lawyer"]}],
            summary=f"{SECRET_PERSON} (also {SECRET_ALIASES[0]}) received threats.",
            types=["threats-intimidation"],
            sources=[{"url": f"https://news.example/{slugify(SECRET_PERSON)}", "language": "ru"}],
            responses=[{"date": "2019-06-10", "by": "Lawyers for Lawyers", "kind": "letter"}],
        ),
        sample_record(
            title=PUBLIC_TITLE,
            date="2019-07-01",
            people=[{"name": "Aigerim Public", "roles": ["lawyer"]}],
            summary=f"Her colleague {SECRET_ALIASES[1].upper()} was also questioned.",
        ),
    ]
    hidden, secret = (records.add(store, row)[0].id for row in rows[:2])
    records.add(store, rows[2])
    for surname in ("Qoryqbaeva", "Korykbaeva"):  # both ids become ...-name-withheld-dog-...
        records.add(store, _by_surname(surname, related=[hidden, secret]))
    return Dataset(root)


def _by_surname(surname: str, related: list[str]) -> dict[str, object]:
    """A public record naming the secret person by surname, and as a public person."""
    from incidentctl.testing import sample_record

    return sample_record(
        title=f"{surname} dog poisoned",
        date="2019-06-05",
        date_note=f"{surname} remembers the day",
        people=[
            {"name": "Aigerim Public", "roles": ["lawyer"]},
            {"name": SECRET_PERSON, "aliases": ["Qoryqbaeva", *SECRET_ALIASES]},
        ],
        perpetrators=[f"Neighbours of {surname}", "Neighbours of Zhanar"],
        summary=f"{surname} believes the dog was poisoned. Корыкбаевой угрожали; Zhanar agrees.",
        sources=[{"url": f"https://news.example/{surname.lower()}-dog?name=Zhanar%20{surname}"}],
        tags=[surname.lower(), "zhanar"],
        case="qoryqbaeva-zhanar-case",
        related=related,
    )


def _forbidden() -> list[str]:
    names = [SECRET_PERSON, *SECRET_ALIASES]
    return [*names, *(slugify(n) for n in names), *SECRET_WORDS, HIDDEN_TITLE, *HIDDEN_WORDS]


def _leaks(text: str) -> list[str]:
    return [s for s in _forbidden() if re.search(re.escape(s), text, re.IGNORECASE)]


CASES = [(cmd, fmt) for cmd, formats in PUBLIC_FORMATS.items() for fmt in formats]


@pytest.mark.parametrize(("command", "fmt"), CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_public_output_holds_no_confidential_record_or_name(
    command: str, fmt: str, audited: Dataset, tmp_path: Path
) -> None:
    if fmt not in FILE_ONLY:
        public = audited.run(command, "--format", fmt, "--public")
        assert public.exit_code == 0, public.stderr
        assert _leaks(public.stdout + public.stderr) == []
        assert "aigerim" in public.stdout.lower()  # public data shows: the audit is not vacuous
    if command in WRITES_FILES:
        out = tmp_path / FILE_ONLY.get(fmt, f"public.{fmt}")
        written = audited.run(command, "--format", fmt, "--public", "--output", str(out))
        assert written.exit_code == 0, written.stderr
        text = written_text(out)
        assert _leaks(text + written.stdout + written.stderr) == []
        assert "aigerim" in text.lower()


@pytest.mark.parametrize("command", sorted(PUBLIC_FORMATS))
def test_without_public_the_audited_secrets_are_shown(command: str, audited: Dataset) -> None:
    """The audit is not vacuous: analysts see what --public must withhold."""
    streamed = [f for f in PUBLIC_FORMATS[command] if f not in FILE_ONLY]
    analyst = audited.run(command, "--format", streamed[-1])
    assert analyst.exit_code == 0, analyst.stderr
    assert _leaks(analyst.stdout)


@pytest.mark.parametrize("fmt", sorted(FILE_ONLY))
def test_without_public_the_written_reader_sees_the_secrets(
    fmt: str, audited: Dataset, tmp_path: Path
) -> None:
    """The reader of a database or a Parquet folder finds the secrets when they are there."""
    out = tmp_path / FILE_ONLY[fmt]
    assert audited.run("export", "--format", fmt, "--output", str(out)).exit_code == 0
    assert set(_leaks(written_text(out))) >= {SECRET_PERSON, HIDDEN_TITLE, *SECRET_ALIASES}


@pytest.mark.parametrize(
    "args",
    [
        ("search", SECRET_PERSON),
        ("search", "Sarsenbekuly"),
        ("search", "Ekibastuz"),
        ("list", "--person", SECRET_ALIASES[0]),
        ("list", "--case", "sarsenbekuly-case"),
        ("list", "--tag", "sarsenbekuly"),
        ("list", "--tag", "zhanar"),  # a public record's tag that holds a withheld name
        ("list", "--case", "qoryqbaeva-zhanar-case"),
        ("report", "--case", "qoryqbaeva-zhanar-case"),
        ("export", "--person", SECRET_PERSON),
        ("timeline", "--person", SECRET_ALIASES[1]),
        ("report", "--person", SECRET_PERSON),
    ],
    ids=lambda a: "-".join(a)[:40],
)
def test_public_queries_by_a_withheld_name_reveal_nothing(args: tuple[str, ...], audited: Dataset):
    """Searching for a withheld name must not tell which records involve that person."""
    analyst = audited.run(*args, "--format", "json")
    assert analyst.exit_code == 0 and analyst.stdout.strip() not in ("", "[]")
    public = audited.run(*args, "--format", "json", "--public")
    assert public.exit_code in (0, 1), public.stderr
    assert _leaks(public.stdout + public.stderr) == []
    assert '"id"' not in public.stdout and 'incidents": [\n' not in public.stdout


def test_public_people_leaves_confidential_people_out(audited: Dataset) -> None:
    import json

    public = json.loads(audited.run("people", "--format", "json", "--public").stdout)
    names = {v for person in public for v in [person["name"], *person["variants"]]}
    assert "Aigerim Public" in names
    assert not any(_leaks(n) for n in names)
    assert "(name withheld)" not in names


@pytest.mark.parametrize(
    "args",
    [
        ("search", "Qoryqbaeva"),
        ("search", "Zhanar"),
        ("search", "Корыкбаевой"),
        ("search", "qoryq*"),
    ],
    ids=lambda a: "-".join(a),
)
def test_public_search_by_one_word_of_a_withheld_name_finds_nothing(
    args: tuple[str, ...], audited: Dataset
) -> None:
    """Full-text search reads the public text: it cannot confirm a withheld surname."""
    analyst = audited.invoke(*args, "--format", "ids")
    assert analyst.exit_code == 0 and analyst.stdout.split()
    public = audited.invoke(*args, "--format", "ids", "--public")
    assert public.exit_code == 0, public.stderr
    assert public.stdout.split() == []


def test_show_public_withholds_what_list_public_withholds(audited: Dataset) -> None:
    """show --public of every public record is the record list --public prints, whether it is
    asked for by its own id or by the id it is published under."""
    import json

    listed = json.loads(audited.invoke("list", "--format", "json", "--public").stdout)
    originals = audited.invoke("list", "--format", "ids").stdout.split()
    assert len(listed) == len(originals) - 1  # the confidential record
    public_ids = [r["id"] for r in listed]
    assert len(set(public_ids)) == len(public_ids)
    for record in listed:
        shown = audited.invoke("show", record["id"], "--format", "json", "--public")
        assert shown.exit_code == 0, shown.stderr
        assert json.loads(shown.stdout) == record
    for record_id in originals:
        shown = audited.invoke("show", record_id, "--format", "json", "--public")
        assert _leaks(shown.stdout + shown.stderr) == [] or shown.exit_code == 1
        if shown.exit_code == 0:
            assert json.loads(shown.stdout) in listed


def test_show_public_of_a_confidential_record_is_an_unknown_id(audited: Dataset) -> None:
    hidden = next(
        i for i in audited.invoke("list", "--format", "ids").stdout.split() if "tolegen" in i
    )
    confidential = audited.invoke("show", hidden, "--public")
    unknown = audited.invoke("show", "2019-01-01-kz-no-such-record", "--public")
    assert confidential.exit_code == unknown.exit_code == 1
    assert confidential.stderr.replace(hidden, "ID") == unknown.stderr.replace(
        "2019-01-01-kz-no-such-record", "ID"
    )
    assert audited.invoke("show", hidden).exit_code == 0  # analysts see it


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_public_export_imports_into_an_empty_data_set(
    fmt: str, audited: Dataset, incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    """Public output is made of valid records: unique aliases, tags and ids, no related id
    naming a withheld record."""
    out = tmp_path / f"public.{fmt}"
    exported = audited.invoke("export", "--public", "--format", fmt, "--output", str(out))
    assert exported.exit_code == 0, exported.stderr
    imported = incidentctl_dataset.invoke("import", str(out))
    assert imported.exit_code == 0, imported.stderr + imported.stdout
    checked = incidentctl_dataset.invoke("validate")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    again = incidentctl_dataset.invoke("export", "--format", fmt)
    assert again.stdout == out.read_text(encoding="utf-8-sig")  # a CSV file starts with a BOM
    assert _leaks(again.stdout) == []


# -- free text fails closed (issue 16, item 2) --------------------------------------------------

NICKNAME = "Danochka"
"""How a source calls the confidential person: no matcher can know it is her."""


@pytest.fixture(scope="module")
def nicknamed(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """A confidential person named by a nickname in free text of her record, of a record in the
    same case, of a related record; one record with a public version; one unconnected."""
    from incidentctl.files.dataset import init_dataset
    from incidentctl.files.store import Store
    from incidentctl.ops import edit as records
    from incidentctl.testing import sample_record

    root, _ = init_dataset(tmp_path_factory.mktemp("nickname") / "dataset")
    store = Store(root)
    person = {"name": "Dana Kerimbayeva", "roles": ["lawyer"], "confidential": True}
    mention = dict(
        location=f"{NICKNAME}'s office",
        outcome=f"{NICKNAME} left the country",
        date_note=f"{NICKNAME} is not sure of the day",
        sources=[
            {"url": f"https://blog.example/{NICKNAME.lower()}", "title": f"{NICKNAME} speaks"},
            {"url": f"https://{NICKNAME.lower()}.example/post", "language": "ru"},
        ],
        tags=[NICKNAME.lower()],
        case=f"{NICKNAME.lower()}-case",
    )
    first = records.add(
        store,
        sample_record(
            title=f"{NICKNAME} threatened",
            people=[person],
            summary=f"{NICKNAME} received threats.",
            types=["threats-intimidation"],
            **mention,
        ),
    )[0].id
    records.add(
        store,
        sample_record(
            title=f"{NICKNAME} appeal rejected", date="2019-08-01", summary="Appeal.", **mention
        ),
    )
    records.add(
        store,
        sample_record(
            title=f"{NICKNAME} again summoned",
            date="2019-09-01",
            summary=f"{NICKNAME} summoned.",
            related=[first],
        ),
    )
    records.add(
        store,
        sample_record(
            title=f"{NICKNAME} disbarred",
            date="2019-10-01",
            people=[{"name": "Dana Kerimbayeva"}],  # confidential in another record
            summary=f"{NICKNAME} was disbarred.",
            public_title="Lawyer disbarred in Almaty",
            public_summary="A lawyer was disbarred; details are withheld at her request.",
        ),
    )
    records.add(store, sample_record(title=PUBLIC_TITLE, date="2019-11-01", summary="Public."))
    return Dataset(root)


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "json"),
        ("list", "--format", "csv"),
        ("timeline", "--format", "json"),
        ("report", "--format", "html"),
        ("search", NICKNAME, "--format", "json"),
        ("search", "Appeal", "--format", "json"),
    ],
)
def test_a_nickname_the_matcher_cannot_know_is_not_published(
    args: tuple[str, ...], nicknamed: Dataset
) -> None:
    result = nicknamed.invoke(*args, "--public")
    assert result.exit_code == 0, result.stderr
    assert NICKNAME.lower() not in (result.stdout + result.stderr).lower()
    assert NICKNAME.lower() in nicknamed.invoke(*args).stdout.lower()  # the check can fail


def test_the_public_version_and_unconnected_records_are_published(nicknamed: Dataset) -> None:
    import json

    shown = json.loads(nicknamed.invoke("export", "--format", "json", "--public").stdout)
    by_title = {r["title"]: r for r in shown}
    assert PUBLIC_TITLE in by_title
    written = by_title["Lawyer disbarred in Almaty"]
    assert written["summary"].startswith("A lawyer was disbarred")
    assert "public_title" not in written and "public_summary" not in written
    assert "Threats intimidation in Kazakhstan, May 2019" in by_title
    neutral = by_title["Threats intimidation in Kazakhstan, May 2019"]
    assert neutral["summary"].startswith("Withheld:")
    assert neutral["sources"] == [
        {"publisher": "(source withheld)"},  # even a host can be a nickname
        {"publisher": "(source withheld)", "language": "ru"},
    ]
    assert not {"tags", "location", "outcome", "date_note"} & set(neutral)
    cases = {r.get("case") for r in shown if r["title"] != PUBLIC_TITLE and "case" in r}
    assert cases == {"case-2019-05-21-kz"}  # one neutral slug: the timeline still groups


def test_a_withheld_record_exports_as_valid_records(
    nicknamed: Dataset, incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "public.json"
    assert nicknamed.invoke("export", "--public", "--output", str(out)).exit_code == 0
    imported = incidentctl_dataset.invoke("import", str(out))
    assert imported.exit_code == 0, imported.stderr + imported.stdout
    checked = incidentctl_dataset.invoke("validate")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
