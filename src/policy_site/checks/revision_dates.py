"""`stale-revision-date`: a date the text labels as the revision's own ("Last updated: ...",
"最終改定：...", "Effective date: ...") that is not the revision's effective date.

A new revision is usually made by copying the previous one (`policy-site new-revision`); a line
such as "Last updated: December 2, 2026" then travels into a text that takes effect on
2027-06-01, and readers get two dates for one revision. The labels are data
(revision_date_labels.yml); the dates are read by `policy_site.facts`, the same reader the
parity check uses. A warning, not an error: the effective date in revision.yml is what the site
shows and publishes. Published revisions are left alone (their text cannot change). A text that
lists its history (制定日, then one 改定日 line per revision) is judged by its latest labelled date.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from ..facts import find_facts
from ..findings import Finding
from ..model.blocks import Block, Heading
from ..model.document import DocumentModel
from ..model.revisions import Document, Revision
from .context import CheckContext

RULE = "stale-revision-date"
LABELS_FILE = Path(__file__).with_name("revision_date_labels.yml")
_NEAR = 12  # characters between the end of a label and the start of its date ("on", ":", "as of")
_LOOK = 60  # characters after a label in which the date is looked for
_READ = ("para", "item", "row", "heading")  # not code, not raw HTML


@lru_cache(maxsize=1)
def label_pattern() -> re.Pattern[str]:
    """A label at the start of a line of readable text (Markdown's markup is gone by then)."""
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    labels = sorted({str(label) for words in data.values() for label in words}, key=len, reverse=True)
    alternatives = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in labels)
    return re.compile(rf"^\s*(?P<label>{alternatives})(?![A-Za-z\u00C0-\u024F])", re.IGNORECASE)


def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for rev in ctx.corpus.revisions:
        if rev.name in ctx.published or ctx.corpus.status(rev, ctx.today) == "superseded":
            continue
        for lang in ctx.languages:
            for doc in rev.documents_in(lang):
                findings += _stale_dates(rev, doc)
    return findings


def labelled_dates(model: DocumentModel) -> list[tuple[int, str, str, str]]:
    """(line, label, date as written, date as YYYY-MM-DD or YYYY-MM) for each labelled date in the
    document as readers get it (its paragraphs, list items, table rows and headings; not code,
    raw HTML or comments)."""
    found = []
    for event in model.events:
        block = Block("heading", event.title, event.line) if isinstance(event, Heading) else event
        if block.kind not in _READ:
            continue
        for offset, line in enumerate(block.text.split("\n")):  # a hard line break starts a line
            m = label_pattern().match(line)
            if not m:
                continue
            rest = line[m.end():m.end() + _LOOK]
            for fact in find_facts(rest):
                if fact.kind == "date":
                    if rest.find(fact.raw) <= _NEAR:
                        found.append((block.line + offset, m.group("label"), fact.raw, fact.value))
                    break
    return found


def _stale_dates(rev: Revision, doc: Document) -> list[Finding]:
    effective = rev.effective.isoformat()
    findings = []
    dates = labelled_dates(doc.model)
    latest = max((value for _, _, _, value in dates), default="")
    for line, label, raw, value in dates:
        if value < latest[:len(value)]:
            continue  # a line of the text's own history (改定日 2022年4月1日 / 改定日 2024年4月1日): the latest one counts
        if value == effective or (len(value) == 7 and effective.startswith(value)):
            continue
        findings.append(Finding(
            RULE, "warning",
            f"the text labels “{raw}” as “{label}”, but this revision takes effect on {effective}",
            f"write the effective date ({effective}) there, or remove the line: every page of the site shows "
            "the revision's effective date", file=doc.rel, line=line, revision=rev.name, lang=doc.lang))
    return findings
