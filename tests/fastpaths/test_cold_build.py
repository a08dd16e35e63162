"""The cold build's shortcuts give what the code they bypass gives.

- a record's stored JSON comes from pydantic's serializer and its facet rows from the model,
  where they came from ``to_data()``, ``json.dumps`` and :func:`rows.facet_rows` (the removal of
  a record still derives its facets from the stored JSON, so the two must agree exactly);
- the fast reader finds odd block scalar headers by looking back from ``|`` and ``>`` instead
  of running its pattern from every ``:`` and ``-``;
- a model's dates come from a cache by text, and country and language codes are looked up in a
  set rather than the codes' tuple.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.hostile.test_properties import incidentctl_record_data

from incidentctl.files import fastyaml
from incidentctl.files.parse import validate_data
from incidentctl.files.reader import read_record
from incidentctl.files.store import Store
from incidentctl.index import rows
from incidentctl.record.model import Record


def _reference_doc(record: Record) -> str:
    return json.dumps(record.to_data(), ensure_ascii=False, separators=(",", ":"))


def _assert_same_rows(record: Record) -> None:
    prepared = rows._derive(b"d", "2019/x.yaml", record, text=False)
    assert prepared.doc == _reference_doc(record)
    assert prepared.facets == rows.facet_rows(record.to_data())
    assert json.loads(prepared.doc) == record.to_data()
    with_text = rows._derive(b"d", "2019/x.yaml", record, text=True)
    assert with_text.fts == [rows.fts_texts(record.to_data())]
    assert (with_text.doc, with_text.facets) == (prepared.doc, prepared.facets)


@given(incidentctl_record_data())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_stored_json_and_facets_equal_those_of_the_plain_data(data: dict[str, Any]) -> None:
    _assert_same_rows(validate_data(data, "generated"))


def test_the_generated_records_store_the_same_json_and_facets(generated: Path) -> None:
    """Every kind of v2 content (acts, groups, perpetrator categories, withdrawn, confidential
    people, languages, external ids) and non-Latin text, as a build reads them."""
    store = Store(generated)
    paths = sorted(store.data_dir.rglob("*.yaml"))
    assert len(paths) == 300
    roles = languages = 0
    for path in paths:
        record = read_record(store, path).record
        assert record is not None, path
        _assert_same_rows(record)
        roles += any(person.roles for person in record.people)
        languages += any(source.language for source in record.sources)
    assert roles and languages  # the facets read from nested values were there


def test_a_facet_listed_twice_is_one_row_and_a_withdrawn_record_has_its_own() -> None:
    """``dict.fromkeys`` in both: the same role of two people, the same language of two
    sources, give one row each; withdrawn and external ids are facets too."""
    data = {
        "id": "2019-kz-x",
        "title": "Two of the same",
        "date": "2019",
        "countries": ["KZ", "RU"],
        "types": ["arrest-detention"],
        "people": [{"name": "A", "roles": ["journalist"]}, {"name": "B", "roles": ["journalist"]}],
        "status": "ongoing",
        "summary": "Text.",
        "sources": [
            {"url": "https://a.org/1", "language": "ru"},
            {"url": "https://b.org/2", "language": "ru"},
        ],
        "external_ids": ["acled:KAZ1"],
        "withdrawn": {"date": "2024-02", "reason": "A duplicate.", "duplicate_of": "2019-kz-y"},
        "recorded": "2024-01-02",
    }
    record = validate_data(data, "t")
    assert rows.record_facet_rows(record) == [
        ("country", "KZ"),
        ("country", "RU"),
        ("type", "arrest-detention"),
        ("role", "journalist"),
        ("lang", "ru"),
        ("withdrawn", "yes"),
        ("external_id", "acled:KAZ1"),
    ]
    _assert_same_rows(record)


def _pattern_says_odd(text: str) -> bool:
    """What the fast reader asked before: any block header match that is not a good header."""
    return any(
        not fastyaml._GOOD_HEADER.fullmatch(found.group(1))
        for found in fastyaml._BLOCK_HEADER.finditer(text)
    )


@given(st.text(alphabet=st.sampled_from(list(": -|>#\n1+2ax")), max_size=60))
@settings(max_examples=3000, deadline=None)
def test_the_block_header_check_finds_what_the_pattern_finds(text: str) -> None:
    assert fastyaml._odd_block_header(text) == _pattern_says_odd(text)


def test_the_block_header_check_on_the_headers_of_records() -> None:
    good = ["k: |\n  a\n", "k: >-\n  a\n", "- |2\n  a\n", "k:  |+ # note |x\n  a\n", "k: 'a|b'\n"]
    odd = ["k: |x\n  a\n", "k: >1_000\n", "a: b\nk: |-x\n", "k: | # c\nj: >z\n", "-  >a"]
    for text in good:
        assert not fastyaml._odd_block_header(text), text
        assert not _pattern_says_odd(text), text
    for text in odd:
        assert fastyaml._odd_block_header(text), text
        assert _pattern_says_odd(text), text


_DATE_TEXTS = st.one_of(
    st.from_regex(r"[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?", fullmatch=True),
    st.sampled_from(["2019-02-29", "2020-02-29", "2019-13", "0000", " 2019-04 ", "2019-4", ""]),
    st.text(max_size=12),
)


def _coerced(text: str) -> tuple[str, Any]:
    from incidentctl.record.dates import _coerce

    try:
        return "ok", _coerce(text)
    except ValueError as exc:
        return type(exc).__name__, str(exc)


def _parsed(text: str) -> tuple[str, Any]:
    from incidentctl.record.dates import _ISO, PartialDate

    try:
        return "ok", PartialDate.parse_iso(text)
    except ValueError as exc:
        if _ISO.match(text.strip()):
            return type(exc).__name__, str(exc)
        return "other", None


@given(_DATE_TEXTS)
@settings(max_examples=400, deadline=None)
def test_a_remembered_date_is_the_date_parse_iso_reads(text: str) -> None:
    """The model's dates come from a cache by text (``dates._stored``): the same value as
    :meth:`PartialDate.parse_iso`, and the same refusal, read once or twice."""
    first, again, expected = _coerced(text), _coerced(text), _parsed(text)
    assert first == again
    if expected[0] != "other":  # a text that is no ISO date at all gets _coerce's own message
        assert first == expected
    else:
        assert first[0] != "ok"


def test_a_code_check_accepts_exactly_the_codes() -> None:
    """Countries and languages are looked up in a set made from the codes' tuple."""
    from incidentctl.record import iso
    from incidentctl.record.model import _check_country, _check_language

    for check, codes in (
        (_check_country, iso.country_codes()),
        (_check_language, iso.language_codes()),
    ):
        for code in codes:
            assert check(code) == code
        for wrong in ("kz", "ZZ", "", "KZ ", codes[0] + "x"):
            if wrong not in codes:
                try:
                    check(wrong)
                except ValueError:
                    continue
                raise AssertionError(wrong)
