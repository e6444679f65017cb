"""The verbs of `policy-site`, as functions that return data and never print."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .build import ENV_REVISION, ENV_TODAY
from .checks import CheckContext, PublishedRevision, run_checks
from .errors import PolicySiteError, PublishRefused
from .findings import Finding, has_errors
from .git import Git
from .publish import BranchState, PublishResult, read_branch
from .publish import publish as publish_branch
from .site import Site


@dataclass
class CheckReport:
    findings: list[Finding]
    revisions: list[str]

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def published_revisions(site: Site, branch: str = "gh-pages", remote: str | None = "origin") -> dict[str, PublishedRevision]:
    """What the local branch and its remote-tracking copy say was published."""
    git = Git(site.root)
    if not git.is_repo():
        return {}
    published: dict[str, PublishedRevision] = {}
    refs = [f"refs/heads/{branch}"] + ([f"refs/remotes/{remote}/{branch}"] if remote else [])
    for ref in refs:
        published.update(read_branch(git, ref).published)
    return published


def check_context(site: Site, *, today: dt.date, only: list[str] | None = None,
                  published: dict[str, PublishedRevision] | None = None) -> CheckContext:
    policy = site.policy
    return CheckContext(
        corpus=site.corpus,
        languages=site.languages,
        controlling_language=policy.controlling_language,
        today=today,
        laws=list(policy.laws),
        applies=list(policy.applies),
        downgrade=dict(policy.downgrade),
        rule_files=[site.root / f for f in policy.rule_files],
        notice_period=policy.notice_period,
        allow_html=list(policy.allow_html),
        established=policy.established,
        published=published if published is not None else published_revisions(site),
        only=only,
    )


def check(site: Site, *, today: dt.date, only: list[str] | None = None,
          published: dict[str, PublishedRevision] | None = None) -> CheckReport:
    if only:
        unknown = [d for d in only if site.corpus.get(d) is None]
        if unknown:
            raise PolicySiteError(f"no readable revision {', '.join(unknown)} under {site.policy.docs}/: "
                                  f"known: {', '.join(r.name for r in site.corpus.revisions) or 'none'}")
    findings = run_checks(check_context(site, today=today, only=only, published=published))
    names = only or [r.name for r in site.corpus.revisions]
    return CheckReport(findings, names)


def _revisions_json(state: BranchState, today: dt.date) -> bytes:
    from .pages import revisions_index

    return (json.dumps(revisions_index(state.versions, today), ensure_ascii=False, indent=2) + "\n").encode()


def publish(site: Site, *, today: dt.date, push: bool = False, remote: str = "origin",
            branch: str = "gh-pages", rebuild: bool = False) -> tuple[PublishResult, CheckReport]:
    """Check, then publish. A failed check publishes nothing."""
    git = Git(site.root)
    if push and git.is_repo() and git.remote_exists(remote):
        git.fetch_branch(remote, branch)
    report = check(site, today=today, published=published_revisions(site, branch, remote if push else None))
    if not report.ok:
        raise PublishRefused("the check found errors; nothing was published", )
    result = publish_branch(site, today=today, push=push, remote=remote, branch=branch,
                            rebuild=rebuild, revisions_json=_revisions_json)
    return result, report


def build(site: Site, revision: str, *, site_dir: Path, today: dt.date) -> Path:
    """Build one revision into `site_dir` for a preview (what mike would publish)."""
    if site.corpus.get(revision) is None:
        raise PolicySiteError(f"no readable revision {revision} under {site.policy.docs}/")
    env = {**os.environ, ENV_REVISION: revision, ENV_TODAY: today.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    proc = subprocess.run([mkdocs, "build", "--quiet", "-f", str(site.config_file), "-d", str(site_dir)],
                          cwd=site.root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise PolicySiteError(f"building {revision} failed: {mkdocs_error(proc.stderr)}")
    return site_dir


def mkdocs_error(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for ln in lines:
        if ln.startswith(("ERROR", "WARNING", "Error", "Aborted")) or "PluginError" in ln:
            return ln.split("-", 1)[-1].strip() if ln.startswith(("ERROR", "WARNING")) else ln
    return lines[-1] if lines else "mkdocs exited with an error"
