"""The catalogues: the template is what the code and templates hold, every message is translated
in every shipped language, and a language is added by a folder alone."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from incidentctl import i18n
from incidentctl.testing import Dataset

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "src" / "incidentctl" / "locale"
SHIPPED = ("fr", "ru")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s")


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_the_template_is_up_to_date_with_the_code_and_templates(tmp_path: Path) -> None:
    fresh = tmp_path / "incidentctl.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), "-o", str(fresh),
         "--no-location", "--sort-output", "--omit-header", str(REPO / "src")]
    )  # fmt: skip
    assert fresh.read_text("utf-8") == (LOCALE / "incidentctl.pot").read_text("utf-8"), (
        "run the pybabel extract command at the top of babel.cfg, then pybabel update"
    )
    keys = {_key(m) for m in _read(fresh) if m.id}
    assert ("type", "Disbarment") in keys, "vocabulary labels, with their vocabulary as context"
    assert (None, "By type of incident") in keys, "the report's section headings"
    assert (None, "Incidents over time") in keys, "the HTML templates' {% trans %} blocks"
    assert (None, "not verified") in keys, "the SDG count's reasons"


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_message_is_translated(lang: str) -> None:
    template = {_key(m): m for m in _read(LOCALE / "incidentctl.pot") if m.id}
    catalogue = {
        _key(m): m for m in _read(LOCALE / lang / "LC_MESSAGES" / "incidentctl.po", lang) if m.id
    }
    assert set(catalogue) == set(template), "pybabel update: the .po follows the .pot"
    for key, message in catalogue.items():
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        assert forms and all(forms), f"{lang}: {key} is not translated"
        assert not message.fuzzy, f"{lang}: {key} is fuzzy"
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        for form in forms:
            assert _placeholders(form) == _placeholders(ids[-1]), f"{lang}: {key}: placeholders"


def test_the_shipped_languages_come_from_the_folders() -> None:
    assert i18n.languages() == ("en", *SHIPPED)
    assert i18n.check_language("RU") == "ru"


def test_a_language_is_added_by_its_folder_alone(
    tmp_path: Path, incidentctl_bundled: Dataset
) -> None:
    """A translator copies the template to locale/kk/, translates, and --lang kk works: proven
    on a copy of the package with one folder added, run as a real program."""
    package = tmp_path / "site" / "incidentctl"
    shutil.copytree(REPO / "src" / "incidentctl", package)
    catalogue = Catalog(locale="kk", domain="incidentctl")
    catalogue.update(_read(LOCALE / "incidentctl.pot"))
    kazakh = {
        (None, "By country"): "Елдер бойынша",
        ("type", "Disbarment"): "Адвокаттық лицензиядан айыру",
    }
    for message in catalogue:
        message.string = kazakh.get(_key(message), "")
    (package / "locale" / "kk" / "LC_MESSAGES").mkdir(parents=True)
    with (package / "locale" / "kk" / "LC_MESSAGES" / "incidentctl.po").open("wb") as f:
        write_po(f, catalogue)
    env = {"PYTHONPATH": str(package.parent), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
    argv = [sys.executable, "-m", "incidentctl", "--root", str(incidentctl_bundled.root)]
    result = subprocess.run(
        [*argv, "report", "--year", "2019", "--lang", "kk"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\nЕлдер бойынша\n" in out and "Адвокаттық лицензиядан айыру" in out
    assert "Қазақстан (KZ)" in out, "ISO's Kazakh country name, from pycountry"
    assert "2019\u202fж. 21 мамыр" in out, "the date in Kazakh, from Babel"
    assert "\nBy type of incident\n" in out, "an untranslated message falls back to English"
    assert "Sergey Sizintsev disbarred by the Petropavlovsk City Court No. 2" in out
    unknown = subprocess.run(
        [*argv, "report", "--lang", "xx"], capture_output=True, text=True, env=env, timeout=120
    )
    assert unknown.returncode == 2 and "en, fr, kk, ru" in unknown.stderr
