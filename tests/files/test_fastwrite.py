"""The fast canonical writer gives the round trip's bytes, comments kept, or steps aside.

The reference is :func:`incidentctl.ops.edit.format_text` (ruamel.yaml: parse keeping comments,
merge the record in, dump). Proven on every file of generated data sets of both shapes, on
fuzzed records, fuzzed comments and fuzzed hand edits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fastpaths.test_import_write import _guard_passes
from tests.files.test_fastyaml import _EDITS, SUITE, _record_text
from tests.hostile.test_properties import incidentctl_record_data

from incidentctl.errors import RecordError
from incidentctl.files import fastwrite, guard
from incidentctl.files.parse import parse_record_text, validate_data
from incidentctl.files.reader import _fast
from incidentctl.ops.edit import format_text, render

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _reference(text: str) -> str | None:
    """The round trip's canonical text, or None when the reference refuses the file."""
    try:
        record = parse_record_text(text, "x")
    except RecordError:
        return None
    return format_text(text, "x", record)


def _agrees(text: str) -> bool:
    """Assert the fast writer gives the round trip's bytes or steps aside; True if it wrote."""
    try:
        record = parse_record_text(text, "x")
    except RecordError:
        return False
    fast = fastwrite.format_fast(text, record.to_data())
    if fast is None:
        return False
    assert fast == format_text(text, "x", record), text
    assert fastwrite.format_fast(fast, record.to_data()) == fast  # canonical stays canonical
    if fastwrite.spliced_within_guard(fast, record.to_data()):  # fmt then skips the guard's parse
        guard.check(fast)  # ... whose verdict is a pass
    return True


def _files(generate: Any, out: Path, count: int, style: str) -> list[Path]:
    generate.generate(out, count, seed=11, workers=1, verify_every=10**9, quiet=True, style=style)
    return sorted((out / "data" / "incidents").rglob("*.yaml"))


@pytest.mark.parametrize("style", ["canonical", "handwritten"])
def test_every_generated_file_is_written_fast_as_the_round_trip_writes_it(
    generate: Any, tmp_path: Path, style: str
) -> None:
    files = _files(generate, tmp_path, 60, style)
    commented = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        commented += "#" in text
        assert _agrees(text), path  # the generator's layouts never need the round trip
    if style == "handwritten":
        assert commented >= 10  # comments above keys, after values, at the top


@pytest.mark.slow
@pytest.mark.parametrize("style", ["canonical", "handwritten"])
def test_every_file_of_a_larger_generated_set_is_written_fast(
    generate: Any, tmp_path: Path, style: str
) -> None:
    for path in _files(generate, tmp_path, 600, style):
        assert _agrees(path.read_text(encoding="utf-8")), path


@pytest.mark.slow
@FUZZ
@given(incidentctl_record_data())
def test_the_canonical_text_of_fuzzed_records_is_the_round_trips(data: dict[str, Any]) -> None:
    record = validate_data(data, "generated")
    fast = fastwrite.canonical_text(record.to_data())
    if fast is not None:
        assert fast == render(record)
        # ... and the file it writes is kept as it is (tabs are left to the round trip).
        assert _agrees(fast) or "\t" in fast


_RECORDS = (st.integers(0, 10**6), st.sampled_from(["canonical", "handwritten"]))
"""A generated record (its index) in either style."""
_COMMENTS = ["# a note", "#", "  # indented note", "    #x", "", "  ", "# key: value"]


@pytest.mark.slow
@FUZZ
@given(
    *_RECORDS,
    st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(_COMMENTS), st.booleans(), st.integers(0, 6)),
        min_size=1,
        max_size=6,
    ),
)
def test_fuzzed_comments_are_kept_as_the_round_trip_keeps_them(
    generate: Any, index: int, style: str, comments: list[tuple[float, str, bool, int]]
) -> None:
    """Comment lines and blank lines anywhere, and comments after values at any column."""
    lines = _record_text(generate, 6, index, style).split("\n")[:-1]
    for where, comment, at_end, spaces in comments:
        n = int(where * len(lines))
        if at_end and n < len(lines) and comment.strip():
            lines[n] += " " * max(1, spaces) + comment.strip()
        else:
            lines.insert(n, comment)
    _agrees("\n".join(lines) + "\n")


_MORE_EDITS = [" #x", "  # x", "}", "\n\n", "\n# c\n", "  ", "\n  ", "\n- x\n"]
"""Besides the fast reader's hand edits: what moves comments and blank lines about."""


@pytest.mark.slow
@FUZZ
@given(*_RECORDS, st.data())
def test_fuzzed_hand_edits_are_written_as_the_round_trip_writes_them(
    generate: Any, index: int, style: str, data: st.DataObject
) -> None:
    text = _record_text(generate, 6, index, style)
    edit = st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(_EDITS + _MORE_EDITS))
    for where, cut, insert in data.draw(st.lists(edit, min_size=1, max_size=4)):
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    _agrees(text)


_SUITE_LINES = sorted(
    {line for case in SUITE["cases"] for line in case["yaml"].split("\n") if line.strip()}
)
"""Every distinct line of the YAML test suite's cases (anchors, tags, directives, flow and block
collections, quoting, document markers, line breaks of YAML 1.1...)."""


def _read(text: str) -> dict[str, Any] | None:
    """The record data the reader gives for ``text``, or None when it refuses it."""
    try:
        return parse_record_text(text, "x").to_data()
    except RecordError:
        return None


@pytest.mark.slow
def test_the_yaml_test_suites_lines_as_comments_keep_the_guards_verdict() -> None:
    """fmt skips the guard's parse of the fast writer's text when
    :func:`fastwrite.spliced_within_guard` says it passes: every line of the YAML test suite,
    put in a record as a comment (a line of its own, and after a value) where the
    reader accepts it, is written with that verdict."""
    lines = TEXT.split("\n")
    skipped = tried = 0
    for line in _SUITE_LINES:
        for at in (2, 3):
            edited = list(lines)
            if at == 3:
                edited[at] += "  # " + line
            else:
                edited.insert(at, "# " + line)
            text = "\n".join(edited)
            data = _read(text)
            fast = None if data is None else fastwrite.format_fast(text, data)
            if fast is None:
                continue
            tried += 1
            if fastwrite.spliced_within_guard(fast, data):
                assert _guard_passes(fast), (line, at)
                skipped += 1
    assert skipped > len(_SUITE_LINES) * 1.5  # not vacuous: most lines are read, kept and skip it


def test_the_yaml_test_suites_texts_as_values_keep_the_guards_verdict() -> None:
    """Values are the writer's own (quoted, escaped, or literal blocks): every case's text as a
    summary and an outcome, and its first line as a title and a source's title, in a file with
    comments, is written with the guard's verdict, and reads back as the same record."""
    base = parse_record_text(TEXT, "x").to_data()
    skipped = 0
    for case in SUITE["cases"]:
        text = case["yaml"] or "x"
        first = next((line for line in text.split("\n") if line.strip()), "")
        first = first if len(first.strip()) >= 5 else "x" * 5
        data = {**base, "title": first, "summary": text, "outcome": text}
        data["sources"] = [{**base["sources"][0], "title": first}]
        try:
            valid = validate_data(data, "suite").to_data()
        except RecordError:
            continue  # text the model refuses (control characters): never a record's
        canonical = fastwrite.canonical_text(valid)
        if canonical is None:
            continue
        fast = fastwrite.format_fast("# top\n" + canonical + "# end\n", valid)
        if fast is not None and fastwrite.spliced_within_guard(fast, valid):
            assert _guard_passes(fast), case["id"]
            assert _read(fast) == valid
            skipped += 1
    assert skipped > len(SUITE["cases"]) * 0.8


@pytest.mark.parametrize("brk", ["\x85", "\u2028", "\u2029"])
def test_a_comment_with_a_yaml_1_1_line_break_is_left_to_the_guard(brk: str) -> None:
    text = TEXT.replace("# the end\n", f"# the{brk}#end\n")
    record = parse_record_text(text, "x")
    fast = fastwrite.format_fast(text, record.to_data())
    assert fast is not None and brk in fast
    assert fastwrite.within_guard(record.to_data())
    assert not fastwrite.spliced_within_guard(fast, record.to_data())


def test_too_many_values_are_left_to_the_guard_which_refuses_them() -> None:
    data = parse_record_text(TEXT, "x").to_data()
    data["tags"] = [f"t{n}" for n in range(guard.MAX_NODES)]
    canonical = fastwrite.canonical_text(data)
    assert canonical is not None
    fast = fastwrite.format_fast("# a comment\n" + canonical, data)
    assert fast is not None
    assert not fastwrite.spliced_within_guard(fast, data)
    assert not _guard_passes(fast)


@pytest.mark.slow
@FUZZ
@given(
    *_RECORDS,
    st.lists(
        st.tuples(
            st.floats(0, 1), st.text(st.characters(exclude_characters="\n\r")), st.booleans()
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_fuzzed_comment_text_keeps_the_guards_verdict(
    generate: Any, index: int, style: str, comments: list[tuple[float, str, bool]]
) -> None:
    """Any characters in comments (YAML 1.1's line breaks, BOMs, markers, quotes...)."""
    lines = _record_text(generate, 6, index, style).split("\n")[:-1]
    for where, comment, at_end in comments:
        n = int(where * len(lines))
        if at_end and n < len(lines):
            lines[n] += "  #" + comment
        else:
            lines.insert(n, "#" + comment)
    text = "\n".join(lines) + "\n"
    _agrees(text)
    # fmt reads through the fast reader: what it accepts, the guard accepts too
    assert _fast(text) is None or _guard_passes(text)


TEXT = """\
# top
id: 2019-05-21-kz-x
title: 'A lawyer detained'  # short
date: 2019-05-21
countries: [KZ]
# types next

types:
- arrest-detention
status: ongoing # at its column
summary: |
  One line.
sources:
  - url: https://example.org/a   # after a url
recorded: 2020-01-01
# the end
"""


def test_comments_stay_where_the_round_trip_puts_them() -> None:
    assert _agrees(TEXT)
    fast = fastwrite.format_fast(TEXT, parse_record_text(TEXT, "x").to_data())
    assert fast is not None
    assert fast.startswith("# top\nid: ")
    assert 'title: "A lawyer detained"  # short\n' in fast  # at its column
    assert 'status: "ongoing" # at its column\n' in fast  # one space, where it no longer fits
    assert 'countries:\n  - "KZ"\n# types next\n\ntypes:\n  - "arrest-detention"\n' in fast
    assert fast.endswith('recorded: "2020-01-01"\n# the end\n')


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("types:\n- arrest", "types:\n# between\n- arrest"),  # between a key and its list
        ("countries: [KZ]\n", "countries: [KZ]  # flow\n"),  # after a flow list
        ("date: 2019-05-21\n", ""),  # keys out of order: `date` moved below
        ("summary: |\n", "summary: |  # block\n"),  # after a block header
        ("title: 'A lawyer detained'  # short\n", "title: 'A lawyer\n  detained'\n"),
    ],
)
def test_what_the_fast_writer_cannot_place_is_left_to_the_round_trip(old: str, new: str) -> None:
    text = TEXT.replace(old, new)
    if old.startswith("date"):
        text += "date: 2019-05-21\n"
    assert text != TEXT
    record = parse_record_text(text, "x")
    assert fastwrite.format_fast(text, record.to_data()) is None
    assert _reference(text) is not None  # the round trip formats it
