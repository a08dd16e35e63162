"""The fast canonical reader agrees with the full YAML reader, or steps aside (returns None)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentctl.files import fastyaml, yamlio
from incidentctl.record.model import FIELD_ORDER, SUBORDERS

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "incidents"

# Text that exercises quoting and escaping: quotes, backslashes, YAML indicators, other scripts,
# control and special line-break characters, and a few multi-line values.
_chars = st.characters(codec="utf-8", exclude_categories=("Cs",))
_special = st.sampled_from(
    [
        '"',
        "\\",
        ":",
        " #",
        "- ",
        "|",
        "&a",
        "*a",
        "!t",
        "{",
        "[",
        "\t",
        "\x85",
        "\u2028",
        "\xa0",
        "\x1b",
        "é",
        "Сизинцев",
        "\ufeff",
    ]
)
text = st.lists(st.one_of(_chars, _special), min_size=1, max_size=12).map("".join)
one_line = text.filter(lambda s: "\n" not in s and "\r" not in s)


def _render(data: dict) -> str:
    return yamlio.canonical_text(data, SUBORDERS, FIELD_ORDER)


records = st.fixed_dictionaries(
    {
        "id": st.just("2019-kz-example"),
        "title": one_line,
        "countries": st.lists(st.sampled_from(["KZ", "NO", "BE"]), min_size=1, max_size=2),
        "people": st.lists(
            st.fixed_dictionaries(
                {"name": one_line, "aliases": st.lists(one_line, max_size=2)},
                optional={"confidential": st.booleans()},
            ),
            max_size=2,
        ),
        "summary": text,
    },
    optional={
        "outcome": text,
        "tags": st.lists(st.sampled_from(["yes", "no", "1e3", "0123"]), min_size=1),
    },
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_canonical_text_reads_the_same(data: dict) -> None:
    rendered = _render(data)
    fast = fastyaml.load(rendered)
    assert fast is None or fast == yamlio.load(rendered)


def test_bundled_records_take_the_fast_path() -> None:
    files = sorted(BUNDLED.rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = fastyaml.load(text)
        assert fast is not None, path
        assert fast == yamlio.load(text), path


_EDITS = [
    "",
    " ",
    "  ",
    "\n",
    "\n\n",
    "-",
    "- ",
    ":",
    ": ",
    '"',
    "\\",
    "#",
    " #x",
    "|",
    "|-",
    "&a ",
    "*a",
    "!!str ",
    "{",
    "[",
    "]",
    "\t",
    "\r",
    "x",
    "null",
    "~",
    "true",
    "yes",
    "---\n",
    "%YAML 1.1\n",
    "\ufeff",
    "\\x41",
    "\\u00e9",
    "\\q",
]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(_EDITS)),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_files_never_disagree(edits: list[tuple[float, int, str]]) -> None:
    """Whatever a hand edit does to a canonical file, the fast reader agrees or steps aside."""
    text = (BUNDLED / "2019" / "2019-05-21-kz-sizintsev-disbarred.yaml").read_text(encoding="utf-8")
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    fast = fastyaml.load(text)
    if fast is None:
        return
    try:
        expected = yamlio.load(text)
    except yamlio.YamlProblem as exc:
        pytest.fail(f"fast reader accepted what YAML refuses ({exc.message}):\n{text}")
    assert fast == expected


@pytest.mark.parametrize(
    "text",
    [
        'id: "x"\nid: "y"\n',  # duplicate key
        "id: x\n",  # plain scalar
        'id: "x"',  # no final newline
        'tags: ["a"]\n',  # flow sequence
        'tags:\n- "a"\n',  # indentless sequence
        "title:\n",  # null
        "summary: |\n\n  text\n",  # leading blank line in a literal block
        'id: "a\\qb"\n',  # unknown escape
        'id: "x"\r\n',  # CR
        "people:\n  - name: |\n      text\n",  # nested literal block
    ],
)
def test_unusual_shapes_are_left_to_yaml(text: str) -> None:
    assert fastyaml.load(text) is None


def test_escapes_and_blocks() -> None:
    text = 'title: "a \\"b\\" \\\\ \\x41 \\u00e9 \\_ \\N"\nsummary: |\n  one\n\n    two\n\n\nflag: true\n'
    assert (
        fastyaml.load(text)
        == yamlio.load(text)
        == {
            "title": 'a "b" \\ A é \xa0 \x85',
            "summary": "one\n\n  two\n",
            "flag": True,
        }
    )
