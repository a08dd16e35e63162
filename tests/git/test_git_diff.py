"""`incidentctl diff [REV] [REV]` on real commit histories."""

from __future__ import annotations

import json

from .helpers import commit, edit, json_out, record_path

EMPTY = {"added": [], "removed": [], "renamed": [], "changed": []}


def other(n: int) -> dict:
    """Overrides for a record that is clearly a different incident."""
    return {
        "title": f"Lawyer number {n} detained in Almaty",
        "people": [{"name": f"Person {n} Example", "roles": ["lawyer"]}],
        "types": ["arrest-detention"],
    }


def test_default_compares_the_working_tree_with_head_including_untracked_files(incidentctl_dataset):
    kept = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    edit(incidentctl_dataset, kept, "status=concluded")
    new = incidentctl_dataset.add(**other(1))  # never staged

    diff = json_out(incidentctl_dataset, "diff")

    assert set(diff) == {"added", "removed", "renamed", "changed"}
    assert diff["added"] == [new]
    assert diff["changed"] == [
        {"id": kept, "changes": [{"field": "status", "old": "ongoing", "new": "concluded"}]}
    ]
    assert (diff["removed"], diff["renamed"]) == ([], [])


def test_no_change_is_an_empty_diff(incidentctl_dataset):
    incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    assert json_out(incidentctl_dataset, "diff") == EMPTY
    assert incidentctl_dataset.run("diff").stdout == "no record changed\n"


def test_a_repository_without_commits_shows_every_record_as_added(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    assert json_out(incidentctl_dataset, "diff")["added"] == [rid]


def test_two_revisions_and_removed_records(incidentctl_dataset):
    a = incidentctl_dataset.add()
    b = incidentctl_dataset.add(**other(1))
    first = commit(incidentctl_dataset, "Add two")
    record_path(incidentctl_dataset, b).unlink()
    edit(incidentctl_dataset, a, "sources[0].url=https://www.icj.org/moved")
    second = commit(incidentctl_dataset, "Remove one, fix a link")

    diff = json_out(incidentctl_dataset, "diff", first, second)
    backwards = json_out(incidentctl_dataset, "diff", second, first)
    dotted = json_out(incidentctl_dataset, "diff", f"{first}..{second}")

    assert diff["removed"] == [b] and diff["added"] == []
    assert diff["changed"] == [
        {
            "id": a,
            "changes": [
                {
                    "field": "sources[0].url",
                    "old": "https://www.icj.org/example",
                    "new": "https://www.icj.org/moved",
                }
            ],
        }
    ]
    assert backwards["added"] == [b] and backwards["removed"] == []
    assert dotted == diff


def test_a_move_to_another_year_is_a_change_of_date_not_a_rename(incidentctl_dataset):
    rid = incidentctl_dataset.add(date="2019-05-21")
    commit(incidentctl_dataset, "Add")
    edit(incidentctl_dataset, rid, "date=2020-01-15")
    commit(incidentctl_dataset, "Correct the year")

    diff = json_out(incidentctl_dataset, "diff", "HEAD~1", "HEAD")

    assert diff == {
        **EMPTY,
        "changed": [
            {"id": rid, "changes": [{"field": "date", "old": "2019-05-21", "new": "2020-01-15"}]}
        ],
    }


def change_id(incidentctl_dataset, rid: str, new_id: str, *replacements: tuple[str, str]) -> None:
    """Give a record another id (and file name), with optional text edits: what a rename does."""
    path = record_path(incidentctl_dataset, rid)
    text = path.read_text(encoding="utf-8").replace(f'id: "{rid}"', f'id: "{new_id}"')
    for old, new in replacements:
        text = text.replace(old, new)
    path.unlink()
    (path.parent / f"{new_id}.yaml").write_text(text, encoding="utf-8")


NEW_ID = "2019-05-21-kz-sizintsev-licence-revoked"


def test_an_id_change_is_a_rename(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    change_id(incidentctl_dataset, rid, NEW_ID)

    working = json_out(incidentctl_dataset, "diff")
    commit(incidentctl_dataset, "Rename")
    committed = json_out(incidentctl_dataset, "diff", "HEAD~1", "HEAD")

    assert working == {**EMPTY, "renamed": [{"from": rid, "to": NEW_ID}]}
    assert committed == working


def test_a_rename_with_an_edit_lists_the_edit_under_the_new_id(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    old_title = "Lawyer disbarred after criticising the bar law"
    change_id(incidentctl_dataset, rid, NEW_ID, (old_title, "Sizintsev licence revoked"))

    diff = json_out(incidentctl_dataset, "diff")

    assert diff["renamed"] == [{"from": rid, "to": NEW_ID}]
    assert diff["changed"] == [
        {
            "id": NEW_ID,
            "changes": [{"field": "title", "old": old_title, "new": "Sizintsev licence revoked"}],
        }
    ]
    assert diff["added"] == diff["removed"] == []


def test_a_new_id_with_other_people_is_not_a_rename(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    change_id(incidentctl_dataset, rid, NEW_ID, ("Sizintsev", "Omarova"))

    diff = json_out(incidentctl_dataset, "diff")

    assert (diff["added"], diff["removed"], diff["renamed"]) == ([NEW_ID], [rid], [])


def test_three_dots_diff_from_the_merge_base_like_a_pull_request(incidentctl_dataset):
    base_id = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    incidentctl_dataset.git("switch", "--quiet", "-c", "feature")
    edit(incidentctl_dataset, base_id, "status=concluded")
    branch_new = incidentctl_dataset.add(**other(1))
    commit(incidentctl_dataset, "Work on the branch")
    incidentctl_dataset.git("switch", "--quiet", "main")
    main_new = incidentctl_dataset.add(**other(2))
    commit(incidentctl_dataset, "Meanwhile on main")
    incidentctl_dataset.git("switch", "--quiet", "feature")

    pull_request = json_out(incidentctl_dataset, "diff", "main...HEAD")
    two_points = json_out(incidentctl_dataset, "diff", "main", "HEAD")

    assert pull_request["added"] == [branch_new]
    assert pull_request["removed"] == []
    assert [c["id"] for c in pull_request["changed"]] == [base_id]
    # Compared tip to tip, main's new record looks removed on the branch.
    assert two_points["removed"] == [main_new]
    assert json_out(incidentctl_dataset, "diff", "main...") == pull_request


def test_bad_revision_is_a_usage_error_without_traceback(incidentctl_dataset):
    incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    for args in (["no-such-branch"], ["HEAD", "nope"], ["nope...HEAD"], ["--", "-x"]):
        result = incidentctl_dataset.invoke("diff", *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("error:")
    assert (
        "unknown revision 'no-such-branch'"
        in incidentctl_dataset.run("diff", "no-such-branch").stderr
    )


def test_diff_needs_a_git_repository(tmp_path):
    from incidentctl.testing import Dataset

    root = tmp_path / "plain"
    (root / "data" / "incidents").mkdir(parents=True)
    result = Dataset(root).invoke("diff")
    assert result.exit_code == 1
    assert "not in a git repository" in result.stderr


def test_an_unreadable_file_is_skipped_with_a_warning(incidentctl_dataset):
    good = incidentctl_dataset.add()
    broken = incidentctl_dataset.add(**other(1))
    commit(incidentctl_dataset, "Add")
    record_path(incidentctl_dataset, broken).write_text("title: [unclosed\n", encoding="utf-8")
    edit(incidentctl_dataset, good, "status=concluded")

    result = incidentctl_dataset.invoke("diff", "--format", "json")

    assert result.exit_code == 0
    diff = json.loads(result.stdout)
    assert [c["id"] for c in diff["changed"]] == [good]
    assert broken not in diff["removed"]
    assert f"skipped data/incidents/2019/{broken}.yaml:2:1: YAML syntax" in result.stderr
    assert "(in working tree)" in result.stderr


def test_markdown_for_a_pull_request_comment(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    gone = incidentctl_dataset.add(**other(1))
    commit(incidentctl_dataset, "Add")
    edit(incidentctl_dataset, rid, "status=concluded", "outcome=licence | revoked")
    record_path(incidentctl_dataset, gone).unlink()
    added = incidentctl_dataset.add(**other(2))
    path = record_path(incidentctl_dataset, rid)
    path.write_text(
        path.read_text(encoding="utf-8").replace("An appeal was announced.", "The appeal failed."),
        encoding="utf-8",
    )

    md = incidentctl_dataset.run("diff", "--format", "markdown").stdout

    assert "1 added, 1 removed, 0 renamed, 1 changed" in md
    assert f"#### Added\n\n- `{added}` Lawyer number 2 detained in Almaty" in md
    assert f"#### Removed\n\n- `{gone}`" in md
    assert "| field | old | new |" in md
    assert "| `status` | ongoing | concluded |" in md
    # A pipe in a value must not break the table; a summary shows only its changed line.
    assert r"| `outcome` | *(none)* | licence \| revoked |" in md
    assert "| `summary` | An appeal was announced. | The appeal failed. |" in md


def test_plain_table_on_a_pipe(incidentctl_dataset):
    rid = incidentctl_dataset.add()
    commit(incidentctl_dataset, "Add")
    edit(incidentctl_dataset, rid, "status=concluded", "tags=a-tag")

    result = incidentctl_dataset.run("diff")

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"changed\t{rid}\tLawyer disbarred after criticising the bar law",
        '\tstatus: "ongoing" -> "concluded"',
        '\ttags: (none) -> ["a-tag"]',
    ]


def test_a_data_set_in_a_sub_folder_of_the_repository(tmp_path, monkeypatch):
    import subprocess

    from incidentctl.files.dataset import init_dataset
    from incidentctl.testing import Dataset

    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "Test Analyst")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "analyst@example.org")
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "--quiet", "-b", "main"], cwd=repo, check=True)
    root, _ = init_dataset(repo / "monitoring")
    ds = Dataset(root)
    rid = ds.add(date="2019-05-21")
    commit(ds, "Add")
    edit(ds, rid, "date=2020-06-01")
    commit(ds, "Move")

    diff = json_out(ds, "diff", "HEAD~1", "HEAD")
    history = json_out(ds, "history", rid)

    assert diff["changed"] == [
        {"id": rid, "changes": [{"field": "date", "old": "2019-05-21", "new": "2020-06-01"}]}
    ]
    assert [h["changed"] for h in history][:1] == [["date"]]
    assert "moved to data/incidents/2020" in ds.invoke("history", rid).stdout
