"""Two analysts on two branches: no shared counter or index, so no conflicts."""

from __future__ import annotations

import pytest

from .helpers import commit, json_out, merge

DAYS = ["2022-01-05", "2022-01-06", "2022-01-07"]
FIRST = ["Aigerim", "Bauyrzhan", "Dana", "Ermek", "Gulnara", "Nurlan", "Saule", "Timur"]
LAST = ["Abenova", "Baimukhanov", "Zhaksylykova", "Omarov"]


def add_via_cli(incidentctl_dataset, n: int, analyst: str) -> str:
    """An analyst records incident ``n`` with the CLI, on one of three days, in Kazakhstan."""
    name = f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}-{analyst}{n}"
    result = incidentctl_dataset.invoke(
        "add",
        "--title", f"{name} ({analyst}) detained after hearing {n}",
        "--date", DAYS[n % len(DAYS)],
        "--country", "Kazakhstan",
        "--type", "arrest-detention",
        "--person", f"{name}:lawyer",
        "--status", "ongoing",
        "--summary", f"Incident {n} recorded by analyst {analyst}.",
        "--source", f"https://example.org/{analyst}/{n}",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout.split("\t")[0]


@pytest.mark.slow
def test_two_branches_with_fifteen_adds_each_merge_without_conflict(incidentctl_dataset):
    seed = incidentctl_dataset.add(
        date="2022-01-05", title="Lawyer detained in Almaty before the branches"
    )
    commit(incidentctl_dataset, "Seed")
    incidentctl_dataset.git("switch", "--quiet", "-c", "analyst-a")
    ids_a = []
    for n in range(16):
        ids_a.append(add_via_cli(incidentctl_dataset, n, "a"))
        commit(incidentctl_dataset, f"Add {ids_a[-1]}")
    incidentctl_dataset.git("switch", "--quiet", "main")
    incidentctl_dataset.git("switch", "--quiet", "-c", "analyst-b")
    ids_b = []
    for n in range(16):
        ids_b.append(add_via_cli(incidentctl_dataset, n, "b"))
        commit(incidentctl_dataset, f"Add {ids_b[-1]}")

    # Reviewing analyst-b's pull request shows exactly its sixteen records.
    assert json_out(incidentctl_dataset, "diff", "analyst-a...analyst-b")["added"] == sorted(ids_b)

    incidentctl_dataset.git("switch", "--quiet", "main")
    first = merge(incidentctl_dataset, "analyst-a")
    second = merge(incidentctl_dataset, "analyst-b")

    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 0, second.stdout + second.stderr
    assert "CONFLICT" not in second.stdout
    assert len(set(ids_a) | set(ids_b)) == 32
    listed = {r["id"] for r in json_out(incidentctl_dataset, "list")}
    assert listed == {seed, *ids_a, *ids_b}
    assert all(i.startswith(tuple(f"{d}-kz-" for d in DAYS)) for i in ids_a + ids_b)
    result = incidentctl_dataset.run("validate")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "33 valid, 0 error(s)" in result.stderr


def test_the_same_incident_recorded_on_two_branches_is_flagged_as_a_probable_duplicate(
    incidentctl_dataset,
):
    commit(incidentctl_dataset, "Start")
    incidentctl_dataset.git("switch", "--quiet", "-c", "analyst-a")
    a = incidentctl_dataset.add(title="Sergey Sizintsev disbarred in Petropavlovsk")
    commit(incidentctl_dataset, "Add A")
    incidentctl_dataset.git("switch", "--quiet", "main")
    incidentctl_dataset.git("switch", "--quiet", "-c", "analyst-b")
    b = incidentctl_dataset.add(title="Petropavlovsk court revokes licence of lawyer Sizintsev")
    commit(incidentctl_dataset, "Add B")
    incidentctl_dataset.git("switch", "--quiet", "main")

    assert merge(incidentctl_dataset, "analyst-a").returncode == 0
    result = merge(incidentctl_dataset, "analyst-b")
    validated = incidentctl_dataset.run("validate")

    assert result.returncode == 0, result.stdout
    assert a != b
    assert validated.exit_code == 0
    assert "probable duplicate" in validated.stderr
    assert a in validated.stderr and b in validated.stderr


def test_identical_title_date_and_country_on_two_branches_collide_as_git_says(incidentctl_dataset):
    """Documented limit: the id comes from date, country and title, so the very same
    title on the same day and country gives the same file on both branches."""
    commit(incidentctl_dataset, "Start")
    incidentctl_dataset.git("switch", "--quiet", "-c", "analyst-a")
    a = incidentctl_dataset.add(title="Lawyer detained", summary="Version A.")
    commit(incidentctl_dataset, "Add A")
    incidentctl_dataset.git("switch", "--quiet", "main")
    incidentctl_dataset.git("switch", "--quiet", "-c", "analyst-b")
    b = incidentctl_dataset.add(title="Lawyer detained", summary="Version B.")
    commit(incidentctl_dataset, "Add B")
    incidentctl_dataset.git("switch", "--quiet", "main")

    assert merge(incidentctl_dataset, "analyst-a").returncode == 0
    result = merge(incidentctl_dataset, "analyst-b")

    assert a == b
    assert result.returncode != 0
    assert "CONFLICT (add/add)" in result.stdout
