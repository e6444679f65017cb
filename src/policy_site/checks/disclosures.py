"""The disclosure check: each revision discloses, in every language, what the law required while it was in force.

A revision is in force from its effective date to the day before the next
revision's (the newest: until further notice). It must satisfy every requirement
in force on any day of that period, in each language separately.

A requirement is met in a language when a section of that language, in any
document of the revision, declares it on its heading and has text::

    ### Address {#address data-disclosure="appi-operator-address"}

The requirement's `kind` and `evidence` ask for more: a contact channel, an
address, a date, a name after a title, an amount or "free of charge", a country,
the security measures themselves, how a request is made (`checks/proof.py`, over
the words in `rules/evidence/vocabulary.yml`); `annual-review` is met by the dates
of the revisions themselves. A declaration that names no known rule is an error
(a warning in a superseded revision): a typo never counts as compliance.

A finding cites the article in force on the day it is about (`citation_for`).

Severity: an error in the revision in force today and in upcoming ones; a warning
in a superseded revision (published history is not rewritten), for a requirement
that starts after today, and for a rule the site downgrades (with its reason).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from ..findings import Finding, Severity
from ..model.revisions import Document, Revision, Section
from ..rules import RuleFileError, RuleSet, Requirement, available_laws, load_rules
from .context import CheckContext
from .proof import shortfall, together
from .review import review_findings, review_of

UNKNOWN_DISCLOSURE = "unknown-disclosure"
INVALID_RULE_FILE = "invalid-rule-file"
_SHORT_WHY = 160


@dataclass(frozen=True)
class Period:
    """The days a revision is in force: `end` None means until further notice."""

    start: dt.date
    end: dt.date | None

    @classmethod
    def of(cls, ctx: CheckContext, rev: Revision) -> Period:
        return cls(rev.effective, ctx.corpus.valid_until(rev))

    def describe(self) -> str:
        if self.end is None:
            return f"from {self.start} until further notice"
        return f"from {self.start} to {self.end}"


@dataclass(frozen=True)
class Evidence:
    """What one language of a revision shows for one requirement."""

    met: bool
    document: Document | None = None
    section: Section | None = None
    shortfall: str | None = None  # why a declaration there does not count
    line: int | None = None  # the declaring heading's line
    todo: str | None = None  # what to write, in the language of the text
    relies_on: Section | None = None  # the section it refers to for contact details or an address


@dataclass(frozen=True)
class ChecklistItem:
    """One row of the public "Disclosures" page of a revision, in one language."""

    rule: str
    label: str
    citation: str | None
    uncertain: bool
    conditional: bool
    required_from: dt.date
    status: Literal["met", "missing"]
    document: str | None = None
    section_id: str | None = None
    section_title: str | None = None
    eras: tuple[tuple[dt.date, str | None], ...] = ()  # each citation while the revision was in force
    reviewed: dt.date | None = None  # `annual-review`: the review this revision stands for
    review_due: dt.date | None = None  # ... and the day the next one must take effect by
    statement: str | None = None  # how the site meets a `kind: statement` requirement (`meets` in mkdocs.yml)
    notes: tuple[str, ...] = ()  # notes about the law for the revision's period, in `lang`
    label_lang: str = "en"  # the language `label` is in: the page's, or English where the rule data has none
    citation_lang: str = "en"  # the same for `citation`
    label_en: str = ""  # the English label (a site's catalog may translate it)
    notes_lang: tuple[str, ...] = ()  # the language of each of `notes`


# --- entry points -------------------------------------------------------------------

def check(ctx: CheckContext) -> list[Finding]:
    """Every disclosure finding over the site (never raises)."""
    rules, findings = rules_for(ctx)
    findings += rules.reference_findings(ctx.applies, ctx.downgrade, meets=ctx.meets)
    applicable = rules.applicable(ctx.applies)
    for rev in ctx.corpus.revisions:
        if ctx.only is None or rev.name in ctx.only:
            findings += _check_revision(ctx, rules, applicable, rev)
    return findings


def rules_for(ctx: CheckContext) -> tuple[RuleSet, list[Finding]]:
    """The site's rules; a broken site rule file becomes findings and the built-in rules are used."""
    try:
        return load_rules(ctx.laws, ctx.rule_files), []
    except RuleFileError as exc:
        findings = [Finding(INVALID_RULE_FILE, "error", p.message, p.hint, file=p.file, line=p.line)
                    for p in exc.problems]
        return load_rules([law for law in ctx.laws if law in available_laws()]), findings


def checklist(ctx: CheckContext, revision: Revision, lang: str) -> list[ChecklistItem]:
    """Each applicable requirement in force during the revision, met or missing in `lang`."""
    rules, _ = rules_for(ctx)
    period = Period.of(ctx, revision)
    docs = revision.documents_in(lang)
    items = []
    for req in rules.applicable(ctx.applies).in_force_during(period.start, period.end):
        review = review_of(req, period.start, period.end, ctx.today) if req.kind == "annual-review" else None
        if req.kind == "annual-review":
            evidence = Evidence(met=review is None or review.state != "overdue")
        elif req.stated:
            evidence = Evidence(met=bool(_statement(ctx, req)))
        else:
            evidence = assess(req, docs)
        section = evidence.section if evidence.met else None
        items.append(ChecklistItem(
            rule=req.id, label=req.label(lang), citation=req.citation_during(period.start, period.end, lang),
            label_lang=req.label_language(lang), citation_lang=req.citation_language(lang), label_en=req.label("en"),
            uncertain=req.uncertain, conditional=req.conditional, required_from=req.required_from,
            status="met" if evidence.met else "missing",
            document=evidence.document.name if section and evidence.document else None,
            section_id=section.id if section else None, section_title=section.title if section else None,
            eras=tuple(req.eras_during(period.start, period.end, lang)),
            statement=_statement(ctx, req) if req.stated else None,
            notes=tuple(req.notes_during(period.start, period.end, lang)),
            notes_lang=tuple(req.note_languages_during(period.start, period.end, lang)),
            reviewed=review.reviewed if review else None, review_due=review.due if review else None))
    return items


def _statement(ctx: CheckContext, req: Requirement) -> str | None:
    """How the site says it meets a requirement about the policy itself (None: it does not say)."""
    text = " ".join(str(ctx.meets.get(req.id) or "").split())
    return text or None


def assess(req: Requirement, docs: list[Document]) -> Evidence:
    """Whether the documents of one language meet a requirement, and if not, why not."""
    first_shortfall: Evidence | None = None
    for doc in docs:
        shortfalls = []
        for section in doc.sections:
            if req.id not in section.disclosures:
                continue
            short, relied = shortfall(req, section, doc)
            if short is None:
                return Evidence(True, doc, section, line=section.line, relies_on=relied)
            shortfalls.append((section, short))
        if not shortfalls:
            continue
        short = together(req, shortfalls)
        section = next((s for s, part in shortfalls if part.missing != ("text",)), shortfalls[0][0])
        if short is None:  # the declaring sections give it together
            return Evidence(True, doc, section, line=section.line)
        first_shortfall = first_shortfall or Evidence(False, doc, section, short.describe(), section.line,
                                                      todo=short.todo(doc.lang))
    if first_shortfall:
        return first_shortfall
    for doc in docs:
        for heading in doc.headings:
            if req.id in heading.attrs.get("data-disclosure", "").split():
                why = "is the page title (level 1)" if heading.level == 1 else "has no id (`{#...}`)"
                return Evidence(False, doc, None, f"the heading “{heading.title}” declares it but {why}, "
                                                  "so it does not start a section", heading.line)
    return Evidence(False)


# --- one revision --------------------------------------------------------------------

def _check_revision(ctx: CheckContext, rules: RuleSet, applicable: RuleSet, rev: Revision) -> list[Finding]:
    period = Period.of(ctx, rev)
    due = applicable.in_force_during(period.start, period.end)
    findings: list[Finding] = []
    for lang in ctx.languages:
        docs = rev.documents_in(lang)
        if not docs:
            continue  # a missing language is the parity check's finding
        findings += _unknown_disclosures(ctx, rules, rev, lang, docs)
        for req in due:
            if req.kind == "annual-review" or req.stated:
                continue
            evidence = assess(req, docs)
            if not evidence.met:
                findings.append(_missing(ctx, req, rev, lang, period, evidence))
    for req in due:
        if req.kind == "annual-review":
            findings += review_findings(ctx, req, rev, period.start, period.end, _notes(ctx, req),
                                        citation_for(ctx, req, rev, period))
        elif req.stated and not _statement(ctx, req):
            findings.append(_unstated(ctx, req, rev, period))
    return findings


def _unstated(ctx: CheckContext, req: Requirement, rev: Revision, period: Period) -> Finding:
    """A requirement about the policy itself that the site does not say it meets."""
    hint = req.hint_for("en")
    todo = (f"if the site meets it, say how under `meets` in mkdocs.yml, e.g. `meets: {{{req.id}: \"...\"}}` "
            f"(shown on the Disclosures page)" + (f": {hint}" if hint else ""))
    verdict = _judge(ctx, req, rev, period, todo)
    return Finding(req.id, verdict.severity, f"{req.label('en')}: the site does not state that it meets this; "
                   f"{verdict.when}", verdict.hint, file="mkdocs.yml", revision=rev.name,
                   citation=citation_for(ctx, req, rev, period), notes=_notes(ctx, req, period))


def _unknown_disclosures(ctx: CheckContext, rules: RuleSet, rev: Revision, lang: str,
                         docs: list[Document]) -> list[Finding]:
    superseded = ctx.corpus.status(rev, ctx.today) == "superseded"
    findings = []
    for doc in docs:
        for heading in doc.headings:
            for rule_id in heading.attrs.get("data-disclosure", "").split():
                if rules.is_known(rule_id):
                    continue
                guess = rules.suggest(rule_id)
                hint = (f"did you mean `{guess}`? " if guess else "") + \
                    "correct the id in data-disclosure; `policy-site rules` lists the rule ids"
                notes = ("this revision is superseded: its published text stays as it is",) if superseded else ()
                findings.append(Finding(
                    UNKNOWN_DISCLOSURE, "warning" if superseded else "error",
                    f"the heading “{heading.title}” declares `{rule_id}`, which is no known rule id, "
                    "so it does not count as disclosing anything",
                    hint, file=doc.rel, line=heading.line, revision=rev.name, lang=lang, notes=notes))
    return findings


def _missing(ctx: CheckContext, req: Requirement, rev: Revision, lang: str, period: Period,
             evidence: Evidence) -> Finding:
    what = f"{req.label('en')} is not disclosed in the {lang} text"
    if evidence.shortfall and evidence.document is not None:
        why = evidence.shortfall if evidence.section is None else \
            f"the section “{evidence.section.title}” declares it but {evidence.shortfall}"
        file, line = evidence.document.rel, evidence.line
        todo = _shortfall_hint(req, lang, evidence)
    else:
        elsewhere = _declared_elsewhere(ctx, req, rev, lang)
        why = "no section declares it" + (f" (the {elsewhere[0]} text does, at {elsewhere[1]})" if elsewhere else "")
        file, line = _anchor(rev, lang)
        todo = _declare_hint(req, lang, elsewhere)
    verdict = _judge(ctx, req, rev, period, todo)
    return Finding(req.id, verdict.severity, f"{what}: {why}; {verdict.when}", verdict.hint, file=file, line=line,
                   revision=rev.name, lang=lang, citation=citation_for(ctx, req, rev, period),
                   notes=_notes(ctx, req, period))


def citation_for(ctx: CheckContext, req: Requirement, rev: Revision, period: Period) -> str | None:
    """The article in force on the day a finding is about: today for the revision in force
    (today's numbering, not that of the day it took effect), the first day it applies for an
    upcoming one, and each numbering of its own period for a superseded one."""
    first = req.first_day_during(period.start, period.end)
    if first is None:
        return None
    status = ctx.corpus.status(rev, ctx.today)
    if status == "in-force":
        last = req.last_day_during(period.start, period.end)
        day = ctx.today if last is None or last >= ctx.today else last
        return req.citation_on(max(day, first))
    if status == "upcoming":
        return req.citation_on(first)
    eras = req.eras_during(period.start, period.end)
    if len(eras) == 1:
        return eras[0][1]
    last = req.last_day_during(period.start, period.end)
    parts = []
    for i, (start, citation) in enumerate(eras):
        end = eras[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(eras) else last
        parts.append(f"{citation or '?'} ({start} to {end})")
    return "; ".join(parts)


@dataclass(frozen=True)
class _Verdict:
    severity: Severity
    when: str  # the sentence about the period
    hint: str


def _judge(ctx: CheckContext, req: Requirement, rev: Revision, period: Period, todo: str) -> _Verdict:
    """How severe a missing requirement is, given the revision's status, the rule's start and the site's downgrades."""
    status = ctx.corpus.status(rev, ctx.today)
    in_force = f"takes effect on {rev.effective}" if status == "upcoming" else f"is in force {period.describe()}"
    downgraded = req.id in ctx.downgrade and req.downgradable
    if status == "superseded":
        first = req.first_day_during(period.start, period.end) or period.start
        last = req.last_day_during(period.start, period.end) or period.end
        return _Verdict("warning", f"this revision was in force {period.describe()}, so it did not comply from "
                                   f"{first} to {last}",
                        "published history stays as it is: nothing to change here (unless this revision was "
                        "never published); the revision in force now must disclose it")
    if req.required_from > ctx.today:
        return _Verdict("warning", f"it is required from {req.required_from}, and this revision {in_force}",
                        f"before {req.required_from}, publish a revision that discloses it: {todo}")
    return _Verdict("warning" if downgraded else "error",
                    f"it is required from {req.required_from}, and this revision {in_force}", todo)


def _notes(ctx: CheckContext, req: Requirement, period: Period | None = None) -> tuple[str, ...]:
    notes = []
    if period is not None:
        notes += req.notes_during(period.start, period.end)
    if req.id in ctx.downgrade and req.downgradable:
        notes.append(f"reported as a warning by `downgrade` in mkdocs.yml: {ctx.downgrade[req.id] or '(no reason given)'}")
    if req.uncertain:
        notes.append(f"the rule data for `{req.id}` is marked uncertain: {_shorten(req.uncertain_why or '')}")
    return tuple(notes)


def _shorten(text: str, limit: int = _SHORT_WHY) -> str:
    first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(";,")
    if len(first) <= limit:
        return first
    return first[: limit - 1].rsplit(" ", 1)[0] + "…"


def _declared_elsewhere(ctx: CheckContext, req: Requirement, rev: Revision, lang: str) -> tuple[str, str] | None:
    """(language, file:line) where another language declares the requirement, to translate from."""
    for other in ctx.languages:
        if other == lang:
            continue
        evidence = assess(req, rev.documents_in(other))
        if evidence.section is not None and evidence.document is not None:
            return other, f"{evidence.document.rel}:{evidence.section.line}"
    return None


def _anchor(rev: Revision, lang: str) -> tuple[str, int]:
    """Where to point for something missing in a language: its index.md, at the first heading."""
    docs = rev.documents_in(lang)
    doc = rev.document("index", lang) or docs[0]
    return doc.rel, doc.headings[0].line if doc.headings else 1


def _declare_hint(req: Requirement, lang: str, elsewhere: tuple[str, str] | None) -> str:
    attr = f'data-disclosure="{req.id}"'
    if elsewhere:
        return f"translate that section into {lang} and put {attr} on its {lang} heading"
    anchor = req.id.split("-", 1)[1] if "-" in req.id else req.id
    hint = req.hint_for(lang)
    write = f", and write under it: {hint}" if hint else ""
    return f"add {attr} to the heading of the section that gives it, e.g. `### … {{#{anchor} {attr}}}`{write}"


def _shortfall_hint(req: Requirement, lang: str, evidence: Evidence) -> str:
    if evidence.section is None:
        return "give that heading an id, e.g. `{#" + (req.id.split("-", 1)[-1]) + " ...}`, or move the declaration " \
               "to the heading of the section that gives it"
    need = evidence.todo or "write the text under the heading"
    hint = req.hint_for(lang)
    return f"{need}: {hint}" if hint else need
