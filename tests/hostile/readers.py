"""The reading commands, each with the ids its JSON answer names: one line per command, so
that the bad-file and --public audits cover a new command by adding it here."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def _records(answer: Any) -> list[str]:
    return [r["id"] for r in answer]


def _people(answer: Any) -> list[str]:
    return [rid for person in answer for rid in person["incidents"]]


def _timeline(answer: Any) -> list[str]:
    return [e["id"] for e in answer if e["kind"] == "incident"]


READERS: dict[str, tuple[tuple[str, ...], Callable[[Any], list[str]]]] = {
    "list": (("list", "--format", "json"), _records),
    "search": (("search", "--format", "json"), _records),
    "report": (("report", "--format", "json"), lambda answer: answer["incidents"]),
    "people": (("people", "--format", "json"), _people),
    "timeline": (("timeline", "--format", "json"), _timeline),
    "export": (("export", "--format", "json"), _records),
}


def answered_ids(command: str, stdout: str) -> set[str]:
    """The record ids a reading command's JSON output names."""
    return set(READERS[command][1](json.loads(stdout)))
