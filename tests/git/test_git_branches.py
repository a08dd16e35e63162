"""Two analysts on two branches: no shared counter or index, so no conflicts."""

from __future__ import annotations

from .helpers import commit, json_out, merge

DAYS = ["2022-01-05", "2022-01-06", "2022-01-07"]
FIRST = ["Aigerim", "Bauyrzhan", "Dana", "Ermek", "Gulnara", "Nurlan", "Saule", "Timur"]
LAST = ["Abenova", "Baimukhanov", "Zhaksylykova", "Omarov"]


def add_via_cli(dataset, n: int, analyst: str) -> str:
    """An analyst records incident ``n`` with the CLI, on one of three days, in Kazakhstan."""
    name = f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}-{analyst}{n}"
    result = dataset.invoke(
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


def test_two_branches_with_fifteen_adds_each_merge_without_conflict(dataset):
    seed = dataset.add(date="2022-01-05", title="Lawyer detained in Almaty before the branches")
    commit(dataset, "Seed")
    dataset.git("switch", "--quiet", "-c", "analyst-a")
    ids_a = []
    for n in range(16):
        ids_a.append(add_via_cli(dataset, n, "a"))
        commit(dataset, f"Add {ids_a[-1]}")
    dataset.git("switch", "--quiet", "main")
    dataset.git("switch", "--quiet", "-c", "analyst-b")
    ids_b = []
    for n in range(16):
        ids_b.append(add_via_cli(dataset, n, "b"))
        commit(dataset, f"Add {ids_b[-1]}")

    # Reviewing analyst-b's pull request shows exactly its sixteen records.
    assert json_out(dataset, "diff", "analyst-a...analyst-b")["added"] == sorted(ids_b)

    dataset.git("switch", "--quiet", "main")
    first = merge(dataset, "analyst-a")
    second = merge(dataset, "analyst-b")

    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 0, second.stdout + second.stderr
    assert "CONFLICT" not in second.stdout
    assert len(set(ids_a) | set(ids_b)) == 32
    listed = {r["id"] for r in json_out(dataset, "list")}
    assert listed == {seed, *ids_a, *ids_b}
    assert all(i.startswith(tuple(f"{d}-kz-" for d in DAYS)) for i in ids_a + ids_b)
    result = dataset.run("validate")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "33 valid, 0 error(s)" in result.stderr


def test_the_same_incident_recorded_on_two_branches_is_flagged_as_a_probable_duplicate(dataset):
    commit(dataset, "Start")
    dataset.git("switch", "--quiet", "-c", "analyst-a")
    a = dataset.add(title="Sergey Sizintsev disbarred in Petropavlovsk")
    commit(dataset, "Add A")
    dataset.git("switch", "--quiet", "main")
    dataset.git("switch", "--quiet", "-c", "analyst-b")
    b = dataset.add(title="Petropavlovsk court revokes licence of lawyer Sizintsev")
    commit(dataset, "Add B")
    dataset.git("switch", "--quiet", "main")

    assert merge(dataset, "analyst-a").returncode == 0
    result = merge(dataset, "analyst-b")
    validated = dataset.run("validate")

    assert result.returncode == 0, result.stdout
    assert a != b
    assert validated.exit_code == 0
    assert "probable duplicate" in validated.stderr
    assert a in validated.stderr and b in validated.stderr


def test_identical_title_date_and_country_on_two_branches_collide_as_git_says(dataset):
    """Documented limit: the id comes from date, country and title, so the very same
    title on the same day and country gives the same file on both branches."""
    commit(dataset, "Start")
    dataset.git("switch", "--quiet", "-c", "analyst-a")
    a = dataset.add(title="Lawyer detained", summary="Version A.")
    commit(dataset, "Add A")
    dataset.git("switch", "--quiet", "main")
    dataset.git("switch", "--quiet", "-c", "analyst-b")
    b = dataset.add(title="Lawyer detained", summary="Version B.")
    commit(dataset, "Add B")
    dataset.git("switch", "--quiet", "main")

    assert merge(dataset, "analyst-a").returncode == 0
    result = merge(dataset, "analyst-b")

    assert a == b
    assert result.returncode != 0
    assert "CONFLICT (add/add)" in result.stdout
