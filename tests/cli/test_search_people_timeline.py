"""search, people, timeline (and list) through the CLI, on the bundled data and built data sets."""

from __future__ import annotations

import json
import os

import pytest

from incidentctl.testing import Dataset

SIZINTSEV = [
    "2018-10-23-kz-sizintsev-dismissed",
    "2019-kz-sizintsev-disbarment-proceedings",
    "2019-05-21-kz-sizintsev-disbarred",
]
OMAROVA = ["2019-kz-omarova-dead-cat-on-gate", "2019-06-05-kz-omarova-dog-poisoned"]


def ids(ds: Dataset, *args: str) -> list[str]:
    result = ds.invoke(*args, "--format", "ids")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.split()


# -- filters on the bundled data --------------------------------------------------------


@pytest.mark.parametrize("command", ["list", "search"])
def test_country_code_name_and_alpha3_give_the_same_answer(
    incidentctl_bundled: Dataset, command: str
) -> None:
    answers = [
        incidentctl_bundled.invoke(command, "--country", country, "--format", "json").stdout
        for country in ("KZ", "Kazakhstan", "kaz")
    ]
    assert answers[0] == answers[1] == answers[2]
    assert len(json.loads(answers[0])) == 8
    assert [
        r["id"]
        for r in json.loads(
            incidentctl_bundled.invoke(command, "--country", "BE", "--format", "json").stdout
        )
    ] == ["2016-be-jardemalie-bta-complaint"]


def test_overlap_a_record_dated_2019_is_inside_may_to_june(incidentctl_bundled: Dataset) -> None:
    got = ids(incidentctl_bundled, "search", "--since", "2019-05", "--until", "2019-06")
    assert "2019-kz-omarova-dead-cat-on-gate" in got  # dated "2019"
    assert "2016-be-jardemalie-bta-complaint" in got  # 2016 to 2023
    assert "2019-05-21-kz-sizintsev-disbarred" in got
    assert "2018-10-23-kz-sizintsev-dismissed" not in got
    assert ids(incidentctl_bundled, "search", "--year", "2018", "--year", "2023") == [
        "2016-be-jardemalie-bta-complaint",
        "2018-07-kz-advocates-law-adopted",
        "2018-10-23-kz-sizintsev-dismissed",
        "2023-09-22-kz-almaty-activists-detained",
    ]


@pytest.mark.parametrize(
    "query", ["Sizintsev", "Sizentsev", "Сизинцев", "Сергей Сизинцев", "S. Sizintsev"]
)
def test_person_spellings_find_sizintsev_and_nobody_else(
    incidentctl_bundled: Dataset, query: str
) -> None:
    assert sorted(ids(incidentctl_bundled, "list", "--person", query)) == sorted(SIZINTSEV)


@pytest.mark.parametrize("query", ["Umarova", "Aiman Umarova", "Омарова", "Ayman Omarova"])
def test_person_spellings_find_omarova_and_nobody_else(
    incidentctl_bundled: Dataset, query: str
) -> None:
    assert sorted(ids(incidentctl_bundled, "search", "--person", query)) == sorted(OMAROVA)


@pytest.mark.parametrize("query", ["Omarov", "Amirova", "Sizov", "Murat Turymbetov"])
def test_near_miss_names_find_no_false_friends(incidentctl_bundled: Dataset, query: str) -> None:
    assert ids(incidentctl_bundled, "list", "--person", query) == []


def test_a_surname_in_brackets_is_read_as_written_not_as_a_nickname(
    incidentctl_bundled: Dataset,
) -> None:
    # The Orthodox style, the secular surname in brackets after the name in religion: read as a
    # nickname, "Sergei (Ivanov)" was also "Sergei" alone and found Sergey Sizintsev.
    assert ids(incidentctl_bundled, "search", "--person", "Sergei (Ivanov)") == []
    found = ids(incidentctl_bundled, "search", "--person", "Sergei (Sizintsev)")
    assert sorted(found) == sorted(SIZINTSEV)


def test_sort_and_limit(incidentctl_bundled: Dataset) -> None:
    everything = ids(incidentctl_bundled, "list")
    assert ids(incidentctl_bundled, "list", "--sort", "-date") == everything[::-1]
    assert (
        ids(incidentctl_bundled, "search", "--sort", "-date", "--limit", "2")
        == everything[::-1][:2]
    )
    assert ids(incidentctl_bundled, "list", "--sort", "id") == sorted(everything)
    bad = incidentctl_bundled.invoke("list", "--sort", "size")
    assert bad.exit_code == 2 and "--sort" in bad.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["--country", "Atlantis"],
        ["--year", "last"],
        ["--type", "arrest"],
        ["--since", "2020", "--until", "2019"],
    ],
)
@pytest.mark.parametrize("command", ["list", "search", "people", "timeline"])
def test_bad_filters_are_usage_errors(
    incidentctl_bundled: Dataset, command: str, args: list[str]
) -> None:
    result = incidentctl_bundled.invoke(command, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


# -- full-text search ---------------------------------------------------------------------


def test_full_text_is_case_and_accent_insensitive(incidentctl_bundled: Dataset) -> None:
    assert ids(incidentctl_bundled, "search", "PROCEDURE") == [
        "2016-be-jardemalie-bta-complaint"
    ]  # procédure
    assert ids(incidentctl_bundled, "search", "procédure téméraire") == [
        "2016-be-jardemalie-bta-complaint"
    ]
    licence = ids(incidentctl_bundled, "search", "ЛИЦЕНЗИИ")  # only in two Russian source titles
    assert sorted(licence) == [
        "2019-05-21-kz-sizintsev-disbarred",
        "2019-kz-sizintsev-disbarment-proceedings",
    ]
    assert ids(incidentctl_bundled, "search", "лицензии") == licence


def test_full_text_covers_names_outcome_perpetrators_and_sources(
    incidentctl_bundled: Dataset,
) -> None:
    assert ids(incidentctl_bundled, "search", "non-lieu") == [
        "2016-be-jardemalie-bta-complaint"
    ]  # outcome
    assert ids(incidentctl_bundled, "search", "Gabdullina") == [
        "2023-09-22-kz-almaty-activists-detained"
    ]  # names
    assert (
        ids(incidentctl_bundled, "search", "Petropavlovsk City Court")[0]
        == "2019-05-21-kz-sizintsev-disbarred"
    )
    assert "2019-06-05-kz-omarova-dog-poisoned" in ids(
        incidentctl_bundled, "search", "Chinese Camps"
    )  # a source title
    assert ids(incidentctl_bundled, "search", "Azattyq") == [
        "2023-09-22-kz-almaty-activists-detained"
    ]  # a publisher


def test_names_in_the_text_find_other_scripts_and_spellings(incidentctl_bundled: Dataset) -> None:
    assert set(SIZINTSEV) <= set(ids(incidentctl_bundled, "search", "Сизинцев"))
    # and the law's record, which cites an ICJ article whose URL names "sergey-sizentsev"
    assert sorted(ids(incidentctl_bundled, "search", "Sizentsev")) == sorted(
        [*SIZINTSEV, "2018-07-kz-advocates-law-adopted"]
    )
    assert sorted(ids(incidentctl_bundled, "search", "Umarova")) == sorted(OMAROVA)
    assert ids(incidentctl_bundled, "search", "Джардемали") == ["2016-be-jardemalie-bta-complaint"]
    assert ids(incidentctl_bundled, "search", "Amirova") == []


def test_full_text_syntax(incidentctl_bundled: Dataset) -> None:
    assert sorted(ids(incidentctl_bundled, "search", '"dead cat"')) == sorted(OMAROVA)
    assert ids(incidentctl_bundled, "search", '"dead cat" NOT "Women of Courage"') == [
        "2019-kz-omarova-dead-cat-on-gate"
    ]
    assert ids(incidentctl_bundled, "search", '"cat dead"') == []
    assert sorted(ids(incidentctl_bundled, "search", "dog OR cat")) == sorted(OMAROVA)
    cat = ["2019-kz-omarova-dead-cat-on-gate"]
    assert ids(incidentctl_bundled, "search", "poisoned", "NOT", "Courage") == cat
    assert ids(incidentctl_bundled, "search", "poisoned -Courage") == cat
    after_dashes = incidentctl_bundled.invoke(
        "search", "--format", "ids", "--", "poisoned", "-Courage"
    )
    assert after_dashes.stdout.split() == cat
    assert "2023-09-22-kz-almaty-activists-detained" in ids(
        incidentctl_bundled, "search", "detain*"
    )
    assert (
        ids(incidentctl_bundled, "search", "the :: (( ** ]]") is not None
    )  # punctuation is never an error
    only_negative = incidentctl_bundled.invoke("search", "NOT cat")
    assert only_negative.exit_code == 2


def test_best_matches_first_then_filters_and_sort(incidentctl_bundled: Dataset) -> None:
    ranked = ids(incidentctl_bundled, "search", "Sizintsev")
    assert ranked[-1] == "2018-07-kz-advocates-law-adopted"  # only in its summary and sources
    assert set(ids(incidentctl_bundled, "search", "Sizintsev", "--year", "2018")) == {
        "2018-07-kz-advocates-law-adopted",
        "2018-10-23-kz-sizintsev-dismissed",
    }
    assert ids(incidentctl_bundled, "search", "Sizintsev", "--sort", "date") == [
        i for i in ids(incidentctl_bundled, "list") if i in ranked
    ]


def test_search_without_text_is_list(incidentctl_bundled: Dataset) -> None:
    for args in ([], ["--country", "KZ", "--year", "2019"], ["--role", "activist"]):
        assert (
            incidentctl_bundled.invoke("search", *args, "--format", "json").stdout
            == incidentctl_bundled.invoke("list", *args, "--format", "json").stdout
        )


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "yaml", "table"])
def test_search_prints_every_format(incidentctl_bundled: Dataset, fmt: str) -> None:
    result = incidentctl_bundled.invoke("search", "Omarova", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "2019-06-05-kz-omarova-dog-poisoned" in result.stdout
    if fmt == "json":
        assert {r["id"] for r in json.loads(result.stdout)} == set(OMAROVA)


@pytest.mark.slow
def test_search_as_a_real_process(incidentctl_bundled: Dataset) -> None:
    result = incidentctl_bundled.run("search", "Сизинцев", "--country", "kaz", "--format", "ids")
    assert result.exit_code == 0, result.stderr
    assert set(SIZINTSEV) <= set(result.stdout.split())
    table = incidentctl_bundled.run("search", "Omarova")
    assert table.exit_code == 0 and "\x1b" not in table.stdout
    assert table.stdout.splitlines()[0].split("\t") == ["id", "date", "countries", "types", "title"]


@pytest.mark.slow
def test_a_bad_file_is_skipped_with_one_warning_each_time(incidentctl_bundled: Dataset) -> None:
    broken = incidentctl_bundled.incidents / "2019" / "2019-kz-broken.yaml"
    broken.write_text("id: [\n", encoding="utf-8")
    for _ in range(2):
        result = incidentctl_bundled.run("search", "Omarova", "--format", "ids")
        assert result.exit_code == 0
        assert sorted(result.stdout.split()) == sorted(OMAROVA)
        lines = result.stderr.splitlines()
        assert (
            len(lines) == 1
            and "2019-kz-broken.yaml" in lines[0]
            and lines[0].startswith("warning:")
        )


# -- people -------------------------------------------------------------------------------


def test_people_on_the_bundled_data(incidentctl_bundled: Dataset) -> None:
    result = incidentctl_bundled.invoke("people", "--format", "json")
    assert result.exit_code == 0, result.stderr
    entries = {e["name"]: e for e in json.loads(result.stdout)}
    assert sorted(entries) == [
        "Abzal Dostiyarov",
        "Aiman Omarova",
        "Botagoz Jardemalie",
        "Maira Gabdullina",
        "Marat Turymbetov",
        "Sergey Sizintsev",
    ]
    assert entries["Sergey Sizintsev"]["incidents"] == SIZINTSEV
    assert "Сизинцев Сергей Васильевич" in entries["Sergey Sizintsev"]["variants"]
    assert entries["Aiman Omarova"]["incidents"] == OMAROVA
    assert set(
        json.loads(
            incidentctl_bundled.invoke("people", "--format", "json", "--year", "2023").stdout
        )[0]
    ) == {
        "name",
        "variants",
        "incidents",
    }
    only = json.loads(
        incidentctl_bundled.invoke("people", "--format", "json", "--person", "Умарова").stdout
    )
    assert [e["name"] for e in only] == ["Aiman Omarova"]


def test_people_table_on_a_pipe(incidentctl_bundled: Dataset) -> None:
    result = incidentctl_bundled.run("people", "--country", "KZ")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["name", "other names", "incidents", "ids"]
    assert ["Aiman Omarova", "Omaraova, Aiman Umarova", "2", ", ".join(OMAROVA)] in rows


def test_people_merge_only_equal_names(incidentctl_dataset: Dataset) -> None:
    incidentctl_dataset.add(people=[{"name": "Sergey Sizintsev"}])
    incidentctl_dataset.add(
        title="Second incident of the lawyer", people=[{"name": "Сергей Сизинцев"}]
    )
    incidentctl_dataset.add(
        title="Third incident, other spelling", people=[{"name": "Sergey Sizentsev"}]
    )
    entries = json.loads(incidentctl_dataset.invoke("people", "--format", "json").stdout)
    assert sorted((e["name"], len(e["incidents"])) for e in entries) == [
        ("Sergey Sizentsev", 1),
        ("Sergey Sizintsev", 2),
    ]


# -- timeline -----------------------------------------------------------------------------


def test_timeline_of_a_case(incidentctl_bundled: Dataset) -> None:
    result = incidentctl_bundled.invoke(
        "timeline", "--case", "sizintsev-disbarment", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    events = json.loads(result.stdout)
    incidents = [e["date"] for e in events if e["kind"] == "incident"]
    assert incidents == sorted(incidents)
    assert [e["id"] for e in events if e["kind"] == "incident"] == SIZINTSEV
    assert {e["kind"] for e in events} == {"incident", "response"}
    assert {
        "date": "2019-03-25",
        "kind": "response",
        "id": "2019-kz-sizintsev-disbarment-proceedings",
    }.items() <= next(
        e for e in events if e["by"] == "Council of Bars and Law Societies of Europe"
    ).items()
    assert all(set(e) == {"date", "precision", "kind", "id", "title", "by"} for e in events)


def test_timeline_of_a_person_and_as_a_table(incidentctl_bundled: Dataset) -> None:
    by_person = json.loads(
        incidentctl_bundled.invoke("timeline", "--person", "Umarova", "--format", "json").stdout
    )
    assert [e["id"] for e in by_person] == OMAROVA
    table = incidentctl_bundled.run("timeline", "--case", "sizintsev-disbarment")
    lines = table.stdout.splitlines()
    assert lines[0].split("\t") == ["date", "kind", "id", "title", "by"]
    assert lines[1].startswith("2018-10-23\tincident\t")


# -- --public -------------------------------------------------------------------------------

SECRET_TITLE = "Secret incident of a witness"


@pytest.fixture
def mixed(incidentctl_dataset: Dataset) -> Dataset:
    incidentctl_dataset.add(
        title=SECRET_TITLE, confidential=True, people=[{"name": "Hidden Witness"}]
    )
    incidentctl_dataset.add(
        title="Lawyer Nurlan Hiddenov threatened",
        date="2019-06-01",
        people=[
            {"name": "Nurlan Hiddenov", "aliases": ["Нурлан Хидденов"], "confidential": True},
            {"name": "Aiman Omarova"},
        ],
        summary="Nurlan Hiddenov was threatened after defending Aiman Omarova.",
        responses=[{"date": "2019-06-02", "by": "Lawyers for Lawyers", "kind": "statement"}],
    )
    return incidentctl_dataset


SECRETS = ["Hidden Witness", SECRET_TITLE, "Hiddenov", "Хидденов", "hiddenov"]


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "json"],
        ["list", "--format", "ids"],
        ["list", "--format", "csv"],
        ["list", "--format", "yaml"],
        ["list", "--format", "table"],
        ["search", "Omarova", "--format", "json"],
        ["search", "--format", "jsonl"],
        ["people", "--format", "json"],
        ["people"],
        ["timeline", "--format", "json"],
        ["timeline"],
    ],
    ids=" ".join,
)
@pytest.mark.slow
def test_public_output_holds_nothing_confidential(mixed: Dataset, args: list[str]) -> None:
    analyst = mixed.invoke(*args)
    public = mixed.invoke(*args, "--public")
    assert analyst.exit_code == public.exit_code == 0, public.stderr
    assert any(secret in analyst.stdout for secret in SECRETS)  # there is something to withhold
    for secret in SECRETS:
        assert secret not in public.stdout, secret
    # it names a confidential person: published without its free text, under a neutral id
    assert "2019-06-01-kz-disbarment-in-kazakhstan-june-2019" in public.stdout or (
        args[0] == "people"
    )


def test_public_search_does_not_find_withheld_names(mixed: Dataset) -> None:
    assert ids(mixed, "search", "Hiddenov") and ids(mixed, "list", "--person", "Hiddenov")
    assert ids(mixed, "search", "Hiddenov", "--public") == []
    assert ids(mixed, "search", "Witness", "--public") == []
    assert ids(mixed, "list", "--person", "Hiddenov", "--public") == []
    events = json.loads(
        mixed.invoke("timeline", "--person", "Хидденов", "--public", "--format", "json").stdout
    )
    assert events == []
    people = json.loads(mixed.invoke("people", "--public", "--format", "json").stdout)
    assert [e["name"] for e in people] == ["Aiman Omarova"]


@pytest.mark.slow
def test_progress_bar_never_reaches_a_pipe(incidentctl_bundled: Dataset) -> None:
    env = {**os.environ}
    result = incidentctl_bundled.run("list", "--format", "ids", env=env)
    assert result.stderr == ""


def test_help_has_examples() -> None:
    from typer.testing import CliRunner

    from incidentctl.cli.app import app

    for command in ("search", "people", "timeline"):
        out = CliRunner().invoke(app, [command, "--help"]).stdout
        assert "Example: incidentctl " + command in " ".join(out.split())
