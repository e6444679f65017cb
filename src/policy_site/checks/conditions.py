"""Conditional requirements the text suggests apply, though the site says nothing of them.

A conditional requirement (a rule with a `condition`: a corporation names its representative,
a fee is stated, joint use is disclosed ...) is checked only when the site lists it under
`applies`. A site that forgets to is never told its policy lacks the item. So when the text
itself uses words that suggest the condition holds (the rule's `suggested_by:` in the rule
files: 株式会社, an amount of money in the request section, 共同利用, 外国 ...), `check`
asks the site to decide: add it to `applies`, or say why it does not apply under
`not_applicable: {rule-id: reason}` in mkdocs.yml.

Rule ids:

- ``possibly-applies`` (warning): a conditional rule in force for a revision (in force today
  or upcoming; superseded ones are history) that is in neither `applies` nor `not_applicable`,
  that no section of the revision declares, and that the text's words suggest; the finding
  quotes the words and says where they are (file:line);
- ``not-applicable-refused`` (error): `not_applicable` names a requirement that applies to
  everyone (no `condition`), one also listed under `applies`, or gives no reason
  (a name that is no rule is ``unknown-rule``, as for `applies`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import find_facts
from ..findings import Finding
from ..model.blocks import Block, Heading
from ..model.document import Section
from ..model.revisions import Document, Revision
from ..rules import Requirement, RuleSet
from ..rules.suggestions import Suggestion, normal, word_pattern
from ..yaml_lines import child_key_line
from .context import CheckContext
from .disclosures import Period, rules_for

RULE = "possibly-applies"
REFUSED = "not-applicable-refused"
_READ = ("para", "item", "row", "heading")  # readable text: not code, raw HTML or comments
_SHOWN = 3  # places quoted in a finding


@dataclass(frozen=True)
class Hit:
    """Words in the text that suggest a condition holds, and where."""

    words: str
    file: str
    line: int

    def describe(self) -> str:
        return f"“{self.words}” ({self.file}:{self.line})"


def check(ctx: CheckContext) -> list[Finding]:
    rules, _ = rules_for(ctx)  # a broken rule file is reported by the disclosure check
    findings = _not_applicable_findings(ctx, rules)
    for rev in ctx.corpus.revisions:
        if ctx.corpus.status(rev, ctx.today) == "superseded" or (ctx.only is not None and rev.name not in ctx.only):
            continue
        findings += _suggested(ctx, rules, rev)
    return findings


# --- not_applicable -----------------------------------------------------------------------

def _config_line(ctx: CheckContext, name: str) -> int | None:
    """The line of `name` under `not_applicable:` in mkdocs.yml."""
    try:
        text = (ctx.corpus.root / "mkdocs.yml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return child_key_line(text, "not_applicable", name)


def _not_applicable_findings(ctx: CheckContext, rules: RuleSet) -> list[Finding]:
    findings = []
    for name, reason in ctx.not_applicable.items():
        line = _config_line(ctx, name)
        req = rules.get(name)
        if req is None:
            finding = rules.unknown_reference("not_applicable", name, "mkdocs.yml")
            if finding is not None:
                findings.append(Finding(finding.rule, finding.severity, finding.message, finding.hint,
                                        file="mkdocs.yml", line=line))
            continue
        if not req.conditional:
            findings.append(Finding(
                REFUSED, "error", f"`not_applicable` names `{name}`, which applies to everyone: it has no condition",
                f"remove `{name}` from `not_applicable` and disclose {req.label('en')} in the policy "
                f"({req.citation_on(ctx.today) or req.law.upper()})", file="mkdocs.yml", line=line))
        elif name in ctx.applies:
            findings.append(Finding(
                REFUSED, "error", f"`{name}` is listed both under `applies` and under `not_applicable`",
                "keep it under `applies` if its condition holds for you, else under `not_applicable` with the reason",
                file="mkdocs.yml", line=line))
        elif not str(reason or "").strip():
            findings.append(Finding(
                REFUSED, "error", f"`not_applicable` gives no reason for `{name}`",
                f"say why its condition ({req.condition}) does not hold for you, e.g. "
                f"`{name}: \"no fee is charged for any request\"`", file="mkdocs.yml", line=line))
    return findings


# --- possibly-applies ---------------------------------------------------------------------

def _declared(rev: Revision) -> set[str]:
    return {rule for by_lang in rev.documents.values() for doc in by_lang.values()
            for section in doc.sections for rule in section.disclosures}


def _suggested(ctx: CheckContext, rules: RuleSet, rev: Revision) -> list[Finding]:
    period = Period.of(ctx, rev)
    declared = _declared(rev)
    findings = []
    for req in rules:
        if (req.suggested_by is None or req.id in ctx.applies or req.id in ctx.not_applicable
                or req.id in declared or not req.in_force_during(period.start, period.end)):
            continue
        hits = [hit for lang in ctx.languages for doc in rev.documents_in(lang)
                for hit in _hits(req.suggested_by, doc)]
        if hits:
            findings.append(_finding(req, rev, hits, period))
    return findings


def _finding(req: Requirement, rev: Revision, hits: list[Hit], period: Period) -> Finding:
    first = hits[0]
    # Each word once per file first (株式会社 in ja, Co., Ltd. in en), then the rest, in order.
    seen: set[tuple[str, str]] = set()
    distinct = [h for h in hits if (h.file, h.words.casefold()) not in seen and not seen.add((h.file, h.words.casefold()))]
    shown = (distinct + [h for h in hits if h not in distinct])[:_SHOWN]
    places = ", ".join(hit.describe() for hit in shown) + (
        f" and {len(hits) - len(shown)} more place(s)" if len(hits) > len(shown) else "")
    return Finding(
        RULE, "warning",
        f"the text suggests that {req.label('en')} may be required ({req.condition}): {places}",
        f"if it applies, add `{req.id}` to `applies` in mkdocs.yml and disclose it; if it does not, add "
        f"`{req.id}: \"<why not>\"` under `not_applicable` in mkdocs.yml",
        file=first.file, line=first.line, revision=rev.name,
        citation=req.citation_during(period.start, period.end))


def _lines(doc: Document, blocks: tuple[Block, ...] | None = None) -> list[tuple[int, str]]:
    """(line, text) of each line of readable text of the document (or of `blocks`), as readers get it.

    A heading that declares disclosures is left out: it names the legal item its section is about
    (“Personal information sold or shared”, “Minors under 16”), in the law's words, whether or not
    the condition holds; what the section says is read."""
    out = []
    events = doc.model.events if blocks is None else blocks
    for event in events:
        if isinstance(event, Heading) and event.disclosures:
            continue
        block = Block("heading", event.title, event.line) if isinstance(event, Heading) else event
        if block.kind not in _READ:
            continue
        for offset, line in enumerate(block.text.split("\n")):  # a hard line break starts a line
            out.append((block.line + offset, line))
    return out


def _hits(suggestion: Suggestion, doc: Document) -> list[Hit]:
    hits: list[Hit] = []
    pattern = word_pattern(suggestion.words_for(doc.lang))
    if pattern is not None:
        for number, line in _lines(doc):
            for m in pattern.finditer(normal(line)):
                hits.append(Hit(m.group(0), doc.rel, number))
    if suggestion.amounts:
        for section in doc.sections:
            if _counts(suggestion, section, doc.lang):
                for number, line in _lines(doc, section.blocks + section.nested):
                    hits += [Hit(fact.raw, doc.rel, number) for fact in find_facts(line, doc.lang)
                             if fact.kind == "money"]
    return sorted(set(hits), key=lambda h: (h.line, h.words))


def _counts(suggestion: Suggestion, section: Section, lang: str) -> bool:
    """A section whose amounts of money count: it declares one of the rules, or its heading has one of the words."""
    if any(rule in section.disclosures for rule in suggestion.amount_rules):
        return True
    pattern = word_pattern(suggestion.headings_for(lang))
    return pattern is not None and pattern.search(normal(section.title)) is not None

