"""One Markdown escaper for reports and pull-request comments: record text stays literal."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from incidentctl.render.markup import md_escape, one_line

SPECIAL = "\\`*_[]<>|~&#"


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@given(st.text(alphabet=st.sampled_from([*SPECIAL, "a", " ", "\n", "\r", "\t", "é"]), max_size=30))
def test_every_special_character_is_escaped_and_nothing_else_is_lost(text: str) -> None:
    escaped = md_escape(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert not re.search(r"(?<!\\)(?:\\\\)*[`*_\[\]<>|~&#]", escaped)
    assert _unescape(escaped) == one_line(text)


def test_keep_lines_shows_each_line_with_br_and_breaks_no_table() -> None:
    assert md_escape("a | b\r\n<i>c</i>", keep_lines=True) == r"a \| b<br>\<i\>c\</i\>"
    assert md_escape("a | b\r\n<i>c</i>") == r"a \| b \<i\>c\</i\>"


def test_one_line_folds_each_run_of_breaks_and_tabs_into_one_space() -> None:
    assert one_line("a\r\n\tb\nc") == "a b c"
