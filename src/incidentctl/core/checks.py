"""`validate`: schema problems of each file plus the checks that need the whole data set."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem
from .store import Loaded, Store

NEARBY_DAYS = 7
"""Two incidents about the same person this close together may be one incident."""
TITLE_SIMILARITY = 92.0
MAX_NAME_BUCKET = 300
"""rapidfuzz ratio above which two titles are 'near-identical'."""


@dataclass
class Report:
    """What `validate` found: the number of valid files, errors and warnings."""

    valid: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def row(p: Problem) -> dict[str, Any]:
            return {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "field": p.field,
                "message": p.message,
            }

        return {
            "valid": self.valid,
            "errors": [row(p) for p in self.errors],
            "warnings": [row(p) for p in self.warnings],
        }


def _pos(loaded: Loaded, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    from .yamlio import YamlProblem, load_roundtrip, position

    if loaded.text is None:
        return None, None
    try:
        pos = position(load_roundtrip(loaded.text), path)
    except YamlProblem:
        return None, None
    return pos if pos else (None, None)


def _at(
    store: Store,
    loaded: Loaded,
    path: tuple[str | int, ...],
    field_name: str,
    message: str,
    severity: str = "error",
) -> Problem:
    line, col = _pos(loaded, path)
    return Problem(store.rel(loaded.path), line, col, field_name, message, severity)


def validate(store: Store, only: Iterable[Path] | None = None, warnings: bool = True) -> Report:
    """Check every record file; report problems of ``only`` (default: all) files.

    Cross-record checks (duplicate ids, dangling ``related``) always look at the
    whole data set, so validating one changed file still catches a clash.
    """
    listing = store.listing()
    loaded = [store.read(p) for p in listing.files]
    wanted = None if only is None else {Path(p).resolve() for p in only}

    def selected(path: Path) -> bool:
        return wanted is None or path.resolve() in wanted

    report = Report()
    for problem in listing.skipped:
        if wanted is None or (store.root / problem.path).resolve() in wanted:
            report.errors.append(problem)
    by_id: dict[str, list[Loaded]] = defaultdict(list)
    for item in loaded:
        if item.ok:
            by_id[item.record.id].append(item)
    for item in loaded:
        if not selected(item.path):
            continue
        if not item.ok:
            report.errors.extend(item.problems)
            continue
        before = len(report.errors)
        report.errors.extend(_file_checks(store, item, by_id))
        if len(report.errors) == before:
            report.valid += 1
    if warnings:
        good = [i for i in loaded if i.ok]
        report.warnings.extend(
            p
            for p in probable_duplicates(store, good)
            if wanted is None or (store.root / p.path).resolve() in wanted
        )
        report.warnings.extend(
            p
            for p in similar_names(store, good)
            if wanted is None or (store.root / p.path).resolve() in wanted
        )
    return report


def _file_checks(store: Store, item: Loaded, by_id: dict[str, list[Loaded]]) -> list[Problem]:
    record = item.record
    problems: list[Problem] = []
    if item.path.stem != record.id:
        problems.append(
            _at(
                store,
                item,
                ("id",),
                "id",
                f"id '{record.id}' differs from the file name '{item.path.name}' (they must match)",
            )
        )
    if item.path.suffix != ".yaml":
        problems.append(_at(store, item, (), "", "record files end in .yaml"))
    folder = item.path.parent.name
    if folder != f"{record.date.year:04d}":
        problems.append(
            _at(
                store,
                item,
                ("date",),
                "date",
                f"the file is in folder '{folder}' but its date is in {record.date.year}; move it to data/incidents/{record.date.year:04d}/",
            )
        )
    twins = [o for o in by_id[record.id] if o.path != item.path]
    if twins:
        others = ", ".join(store.rel(o.path) for o in twins)
        problems.append(
            _at(store, item, ("id",), "id", f"duplicate id '{record.id}' (also in {others})")
        )
    for i, rel in enumerate(record.related):
        if rel not in by_id:
            problems.append(
                _at(store, item, ("related", i), f"related[{i}]", f"no record with id '{rel}'")
            )
    return problems


def probable_duplicates(store: Store, good: list[Loaded]) -> list[Problem]:
    """Same person within a few days, or near-identical titles: likely one incident twice."""
    from rapidfuzz import fuzz, process

    from . import names

    out: list[Problem] = []
    by_person: dict[str, list[Loaded]] = defaultdict(list)
    for item in good:
        for person in item.record.people:
            by_person[names.fold(person.name)].append(item)
    seen: set[tuple[str, str]] = set()

    def warn(a: Loaded, b: Loaded, why: str) -> None:
        key = tuple(sorted((a.record.id, b.record.id)))
        if key in seen or a.record.id == b.record.id:
            return
        seen.add(key)  # type: ignore[arg-type]
        out.append(
            _at(
                store, a, ("id",), "id", f"probable duplicate of '{b.record.id}' ({why})", "warning"
            )
        )

    for person, items in by_person.items():
        items = sorted(items, key=lambda i: i.record.date.start())
        for a, b in itertools.pairwise(items):
            gap = (b.record.date.start() - a.record.date.start()).days
            if (
                gap <= NEARBY_DAYS
                and a.record.date.precision == "day" == b.record.date.precision
                and set(a.record.types) & set(b.record.types)
            ):
                warn(
                    a,
                    b,
                    f"same person '{a.record.people[0].name if a.record.people else person}', {gap} day(s) apart, same type",
                )
    # Titles are compared only within a month and a country: duplicates are recorded from the
    # same news, and this keeps the check linear in the size of the data set.
    buckets: dict[tuple[str, str], list[Loaded]] = defaultdict(list)
    for item in good:
        for country in item.record.countries:
            buckets[(str(item.record.date)[:7], country)].append(item)
    for items in buckets.values():
        if len(items) < 2:
            continue
        titles = [i.record.title.casefold() for i in items]
        for i, title in enumerate(titles[:-1]):
            for _, _, j in process.extract(
                title, titles[i + 1 :], scorer=fuzz.ratio, score_cutoff=TITLE_SIMILARITY, limit=None
            ):
                warn(items[i], items[i + 1 + j], "near-identical titles")
    return out


def similar_names(store: Store, good: list[Loaded]) -> list[Problem]:
    """Names that are close but not equal after folding: maybe one person spelt two ways."""
    from . import names

    first_seen: dict[str, tuple[str, Loaded]] = {}
    for item in good:
        for person in item.record.people:
            for n in (person.name, *person.aliases):
                first_seen.setdefault(names.fold(n), (n, item))
    # Variants that one person entry already lists as aliases are known to be the same person.
    same_person: set[frozenset[str]] = set()
    for item in good:
        for person in item.record.people:
            folds = {names.fold(n) for n in (person.name, *person.aliases)}
            same_person.update(frozenset((a, b)) for a in folds for b in folds if a != b)
    # Compare only names that share a search key (a normalised token or its skeleton),
    # so the check stays near-linear instead of comparing every name with every other.
    buckets: dict[str, set[str]] = defaultdict(set)
    for key_fold, (name, _) in first_seen.items():
        for key in names.search_keys(name):
            if len(key) >= 3:
                buckets[key].add(key_fold)
    pairs: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) > MAX_NAME_BUCKET:
            continue  # a key shared by that many names (a common prefix) tells nothing
        ordered = sorted(members)
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    out: list[Problem] = []
    for a, b in sorted(pairs):
        if frozenset((a, b)) in same_person:
            continue
        name_a, item_a = first_seen[a]
        name_b, item_b = first_seen[b]
        if names.similar_but_different(name_a, name_b):
            out.append(
                _at(
                    store,
                    item_a,
                    ("people",),
                    "people",
                    f"'{name_a}' is similar to '{name_b}' (in {item_b.record.id}); if they are one person, add the other spelling as an alias",
                    "warning",
                )
            )
    return out
