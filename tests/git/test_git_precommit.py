"""The hooks of .pre-commit-hooks.yaml, run by pre-commit in a data repository.

pre-commit installs incidentctl from the hook repository into its own virtual
environment with pip, so this test needs PyPI (or a pip mirror/cache) to be
reachable; nothing else on the network. The hook repository is a snapshot of
this checkout's working files, so the test checks the code as it is now.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .helpers import commit, record_path

pytestmark = pytest.mark.slow  # real processes and many runs: left out of the quick loop

PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")


FIXED_DATE = "2024-01-01T00:00:00+00:00"


@pytest.fixture
def pre_commit_base(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """Where the hook repository and pre-commit's environments live.

    In pytest's cache folder when there is one, so that a rerun with unchanged
    code reuses the environment pre-commit built (it is keyed by the hook
    repository's path and commit, and the commit id depends only on content).
    """
    cache = getattr(request.config, "cache", None)
    return cache.mkdir("incidentctl-pre-commit") if cache is not None else tmp_path


@pytest.fixture
def hook_repo(pre_commit_base: Path, request: pytest.FixtureRequest) -> tuple[Path, str]:
    """A git repository holding this checkout's package and hooks file; (path, commit)."""
    checkout = Path(request.config.rootpath)
    repo = pre_commit_base / "hook-repo"
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir()
    for name in PROJECT_FILES:
        if (checkout / name).exists():
            shutil.copy2(checkout / name, repo / name)
    shutil.copytree(
        checkout / "src",
        repo / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": FIXED_DATE,
        "GIT_COMMITTER_DATE": FIXED_DATE,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for args in (
        ["init", "--quiet", "-b", "main"],
        ["add", "--all"],
        ["commit", "--quiet", "-m", "snapshot"],
    ):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True, text=True
    )
    return repo, sha.stdout.strip()


def test_hooks_file_offers_validate_and_fmt(request):
    hooks = yaml.safe_load((Path(request.config.rootpath) / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["incidentctl-validate"]["entry"] == "incidentctl validate"
    assert by_id["incidentctl-fmt"]["entry"] == "incidentctl fmt --check"
    for hook in by_id.values():
        assert hook["language"] == "python"
        assert hook["files"] == r"^data/incidents/.*\.ya?ml$"


def test_pre_commit_runs_the_hooks_in_a_data_repository(
    incidentctl_dataset, hook_repo, pre_commit_base
):
    repo, sha = hook_repo
    good = incidentctl_dataset.add()
    misplaced = incidentctl_dataset.add(
        title="Lawyer threatened after a hearing", people=[{"name": "Dana Example"}]
    )
    ugly = incidentctl_dataset.add(
        title="Lawyer detained at the airport", people=[{"name": "Ermek Example"}]
    )
    wrong = incidentctl_dataset.incidents / "2018" / f"{misplaced}.yaml"
    wrong.parent.mkdir()
    record_path(incidentctl_dataset, misplaced).rename(wrong)
    path = record_path(incidentctl_dataset, ugly)
    path.write_text(
        path.read_text(encoding="utf-8").replace('status: "ongoing"', "status: ongoing"), "utf-8"
    )
    config = {
        "repos": [
            {
                "repo": str(repo),
                "rev": sha,
                "hooks": [{"id": "incidentctl-validate"}, {"id": "incidentctl-fmt"}],
            }
        ]
    }
    (incidentctl_dataset.root / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(config), encoding="utf-8"
    )
    incidentctl_dataset.git("add", "--all")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(pre_commit_base / "home"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_COLOR": "1",
    }
    env.pop("INCIDENTCTL_ROOT", None)

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
            cwd=incidentctl_dataset.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    failing = pre_commit()

    out = failing.stdout
    assert failing.returncode == 1, out + failing.stderr
    assert "incidentctl validate" in out and "incidentctl fmt --check" in out
    assert f"data/incidents/2018/{misplaced}.yaml:3:7: date: the file is in folder '2018'" in out
    assert f"would reformat data/incidents/2019/{ugly}.yaml" in out
    assert good not in out

    wrong.rename(incidentctl_dataset.incidents / "2019" / wrong.name)
    assert incidentctl_dataset.invoke("fmt").exit_code == 0
    incidentctl_dataset.git("add", "--all")
    passing = pre_commit()

    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert passing.stdout.count("Passed") == 2

    # Installed as a git hook, it checks the staged files of each commit.
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=incidentctl_dataset.root,
        env=env,
        check=True,
    )
    commit(incidentctl_dataset, "Records that pass the hooks")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('status: "ongoing"', 'status: "pending"'), encoding="utf-8")
    incidentctl_dataset.git("add", "--all")
    refused = subprocess.run(
        ["git", "commit", "-m", "Break a record"],
        cwd=incidentctl_dataset.root,
        env=env,
        capture_output=True,
        text=True,
    )

    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert f"data/incidents/2019/{ugly}.yaml:13:9: status: 'pending' is not one of" in output
    assert (
        incidentctl_dataset.git("log", "-1", "--format=%s").strip() == "Records that pass the hooks"
    )
