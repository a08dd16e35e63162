"""Creating, changing and formatting records: the logic behind add, edit, fmt and import."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentctl.errors import IncidentctlError, NotFoundError, Problem, RecordError, UsageError
from incidentctl.files import yamlio
from incidentctl.files.parse import validate_data
from incidentctl.files.store import Store
from incidentctl.record import ids
from incidentctl.record.dates import DateInputError, PartialDate
from incidentctl.record.fieldpath import (
    FieldPath,
    FieldPathError,
    format_field_path,
    parse_field_path,
)
from incidentctl.record.fields import BOOL_FIELDS, INT_FIELDS, LIST_FIELDS, SUB_LIST_FIELDS
from incidentctl.record.normalise import normalise_record_input

if TYPE_CHECKING:
    from incidentctl.record.model import Record


def render(record: Record, tree: Any = None) -> str:
    """The canonical YAML text of a record, merged into an existing tree to keep comments."""
    from incidentctl.record.model import FIELD_ORDER, SUBORDERS

    return yamlio.canonical_text(record.to_data(), SUBORDERS, FIELD_ORDER, tree)


def complete(data: dict[str, Any], origin: str = "<input>") -> Record:
    """Normalise user input, fill ``id`` and ``recorded`` as ``add`` does, and validate."""
    data = normalise_record_input(data)
    data.setdefault("recorded", dt.date.today().isoformat())
    if "id" not in data:
        data["id"] = _draft_id(data)
    return validate_data(data, origin)


def _draft_id(data: dict[str, Any]) -> str:
    date = data.get("date")
    countries = data.get("countries")
    title = data.get("title")
    if (
        isinstance(date, str)
        and isinstance(countries, list)
        and countries
        and isinstance(title, str)
    ):
        try:
            iso_date = str(PartialDate.parse_iso(date))
        except DateInputError:
            return "draft-id"
        return ids.make_id(iso_date, str(countries[0]), title)
    return "draft-id"  # the model reports the missing field that prevented a real id


def add(
    store: Store,
    data: dict[str, Any],
    origin: str = "<input>",
    vet: Callable[[Record], None] | None = None,
) -> tuple[Record, Path]:
    """Validate and write a new record; a clash gets a suffix, a given id must be free.

    ``vet`` sees the record once every check has passed and before anything is written (the
    CLI's near-duplicate warning and question): a record that will be refused is never
    warned about first, and ``vet`` may still stop the write by raising.
    """
    given_id = data.get("id")
    record = complete(dict(data), origin)
    check_related(store, record, origin)
    if given_id is not None and store.exists(record.id):
        raise RecordError([Problem(origin, None, None, "id", f"id '{record.id}' is already used")])
    if vet is not None:
        vet(record)
    if given_id is not None:
        try:
            return record, store.create(record, render(record))
        except FileExistsError:
            raise RecordError(
                [Problem(origin, None, None, "id", f"id '{record.id}' is already used")]
            ) from None
    base = record.id
    for candidate in itertools.islice(ids.id_candidates(base), ids.MAX_ID_CANDIDATES):
        # A taken id is passed over before the record is rendered with it: rendering once per
        # id tried made the n-th record of one title cost n renders (quadratic in bulk entry).
        if store.exists(candidate):
            continue
        attempt = record.model_copy(update={"id": candidate})
        try:
            return attempt, store.create(attempt, render(attempt))
        except FileExistsError:  # taken by another writer since the check
            continue
    raise IncidentctlError(f"could not find a free id near '{base}'")


@dataclass(frozen=True)
class RecordLinks:
    """What :func:`check_related` reads of a record: its id and the ids it names. A new record
    that ``import``'s workers prepared reaches the planner as these and its text, not as a
    model (:mod:`.importer`)."""

    id: str
    related: tuple[str, ...]
    duplicate_of: str | None
    external_ids: tuple[str, ...]

    @classmethod
    def of(cls, record: Record) -> RecordLinks:
        withdrawn = record.withdrawn
        return cls(
            record.id,
            tuple(record.related),
            withdrawn.duplicate_of if withdrawn else None,
            tuple(record.external_ids),
        )


def check_related(
    store: Store,
    record: Record | RecordLinks,
    origin: str,
    also: Container[str] = (),
    before: Record | None = None,
    owners: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Refuse links that name no record, where a record is written, so a typo never creates a
    dangling link: ``related`` ids (stored, or in ``also``: an import batch), and schema v2's
    ``withdrawn.duplicate_of`` (a stored record that is not withdrawn itself); refuse an
    external id another record holds. With ``before`` (an edit), only what changed is
    checked: an old problem does not block other fixes. ``owners``: each external id's stored
    records, asked of the index once for a whole batch (import) instead of once a record.
    """
    links = record if isinstance(record, RecordLinks) else RecordLinks.of(record)
    old = None if before is None else RecordLinks.of(before)
    problems = []
    if old is None or links.related != old.related:
        problems += [
            Problem(origin, None, None, f"related[{i}]", f"no record with id '{rid}'")
            for i, rid in enumerate(links.related)
            if rid not in also and not store.exists(rid)
        ]
    target, old_target = links.duplicate_of, old.duplicate_of if old else None
    if target is not None and target != old_target and target not in also:
        message = duplicate_target_problem(store, target)
        if message:
            problems.append(Problem(origin, None, None, "withdrawn.duplicate_of", message))
    new_ids = [v for v in links.external_ids if old is None or v not in old.external_ids]
    if new_ids:
        if owners is None:
            from incidentctl.index.catalog import external_id_owners

            owners = external_id_owners(store, new_ids)
        for i, value in enumerate(links.external_ids):
            others = [o for o in owners.get(value, ()) if o != links.id]
            if others:
                message = f"external id '{value}' is already on {', '.join(others)}"
                problems.append(Problem(origin, None, None, f"external_ids[{i}]", message))
    if problems:
        raise RecordError(problems)


def duplicate_target_problem(store: Store, target: str) -> str | None:
    """Why ``target`` cannot be what a record duplicates (None: it can)."""
    try:
        loaded = store.load(target)
    except NotFoundError:
        return f"no record with id '{target}'"
    except RecordError:
        return None  # the target's own problems are validate's to report
    if loaded.record is not None and loaded.record.withdrawn is not None:
        return f"'{target}' is withdrawn itself; name the record that stays"
    return None


def checked(data: Any, origin: str, text: str | None = None) -> Record:
    """Forgiving input (names, natural dates) -> Record, or RecordError located in ``text``."""
    return validate_data(normalise_record_input(data), origin, text)


def text_to_record(text: str, origin: str) -> Record:
    """Edited YAML text -> Record, accepting forgiving input (names, natural dates)."""
    from incidentctl.files.parse import YamlProblem

    try:
        data = yamlio.load(text)
    except YamlProblem as exc:
        raise RecordError([exc.to_problem(origin)]) from None
    return checked(data, origin, text)


@dataclass(frozen=True)
class Edited:
    """What an edit did: the record as it now stands, its file, and the file it was read from."""

    record: Record
    path: Path
    old_path: Path
    changed: bool
    """False when the edit changed nothing (nothing was written)."""

    @property
    def moved(self) -> bool:
        """A changed year moves the file to another year folder."""
        return self.path.resolve() != self.old_path.resolve()


def edit(
    store: Store,
    record_id: str,
    *,
    assignments: list[str] | None = None,
    text: str | None = None,
    base_text: str | None = None,
    change: Callable[[Record], dict[str, Any]] | None = None,
) -> Edited:
    """Change a stored record with ``--set`` assignments, or replace it with edited YAML ``text``
    (or with the data ``change`` makes of it: ``withdraw``).

    Both ways obey the same rules: the result must validate, the id never changes,
    a changed ``related`` must name stored records (an old dangling link does not
    block other fixes), and an edit that changes nothing writes nothing. Comments
    of the file (or of the edited text) are kept.

    No lost update: the record's lock is held from reading to writing, so a concurrent
    ``--set`` waits and then applies to the other's result; ``base_text`` (the file as
    the editor was given it) makes an edit in ``$EDITOR`` fail with "changed since"
    when the file changed while the analyst was editing.
    """
    with store.record_lock(record_id):
        return _edit_locked(store, record_id, assignments, text, base_text, change)


def _edit_locked(
    store: Store,
    record_id: str,
    assignments: list[str] | None,
    text: str | None,
    base_text: str | None,
    change: Callable[[Record], dict[str, Any]] | None = None,
) -> Edited:
    loaded = store.load(record_id)
    if base_text is not None and loaded.text is not None:
        store.ensure_unchanged(loaded.path, base_text)
    shown = store.rel(loaded.path)
    if change is not None:
        record = checked(change(loaded.record), shown)
        tree_text = loaded.text
    elif text is None:
        data = apply_assignments(loaded.record.to_data(), assignments or [])
        record = checked(data, shown)
        tree_text = loaded.text
    else:
        record = text_to_record(text, shown)
        tree_text = text
    if record.id != loaded.record.id:
        message = f"the id is stable and cannot change (was '{loaded.record.id}')"
        raise RecordError([Problem(shown, None, None, "id", message)])
    check_related(store, record, shown, before=loaded.record)
    if record == loaded.record and tree_text == loaded.text:
        return Edited(loaded.record, loaded.path, loaded.path, changed=False)
    path = save_edit(store, record, loaded.path, tree_text, expected=loaded.text)
    return Edited(record, path, loaded.path, changed=True)


def save_edit(
    store: Store,
    record: Record,
    old_path: Path,
    old_text: str | None,
    expected: str | None = None,
) -> Path:
    """Write an edited record over its file, keeping comments of the old text.

    ``expected``: the file's text the edit was made from (see :meth:`Store.replace`).
    """
    tree = None
    if old_text is not None:
        try:
            tree = yamlio.load_roundtrip(old_text)
        except yamlio.YamlProblem:
            tree = None
    return store.replace(record, render(record, tree), old_path, expected)


# -- values typed on the command line (add options and prompts, --set) -------------


def split_list(text: str) -> list[str]:
    """``KZ, RU,BY`` -> ['KZ', 'RU', 'BY']: a list as it is typed on the command line."""
    return [v.strip() for v in text.split(",") if v.strip()]


def sources_from_urls(urls: list[str], language: str | None = None) -> list[dict[str, Any]]:
    """Source URLs (``add --source``), all in one ``language`` when it is given."""
    return [{"url": url, **({"language": language} if language else {})} for url in urls]


# -- --set FIELD=VALUE -----------------------------------------------------------


def parse_assignment(text: str) -> tuple[FieldPath, str]:
    """``sources[1].url=https://…`` -> (('sources', 1, 'url'), 'https://…')."""
    if "=" not in text:
        raise UsageError(f"--set takes FIELD=VALUE (got '{text}')")
    key, value = text.split("=", 1)
    try:
        return parse_field_path(key.strip()), value
    except FieldPathError:
        raise UsageError(f"'{key}' is not a field path (e.g. status, sources[0].url)") from None


_LIST_FIELDS = LIST_FIELDS | SUB_LIST_FIELDS
"""A comma-separated --set value is a list in these fields (at any level)."""


def _coerce_value(field: str, value: str) -> Any:
    text = value.strip()
    if text == "":
        return None
    if text[:1] in "[{":
        try:
            return yamlio.load(f"v: {text}\n")["v"]
        except yamlio.YamlProblem as exc:
            raise UsageError(f"cannot read the value of {field}: {exc.message}") from None
    if field in INT_FIELDS:
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"{field} takes a whole number (got '{value}')") from None
    if field in BOOL_FIELDS:
        lowered = text.lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
        raise UsageError(f"{field} takes true or false (got '{value}')")
    if field in _LIST_FIELDS:
        return split_list(text)
    return value


def apply_assignments(data: dict[str, Any], assignments: list[str]) -> dict[str, Any]:
    """Apply ``--set`` assignments to a copy of plain record data.

    A path may reach into what is not there yet: a missing nested record is created
    (``withdrawn.reason=…``, ``people[0].acts[0].type=…``), as is a list item just past
    the end (``sources[2].url=…`` on a record with two sources). A perpetrator given as a
    name takes a category in place (``perpetrators[1].category=police``), and one whose
    category is emptied is a name again, so each assignment has one meaning.
    """
    import copy

    out = copy.deepcopy(data)
    for text in assignments:
        path, raw = parse_assignment(text)
        last = path[-1]
        field = next(p for p in reversed(path) if isinstance(p, str))
        value = _coerce_value(field, raw)
        node: Any = out
        for n, step in enumerate(path[:-1]):
            node = _step_into(node, step, path[n + 1], path, create=value is not None)
            if node is None:
                break  # removing what is not there: nothing to do
        else:
            _assign(node, last, value, path)
    if isinstance(out.get("perpetrators"), list):
        from incidentctl.record.model import shortest_perpetrators

        out["perpetrators"] = shortest_perpetrators(out["perpetrators"])
    return out


def _step_into(
    node: Any, step: str | int, following: str | int, path: FieldPath, create: bool
) -> Any:
    """``node[step]``, made when missing (and ``create``), a perpetrator's name made a record."""
    missing = UsageError(f"no field {format_field_path(path)} in this record")
    fresh: Any = [] if isinstance(following, int) else {}
    if isinstance(step, str):
        if not isinstance(node, dict):
            raise missing
        if step not in node:
            if not create:
                return None
            node[step] = fresh
        return node[step]
    if not isinstance(node, list) or step > len(node):
        raise missing
    if step == len(node):
        if not create:
            return None
        node.append(fresh)
    if isinstance(node[step], str) and isinstance(following, str):
        node[step] = {"name": node[step]}  # a perpetrator's name, given a category
    return node[step]


def _assign(node: Any, last: str | int, value: Any, path: FieldPath) -> None:
    try:
        if value is None:
            if isinstance(node, dict):
                node.pop(last, None)
            elif isinstance(last, int) and last < len(node):
                del node[last]
        elif isinstance(node, list) and last == len(node):
            node.append(value)
        else:
            node[last] = value
    except (IndexError, TypeError, KeyError):
        raise UsageError(f"no field {format_field_path(path)} in this record") from None


def format_text(text: str, origin: str, record: Record | None = None) -> str:
    """The canonical form of a record file's text (comments kept); ``record``: the record
    the text holds, when the caller has read it already."""
    if record is None:
        from incidentctl.files.parse import parse_record_text

        record = parse_record_text(text, origin)
    return render(record, yamlio.load_roundtrip(text))
