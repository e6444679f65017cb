"""Rules about time: a revision takes effect only after it is published and announced.

Rule ids:

- ``backdated-revision`` (error): once the site is live (its publish remote's
  branch holds a published revision), a revision not yet published takes
  effect before today (in the site's time zone), unless its revision.yml says
  ``published_elsewhere: <where and when>``; or it is dated before the newest
  published revision, which is always refused (history is not rewritten). The
  first publish of a site may carry its past revisions (importing a history).
- ``announced-date`` (error): ``announced`` is after the effective date, or
  after today: an announcement is a fact that already happened.
"""

from __future__ import annotations

from ..findings import Finding
from ..model.revisions import REVISION_FILE, Revision, relative_path
from ..yaml_lines import key_line
from .context import CheckContext


def check(ctx: CheckContext) -> list[Finding]:
    return _backdated(ctx) + _announced(ctx)


def _meta(ctx: CheckContext, revision: Revision) -> tuple[str, int | None]:
    path = revision.path / REVISION_FILE
    return relative_path(path, ctx.corpus.root), None if not path.is_file() else 1


def _backdated(ctx: CheckContext) -> list[Finding]:
    if not ctx.published:
        return []  # not live yet: the first publish may carry the site's history
    newest = max(ctx.published)
    findings = []
    for revision in ctx.corpus.revisions:
        if revision.name in ctx.published:
            continue
        rel, line = _meta(ctx, revision)
        if revision.name < newest:
            findings.append(Finding(
                "backdated-revision", "error",
                f"revision {revision.name} is dated before {newest}, the newest published revision: "
                f"published history is not rewritten",
                f"give it the date it takes effect, after {newest} and not before today "
                f"(`git mv {relative_path(revision.path, ctx.corpus.root)} "
                f"{relative_path(revision.path.parent, ctx.corpus.root)}/YYYY-MM-DD`)",
                file=rel, line=line, revision=revision.name))
        elif revision.effective < ctx.today and not revision.published_elsewhere:
            findings.append(Finding(
                "backdated-revision", "error",
                f"revision {revision.name} would take effect on {revision.effective}, before today ({ctx.today}), "
                f"but it was never published: no reader could have seen it",
                f"rename its folder to the day it really takes effect ({ctx.today} or later), or, if this text was "
                f"public elsewhere first, write `published_elsewhere: <where and when>` in {rel}",
                file=rel, line=line, revision=revision.name))
    return findings


def _announced(ctx: CheckContext) -> list[Finding]:
    findings = []
    for revision in ctx.corpus.revisions:
        announced = revision.announced
        if announced is None:
            continue
        rel, _ = _meta(ctx, revision)
        line = key_line(revision.path / REVISION_FILE, "announced")
        if announced > revision.effective:
            findings.append(Finding(
                "announced-date", "error",
                f"revision {revision.name} says it was announced on {announced}, after it takes effect "
                f"({revision.effective})",
                f"write the date it was really announced (on or before {revision.effective}) as `announced:` in {rel}, "
                f"or move the revision to a later date",
                file=rel, line=line, revision=revision.name))
        elif announced > ctx.today:
            findings.append(Finding(
                "announced-date", "error",
                f"revision {revision.name} says it was announced on {announced}, which is after today ({ctx.today})",
                f"write `announced:` in {rel} once the announcement has been made, with the day it was made",
                file=rel, line=line, revision=revision.name))
    return findings
