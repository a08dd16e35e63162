"""``report --format html`` streamed (the index read a chunk at a time, the page written as Jinja
renders it) gives the bytes of the page rendered whole from every record held at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentctl.files.store import Store
from incidentctl.index import catalog
from incidentctl.index.filters import Filters
from incidentctl.render import html_report
from incidentctl.testing import Dataset

pytestmark = pytest.mark.slow


def _whole(root: Path, filters: Filters, lang: str = "en") -> str:
    """The page as it was made before streaming: every record held, the page rendered whole."""
    from incidentctl.views import report

    rows = catalog.select_data(Store(root), filters)
    figures = report.tally(rows, filters, 10)
    scope = report.describe(filters)
    from dataclasses import replace

    return html_report.to_html(replace(figures, scope=scope), rows, lang)


@pytest.mark.parametrize("piece", [1, 2, 100, 1 << 16])
def test_the_page_in_pieces_is_the_page(piece: int, generated: Path) -> None:
    from incidentctl.views import report

    rows = catalog.select_data(Store(generated), Filters())
    figures = report.tally(rows, Filters(), 10)
    whole = html_report.to_html(figures, rows, "ru")
    pieces = list(html_report.stream_html(figures, iter(rows), "ru", piece=piece))
    assert "".join(pieces) == whole
    assert len(pieces) > (1 if piece < 1000 else 0)
    assert all(p.endswith("\n") for p in pieces[:-1])
    assert whole.count('<article class="incident"') == len(rows) > 200


@pytest.mark.parametrize("size", [1, 7, 299, 300, 301])
def test_any_chunk_size_gives_the_same_page(
    size: int, generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalog, "CHUNK", size)
    monkeypatch.setattr(html_report, "PIECE", 257)
    data = Dataset(root=generated)
    for args, filters in (([], Filters()), (["--country", "KZ"], Filters(countries=("KZ",)))):
        expected = _whole(generated, filters)
        printed = data.invoke("report", *args, "--format", "html")
        assert printed.exit_code == 0, printed.stderr
        assert printed.stdout == expected, (size, args)
        out = tmp_path / f"report-{size}.html"
        written = data.invoke("report", *args, "--format", "html", "--output", str(out))
        assert written.exit_code == 0, written.stderr
        assert out.read_text(encoding="utf-8") == expected
        assert "written to" in written.stderr


def test_no_records_gives_the_empty_page(generated: Path) -> None:
    data = Dataset(root=generated)
    printed = data.run("report", "--country", "TV", "--format", "html")
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout == _whole(generated, Filters(countries=("TV",)))
    assert '<p class="none">' in printed.stdout
