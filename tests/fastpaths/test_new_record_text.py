"""The fast canonical writer (files/fastwrite.py) writes a new record byte for byte as the
round-trip writer does, or steps aside; ``import`` writes the same files either way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentctl.errors import RecordError
from incidentctl.files import fastwrite as emitter
from incidentctl.files.store import Store
from incidentctl.ops.edit import complete, render
from incidentctl.record.model import FIELD_ORDER, SUBORDERS, Record
from incidentctl.testing import Dataset, sample_record


def _fast(record: Record) -> str | None:
    return emitter.canonical_text(record.to_data(), SUBORDERS, FIELD_ORDER)


def test_every_generated_record_is_emitted_as_the_round_trip_writer_writes_it(
    generated: Path,
) -> None:
    store = Store(generated)
    files = store.listing().files
    assert len(files) == 300
    for path in files:
        loaded = store.read(path)
        assert loaded.ok, loaded.problems
        fast = _fast(loaded.record)
        assert fast is not None, path  # the generated data needs no escape: never steps aside
        assert fast == render(loaded.record) == path.read_text(encoding="utf-8"), path


_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda t: t.strip() != "")
"""Any text: quotes, backslashes, control and format characters, leading spaces, '#', ': '."""


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_TEXT,
    summary=st.lists(_TEXT, min_size=1, max_size=3).map("\n".join),
    location=_TEXT,
    name=_TEXT,
    url_path=st.text("abc/?=&%#", max_size=10),
    tags=st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), max_size=3),
)
def test_any_record_is_emitted_as_the_round_trip_writer_writes_it_or_stepped_aside(
    title: str, summary: str, location: str, name: str, url_path: str, tags: list[str]
) -> None:
    data: dict[str, Any] = sample_record(title=title, summary=summary, location=location)
    data["people"][0]["name"] = name
    data["sources"][0]["url"] = "https://example.org/" + url_path
    if tags:
        data["tags"] = tags
    try:
        record = complete(data)
    except RecordError:  # text the model refuses is not the emitter's concern
        return
    fast = _fast(record)
    if fast is not None:
        assert fast == render(record)


@pytest.mark.parametrize(
    "change",
    [
        {"title": 'quote " and back\\slash'},
        {"title": "tab\there"},
        {"summary": "  leading spaces"},
        {"summary": "trailing space \nnext"},
        {"summary": "one\n\ntwo"},
        {"summary": "# looks like a comment"},
        {"location": "line\nbreak"},
        {"title": "x" * (emitter.MAX_TEXT + 1)},
        {"title": "\u2028 separator"},
    ],
)
def test_awkward_text_is_emitted_exactly_or_left_to_the_round_trip_writer(
    change: dict[str, str],
) -> None:
    try:
        record = complete(sample_record(**change))
    except RecordError:  # refused by the model: nothing to write
        return
    fast = _fast(record)
    assert fast is None or fast == render(record)


def test_data_out_of_canonical_order_or_empty_is_left_to_the_round_trip_writer() -> None:
    data = complete(sample_record()).to_data()
    reordered = {"title": data["title"], **{k: v for k, v in data.items() if k != "title"}}
    assert emitter.canonical_text(reordered, SUBORDERS, FIELD_ORDER) is None
    assert emitter.canonical_text({**data, "tags": []}, SUBORDERS, FIELD_ORDER) is None
    assert emitter.canonical_text({**data, "location": None}, SUBORDERS, FIELD_ORDER) is None
    assert emitter.canonical_text({**data, "unknown": "x"}, SUBORDERS, FIELD_ORDER) is None


@pytest.mark.slow
def test_a_large_import_writes_the_files_one_by_one_import_writes(
    generated: Path, incidentctl_dataset: Dataset, tmp_path: Path
) -> None:
    """Over :data:`importer.PARALLEL_FROM` new records, written as one staged batch: the same
    files, byte for byte, as the same import written one by one (below the threshold)."""
    out = incidentctl_dataset.run("--root", str(generated), "export", "--format", "jsonl")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    for item in lines:
        item.pop("related", None)  # a withdrawn record the export leaves out may be named
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines))
    assert len(lines) > 200
    whole = incidentctl_dataset.run("import", str(batch))
    assert whole.exit_code == 0, whole.stderr
    written = _records(incidentctl_dataset)
    one_by_one = tmp_path / "one"
    one_by_one.mkdir()
    (one_by_one / "data" / "incidents").mkdir(parents=True)
    twin = Dataset(root=one_by_one)
    for chunk in range(0, len(lines), 50):  # below the threshold: the sequential path
        part = tmp_path / f"part{chunk}.jsonl"
        part.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines[chunk : chunk + 50])
        )
        assert twin.run("import", str(part)).exit_code == 0
    assert _records(twin) == written


def _records(data: Dataset) -> dict[str, bytes]:
    return {k: v for k, v in data.snapshot().items() if k.endswith(".yaml")}
