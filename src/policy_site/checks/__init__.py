"""The checks `policy-site check` and `publish` run: each returns `Finding`s, none raises.

Every check takes one `CheckContext`; none knows MkDocs or git (the published
state is handed in as data).
"""

from __future__ import annotations

from ..findings import Finding, sort_key
from . import (conditions, disclosures, integrity, length, parity, placeholders, revision_dates, safety, structure,
               timeline, waivers)
from .context import CheckContext, PublishedRevision, make_context

__all__ = ["CheckContext", "PublishedRevision", "make_context", "run_checks"]


def run_checks(ctx: CheckContext) -> list[Finding]:
    """Every check over the site, sorted by revision, language, file and line."""
    findings = list(ctx.corpus.findings)
    for check in (disclosures.check, conditions.check, parity.check, length.check, integrity.check, safety.check,
                  placeholders.check, structure.check, revision_dates.check, timeline.check):
        findings += check(ctx)
    findings = waivers.apply_waivers(ctx, findings)  # after every check: no check knows of waivers
    if ctx.only is not None:
        findings = [f for f in findings if f.revision is None or f.revision in ctx.only]
    return sorted(set(findings), key=sort_key)
