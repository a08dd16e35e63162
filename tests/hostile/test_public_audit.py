"""Confidentiality (issue 7, item 6): with --public, no confidential record and no name of a
confidential person appears in any command's output, in any format, on stdout or in a file.

The audit walks :data:`PUBLIC_FORMATS`; a new reading command is one more line there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from incidentctl.core.ids import slugify
from incidentctl.testing import Dataset

PUBLIC_FORMATS: dict[str, tuple[str, ...]] = {
    "list": ("table", "json", "jsonl", "csv", "yaml", "ids"),
    "search": ("table", "json", "jsonl", "csv", "yaml", "ids"),
    "report": ("table", "markdown", "json", "csv", "html"),
    "people": ("table", "json"),
    "timeline": ("table", "json"),
    "export": ("csv", "jsonl", "json"),
}
WRITES_FILES = ("report", "export")
"""Commands with --output FILE: the file is audited too."""

SECRET_PERSON = "Zhanar Qoryqbaeva"
SECRET_ALIASES = ("Жанар Корыкбаева", "Zhanar Korykbaeva")
HIDDEN_TITLE = "Undisclosed informant Tolegen Sarsenbekuly detained"
HIDDEN_WORDS = ("Tolegen Sarsenbekuly", "Sarsenbekuly", "hidden-source.example", "Ekibastuz")
PUBLIC_TITLE = "Lawyer Aigerim Public disbarred in Almaty"


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """A data set with a confidential record, a confidential person, and their names
    mentioned in other records' free text."""
    from incidentctl.core import records
    from incidentctl.core.dataset import init_dataset
    from incidentctl.core.store import Store
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
    for row in rows:
        records.add(store, row)
    return Dataset(root)


def _forbidden() -> list[str]:
    names = [SECRET_PERSON, *SECRET_ALIASES]
    return [*names, *(slugify(n) for n in names), HIDDEN_TITLE, *HIDDEN_WORDS]


def _leaks(text: str) -> list[str]:
    return [s for s in _forbidden() if re.search(re.escape(s), text, re.IGNORECASE)]


CASES = [(cmd, fmt) for cmd, formats in PUBLIC_FORMATS.items() for fmt in formats]


@pytest.mark.parametrize(("command", "fmt"), CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_public_output_holds_no_confidential_record_or_name(
    command: str, fmt: str, audited: Dataset, tmp_path: Path
) -> None:
    public = audited.run(command, "--format", fmt, "--public")
    assert public.exit_code == 0, public.stderr
    assert _leaks(public.stdout + public.stderr) == []
    assert "aigerim" in public.stdout.lower()  # public data still shows: the audit is not vacuous
    if command in WRITES_FILES:
        out = tmp_path / f"public.{fmt}"
        written = audited.run(command, "--format", fmt, "--public", "--output", str(out))
        assert written.exit_code == 0, written.stderr
        assert _leaks(out.read_text(encoding="utf-8") + written.stdout) == []


@pytest.mark.parametrize("command", sorted(PUBLIC_FORMATS))
def test_without_public_the_audited_secrets_are_shown(command: str, audited: Dataset) -> None:
    """The audit is not vacuous: analysts see what --public must withhold."""
    analyst = audited.run(command, "--format", PUBLIC_FORMATS[command][-1])
    assert analyst.exit_code == 0, analyst.stderr
    assert _leaks(analyst.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ("search", SECRET_PERSON),
        ("search", "Sarsenbekuly"),
        ("search", "Ekibastuz"),
        ("list", "--person", SECRET_ALIASES[0]),
        ("list", "--case", "sarsenbekuly-case"),
        ("list", "--tag", "sarsenbekuly"),
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
