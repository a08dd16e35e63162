"""``rename OLD NEW``: a record's id changes, and every reference to it, all or nothing.

An id is stable (``edit`` refuses to change it) because other records point at it:
``related`` and ``withdrawn.duplicate_of``. Renaming is therefore one batch: the record
is written under its new name, each record pointing at it is rewritten (comments kept),
and the old file is removed; if any step fails, every file is put back as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentctl.errors import IncidentctlError, Problem, RecordError
from incidentctl.files.store import Store
from incidentctl.record import vocab

if TYPE_CHECKING:
    from incidentctl.files.store import Loaded
    from incidentctl.record.model import Record


@dataclass
class Renamed:
    """What a rename wrote: the record's old and new file, and the records that pointed at it."""

    old_id: str
    new_id: str
    old_path: Path
    path: Path
    referrers: list[Path] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        """Every file written or removed (for ``--commit``)."""
        return [self.old_path, self.path, *self.referrers]


def pointing(data: dict[str, Any], old: str, new: str) -> dict[str, Any] | None:
    """``data`` with each reference to ``old`` made to ``new``; None when it has none."""
    out = dict(data)
    related = out.get("related") or []
    if old in related:
        out["related"] = [new if rid == old else rid for rid in related]
    withdrawn = out.get("withdrawn")
    if isinstance(withdrawn, dict) and withdrawn.get("duplicate_of") == old:
        out["withdrawn"] = {**withdrawn, "duplicate_of": new}
    return out if out != data else None


def rename(store: Store, old: str, new: str) -> Renamed:
    """Give record ``old`` the id ``new``, in its file name, its ``id`` and every reference.

    Refused before anything is written when ``new`` is not a valid id or is taken, or when
    a record that may point at ``old`` cannot be read (its reference could not be changed).
    """
    if not re.fullmatch(vocab.SLUG_PATTERN, new):
        raise IncidentctlError(
            f"'{new}' is not a valid id: 3-100 lower-case letters, digits and hyphens, "
            "starting with a letter or digit"
        )
    if new == old:
        raise IncidentctlError(f"the record is already called '{old}'")
    with store.record_lock(old):
        loaded = store.load(old)
        if not loaded.ok:
            raise RecordError(loaded.problems)
        if store.exists(new):
            raise IncidentctlError(f"id '{new}' is already used ({store.rel(store.find(new))})")
        record = _checked(store, loaded, {**loaded.record.to_data(), "id": new})
        referrers = _referrers(store, old, new, exclude=loaded.path)
        return _write(store, loaded, record, referrers)


def _checked(store: Store, loaded: Loaded, data: dict[str, Any]) -> Record:
    from incidentctl.files.parse import validate_data

    return validate_data(data, store.rel(loaded.path), loaded.text)


def _referrers(store: Store, old: str, new: str, exclude: Path) -> list[tuple[Loaded, Record]]:
    """Each stored record pointing at ``old``, as it is and as it will be.

    Only files whose text holds ``old`` are parsed (a reference is written out in full), so
    this costs a read of each file, not a parse.
    """
    needle = old.encode()
    found: list[tuple[Loaded, Record]] = []
    unreadable: list[Problem] = []
    for path in store.listing().files:
        if path == exclude:
            continue
        try:
            if needle not in path.read_bytes():
                continue
        except OSError as exc:
            unreadable.append(
                Problem(store.rel(path), None, None, "", f"cannot read: {exc.strerror}")
            )
            continue
        loaded = store.read(path)
        if not loaded.ok:
            unreadable.extend(loaded.problems)
            continue
        changed = pointing(loaded.record.to_data(), old, new)
        if changed is not None:
            found.append((loaded, _checked(store, loaded, changed)))
    if unreadable:
        raise IncidentctlError(
            f"not renamed: these files mention '{old}' but cannot be read, so a reference "
            "in them could not be changed; fix them first:\n"
            + "\n".join(str(p) for p in unreadable)
        )
    return found


def _write(
    store: Store, loaded: Loaded, record: Record, referrers: list[tuple[Loaded, Record]]
) -> Renamed:
    """One batch of :func:`.importer.apply`: the record rewritten under its new name (a
    changed id moves its file, as a changed year does), then each referrer; a failure
    anywhere puts every file back."""
    from incidentctl.ops.exchange import Entry
    from incidentctl.ops.importer import UPDATE, Plan, PlannedChange, apply

    def change(before: Loaded, after: Record) -> PlannedChange:
        origin = store.rel(before.path)
        return PlannedChange(UPDATE, after, Entry({}, origin, None), before.path, before.text)

    plan = Plan([change(loaded, record), *(change(ref, new) for ref, new in referrers)])
    apply(store, plan, what="rename")
    path = store.path_for(record.id, record.date.year)
    return Renamed(loaded.record.id, record.id, loaded.path, path, [r.path for r, _ in referrers])
