"""The HTML report in a real browser: headless Chromium prints the bundled data's report to PDF,
and poppler reads the PDF back (pages, paper size, text). Chromium's console is checked for
Content-Security-Policy violations, and a tampered page proves the check would see one."""

from __future__ import annotations

import calendar
import re
import subprocess
from pathlib import Path

import pytest

from incidentctl.testing import Dataset, require_program

pytestmark = pytest.mark.slow

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--enable-logging=stderr",
    "--v=0",
)
CONSOLE = re.compile(r":CONSOLE[:(]|Content Security Policy|Refused to", re.I)


def print_to_pdf(page: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    """``page`` printed by Chromium; the PDF and the browser's console lines."""
    chromium = require_program("chromium", "chromium-browser")
    pdf = tmp_path / (page.stem + ".pdf")
    proc = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr[-2000:]
    return pdf, [line for line in proc.stderr.splitlines() if CONSOLE.search(line)]


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(
        [require_program("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_lines(pdf: Path, *options: str) -> list[str]:
    """The PDF's text lines, runs of spaces as one (``-layout``: as laid out on the page)."""
    out = subprocess.run(
        [require_program("pdftotext"), "-enc", "UTF-8", *options, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [" ".join(line.split()) for line in out.splitlines()]


@pytest.fixture
def page(incidentctl_bundled: Dataset, tmp_path: Path) -> Path:
    out = tmp_path / "report-2019.html"
    result = incidentctl_bundled.run(
        "report", "--year", "2019", "--format", "html", "--output", str(out)
    )
    assert result.exit_code == 0, result.stderr
    return out


def test_the_report_prints_to_a_clean_a4_pdf(page: Path, tmp_path: Path) -> None:
    pdf, console = print_to_pdf(page, tmp_path)
    assert console == [], "the page broke its own Content-Security-Policy"
    info = pdf_info(pdf)
    assert "(A4)" in info["Page size"]
    assert 2 <= int(info["Pages"]) <= 12, info["Pages"]
    lines = pdf_lines(pdf)
    text = " ".join(lines)
    for heading in (
        "Incident report 2019",
        "Incidents over time",
        "By type of incident",
        "Responses by organisation",
        "Incidents",
    ):
        assert heading in lines, heading
    assert "Threats or intimidation" in text and "threats-intimidation" not in text
    assert "Sergey Sizintsev disbarred by the Petropavlovsk City Court No. 2" in text
    assert "21 May 2019" in lines, "the incident's date, on one line of its own"
    assert "2019 – 21 May 2019" in lines, "a date range unbroken"
    assert "Lawyers for Lawyers" in text, "a source's publisher"
    axis = next(w for w in map(str.split, pdf_lines(pdf, "-layout")) if "Jan" in w and "Dec" in w)
    assert [m for m in axis if m != "?"] == list(calendar.month_abbr)[1:]
    assert "<https://www.icj.org/" in text, "a link's target is printed after it"


def test_the_console_check_sees_a_policy_violation(page: Path, tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.html"
    html = page.read_text(encoding="utf-8")
    tampered.write_text(html.replace("<h1>", '<h1 style="color:red">', 1), encoding="utf-8")
    _, console = print_to_pdf(tampered, tmp_path)
    assert any("Content Security Policy" in line for line in console), console
