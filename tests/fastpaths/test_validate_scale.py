"""`validate` at scale reports exactly what the plain algorithm reports.

The plain algorithm (``reference`` below: every file read by ``Store.read`` and kept, every pair
of names in a bucket compared, every position from the round-trip tree) is the one validate
used before it streamed files, compared names by their tokens in worker processes and located
problems from the lines of canonical files. The data set here has every kind of error and
warning; the comparison runs in one process and with the work shared among processes.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentctl.errors import Problem
from incidentctl.files.positions import Positions
from incidentctl.files.store import Store
from incidentctl.files.yamlio import YamlProblem, load_roundtrip, position
from incidentctl.ops import validate as checks

# -- the reference ------------------------------------------------------------------------------


def reference(store: Store) -> checks.Report:
    from rapidfuzz import fuzz, process

    from incidentctl.record import names

    listing = store.listing()
    loaded = [store.read(p) for p in listing.files]

    def at(item: Any, where: tuple[Any, ...], field: str, message: str, severity: str = "error"):
        line = col = None
        if item.text is not None:
            with contextlib.suppress(YamlProblem):
                line, col = position(load_roundtrip(item.text), where) or (None, None)
        return Problem(store.rel(item.path), line, col, field, message, severity)

    report = checks.Report()
    report.errors.extend(listing.skipped)
    by_id: dict[str, list[Any]] = defaultdict(list)
    for item in loaded:
        if item.ok:
            by_id[item.record.id].append(item)
    for item in loaded:
        if not item.ok:
            report.errors.extend(item.problems)
            continue
        r, found = item.record, []
        if item.path.stem != r.id:
            found.append(
                at(
                    item,
                    ("id",),
                    "id",
                    f"id '{r.id}' differs from the file name '{item.path.name}' (they must match)",
                )
            )
        if item.path.suffix != ".yaml":
            found.append(at(item, (), "", "record files end in .yaml"))
        if item.path.parent.name != f"{r.date.year:04d}":
            found.append(
                at(
                    item,
                    ("date",),
                    "date",
                    f"the file is in folder '{item.path.parent.name}' but its date is in {r.date.year}; move it to data/incidents/{r.date.year:04d}/",
                )
            )
        twins = [o for o in by_id[r.id] if o.path != item.path]
        if twins:
            found.append(
                at(
                    item,
                    ("id",),
                    "id",
                    f"duplicate id '{r.id}' (also in {', '.join(store.rel(o.path) for o in twins)})",
                )
            )
        for i, rel in enumerate(r.related):
            if rel not in by_id:
                found.append(
                    at(item, ("related", i), f"related[{i}]", f"no record with id '{rel}'")
                )
        report.errors.extend(found)
        report.valid += not found
    good = [i for i in loaded if i.ok]
    seen: set[tuple[str, ...]] = set()

    def warn(a: Any, b: Any, why: str) -> None:
        key = tuple(sorted((a.record.id, b.record.id)))
        if key not in seen and a.record.id != b.record.id:
            seen.add(key)
            report.warnings.append(
                at(a, ("id",), "id", f"probable duplicate of '{b.record.id}' ({why})", "warning")
            )

    by_person: dict[str, list[Any]] = defaultdict(list)
    for item in good:
        for person in item.record.people:
            by_person[names.fold_name(person.name)].append(item)
    for person, items in by_person.items():
        items = sorted(items, key=lambda i: i.record.date.start())
        for a, b in itertools.pairwise(items):
            gap = (b.record.date.start() - a.record.date.start()).days
            if (
                gap <= checks.NEARBY_DAYS
                and a.record.date.precision == "day" == b.record.date.precision
                and set(a.record.types) & set(b.record.types)
            ):
                warn(
                    a,
                    b,
                    f"same person '{a.record.people[0].name if a.record.people else person}', {gap} day(s) apart, same type",
                )
    title_buckets: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for item in good:
        for country in item.record.countries:
            title_buckets[(str(item.record.date)[:7], country)].append(item)
    for items in title_buckets.values():
        titles = [i.record.title.casefold() for i in items]
        for i, title in enumerate(titles[:-1]):
            for _, _, j in process.extract(
                title,
                titles[i + 1 :],
                scorer=fuzz.ratio,
                score_cutoff=checks.TITLE_SIMILARITY,
                limit=None,
            ):
                warn(items[i], items[i + 1 + j], "near-identical titles")
    first_seen: dict[str, tuple[str, Any]] = {}
    same_person: set[frozenset[str]] = set()
    for item in good:
        for p in item.record.people:
            for n in (p.name, *p.aliases):
                first_seen.setdefault(names.fold_name(n), (n, item))
            folds = {names.fold_name(n) for n in (p.name, *p.aliases)}
            same_person.update(frozenset((a, b)) for a in folds for b in folds if a != b)
    name_buckets: dict[str, set[str]] = defaultdict(set)
    for f, (n, _) in first_seen.items():
        for key in names.search_keys(n):
            if len(key) >= 3:
                name_buckets[key].add(f)
    pairs: set[tuple[str, str]] = set()
    for members in name_buckets.values():
        if len(members) <= checks.MAX_NAME_BUCKET:
            ordered = sorted(members)
            pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    for a, b in sorted(pairs):
        if frozenset((a, b)) in same_person:
            continue
        (na, ia), (nb, ib) = first_seen[a], first_seen[b]
        if names.similar_but_different(na, nb):
            report.warnings.append(
                at(
                    ia,
                    ("people",),
                    "people",
                    f"'{na}' is similar to '{nb}' (in {ib.record.id}); if they are one person, add the other spelling as an alias",
                    "warning",
                )
            )
    return report


# -- a data set with every kind of finding ------------------------------------------------------

SURNAMES = [
    "Sizintsev",
    "Sizentsev",
    "Omarova",
    "Umarova",
    "Nurlanov",
    "Nurlanova",
    "Ivanov",
    "Ivanova",
]
FIRST = ["Sergey", "Serik", "Aigerim", "Aiman", "Nurlan", "Yerlan", "Anna", "Olga"]


@pytest.fixture
def troubled(incidentctl_dataset: Any) -> Any:
    made = []
    for n in range(90):
        surname = SURNAMES[n % len(SURNAMES)]
        first = FIRST[(n * 3) % len(FIRST)]
        aliases = [f"{first} {surname}e"] if n % 5 == 0 else []
        people = [{"name": f"{first} {surname}", "aliases": aliases, "roles": ["lawyer"]}]
        if n % 7 == 0:
            people.append({"name": surname})
        made.append(
            incidentctl_dataset.add(
                title=f"Lawyer {first} {surname} detained in Almaty"
                if n % 4
                else "Lawyer detained after the hearing in Almaty",
                date=f"2019-05-{1 + n % 20:02d}" if n % 3 else f"2019-{1 + n % 12:02d}",
                people=people,
                types=["arrest-detention"] if n % 2 else ["disbarment", "arrest-detention"],
                related=[made[-1]] if n % 9 == 1 else None,
            )
        )
    inc = incidentctl_dataset.incidents
    first_file = sorted(inc.glob("2019/*.yaml"))
    # wrong folder, name differs from id, duplicate id, .yml suffix, a dangling related
    (inc / "2018").mkdir()
    shutil.move(first_file[0], inc / "2018" / first_file[0].name)
    shutil.move(first_file[1], first_file[1].with_name("2019-renamed-record.yaml"))
    shutil.copy(first_file[2], inc / "2018" / first_file[2].name)
    shutil.move(first_file[3], first_file[3].with_suffix(".yml"))
    text = first_file[4].read_text(encoding="utf-8")
    first_file[4].write_text(
        text.replace("recorded:", 'related:\n  - "no-such-record"\n  - "no-such-other"\nrecorded:'),
        encoding="utf-8",
    )
    # invalid files, a non-canonical valid one, a symlink, a stray
    (inc / "2019" / "2019-bad-schema.yaml").write_text(
        'id: "2019-bad-schema"\ntitle: "x"\n', encoding="utf-8"
    )
    (inc / "2019" / "2019-bad-yaml.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (inc / "2019" / "2019-binary.yaml").write_bytes(b"\x00\x01")
    hand = (
        first_file[5]
        .read_text(encoding="utf-8")
        .replace('title: "', "# a comment\ntitle: '")
        .replace('"\ndate:', "'\ndate:", 1)
    )
    first_file[5].write_text(hand, encoding="utf-8")
    (inc / "2019" / "2019-link.yaml").symlink_to(first_file[6])
    (inc / "stray.yaml").write_text("x: 1\n", encoding="utf-8")
    return incidentctl_dataset


def _same(a: checks.Report, b: checks.Report) -> None:
    assert a.to_json() == b.to_json()
    assert [p.severity for p in a.errors + a.warnings] == [
        p.severity for p in b.errors + b.warnings
    ]


@pytest.mark.slow
def test_validate_reports_what_the_plain_algorithm_reports(troubled: Any) -> None:
    store = Store(troubled.root)
    expected = reference(store)
    assert len(expected.errors) >= 8 and len(expected.warnings) >= 20  # the set is troubled
    _same(checks.validate(store), expected)


@pytest.mark.slow
def test_sharing_the_work_among_processes_changes_nothing(
    troubled: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(troubled.root)
    alone = checks.validate(store)
    from incidentctl import pool
    from incidentctl.index import db

    monkeypatch.setattr(pool, "POOL_MIN", 1)
    monkeypatch.setattr(pool, "CHUNK", 7)
    monkeypatch.setattr(checks, "NAME_BUCKETS_CHUNK", 7)
    monkeypatch.setattr(pool, "usable_cpus", lambda: 2)
    db.discard(troubled.root / ".incidentctl" / "index.sqlite3")  # built again, by the pool
    _same(checks.validate(store), alone)


@pytest.mark.slow
def test_only_some_files_reports_their_problems_against_the_whole_set(troubled: Any) -> None:
    store = Store(troubled.root)
    whole = checks.validate(store)
    some = sorted(troubled.incidents.glob("2018/*.yaml"))
    part = checks.validate(store, some)
    wanted = {str(Path(p).resolve()) for p in some}
    keep = [p for p in whole.errors if str((troubled.root / p.path).resolve()) in wanted]
    assert part.errors == keep and part.errors
    warned = [p for p in whole.warnings if str((troubled.root / p.path).resolve()) in wanted]
    assert part.warnings == warned
    assert checks.validate(store, some, warnings=False).errors == keep


@pytest.mark.slow
def test_checking_one_record_reports_its_warnings_as_the_whole_check_does(troubled: Any) -> None:
    """``validate --changed``: each record alone gets the warnings the whole check gives it."""
    store = Store(troubled.root)
    whole = checks.validate(store)
    warned = {p.path for p in whole.warnings}
    assert len(warned) >= 5
    for shown in sorted(warned)[:8]:
        part = checks.validate(store, [troubled.root / shown])
        assert part.warnings == [p for p in whole.warnings if p.path == shown], shown
        mine = [p for p in part.errors if p.path == shown]
        assert mine == [p for p in whole.errors if p.path == shown], shown


# -- positions ----------------------------------------------------------------------------------

WHERE = [
    (),
    ("id",),
    ("title",),
    ("date",),
    ("people",),
    ("summary",),
    ("sources",),
    ("related",),
    ("related", 0),
    ("related", 1),
    ("related", 7),
    ("tags", 0),
    ("people", 0),
    ("missing",),
    ("recorded",),
    ("confidential",),
]


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    related=st.lists(
        st.from_regex(r"[a-z0-9][a-z0-9-]{3,20}", fullmatch=True), max_size=3, unique=True
    ),
    tags=st.lists(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True), max_size=2, unique=True),
    confidential=st.booleans(),
    summary=st.text(alphabet="abc dé\n", min_size=1, max_size=40).filter(lambda s: s.strip()),
)
def test_positions_from_lines_equal_the_tree(
    tmp_path_factory: pytest.TempPathFactory,
    related: list[str],
    tags: list[str],
    confidential: bool,
    summary: str,
) -> None:
    from incidentctl.ops import edit as records
    from incidentctl.testing import sample_record

    data = sample_record(related=related or None, tags=tags or None, summary=summary)
    data["confidential"] = confidential
    data["id"] = "2019-05-21-kz-position-test"
    record = records.complete(data)
    text = records.render(record)
    path = tmp_path_factory.mktemp("pos") / "2019-05-21-kz-position-test.yaml"
    path.write_text(text, encoding="utf-8")
    tree = load_roundtrip(text)
    finder = Positions()
    for where in WHERE:
        assert finder.at(path, where) == (position(tree, where) or (None, None)), where


def test_positions_of_an_unreadable_or_hand_written_file(tmp_path: Path) -> None:
    finder = Positions()
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    assert finder.at(bad, ("id",)) == (None, None)
    hand = tmp_path / "hand.yaml"
    text = '# note\nid: \'x-1\'\nrelated: ["a-1", "b-2"]\n'
    hand.write_text(text, encoding="utf-8")
    tree = load_roundtrip(text)
    for where in [("id",), ("related", 1), ()]:
        assert finder.at(hand, where) == position(tree, where)
    assert os.path.exists(hand)


@pytest.mark.slow
def test_without_an_index_the_files_give_what_the_index_gives(troubled: Any) -> None:
    """Where no index can be built (a Python without FTS5), validate reads the files instead."""
    store = Store(troubled.root)
    from_index = checks._known(store, None)
    from_files = checks._known_from_files(store)
    assert from_files.seen == from_index.seen
    assert from_files.bad == from_index.bad
    assert {k: sorted(v) for k, v in from_files.ids.items()} == {
        k: sorted(v) for k, v in from_index.ids.items()
    }
