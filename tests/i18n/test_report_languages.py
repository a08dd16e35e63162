"""`report --lang` in every format on the bundled data: headings, labels, countries and months
in the language asked for, the data as recorded; JSON and CSV keep their keys."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest

from incidentctl.testing import Dataset

TITLE = "Sergey Sizintsev disbarred by the Petropavlovsk City Court No. 2"
PERPETRATOR = "Ministry of Justice of Kazakhstan"
NNBSP = "\u202f"

WORDS = {
    "ru": {
        "heading": "По видам инцидентов",
        "type": "Лишение адвокатской лицензии",
        "country": "Казахстан",
        "month": f"май 2019{NNBSP}г.",
        "role": "Адвокат",
    },
    "fr": {
        "heading": "Par type d’incident",
        "type": "Radiation du barreau",
        "country": "Belgique",
        "month": "mai 2019",
        "role": "Avocat",
    },
}


def _report(ds: Dataset, *args: str) -> str:
    result = ds.invoke("report", "--year", "2019", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("lang", ["ru", "fr"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_reader_formats_are_in_the_language(
    incidentctl_bundled: Dataset, lang: str, fmt: str
) -> None:
    out = _report(incidentctl_bundled, "--format", fmt, "--lang", lang)
    for what, words in WORDS[lang].items():
        assert words in out, (what, words)
    assert TITLE in out and PERPETRATOR in out, "the data stays as recorded"
    assert "By type of incident" not in out and "Judicial harassment" not in out
    assert "judicial-harassment" not in out


def test_the_table_dates_incidents_in_words(incidentctl_bundled: Dataset) -> None:
    out = _report(incidentctl_bundled, "--lang", "ru")
    line = next(line for line in out.splitlines() if TITLE in line)
    assert line.strip().startswith(f"21 мая 2019{NNBSP}г.")
    assert out.startswith(f"Доклад об инцидентах с 1 января 2019{NNBSP}г. по 31 декабря")
    assert "Всего: 5 инцидентов" in out


@pytest.mark.parametrize("lang", ["ru", "fr"])
def test_json_keeps_its_keys_and_adds_the_words(incidentctl_bundled: Dataset, lang: str) -> None:
    plain = json.loads(_report(incidentctl_bundled, "--format", "json"))
    data = json.loads(_report(incidentctl_bundled, "--format", "json", "--lang", lang))
    labels = data.pop("labels")
    assert data.pop("lang") == lang
    assert data == plain, "every key and value as without --lang"
    assert "lang" not in plain and "labels" not in plain
    assert labels["by_type"]["disbarment"] == WORDS[lang]["type"]
    assert labels["by_role"]["lawyer"] == WORDS[lang]["role"]
    assert labels["by_month"]["2019-05"] == WORDS[lang]["month"]
    assert set(labels["by_country"]) == set(plain["by_country"])
    assert WORDS[lang]["country"] in labels["by_country"].values()


@pytest.mark.parametrize("lang", ["ru", "fr"])
def test_csv_keeps_its_columns_and_adds_a_label(incidentctl_bundled: Dataset, lang: str) -> None:
    plain = list(csv.reader(io.StringIO(_report(incidentctl_bundled, "--format", "csv"))))
    rows = list(
        csv.reader(io.StringIO(_report(incidentctl_bundled, "--format", "csv", "--lang", lang)))
    )
    assert plain[0] == ["section", "key", "count"]
    assert rows[0] == ["section", "key", "count", "label"]
    assert [r[:3] for r in rows] == plain, "the first three columns as without --lang"
    label = {(r[0], r[1]): r[3] for r in rows}
    assert label["by_type", "disbarment"] == WORDS[lang]["type"]
    assert label["by_month", "2019-05"] == WORDS[lang]["month"]
    assert label["perpetrators", PERPETRATOR] == "", "free text needs no words"


class _Structure(HTMLParser):
    """The page's elements and attributes, without its words."""

    WORDY = frozenset({"lang", "aria-label"})

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [(k, v) for k, v in attrs if k not in self.WORDY]))


@pytest.mark.parametrize("lang", ["ru", "fr"])
def test_the_html_report_keeps_its_structure_in_every_language(
    incidentctl_bundled: Dataset, lang: str
) -> None:
    english = _report(incidentctl_bundled, "--format", "html")
    page = _report(incidentctl_bundled, "--format", "html", "--lang", lang)
    assert f'<html lang="{lang}">' in page and '<html lang="en">' in english
    assert _Structure(page).tags == _Structure(english).tags, "same elements, same policy"
    assert english.count("<h2>") == page.count("<h2>")


def test_the_indicator_in_russian(incidentctl_bundled: Dataset) -> None:
    args = ["report", "--indicator", "sdg-16.10.1", "--year", "2023", "--lang", "ru"]
    text = incidentctl_bundled.invoke(*args).stdout
    assert text.startswith("Показатель ЦУР 16.10.1, с 1 января 2023")
    assert "Не учтено" in text and ": не подтверждено" in text
    page = incidentctl_bundled.invoke(*args, "--format", "html").stdout
    assert '<html lang="ru">' in page and "<h2>По видам нарушений</h2>" in page
    rows = list(
        csv.reader(io.StringIO(incidentctl_bundled.invoke(*args, "--format", "csv").stdout))
    )
    assert rows[0][-1] == "label" and any(
        r[0] == "not_counted" and r[6] == "не подтверждено" for r in rows
    )
    data = json.loads(incidentctl_bundled.invoke(*args, "--format", "json").stdout)
    assert data["lang"] == "ru" and data["not_counted"][0]["reason"] == "not verified"


def test_an_unknown_language_is_a_usage_error(incidentctl_bundled: Dataset) -> None:
    result = incidentctl_bundled.invoke("report", "--lang", "xx")
    assert result.exit_code == 2
    assert "xx" in result.stderr and "en, fr, ru" in result.stderr


def test_the_source_language_filter_is_source_lang_on_report(incidentctl_bundled: Dataset) -> None:
    listed = incidentctl_bundled.invoke("list", "--lang", "fr", "--format", "ids").stdout.split()
    data = json.loads(
        incidentctl_bundled.invoke("report", "--source-lang", "fr", "--format", "json").stdout
    )
    assert data["incidents"] == listed and 0 < len(listed) < 8
    bad = incidentctl_bundled.invoke("report", "--source-lang", "Klingonese")
    assert bad.exit_code == 2 and "--source-lang" in bad.stderr


def test_lang_en_gives_the_english_words(incidentctl_bundled: Dataset) -> None:
    """Asking for English is asking for words: months and dates in words, labels in JSON."""
    out = _report(incidentctl_bundled, "--lang", "en")
    assert "\n  May 2019 " in out and "21 May 2019" in out and "Disbarment" in out
    plain = _report(incidentctl_bundled)
    assert "\n  2019-05 " in plain and "21 May 2019" not in plain
    data = json.loads(_report(incidentctl_bundled, "--format", "json", "--lang", "en"))
    assert data["labels"]["by_type"]["disbarment"] == "Disbarment"
    assert data["labels"]["by_country"]["KZ"] == "Kazakhstan"


@pytest.mark.slow
def test_the_terminal_tables_are_in_the_language(incidentctl_bundled: Dataset) -> None:
    import os
    import re
    import sys

    import pexpect

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    argv = ["-m", "incidentctl", "--root", str(incidentctl_bundled.root)]
    child = pexpect.spawn(
        sys.executable,
        [*argv, "report", "--year", "2019", "--lang", "fr"],
        env={**env, "COLUMNS": "100", "TERM": "xterm-256color"},
        encoding="utf-8",
        timeout=120,
        dimensions=(60, 100),
    )
    out = child.read()
    child.close()
    assert child.exitstatus == 0, out
    assert "\x1b[" in out and "━" in out, "Rich tables, in colour"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    for words in ("Par type d’incident", "Radiation du barreau", "Belgique (BE)", "21 mai 2019"):
        assert words in plain, words
    assert "Sergey Sizintsev disbarred" in plain


def test_the_filters_line_names_the_filters_in_the_language(incidentctl_bundled: Dataset) -> None:
    out = _report(incidentctl_bundled, "--country", "KZ", "--type", "disbarment",
                  "--type", "raid-search", "--public", "--lang", "ru")  # fmt: skip
    assert "Фильтры: страна KZ; год 2019; вид disbarment или raid-search; публичная версия" in out
    english = _report(incidentctl_bundled, "--country", "KZ", "--public")
    assert "Filters: country KZ; year 2019; public (confidential records" in english


def test_the_indicator_counts_in_french(incidentctl_dataset: Dataset) -> None:
    sources = [
        {"url": "https://www.icj.org/a", "publisher": "International Commission of Jurists"},
        {"url": "https://www.rferl.org/b", "publisher": "RFE/RL", "type": "news"},
    ]
    incidentctl_dataset.add(
        title="Lawyers detained after a hearing in Almaty",
        date="2023-03-02",
        types=["arrest-detention"],
        people=[{"name": "Erlan Kaliev", "roles": ["lawyer"], "sex": "male"}],
        groups=[{"description": "Lawyers of the defence team", "size": 3, "roles": ["lawyer"]}],
        perpetrators=[{"name": "City police", "category": "police"}],
        verification="verified",
        sources=sources,
    )
    args = ["report", "--indicator", "sdg-16.10.1", "--year", "2023", "--lang", "fr"]
    out = incidentctl_dataset.invoke(*args, "--format", "markdown").stdout
    assert "**Total\u00a0: 4 cas**" in out
    assert (
        "| Détention arbitraire | 4 |" in out and "| Défenseurs des droits de l’homme | 4 |" in out
    )
    assert "| Masculin | 1 |" in out and "| Inconnu | 3 |" in out and "| État | 4 |" in out
    assert (
        "| 2 mars 2023 | Détention arbitraire | Lawyers of the defence team (3 personnes) |" in out
    )
    assert "Erlan Kaliev" in out, "names as recorded"


def test_record_text_stays_escaped_in_a_translated_page(incidentctl_dataset: Dataset) -> None:
    hostile = "<script>alert('x')</script> & <b>bold</b>"
    incidentctl_dataset.add(
        title=hostile,
        summary=hostile,
        responses=[{"date": "2019-06", "by": hostile, "kind": "urgent-appeal",
                    "url": "https://example.org/?a=1&b=<2>"}],
    )  # fmt: skip
    page = incidentctl_dataset.invoke("report", "--format", "html", "--lang", "fr").stdout
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in page
    assert "Appel urgent — <a" in page, "the translation's own markup is kept"
