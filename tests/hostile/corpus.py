"""A generator of hostile record files, written into a temporary data set at test time.

Each :class:`Hostile` is one file an attacker or a careless editor could put in a pull
request. ``write_corpus`` writes them all (the 30 MB one included) under
``data/incidents/2019/``; nothing here is committed as a file. Tags that would run code
create ``marker`` if they ever did: tests assert it never exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from incidentctl.files.parse import validate_data
from incidentctl.ops import edit as records
from incidentctl.testing import sample_record

YEAR = "2019"
NESTING = 20_000
BIG_FILE_BYTES = 30 * 1024 * 1024


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its stem, how to make its bytes, and what its error must say."""

    name: str
    make: Callable[[Path], bytes]
    expect: str
    """A substring of the one error message (case-insensitive)."""
    line: int | None = None
    """The line the error must point at, where the file makes it knowable."""
    harmless: bool = False
    """May be read as a valid record (a byte-order mark, CRLF line ends)."""


def valid_text(record_id: str) -> str:
    """The canonical text of a valid record whose id is ``record_id``."""
    data = {**sample_record(title=f"Valid record {record_id}"), "id": record_id}
    data["recorded"] = "2024-01-02"
    return records.render(validate_data(data, record_id))


def _const(text: str | bytes) -> Callable[[Path], bytes]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return lambda _marker: raw


def _tagged(template: str) -> Callable[[Path], bytes]:
    """A file whose tag would create ``marker`` if any loader ever ran it."""
    return lambda marker: template.replace("MARKER", str(marker)).encode("utf-8")


def _billion_laughs(_marker: Path) -> bytes:
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, 10):
        refs = ", ".join([f"*lol{i - 1}"] * 10)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    lines.append("title: *lol9")
    return ("\n".join(lines) + "\n").encode()


def _big(_marker: Path) -> bytes:
    line = b'  - "' + b"x" * 1000 + b'"\n'
    return b"id: big\ntags:\n" + line * (BIG_FILE_BYTES // len(line) + 1)


def _bom(name: str) -> Callable[[Path], bytes]:
    return lambda _marker: b"\xef\xbb\xbf" + valid_text(name).encode()


def _crlf(name: str) -> Callable[[Path], bytes]:
    return lambda _marker: valid_text(name).replace("\n", "\r\n").encode()


CASES: tuple[Hostile, ...] = (
    Hostile("alias-bomb", _billion_laughs, "anchors", line=1),
    Hostile("alias-only", _const("title: *nowhere\n"), "alias", line=1),
    Hostile(
        "tag-python-apply",
        _tagged('title: !!python/object/apply:os.system ["touch MARKER"]\n'),
        "tags",
        line=1,
    ),
    Hostile(
        "tag-python-top",
        _tagged('!!python/object/apply:os.system\nargs: ["touch MARKER"]\n'),
        "tags",
        line=1,
    ),
    Hostile(
        "tag-python-new",
        _tagged('x: !!python/object/new:subprocess.call [["touch", "MARKER"]]\n'),
        "tags",
        line=1,
    ),
    Hostile(
        "tag-python-exec",
        _tagged("x: !!python/object/apply:builtins.exec [\"open('MARKER', 'w')\"]\n"),
        "tags",
        line=1,
    ),
    Hostile("tag-python-name", _const("x: !!python/name:os.system\n"), "tags", line=1),
    Hostile(
        "tag-verbatim",
        _tagged('x: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch MARKER"]\n'),
        "tags",
        line=1,
    ),
    Hostile(
        "tag-shorthand",
        _tagged(
            "%TAG !py! tag:yaml.org,2002:python/\n---\n"
            'x: !py!object/apply:os.system ["touch MARKER"]\n'
        ),
        "directives",
    ),
    Hostile("tag-unknown", _const('title: !custom "x"\n'), "tags", line=1),
    Hostile("tag-nested", _const('sources:\n  - url: !!str "https://x.org"\n'), "tags", line=2),
    Hostile("tag-set", _const("tags: !!set {a, b}\n"), "tags", line=1),
    Hostile("duplicate-key", _const('title: "A first title"\ntitle: "A second"\n'), "duplicate", 2),
    Hostile(
        "duplicate-key-nested",
        _const('sources:\n  - url: "https://a.org"\n    url: "https://b.org"\n'),
        "duplicate",
        line=3,
    ),
    Hostile("merge-key", _const('<<: {title: "merged title"}\n'), "merge", line=1),
    Hostile("complex-key", _const("? [a, b]\n: c\n"), "key", line=1),
    Hostile("non-text-key", _const("1: one\ntrue: two\n"), "key", line=1),
    Hostile("tab-indent", _const('title: "x"\nsources:\n\t- url: "https://a.org"\n'), "tab", 3),
    Hostile("yaml-directive", _const('%YAML 1.1\n---\ntitle: "x"\n'), "directives"),
    Hostile("two-documents", _const('title: "x"\n---\ntitle: "y"\n'), "more than one", line=2),
    Hostile("invalid-utf8", _const('title: "caf\xe9"\n'.encode("latin-1")), "utf-8", line=1),
    Hostile("utf16", _const('title: "x"\n'.encode("utf-16")), "binary"),
    Hostile("binary", _const(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "binary"),
    Hostile("empty", _const(b""), "empty"),
    Hostile("whitespace-only", _const(b"  \n\n   \n"), "empty"),
    Hostile("comments-only", _const(b"# nothing here\n"), "mapping"),
    Hostile("top-list", _const('- "a"\n- "b"\n'), "mapping", line=1),
    Hostile("top-scalar", _const("just a sentence\n"), "mapping", line=1),
    Hostile("top-null", _const("~\n"), "mapping", line=1),
    Hostile("control-char", _const('title: "bell\x07"\n'), "control character", line=1),
    Hostile("unquoted-bad-date", _const('title: "x"\ndate: 2019-13-45\n'), "not a date", 2),
    Hostile("unterminated", _const('title: "never closed\n'), "syntax"),
    Hostile("nested-flow-seq", _const("[" * NESTING + "]" * NESTING), "nested", line=1),
    Hostile("nested-flow-open", _const("x: " + "[" * NESTING), "nested", line=1),
    Hostile("nested-flow-map", _const("{a: " * NESTING + "1" + "}" * NESTING), "nested", line=1),
    Hostile("nested-block-seq", _const("- " * NESTING + "x\n"), "nested", line=1),
    Hostile("nested-block-key", _const("? " * NESTING + "x\n"), "key", line=1),
    Hostile(
        "nested-block-indent",
        _const("".join(" " * i + "k:\n" for i in range(1000)) + " " * 1000 + "v\n"),
        "nested",
    ),
    Hostile("many-values", _const("tags:\n" + '  - "t"\n' * 50_000), "values"),
    Hostile("huge", _big, "too large"),
    Hostile("bom", _bom("bom"), "", harmless=True),
    Hostile("crlf", _crlf("crlf"), "", harmless=True),
)


def write_corpus(folder: Path, marker: Path) -> dict[str, Path]:
    """Write every case as ``folder/<name>.yaml``; returns the paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in CASES:
        path = folder / f"{case.name}.yaml"
        path.write_bytes(case.make(marker))
        paths[case.name] = path
    return paths
