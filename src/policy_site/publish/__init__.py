"""Publishing revisions to the gh-pages branch with mike.

"Published" means on the publish remote's branch (`origin/gh-pages` as just
fetched); the local branch is a preview. Every publish fetches the remote
branch (when the remote exists), has the check verify docs/ against what is
published there, starts from it, deploys what is new or a changed draft, moves
the aliases, and passes `push_guard` before the branch is written or pushed.
A retry after a rejected push does all of that again from the new remote tip.

Rules: every revision not yet published becomes a mike version named by its
effective date; `latest` points at the revision in force, `upcoming` at the
next one; a published revision's files never change (only a sanctioned
re-render of the same text); any error leaves the branch (local and remote) as
it was. policy-site alone talks to the remote: mike runs with
`--ignore-remote-status` and never fetches, fast-forwards or pushes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Iterator

from filelock import FileLock, Timeout

from .branch_root import RootSettings, changed_root_files
from ..config import ENV_REVISION, ENV_TODAY
from ..checks.context import PublishedRevision
from ..errors import GitError, PolicySiteError, RollbackFailed
from ..git import Git, git_env, identity_env
from ..model.hashing import changed_files
from .push_guard import Published, guard_push
from .rerender import only_notices_changed, refresh_notices
from ..model.revisions import Revision, parse_revision_date
from ..site import Site

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
    rerendered: list[str] = field(default_factory=list)  # versions whose notices were re-rendered
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
            published[v.name] = PublishedRevision(v.name, str(record["source_hash"]), dict(record.get("sources") or {}),
                                                  int(record.get("source_hash_version") or 1))
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
    """Runs the `mike` command for one site and branch (mike runs `mkdocs` from PATH).

    mike never looks at a remote: `--ignore-remote-status` keeps it from
    fetching, fast-forwarding the branch to `origin/gh-pages` or refusing on
    its own; policy-site fetches, checks and pushes.
    """

    def __init__(self, site: Site, branch: str, today: dt.date) -> None:
        self.site, self.branch, self.today = site, branch, today
        bindir = str(Path(sys.executable).parent)
        self.env = git_env({**identity_env(), ENV_TODAY: today.isoformat(),
                            "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "NO_MKDOCS_2_WARNING": "1"})
        self.exe = shutil.which("mike", path=self.env["PATH"])

    def run(self, *args: str, revision: str | None = None) -> None:
        if self.exe is None:
            raise PolicySiteError("mike is not installed or not on PATH: install policy-site's requirements "
                                  "(`make install`, or `pip install -r requirements.lock`) and run again")
        env = dict(self.env)
        if revision:
            env[ENV_REVISION] = revision
        cmd = [self.exe, args[0], "-F", str(self.site.config_file), "-b", self.branch, "--ignore-remote-status",
               *args[1:]]
        try:
            proc = subprocess.run(cmd, cwd=self.site.root, env=env, capture_output=True, text=True)
        except OSError as exc:
            raise PolicySiteError(f"cannot run mike ({self.exe}): {exc.strerror}; reinstall it (`make install`)") from None
        if proc.returncode != 0:
            what = f"revision {revision} does not build" if revision else f"mike {args[0]} failed"
            hint = f"; fix it under {self.site.policy.docs}/{revision}/ and run publish again" if revision else ""
            raise PolicySiteError(f"{what}: {last_error(proc.stderr)}{hint}")

    def deploy(self, rev: Revision, aliases: list[str] = []) -> None:  # noqa: B006 (never mutated)
        # a revision published in some languages only: versions.json says which (policy.js marks it
        # in the version selector of the others)
        only = (["--prop-set", "languages=" + json.dumps(rev.text_languages(self.site.languages))]
                if rev.untranslated(self.site.languages) else [])
        self.run("deploy", "--title", rev.name, "--alias-type", "symlink", "--update-aliases",
                 "--prop-set-string", f"effective={rev.effective.isoformat()}", *only,
                 "-m", f"Publish revision {rev.name}", rev.name, *aliases, revision=rev.name)

    def alias(self, version: str, alias: str) -> None:
        self.run("alias", "--update-aliases", "--alias-type", "symlink",
                 "-m", f"Point {alias} at {version}", version, alias)

    def delete(self, identifier: str) -> None:
        self.run("delete", "-m", f"Remove {identifier}", identifier)

    def set_default(self, identifier: str) -> None:
        self.run("set-default", "-m", f"Send readers to {identifier}", identifier)


def last_error(stderr: str, fallback: str = "no output") -> str:
    """The line of mike's or MkDocs' output that says what went wrong: the first ERROR, else
    the first WARNING (without its level), else the last line that names an error."""
    # MkDocs announces a page that failed ("Error reading page 'x.md':") on the line before the reason
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip() and "Error reading page" not in ln]
    for level in ("ERROR", "WARNING"):
        for ln in lines:
            if ln.startswith(level):
                return re.sub(r"^\w+\s+-\s+", "", ln)
    for ln in reversed(lines):
        if "Error" in ln or "error" in ln or "Aborted" in ln:
            return ln
    return lines[-1] if lines else fallback


@contextmanager
def branch_lock(git: Git, branch: str) -> Iterator[None]:
    """Serialize publishers of one local repository (two local runs racing); works on Windows too."""
    path = git.git_dir() / f"policy-site-{branch.replace('/', '_')}.lock"
    try:
        with FileLock(str(path), timeout=600):
            yield
    except Timeout:
        raise PolicySiteError(f"another publish of {branch} in this repository has held {path} for 10 minutes; "
                              f"wait for it, or delete the file if no publish is running") from None


def to_deploy(site: Site, state: BranchState, published: set[str], rebuild: bool,
              rerender: Collection[str] = ()) -> list[Revision]:
    """New revisions, drafts (on the branch, not published) whose text changed since their preview,
    and the published versions to re-render (`rerender`; all of them with `rebuild`)."""
    names = {v.name for v in state.versions}
    out = []
    for rev in site.corpus.revisions:
        if rebuild or rev.name not in names or rev.name in rerender:
            out.append(rev)
        elif rev.name not in published:
            draft = state.published.get(rev.name)
            if draft is None or changed_files(rev.path, draft.record):
                out.append(rev)
    return out


def stale_drafts(site: Site, state: BranchState, published: set[str]) -> list[str]:
    """Draft versions on the branch whose revision folder is gone from docs/."""
    return [v.name for v in state.versions if v.name not in published and site.corpus.get(v.name) is None
            and not (site.docs_dir / v.name).is_dir()]


def apply_revisions(site: Site, git: Git, mike: Mike, branch: str, *, rebuild: bool,
                    today: dt.date, published: set[str] | None = None,
                    rerender: Collection[str] = ()) -> PublishResult:
    """Deploy what is missing or a changed draft, move aliases, refresh revisions.json.

    `published`: the versions published on the remote (never redeployed unless
    `rebuild`, or named in `rerender`: a notice refresh the site asks for; the
    push guard lets their files change only if their text did not). On error
    the branch is restored; a failing restore never hides the error that caused it.
    """
    ref = f"refs/heads/{branch}"
    state = read_branch(git, ref)
    start = state.tip
    published = published or set()
    result = PublishResult()
    try:
        for name in stale_drafts(site, state, published):
            mike.delete(name)
        deploying = to_deploy(site, state, published, rebuild, rerender)
        names = {r.name for r in deploying}
        planned = [v for v in state.versions if v.name not in names] + [
            PublishedVersion(r.name, r.effective, r.name, (), {}) for r in deploying]
        wanted = aliases_for(planned, today)
        for rev in deploying:
            # An alias that lands on a new revision goes in its deploy: one commit, one mike run less.
            mike.deploy(rev, [a for a, target in wanted.items() if target == rev.name])
            result.deployed.append(rev.name)
        state = read_branch(git, ref)  # mike moved the branch: read it again after every mike call
        wanted = aliases_for(state.versions, today)
        for alias, target in wanted.items():
            current = state.alias_target(alias)
            if target and current != target:
                mike.alias(target, alias)
            elif target is None and current is not None:
                mike.delete(alias)
        result.aliases = wanted
        settings = RootSettings.of(site)
        # Published versions whose notices are out of date get them re-rendered (the push guard
        # lets these change only if their text is the text published).
        result.rerendered = sorted(refresh_notices(git, branch, settings, today))
        # The branch root (revisions.json, feeds, index.html, 404.html, CNAME): committed only when it changes.
        root = changed_root_files(git, git.rev(ref), settings, today)
        if root:
            git.commit_files(branch, root, "Update the site root: " + ", ".join(sorted(root)))
    except BaseException as exc:
        restore_branch(git, ref, start, exc)
        raise
    result.tip = git.rev(ref)
    result.changed = result.tip != start
    return result


def restore_branch(git: Git, ref: str, tip: str | None, cause: BaseException | None = None) -> None:
    """Put `ref` back at `tip`. If that fails, say so without hiding `cause` (the error being handled)."""
    if isinstance(cause, RollbackFailed):
        return  # an inner restore already failed and said so
    try:
        git.update_ref(ref, tip, git.rev(ref))
    except Exception as exc:
        fix = f"git update-ref {ref} {tip}" if tip else f"git update-ref -d {ref}"
        if cause is None:
            raise RollbackFailed(f"cannot restore {ref} ({exc}); run `{fix}`") from exc
        message = f"{cause}" if isinstance(cause, PolicySiteError) else f"{type(cause).__name__}: {cause}"
        raise RollbackFailed(f"{message}; and restoring {ref} failed too ({exc}): run `{fix}`") from cause


Verify = Callable[[dict[str, PublishedRevision], str], None]
Rerender = Callable[[BranchState, dt.date], Collection[str]]


def publish(site: Site, *, today: dt.date, push: bool = False, remote: str = "origin",
            branch: str = "gh-pages", rebuild: bool = False, verify: Verify | None = None,
            rerender: Rerender | None = None) -> PublishResult:
    """Publish every revision of `site` onto `branch` (and push it when `push`).

    `verify(published, where)` is called with the remote's published revisions
    before anything is built, on every attempt; it raises to refuse.
    `rerender(remote_state, today)` names published versions whose pages must be
    re-rendered (new notices around the same text); the guard holds them to their hash.
    """
    git = Git(site.root)
    if not git.is_repo():
        raise PolicySiteError(f"{site.root} is not a git repository: publishing commits to its {branch} branch; run `git init` first")
    has_remote = git.remote_exists(remote)
    if push and not has_remote:
        raise PolicySiteError(f"no git remote named {remote!r}: add it (`git remote add {remote} URL`) or pass --remote NAME")
    mike = Mike(site, branch, today)
    ref = f"refs/heads/{branch}"
    where = f"{remote}/{branch}"
    with branch_lock(git, branch):
        original = git.rev(ref)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if push:
                remote_tip = git.fetch_branch(remote, branch)
            else:  # a preview may start from the branch as last fetched when the remote is out of reach
                remote_tip = fetch_published(git, remote, branch)[0] if has_remote else None
            record = read_branch(git, f"refs/remotes/{remote}/{branch}") if remote_tip else BranchState(None, [], {})
            if verify is not None:
                verify(record.published, where)
            published = {v.name for v in record.versions}
            refresh = set(rerender(record, today)) & published if rerender else set()
            git.update_ref(ref, _start(git, git.rev(ref), remote_tip, push), git.rev(ref))
            try:
                result = apply_revisions(site, git, mike, branch, rebuild=rebuild, today=today, published=published,
                                         rerender=refresh)
                result.attempts = attempt
                # Sanctioned: a --rebuild, the refresh asked for, and versions whose notices alone differ.
                refreshed = _notice_refreshes(git, remote_tip, result.tip, published)
                sanctioned = (set(result.deployed) if rebuild else set(refresh)) | refreshed
                guard_push(git, Published(remote_tip, frozenset(published)), result.tip, docs_dir=site.docs_dir,
                           sanctioned=sanctioned, where=where)
            except BaseException as exc:
                restore_branch(git, ref, original, exc)
                raise
            result.changed = result.tip != (remote_tip if push else original)
            if not push or result.tip == remote_tip:
                return result
            if git.push(remote, branch, remote_tip):
                result.pushed = True
                return result
            # The remote moved while we worked: fetch, verify and build again from its new tip.
    raise PolicySiteError(
        f"{where} kept moving while publishing ({MAX_ATTEMPTS} attempts); nothing was pushed: run publish again")


def fetch_published(git: Git, remote: str, branch: str) -> tuple[str | None, str | None]:
    """Fetch `remote`'s `branch`: (its tip, None); if unreachable, (the tip as last fetched, a warning)."""
    try:
        return git.fetch_branch(remote, branch), None
    except GitError as exc:
        tip = git.rev(f"refs/remotes/{remote}/{branch}")
        if tip is None:
            raise PolicySiteError(f"{exc}; what {remote}/{branch} publishes cannot be known: check the network "
                                  f"and your access, or pass --remote NAME") from None
        return tip, f"{exc}; using {remote}/{branch} as last fetched ({tip[:12]})"


def _notice_refreshes(git: Git, remote_tip: str | None, tip: str | None, published: set[str]) -> set[str]:
    """The published versions that differ from the remote's in their notices and nothing else."""
    if not remote_tip or not tip or remote_tip == tip:
        return set()
    before, after = git.top_level(remote_tip), git.top_level(tip)
    return {v for v in published if before.get(v) != after.get(v) and v in after
            and only_notices_changed(git, remote_tip, tip, v)}


def _start(git: Git, local: str | None, remote_tip: str | None, push: bool) -> str | None:
    """Where this publish starts: the remote's tip, or a local preview built on top of it.

    A push always starts from the remote's tip (what it pushes is built from
    docs/ now). A local publish keeps a preview branch that descends from the
    remote's tip (its drafts are redeployed when their text changed) and
    otherwise starts again from the remote's tip.
    """
    if remote_tip is None:
        return None if push else local
    if not push and local is not None and git.is_ancestor(remote_tip, local):
        return local
    return remote_tip
