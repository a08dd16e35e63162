"""Full-text search (SPEC §8 "Search"): source URLs, publishers and responding organisations,
word forms through a Snowball stemmer, exact phrases; the public text; the index answering as
the word-by-word reference (``reference.matches_text``) does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incidentctl.files.store import Store
from incidentctl.index import catalog
from incidentctl.index.filters import Filters
from incidentctl.index.words import stem, stemmed, url_words
from incidentctl.record.model import Record
from incidentctl.testing import Dataset, sample_record
from incidentctl.views.privacy import Withholding, public_data

from .reference import data_set, matches_text

# -- the words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forms", "shared"),
    [
        (["tortured", "torture", "torturing", "Tortures"], True),
        (["detained", "detain", "detaining"], True),
        (["disbarment", "disbarred"], True),
        (["procédures", "procedures", "procedure"], True),  # accents as the index folds them
        (["адвоката", "адвокат", "адвокатов", "Адвокату"], True),
        (["задержания", "задержание", "задержанию"], True),
        (["лицензии", "ЛИЦЕНЗИЮ", "лицензия"], True),
        # What Snowball does not do is not promised: the participle is another stem.
        (["задержан", "задержание"], False),
        (["detention", "detained"], False),
    ],
)
def test_word_forms_share_a_stem_where_the_stemmer_says_so(forms: list[str], shared: bool) -> None:
    stems = {stem(form) for form in forms}
    assert (len(stems) == 1) is shared, stems


def test_the_script_of_a_word_chooses_its_stemmer() -> None:
    assert stem("lawyers") == "lawyer"  # English
    assert stem("адвокатами") == "адвокат"  # Russian
    assert stem("қорғаушылар") == "қорғаушылар"  # Kazakh letters: no stemmer, as written
    assert stem("Sizintsevым") == "sizintsevым"  # mixed scripts: as written
    assert stem("2019") == "2019"
    # the distinct stems, in order of appearance
    assert (
        stemmed("Lawyers: the lawyer was tortured; адвокатов, адвокат задержали")
        == "lawyer the was tortur адвокат задержа"
    )


def test_a_url_counts_as_its_host_and_path_segments() -> None:
    assert (
        url_words("https://www.hrw.org/news/2019/05/21/kazakhstan-lawyer-disbarred?utm=x#top")
        == "hrw.org news 2019 05 21 kazakhstan-lawyer-disbarred"
    )
    assert url_words("https://informburo.kz/%D0%B0%D0%B4%D0%B2%D0%BE%D0%BA%D0%B0%D1%82") == (
        "informburo.kz адвокат"
    )


# -- through the command line --------------------------------------------------------------------


@pytest.fixture
def texts(incidentctl_dataset: Dataset) -> dict[str, str]:
    """Three records whose words differ only in form, source and response."""
    ds = incidentctl_dataset
    return {
        "tortured": ds.add(
            title="Lawyer tortured in police custody",
            people=[{"name": "Aiman Omarova"}],
            summary="She said she was tortured.",
            sources=[
                {
                    "url": "https://www.hrw.org/news/2019/05/21/kazakhstan-lawyer-disbarred",
                    "publisher": "Human Rights Watch",
                }
            ],
            responses=[{"date": "2019-06", "by": "Lawyers for Lawyers", "kind": "statement"}],
        ),
        "torture": ds.add(
            title="Report on torture in pre-trial detention",
            date="2019-07-02",
            people=[{"name": "Marat Turymbetov"}],
            summary="The report documents torture.",
            sources=[{"url": "https://www.icj.org/report", "publisher": "ICJ"}],
        ),
        "russian": ds.add(
            title="Lawyer detained in Almaty",
            date="2019-08-03",
            people=[{"name": "Ruslan Omarov"}],
            summary="Police detained the lawyer.",
            sources=[
                {
                    "url": "https://informburo.kz/novosti/zaderzhanie",
                    "title": "Задержание адвоката в Алматы",
                    "publisher": "Informburo",
                    "language": "ru",
                }
            ],
            responses=[
                {"date": "2019-08", "by": "International Commission of Jurists", "kind": "letter"}
            ],
        ),
    }


def search(ds: Dataset, *args: str) -> list[str]:
    result = ds.invoke("search", "--format", "ids", *args)
    assert result.exit_code == 0, result.stderr
    return sorted(result.stdout.split())


def test_plain_words_match_their_other_forms(
    incidentctl_dataset: Dataset, texts: dict[str, str]
) -> None:
    ds = incidentctl_dataset
    assert search(ds, "tortured") == sorted([texts["tortured"], texts["torture"]])
    assert search(ds, "torture") == sorted([texts["tortured"], texts["torture"]])
    assert search(ds, "адвокат") == [texts["russian"]]  # the title says "адвоката"
    assert search(ds, "задержания") == [texts["russian"]]  # "Задержание"
    assert search(ds, "detaining") == [texts["russian"]]  # "detained"


def test_quoted_words_and_prefixes_match_as_written(
    incidentctl_dataset: Dataset, texts: dict[str, str]
) -> None:
    ds = incidentctl_dataset
    assert search(ds, '"tortured"') == [texts["tortured"]]
    assert search(ds, '"she was tortured"') == [texts["tortured"]]
    assert search(ds, '"she was torture"') == []
    assert search(ds, "tortur*") == sorted([texts["tortured"], texts["torture"]])
    assert search(ds, '"адвокат"') == []  # only "адвоката" is written
    assert search(ds, "--", "lawyer", "-tortured") == [
        texts["russian"]
    ]  # exclusions are stemmed too


def test_sources_urls_publishers_and_responders_are_searched(
    incidentctl_dataset: Dataset, texts: dict[str, str]
) -> None:
    ds = incidentctl_dataset
    assert search(ds, "hrw.org") == [texts["tortured"]]  # a host
    assert search(ds, "disbarred") == [texts["tortured"]]  # a path segment only
    assert search(ds, "kazakhstan-lawyer-disbarred") == [texts["tortured"]]
    assert search(ds, "Human Rights Watch") == [texts["tortured"]]  # a publisher
    assert search(ds, "Informburo") == [texts["russian"]]
    assert search(ds, '"Lawyers for Lawyers"') == [texts["tortured"]]  # who responded
    assert search(ds, "Jurists") == [texts["russian"]]
    assert search(ds, "https") == []  # the scheme is no word of the record


def test_an_edited_record_is_no_longer_found_by_its_old_words(
    incidentctl_dataset: Dataset, texts: dict[str, str]
) -> None:
    """Rows leave the contentless full-text table with the text they were indexed with."""
    ds = incidentctl_dataset
    assert search(ds, "tortured")
    path = next(p for p in ds.files() if p.stem == texts["tortured"])
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("Lawyer tortured", "Lawyer beaten")
        .replace("was tortured.", "was beaten.")
        .replace("hrw.org", "amnesty.org"),
        encoding="utf-8",
    )
    assert search(ds, "tortured") == [texts["torture"]]
    assert search(ds, "hrw.org") == []
    assert search(ds, "beaten") == [texts["tortured"]]
    assert search(ds, "amnesty") == [texts["tortured"]]
    path.unlink()
    assert search(ds, "beaten") == []
    # a new record (which may take the freed row id) is found by its own words only
    new = ds.add(title="Activist beaten at a rally", date="2020-01-05")
    assert search(ds, "beaten") == [new]
    assert search(ds, "hrw.org") == [] and search(ds, "amnesty") == []


def test_a_withheld_name_is_not_found_in_urls_responders_or_stems_under_public(
    incidentctl_dataset: Dataset,
) -> None:
    ds = incidentctl_dataset
    ds.add(
        title="Lawyer threatened by phone",
        people=[{"name": "Nurlan Hiddenov", "confidential": True}],
        summary="A lawyer was threatened.",
    )
    mention = ds.add(
        title="Bar association statement on threats",
        date="2019-06-01",
        people=[{"name": "Aiman Omarova"}],
        summary="The statement names the lawyers concerned.",
        sources=[
            {
                "url": "https://example.org/news/%D0%A5%D0%B8%D0%B4%D0%B4%D0%B5%D0%BD%D0%BE%D0%B2",
                "publisher": "Friends of Nurlan Hiddenov",
            },
            {"url": "https://example.org/nurlan-hiddenov-threatened", "publisher": "Example"},
        ],
        responses=[{"date": "2019-06", "by": "Hiddenov Defence Committee", "kind": "statement"}],
    )
    for word in ("Hiddenov", "Хидденов", "Committee", "threatened"):
        assert mention in search(ds, word), word
    for word in ("Hiddenov", "Хидденов", "Хидденова", "Hiddenova", "nurlan-hiddenov"):
        assert search(ds, "--public", word) == [], word
    assert search(ds, "--public", "Committee") == [mention]  # the rest of the responder
    assert search(ds, "--public", "statements") == [mention]  # stems of the public text


# -- the index answers as the reference ---------------------------------------------------------

SUMMARIES = [
    "The lawyer was tortured in custody.",
    "Reports of torture and ill-treatment.",
    "Police detained two activists; the detention lasted a day.",
    "Адвоката задержали в Алматы.",
    "Задержание адвокатов и пытки.",
    "La procédure a été classée sans suite (non-lieu).",
    "The procedures of the bar were criticised by lawyers.",
    "A lawyer's licence was revoked; лицензии лишили.",
]
URLS = [
    "https://www.hrw.org/news/2019/05/21/kazakhstan-lawyer-disbarred",
    "https://informburo.kz/novosti/advokat-zaderzhan",
    "https://www.icj.org/kazakhstan-torture-report/",
    "https://example.org/%D0%B0%D0%B4%D0%B2%D0%BE%D0%BA%D0%B0%D1%82%D1%8B",
    "https://www.rferl.org/a/lawyers-detained/123.html",
]
RESPONDERS = ["Lawyers for Lawyers", "International Commission of Jurists", "IBAHRI", "Front Line"]
PEOPLE = [
    ("Sergey Sizintsev", ["Сергей Сизинцев", "Sizentsev"]),
    ("Aiman Omarova", ["Aiman Umarova"]),
    ("Ruslan Omarov", []),
    ("Marat Turymbetov", []),
]
QUERIES = [
    "tortured",
    "torture",
    '"tortured"',
    "tortur*",
    "detained",
    "detention",
    "detain*",
    '"detained two"',
    "адвоката",
    "адвокат",
    '"адвоката"',
    "задержания",
    "задержан",
    "пытка",
    "лицензия",
    "procedure",
    "procédures",
    "non-lieu",
    "hrw.org",
    "disbarred",
    "zaderzhan",
    "адвокаты",
    "rferl",
    "Lawyers for Lawyers",
    '"Commission of Jurists"',
    "jurist",
    "Sizentsev",
    "Сизинцев",
    "Umarova",
    "Omarov",
    "tortured OR detained",
    "lawyer -tortured",
    "lawyer NOT адвокат",
    "lawyers licence",
    "Hiddenov",
    "Хидденов",
]


def _text_record(i: int) -> dict[str, Any]:
    name, aliases = PEOPLE[i % len(PEOPLE)]
    data = sample_record(
        title=f"Incident {i}: {SUMMARIES[(i * 3) % len(SUMMARIES)].rstrip('.')}",
        date=f"{2015 + i % 6}-{1 + i % 12:02d}",
        people=[{"name": name, "aliases": aliases}],
        summary=SUMMARIES[i % len(SUMMARIES)]
        + (" Nurlan Hiddenov was there." if i % 9 == 4 else ""),
        sources=[
            {
                "url": URLS[i % len(URLS)],
                "publisher": ["ICJ", "Информбюро", "RFE/RL"][i % 3],
                **({"title": SUMMARIES[(i + 2) % len(SUMMARIES)]} if i % 2 else {}),
            }
        ],
    )
    if i % 3 != 1:
        data["responses"] = [
            {"date": data["date"], "by": RESPONDERS[i % len(RESPONDERS)], "kind": "statement"}
        ]
    if i % 4 == 2:
        data["outcome"] = "Tortured detainees were released."
    if i % 7 == 3:
        data["people"] = [
            {"name": "Nurlan Hiddenov", "aliases": ["Нурлан Хидденов"], "confidential": True}
        ]
    if i % 11 == 5:
        data["confidential"] = True
    return data


@pytest.fixture(scope="module")
def worded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return data_set(tmp_path_factory.mktemp("worded"), map(_text_record, range(40)))


@pytest.fixture(scope="module")
def worded_records(worded: Path) -> list[Record]:
    """Every record of ``worded`` read from its file (once: the reference is plain Python)."""
    return [loaded.record for loaded in Store(worded).iter_loaded() if loaded.ok]


def reference_search(everything: list[Record], query: str, public: bool) -> list[str]:
    """The records' text (as published, under --public) matched word by word in Python."""
    if not public:
        return sorted(r.id for r in everything if matches_text(query, r.to_data()))
    withholding = Withholding.of_records(everything)
    shown = [public_data(r, withholding) for r in everything if not r.confidential]
    return sorted(data["id"] for data in shown if matches_text(query, data))


@pytest.mark.parametrize("public", [False, pytest.param(True, marks=pytest.mark.slow)])
@pytest.mark.parametrize("query", QUERIES)
def test_index_finds_what_the_reference_finds(
    worded: Path, worded_records: list[Record], query: str, public: bool
) -> None:
    got = sorted(catalog.select_ids(Store(worded), Filters.build(public=public), text=query))
    expected = reference_search(worded_records, query, public)
    assert got == expected
    # the data set is built so that every query means something
    if public and query in ("Hiddenov", "Хидденов"):
        assert expected == []  # a withheld name
    elif query != '"адвокат"':
        assert expected, json.dumps(query, ensure_ascii=False)
