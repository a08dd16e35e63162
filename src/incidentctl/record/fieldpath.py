"""Field paths: ``sources[1].url`` <-> ``('sources', 1, 'url')``.

One grammar wherever a path is written or read: ``edit --set``, CSV column names,
the field a problem belongs to, and finding that field again in an import batch.
Indexes count from 0, as in JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

Step = str | int
FieldPath = tuple[Step, ...]

FIELD_NAME = r"[a-z_]+"
"""A field name as the model spells them (what ``--set`` and CSV headers accept)."""
ANY_NAME = r"[^.\[\]]+"
"""Any key at all: paths of problems in input, whose unknown keys may be spelt anyhow."""

_INDEX = re.compile(r"\[(\d+)\]")


class FieldPathError(ValueError):
    """The text is not a field path."""


@lru_cache(maxsize=4)
def _segment(name: str) -> re.Pattern[str]:
    return re.compile(rf"({name})((?:\[\d+\])*)")


def parse_field_path(text: str, name: str = FIELD_NAME) -> FieldPath:
    """``sources[1].url`` -> ``('sources', 1, 'url')``; FieldPathError when it is not a path.

    Segments are separated by dots; each is a name (matching ``name``) and any indexes.
    """
    steps: list[Step] = []
    segment = _segment(name)
    for part in text.split("."):
        m = segment.fullmatch(part)
        if not m:
            raise FieldPathError(f"'{text}' is not a field path")
        steps.append(m.group(1))
        steps.extend(int(i) for i in _INDEX.findall(m.group(2)))
    return tuple(steps)


def format_field_path(path: Iterable[Step]) -> str:
    """``('sources', 1, 'url')`` -> ``sources[1].url``; the empty path is ``''``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out
