"""The verbs of `policy-site`, as functions that return data and never print."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ENV_REVISION, ENV_TODAY
from .checks import CheckContext, PublishedRevision, make_context, run_checks
from .errors import PolicySiteError, PublishRefused, UsageError
from .findings import Finding, has_errors
from .git import Git
from .publish import PublishResult, fetch_published, last_error, read_branch
from .publish import publish as publish_branch
from .site import Site

if TYPE_CHECKING:
    from .importer import ImportResult


@dataclass
class CheckReport:
    findings: list[Finding]
    revisions: list[str]

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def published_revisions(site: Site, branch: str = "gh-pages", remote: str = "origin",
                        notes: list[Finding] | None = None) -> dict[str, PublishedRevision]:
    """What is published: the revisions on `remote`'s `branch`, fetched now.

    The local branch is only a preview and never counts. Without a remote of
    that name nothing is published yet (a site is published by pushing). When
    the remote cannot be reached, the branch as last fetched is used and a
    `remote-unreachable` warning is added to `notes`.
    """
    git = Git(site.root)
    if not git.is_repo() or not git.remote_exists(remote):
        return {}
    tip, warning = fetch_published(git, remote, branch)
    if warning and notes is not None:
        notes.append(Finding("remote-unreachable", "warning", warning,
                             f"check the network and your access to {remote}; publish --push fetches it again"))
    return read_branch(git, f"refs/remotes/{remote}/{branch}").published if tip else {}


def check_context(site: Site, *, today: dt.date, only: list[str] | None = None,
                  published: dict[str, PublishedRevision] | None = None) -> CheckContext:
    return make_context(site.corpus, site.languages, site.policy, site.root, today, only=only,
                        published=published if published is not None else published_revisions(site))


def check(site: Site, *, today: dt.date, only: list[str] | None = None,
          published: dict[str, PublishedRevision] | None = None,
          branch: str = "gh-pages", remote: str = "origin") -> CheckReport:
    """Every check; `published` defaults to what `remote`'s `branch` publishes (fetched now)."""
    notes: list[Finding] = []
    if published is None:
        published = published_revisions(site, branch, remote, notes)
    if only:
        unknown = [d for d in only if site.corpus.get(d) is None]
        if unknown:
            raise PolicySiteError(f"no readable revision {', '.join(unknown)} under {site.policy.docs}/: "
                                  f"known: {', '.join(r.name for r in site.corpus.revisions) or 'none'}")
    findings = notes + run_checks(check_context(site, today=today, only=only, published=published))
    names = only or [r.name for r in site.corpus.revisions]
    return CheckReport(findings, names)


def publish(site: Site, *, today: dt.date, push: bool = False, remote: str = "origin",
            branch: str = "gh-pages", rebuild: bool = False) -> tuple[PublishResult, CheckReport]:
    """Check against what the remote publishes, then publish. A failed check publishes nothing.

    The check runs again on every attempt, against the remote's branch as just fetched.
    """
    reports: list[CheckReport] = []

    def verify(published: dict[str, PublishedRevision], where: str) -> None:
        report = check(site, today=today, published=published)
        reports.append(report)
        if not report.ok:
            raise PublishRefused(refusal(report, where), report)

    result = publish_branch(site, today=today, push=push, remote=remote, branch=branch,
                            rebuild=rebuild, verify=verify)
    return result, reports[-1]


def refusal(report: CheckReport, where: str) -> str:
    """The one line that says why nothing was published."""
    changed = [f for f in report.findings if f.rule == "published-revision-changed"]
    if changed:
        revisions = sorted({f.revision or "?" for f in changed})
        files = ", ".join(sorted({f.file or "?" for f in changed})[:3])
        return (f"published revision {', '.join(revisions)} on {where} differs from docs/ ({files}) "
                f"[published-revision-changed]; nothing was published: revert the edit and make the change "
                f"in a new revision (`policy-site new-revision YYYY-MM-DD`)")
    errors = [f for f in report.findings if f.is_error]
    first = errors[0]
    return (f"the check found {len(errors)} error(s), the first {first.location} [{first.rule}]; "
            f"nothing was published")


def build(site: Site, revision: str, *, site_dir: Path, today: dt.date) -> Path:
    """Build one revision into `site_dir` for a preview (what mike would publish)."""
    if site.corpus.get(revision) is None:
        raise PolicySiteError(f"no readable revision {revision} under {site.policy.docs}/")
    env = {**os.environ, ENV_REVISION: revision, ENV_TODAY: today.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    proc = subprocess.run([mkdocs, "build", "--quiet", "-f", str(site.config_file), "-d", str(site_dir)],
                          cwd=site.root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise PolicySiteError(f"building {revision} failed: {last_error(proc.stderr, 'mkdocs exited with an error')}")
    return site_dir


def rules_table(site: Site | None, *, law: str | None, on: dt.date, lang: str = "en", width: int = 110) -> str:
    """The requirements in force on `on`, with their citations for that day."""
    from .rules import format_rules_table, load_rules, rules_in_force

    if site is None:
        from .rules import available_laws

        ruleset = load_rules(available_laws())
    else:
        ruleset = load_rules(list(site.policy.laws) + ([law] if law and law not in site.policy.laws else []),
                             [site.root / f for f in site.policy.rule_files])
    if law and law not in ruleset.laws:
        raise PolicySiteError(f"unknown law {law!r}: known: {', '.join(ruleset.laws)}")
    return format_rules_table(rules_in_force(ruleset, on, law, lang), lang, width=width, on=on)


def diff(site: Site, old: str, new: str, *, lang: str, fmt: str, color: bool = False) -> str:
    """The redline between two revisions (NEW may be unpublished) for a terminal, a PR or a page."""
    from .redline import compare_revisions, labels_for, render_html, render_markdown, render_text, total_counts

    revs = []
    for name in (old, new):
        rev = site.corpus.get(name)
        if rev is None:
            problems = [f for f in site.corpus.findings if f.revision == name and f.is_error]
            why = f" ({problems[0].location}: {problems[0].message})" if problems else ""
            raise PolicySiteError(f"no readable revision {name} under {site.policy.docs}/{why}; "
                                  f"known: {', '.join(r.name for r in site.corpus.revisions) or 'none'}")
        revs.append(rev)
    if lang not in site.languages:
        raise PolicySiteError(f"the site has no language {lang!r}: use one of {', '.join(site.languages)}")
    unreadable = [f for f in site.corpus.findings
                  if f.is_error and f.rule == "invalid-file" and f.revision in (old, new) and f.lang in (lang, None)]
    if unreadable:  # a file left out would show as wholly deleted or inserted
        first = unreadable[0]
        raise PolicySiteError(f"{first.location}: {first.message} ({first.rule}); the redline cannot read it: "
                              f"{first.hint}, then run diff again")
    unpaired = [rev for rev in revs if lang not in rev.text_languages(site.languages)]
    if unpaired:  # revision.yml `languages:`: no text to compare, rather than a whole text marked inserted
        rev = unpaired[0]
        both = [code for code in revs[0].text_languages(site.languages) if code in revs[1].text_languages(site.languages)]
        said = (f"revision {rev.name} was published only in {', '.join(rev.text_languages(site.languages))} "
                f"(`languages:` in its revision.yml): there is no {lang} text to compare"
                + (f"; compare the {both[0]} texts: policy-site diff {old} {new} --lang {both[0]}" if both else ""))
        return f"## {old} → {new} ({lang})\n\n{said}" if fmt == "markdown" else said
    redlines = compare_revisions(revs[0], revs[1], lang)
    labels = labels_for(lang, site.root / site.policy.locale_dir if site.policy.locale_dir else None)
    if fmt == "html":
        return "\n".join(render_html(r, labels=labels) for r in redlines)
    if fmt == "markdown":
        head = f"## {old} → {new} ({lang})\n"
        if len(redlines) > 1:
            head += f"\n{total_counts(redlines).describe(lang, labels)}\n"
        return head + "\n" + "\n".join(render_markdown(r, labels=labels) for r in redlines)
    return "\n".join(render_text(r, color=color, labels=labels) for r in redlines)


def new_revision(site: Site, date: dt.date, *, today: dt.date) -> Path:
    from .scaffold import new_revision as scaffold

    return scaffold(site.docs_dir, date, site.languages, today=today)


def fmt(site: Site, *, branch: str = "gh-pages", remote: str = "origin"):
    """Fix BOMs, CRLF line ends and non-NFC text in place (published revisions are left alone)."""
    from .fmt import format_docs

    return format_docs(site.docs_dir, skip_revisions=set(published_revisions(site, branch, remote)))


def init(target: Path, *, laws: list[str], languages: list[str], site_name: str | None,
         today: dt.date | None, timezone: str | None = None):
    """Create a new site in `target` (new, empty, or a fresh clone); return `init.Created`."""
    from .init import init_site

    return init_site(target, laws=laws, languages=languages, site_name=site_name, today=today, timezone=timezone)


def import_policy(site: Site, *, inputs: dict[str, str], effective: dt.date | None = None,
                  repo: str | None = None, document: str = "index", annotate: bool = True) -> ImportResult:
    """Import an existing policy into docs/: one revision from files or URLs, or a git history.

    `inputs` maps a language to a file or URL (with `repo`: a path inside it).
    """
    # Imported here, not at the top: its HTML parser (Beautiful Soup, markdownify) would add
    # about 0.1 s to every other command's start.
    from .importer import import_files, import_history
    from .rules import load_rules

    unknown = [lang for lang in inputs if lang not in site.languages]
    if unknown:
        raise UsageError(f"the site has no language {unknown[0]!r} (mkdocs.yml: {', '.join(site.languages)}); "
                         "import only the site's languages")
    if not inputs:
        raise UsageError("nothing to import: give --ja and/or --en (a file, a URL, or with --git a path)")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", document):
        raise UsageError(f"--document {document!r}: use lower-case letters, digits, '-' or '_'")
    rules = load_rules(list(site.policy.laws), [site.root / f for f in site.policy.rule_files]).ids
    common = dict(docs_dir=site.docs_dir, root=site.root, languages=site.languages, rules=rules,
                  name=document, annotate=annotate)
    if repo is not None:
        if effective is not None:
            raise UsageError("--effective does not go with --git: each revision is dated by its text or its commit")
        return import_history(repo, inputs, timezone=site.policy.timezone, **common)
    return import_files(inputs, effective=effective, **common)
