"""``import``: a batch of records into the data set, all or nothing.

Two phases. :func:`plan` reads and validates every record of the batch and
decides what each one does (create, update field by field, or nothing); any
problem anywhere stops the batch before a byte is written, with every problem
reported at its place in the input. Text garbled by a wrong encoding on its way
through a spreadsheet (``Ð¡Ð¸Ð·…``) is such a problem: stored, it would look like
data and be wrong. :func:`apply` then writes, and if any write
fails it restores what was already written, so the data set is as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentctl.errors import IncidentctlError, Problem, RecordError
from incidentctl.files.store import Store, check_writable_text, write_atomic
from incidentctl.ops.edit import RecordLinks, check_related, complete, render, save_edit
from incidentctl.ops.exchange import Entry
from incidentctl.record import ids
from incidentctl.record.fieldpath import format_field_path
from incidentctl.views.fielddiff import FieldChange, diff_fields

if TYPE_CHECKING:
    from incidentctl.record.model import Record

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass(frozen=True)
class Facts:
    """What planning, writing and reporting read of a record besides its text (all they read
    of a new record the workers prepared, unless asked for more)."""

    links: RecordLinks
    year: int
    title: str

    @property
    def id(self) -> str:
        return self.links.id

    @classmethod
    def of(cls, record: Record) -> Facts:
        return cls(RecordLinks.of(record), record.date.year, record.title)


@dataclass
class PlannedChange:
    """What one input record does to the data set."""

    action: str
    held: Record | None
    """The record, or None while only its text is held: a new record the workers prepared
    arrives as its :attr:`given_facts` and :attr:`encoded` text and is read from that text
    only if asked for (:attr:`record`): pickling 10,000 models back from the workers was a
    second of an import."""
    entry: Entry
    path: Path | None = None
    """The stored file an update rewrites."""
    old_text: str | None = None
    fields: list[str] = field(default_factory=list)
    """Top-level fields an update changes."""
    changes: list[FieldChange] = field(default_factory=list)
    """Every field an update changes (``people[0].name``), with its old and new value."""
    encoded: bytes | None = None
    """A new record's canonical text in UTF-8, rendered once when planned and written as it
    is. Held as bytes: a str of text beyond Latin-1 takes two or four bytes a character, and
    a batch of 10,000 records held 40 MB of texts as str (20 MB as UTF-8)."""
    given_facts: Facts | None = None

    @property
    def record(self) -> Record:
        """The record, read from :attr:`encoded` the first time for one the workers prepared
        (the same record: ``tests/fastpaths/test_import_prepared.py``)."""
        if self.held is None:
            from incidentctl.files.reader import record_of_text

            assert self.encoded is not None, "a planned change has its record or its text"
            self.held = record_of_text(self.encoded.decode("utf-8"), self.entry.origin)
        return self.held

    @property
    def facts(self) -> Facts:
        """The record's :class:`Facts`, without reading a prepared record's text."""
        if self.given_facts is None:
            self.given_facts = Facts.of(self.record)
        return self.given_facts

    @property
    def text(self) -> str | None:
        """:attr:`encoded` as text."""
        return None if self.encoded is None else self.encoded.decode("utf-8")


@dataclass
class Plan:
    changes: list[PlannedChange]

    @property
    def writes(self) -> list[PlannedChange]:
        return [c for c in self.changes if c.action != UNCHANGED]

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


def plan(store: Store, entries: Sequence[Entry], whole: bool = False) -> Plan:
    """Validate every record and decide its change; RecordError lists every problem.

    ``whole``: the caller will read every new record (a report of their values): the worker
    pool sends the records back whole, pickled (0.12 ms a record each way), rather than as
    their facts and text, from which each would be read again here (0.3 ms a record).

    An entry's ``data`` is released (None) once its record is planned (a new record's once
    it is handed to the workers that prepare it): the record or its text holds the same
    values, and a large batch held twice is hundreds of MB.
    """
    problems: list[Problem] = []
    claimed = _claim_given_ids(entries, problems)
    stored = store.stem_paths()
    asked = _external_id_owners(store, [], _input_external_ids(entries))
    changes: list[PlannedChange] = []
    text_problems: dict[int, list[Problem]] = {}
    """A new record's text refused by the writer's check, by ``id(change)``: reported after
    every record's own problems, as when the texts were made in a second pass."""
    prepared = _prepared_new(store, stored, entries, whole)
    for entry in entries:
        ready = prepared.get(id(entry))
        if ready is None:
            garbled = _garbled(store, stored, entry)
            if garbled:
                problems.extend(garbled)  # what validation says of garbled text is only noise
                continue
        elif ready.garbled:
            problems.extend(_garbled_problems(entry, ready.garbled))
            continue
        try:
            change = (
                _plan_one(store, stored, entry, claimed)
                if ready is None
                else _plan_prepared(entry, ready, claimed, stored)
            )
        except RecordError as exc:
            problems.extend(_relocate(entry, exc.problems))
            continue
        if ready is not None and ready.text_problems:
            text_problems[id(change)] = ready.text_problems
        changes.append(change)
        entry.data = None  # the record or its text holds it now; the locator places problems
    for change in changes:
        if id(change) in text_problems:
            problems.extend(_relocate(change.entry, text_problems[id(change)]))
        elif change.action != UNCHANGED and change.encoded is None:
            try:
                if change.action == CREATE:
                    text = _checked_new_text(change.record, change.entry.origin)
                    change.encoded = text.encode("utf-8")
                else:
                    check_writable_text(render(change.record), change.entry.origin)
            except RecordError as exc:
                problems.extend(_relocate(change.entry, exc.problems))
    suspects = [c for c in changes if _may_hold_stand_ins(c)]
    if suspects and _holds_confidential(store):
        problems.extend(p for change in suspects for p in _withheld_stand_ins(change))
    known = set(stored) | {c.facts.id for c in changes}
    checked = [c for c in changes if c.action == CREATE or "related" in c.fields]
    _, owners = _external_id_owners(store, [c.facts.links for c in checked], asked=asked)
    for change in checked:
        try:
            check_related(store, change.facts.links, change.entry.origin, known, owners=owners)
        except RecordError as exc:
            problems.extend(_relocate(change.entry, exc.problems))
    if problems:
        raise RecordError(problems)
    return Plan(changes)


PREPARE_FROM = 500
"""New records in a batch from which their checks are shared with the worker pool."""
PREPARE_CHUNK = 100


@dataclass
class _Prepared:
    """What a worker found of one new record's data: its garbled texts (then nothing else), or
    the record's facts and checked text, or the problems of either, not yet placed in the input
    (with the record when its text was refused, or when the plan is made ``whole``)."""

    garbled: list[tuple[tuple[str | int, ...], str, str]] = field(default_factory=list)
    facts: Facts | None = None
    record: Record | None = None
    problems: list[Problem] = field(default_factory=list)
    text: bytes | None = None
    """The record's checked text, in UTF-8 (:attr:`PlannedChange.encoded`)."""
    text_problems: list[Problem] = field(default_factory=list)
    drafted: bool = False
    """The input gave no id (its ``data`` is released by then): the record's drafted id is
    freed in :func:`plan`, where every claimed id is known."""


def _prepared_new(
    store: Store, stored: dict[str, str], entries: Sequence[Entry], whole: bool = False
) -> dict[int, _Prepared]:
    """The checks of every record the batch creates, done by the worker pool, by ``id(entry)``
    (none below :data:`PREPARE_FROM`: this process does them in :func:`plan`'s loop, as for
    updates). Each record is checked alone (normalised, validated, garbled text, its canonical
    text made and checked), so the work shares out; what depends on the other records (ids
    given twice, a free id, related records) stays in :func:`plan`. The same verdicts and texts
    as the loop's (``tests/fastpaths/test_import_prepared.py``).

    Each new entry's ``data`` is released here, held only by the pool's part that prepares
    it and let go when that part is done: the input's values and the prepared records are
    then never all held at once (at 100,000 stored records an import of 10,000 peaked at
    375 MB with both; ``tests/fastpaths/test_import_memory.py``)."""
    from incidentctl.pool import map_chunks

    new = [
        e
        for e in entries
        if isinstance(e.data, dict)
        and not (isinstance(e.data.get("id"), str) and e.data["id"] in stored)
    ]
    if len(new) < PREPARE_FROM:
        return {}
    found: dict[int, _Prepared] = {}
    drafted = [e.data.get("id") is None for e in new]
    parts = map_chunks(
        _prepare_many,
        whole,
        [(e.data, e.origin) for e in new],  # the only reference: map_chunks lets it go
        chunk=PREPARE_CHUNK,
        minimum=PREPARE_FROM,
    )
    for entry in new:
        entry.data = None  # the part that prepares it holds it until then
    done = (one for part in parts for one in part)
    for entry, draft, ready in zip(new, drafted, done, strict=True):
        ready.drafted = draft
        found[id(entry)] = ready
    return found


def _prepare_many(whole: bool, items: list[tuple[dict[str, Any], str]]) -> list[_Prepared]:
    return [_prepare(data, origin, whole) for data, origin in items]


def _prepare(data: dict[str, Any], origin: str, whole: bool = False) -> _Prepared:
    """One new record's own checks (see :func:`_prepared_new`)."""
    from incidentctl.ops.mojibake import garbled

    found = [(loc, text, fixed) for loc, text in _texts(data) if (fixed := garbled(text))]
    if found:
        return _Prepared(garbled=found)
    try:
        record = complete({k: v for k, v in data.items() if v is not None}, origin)
    except RecordError as exc:
        return _Prepared(problems=exc.problems)
    try:
        text = _checked_new_text(record, origin).encode("utf-8")
    except RecordError as exc:
        return _Prepared(record=record, text_problems=exc.problems)
    return _Prepared(facts=Facts.of(record), text=text, record=record if whole else None)


def _plan_prepared(
    entry: Entry, ready: _Prepared, claimed: set[str], stored: dict[str, str]
) -> PlannedChange:
    """:func:`_plan_one` of a new record its worker prepared: the id freed here, where every
    claimed id is known, and the text made again only if that changed the id."""
    if ready.record is None and ready.facts is None:
        raise RecordError(ready.problems)
    change = PlannedChange(CREATE, ready.record, entry, encoded=ready.text, given_facts=ready.facts)
    if ready.drafted:
        free = ids.free_id(change.facts.id, claimed, stored)
        if free != change.facts.id:
            change = PlannedChange(CREATE, change.record.model_copy(update={"id": free}), entry)
            ready.text_problems = []  # made and checked again with the id it will have
    claimed.add(change.facts.id)
    return change


def _external_id_owners(
    store: Store,
    links: Sequence[RecordLinks],
    also: Sequence[str] = (),
    asked: tuple[set[str], dict[str, list[str]]] | None = None,
) -> tuple[set[str], dict[str, list[str]]]:
    """The stored owners of every external id the batch's records hold (and of ``also``), in
    one question to the index: asked once a record, each question refreshed the index (a stat
    of every file), which made an import of 10,000 records into 100,000 take many minutes.
    Returns the values asked and their owners; values in ``asked`` (an earlier answer) are not
    asked again.

    :func:`plan` asks first for the external ids as the input spells them (:func:`
    _input_external_ids`), before the batch's records are prepared, and then only for those
    that completing a record changed (none, for an export imported again). The index's
    freshness scan forks a child, which counts this process's pages as its own: asked after
    preparing, an import of 10,000 records into 100,000 forked it from a process holding
    every prepared record (a 351 MB child)."""
    from incidentctl.index.catalog import external_id_owners

    done, known = asked if asked is not None else (set(), {})
    found = dict.fromkeys([*also, *(v for one in links for v in one.external_ids)])
    values = [v for v in found if v not in done]
    owners: dict[str, list[str]] = dict(known)
    for start in range(0, len(values), OWNERS_PER_QUESTION):
        owners.update(external_id_owners(store, values[start : start + OWNERS_PER_QUESTION]))
    return done | set(values), owners


def _input_external_ids(entries: Sequence[Entry]) -> list[str]:
    """Every external id of the input as written, and without surrounding spaces: what the
    batch's records will most likely hold (:func:`_external_id_owners`)."""
    values: list[str] = []
    for entry in entries:
        given = entry.data.get("external_ids") if isinstance(entry.data, dict) else None
        if isinstance(given, list):
            for value in given:
                if isinstance(value, str):
                    values.append(value)
                    if value.strip() != value:
                        values.append(value.strip())
    return values


OWNERS_PER_QUESTION = 10_000
"""External ids asked at once: SQLite takes at most 32,766 values in one statement."""


def _garbled(store: Store, stored: dict[str, str], entry: Entry) -> list[Problem]:
    """Every text of the entry garbled by a wrong encoding, at its place in the input.

    Text already stored in the record it updates is let through: importing back
    an export never fails on what the data set holds.
    """
    from incidentctl.ops.mojibake import garbled

    found = [(loc, text, fixed) for loc, text in _texts(entry.data) if (fixed := garbled(text))]
    if not found:
        return []
    rid = entry.data.get("id") if isinstance(entry.data, dict) else None
    if isinstance(rid, str) and rid in stored:
        loaded = store.read(Path(stored[rid]))
        if loaded.ok:
            kept = {text for _, text in _texts(loaded.record.to_data())}
            found = [f for f in found if f[1] not in kept]
    return _garbled_problems(entry, found)


def _garbled_problems(
    entry: Entry, found: list[tuple[tuple[str | int, ...], str, str]]
) -> list[Problem]:
    """Each garbled text as a problem at its place in the input."""
    from incidentctl.ops.mojibake import excerpts

    return [
        entry.problem(
            format_field_path(loc),
            "'{}' is garbled by a wrong text encoding (it was probably '{}'): ".format(
                *excerpts(text, fixed)
            )
            + "the file went through a program that read UTF-8 as another encoding. "
            "Open the original export again (a CSV as 'Unicode (UTF-8)'; or use the XLSX "
            "export) and import that",
        )
        for loc, text, fixed in found
    ]


def _texts(
    value: Any, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in plain data that is not plain ASCII (which no wrong encoding garbles), with
    where it is; the field path is spelled only for a text found garbled."""
    if isinstance(value, str):
        if not value.isascii():
            yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                yield from _texts(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, (*loc, i))


def _holds_confidential(store: Store) -> bool:
    """Stand-ins are refused only where they can replace what they stand for: in a data set
    holding confidential records or people. A public archive (a data set made from public
    exports, nothing confidential in it) takes them as its text."""
    from incidentctl.index.catalog import holds_confidential

    return holds_confidential(store)


PUBLIC_EXPORT = (
    "is what --public writes in place of a confidential name: this input looks like a public "
    "export, and importing it would store the stand-ins over the real records (import the "
    "export made without --public)"
)


def _may_hold_stand_ins(change: PlannedChange) -> bool:
    """Whether :func:`_withheld_stand_ins` could find any, decided without reading a prepared
    record from its text: a public archive's own records, imported back, hold stand-ins
    everywhere, and there they are not refused (:func:`_holds_confidential`)."""
    from incidentctl.views.privacy import WITHHELD, WITHHELD_SLUG

    if change.action == CREATE:
        held = change.encoded
        return held is None or WITHHELD.encode() in held or WITHHELD_SLUG.encode() in held
    return any(WITHHELD in str(c.new) or WITHHELD_SLUG in str(c.new) for c in change.changes)


def _withheld_stand_ins(change: PlannedChange) -> list[Problem]:
    """The stand-ins ``--public`` writes for withheld names, where this change would store them:
    a person named ``(name withheld)``, ``name-withheld`` in an id, case, tag, related id or
    URL (nobody types these: a public export does), or ``(name withheld)`` replacing stored text
    that lacked it. A new record's own text may say "(name withheld)": an analyst may quote a
    source that does."""
    from incidentctl.views.privacy import WITHHELD, WITHHELD_SLUG

    if change.action == CREATE:  # only the :func:`_may_hold_stand_ins` reach here
        found = [
            (field, value)
            for field, value in _values(change.record.to_data())
            if _structural(field, value, WITHHELD, WITHHELD_SLUG)
        ]
    elif change.action == UPDATE:
        found = []
        for c in change.changes:
            for field, value in _values(c.new, _path_of(c.field)):
                if _structural(field, value, WITHHELD, WITHHELD_SLUG) or (
                    WITHHELD in value and WITHHELD not in str(c.old)
                ):
                    found.append((field, value))
    else:
        return []
    return [
        change.entry.problem(
            format_field_path(field),
            f"'{WITHHELD if WITHHELD in value else WITHHELD_SLUG}' {PUBLIC_EXPORT}",
        )
        for field, value in found[:1]
    ]


_SLUGS = ("id", "case", "tags", "related")


def _structural(field: tuple[str | int, ...], value: str, withheld: str, slug: str) -> bool:
    """A stand-in where no analyst writes one: a person's name, a slug (id, case, tag, related
    id, the id a withdrawn record duplicates) or a web address."""
    if field[:1] == ("people",) and field[-1:] == ("name",):
        return value == withheld
    last = field[-1] if field else ""
    is_slug = field[:1] in tuple((k,) for k in _SLUGS) or field == ("withdrawn", "duplicate_of")
    return slug in value and (is_slug or (isinstance(last, str) and last.endswith("url")))


def _values(
    value: Any, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in plain data, with its field path."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _values(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _values(v, (*loc, i))


def _path_of(field: str) -> tuple[str | int, ...]:
    """``sources[1].url`` -> ``('sources', 1, 'url')``."""
    from incidentctl.record.fieldpath import parse_field_path

    return tuple(parse_field_path(field))


def _claim_given_ids(entries: Sequence[Entry], problems: list[Problem]) -> set[str]:
    """Ids the input names; one named twice is a problem (which of the two should win?)."""
    first: dict[str, Entry] = {}
    for entry in entries:
        rid = entry.data.get("id") if isinstance(entry.data, dict) else None
        if not isinstance(rid, str):
            continue
        if rid in first:
            other = first[rid]
            where = f"{other.origin}:{other.line}" if other.line else other.origin
            problems.append(entry.problem("id", f"id '{rid}' is also given at {where}"))
        else:
            first[rid] = entry
    return set(first)


def _plan_one(
    store: Store, stored: dict[str, str], entry: Entry, claimed: set[str]
) -> PlannedChange:
    data = entry.data
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"'{data}'"
        raise RecordError(
            [entry.problem("", f"a record must be a mapping of fields (found {kind})")]
        )
    rid = data.get("id")
    if isinstance(rid, str) and rid in stored:
        return _plan_update(store, Path(stored[rid]), entry)
    record = complete({k: v for k, v in data.items() if v is not None}, entry.origin)
    if rid is None:
        record = record.model_copy(update={"id": ids.free_id(record.id, claimed, stored)})
    claimed.add(record.id)
    return PlannedChange(CREATE, record, entry)


def _plan_update(store: Store, path: Path, entry: Entry) -> PlannedChange:
    """Fields present in the input replace the stored ones (null removes one); others stay."""
    rid = path.stem
    loaded = store.read(path)
    if not loaded.ok:
        raise RecordError(
            [
                entry.problem(
                    "id",
                    f"the stored record '{rid}' is invalid ({loaded.problems[0]}); fix it first",
                )
            ]
        )
    old = loaded.record.to_data()
    merged = dict(old)
    for key, value in entry.data.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    record = complete(merged, entry.origin)
    new = record.to_data()
    changed = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    action = UPDATE if changed else UNCHANGED
    details = diff_fields(old, new) if changed else []
    return PlannedChange(action, record, entry, loaded.path, loaded.text, changed, details)


def _relocate(entry: Entry, problems: list[Problem]) -> list[Problem]:
    """Problems found in the data -> the same problems at their place in the input."""
    return [entry.placed(p) for p in problems]


# -- writing ------------------------------------------------------------------------


def new_text(record: Record) -> str:
    """A new record's canonical text: the fast canonical writer's, or the round-trip writer's where the
    writer steps aside (byte for byte the same: ``tests/fastpaths/test_new_record_text.py``)."""
    from incidentctl.files import fastwrite
    from incidentctl.record.model import FIELD_ORDER, SUBORDERS

    return fastwrite.canonical_text(record.to_data(), SUBORDERS, FIELD_ORDER) or render(record)


def _checked_new_text(record: Record, origin: str) -> str:
    """:func:`new_text`, checked by :func:`.store.check_writable_text`; the fast writer's text
    skips the guard's parse when :func:`.fastwrite.within_guard` shows it would pass (the same
    verdict: ``tests/fastpaths/test_import_write.py``)."""
    from incidentctl.files import fastwrite

    data = record.to_data()
    # to_data() is in the model's order (pydantic dumps fields as declared, extra="forbid"):
    # the writer's order check is not needed (tests/fastpaths/test_import_write.py)
    fast = fastwrite.canonical_text(data)
    text = render(record) if fast is None else fast
    check_writable_text(text, origin, guarded=fast is not None and fastwrite.within_guard(data))
    return text


PARALLEL_FROM = 64
"""Batches with fewer new records are written one by one, in input order; larger ones as one
batch (:class:`.store.StagedWrites`)."""


def apply(store: Store, batch: Plan, what: str = "import") -> list[Path]:
    """Write the planned changes; on any failure restore every file, then re-raise.

    Returns the paths written or removed (a moved record's old file), for --commit.
    """
    journal: list[tuple[Path, bytes | None]] = []
    """Each path touched and its bytes before (None: it did not exist)."""
    new_dirs: list[Path] = []
    touched: list[Path] = []
    writes = batch.writes
    creates = [c for c in writes if c.action == CREATE]
    try:
        if len(creates) >= PARALLEL_FROM:
            _create_all(store, creates, journal, new_dirs, touched)
            writes = [c for c in writes if c.action != CREATE]
        targets = store.paths_for((c.facts.id, c.facts.year) for c in writes)
        for change, target in zip(writes, targets, strict=True):
            if not target.parent.exists():
                new_dirs.append(target.parent)
            if change.action == CREATE:
                # create() never overwrites: when it fails there is nothing of ours to undo.
                touched.append(store.create(change.record, _text(change)))
                journal.append((target, None))
            else:
                assert change.path is not None and change.old_text is not None
                # Under the record's lock: checked unchanged before journaling, so a restore
                # never puts back bytes another command replaced in between.
                with store.record_lock(change.record.id):
                    store.ensure_unchanged(change.path, change.old_text)
                    for path in dict.fromkeys([change.path, target]):
                        journal.append((path, path.read_bytes() if path.exists() else None))
                    if target != change.path:
                        touched.append(change.path)
                    touched.append(
                        save_edit(
                            store, change.record, change.path, change.old_text, change.old_text
                        )
                    )
    except BaseException as exc:
        failed = _restore(journal, new_dirs)
        if failed:
            raise IncidentctlError(
                f"{what} failed ({_reason(exc)}) and these files could not be restored: "
                + ", ".join(store.rel(p) for p in failed)
            ) from exc
        if isinstance(exc, OSError):
            raise IncidentctlError(f"{what} failed, nothing was changed: {_reason(exc)}") from exc
        raise
    return touched


def _text(change: PlannedChange) -> str:
    text = change.text
    return text if text is not None else new_text(change.record)


def _encoded(change: PlannedChange) -> bytes:
    return change.encoded if change.encoded is not None else new_text(change.record).encode()


def _create_all(
    store: Store,
    creates: list[PlannedChange],
    journal: list[tuple[Path, bytes | None]],
    new_dirs: list[Path],
    touched: list[Path],
) -> None:
    """Write many new records as one batch (:class:`.store.StagedWrites`): every file as a
    temporary, all synced together, then each given its name with ``link``, which never
    replaces a file (what ``store.create`` does for one record, without its two fsyncs and
    its look for the id in every year folder per file).

    An id that appeared in any year folder since the batch was planned (another command
    wrote it) fails the batch, as ``store.create`` would, looked up once for the batch just
    before the names are given. Every file named is journaled as it is named, so the
    caller's restore removes them all on any failure or Ctrl-C; temporaries not named are
    removed when the batch ends. Stale temporaries are swept once per folder.
    """
    from incidentctl.files.store import StagedWrites, remove_stale_temporaries, write_faults

    targets = store.paths_for((c.facts.id, c.facts.year) for c in creates)
    for folder in dict.fromkeys(t.parent for t in targets):
        if folder.exists():
            remove_stale_temporaries(folder)
        else:
            new_dirs.append(folder)
            with write_faults(folder):
                folder.mkdir(parents=True, exist_ok=True)
    with (
        write_faults(targets[0]),
        StagedWrites([(t, _encoded(c)) for t, c in zip(targets, creates, strict=True)]) as staged,
    ):
        there = store.stem_paths_of({t.stem for t in targets})
        for target in targets:
            if target.stem in there:
                raise FileExistsError(Path(there[target.stem]))
        for n, target in enumerate(targets):
            staged.place(n, exclusive=True)
            touched.append(target)
            journal.append((target, None))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"cannot write {exc.filename}: {exc.strerror}"
    if isinstance(exc, FileExistsError):
        return f"{exc.args[0]} appeared while importing"
    return str(exc) or type(exc).__name__


def _restore(journal: list[tuple[Path, bytes | None]], new_dirs: list[Path]) -> list[Path]:
    """Undo the journal, newest first; returns the paths that could not be restored."""
    failed = []
    for path, before in reversed(journal):
        try:
            if before is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, before.decode("utf-8"))
        except OSError:
            failed.append(path)
    for folder in reversed(new_dirs):
        with contextlib.suppress(OSError):
            folder.rmdir()
    return failed


def commit_message(batch: Plan, origin: str) -> str:
    """A message naming every id and title written, for ``import --commit``."""
    writes = batch.writes
    lines = [
        f"{'Created' if c.action == CREATE else 'Updated'} {c.facts.id}: {c.facts.title}"
        + (f" ({', '.join(c.fields)})" if c.action == UPDATE else "")
        for c in writes
    ]
    if len(writes) == 1:
        return f"Import {lines[0][0].lower()}{lines[0][1:]}\n\nFrom {origin}.\n"
    counts = f"{batch.count(CREATE)} created, {batch.count(UPDATE)} updated"
    return f"Import {len(writes)} records from {origin} ({counts})\n\n" + "\n".join(lines) + "\n"
