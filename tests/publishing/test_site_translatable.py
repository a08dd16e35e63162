"""Every visible UI string of the site's templates is marked for translation (SPEC §9, ``--lang``).

A static check of the template sources: once the ``{% trans %}`` blocks, the ``{{ … }}``
expressions (``_("…")`` among them) and the ``{% … %}`` tags are taken out, no text a reader sees
(between tags, or in ``title``, ``aria-label``, ``placeholder``, ``alt`` and ``data-*`` attributes)
may hold a letter: such a word would stay English in every language.
"""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

TEMPLATES = files("incidentctl.site").joinpath("templates")
NAMES = sorted(p.name for p in TEMPLATES.iterdir() if p.name.endswith((".html", ".xml")))
_TRANS = re.compile(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", re.DOTALL)
_JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
_SHOWN_ATTRIBUTES = re.compile(
    r'\b(?:title|aria-label|placeholder|alt|data-[a-z]+)="([^"]*)"', re.IGNORECASE
)
_TAG = re.compile(r"<[^>]*>")
_ENTITIES = re.compile(r"&[a-z]+;|&#\d+;")


def untranslated(source: str) -> list[str]:
    """Words a reader would see that no gettext call or trans block covers."""
    text = _JINJA.sub(" ", _TRANS.sub(" ", source))
    words = [
        m for value in _SHOWN_ATTRIBUTES.findall(text) for m in re.findall(r"[^\W\d_]+", value)
    ]
    shown = _ENTITIES.sub(" ", _TAG.sub(" ", text))
    return words + re.findall(r"[^\W\d_]{2,}", shown)


@pytest.mark.parametrize("name", NAMES)
def test_every_ui_string_is_marked_for_translation(name: str) -> None:
    source = TEMPLATES.joinpath(name).read_text(encoding="utf-8")
    if name.endswith(".xml"):  # the feed: element names are markup, not text
        source = re.sub(r"<\?xml.*?\?>", " ", source)
    assert untranslated(source) == [], name


def test_the_check_finds_an_unmarked_word() -> None:
    assert untranslated('<h2>{{ _("Sources") }}</h2><p title="Open">{{ x }} Latest</p>') == [
        "Open",
        "Latest",
    ]
