"""One parser's verdict (issue 16, item 8): the fast reader, libyaml's loader, the round-trip
loader, and so ``validate``, ``fmt``, ``edit`` and the index, accept and refuse the same texts
with the same located message; merge-conflict markers are named as such."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from incidentctl.files import fastyaml, yamlio
from incidentctl.files.guard import MAX_DEPTH
from incidentctl.files.reader import read_record
from incidentctl.files.store import Store
from incidentctl.record.model import FIELD_ORDER, SUBORDERS
from incidentctl.testing import Dataset, sample_record


def _valid(record_id: str = "2019-05-21-kz-x") -> str:
    data = {**sample_record(), "id": record_id, "recorded": "2020-01-01"}
    return yamlio.canonical_text(data, SUBORDERS, FIELD_ORDER)


def _verdict(
    reader: Callable[[str], object], text: str
) -> tuple[int | None, int | None, str] | None:
    """None when ``reader`` reads ``text``; else its located refusal."""
    try:
        reader(text)
    except yamlio.YamlProblem as exc:
        return exc.line, exc.column, exc.message
    return None


def _pure_reads(text: str) -> bool:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        for _ in YAML(typ="rt", pure=True).parse(io.StringIO(text)):
            pass
    except YAMLError:
        return False
    return True


# Texts that libyaml reads and ruamel's pure parser refuses (or the reverse), found by mutating
# a valid record: a tab after a value or a key, a comment right after a block indicator.
DISPUTED = [
    ('date: "2019-05-21"\t\n', "after a value"),
    ('types\t:\n  - "disbarment"\n', "tab"),
    ('  - name: "Sergey Sizintsev"\t#x\n', "tab"),
    ("summary: |#\n", "chomping"),
]


@pytest.mark.parametrize(("change", "expect"), DISPUTED)
def test_disputed_texts_are_refused_by_every_reader_with_one_message(
    change: str, expect: str
) -> None:
    key = change.split(":")[0].split("\t")[0]
    lines = _valid().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(key))
    text = "".join([*lines[:at], change, *lines[at + 1 :]])
    verdicts = {_verdict(r, text) for r in (yamlio.load, yamlio.load_roundtrip)}
    assert len(verdicts) == 1 and None not in verdicts, verdicts
    (line, _column, message), *_ = verdicts
    assert line == at + 1 and expect in message, message
    assert fastyaml.load(text) is None


def test_mutated_records_get_the_same_verdict_from_every_reader() -> None:
    """Tabs, CRs, comments and spaces dropped anywhere: both loaders agree, and the fast
    reader reads only what both parsers accept."""
    base = _valid() + "# a comment\nextra: plain value\n"
    rng = random.Random(16)
    inserts = ["\t", " \t", "\t#x", "\r", "\t\n", "  ", "#", ":", "|", "\xa0"]
    disagreed = 0
    for _ in range(600):
        text = base
        for _ in range(rng.randint(1, 2)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(inserts) + text[at:]
        load, roundtrip = _verdict(yamlio.load, text), _verdict(yamlio.load_roundtrip, text)
        if load != roundtrip:
            disagreed += 1
            assert (load is None) == (roundtrip is None), (text, load, roundtrip)
        if fastyaml.load(text) is not None:
            assert _pure_reads(text) and load is None, text
    # the loaders may word a refusal differently only where a value fails to build
    assert disagreed == 0


def _deep(levels: int) -> str:
    """A record text in the fast reader's shape, nested ``levels`` mappings deep."""
    body = "".join("  " * i + "nest:\n" for i in range(levels - 1))
    return _valid() + body + "  " * (levels - 1) + 'leaf: "x"\n'


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        (_deep(MAX_DEPTH + 1), f"nested more than {MAX_DEPTH} levels deep"),
        (_valid() + "tags:\n" + "".join(f'  - "t{i}"\n' for i in range(10_001)), "values"),
    ],
    ids=["depth", "values"],
)
def test_a_file_over_the_guard_limits_is_refused_identically_by_every_reader(
    incidentctl_dataset: Dataset, text: str, expect: str
) -> None:
    ds = incidentctl_dataset
    assert fastyaml.load(text) is None
    verdicts = {_verdict(r, text) for r in (yamlio.load, yamlio.load_roundtrip)}
    assert len(verdicts) == 1 and None not in verdicts, verdicts
    path = _put(ds, "2019-05-21-kz-x", text)
    read = read_record(Store(ds.root), path)
    assert read.record is None and expect in read.problems[0].message
    located = str(read.problems[0])
    assert located.startswith("data/incidents/2019/2019-05-21-kz-x.yaml:")
    _every_command_says(ds, "2019-05-21-kz-x", located)


def _put(ds: Dataset, name: str, text: str) -> Path:
    path = ds.incidents / "2019" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _every_command_says(ds: Dataset, rid: str, want: str) -> None:
    """validate, fmt, list (the index), show and edit all name the file's one problem, and
    none of them changes it."""
    before = ds.snapshot()
    for args in (
        ("validate",),
        ("fmt",),
        ("list",),
        ("show", rid),
        ("edit", rid, "--set", "status=concluded"),
    ):
        result = ds.run(*args)
        assert want in result.stdout + result.stderr, (args, result)
        assert "Traceback" not in result.stderr
    assert ds.run("validate").exit_code == 1
    assert ds.snapshot() == before


def test_validate_fmt_edit_and_the_index_agree_on_a_tab_after_a_value(
    incidentctl_dataset: Dataset,
) -> None:
    ds = incidentctl_dataset
    rid = "2019-05-21-kz-x"
    _put(ds, rid, _valid(rid).replace('status: "ongoing"\n', 'status: "ongoing"\t\n'))
    line = _valid(rid).splitlines().index('status: "ongoing"') + 1
    _every_command_says(ds, rid, f"data/incidents/2019/{rid}.yaml:{line}:18: YAML syntax: a tab")


CONFLICTED = """id: "2019-05-21-kz-x"
<<<<<<< HEAD
status: "ongoing"
=======
status: "concluded"
>>>>>>> other-branch
"""


def test_merge_conflict_markers_are_named_by_every_reader(incidentctl_dataset: Dataset) -> None:
    ds = incidentctl_dataset
    _put(
        ds, "2019-05-21-kz-x", _valid().replace('status: "ongoing"\n', CONFLICTED.split("\n", 1)[1])
    )
    for reader in (yamlio.load, yamlio.load_roundtrip, yamlio.load_stream):
        found = _verdict(reader, CONFLICTED)
        assert found is not None and found[:2] == (2, 1)
        assert found[2].startswith("unresolved git merge conflict: resolve it and commit")
    _every_command_says(ds, "2019-05-21-kz-x", "unresolved git merge conflict: resolve it")


def test_an_equals_line_inside_a_literal_block_is_text_not_a_conflict() -> None:
    text = _valid().replace("  An appeal was announced.\n", "  =======\n  An appeal.\n")
    assert yamlio.load(text)["summary"].splitlines()[1] == "======="
