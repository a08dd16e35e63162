"""The interactive ``add``: asks, on a terminal, for what is missing or wrong, one field at a time.

Each answer is checked as soon as it is given, by the model itself
(:func:`incidentctl.ops.adding.problems_of`), so a mistake is asked again at once, with the
reason, and every other answer is kept. Values given as options are kept too; an invalid
one is asked again in the same way. Questions and reasons go to stderr: stdout carries only
the new id and path, as it does in a script.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from incidentctl.errors import IncidentctlError
from incidentctl.record import vocab


def ask(label: str, suffix: str = ": ") -> str:
    """One line from the analyst ('' when they just press Enter).

    Read from stdin directly rather than through ``click.prompt``, which turns Ctrl-C into
    an abort like any other: here Ctrl-C stays an interrupt (exit 130, nothing written),
    and only the end of input is an error.
    """
    sys.stderr.write(f"{label}{suffix}")
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise IncidentctlError("input ended before the record was complete; nothing written")
    return line.strip()


def say(message: str) -> None:
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()


def _listed(text: str) -> list[str]:
    from incidentctl.ops.edit import split_list

    return split_list(text)


ASKED = frozenset({"title", "date", "countries", "types", "status", "summary", "sources"})
"""The fields asked again when a rule of the whole record fails in them."""


class Interview:
    """The questions for one record being made: ``data`` is filled in place."""

    def __init__(self, data: dict[str, Any], ask: Callable[..., str] = ask) -> None:
        self.data = data
        self.ask = ask

    # -- one value -----------------------------------------------------------------
    def _problems(self, field: str) -> list[str]:
        """Each problem of ``field`` as the analyst reads it: ``types[0]: 'coup' is not…``."""
        from incidentctl.ops.adding import problems_of

        return [f"{p.field}: {p.message}" for p in problems_of(self.data, field)]

    def value(
        self,
        holder: dict[str, Any],
        key: str,
        field: str,
        label: str,
        convert: Callable[[str], Any] = str,
        optional: bool = False,
        choices: str | None = None,
    ) -> None:
        """Ask for ``holder[key]`` (the record's ``field``) until the model accepts it.

        An existing valid value is kept without a question; an invalid one is shown with
        its reason and asked again; a blank answer to an ``optional`` question leaves the
        field out. With ``choices`` (a vocabulary's name), ``?`` lists its values in words.
        """
        while True:
            present = holder.get(key) not in (None, "", [])
            problems = self._problems(field) if present or not optional else []
            if present and not problems:
                return
            if present:
                for message in problems:
                    say(f"  {message}")
            answer = self.ask(f"{label} (? lists them)" if choices else label)
            if choices and answer == "?":
                for slug, words in vocab.VOCABULARIES[choices].items():
                    say(f"  {slug:<28} {words}")
                continue
            if not answer:
                holder.pop(key, None)
                if optional:
                    return
                say(f"  {field}: an answer is needed")
                continue
            holder[key] = convert(answer)

    # -- the whole record ------------------------------------------------------------
    def run(self) -> None:
        """Ask until no field asked about has a problem left.

        Some rules need the whole record (a date in the future, an end before the start):
        the model checks them only once every field is there, so the questions are gone
        through again while such a problem remains.
        """
        from incidentctl.ops.adding import problems_of

        asked = [0]
        answer = self.ask

        def counted(label: str, *rest: str) -> str:
            asked[0] += 1
            return answer(label, *rest)

        self.ask = counted
        try:
            while True:
                before = asked[0]
                self._once()
                left = {p.field.split("[")[0].split(".")[0] for p in problems_of(self.data)}
                if not left & ASKED or asked[0] == before:
                    return
        finally:
            self.ask = answer

    def _once(self) -> None:
        data = self.data
        self.value(data, "title", "title", "Title (one line)")
        self.value(
            data, "date", "date", "Date, as precise as the sources (2019, April 2019, 5 June 2019)"
        )
        self.value(data, "countries", "countries", "Countries (codes or names)", _listed)
        self.value(data, "types", "types", "Types, comma-separated", _listed, choices="type")
        if "people" not in data:
            self.people()
        self.value(data, "status", "status", f"Status ({', '.join(vocab.STATUSES)})")
        if not data.get("summary"):
            self.summary()
        self.value(
            data, "summary", "summary", "Summary (one line; use --summary or $EDITOR for more)"
        )
        if "sources" not in data:
            self.sources()
        for i, source in enumerate(data.get("sources") or []):
            if not isinstance(source, dict):
                continue
            for key, label in (("url", "Source URL"), ("language", "Language")):
                if key in source:  # given as an option: asked again only when wrong
                    self.value(source, key, f"sources[{i}].{key}", label, optional=True)

    def people(self) -> None:
        """The people targeted: a name, then roles and sex, until a blank name."""
        people: list[dict[str, Any]] = []
        self.data["people"] = people
        while True:
            name = self.ask("Person targeted: name (blank: no more people)")
            if not name:
                break
            person: dict[str, Any] = {"name": name}
            people.append(person)
            at = f"people[{len(people) - 1}]"
            self.value(person, "name", f"{at}.name", "Name")
            self.value(
                person,
                "roles",
                f"{at}.roles",
                f"Roles of {name}, comma-separated (blank: none)",
                _listed,
                optional=True,
                choices="role",
            )
            self.value(
                person,
                "sex",
                f"{at}.sex",
                f"Sex of {name}, {', '.join(vocab.SEXES)} (blank: not known)",
                optional=True,
            )
        if not people:
            del self.data["people"]

    def sources(self) -> None:
        """Sources: URL, publisher and language each; at least one, until a blank URL."""
        sources: list[dict[str, Any]] = []
        self.data["sources"] = sources
        while True:
            first = not sources
            url = self.ask(
                "Source URL (blank if it has none)" if first else "Another source URL (blank: done)"
            )
            if not url and not first:
                return
            source: dict[str, Any] = {"url": url} if url else {}
            sources.append(source)
            at = f"sources[{len(sources) - 1}]"
            if url:
                self.value(source, "url", f"{at}.url", "Source URL")
            self.value(
                source,
                "publisher",
                f"{at}.publisher",
                "Publisher" + (" (blank: not known)" if url or source.get("url") else ""),
                optional=bool(source.get("url")),
            )
            self.value(
                source,
                "language",
                f"{at}.language",
                "Language of the source (en, ru, Kazakh, French…; blank: not known)",
                optional=True,
            )

    def summary(self) -> None:
        """Several lines: in ``$VISUAL``/``$EDITOR`` when one is set, else typed until a blank line."""
        if os.environ.get("VISUAL") or os.environ.get("EDITOR"):
            lines = _from_editor(
                "\n# The summary: neutral, in English, one sentence a line.\n"
                "# Lines starting with # are left out.\n"
            )
        else:
            say("Summary: neutral, in English, one sentence a line; an empty line ends it.")
            lines = []
            while line := self.ask("> ", ""):
                lines.append(line)
        summary = "\n".join(lines).strip()
        if summary:
            self.data["summary"] = summary


def _from_editor(template: str) -> list[str]:
    """The lines the analyst wrote in their editor (comment lines left out)."""
    import subprocess
    import tempfile
    from pathlib import Path

    from .commands.edit import editor_command

    with tempfile.TemporaryDirectory(prefix="incidentctl-add-") as tmp:
        scratch = Path(tmp) / "summary.txt"
        scratch.write_text(template, encoding="utf-8")
        try:
            done = subprocess.run([*editor_command(), str(scratch)])
        except FileNotFoundError:
            raise IncidentctlError(f"editor not found: {' '.join(editor_command())}") from None
        if done.returncode != 0:
            return []  # the summary is then asked for on one line
        text = scratch.read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if not line.startswith("#")]


def confirm(question: str) -> bool:
    """Yes or no, no being the default."""
    return ask(f"{question} [y/N]").lower() in ("y", "yes")


def on_terminal() -> bool:
    """Questions are asked only when a person can answer them."""
    return sys.stdin.isatty()
