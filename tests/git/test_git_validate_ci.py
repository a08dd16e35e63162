"""`validate --format github` and `validate --changed REV`, as a data repository's CI runs them."""

from __future__ import annotations

import json
import subprocess

from incidentctl.files.dataset import init_dataset
from incidentctl.testing import Dataset

from .helpers import commit, edit, record_path


def other(n: int) -> dict:
    return {
        "title": f"Lawyer number {n} detained in Almaty",
        "people": [{"name": f"Person {n} Example"}],
        "types": ["arrest-detention"],
    }


def break_status(incidentctl_dataset, record_id: str) -> None:
    path = record_path(incidentctl_dataset, record_id)
    text = path.read_text(encoding="utf-8").replace('status: "ongoing"', 'status: "pending"')
    path.write_text(text, encoding="utf-8")


def test_github_annotations_point_at_file_line_and_column(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    break_status(incidentctl_dataset, rid)
    line = (
        record_path(incidentctl_dataset, rid)
        .read_text(encoding="utf-8")
        .splitlines()
        .index('status: "pending"')
        + 1
    )

    result = incidentctl_dataset.invoke("validate", "--format", "github")

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file=data/incidents/2019/{rid}.yaml,line={line},col=9::status: "
        "'pending' is not one of: 'ongoing', 'concluded' or 'unknown'"
    ]
    assert "0 valid, 1 error(s)" in result.stderr


def test_github_warnings_are_warning_annotations_and_do_not_fail(incidentctl_dataset):
    a = incidentctl_dataset.add(title="Sergey Sizintsev disbarred in Petropavlovsk")
    b = incidentctl_dataset.add(title="Sergey Sizintsev disbarred in Petropavlovsk!")

    result = incidentctl_dataset.invoke("validate", "--format", "github")

    assert result.exit_code == 0, result.stdout + result.stderr
    (line,) = result.stdout.splitlines()
    assert line.startswith(
        f"::warning file=data/incidents/2019/{b}.yaml,line=1,col=5::id: probable duplicate of '{a}'"
    )


def test_github_paths_are_relative_to_the_repository_top(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "--quiet", "-b", "main"], cwd=repo, check=True)
    root, _ = init_dataset(repo / "monitoring" / "kz")
    ds = Dataset(root)
    rid = ds.add()
    break_status(ds, rid)

    result = ds.invoke("validate", "--format", "github")

    assert result.stdout.startswith(
        f"::error file=monitoring/kz/data/incidents/2019/{rid}.yaml,line="
    )


def test_github_escapes_what_would_end_the_command():
    from incidentctl.cli.commands.validate import annotation
    from incidentctl.errors import Problem

    text = annotation(Problem("data/a,b:c.yaml", 3, None, "summary", "50% wrong\nsecond line"))
    assert (
        text == "::error file=data/a%2Cb%3Ac.yaml,line=3,col=1::summary: 50%25 wrong%0Asecond line"
    )
    assert (
        annotation(Problem("x.yaml", None, None, "", "unreadable"))
        == "::error file=x.yaml::unreadable"
    )


def test_changed_reports_only_records_changed_since_the_revision(incidentctl_dataset):
    untouched = incidentctl_dataset.add(**other(1))
    edited = incidentctl_dataset.add(**other(2))
    commit(incidentctl_dataset, "Base")
    # An old problem the branch did not make: not reported with --changed.
    break_status(incidentctl_dataset, untouched)
    commit(incidentctl_dataset, "Old breakage")
    base = incidentctl_dataset.git("rev-parse", "HEAD").strip()
    incidentctl_dataset.git("switch", "--quiet", "-c", "feature")
    edit(incidentctl_dataset, edited, "status=concluded")
    commit(incidentctl_dataset, "Edit")
    new_untracked = incidentctl_dataset.add(**other(3))
    break_status(incidentctl_dataset, new_untracked)

    changed = incidentctl_dataset.invoke("validate", "--changed", base, "--format", "json")
    everything = incidentctl_dataset.invoke("validate", "--format", "json")

    report = json.loads(changed.stdout)
    assert changed.exit_code == 1
    assert report["valid"] == 1
    assert [e["path"] for e in report["errors"]] == [f"data/incidents/2019/{new_untracked}.yaml"]
    assert {e["path"] for e in json.loads(everything.stdout)["errors"]} == {
        f"data/incidents/2019/{untouched}.yaml",
        f"data/incidents/2019/{new_untracked}.yaml",
    }


def test_changed_still_runs_cross_record_checks_against_the_whole_set(incidentctl_dataset):
    existing = incidentctl_dataset.add(**other(1))
    commit(incidentctl_dataset, "Base")
    # A new record that points at a missing one, and a copy of an existing id in another year.
    # (add refuses a dangling id: it dangles once the record it named is gone)
    dangling = incidentctl_dataset.add(**other(2), related=[existing])
    linked = record_path(incidentctl_dataset, dangling)
    missing = '"2001-01-01-kz-does-not-exist"'
    linked.write_text(linked.read_text(encoding="utf-8").replace(f'"{existing}"', missing))
    copy = incidentctl_dataset.incidents / "2020" / f"{existing}.yaml"
    copy.parent.mkdir()
    copy.write_text(
        record_path(incidentctl_dataset, existing).read_text(encoding="utf-8"), encoding="utf-8"
    )

    result = incidentctl_dataset.invoke("validate", "--changed", "HEAD")

    assert result.exit_code == 1
    errors = result.stdout.splitlines()
    assert any(f"{dangling}.yaml" in e and "related[0]: no record with id" in e for e in errors)
    assert any(f"2020/{existing}.yaml" in e and f"duplicate id '{existing}'" in e for e in errors)
    # The committed original is not itself reported: it did not change.
    assert not any(e.startswith(f"data/incidents/2019/{existing}.yaml") for e in errors)


def test_changed_with_nothing_changed_passes(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    break_status(incidentctl_dataset, rid)
    commit(incidentctl_dataset, "Broken but old")
    result = incidentctl_dataset.invoke("validate", "--changed", "HEAD")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_changed_with_paths_reports_the_paths_that_changed(incidentctl_dataset):
    a = incidentctl_dataset.add(**other(1))
    b = incidentctl_dataset.add(**other(2))
    commit(incidentctl_dataset, "Base")
    break_status(incidentctl_dataset, a)
    break_status(incidentctl_dataset, b)
    result = incidentctl_dataset.invoke(
        "validate", "--changed", "HEAD", str(record_path(incidentctl_dataset, a))
    )
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        f"data/incidents/2019/{a}.yaml"
    ]


def test_changed_with_a_bad_revision_is_a_usage_error(incidentctl_dataset):
    incidentctl_dataset.add()
    commit(incidentctl_dataset, "Base")
    result = incidentctl_dataset.invoke("validate", "--changed", "origin/nope")
    assert result.exit_code == 2
    assert "unknown revision 'origin/nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_changed_reports_a_record_left_dangling_by_a_deletion(incidentctl_dataset):
    target = incidentctl_dataset.add(**other(1))
    referrer = incidentctl_dataset.add(**other(2), related=[target])
    commit(incidentctl_dataset, "Base")
    record_path(incidentctl_dataset, target).unlink()

    result = incidentctl_dataset.invoke("validate", "--changed", "HEAD")

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"data/incidents/2019/{referrer}.yaml:{_line_of(incidentctl_dataset, referrer, target)}:5: "
        f"related[0]: no record with id '{target}'"
    ]


def _line_of(incidentctl_dataset, record_id: str, text: str) -> int:
    lines = record_path(incidentctl_dataset, record_id).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_changed_with_three_dots_judges_a_branch_by_its_own_changes(incidentctl_dataset):
    shared = incidentctl_dataset.add(**other(1))
    commit(incidentctl_dataset, "Base")
    incidentctl_dataset.git("switch", "--quiet", "-c", "feature")
    mine = incidentctl_dataset.add(**other(2))
    commit(incidentctl_dataset, "Branch work")
    incidentctl_dataset.git("switch", "--quiet", "main")
    edit(incidentctl_dataset, shared, "status=concluded")
    commit(incidentctl_dataset, "Main moves on")
    incidentctl_dataset.git("switch", "--quiet", "feature")

    def checked(rev: str) -> list[str]:
        result = incidentctl_dataset.invoke(
            "validate", "--changed", rev, "--no-warnings", "-f", "json"
        )
        assert result.exit_code == 0, result.stdout
        return sorted(p.stem for p in history_changed(incidentctl_dataset, rev))

    # Against main's tip, main's newer edit looks like a change on the branch.
    assert checked("main") == sorted([mine, shared])
    assert checked("main...") == [mine]
    assert checked("main...HEAD") == [mine]


def history_changed(incidentctl_dataset, rev: str):
    from incidentctl.files.store import Store
    from incidentctl.views.history import changed_since

    return changed_since(Store(incidentctl_dataset.root), rev)
