"""Fixtures: real git repositories with a bare remote, the real example site, the installed CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SITE_FILES = ("mkdocs.yml", "docs", "overrides")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    "NO_MKDOCS_2_WARNING": "1",
}


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def rev_or_none(cwd: Path, ref: str) -> str | None:
    proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet", ref], cwd=cwd, capture_output=True, text=True)
    return proc.stdout.strip() or None


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class SiteRepo:
    """A site checked out in a git repository whose `origin` is a bare remote."""

    path: Path
    remote: Path

    def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        proc = subprocess.run([str(BIN / "policy-site"), *args], cwd=self.path, capture_output=True, text=True,
                              env={**os.environ, **GIT_ENV, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **(env or {})})
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def show(self, ref: str, path: str) -> str:
        return git(self.path, "show", f"{ref}:{path}")

    def tip(self, ref: str = "gh-pages") -> str | None:
        return rev_or_none(self.path, ref)

    def remote_tip(self, branch: str = "gh-pages") -> str | None:
        return rev_or_none(self.remote, branch)

    def commit(self, message: str = "edit") -> None:
        git(self.path, "add", "-A")
        git(self.path, "commit", "-qm", message)


def make_site_repo(tmp: Path, revisions: tuple[str, ...] | None = None) -> SiteRepo:
    work, remote = tmp / "site", tmp / "remote.git"
    work.mkdir()
    for name in SITE_FILES:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, work / name)
    if revisions is not None:
        for folder in (work / "docs").iterdir():
            if folder.name not in revisions:
                shutil.rmtree(folder)
    return committed_with_remote(work, remote)


def committed_with_remote(work: Path, remote: Path) -> SiteRepo:
    """The site folder `work` committed on main in a new repository whose origin is the bare `remote`."""
    git(remote.parent, "init", "-q", "--bare", str(remote))
    git(work, "init", "-q", "-b", "main")
    git(work, "remote", "add", "origin", str(remote))
    repo = SiteRepo(work, remote)
    repo.commit("site")
    return repo


@pytest.fixture
def site_repo(tmp_path: Path) -> SiteRepo:
    return make_site_repo(tmp_path)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> SiteRepo:
    """The example site published once (today: 2026-11-27) and pushed to its bare remote."""
    repo = make_site_repo(tmp_path_factory.mktemp("published"))
    result = repo.run("publish", "--push", "--today", "2026-11-27")
    assert result.code == 0, result.err
    return repo


@dataclass
class Origin(SiteRepo):
    """A site whose revisions are published on its bare remote; `main` is pushed there too."""

    def clone(self, where: Path, *config: str) -> SiteRepo:
        """A fresh clone of main (no local gh-pages), as a new user or a CI run makes it."""
        extra = [arg for c in config for arg in ("-c", c)]
        git(where.parent, "clone", "-q", *extra, "-b", "main", str(self.remote), str(where))
        return SiteRepo(where, self.remote)

    def files(self, branch: str = "gh-pages") -> dict[str, str]:
        """Every file on the remote's branch: path -> blob id (byte-identical iff equal)."""
        out = git(self.remote, "ls-tree", "-r", branch)
        return {ln.split("\t", 1)[1]: ln.split()[2] for ln in out.splitlines()}


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Origin:
    """The example site published on origin/gh-pages (today: 2026-11-27).

    Shared by a module's tests: each works in its own clone and none may change the remote.
    """
    repo = make_site_repo(tmp_path_factory.mktemp("origin"))
    result = repo.run("publish", "--push", "--today", "2026-11-27")
    assert result.code == 0, result.err
    git(repo.path, "push", "-q", "origin", "main")
    return Origin(repo.path, repo.remote)


# -- Debian's Chromium, for every browser test module ------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    """Chromium through Playwright; in CI a missing browser fails the run, never skips it."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (`make browser`) to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; in CI the browser tests must run, never skip", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
