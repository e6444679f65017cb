"""Publishing revisions to the gh-pages branch with mike.

Rules: every revision not yet on the branch becomes a mike version named by its
effective date; `latest` points at the revision in force, `upcoming` at the
next one; a published revision's text never changes; any error leaves the
branch (local and remote) as it was.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .branch_root import RootSettings, changed_root_files
from .rerender import refresh_notices
from .build import ENV_REVISION, ENV_TODAY
from .checks import PublishedRevision
from .errors import PolicySiteError
from .git import Git, identity_env
from .revisions import Revision, parse_revision_date
from .site import Site

ALIAS_LATEST = "latest"
ALIAS_UPCOMING = "upcoming"
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class PublishedVersion:
    """One version as versions.json on the branch records it."""

    name: str
    effective: dt.date | None
    title: str
    aliases: tuple[str, ...]
    properties: dict

    @classmethod
    def from_json(cls, entry: dict) -> "PublishedVersion":
        props = entry.get("properties") or {}
        effective = None
        if isinstance(props, dict) and isinstance(props.get("effective"), str):
            effective = parse_revision_date(props["effective"])
        return cls(entry["version"], effective or parse_revision_date(entry["version"]),
                   entry.get("title", entry["version"]), tuple(entry.get("aliases", [])),
                   props if isinstance(props, dict) else {})


@dataclass
class BranchState:
    tip: str | None
    versions: list[PublishedVersion]
    published: dict[str, PublishedRevision]
    revisions_json: bytes | None = None
    summaries: dict[str, dict[str, str]] = field(default_factory=dict)

    def version(self, name: str) -> PublishedVersion | None:
        return next((v for v in self.versions if v.name == name), None)

    def alias_target(self, alias: str) -> str | None:
        return next((v.name for v in self.versions if alias in v.aliases), None)


@dataclass
class PublishResult:
    deployed: list[str] = field(default_factory=list)
    aliases: dict[str, str | None] = field(default_factory=dict)
    changed: bool = False
    pushed: bool = False
    attempts: int = 1
    tip: str | None = None


def read_branch(git: Git, ref: str) -> BranchState:
    """What is published on `ref`: versions.json and each version's policy.json."""
    tip = git.rev(ref)
    if tip is None:
        return BranchState(None, [], {})
    raw = git.read_files(tip, ["versions.json", "revisions.json"])
    versions: list[PublishedVersion] = []
    if raw["versions.json"]:
        try:
            versions = [PublishedVersion.from_json(e) for e in json.loads(raw["versions.json"])]
        except (ValueError, KeyError, TypeError) as exc:
            raise PolicySiteError(f"{ref}:versions.json is not valid ({exc}); repair the branch before publishing") from None
    records = git.read_files(tip, [f"{v.name}/policy.json" for v in versions])
    published: dict[str, PublishedRevision] = {}
    summaries: dict[str, dict[str, str]] = {}
    for v in versions:
        data = records.get(f"{v.name}/policy.json")
        if not data:
            continue
        try:
            record = json.loads(data)
            published[v.name] = PublishedRevision(v.name, record["source_hash"], dict(record["sources"]))
            summaries[v.name] = {str(k): str(t) for k, t in (record.get("summary") or {}).items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return BranchState(tip, versions, published, raw["revisions.json"], summaries)


def aliases_for(versions: list[PublishedVersion], today: dt.date) -> dict[str, str | None]:
    """`latest`: the newest version in force on `today`; `upcoming`: the next one after it."""
    dated = sorted((v for v in versions if v.effective), key=lambda v: v.effective)  # type: ignore[arg-type, return-value]
    current = [v for v in dated if v.effective <= today]  # type: ignore[operator]
    future = [v for v in dated if v.effective > today]  # type: ignore[operator]
    latest = current[-1].name if current else (future[0].name if future else None)
    upcoming = future[0].name if current and future else (future[1].name if len(future) > 1 else None)
    return {ALIAS_LATEST: latest, ALIAS_UPCOMING: upcoming}


class Mike:
    """Runs the `mike` command for one site and branch (mike runs `mkdocs` from PATH)."""

    def __init__(self, site: Site, branch: str, today: dt.date) -> None:
        self.site, self.branch, self.today = site, branch, today
        bindir = str(Path(sys.executable).parent)
        self.env = {**os.environ, **identity_env(), ENV_TODAY: today.isoformat(),
                    "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "NO_MKDOCS_2_WARNING": "1"}
        self.exe = shutil.which("mike", path=self.env["PATH"]) or "mike"

    def run(self, *args: str, revision: str | None = None) -> None:
        env = dict(self.env)
        if revision:
            env[ENV_REVISION] = revision
        cmd = [self.exe, args[0], "-F", str(self.site.config_file), "-b", self.branch, *args[1:]]
        proc = subprocess.run(cmd, cwd=self.site.root, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            what = f"revision {revision} does not build" if revision else f"mike {args[0]} failed"
            hint = f"; fix it under {self.site.policy.docs}/{revision}/ and run publish again" if revision else ""
            raise PolicySiteError(f"{what}: {_last_error(proc.stderr)}{hint}")

    def deploy(self, rev: Revision, aliases: list[str] = []) -> None:  # noqa: B006 (never mutated)
        self.run("deploy", "--title", rev.name, "--alias-type", "symlink", "--update-aliases",
                 "--prop-set-string", f"effective={rev.effective.isoformat()}",
                 "-m", f"Publish revision {rev.name}", rev.name, *aliases, revision=rev.name)

    def alias(self, version: str, alias: str) -> None:
        self.run("alias", "--update-aliases", "--alias-type", "symlink",
                 "-m", f"Point {alias} at {version}", version, alias)

    def delete(self, identifier: str) -> None:
        self.run("delete", "-m", f"Remove alias {identifier}", identifier)

    def set_default(self, identifier: str) -> None:
        self.run("set-default", "-m", f"Send readers to {identifier}", identifier)


def _last_error(stderr: str) -> str:
    """The line of mike's or MkDocs' output that says what went wrong."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for level in ("ERROR", "WARNING"):
        for ln in lines:
            if ln.startswith(level):
                return re.sub(r"^\w+\s+-\s+", "", ln)
    for ln in reversed(lines):
        if "Error" in ln or "error" in ln or "Aborted" in ln:
            return ln
    return lines[-1] if lines else "no output"


@contextmanager
def branch_lock(git: Git, branch: str) -> Iterator[None]:
    """Serialize publishers of one local repository (two local runs racing)."""
    path = git.git_dir() / f"policy-site-{branch.replace('/', '_')}.lock"
    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def to_deploy(site: Site, state: BranchState, rebuild: bool) -> list[Revision]:
    names = {v.name for v in state.versions}
    return [r for r in site.corpus.revisions if rebuild or r.name not in names]


def apply_revisions(site: Site, git: Git, mike: Mike, branch: str, *, rebuild: bool,
                    today: dt.date) -> PublishResult:
    """Deploy what is missing, move aliases, refresh revisions.json; on error, restore the branch."""
    ref = f"refs/heads/{branch}"
    state = read_branch(git, ref)
    start = state.tip
    result = PublishResult()
    try:
        deploying = to_deploy(site, state, rebuild)
        names = {r.name for r in deploying}
        planned = [v for v in state.versions if v.name not in names] + [
            PublishedVersion(r.name, r.effective, r.name, (), {}) for r in deploying]
        wanted = aliases_for(planned, today)
        for rev in deploying:
            # An alias that lands on a new revision goes in its deploy: one commit, one mike run less.
            mike.deploy(rev, [a for a, target in wanted.items() if target == rev.name])
            result.deployed.append(rev.name)
        state = read_branch(git, ref) if result.deployed else state
        wanted = aliases_for(state.versions, today)
        for alias, target in wanted.items():
            current = state.alias_target(alias)
            if target and current != target:
                mike.alias(target, alias)
            elif target is None and current is not None:
                mike.delete(alias)
        result.aliases = wanted
        settings = RootSettings.of(site)
        refresh_notices(git, branch, settings, today)
        # The branch root (revisions.json, feeds, index.html, 404.html, CNAME): committed only when it changes.
        root = changed_root_files(git, git.rev(ref), settings, today)
        if root:
            git.commit_files(branch, root, "Update the site root: " + ", ".join(sorted(root)))
    except BaseException:
        git.update_ref(ref, start, git.rev(ref))
        raise
    result.tip = git.rev(ref)
    result.changed = result.tip != start
    return result


def publish(site: Site, *, today: dt.date, push: bool = False, remote: str = "origin",
            branch: str = "gh-pages", rebuild: bool = False) -> PublishResult:
    """Publish every revision of `site` onto `branch` (and push it when `push`)."""
    git = Git(site.root)
    if not git.is_repo():
        raise PolicySiteError(f"{site.root} is not a git repository: publishing commits to its {branch} branch; run `git init` first")
    if push and not git.remote_exists(remote):
        raise PolicySiteError(f"no git remote named {remote!r}: add it (`git remote add {remote} URL`) or pass --remote NAME")
    mike = Mike(site, branch, today)
    ref = f"refs/heads/{branch}"
    with branch_lock(git, branch):
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if push:
                remote_tip = git.fetch_branch(remote, branch)
                _follow_remote(git, ref, remote_tip, remote, branch)
            else:
                remote_tip = None
            result = apply_revisions(site, git, mike, branch, rebuild=rebuild and attempt == 1,
                                     today=today)
            result.attempts = attempt
            if not push:
                return result
            if result.tip == remote_tip:
                return result
            if git.push(remote, branch, remote_tip):
                result.pushed = True
                return result
            # The remote moved while we worked: start again from its new tip.
            if remote_tip:
                git.update_ref(ref, remote_tip, git.rev(ref))
    raise PolicySiteError(
        f"{remote}/{branch} kept moving while publishing ({MAX_ATTEMPTS} attempts); nothing was pushed: run publish again")


def _follow_remote(git: Git, ref: str, remote_tip: str | None, remote: str, branch: str) -> None:
    """Start from the remote's branch: a local branch behind it (or missing) fast-forwards."""
    local = git.rev(ref)
    if remote_tip is None or local == remote_tip:
        return
    if local is None or git.is_ancestor(local, remote_tip):
        git.update_ref(ref, remote_tip, local)
    elif git.is_ancestor(remote_tip, local):
        return  # local commits not pushed yet: push them with ours
    else:
        # Diverged: the remote is the published truth; our revisions are re-applied on top of it.
        git.update_ref(ref, remote_tip, local)
