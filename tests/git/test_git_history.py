"""`incidentctl history ID` on real commit histories."""

from __future__ import annotations

import datetime as dt
import json

from .helpers import commit, edit, json_out, merge, record_path


def test_history_lists_each_commit_newest_first_with_changed_fields(incidentctl_dataset):
    rid = incidentctl_dataset.add(
        sources=[
            {"url": "https://a.example/1", "language": "en"},
            {"url": "https://b.example/2", "language": "ru"},
        ]
    )
    first = commit(incidentctl_dataset, "Add the incident")
    edit(incidentctl_dataset, rid, "status=concluded", "sources[1].url=https://b.example/moved")
    second = commit(incidentctl_dataset, "Conclude it\n\nwith a body that is not the subject")
    edit(incidentctl_dataset, rid, "tags=bar-law,licence")
    third = commit(incidentctl_dataset, "Tag it")

    history = json_out(incidentctl_dataset, "history", rid)

    assert [h["commit"] for h in history] == [third, second, first]
    assert all(set(h) == {"commit", "date", "author", "message", "changed"} for h in history)
    assert history[0]["changed"] == ["tags"]
    assert history[1]["changed"] == ["status", "sources[1].url"]
    assert history[1]["message"] == "Conclude it"
    assert history[1]["author"] == "Test Analyst"
    assert dt.datetime.fromisoformat(history[1]["date"]).tzinfo is not None
    assert history[2]["changed"][:3] == ["id", "title", "date"]


def test_history_follows_a_record_moved_to_another_year_folder(incidentctl_dataset):
    rid = incidentctl_dataset.add(date="2019-05-21")
    commit(incidentctl_dataset, "Add")
    edit(incidentctl_dataset, rid, "date=2020-02-03")
    assert record_path(incidentctl_dataset, rid).parent.name == "2020"
    moved = commit(incidentctl_dataset, "Correct the date")
    edit(incidentctl_dataset, rid, "status=concluded")
    commit(incidentctl_dataset, "Conclude")

    history = json_out(incidentctl_dataset, "history", rid)

    assert [h["message"] for h in history] == ["Conclude", "Correct the date", "Add"]
    assert history[1] == {**history[1], "commit": moved, "changed": ["date"]}
    table = incidentctl_dataset.invoke("history", rid)
    assert table.exit_code == 0
    assert "moved to data/incidents/2020" in table.stdout


def test_reformatting_commit_changes_no_field(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    path = record_path(incidentctl_dataset, rid)
    path.write_text(
        path.read_text(encoding="utf-8").replace('status: "ongoing"', "status: ongoing"),
        encoding="utf-8",
    )
    commit(incidentctl_dataset, "Unquote a value")

    history = json_out(incidentctl_dataset, "history", rid)

    assert history[0]["message"] == "Unquote a value"
    assert history[0]["changed"] == []


def test_a_commit_where_the_file_did_not_parse_does_not_break_history(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    path = record_path(incidentctl_dataset, rid)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("status:", "status: [unclosed", 1), encoding="utf-8")
    commit(incidentctl_dataset, "Break it")
    path.write_text(good.replace('"ongoing"', '"concluded"'), encoding="utf-8")
    commit(incidentctl_dataset, "Fix it")

    result = incidentctl_dataset.invoke("history", rid, "--format", "json")
    table = incidentctl_dataset.invoke("history", rid)

    assert result.exit_code == 0, result.stderr
    history = json.loads(result.stdout)
    assert [h["message"] for h in history] == ["Fix it", "Break it", "Add"]
    assert history[0]["changed"] == [] and history[1]["changed"] == []
    assert table.exit_code == 0
    assert "not a readable record" in table.stdout


def test_history_of_a_deleted_record_is_still_shown(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    record_path(incidentctl_dataset, rid).unlink()
    commit(incidentctl_dataset, "Remove a duplicate")

    history = json_out(incidentctl_dataset, "history", rid)

    assert [h["message"] for h in history] == ["Remove a duplicate", "Add"]
    assert history[0]["changed"][:2] == ["id", "title"]
    assert "(deleted)" in incidentctl_dataset.invoke("history", rid).stdout


def test_history_shows_the_commits_of_a_merged_branch(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    incidentctl_dataset.git("switch", "--quiet", "-c", "feature")
    edit(incidentctl_dataset, rid, "status=concluded")
    commit(incidentctl_dataset, "Conclude on a branch")
    incidentctl_dataset.git("switch", "--quiet", "main")
    other = incidentctl_dataset.add(
        title="Another lawyer threatened in Almaty", people=[{"name": "Aigul Example"}]
    )
    commit(incidentctl_dataset, f"Add {other}")
    assert merge(incidentctl_dataset, "feature").returncode == 0

    history = json_out(incidentctl_dataset, "history", rid)

    assert [h["message"] for h in history] == ["Conclude on a branch", "Add"]
    assert history[0]["changed"] == ["status"]


def test_a_merge_that_combined_edits_from_both_sides_is_shown_against_its_first_parent(
    incidentctl_dataset,
):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    incidentctl_dataset.git("switch", "--quiet", "-c", "feature")
    edit(incidentctl_dataset, rid, "location=Astana")
    commit(incidentctl_dataset, "Correct the city")
    incidentctl_dataset.git("switch", "--quiet", "main")
    edit(incidentctl_dataset, rid, "status=concluded")
    commit(incidentctl_dataset, "Conclude")
    result = merge(incidentctl_dataset, "feature")
    assert result.returncode == 0, result.stdout + result.stderr

    history = json_out(incidentctl_dataset, "history", rid)

    assert [(h["message"], h["changed"]) for h in history] == [
        ("Merge branch 'feature'", ["location"]),
        ("Conclude", ["status"]),
        ("Correct the city", ["location"]),
        ("Add", history[-1]["changed"]),
    ]


def test_an_uncommitted_record_has_an_empty_history(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    assert json_out(incidentctl_dataset, "history", rid) == []
    assert incidentctl_dataset.invoke("history", rid).exit_code == 0


def test_unknown_id_is_not_found(incidentctl_dataset):
    incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    result = incidentctl_dataset.invoke("history", "2001-01-01-kz-nothing-here")
    assert result.exit_code == 1
    assert "no record with id '2001-01-01-kz-nothing-here'" in result.stderr
    assert "Traceback" not in result.stderr


def test_history_needs_a_git_repository(tmp_path):
    from incidentctl.testing import Dataset

    root = tmp_path / "plain"
    (root / "data" / "incidents").mkdir(parents=True)
    ds = Dataset(root)
    result = ds.invoke("history", "2019-05-21-kz-x-y")
    assert result.exit_code == 1
    assert "not in a git repository" in result.stderr


def test_history_table_on_a_pipe_is_plain_tab_separated(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add the incident")
    result = incidentctl_dataset.run("history", rid)
    lines = result.stdout.splitlines()
    assert result.exit_code == 0, result.stderr
    assert lines[0].split("\t") == ["commit", "date", "author", "message", "changed"]
    assert lines[1].split("\t")[2:] == ["Test Analyst", "Add the incident", "(created)"]
    assert "\x1b[" not in result.stdout


def test_in_a_shallow_clone_the_oldest_commit_is_said_to_be_shallow(incidentctl_dataset, tmp_path):
    import subprocess

    from incidentctl.testing import Dataset

    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add the incident")
    edit(incidentctl_dataset, rid, "status=concluded")
    commit(incidentctl_dataset, "Conclude it")
    edit(incidentctl_dataset, rid, "tags=bar-law")
    last = commit(incidentctl_dataset, "Tag it")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "2", f"file://{incidentctl_dataset.root}", clone],
        check=True,
        capture_output=True,
    )
    shallow = Dataset(clone)

    history = json_out(shallow, "history", rid)
    assert [h["message"] for h in history] == ["Tag it", "Conclude it"]
    assert history[0]["commit"] == last and "shallow" not in history[0]
    assert history[1]["shallow"] is True and history[1]["changed"] == []
    table = shallow.run("history", rid)
    assert table.exit_code == 0, table.stderr
    row = table.stdout.splitlines()[2].split("\t")
    assert row[3:] == [
        "Conclude it",
        "history is shallow: earlier commits were not fetched (git fetch --unshallow)",
    ]
    assert "(created)" not in table.stdout
    # the full history still says created
    assert json_out(incidentctl_dataset, "history", rid)[-1]["changed"][:1] == ["id"]
