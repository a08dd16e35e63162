"""Properties (issue 7, item 7): what is written reads back equal, fmt is idempotent, and no
input bytes make the reader raise anything but its clean error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml as pyyaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from incidentctl.errors import RecordError
from incidentctl.files import yamlio
from incidentctl.files.parse import parse_record_text, validate_data
from incidentctl.files.store import Store
from incidentctl.ops import edit as records
from incidentctl.record import iso, vocab
from incidentctl.record.model import Record
from incidentctl.record.text import CONTROLS

pytestmark = pytest.mark.slow  # real processes and many runs: left out of the quick loop

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Any character a text field may hold, surrogates excepted (they cannot be UTF-8 encoded),
# and control characters (record/text.py refuses them).
_CONTROLS = "".join(chr(c) for c in range(0x2070) if CONTROLS.match(chr(c)))
_CHAR = st.characters(exclude_categories=("Cs",), exclude_characters=_CONTROLS)
_LINE_CHAR = st.characters(exclude_categories=("Cs",), exclude_characters=_CONTROLS + "\t\n\r")
one_line = st.text(_LINE_CHAR, min_size=1, max_size=40).filter(lambda s: s.strip())
multi_line = st.text(_CHAR, min_size=1, max_size=200).filter(lambda s: s.strip())
slug = st.from_regex(r"[a-z0-9][a-z0-9-]{2,30}", fullmatch=True)
tag = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
url = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}.org/{path}",
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9._~%/?=&#-]{0,30}", fullmatch=True),
)
TODAY = dt.date.today()


@st.composite
def partial_date(draw: Any, since: dt.date = dt.date(1900, 1, 1)) -> str:
    day = draw(st.dates(min_value=since, max_value=TODAY))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}", "day": f"{day:%Y-%m-%d}"}[precision]


def _unique(strategy: Any, min_size: int = 0, max_size: int = 3) -> Any:
    return st.lists(strategy, min_size=min_size, max_size=max_size, unique=True)


person = st.fixed_dictionaries(
    {"name": one_line},
    optional={
        "aliases": _unique(one_line),
        "roles": _unique(st.sampled_from(vocab.PERSON_ROLES)),
        "confidential": st.booleans(),
    },
)
source = st.one_of(
    st.fixed_dictionaries(
        {"url": url},
        optional={
            "title": one_line,
            "publisher": one_line,
            "language": st.sampled_from(sorted(iso.language_codes())),
            "published": partial_date(),
            "archived_url": url,
        },
    ),
    st.fixed_dictionaries({"publisher": one_line}, optional={"title": one_line}),
)
response = st.fixed_dictionaries(
    {"date": partial_date(), "by": one_line, "kind": st.sampled_from(vocab.RESPONSE_KINDS)},
    optional={"url": url},
)


@st.composite
def incidentctl_record_data(draw: Any) -> dict[str, Any]:
    """Plain data of a valid record, every optional field sometimes present."""
    day = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=TODAY))
    date = draw(st.sampled_from([f"{day:%Y}", f"{day:%Y-%m}", f"{day:%Y-%m-%d}"]))
    data: dict[str, Any] = {
        "id": draw(slug),
        "title": draw(
            st.text(_LINE_CHAR, min_size=5, max_size=80).filter(lambda s: len(s.strip()) >= 5)
        ),
        "date": date,
        "countries": draw(_unique(st.sampled_from(sorted(iso.country_codes())), 1)),
        "types": draw(_unique(st.sampled_from(vocab.INCIDENT_TYPES), 1)),
        "status": draw(st.sampled_from(vocab.STATUSES)),
        "summary": draw(multi_line),
        "sources": draw(st.lists(source, min_size=1, max_size=3)),
        "recorded": f"{draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)):%Y-%m-%d}",
    }
    optional = {
        "end_date": partial_date(
            since=day.replace(month=12, day=31) if day.year < TODAY.year else TODAY
        ),
        "date_note": multi_line,
        "location": one_line,
        "people": st.lists(person, max_size=3),
        "perpetrators": _unique(one_line),
        "outcome": multi_line,
        "responses": st.lists(response, max_size=2),
        "case": slug,
        "related": _unique(slug),
        "tags": _unique(tag),
        "confidential": st.booleans(),
    }
    for key in draw(st.sets(st.sampled_from(sorted(optional)))):
        data[key] = draw(optional[key])
    if data["id"] in data.get("related", []):
        data["related"].remove(data["id"])
    return data


def _record(data: dict[str, Any]) -> Record:
    try:
        return validate_data(data, "generated")
    except RecordError as exc:  # the strategy aims at valid data; say what it missed
        raise AssertionError([str(p) for p in exc.problems]) from None


@SETTINGS
@given(incidentctl_record_data())
def test_a_record_written_and_read_back_is_equal(data: dict[str, Any]) -> None:
    record = _record(data)
    text = records.render(record)
    assert parse_record_text(text, "x") == record


@SETTINGS
@given(incidentctl_record_data())
def test_a_canonical_file_formats_to_the_same_bytes(data: dict[str, Any]) -> None:
    text = records.render(_record(data))
    assert records.format_text(text, "x") == text


@SETTINGS
@given(incidentctl_record_data(), st.booleans(), st.booleans(), st.integers(1, 8))
def test_fmt_is_idempotent_on_any_layout_of_a_record(
    data: dict[str, Any], flow: bool, sort: bool, indent: int
) -> None:
    """Another program's YAML (PyYAML, flow or block, any indent, any key order)."""
    record = _record(data)
    foreign = pyyaml.safe_dump(
        record.to_data(),
        default_flow_style=flow,
        sort_keys=sort,
        indent=max(indent, 2),
        allow_unicode=indent % 2 == 0,
        width=60 + indent * 10,
    )
    assume(len(foreign.encode()) <= yamlio.MAX_FILE_BYTES)
    try:
        meaning = validate_data(yamlio.load(foreign), "x")
    except RecordError:
        # PyYAML writes YAML 1.1, whose plain 008 or 0o17 are numbers to YAML 1.2 readers:
        # fmt must refuse such a file too, and change nothing.
        try:
            records.format_text(foreign, "x")
        except RecordError:
            return
        raise AssertionError("fmt accepted a file that does not validate") from None
    once = records.format_text(foreign, "x")
    assert once == records.render(meaning)  # fmt keeps what the file means, in canonical form
    assert records.format_text(once, "x") == once


def _read_bytes(tmp: Path, raw: bytes) -> None:
    """store.read of a file holding ``raw``: a record or located problems, nothing raised."""
    folder = tmp / "data" / "incidents" / "2019"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "case.yaml"
    path.write_bytes(raw)
    loaded = Store(tmp).read(path)
    assert loaded.ok or (
        loaded.problems and all(p.path.endswith("case.yaml") for p in loaded.problems)
    )


def _decode_load_validate(raw: bytes) -> None:
    try:
        data = yamlio.load(yamlio.decode(raw))
        validate_data(data, "x")
    except (yamlio.YamlProblem, RecordError):
        pass


YAMLISH = st.text(
    st.sampled_from(list("ab:-?[]{},&*!|>'\"#%@`\t\n\r \\.~0123456789éЖ\ufeff\x85\u2028")),
    max_size=200,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.binary(max_size=300), YAMLISH.map(lambda s: s.encode("utf-8"))))
def test_arbitrary_bytes_give_a_record_or_a_clean_error(tmp_path: Path, raw: bytes) -> None:
    _decode_load_validate(raw)
    _read_bytes(tmp_path, raw)


@SETTINGS
@given(incidentctl_record_data(), st.data())
def test_a_damaged_record_gives_a_record_or_a_clean_error(
    tmp_path: Path, data: dict[str, Any], draw: st.DataObject
) -> None:
    """Valid files with bytes cut, inserted or flipped: the parser's interesting corners."""
    raw = bytearray(records.render(_record(data)).encode())
    for _ in range(draw.draw(st.integers(1, 4))):
        at = draw.draw(st.integers(0, len(raw)))
        action = draw.draw(st.sampled_from(["cut", "insert", "flip"]))
        if action == "cut":
            del raw[at : at + draw.draw(st.integers(1, 40))]
        elif action == "insert":
            raw[at:at] = draw.draw(
                st.sampled_from(
                    [
                        b"&a ",
                        b"*a",
                        b"!!python/name:os.system ",
                        b"\t",
                        b"[",
                        b"{",
                        b"\n- ",
                        b": ",
                        b"\xff",
                        b"<<: ",
                        b'"',
                        b"|",
                        b"\n---\n",
                    ]
                )
            )
        elif raw:
            raw[min(at, len(raw) - 1)] ^= draw.draw(st.integers(1, 255))
    _decode_load_validate(bytes(raw))
    _read_bytes(tmp_path, bytes(raw))
