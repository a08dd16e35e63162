"""What ``add`` does beyond :func:`.edit.add`: flags that set any field, errors located in the
``--from`` file, a check of answers one field at a time, and the near-duplicate warning.

Nothing here writes: the record is still written by :func:`.edit.add`, once, after every
check; these functions only build its data and say what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentctl.errors import IncidentctlError, Problem, RecordError, UsageError
from incidentctl.files.positions import Positions
from incidentctl.files.store import Store
from incidentctl.record import ids, vocab

if TYPE_CHECKING:
    from incidentctl.record.model import Record


# -- flags ------------------------------------------------------------------------


def _choice(flag: str, text: str, what: str, part: str, allowed: Sequence[str]) -> str:
    """A vocabulary part of a flag's value, or an error naming the flag, the part and why."""
    value = part.strip().lower()
    if value not in allowed:
        raise IncidentctlError(
            f"{flag} '{text}': the {what} '{part.strip()}' is not one of: {', '.join(allowed)}"
            f"{vocab.did_you_mean(part, allowed)}"
        )
    return value


def person_from_flag(text: str) -> dict[str, Any]:
    """``--person "Name:role:sex"`` -> a person's data; roles may be ``role,role``.

    Every part after the name is optional (``Name``, ``Name:lawyer``, ``Name::female``),
    and a part that is not in its vocabulary is refused here, naming the part, rather
    than stored as something else or reported later under a field path the analyst
    never typed.
    """
    parts = text.split(":")
    if len(parts) > 3:
        raise IncidentctlError(
            f"--person '{text}': at most NAME:ROLE:SEX (found {len(parts)} parts)"
        )
    name = parts[0].strip()
    if not name:
        raise IncidentctlError(f"--person '{text}': the name is missing (NAME:ROLE:SEX)")
    person: dict[str, Any] = {"name": name}
    roles = [r for r in parts[1].split(",") if r.strip()] if len(parts) > 1 else []
    if roles:
        person["roles"] = [_choice("--person", text, "role", r, vocab.PERSON_ROLES) for r in roles]
    if len(parts) > 2 and parts[2].strip():
        person["sex"] = _choice("--person", text, "sex", parts[2], vocab.SEXES)
    return person


def perpetrator_from_flag(text: str) -> str | dict[str, str]:
    """``--perpetrator "Name:category"`` -> ``{name, category}``; a bare name stays text."""
    name, colon, category = text.partition(":")
    if not name.strip():
        raise IncidentctlError(f"--perpetrator '{text}': the name is missing (NAME:CATEGORY)")
    if not colon or not category.strip():
        return name.strip()
    if ":" in category:
        raise IncidentctlError(f"--perpetrator '{text}': at most NAME:CATEGORY")
    return {
        "name": name.strip(),
        "category": _choice(
            "--perpetrator", text, "category", category, vocab.PERPETRATOR_CATEGORIES
        ),
    }


def apply_sets(data: dict[str, Any], assignments: Sequence[str]) -> dict[str, Any]:
    """``add --set PATH=VALUE``: :func:`.edit.apply_assignments` on a record being made.

    The grammar and the values are exactly those of ``edit --set``; the one difference is
    that a new record has no lists yet, so the entries a path names are created first
    (``people[0].name=…`` makes the first person), in order, never leaving a gap.
    """
    from incidentctl.ops.edit import apply_assignments, parse_assignment
    from incidentctl.record.fieldpath import format_field_path

    out = dict(data)
    for text in assignments:
        path, _ = parse_assignment(text)
        node: Any = out
        for step, following in zip(path, [*path[1:], None], strict=True):
            fresh: Any = [] if isinstance(following, int) else {}
            if isinstance(step, int):
                if not isinstance(node, list) or step > len(node):
                    raise UsageError(
                        f"--set {format_field_path(path)}: list entries are numbered from 0 "
                        f"without gaps (the next is [{len(node) if isinstance(node, list) else 0}])"
                    )
                if step == len(node):
                    node.append(fresh if following is not None else None)
            elif isinstance(node, dict) and following is not None:
                node.setdefault(step, fresh)
            if following is not None:
                node = node[step]
    return apply_assignments(out, list(assignments))


# -- errors located in the --from file ---------------------------------------------


def locate(problems: Sequence[Problem], text: str, typed: Mapping[str, Any]) -> list[Problem]:
    """Problems found in a record read from ``text`` (``add --from``), with line and column.

    The model checks the record after it was read and normalised, so its problems carry a
    field path but no position; here each is found in the file, as ``validate`` does. A
    field set on the command line (``typed``) is not in the file and keeps no position.
    """
    from incidentctl.files.yamlio import YamlProblem, load_roundtrip, position
    from incidentctl.record.fieldpath import FieldPathError, parse_field_path

    try:
        tree = load_roundtrip(text)
    except YamlProblem:
        return list(problems)
    out = []
    for problem in problems:
        try:
            path = parse_field_path(problem.field) if problem.field else ()
        except FieldPathError:
            path = ()
        if problem.line is None and path and path[0] in tree and path[0] not in typed:
            line, column = position(tree, path) or (None, None)
            problem = Problem(
                problem.path, line, column, problem.field, problem.message, problem.severity
            )
        out.append(problem)
    return out


# -- one field at a time (the interactive add) ------------------------------------


def problems_of(data: Mapping[str, Any], field: str | None = None) -> list[Problem]:
    """What is wrong with ``field`` (a path such as ``people[0].roles``; None: anything) in a
    record being made; the other fields may still be missing.

    The whole record goes through the model (one set of rules, one set of messages), and
    only the problems at or below ``field`` are kept.
    """
    from incidentctl.ops.edit import complete

    try:
        complete(dict(data))
    except RecordError as exc:
        return [p for p in exc.problems if field is None or _within(p.field, field)]
    return []


def _within(found: str, field: str) -> bool:
    return found == field or found.startswith((f"{field}[", f"{field}."))


# -- near-duplicates (the rule of validate) -------------------------------------------


@dataclass(frozen=True)
class Likeness:
    """An existing record the new one looks like, and why (validate's words)."""

    id: str
    why: str


_WHY = re.compile(r"\((.*)\)$")


def near_duplicates(store: Store, record: Record) -> list[Likeness]:
    """Existing records that ``validate`` would call probable duplicates of ``record``.

    :func:`.validate.probable_duplicates` decides; only the records it could pair with the
    new one are given to it (a week around its dates: the same person within days, the same
    month and country for titles), read from the index, so this costs what that period holds.
    """
    from incidentctl.index import catalog
    from incidentctl.index.filters import Filters
    from incidentctl.ops import validate

    start, end = record.period()
    window = Filters.build(
        since=(start - dt.timedelta(days=validate.NEARBY_DAYS)).isoformat(),
        until=(end + dt.timedelta(days=validate.NEARBY_DAYS)).isoformat(),
    )
    others = catalog.select_data(store, window)
    # The new record under the id add will give it: its drafted id is the very id of a stored
    # record with the same date, country and title (the likeliest duplicate of all), and a
    # record is never compared with one of its own id.
    taken = {data["id"] for data in others}
    draft = next(c for c in ids.id_candidates(record.id) if c not in taken)
    new_path = str(store.data_dir / "new" / f"{draft}.yaml")
    paths = {new_path: draft}
    seen = [validate.seen_of(new_path, {**record.to_data(), "id": draft}, {}, {})]
    for data in others:
        path = str(store.data_dir / "existing" / f"{data['id']}.yaml")
        paths[path] = data["id"]
        seen.append(validate.seen_of(path, data, {}, {}))
    by_rel = {store.rel(Path(path)): record_id for path, record_id in paths.items()}
    new_rel = store.rel(Path(new_path))
    found: dict[str, Likeness] = {}
    # Every pair holds the new record (``focus``): it is told by its path.
    for problem in validate.probable_duplicates(store, seen, _Nowhere(), {new_path}):
        match = _WHY.search(problem.message)
        why = match.group(1) if match else problem.message
        other = _quoted(problem.message) if problem.path == new_rel else by_rel.get(problem.path)
        if other:
            found.setdefault(other, Likeness(other, why))
    return list(found.values())


def _quoted(message: str) -> str | None:
    match = re.search(r"'([^']+)'", message)
    return match.group(1) if match else None


class _Nowhere(Positions):
    """Positions for a record not yet written: the warning names records, not lines."""

    def at(self, path: str | Path, where: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        return None, None
