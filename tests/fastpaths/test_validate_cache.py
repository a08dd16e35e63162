"""`validate` with its cache in the index (index/checks.py) reports exactly what it reports
without: the whole report stored for an unchanged data set, each record's checked values and
each name's keys kept between runs, and ``--changed`` comparing only the pairs of names that
hold a changed record's name.

Data: ``benchmarks/generate.py`` at a small count, in both file shapes (canonical and
hand-written), through edits, deletions, renames and new errors, compared every time with
``validate(..., cache=False)`` (nothing read from or written to the cache).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from incidentctl.files.store import Store
from incidentctl.ops import validate as checks
from incidentctl.views.history import changed_since

GENERATE = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"


def _generated(out: Path, style: str, count: int = 240) -> Store:
    command = [sys.executable, str(GENERATE), str(out), "--count", str(count), "--git"]
    subprocess.run(
        [*command, "--style", style],
        check=True,
        capture_output=True,
    )
    return Store(out)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _rows(report: checks.Report) -> tuple[int, list[tuple[object, ...]], list[tuple[object, ...]]]:
    return (
        report.valid,
        [checks._row(p) for p in report.errors],
        [checks._row(p) for p in report.warnings],
    )


def _whole_three_ways(store: Store) -> checks.Report:
    """The report without the cache, then with it (filling it) and again (from it): all equal."""
    plain = checks.validate(store, cache=False)
    assert _rows(checks.validate(store)) == _rows(plain)
    assert _rows(checks.validate(store)) == _rows(plain)
    assert _rows(checks.validate(store, warnings=False)) == (plain.valid, _rows(plain)[1], [])
    return plain


def _changed_equal(store: Store) -> None:
    """``--changed HEAD`` with the cache (names compared only for the changed records) equals
    it without, and equals the whole report's findings in those files."""
    since = changed_since(store, "HEAD")
    assert since, "the edit should have changed something"
    cached, plain = checks.validate(store, since), checks.validate(store, since, cache=False)
    assert _rows(cached) == _rows(plain)
    whole = checks.validate(store, cache=False)
    shown = {store.rel(p) for p in since}
    assert _rows(cached)[1:] == (
        [checks._row(p) for p in whole.errors if p.path in shown],
        [checks._row(p) for p in whole.warnings if p.path in shown],
    )


@pytest.mark.slow
@pytest.mark.parametrize("style", ["canonical", "handwritten"])
def test_the_cache_changes_no_answer_through_edits_deletions_and_renames(
    style: str, tmp_path: Path
) -> None:
    store = _generated(tmp_path / style, style)
    first = _whole_three_ways(store)
    assert len(first.warnings) >= 2  # similar names, links to withdrawn records
    files = [Path(p) for p in store.listing().files]
    with_people = [p for p in files if "\npeople:" in p.read_text(encoding="utf-8")]

    # an edit: a record's person gains a near-spelling as a second person (a new warning)
    target = with_people[3]
    text = target.read_text(encoding="utf-8")
    name = first.warnings[0].message.split("'")[1]
    if style == "canonical":
        text = text.replace("people:\n", f'people:\n  - name: "{name}x"\n', 1)
    else:
        text = text.replace("people:\n", f"people:\n  - name: {name}x\n", 1)
    target.write_text(text, encoding="utf-8")
    after_edit = _whole_three_ways(store)
    assert _rows(after_edit) != _rows(first)
    _changed_equal(store)
    _git(store.root, "commit", "-qam", "edit")

    # a deletion (links to it dangle: errors) and a rename (id and file name differ: an error)
    deleted = next(p for p in files if p != target and p.stem in _all_related(files))
    _git(store.root, "rm", "-q", str(deleted))
    renamed = files[7]
    _git(store.root, "mv", str(renamed), str(renamed.with_name(f"{renamed.stem}-moved.yaml")))
    after_moves = _whole_three_ways(store)
    assert any("no record with id" in p.message for p in after_moves.errors)
    assert any("differs from the file name" in p.message for p in after_moves.errors)
    _changed_equal(store)

    # an unreadable file, then the day changes nothing but the key of the stored report
    (store.data_dir / "2019" / "2019-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    _whole_three_ways(store)


def _all_related(files: list[Path]) -> set[str]:
    import re

    return {
        found
        for p in files
        for found in re.findall(
            r"^  - \"?([0-9]{4}-[a-z0-9-]+)\"?$", p.read_text(encoding="utf-8"), re.M
        )
    }


@pytest.mark.slow
def test_an_unchanged_data_set_is_answered_from_the_stored_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _generated(tmp_path / "set", "canonical", count=60)
    expected = _rows(checks.validate(store))

    def no_work(*args: object, **kwargs: object) -> list[object]:
        raise AssertionError("the checks ran again on an unchanged data set")

    monkeypatch.setattr(checks, "similar_names", no_work)
    assert _rows(checks.validate(store)) == expected  # nothing changed: the stored report
    target = next(iter(store.listing().files))
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="ran again"):
        checks.validate(store)  # one file's bytes changed: the checks run


def test_the_cached_values_of_a_record_are_what_its_data_gives() -> None:
    data = {
        "id": "2019-05-01-x",
        "date": "2019-05-01",
        "title": "t",
        "types": ["arrest-detention"],
        "countries": ["KZ"],
        "people": [{"name": "Anna Ivanova", "aliases": ["Anna Ivanovna"]}, {"name": "B"}],
        "related": ["2019-04-01-y"],
        "external_ids": ["hrd:1"],
        "withdrawn": {"duplicate_of": "2019-04-01-y"},
    }
    import marshal

    values = marshal.loads(marshal.dumps(checks.essentials(data)))
    assert checks._seen_from("p", values, {}, {}) == checks.seen_of("p", data, {}, {})
