"""Applying revision.yml `waivers:` to the findings of the other checks (`policy_site.model.waivers`).

Runs after every check, on their findings, so no check knows of waivers. A finding is waived
when an entry of its revision names its rule, the section it is in (the one whose heading is
the last at or above the finding's line; none: the text outside the sections, or a whole
file), and its language (or any). A waived finding keeps its message, takes the severity
`waived` and the entry's reason, and is neither an error nor a warning.

Rule ids:

- ``waiver-refused`` (error): an entry names a requirement of the law (appi-…, gdpr-…,
  ccpa-…, caloppa-…, telecom-…, a site rule file's), which a revision cannot waive
  (`downgrade` in mkdocs.yml is the site-wide way, with its reason), or a rule that is not
  waivable at all (the record's integrity and the readers' safety, e.g.
  `published-revision-changed`, `unsafe-html`);
- ``unused-waiver`` (warning): an entry that matches no finding, in a revision not yet
  published (a published revision.yml cannot change, so it is not reported there).
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

from ..findings import Finding, sort_key
from ..model.revisions import Document, Revision
from ..model.waivers import Waiver
from ..rules import available_laws
from . import integrity, length, parity, revision_dates, structure
from .context import CheckContext
from .disclosures import rules_for

WAIVABLE = ("section-without-id", "stale-revision-date", "notice-period")
"""Besides every `parity-…` rule: the findings about a revision's text and dates that can be right for one
revision. Waivable checks are the ones `waived_record` runs again when the revision is built."""
_CHECKS = (parity.check, length.check, structure.check, revision_dates.check, integrity.check)


def waivable(rule: str) -> bool:
    return rule.startswith("parity-") or rule in WAIVABLE


def _waivable_list() -> str:
    return "parity-documents, parity-sections, parity-items, parity-facts (every parity-… rule), " + \
        ", ".join(WAIVABLE)


def section_at(document: Document, line: int | None) -> str | None:
    """The id of the section a line of the document is in; None outside the sections."""
    if line is None:
        return None
    current = None
    for heading in document.headings:
        if heading.line > line:
            break
        current = heading
    if current is None or current.id is None or current.level == 1:
        return None
    return current.id


def _documents(revision: Revision) -> dict[str, Document]:
    return {doc.rel: doc for by_lang in revision.documents.values() for doc in by_lang.values()}


def _place(finding: Finding, documents: dict[str, Document]) -> tuple[str | None, str | None]:
    """(section id or None, document name or None) of a finding."""
    document = documents.get(finding.file or "")
    if document is not None:
        return section_at(document, finding.line), document.name
    if finding.file and finding.file.endswith(".md"):  # a missing translation (parity-documents)
        return None, PurePosixPath(finding.file).stem
    return None, None


def _refusals(ctx: CheckContext, revision: Revision) -> tuple[list[Waiver], list[Finding]]:
    """The waivers of a revision that may apply, and a `waiver-refused` for each other."""
    usable: list[Waiver] = []
    refused: list[Finding] = []
    rules, _ = rules_for(ctx)
    laws = tuple(available_laws()) + tuple(ctx.laws)
    for waiver in revision.waivers:
        if waivable(waiver.rule):
            usable.append(waiver)
            continue
        law = rules.get(waiver.rule)
        if law is not None or rules.is_known(waiver.rule) or waiver.rule.split("-")[0] in laws:
            name = law.law.upper() if law is not None else waiver.rule.split("-")[0].upper()
            refused.append(Finding(
                "waiver-refused", "error",
                f"the waiver names `{waiver.rule}`, a requirement of the law ({name}): what the law asks a policy "
                "to disclose is not waived per revision",
                f"disclose it in the text; if answering on request meets it, `downgrade: {{{waiver.rule}: \"reason\"}}` "
                "in mkdocs.yml reports it as a warning with your reason (site-wide); if its condition does not hold "
                "for you, leave it out of `applies`; then remove this waiver",
                file=waiver.file, line=waiver.line, revision=revision.name, lang=waiver.lang))
        else:
            refused.append(Finding(
                "waiver-refused", "error",
                f"the waiver names `{waiver.rule}`, which cannot be waived",
                f"only findings about the text's parity and a revision's dates can be: {_waivable_list()}; "
                f"fix what `{waiver.rule}` reports instead, then remove this waiver",
                file=waiver.file, line=waiver.line, revision=revision.name, lang=waiver.lang))
    return usable, refused


def apply_waivers(ctx: CheckContext, findings: list[Finding]) -> list[Finding]:
    """`findings` with the waived ones marked, plus `waiver-refused` and `unused-waiver` findings."""
    by_revision = {rev.name: rev for rev in ctx.corpus.revisions if rev.waivers}
    if not by_revision:
        return findings
    usable: dict[str, list[Waiver]] = {}
    out: list[Finding] = []
    for name, rev in by_revision.items():
        usable[name], refused = _refusals(ctx, rev)
        out += refused
    documents = {name: _documents(rev) for name, rev in by_revision.items()}
    used: set[Waiver] = set()
    for finding in findings:
        waiver = None
        if finding.revision in usable and waivable(finding.rule):
            section, document = _place(finding, documents[finding.revision])
            waiver = next((w for w in usable[finding.revision]
                           if w.matches(finding.rule, section, finding.lang, document)), None)
        if waiver is None:
            out.append(finding)
            continue
        used.add(waiver)
        out.append(dataclasses.replace(finding, severity="waived", waiver=waiver.reason,
                                       notes=(*finding.notes, f"waived by {waiver.location}")))
    for name, waivers in usable.items():
        if name in ctx.published:
            continue  # its revision.yml cannot change any more: nothing to do about it
        for waiver in waivers:
            if waiver not in used:
                out.append(Finding(
                    "unused-waiver", "warning", f"the waiver of {waiver.describe()} matches no finding",
                    "remove it from revision.yml, or correct its `rule`, `section` (the id of the section the "
                    "finding is in; none for the text outside the sections) or `lang`",
                    file=waiver.file, line=waiver.line, revision=name, lang=waiver.lang))
    return out


def waived_record(ctx: CheckContext, revision: Revision) -> list[dict[str, object]]:
    """For policy.json: each waiver of the revision, its reason, and the findings it waives when
    the revision is built (the checks of the waivable rules, run again for this revision)."""
    if not revision.waivers:
        return []
    findings: list[Finding] = []
    for check in _CHECKS:
        findings += [f for f in check(ctx) if f.revision == revision.name]
    waived = sorted((f for f in apply_waivers(ctx, findings) if f.severity == "waived" and f.revision == revision.name),
                    key=lambda f: (*sort_key(f), f.message))
    usable, _ = _refusals(ctx, revision)
    out = []
    for waiver in usable:
        mine = [f for f in waived if f"waived by {waiver.location}" in f.notes]
        out.append({**waiver.as_dict(), "findings": [
            {"rule": f.rule, "lang": f.lang, "file": f.file, "line": f.line, "message": f.message} for f in mine]})
    return out
