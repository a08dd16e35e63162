"""`add` on a real terminal (pexpect): answers checked at once, asked again with the reason,
the others kept; people, sources and a multi-line summary asked for; near-duplicates asked about.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from incidentctl.testing import Dataset

from .terminal import screen_text, spawn
from .test_add_flags import add_threatened_lawyer

pytestmark = pytest.mark.slow


class Session:
    """One ``add`` on a terminal: wait for a question, answer it."""

    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.child = spawn(root, "add", *args, env=env, timeout=30)

    def answer(self, question: str, text: str) -> str:
        """Wait for ``question``; return what the terminal showed since the last answer."""
        self.child.expect_exact(question)
        shown = screen_text(self.child.before or "")
        self.child.sendline(text)
        return shown

    def finish(self) -> tuple[int, str]:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus or 0), screen_text(self.child.before or "")


DISBARRED = {
    "--title": "Lawyer disbarred in Petropavlovsk",
    "--date": "2019-05-21",
    "--country": "KZ",
    "--type": "disbarment",
    "--status": "ongoing",
    "--source": "https://example.org/a",
    "--summary": "The licence was revoked.",
    "--person": "Sergey Sizintsev",
}


def disbarred(**changed: str | None) -> list[str]:
    """The options of a whole record, some changed (``date="…"``) or left out (``None``)."""
    options = {**DISBARRED, **{f"--{k.replace('_', '-')}": v for k, v in changed.items()}}
    return [part for key, value in options.items() if value is not None for part in (key, value)]


def _only_record(dataset: Dataset) -> dict[str, Any]:
    (path,) = dataset.files()
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_each_wrong_answer_is_asked_again_with_its_reason_and_the_rest_kept(
    incidentctl_dataset: Dataset,
) -> None:
    s = Session(incidentctl_dataset.root)
    s.answer("Title", "Bad")
    assert "title: is too short (at least 5 characters)" in s.answer(
        "Title", "Lawyer threatened in Almaty"
    )
    s.answer("Date", "2019-02-30")
    assert "date: 2019-02 has no day 30" in s.answer("Date", "5 June 2019")
    s.answer("Countries", "Atlantis")
    assert "'Atlantis' is not an ISO 3166-1" in s.answer("Countries", "Kazakhstan")
    s.answer("Types", "?")
    listed = s.answer("Types", "coup")
    assert "threats-intimidation" in listed and "Threats or intimidation" in listed
    assert "types[0]: 'coup' is not one of" in s.answer("Types", "threats-intimidation")
    s.answer("Person targeted", "Aiman Omarova")
    s.answer("Roles of Aiman Omarova", "lawer")
    assert "people[0].roles[0]: 'lawer' is not one of" in s.answer(
        "Roles of Aiman Omarova", "lawyer"
    )
    s.answer("Sex of Aiman Omarova", "woman")
    assert "people[0].sex: 'woman' is not one of" in s.answer("Sex of Aiman Omarova", "female")
    s.answer("Person targeted", "Sergey Sizintsev")
    s.answer("Roles of Sergey Sizintsev", "")
    s.answer("Sex of Sergey Sizintsev", "")
    s.answer("Person targeted", "")
    assert incidentctl_dataset.files() == []  # nothing is written while asking
    s.answer("Status", "ongoing")
    s.answer(">", "A dead cat was hung on the gate of the lawyer's home.")
    s.answer(">", "Police opened no case.")
    s.answer(">", "")
    s.answer("Source URL (blank if it has none)", "")
    s.answer("Publisher", "")  # without a URL a publisher is needed
    assert "an answer is needed" in s.answer("Publisher", "Court of Almaty (decision on paper)")
    s.answer("Language", "")
    s.answer("Another source URL", "ftp://example.org/a")
    assert "sources[1].url: 'ftp://example.org/a' is not a web address" in s.answer(
        "Source URL", "https://example.org/a"
    )
    s.answer("Publisher", "Radio Azattyq")
    s.answer("Language", "Klingon")
    assert "'Klingon' is not an ISO 639-1" in s.answer("Language", "Russian")
    s.answer("Another source URL", "")
    code, shown = s.finish()
    assert code == 0, shown
    assert "2019-06-05-kz-lawyer-threatened-in-almaty\tdata/incidents/2019/" in shown
    data = _only_record(incidentctl_dataset)
    assert data["title"] == "Lawyer threatened in Almaty" and data["date"] == "2019-06-05"
    assert data["countries"] == ["KZ"] and data["types"] == ["threats-intimidation"]
    assert data["people"] == [
        {"name": "Aiman Omarova", "roles": ["lawyer"], "sex": "female"},
        {"name": "Sergey Sizintsev"},
    ]
    assert data["summary"].splitlines() == [
        "A dead cat was hung on the gate of the lawyer's home.",
        "Police opened no case.",
    ]
    assert data["sources"] == [
        {"publisher": "Court of Almaty (decision on paper)"},
        {"url": "https://example.org/a", "publisher": "Radio Azattyq", "language": "ru"},
    ]


def test_the_summary_is_written_in_the_editor_when_one_is_set(
    incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write("
        "'The licence was revoked.\\nAn appeal was announced.\\n' + text)\n",
        encoding="utf-8",
    )
    s = Session(
        incidentctl_dataset.root,
        *disbarred(summary=None),
        env={"EDITOR": f"{sys.executable} {editor}"},
    )
    code, shown = s.finish()
    assert code == 0, shown
    summary = _only_record(incidentctl_dataset)["summary"]
    assert summary.splitlines() == ["The licence was revoked.", "An appeal was announced."]


def test_an_invalid_option_is_asked_again_on_a_terminal(incidentctl_dataset: Dataset) -> None:
    s = Session(incidentctl_dataset.root, *disbarred(date="2019-02-30"))
    s.child.expect_exact("no day 30")
    s.answer("Date", "21 May 2019")
    code, shown = s.finish()
    assert code == 0, shown
    data = _only_record(incidentctl_dataset)
    assert data["date"] == "2019-05-21" and data["title"] == "Lawyer disbarred in Petropavlovsk"


def test_a_date_in_the_future_is_asked_again_once_the_record_is_whole(
    incidentctl_dataset: Dataset,
) -> None:
    s = Session(incidentctl_dataset.root, *disbarred(date="2999-01-01"))
    assert "date: 2999-01-01 is in the future" in s.answer("Date", "2019-05-21")
    code, shown = s.finish()
    assert code == 0, shown


OPTIONS = [
    "--date", "2019-06-07", "--country", "KZ", "--type", "threats-intimidation",
    "--person", "Aiman Omarova:lawyer", "--status", "ongoing",
    "--summary", "Her dog was found poisoned.", "--source", "https://example.org/b",
]  # fmt: skip


@pytest.mark.parametrize(("reply", "written"), [("n", False), ("", False), ("y", True)])
def test_a_near_duplicate_is_asked_about_on_a_terminal(
    incidentctl_dataset: Dataset, reply: str, written: bool
) -> None:
    first = add_threatened_lawyer(incidentctl_dataset)
    before = incidentctl_dataset.snapshot()
    s = Session(incidentctl_dataset.root, "--title", "Dog of a lawyer poisoned", *OPTIONS)
    warned = s.answer("Add it all the same?", reply)
    assert f"this record looks like {first} (same person 'Aiman Omarova', 2 day(s) apart" in warned
    code, shown = s.finish()
    if written:
        assert code == 0, shown
        assert len(incidentctl_dataset.files()) == 2
    else:
        assert code == 1 and "not added; nothing written" in shown
        assert incidentctl_dataset.snapshot() == before


def test_input_ending_while_asking_writes_nothing(incidentctl_dataset: Dataset) -> None:
    s = Session(incidentctl_dataset.root)
    s.answer("Title", "Lawyer threatened in Almaty")
    s.child.expect_exact("Date")
    s.child.sendeof()
    code, shown = s.finish()
    assert code == 1 and "input ended before the record was complete" in shown
    assert incidentctl_dataset.files() == []


def test_a_wrong_source_option_is_asked_again_on_a_terminal(incidentctl_dataset: Dataset) -> None:
    s = Session(
        incidentctl_dataset.root,
        *disbarred(source="javascript:alert(1)", source_lang="Klingon"),
    )
    assert "sources[0].url: 'javascript:alert(1)' is not a web address" in s.answer(
        "Source URL", "https://example.org/a"
    )
    assert "sources[0].language: 'Klingon' is not an ISO 639-1" in s.answer("Language", "Kazakh")
    code, shown = s.finish()
    assert code == 0, shown
    assert _only_record(incidentctl_dataset)["sources"] == [
        {"url": "https://example.org/a", "language": "kk"}
    ]
