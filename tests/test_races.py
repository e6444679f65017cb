"""Publishing that cannot lose a revision: racing publishers and publishers killed mid-way."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BIN, GIT_ENV, REPO, SiteRepo, git, make_site_repo

TODAY = "2026-11-27"


def remote_site(repo: SiteRepo) -> dict[str, list[str]]:
    """Assert the remote gh-pages is a valid site; its versions and their aliases."""
    remote = repo.remote
    entries = json.loads(git(remote, "show", "gh-pages:versions.json"))
    names = git(remote, "ls-tree", "--name-only", "gh-pages").split("\n")
    for entry in entries:
        assert entry["version"] in names
        git(remote, "cat-file", "-e", f"gh-pages:{entry['version']}/index.html")
        git(remote, "cat-file", "-e", f"gh-pages:{entry['version']}/en/index.html")
        for alias in entry["aliases"]:
            assert git(remote, "show", f"gh-pages:{alias}") == entry["version"]
    assert "latest/" in git(remote, "show", "gh-pages:index.html")
    return {e["version"]: e["aliases"] for e in entries}


def checkout_at(repo: SiteRepo, where: Path, commit: str) -> SiteRepo:
    """Another CI run's checkout of main at `commit`, publishing to the same remote."""
    git(where.parent, "clone", "-q", str(repo.path), str(where))
    git(where, "checkout", "-q", commit)
    git(where, "remote", "set-url", "origin", str(repo.remote))
    return SiteRepo(where, repo.remote)


def add_past_revision(repo: SiteRepo, name: str) -> None:
    """A copy of the 2022-04-01 text as `name`, a past date: public elsewhere first, so not backdated."""
    shutil.copytree(REPO / "docs" / "2022-04-01", repo.path / "docs" / name)
    with open(repo.path / "docs" / name / "revision.yml", "a", encoding="utf-8") as fh:
        fh.write(f'published_elsewhere: "In the {name[:4]} annual report"\n')


def start_publish(repo: SiteRepo) -> subprocess.Popen[str]:
    return subprocess.Popen([str(BIN / "policy-site"), "publish", "--push", "--today", TODAY], cwd=repo.path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, **GIT_ENV, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"})


def test_three_publishers_racing_on_one_remote_lose_nothing(tmp_path: Path) -> None:
    base = make_site_repo(tmp_path, revisions=("2016-06-01",))
    assert base.run("publish", "--push", "--today", "2022-03-01").code == 0
    # Three pull requests merged in quick succession: three CI runs, each on its own commit.
    commits = []
    for rev in ("2023-04-01", "2024-04-01", "2025-04-01"):
        add_past_revision(base, rev)
        base.commit(f"revision {rev}")
        commits.append(git(base.path, "rev-parse", "HEAD"))
    racers = [checkout_at(base, tmp_path / f"run{i}", c) for i, c in enumerate(commits)]
    procs = [start_publish(r) for r in racers]
    results = [p.communicate(timeout=240) for p in procs]
    for proc, (_out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    published = remote_site(base)
    assert set(published) == {"2016-06-01", "2023-04-01", "2024-04-01", "2025-04-01"}
    assert published["2025-04-01"] == ["latest"]
    revisions = json.loads(git(base.remote, "show", "gh-pages:revisions.json"))
    assert revisions["in_force"] == "2025-04-01"


@pytest.mark.parametrize("delay", [0.4, 1.2, 2.5, 4.0])
def test_a_publish_killed_at_any_moment_leaves_a_valid_remote_and_the_next_run_completes(
        tmp_path: Path, delay: float) -> None:
    repo = make_site_repo(tmp_path, revisions=("2016-06-01",))
    assert repo.run("publish", "--push", "--today", "2022-03-01").code == 0
    add_past_revision(repo, "2022-04-01")
    repo.commit("new revision")
    proc = start_publish(repo)
    time.sleep(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert set(remote_site(repo)) <= {"2016-06-01", "2022-04-01"}
    result = repo.run("publish", "--push", "--today", TODAY)
    assert result.code == 0, result.err
    assert remote_site(repo) == {"2022-04-01": ["latest"], "2016-06-01": []}
