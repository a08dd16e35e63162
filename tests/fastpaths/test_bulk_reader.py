"""The bulk readers give exactly what the reference reader gives, on tricky files.

Bulk reading (the index build, ``validate`` at scale) takes :mod:`incidentctl.files.fastyaml` for
any well-formed file and steps aside for everything else. Whatever a file holds, the
outcome must be the reference's: the values of the round-trip reader (``yamlio.load_roundtrip``,
which ``edit`` and error locations use), the record or the first located problem of
``Store.read`` (what ``show`` and ``validate`` report), and the same answer from the index.
"""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path
from typing import Any

import pytest

from incidentctl.files import fastyaml, yamlio
from incidentctl.files.reader import read_record
from incidentctl.files.store import Store
from incidentctl.index import catalog
from incidentctl.index.filters import Filters
from incidentctl.index.rows import prepare

CANONICAL = """id: "2019-05-21-kz-tricky"
title: "Lawyer Сергей Сизинцев disbarred: «licence» revoked — 100% \\"final\\""
date: "2019-05-21"
countries:
  - "KZ"
  - "NO"
types:
  - "disbarment"
people:
  - name: "Сергей Сизинцев"
    aliases:
      - "Sergey Sizintsev"
      - "Sizentsev"
    roles:
      - "lawyer"
status: "ongoing"
summary: |
  The court revoked the licence.
  # this line is text, not a comment
    an indented line, kept as text

  A paragraph after a blank line, with “quotes”, emoji 😀 and a \\t that is no escape.
sources:
  - url: "https://www.icj.org/example"
    publisher: "ICJ"
    language: "en"
tags:
  - "yes"
  - "no"
  - "1e3"
  - "0123"
recorded: "2020-01-02"
"""

# Schema v2 (SPEC §7): nested acts, groups with a whole number, both forms of a perpetrator.
CANONICAL_V2 = CANONICAL.replace(
    """    roles:
      - "lawyer"
status: "ongoing"
""",
    """    roles:
      - "lawyer"
    sex: "male"
    age_group: "adult"
    acts:
      - type: "disbarment"
        date: "2019-05"
        perpetrators:
          - "Ministry of Justice"
groups:
  - description: "Three activists"
    size: 3
    roles:
      - "activist"
    confidential: true
perpetrators:
  - "Ministry of Justice"
  - name: "Almaty police"
    category: "police"
status: "ongoing"
verification: "likely"
""",
).replace(
    'recorded: "2020-01-02"',
    'withdrawn:\n  date: "2020-01"\n  reason: "A duplicate"\nrecorded: "2020-01-02"',
)

# (name, text): each a variation a person or another tool could write.
TRICKY: list[tuple[str, str]] = [
    ("canonical", CANONICAL),
    ("canonical v2", CANONICAL_V2),
    ("v2 quoted size", CANONICAL_V2.replace("size: 3", 'size: "3"')),
    ("v2 octal-looking size", CANONICAL_V2.replace("size: 3", "size: 010")),
    ("v2 size one", CANONICAL_V2.replace("size: 3", "size: 1")),
    ("v2 hex size", CANONICAL_V2.replace("size: 3", "size: 0x3")),
    ("unquoted date", CANONICAL.replace('date: "2019-05-21"', "date: 2019-05-21")),
    ("unquoted year", CANONICAL.replace('date: "2019-05-21"', "date: 2019")),
    ("unquoted NO", CANONICAL.replace('  - "NO"', "  - NO")),
    ("unquoted yes tag", CANONICAL.replace('  - "yes"', "  - yes")),
    ("single quotes", CANONICAL.replace('status: "ongoing"', "status: 'ongoing'")),
    ("plain scalars", CANONICAL.replace('status: "ongoing"', "status: ongoing")),
    ("folded summary", CANONICAL.replace("summary: |", "summary: >")),
    ("strip chomping", CANONICAL.replace("summary: |", "summary: |-")),
    ("keep chomping", CANONICAL.replace("summary: |", "summary: |+")),
    ("indentation indicator", CANONICAL.replace("summary: |", "summary: |2")),
    (
        "multi-line quoted",
        CANONICAL.replace(
            'status: "ongoing"', 'outcome: "line one\n  line two"\nstatus: "ongoing"'
        ),
    ),
    (
        "escapes",
        CANONICAL.replace('publisher: "ICJ"', 'publisher: "I\\x43J \\u0416 \\U0001F600 \\N\\_"'),
    ),
    ("trailing comment", CANONICAL.replace('status: "ongoing"', 'status: "ongoing"  # still')),
    ("comment lines", "# a record\n\n" + CANONICAL.replace("types:", "# the types\ntypes:")),
    ("CRLF", CANONICAL.replace("\n", "\r\n")),
    ("BOM", "\ufeff" + CANONICAL),
    ("BOM and CRLF", "\ufeff" + CANONICAL.replace("\n", "\r\n")),
    ("tab in a quoted string", CANONICAL.replace('publisher: "ICJ"', 'publisher: "I\tCJ"')),
    ("trailing spaces", CANONICAL.replace('status: "ongoing"', 'status: "ongoing"   ')),
    ("no final newline", CANONICAL.rstrip("\n")),
    ("four-space indentation", CANONICAL.replace('\n  - "', '\n    - "')),
    ("flow list", CANONICAL.replace('countries:\n  - "KZ"\n  - "NO"', 'countries: ["KZ", "NO"]')),
    ("nbsp and line separator", CANONICAL.replace("revoked —", "revoked\xa0—\u2028")),
    ("explicit document start", "---\n" + CANONICAL),
    (
        "duplicate key",
        CANONICAL.replace('status: "ongoing"', 'status: "ongoing"\nstatus: "unknown"'),
    ),
    (
        "anchor and alias",
        CANONICAL.replace('  - "KZ"', '  - &c "KZ"').replace('  - "NO"', "  - *c"),
    ),
    ("empty value", CANONICAL.replace('status: "ongoing"', "status:")),
    ("not a mapping", "- just\n- a list\n"),
    ("empty", ""),
]


def test_the_canonical_file_and_hand_written_variations_take_the_fast_path() -> None:
    fast = [name for name, text in TRICKY if fastyaml.load(text) is not None]
    assert "canonical" in fast and "comment lines" in fast and "four-space indentation" in fast
    assert "canonical v2" in fast and "v2 size one" in fast and "v2 octal-looking size" not in fast
    assert {"plain scalars", "unquoted date", "single quotes", "flow list", "CRLF"} <= set(fast)
    assert not {"duplicate key", "anchor and alias", "not a mapping", "v2 hex size"} & set(fast)


def _plain(value: Any) -> Any:
    """Round-trip values (CommentedMap, scalar strings) as plain Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    return value


def _write(incidentctl_dataset: Any, name: str, text: str) -> Path:
    folder = incidentctl_dataset.incidents / "2019"
    folder.mkdir(exist_ok=True)
    path = folder / "2019-05-21-kz-tricky.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize(("name", "text"), TRICKY, ids=[n for n, _ in TRICKY])
def test_the_fast_reader_gives_the_round_trip_values_or_steps_aside(name: str, text: str) -> None:
    try:
        decoded = yamlio.decode(text.encode("utf-8"))
    except yamlio.YamlProblem:
        return  # refused before any reader is asked, by every path alike
    fast = fastyaml.load(decoded)
    if fast is None:
        return  # the full parser decides: covered by the next test
    assert fast == _plain(yamlio.load_roundtrip(decoded)) == yamlio.load(decoded), name


@pytest.mark.slow
@pytest.mark.parametrize(("name", "text"), TRICKY, ids=[n for n, _ in TRICKY])
def test_bulk_reading_gives_the_record_or_the_problem_the_reference_gives(
    incidentctl_dataset: Any, name: str, text: str
) -> None:
    path = _write(incidentctl_dataset, name, text)
    store = Store(incidentctl_dataset.root)
    reference = store.read(path)
    read = read_record(store, path)
    prepared = prepare(store, "2019/" + path.name)
    if reference.ok:
        assert read.problems == [] and read.record is not None, name
        assert read.document == reference.record.to_data(), name
        assert read.text == reference.text, name
        assert prepared.problem is None and prepared.record is not None, name
    else:
        assert read.record is None and read.problems == reference.problems, name
        assert prepared.record is None, name
        assert prepared.problem == astuple(reference.problems[0]), name


def test_the_index_answers_from_tricky_files_as_from_their_reference(
    incidentctl_dataset: Any,
) -> None:
    """Every readable variation is found by the index with the reference's values."""
    store = Store(incidentctl_dataset.root)
    for name, text in TRICKY:
        path = _write(incidentctl_dataset, name, text)
        reference = store.read(path)
        warnings: list[Any] = []
        found = catalog.select_data(store, Filters(withdrawn=True), warnings.append)
        if reference.ok:
            assert found == [reference.record.to_data()], name
            assert warnings == [], name
        else:
            assert found == [], name
            assert [w.message for w in warnings] == [reference.problems[0].message], name
