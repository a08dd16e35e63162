"""Importing a ``--public`` export back refuses it: it would store the stand-ins of withheld
names over the real records (found by an analyst's exploratory session: `import pub.csv`
updated a title to "... City Court (name withheld). 2" and exited 0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incidentctl.testing import Dataset


@pytest.fixture
def with_confidential(incidentctl_dataset: Dataset) -> Dataset:
    """A record naming a confidential person, and another record that mentions her."""
    ds = incidentctl_dataset
    ds.add(
        title="Lawyer Aigul Nurova threatened",
        people=[{"name": "Aigul Nurova", "roles": ["lawyer"], "confidential": True}],
    )
    ds.add(title="Bar association statement on the case of Aigul Nurova")
    return ds


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "xlsx"])
def test_a_public_export_imported_back_is_refused_and_nothing_is_written(
    with_confidential: Dataset, tmp_path: Path, suffix: str
) -> None:
    ds = with_confidential
    exported = tmp_path / f"public.{suffix}"
    made = ds.run("export", "--public", "--output", str(exported))
    assert made.exit_code == 0, made.stderr
    before = ds.snapshot()
    result = ds.run("import", str(exported))
    assert result.exit_code == 1, result.stdout
    assert "'(name withheld)' is what --public writes" in result.stderr
    assert "import the export made without --public" in result.stderr
    assert "Traceback" not in result.stderr
    assert ds.snapshot() == before


def _full_export(ds: Dataset, folder: Path) -> Path:
    exported = folder / "full.jsonl"
    assert ds.run("export", "--output", str(exported)).exit_code == 0
    return exported


def test_the_full_export_still_imports_back_unchanged(
    with_confidential: Dataset, tmp_path: Path
) -> None:
    ds = with_confidential
    result = ds.run("import", str(_full_export(ds, tmp_path)))
    assert result.exit_code == 0, result.stderr
    assert "0 created, 0 updated, 2 unchanged" in result.stderr


def test_a_new_record_may_quote_a_source_that_withholds_a_name(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    """Only the stand-ins nobody types are refused in a new record: a summary quoting a
    source's own "(name withheld)" is the analyst's text."""
    ds = incidentctl_dataset
    source = tmp_path / "one.jsonl"
    quoted = "The lawyer (name withheld) said the hearing was closed, the source reports."
    record = {"title": "Closed hearing in Almaty", "summary": quoted}
    source.write_text(json.dumps({**_sample(), **record}) + "\n")
    result = ds.run("import", str(source))
    assert result.exit_code == 0, result.stderr


def test_an_update_that_would_put_a_stand_in_over_stored_text_is_refused(
    with_confidential: Dataset, tmp_path: Path
) -> None:
    ds = with_confidential
    exported = _full_export(ds, tmp_path)
    rows = [json.loads(line) for line in exported.read_text().splitlines()]
    rows[1]["title"] = "Bar association statement on the case of (name withheld)"
    exported.write_text("".join(json.dumps(r) + "\n" for r in rows))
    before = ds.snapshot()
    result = ds.run("import", str(exported))
    assert result.exit_code == 1
    assert "title: '(name withheld)' is what --public writes" in result.stderr
    assert ds.snapshot() == before


def _sample() -> dict[str, object]:
    from incidentctl.testing import sample_record

    return sample_record()
