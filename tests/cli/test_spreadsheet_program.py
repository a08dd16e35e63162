"""Round trips through a real spreadsheet program: LibreOffice opens what ``export`` wrote and
saves it back, and ``import`` of the result gives the same records or refuses the cell it cannot
trust. LibreOffice runs headless with a private profile; each start takes a few seconds."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from incidentctl.testing import Dataset, require_program

pytestmark = pytest.mark.slow

CSV_UTF8_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1"
"""Save as CSV: comma, double quotes, UTF-8 (LibreOffice's character set 76), from row 1."""
CSV_DETECT_IN = "CSV:44,34,,1"
"""Open a CSV as the Text Import dialog does by default: the character set detected."""
CSV_WESTERN_IN = "CSV:44,34,1,1"
"""Open a CSV as Windows-1252, as Excel opens a CSV without a byte-order mark."""


def _convert(source: Path, to: str, out: Path, profile: Path, infilter: str | None = None) -> Path:
    soffice = require_program("soffice")
    out.mkdir(parents=True, exist_ok=True)
    argv = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        argv.append(f"--infilter={infilter}")
    argv += ["--convert-to", to, "--outdir", str(out), str(source)]
    subprocess.run(argv, check=True, capture_output=True, timeout=180)
    result = out / (source.stem + "." + to.split(":")[0])
    assert result.exists(), f"LibreOffice wrote no {result.name}"
    return result


@pytest.fixture
def data(incidentctl_dataset: Dataset) -> Dataset:
    incidentctl_dataset.add(
        title="Lawyer Сергей Сизинцев disbarred",
        date="2019-05",
        location="0123",
        people=[{"name": "Сергей Сизинцев", "aliases": ["Sizintsev"], "roles": ["lawyer"]}],
    )
    incidentctl_dataset.add(
        title='=HYPERLINK("http://evil.example") threats in Almaty',
        date="2019-06-05",
        location="Алматы",
        people=[{"name": "Айман Омарова", "roles": ["lawyer", "human-rights-defender"]}],
        sources=[{"url": "https://example.org/a", "published": "2019-06-06", "language": "ru"}],
    )
    return incidentctl_dataset


def _unchanged(data: Dataset, path: Path) -> None:
    before = data.snapshot()
    result = data.run("import", str(path), "--output-format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["unchanged"] == 2 and report["created"] == report["updated"] == 0, report
    assert data.snapshot() == before


def test_xlsx_opened_and_saved_by_libreoffice_imports_unchanged(
    data: Dataset, tmp_path: Path
) -> None:
    exported = tmp_path / "incidents.xlsx"
    assert data.run("export", "-o", str(exported)).exit_code == 0
    profile = tmp_path / "profile"
    resaved = _convert(exported, "xlsx", tmp_path / "xlsx", profile)
    as_csv = _convert(exported, CSV_UTF8_OUT, tmp_path / "csv", profile)
    text = as_csv.read_text(encoding="utf-8-sig")
    assert '"0123"' in text and "Сергей Сизинцев" in text and '"2019-05"' in text
    _unchanged(data, resaved)
    _unchanged(data, as_csv)


def test_csv_with_a_bom_opens_with_cyrillic_intact_and_retyped_cells_are_refused(
    data: Dataset, tmp_path: Path
) -> None:
    """LibreOffice reads the CSV as UTF-8, but types its cells as it guesses: dates are taken
    back exactly, and ``0123``, which became the number 123, is refused at its cell."""
    exported = tmp_path / "incidents.csv"
    assert data.run("export", "-o", str(exported)).exit_code == 0
    resaved = _convert(exported, "xlsx", tmp_path / "xlsx", tmp_path / "profile", CSV_DETECT_IN)
    result = data.run("import", str(resaved), "--dry-run")
    assert result.exit_code == 1
    (error,) = result.stderr.splitlines()
    assert "location: cell incidents!" in error and "holds the number 123" in error, error


def test_a_csv_read_in_a_wrong_encoding_and_saved_back_is_refused_with_the_cell(
    data: Dataset, tmp_path: Path
) -> None:
    piped = data.run("export", "--format", "csv")
    no_bom = tmp_path / "incidents.csv"
    no_bom.write_text(piped.stdout, encoding="utf-8")
    before = data.snapshot()
    resaved = _convert(no_bom, CSV_UTF8_OUT, tmp_path / "csv", tmp_path / "profile", CSV_WESTERN_IN)
    assert "Ð¡ÐµÑ€Ð³ÐµÐ¹" in resaved.read_text(encoding="utf-8")  # the damage is real
    result = data.run("import", str(resaved))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert any(
        ": people[0].name: 'Ð¡ÐµÑ€Ð³ÐµÐ¹" in e and "(it was probably 'Сергей Сизинцев')" in e
        for e in errors
    ), errors
    assert all(e.startswith(f"error: {resaved}:") for e in errors)
    assert data.snapshot() == before
