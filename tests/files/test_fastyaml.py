"""The fast reader (rapidyaml) gives exactly the reference reader's values, or steps aside (None).

Proved on every case of the official YAML test suite (vendored in tests/data/yaml-test-suite,
MIT), on fuzzed scalars in every position and quoting, on generated records in both styles and
on hand edits of them. Both ways through the reader are checked: :func:`fastyaml.load` (rapidyaml's
JSON, with doubtful strings typed from the tree) and :func:`fastyaml.load_exact` (the tree walk).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentctl.files import fastyaml, yamlio

ROOT = Path(__file__).resolve().parents[2]
SUITE = json.loads((ROOT / "tests/data/yaml-test-suite/cases.json").read_text(encoding="utf-8"))
READERS = (fastyaml.load, fastyaml.load_exact)


def _typed(value: Any) -> Any:
    """``value`` with every scalar's type made part of it (so ``1 != True``, dates != text)."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def _reference(text: str) -> tuple[Any, str | None]:
    """The reference reader's values, or its refusal."""
    try:
        return yamlio.load(text), None
    except yamlio.YamlProblem as exc:
        return None, exc.message


def _agrees(text: str) -> bool:
    """Assert that both fast readers agree with the reference or step aside; True if one read."""
    expected, refusal = _reference(text)
    read = False
    for reader in READERS:
        got = reader(text)
        if got is None:
            continue
        read = True
        assert refusal is None, f"{reader.__name__} accepted what is refused ({refusal}):\n{text}"
        assert _typed(got) == _typed(expected), f"{reader.__name__} differs on:\n{text}"
    return read


def _agrees_in_every_form(text: str) -> None:
    """``text`` as written, with Windows line ends, marked as a document, without its last
    line break: forms the fast reader normalises or reads as they are."""
    for form in (text, text.replace("\n", "\r\n"), "---\n" + text, text.rstrip("\n")):
        _agrees(form)


@pytest.mark.parametrize("case", SUITE["cases"], ids=lambda case: case["id"])
def test_yaml_test_suite_case(case: dict[str, Any]) -> None:
    try:
        text = yamlio.decode(case["yaml"].encode("utf-8"))
    except yamlio.YamlProblem:
        return  # empty: refused before any reader runs
    _agrees(text)


def test_bundled_records_take_the_fast_path() -> None:
    files = sorted((ROOT / "data" / "incidents").rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert fastyaml.load(text) is not None, path
        assert _agrees(text), path


def test_yaml_test_suite_cases_are_read_fast_where_the_reference_reads_them() -> None:
    """Not everything steps aside: the block mappings of the suite that the reference reads (and
    that hold no tag, anchor or flow mapping) are read by the fast reader too."""
    read = sum(_agrees(case["yaml"]) for case in SUITE["cases"] if case["yaml"].strip())
    assert read >= 25


# -- fuzzed scalars, in every position and quoting ----------------------------------------------

_TOKENS = st.sampled_from(
    [
        "~",
        "null",
        "Null",
        "NULL",
        "true",
        "True",
        "FALSE",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "0",
        "-0",
        "+1",
        "017",
        "0o17",
        "0x1F",
        "0b11",
        "1_000",
        "12",
        "-3",
        "1.5",
        "1e3",
        ".5",
        ".inf",
        "-.Inf",
        ".nan",
        "nan",
        "inf",
        "2019",
        "2019-05",
        "2019-05-21",
        "2019-5-21",
        "2019-13-45",
        "2001-12-14t21:59:43.10-05:00",
        "2019-05-21 10:00:00",
        "12:30",
        "1:20:30",
        "<<",
        "=",
        "!",
        "&a",
        "*a",
        "!!str",
        "?",
        "-",
        ":",
        "#",
        " #x",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        '"',
        "\\",
        "|",
        ">",
        "%",
        "@",
        "`",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "é",
        "Сизинцев",
        "NO",
        "KZ",
        "a",
        "x y",
    ]
)
_SCALARS = st.lists(_TOKENS, min_size=0, max_size=4).map("".join)


def _single(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _double(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_LAYOUTS = [
    "k: {}\n",
    "k: {}  # note\n",
    "a: 1\nk: {}\nz: x\n",
    "k: [{}, x]\n",
    "k: [x, {}]\n",
    "k:\n- {}\n- x\n",
    "k:\n  - {}\n",
    "k:\n  - n: {}\n    m: x\n",
    "{}: v\n",
    "a:\n  {}: v\n",
]


@settings(max_examples=600, deadline=None)
@given(
    _SCALARS,
    st.sampled_from([str, _single, _double]),
    st.sampled_from(_LAYOUTS),
)
def test_fuzzed_scalars_read_exactly_or_step_aside(scalar: str, quote: Any, layout: str) -> None:
    _agrees_in_every_form(layout.replace("{}", quote(scalar)))


_ESCAPES = st.sampled_from(
    [
        "\\x41",
        "\\u00e9",
        "\\U0001F600",
        "\\U00110000",
        "\\ud800",
        "\\U0000DC00",
        "\\N",
        "\\_",
        "\\L",
        "\\P",
        "\\t",
        "\\n",
        "\\0",
        "\\e",
        "\\/",
        '\\"',
        "\\\\",
        "\\q",
        "\\x4",
        "\\\n  ",
        "\n",
        "\n\n",
        " ",
        "a",
        "é",
        "'",
        "#",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ESCAPES, max_size=5).map("".join), st.sampled_from(_LAYOUTS))
def test_fuzzed_escapes_read_exactly_or_step_aside(body: str, layout: str) -> None:
    """Escapes and line folding inside double quotes, as written (not produced by a writer)."""
    _agrees_in_every_form(layout.replace("{}", f'"{body}"'))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_SCALARS, st.sampled_from([str, _single, _double])), max_size=6))
def test_fuzzed_mappings_of_scalars(pairs: list[tuple[str, Any]]) -> None:
    """Several values in one file, some repeated in other quoting (the doubt about a string is
    settled per node, so one plain and one quoted ``2019-05-21`` must each keep their type)."""
    lines = [f"k{i}: {quote(s)}\n" for i, (s, quote) in enumerate(pairs)]
    lines += [f"q{i}: {_double(s)}\n" for i, (s, _) in enumerate(pairs)]
    _agrees_in_every_form("".join(lines) or "k: v\n")


def _json_readers_agree(text: str) -> None:
    """pydantic-core's ``from_json``, which the fast reader uses, and ``json.loads`` read
    rapidyaml's JSON of ``text`` alike: the same typed values, or both refuse it (a refusal
    sends the text to the tree walk)."""
    import ryml
    from pydantic_core import from_json

    tree = fastyaml._parse(text.encode("utf-8"))
    if tree is None:
        return
    try:
        emitted = ryml.emit_json_malloc(tree, tree.root_id())
    except ryml.ExceptionBasic:
        return
    got: list[Any] = []
    for read in (json.loads, from_json):
        try:
            got.append(_typed(read(emitted)))
        except (ValueError, TypeError):
            got.append("refused")
    # from_json refuses a lone surrogate that json.loads reads: stepping aside is safe
    if got[1] != "refused":
        assert got[0] == got[1], emitted


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(_SCALARS, st.lists(_ESCAPES, max_size=5).map("".join)),
    st.sampled_from([str, _single, _double]),
    st.sampled_from(_LAYOUTS),
)
def test_the_json_reader_reads_what_json_loads_reads(scalar: str, quote: Any, layout: str) -> None:
    _json_readers_agree(layout.replace("{}", quote(scalar)))


@pytest.mark.parametrize(
    "plain",
    [
        "017",
        "+1",
        "-0",
        "1_000",
        "0x1F",
        "0o17",
        ".inf",
        "-.inf",
        ".nan",
        "1e3",
        "1E400",
        "12345678901234567890123456789",
        "2019-05-21",
        "~",
        "null",
        "True",
        "1.",
    ],
)
def test_the_json_reader_reads_numbers_as_json_loads_does(plain: str) -> None:
    _json_readers_agree(f"k: {plain}\nl:\n- {plain}\n- [{plain}, x]\n")


def test_a_date_is_typed_by_its_own_node() -> None:
    text = 'date: 2019-05-21\nrecorded: "2019-05-21"\nid: 2019-05-21-kz-x\nyear: 2019\n'
    assert fastyaml.load(text) == {
        "date": dt.date(2019, 5, 21),
        "recorded": "2019-05-21",
        "id": "2019-05-21-kz-x",
        "year": 2019,
    }
    assert _agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "&x a: 1\nb: *x\n",  # anchor and alias
        "a: !!str 1\n",  # tag
        "<<: {a: 1}\n",  # merge key
        "--- \na: 1\n--- \nb: 2\n",  # several documents
        "%YAML 1.2\n---\na: 1\n",  # directive
        "yes: 1\n",  # a YAML 1.1 boolean as a key
        "1: x\n",  # a number as a key
        "a: 0x1F\n",  # hexadecimal
        "a: .inf\n",  # float
        "a: 2019-13-45\n",  # an impossible date
        "a: x\rb: y\n",  # a lone CR
        "a:\tx\n",  # tab
        "a: [b\n",  # broken
        "{a: 1}\n",  # flow mapping
        "a: |\n  x\n  ",  # no final newline inside a block scalar
    ],
)
def test_what_the_reference_refuses_or_types_otherwise_steps_aside(text: str) -> None:
    assert fastyaml.load(text) is None
    assert fastyaml.load_exact(text) is None


def test_nesting_and_size_stay_within_the_guards_limits() -> None:
    deep = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 40)) + "  " * 40 + "c: 1\n"
    assert fastyaml.load(deep) is None
    many = "".join(f"k{i}: [{', '.join('x' * 10)}]\n" for i in range(600))
    assert fastyaml.load(many) is None  # 6,600 values: more than the guard's node cap


def test_a_refused_text_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    """rapidyaml prints its parse errors on standard error; the reader keeps them off it."""
    assert fastyaml.load("a: [b\nc: {\n") is None
    out, err = capfd.readouterr()
    assert out == err == ""
    print("still here", file=sys.stderr)
    assert capfd.readouterr().err == "still here\n"


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(),
    reason="signals reach the main thread",
)
def test_ctrl_c_while_stderr_is_silenced_arrives_once_it_is_back(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A Ctrl-C during a parse must not leave the run's "interrupted" line going to /dev/null
    (CI saw exit 130 with nothing said): the interrupt waits until stderr is restored."""
    reached_the_end = False
    with pytest.raises(KeyboardInterrupt):
        with fastyaml._stderr_silenced():
            # to this thread: a process-directed signal may go to a thread that does not block it
            # (pytest-xdist's), which stands for a Ctrl-C arriving before the block began
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
            for _ in range(10_000):  # Python would raise KeyboardInterrupt in this loop
                pass
            time.sleep(0.05)
            reached_the_end = True
        pytest.fail("the held Ctrl-C was never delivered")
    os.write(2, b"interrupted\n")
    assert reached_the_end
    assert capfd.readouterr().err == "interrupted\n"
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


# -- generated records, in both styles, and hand edits of them ----------------------------------


def _record_text(generate: Any, seed: int, index: int, style: str) -> str:
    from incidentctl.ops.edit import render
    from incidentctl.record.model import Record

    sk = generate.skeleton(seed, index)
    data = generate.record_data(seed, index, sk, f"{sk.date}-kz-r{index}", [])
    clean = Record.model_validate(data).to_data()
    try:
        if style == "handwritten":
            return str(generate.handwritten(clean, generate._rng(seed, index, "hand")))
        return str(generate.canonical(clean))
    except ValueError:
        return render(Record.model_validate(data))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(["canonical", "handwritten"]))
def test_generated_records_read_exactly(generate: Any, seed: int, index: int, style: str) -> None:
    text = _record_text(generate, seed, index, style)
    assert fastyaml.load(text) is not None  # any well-formed record reads fast
    assert fastyaml.load(text.replace("\n", "\r\n")) is not None  # written on Windows too
    assert _agrees(text)
    _agrees_in_every_form(text)


_EDITS = [
    "",
    " ",
    "\n",
    "-",
    "- ",
    ":",
    ": ",
    '"',
    "'",
    "\\",
    "#",
    " #x",
    "|",
    "|-",
    ">",
    "&a ",
    "*a",
    "!!str ",
    "{",
    "[",
    "]",
    ",",
    "\t",
    "\r",
    "x",
    "null",
    "~",
    "yes",
    "0x1F",
    ".nan",
    "2019-05-21",
    "2019-13-45",
    "---\n",
    "%YAML 1.1\n",
    "? ",
    "<<: ",
    "\\x41",
    "\\q",
]


@pytest.mark.slow
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.integers(0, 1000),
    st.sampled_from(["canonical", "handwritten"]),
    st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(_EDITS)),
        min_size=1,
        max_size=4,
    ),
)
def test_hand_edits_never_disagree(
    generate: Any, index: int, style: str, edits: list[tuple[float, int, str]]
) -> None:
    """Whatever a hand edit does to a record file, the fast reader agrees or steps aside."""
    text = _record_text(generate, 6, index, style)
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    _agrees(text)


@pytest.mark.parametrize("header", ["|1_000", "|2x", ">-x", "|+1 2", ">9a"])
def test_a_block_header_libyaml_refuses_is_left_to_it(header: str) -> None:
    # found by the fuzzed scalars: rapidyaml read ``k: |1_000`` as a block scalar
    text = f"k: {header}\n  text\n"
    assert fastyaml.load(text) is None
    _agrees_in_every_form(text)


@pytest.mark.parametrize("plain", ["inf", "infinity", ".Inf", "-inf", "nan", ".NaN"])
def test_a_plain_text_rapidyaml_rewrites_is_typed_from_its_own_node(plain: str) -> None:
    # found by the fuzzed mappings: rapidyaml emits plain ``inf`` as ".inf", which a quoted
    # ".inf" elsewhere in the file made look like quoted text
    quoted = {"inf": ".inf", "infinity": ".inf", ".Inf": ".inf", "-inf": "-.inf"}.get(plain, ".nan")
    _agrees_in_every_form(f'k0: "{quoted}"\nk1: {plain}\n')
