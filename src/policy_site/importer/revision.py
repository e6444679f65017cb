"""One imported revision: its documents in each language, planned, then written.

`plan_revision` reads nothing from disk but the inputs it is given and decides
everything (headings, ids aligned across languages, proposed annotations,
`languages:`); `write_revision` writes docs/<date>/ and refuses to overwrite a
file. The report says what a person must review.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..config import parse_date
from ..errors import PolicySiteError
from ..facts import find_facts
from ..model.revisions import REVISION_FILE, relative_path
from .annotate import Proposal, propose
from .ids import IdMemory, assign_ids
from .reading import Source
from .structure import ImportedDocument, normalize_markdown

_DATE_LINE = re.compile(r"改定|制定|施行|最終更新|更新日|発効|last\s+(?:updated|revised|modified)|effective|revised|"
                        r"established|enacted|updated|\bstand\b|gültig\s+ab|inkrafttreten|in\s+kraft|"
                        r"zuletzt\s+(?:aktualisiert|geändert)|letzte\s+(?:aktualisierung|änderung)", re.I)
_SUMMARY = {
    "ja": "{date}施行の改定（取り込み）",
    "en": "Revision in force from {date} (imported)",
}


@dataclass
class PlannedDocument:
    """One language of the imported document, ready to write."""

    lang: str
    source: Source
    document: ImportedDocument
    ids: list[str]
    proposals: list[list[Proposal]]

    @property
    def markdown(self) -> str:
        return self.document.markdown(self.ids, [[p.rule for p in ps] for ps in self.proposals])


@dataclass
class PlannedRevision:
    """A revision to write: its date, documents, revision.yml and what to review."""

    effective: dt.date
    name: str  # the document's name (index)
    documents: dict[str, PlannedDocument]
    languages: list[str]  # the site's, controlling first
    published_elsewhere: str | None = None
    date_from: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [lang for lang in self.languages if lang not in self.documents]

    def revision_yml(self) -> str:
        date = self.effective.isoformat()
        data: dict[str, object] = {"summary": {lang: _SUMMARY.get(lang, _SUMMARY["en"]).format(date=date)
                                               for lang in self.languages}}
        if self.missing:
            data["languages"] = [lang for lang in self.languages if lang in self.documents]
        if self.published_elsewhere:
            data["published_elsewhere"] = self.published_elsewhere
        head = "# Written by `policy-site import`: rewrite the summary in every language before publishing.\n"
        return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def dated_lines(text: str) -> list[dt.date]:
    """Dates on lines that say when the text was established, revised or took effect."""
    dates = []
    for line in text.split("\n"):
        if not _DATE_LINE.search(line):
            continue
        for fact in find_facts(line):
            day = parse_date(fact.value) if fact.kind == "date" else None
            if day is not None:
                dates.append(day)
    return dates


def date_in_text(sources: Mapping[str, Source], languages: list[str]) -> tuple[dt.date, str] | None:
    """The latest 改定日/制定日/Last updated/Effective date in the first language that has one."""
    for lang in languages:
        source = sources.get(lang)
        if source is None:
            continue
        dates = dated_lines(source.markdown)
        if dates:
            return max(dates), f"a dated line in {source.name}"
    return None


def plan_revision(sources: Mapping[str, Source], *, effective: dt.date, languages: list[str],
                  rules: Collection[str], name: str = "index", annotate: bool = True,
                  memory: IdMemory | None = None) -> PlannedRevision:
    """Headings, ids and proposals for the documents of one revision."""
    docs = {lang: normalize_markdown(sources[lang].markdown) for lang in languages if lang in sources}
    titles = {lang: [h.title for h in d.headings] for lang, d in docs.items()}
    given = {lang: [h.ident for h in d.headings] for lang, d in docs.items()}
    ids = assign_ids(titles, given, [lang for lang in languages if lang in docs], memory)
    planned: dict[str, PlannedDocument] = {}
    notes: list[str] = []
    counts = {lang: len(d.headings) for lang, d in docs.items()}
    if len(set(counts.values())) > 1:
        notes.append("the languages have different numbers of sections ("
                     + ", ".join(f"{lang} {n}" for lang, n in counts.items())
                     + "): ids were aligned by order; check the ids of the sections after the first difference")
    for lang, doc in docs.items():
        proposals = []
        for heading, body in zip(doc.headings, _bodies(doc)):
            existing = heading.attrs.get("data-disclosure", "").split()
            found = [Proposal(rule, (), given=True) for rule in existing]
            if annotate and not existing:
                found = propose(heading.title, body, rules)
            proposals.append(found)
        planned[lang] = PlannedDocument(lang, sources[lang], doc, ids[lang], proposals)
    if len(set(counts.values())) == 1:
        _align_proposals(list(planned.values()))
    return PlannedRevision(effective, name, planned, languages, notes=notes)


def _align_proposals(documents: list[PlannedDocument]) -> None:
    """The n-th sections of the languages are one section (their ids are aligned by order), so a
    rule proposed from the wording of one language is proposed in every language: a section
    whose words one language's list lacks is not left without what its translation declares."""
    for n in range(len(documents[0].proposals) if documents else 0):
        if any(p.given for doc in documents for p in doc.proposals[n]):
            continue
        union: dict[str, Proposal] = {}
        for doc in documents:
            for proposal in doc.proposals[n]:
                union.setdefault(proposal.rule, proposal)
        for doc in documents:
            own = {p.rule for p in doc.proposals[n]}
            doc.proposals[n] = doc.proposals[n] + [p for rule, p in union.items() if rule not in own]


def _bodies(doc: ImportedDocument) -> list[str]:
    starts = [h.line for h in doc.headings] + [len(doc.lines)]
    return ["\n".join(doc.lines[a + 1:b]) for a, b in zip(starts, starts[1:])]


def targets(plan: PlannedRevision, docs_dir: Path) -> dict[Path, str]:
    """Every file the plan writes, with its text."""
    folder = docs_dir / plan.effective.isoformat()
    files = {folder / lang / f"{plan.name}.md": doc.markdown for lang, doc in plan.documents.items()}
    if not (folder / REVISION_FILE).exists():
        files[folder / REVISION_FILE] = plan.revision_yml()
    return files


def write_revisions(plans: list[PlannedRevision], docs_dir: Path, root: Path) -> list[Path]:
    """Write every plan, or nothing when any file it would write exists."""
    files: dict[Path, str] = {}
    for plan in plans:
        files.update(targets(plan, docs_dir))
    existing = [p for p in files if p.exists()]
    if existing:
        raise PolicySiteError(f"{relative_path(existing[0], root)} already exists; import into another date "
                              "(--effective) or move the existing revision away first; nothing was written")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return list(files)


