"""`validate`: schema problems of each file plus the checks that need the whole data set.

Scale (10^5 records within the memory budget): files are read one at a time (in worker
processes for a large data set) and only what the cross-record checks need is kept of each
valid record (:class:`Seen`); a file's text is read again, and its position found, only when a
problem is reported in it. Valid canonical files take the bulk reader (:mod:`.fastyaml`), whose
values equal the reference reader's; anything else, and every invalid file, goes through
:meth:`Store.read`, which locates each problem.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from incidentctl.errors import Problem
from incidentctl.files.store import Store
from incidentctl.record.dates import PartialDate

NEARBY_DAYS = 7
"""Two incidents about the same person this close together may be one incident."""
TITLE_SIMILARITY = 92.0
"""rapidfuzz ratio above which two titles are 'near-identical'."""
MAX_NAME_BUCKET = 300
"""A search key shared by more names than this (a common prefix) pairs none of them."""
PARALLEL_MIN = 2000
"""From this many files (or name pairs' buckets), the work is shared with worker processes."""
CHUNK = 500


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


@dataclass(slots=True)
class Seen:
    """What the cross-record checks need of one valid record (not the record, not its text)."""

    path: str
    id: str
    date: PartialDate
    types: tuple[str, ...]
    title: str
    countries: tuple[str, ...]
    people: tuple[tuple[str, tuple[str, ...]], ...]
    """(name, aliases) of each person."""
    related: tuple[str, ...]


# -- reading --------------------------------------------------------------------------------


def _summary(record: Any) -> tuple[Any, ...]:
    return (
        record.id,
        str(record.date),
        tuple(record.types),
        record.title,
        tuple(record.countries),
        tuple((p.name, tuple(p.aliases)) for p in record.people),
        tuple(record.related),
    )


def _read_one(store: Store, path: str) -> tuple[str, Any]:
    """``("ok", summary)`` of a valid record file, else ``("bad", [problem fields])``."""
    from incidentctl.files import fastyaml, yamlio
    from incidentctl.files.store import read_limited

    try:
        data = fastyaml.load(yamlio.decode(read_limited(path)))
        if data is not None:
            from incidentctl.record.model import Record

            return "ok", _summary(Record.model_validate(data))
    except Exception:  # anything unusual: the reference reader decides, and words it
        pass
    loaded = store.read(Path(path))
    if loaded.ok:
        return "ok", _summary(loaded.record)
    return "bad", [astuple(p) for p in loaded.problems]


def _read_many(root: Path, paths: list[str]) -> list[tuple[str, Any]]:
    """Worker entry point."""
    store = Store(root)
    return [_read_one(store, p) for p in paths]


def _read_all(store: Store, paths: list[str]) -> Iterator[tuple[str, Any]]:
    """``_read_one`` of every path, in order; worker processes share a large data set."""
    workers = _workers(len(paths))
    if workers < 2:
        for path in paths:
            yield _read_one(store, path)
        return
    import multiprocessing
    import sys

    from incidentctl.index.rows import chunks

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(workers) as pool:
        jobs = chunks(paths, CHUNK)
        for part in pool.imap(_read_many_star, ((store.root, job) for job in jobs), chunksize=1):
            yield from part


def _read_many_star(args: tuple[Path, list[str]]) -> list[tuple[str, Any]]:
    return _read_many(*args)


def _workers(jobs: int) -> int:
    from incidentctl.index.rows import usable_cpus

    return 1 if jobs < PARALLEL_MIN else min(usable_cpus(), 4)


# -- positions ------------------------------------------------------------------------------


class _Positions:
    """Line and column of a field in a file, found when a problem is reported there.

    A file in the canonical shape (the bulk reader takes it) is located from its lines: a
    top-level key's line, the column of its scalar value (or 1 for a collection), the line of
    an item of a list of strings; everything else, from the round-trip tree as before. The
    last file asked about is kept, since its problems come together.
    """

    def __init__(self) -> None:
        self._path: str | None = None
        self._text: str | None = None
        self._lines: list[str] | None = None
        self._tree: Any = None

    def at(self, path: str, where: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        if path != self._path:
            self._load(path)
        if self._text is None:
            return None, None
        if self._lines is not None:
            found = _canonical_position(self._lines, where)
            if found is not None:
                return found
        return self._from_tree(where)

    def _load(self, path: str) -> None:
        from incidentctl.files import fastyaml, yamlio
        from incidentctl.files.store import read_limited

        self._path, self._text, self._lines, self._tree = path, None, None, None
        try:
            self._text = yamlio.decode(read_limited(Path(path)))
        except yamlio.YamlProblem:
            return
        if fastyaml.load(self._text) is not None:
            self._lines = self._text.split("\n")

    def _from_tree(self, where: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        from incidentctl.files.yamlio import YamlProblem, load_roundtrip, position

        if self._tree is None:
            try:
                self._tree = load_roundtrip(self._text or "")
            except YamlProblem:
                self._text = None
                return None, None
        pos = position(self._tree, where)
        return pos if pos else (None, None)


def _canonical_position(lines: list[str], where: tuple[str | int, ...]) -> tuple[int, int] | None:
    """``yamlio.position`` for a canonical-shape file, from its lines (None: ask the tree)."""
    if not where:
        return 1, 1
    key = where[0]
    if not isinstance(key, str) or len(where) > 2:
        return None
    head = f"{key}:"
    number = next((n for n, text in enumerate(lines) if text.startswith(head)), None)
    if number is None:
        return 1, 1  # no such field: the position of the whole record
    line = lines[number]
    value = line[len(head) :].lstrip(" ")
    if value:  # a scalar: quoted, true/false, or a literal block's indicator
        return (number + 1, len(line) - len(value) + 1) if len(where) == 1 else None
    # A collection under the key.
    if len(where) == 1:
        return number + 1, 1
    index = where[1]
    if not isinstance(index, int):
        return None
    items = []
    for later in range(number + 1, len(lines)):
        text = lines[later]
        stripped = text.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if text == stripped:
            break  # the next top-level key
        if not stripped.startswith('- "'):
            return None  # not a list of strings: the tree knows
        if items and len(text) - len(stripped) != items[0][1] - 3:
            return None
        items.append((later + 1, len(text) - len(stripped) + 3))
    if 0 <= index < len(items):
        return items[index]
    return number + 1, 1


# -- the checks -----------------------------------------------------------------------------


def validate(store: Store, only: Iterable[Path] | None = None, warnings: bool = True) -> Report:
    """Check every record file; report problems of ``only`` (default: all) files.

    Cross-record checks (duplicate ids, dangling ``related``) always look at the
    whole data set, so validating one changed file still catches a clash.
    """
    listing = store.listing()
    files = [str(p) for p in listing.files]  # a path as text weighs a fraction of a Path
    skipped = listing.skipped
    del listing
    wanted = None if only is None else {Path(p).resolve() for p in only}

    def selected(path: str) -> bool:
        return wanted is None or Path(path).resolve() in wanted

    report = Report()
    for problem in skipped:
        if wanted is None or (store.root / problem.path).resolve() in wanted:
            report.errors.append(problem)
    good: list[Seen] = []
    bad: list[tuple[str, list[Problem]]] = []
    # One object for each value that recurs (types, countries, dates, names): 10^5 summaries
    # then fit in the memory budget.
    shared: dict[Any, Any] = {}
    dates: dict[str, PartialDate] = {}
    for path, (kind, value) in zip(files, _read_all(store, files), strict=True):
        if kind == "ok":
            record_id, date, types, title, countries, people, related = value
            if date not in dates:
                dates[date] = PartialDate.parse_iso(date)
            people = tuple(
                (shared.setdefault(name, name), shared.setdefault(aliases, aliases))
                for name, aliases in people
            )
            good.append(
                Seen(
                    path,
                    record_id,
                    dates[date],
                    shared.setdefault(types, types),
                    title,
                    shared.setdefault(countries, countries),
                    shared.setdefault(people, people),
                    related,
                )
            )
        elif selected(path):
            bad.append((path, [Problem(*fields) for fields in value]))
    del shared, dates
    by_id: dict[str, list[Seen]] = defaultdict(list)
    for item in good:
        by_id[item.id].append(item)
    positions = _Positions()
    problems_of_bad = {path: problems for path, problems in bad}
    good_index = iter(good)
    nxt = next(good_index, None)
    for path in files:
        if nxt is not None and nxt.path == path:
            item, nxt = nxt, next(good_index, None)
            if not selected(path):
                continue
            before = len(report.errors)
            report.errors.extend(_file_checks(store, positions, item, by_id))
            if len(report.errors) == before:
                report.valid += 1
        elif path in problems_of_bad:
            report.errors.extend(problems_of_bad[path])
    if warnings:
        report.warnings.extend(
            p
            for p in probable_duplicates(store, good, positions)
            if wanted is None or (store.root / p.path).resolve() in wanted
        )
        report.warnings.extend(
            p
            for p in similar_names(store, good, positions)
            if wanted is None or (store.root / p.path).resolve() in wanted
        )
    return report


def _at(
    store: Store,
    positions: _Positions,
    item: Seen,
    where: tuple[str | int, ...],
    field_name: str,
    message: str,
    severity: str = "error",
) -> Problem:
    line, col = positions.at(item.path, where)
    return Problem(store.rel(Path(item.path)), line, col, field_name, message, severity)


def _file_checks(
    store: Store, positions: _Positions, item: Seen, by_id: dict[str, list[Seen]]
) -> list[Problem]:
    problems: list[Problem] = []

    def at(where: tuple[str | int, ...], field_name: str, message: str) -> None:
        problems.append(_at(store, positions, item, where, field_name, message))

    folder, name = os.path.split(item.path)
    stem, suffix = os.path.splitext(name)
    if stem != item.id:
        at(
            ("id",),
            "id",
            f"id '{item.id}' differs from the file name '{name}' (they must match)",
        )
    if suffix != ".yaml":
        at((), "", "record files end in .yaml")
    folder = os.path.basename(folder)
    if folder != f"{item.date.year:04d}":
        at(
            ("date",),
            "date",
            f"the file is in folder '{folder}' but its date is in {item.date.year}; move it to data/incidents/{item.date.year:04d}/",
        )
    twins = [o for o in by_id[item.id] if o.path != item.path]
    if twins:
        others = ", ".join(store.rel(Path(o.path)) for o in twins)
        at(("id",), "id", f"duplicate id '{item.id}' (also in {others})")
    for i, rel in enumerate(item.related):
        if rel not in by_id:
            at(("related", i), f"related[{i}]", f"no record with id '{rel}'")
    return problems


def probable_duplicates(
    store: Store, good: list[Seen], positions: _Positions | None = None
) -> list[Problem]:
    """Same person within a few days, or near-identical titles: likely one incident twice."""
    from rapidfuzz import fuzz, process

    from incidentctl.record import names

    positions = positions or _Positions()
    out: list[Problem] = []
    by_person: dict[str, list[Seen]] = defaultdict(list)
    for item in good:
        for name, _ in item.people:
            by_person[names.fold_name(name)].append(item)
    seen: set[tuple[str, str]] = set()

    def warn(a: Seen, b: Seen, why: str) -> None:
        key = (a.id, b.id) if a.id <= b.id else (b.id, a.id)
        if key in seen or a.id == b.id:
            return
        seen.add(key)
        out.append(
            _at(
                store,
                positions,
                a,
                ("id",),
                "id",
                f"probable duplicate of '{b.id}' ({why})",
                "warning",
            )
        )

    for person, items in by_person.items():
        if len(items) < 2:
            continue
        items = sorted(items, key=lambda i: i.date.start())
        for a, b in itertools.pairwise(items):
            gap = (b.date.start() - a.date.start()).days
            if (
                gap <= NEARBY_DAYS
                and a.date.precision == "day" == b.date.precision
                and set(a.types) & set(b.types)
            ):
                warn(
                    a,
                    b,
                    f"same person '{a.people[0][0] if a.people else person}', {gap} day(s) apart, same type",
                )
    # Titles are compared only within a month and a country: duplicates are recorded from the
    # same news, and this keeps the check linear in the size of the data set.
    buckets: dict[tuple[str, str], list[Seen]] = defaultdict(list)
    for item in good:
        for country in item.countries:
            buckets[(str(item.date)[:7], country)].append(item)
    for items in buckets.values():
        if len(items) < 2:
            continue
        titles = [i.title.casefold() for i in items]
        for i, title in enumerate(titles[:-1]):
            for _, _, j in process.extract(
                title, titles[i + 1 :], scorer=fuzz.ratio, score_cutoff=TITLE_SIMILARITY, limit=None
            ):
                warn(items[i], items[i + 1 + j], "near-identical titles")
    return out


def similar_names(
    store: Store, good: list[Seen], positions: _Positions | None = None
) -> list[Problem]:
    """Names that are close but not equal after folding: maybe one person spelt two ways.

    Names are compared only when they share a search key (a normalised token, its first
    letters or its consonants), so the check stays near-linear instead of comparing every name
    with every other. Whether two names match depends only on their normalised tokens
    (:func:`names.normalise_tokens`), so each bucket compares its distinct token tuples once;
    buckets are shared among worker processes for a large data set, and nothing but the
    matching pairs is kept.
    """
    from incidentctl.record import names

    positions = positions or _Positions()
    fold = _memo(names.fold_name)
    first_seen: dict[str, tuple[str, Seen]] = {}
    for item in good:
        for name, aliases in item.people:
            for n in (name, *aliases):
                first_seen.setdefault(fold(n), (n, item))
    # Variants that one person entry already lists as aliases are known to be the same person.
    same_person: set[frozenset[str]] = set()
    for item in good:
        for name, aliases in item.people:
            folds = {fold(n) for n in (name, *aliases)}
            if len(folds) > 1:
                same_person.update(frozenset((a, b)) for a in folds for b in folds if a != b)
    buckets: dict[str, set[str]] = defaultdict(set)
    for key_fold, (name, _) in first_seen.items():
        for key in names.search_keys(name):
            if len(key) >= 3:
                buckets[key].add(key_fold)
    kept = [sorted(m) for m in buckets.values() if 1 < len(m) <= MAX_NAME_BUCKET]
    tokens = {f: names.normalise_tokens(first_seen[f][0]) for m in kept for f in m}
    spelled = {t: first_seen[f][0] for f, t in tokens.items()}  # a name with those tokens
    pairs = _matching_pairs(kept, tokens, spelled, same_person)
    out: list[Problem] = []
    for a, b in sorted(pairs):
        name_a, item_a = first_seen[a]
        name_b, item_b = first_seen[b]
        out.append(
            _at(
                store,
                positions,
                item_a,
                ("people",),
                "people",
                f"'{name_a}' is similar to '{name_b}' (in {item_b.id}); if they are one person, add the other spelling as an alias",
                "warning",
            )
        )
    return out


def _memo(function: Any) -> Any:
    cache: dict[str, Any] = {}

    def call(value: str) -> Any:
        result = cache.get(value)
        if result is None:
            result = cache[value] = function(value)
        return result

    return call


def _matching_pairs(
    buckets: list[list[str]],
    tokens: dict[str, tuple[str, ...]],
    spelled: dict[tuple[str, ...], str],
    same_person: set[frozenset[str]],
) -> set[tuple[str, str]]:
    """Pairs ``(a, b)``, ``a < b``, of folded names in one bucket that match either way round
    (``names.similar_but_different``: folds differ, so the tokens decide), less known aliases."""
    pairs = _Pairs(buckets, tokens, spelled, same_person)
    everything = list(range(len(buckets)))
    workers = _workers(sum(len(b) for b in buckets) // 10)
    if workers < 2 or not hasattr(os, "fork"):
        return pairs.found_in(everything)
    global _SHARED
    _SHARED = pairs
    import multiprocessing

    shares = [everything[i::workers] for i in range(workers)]
    # Workers read this process's objects in place; frozen, the collector never walks (and so
    # never copies) the pages of objects they do not use.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            found: set[tuple[str, str]] = set()
            for part in pool.map(_found_in_share, shares):
                found.update(part)
            return found
    finally:
        gc.unfreeze()
        _SHARED = None


_SHARED: Any = None
"""The :class:`_Pairs` that forked workers read (inherited, never pickled)."""


def _found_in_share(indices: list[int]) -> set[tuple[str, str]]:
    return _SHARED.found_in(indices)


class _Pairs:
    """The name pairs of the buckets, each compared once.

    Two names that share several keys meet in several buckets: a pair is compared only in
    the first bucket (by index) the two share. Within a bucket, names with the same tokens
    are compared as one.
    """

    def __init__(
        self,
        buckets: list[list[str]],
        tokens: dict[str, tuple[str, ...]],
        spelled: dict[tuple[str, ...], str],
        same_person: set[frozenset[str]],
    ):
        self.buckets = buckets
        self.tokens = tokens
        self.spelled = spelled
        self.same_person = same_person
        member_of: dict[str, list[int]] = defaultdict(list)
        for index, members in enumerate(buckets):
            for f in members:
                member_of[f].append(index)
        self.member_of = member_of  # ascending bucket indices
        self.member_sets = {f: set(indices) for f, indices in member_of.items()}
        self.matches: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()  # few: kept

    def found_in(self, indices: list[int]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for index in indices:
            by_tokens: dict[tuple[str, ...], list[str]] = defaultdict(list)
            for f in self.buckets[index]:
                by_tokens[self.tokens[f]].append(f)
            groups = list(by_tokens.items())
            for i, (ta, fa) in enumerate(groups):
                for tb, fb in groups[i:]:
                    owned = [
                        (a, b) if a < b else (b, a)
                        for a in fa
                        for b in fb
                        if a != b and self._first_shared(a, b) == index
                    ]
                    if owned and self._match(ta, tb):
                        found.update(p for p in owned if frozenset(p) not in self.same_person)
        return found

    def _first_shared(self, a: str, b: str) -> int:
        others = self.member_sets[b]
        return next(i for i in self.member_of[a] if i in others)

    def _match(self, ta: tuple[str, ...], tb: tuple[str, ...]) -> bool:
        from incidentctl.record.names import names_match

        key = (ta, tb) if ta <= tb else (tb, ta)
        if key in self.matches:
            return True
        a, b = self.spelled[ta], self.spelled[tb]
        if names_match(a, b) or names_match(b, a):
            self.matches.add(key)
            return True
        return False
