"""A policy's history in another git repository, one revision per commit that changed it.

Each commit that changed the file of any language becomes a revision, dated by
the latest 改定日/制定日/施行/"Last updated"/"Effective" line of its text (the
controlling language first), else by the commit's date in the site's time zone.
Commits that give the same date make one revision: the later commit's text is
the one kept (an English translation added in July to an April revision is that
April revision, now in two languages). Every revision records the commit it came
from as `published_elsewhere`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zoneinfo
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import GitError, PolicySiteError
from ..git import Git
from .ids import IdMemory
from .reading import to_source
from .revision import PlannedRevision, date_in_text, plan_revision


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.datetime
    subject: str


def _git(repo: str, workdir: Path) -> tuple[Git, str]:
    """A Git for `repo`: a local clone as it is, a URL cloned (bare) into `workdir`."""
    if "://" in repo or repo.startswith("git@"):
        target = workdir / "repo.git"
        Git(workdir).run("clone", "--quiet", "--bare", repo, str(target))
        return Git(target), repo
    path = Path(repo)
    git = Git(path)
    if not path.is_dir() or not git.is_repo():
        raise PolicySiteError(f"{repo}: not a git repository; give the path of a clone (or its URL) with --git")
    return git, repo


def commits(git: Git, paths: Collection[str]) -> list[Commit]:
    """Commits that changed any of `paths`, oldest first."""
    out = git.out("log", "--format=%H%x1f%cI%x1f%s", "--reverse", "HEAD", "--", *paths)
    found = []
    for line in out.splitlines():
        sha, date, subject = line.split("\x1f", 2)
        found.append(Commit(sha, dt.datetime.fromisoformat(date), subject))
    return found


def _file_at(git: Git, sha: str, path: str) -> bytes | None:
    proc = git.run("show", f"{sha}:{path}", check=False)
    return proc.stdout if proc.returncode == 0 else None


def plan_history(repo: str, paths: Mapping[str, str], *, languages: list[str], rules: Collection[str],
                 timezone: str, name: str = "index", annotate: bool = True) -> list[PlannedRevision]:
    """One planned revision per date the file's history gives, oldest first."""
    with tempfile.TemporaryDirectory(prefix="policy-site-import-") as tmp:
        try:
            git, shown = _git(repo, Path(tmp))
            history = commits(git, list(paths.values()))
        except GitError as exc:
            raise PolicySiteError(f"{repo}: {exc}; check the repository and the paths") from None
        if not history:
            raise PolicySiteError(f"{repo}: no commit changed {', '.join(paths.values())}; "
                                  "give the files' paths inside the repository (--ja, --en)")
        by_date: dict[dt.date, PlannedRevision] = {}
        zone = zoneinfo.ZoneInfo(timezone)
        memory = IdMemory()
        for commit in history:
            sources = {}
            for lang, path in paths.items():
                data = _file_at(git, commit.sha, path)
                if data is not None:
                    sources[lang] = to_source(f"{path}@{commit.sha[:12]}", data)
            if not sources:
                continue
            found = date_in_text(sources, languages)
            effective, date_from = found if found else (
                commit.date.astimezone(zone).date(), f"the date of commit {commit.sha[:12]}")
            plan = plan_revision(sources, effective=effective, languages=languages, rules=rules, name=name,
                                 annotate=annotate, memory=memory)
            plan.published_elsewhere = (f"{shown} commit {commit.sha} "
                                        f"({commit.date.astimezone(zone).date().isoformat()})")
            plan.date_from = date_from
            earlier = by_date.get(effective)
            if earlier is not None:
                plan.notes.append(f"commit {commit.sha[:12]} gives the same date as an earlier commit "
                                  f"({earlier.published_elsewhere}); the later text is kept")
            by_date[effective] = plan
    return [by_date[d] for d in sorted(by_date)]
