"""The revisions are sound as a record: dated, announced in time, and unchanged once
published. (`unsafe-html` and `raw-html` are judged on the rendered pages by `checks.safety`.)

Rule ids:

- ``notice-period`` (warning): an upcoming revision announced less than
  `notice_period` days before it takes effect (or not announced at all);
- ``establishment-date`` (error): `established` in mkdocs.yml is after the
  first revision's effective date;
- ``published-revision-changed`` (error): a published revision's files differ
  from what was published (changed, added, removed, or the folder deleted).

`invalid-revision-date` and `missing-summary` are reported by
`policy_site.revisions` when the folders are read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..findings import Finding
from ..model.hashing import changed_files
from ..model.revisions import REVISION_FILE, Revision, relative_path
from ..yaml_lines import key_line
from .context import CheckContext, PublishedRevision

NEW_REVISION_HINT = ("published revisions never change: revert the edit and make the change in a new "
                     "revision: `policy-site new-revision YYYY-MM-DD`")


def check(ctx: CheckContext) -> list[Finding]:
    return _notice_periods(ctx) + _establishment(ctx) + _published_changes(ctx)


# --- notice-period and establishment-date ---------------------------------------------

def _notice_periods(ctx: CheckContext) -> list[Finding]:
    """Upcoming revisions must be announced `notice_period` days ahead (0 turns this off)."""
    if ctx.notice_period <= 0:
        return []
    findings = []
    for revision in ctx.corpus.revisions:
        if revision.effective <= ctx.today:
            continue
        deadline = revision.effective - dt.timedelta(days=ctx.notice_period)
        if revision.announced is not None and revision.announced <= deadline:
            continue
        meta = revision.path / REVISION_FILE
        rel = relative_path(meta, ctx.corpus.root)
        if revision.announced is None:
            message = (f"revision {revision.name} takes effect on {revision.effective} but has no `announced` date "
                       f"(the notice period is {ctx.notice_period} days)")
            hint = (f"announce it by {deadline} and write `announced: YYYY-MM-DD` (the date you announced it, "
                    f"{deadline} or earlier) in {rel}")
            line = None
        else:
            days = (revision.effective - revision.announced).days
            message = (f"revision {revision.name} was announced on {revision.announced}, {days} day(s) before it "
                       f"takes effect; the notice period is {ctx.notice_period} days (announce by {deadline})")
            earliest = revision.announced + dt.timedelta(days=ctx.notice_period)
            hint = (f"move the effective date to {earliest} or later (`policy-site new-revision {earliest}` and move "
                    f"the text), or change `notice_period` in mkdocs.yml if your terms allow a shorter notice")
            line = key_line(meta, "announced")
        findings.append(Finding("notice-period", "warning", message, hint, file=rel,
                                line=line or key_line(meta, "summary") or 1, revision=revision.name))
    return findings


def _establishment(ctx: CheckContext) -> list[Finding]:
    if ctx.established is None or not ctx.corpus.revisions:
        return []
    first = ctx.corpus.revisions[0]
    if ctx.established <= first.effective:
        return []
    config = ctx.corpus.root / "mkdocs.yml"
    return [Finding(
        "establishment-date", "error",
        f"`established: {ctx.established}` is after the first revision, {first.name}: a policy cannot be revised "
        f"before it was established",
        f"set `established:` in mkdocs.yml to the date the policy was first established ({first.name} or earlier), "
        f"or rename the revision folder if its date is wrong",
        file="mkdocs.yml", line=key_line(config, "established"), revision=first.name)]


# --- published-revision-changed --------------------------------------------------------

def _docs_dir(ctx: CheckContext) -> Path:
    revisions = ctx.corpus.revisions
    return revisions[0].path.parent if revisions else ctx.corpus.root / "docs"


def _published_changes(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    docs = _docs_dir(ctx)
    newest_here = max((r.name for r in ctx.corpus.revisions), default="")
    for name, published in sorted(ctx.published.items()):
        revision = ctx.corpus.get(name)
        folder = revision.path if revision else docs / name
        if not folder.is_dir() and name > newest_here:
            # Published from a newer commit than this checkout (another CI run got there first):
            # nothing is lost, publish leaves it in place.
            findings.append(Finding(
                "published-revision-ahead", "warning",
                f"revision {name} is published but not in this checkout, which is older than the published branch",
                "pull the latest main before editing; publishing from here keeps it as it is",
                file=relative_path(folder, ctx.corpus.root), revision=name))
            continue
        if not folder.is_dir():
            rel = relative_path(folder, ctx.corpus.root)
            findings.append(Finding(
                "published-revision-changed", "error",
                f"published revision {name} was deleted: {rel}/ no longer exists",
                f"restore it (e.g. `git checkout HEAD -- {rel}`): {NEW_REVISION_HINT}", file=rel, revision=name))
            continue
        current = revision or Revision(name, dt.date.min, folder)
        findings += _changed_files(ctx, current, published)
    return findings


def _changed_files(ctx: CheckContext, revision: Revision, published: PublishedRevision) -> list[Finding]:
    """Files that differ from the published record, compared as readers get the text (`hashing`)."""
    root = ctx.corpus.root
    diffs = changed_files(revision.path, published.record)
    findings = []
    for rel_file, what in diffs.items():
        if not rel_file:  # a record with one combined hash only
            rel = relative_path(revision.path, root)
            findings.append(Finding("published-revision-changed", "error",
                                    f"published revision {revision.name} changed since it was published ({rel}/)",
                                    NEW_REVISION_HINT, file=rel, revision=revision.name))
            continue
        file = relative_path(revision.path / rel_file, root)
        findings.append(Finding("published-revision-changed", "error",
                                f"{file} was {what} after revision {revision.name} was published",
                                NEW_REVISION_HINT, file=file, line=1 if what != "removed" else None,
                                revision=revision.name))
    return findings
