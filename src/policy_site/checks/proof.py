"""Whether a section that declares a disclosure proves it by its text.

A declaring section must have text, and whatever evidence its requirement asks
for (`Requirement.evidence_kinds`, read by `policy_site.evidence`). Contact
details and addresses may be given by another section of the same document that
the section refers to: by an in-page link (`[お問い合わせ窓口](#contact)`) or by
quoting that section's title (`下記「苦情及び相談窓口」`), or by citing its numbered title
whole (`第6条（お問い合わせ窓口）に記載の窓口`, `Article 6 (Contact Desk)`). The reference is
followed, and the finding says so when it does not help either.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..facts.evidence import gives, lacking, vocabulary
from ..model.document import Section, join_blocks
from ..model.revisions import Document
from ..rules import Requirement
from .placeholders import MARKER

REFERABLE = ("contact", "address")

_WHAT = {  # what a finding says is missing, for the kinds read from facts
    "contact": "gives no way to reach the desk (no e-mail address, phone number, URL or postal address)",
    "address": "gives no address (no postal code, prefecture or country)",
    "date": "gives no date",
}
_TODO = {
    "contact": "add at least one way to reach the desk (e-mail address, phone number, web form URL or postal address)",
    "address": "write the postal address (with the postal code, the prefecture, or the country for an operator abroad)",
    "date": "write the date, e.g. 2025-04-01 / April 1, 2025 / 2025年4月1日",
}
_QUOTED = re.compile(r"「([^「」]{1,80})」|『([^『』]{1,80})』|“([^“”]{1,80})”|\"([^\"]{1,80})\"")
_NUMBERING = re.compile(r"^(?:第[0-9０-９一二三四五六七八九十百]+[条章]|第?[0-9０-９]+[.．、)）条]?|[（(][0-9０-９]+[)）]|[IVXivx]+\.|"
                        r"(?:article|section|art\.|§)\s*[0-9]+[.:]?)\s*", re.IGNORECASE)
_WRAPPED = re.compile(r"^[(\[【〈<＜《](.+)[)\]】〉>＞》]$")  # 第7条（お問い合わせ窓口）: the title is inside


@dataclass(frozen=True)
class Shortfall:
    """Why a declaring section does not count: what it lacks, and the sections it refers to."""

    missing: tuple[str, ...]  # evidence kinds ("text": no text at all)
    referred: tuple[Section, ...] = ()

    def describe(self) -> str:
        if self.missing == ("text",):
            return "has no text under it"
        named = [vocabulary()[kind].label("en") for kind in self.missing if _named(kind)]
        parts = [_WHAT.get(kind) or f"lacks {vocabulary()[kind].label('en')}" for kind in self.missing
                 if not _named(kind)]
        if named:
            parts.append(f"does not name {_listed(named)}")
        out = "; and it ".join(parts)
        followed = [s for s in self.referred if any(k in REFERABLE for k in self.missing)]
        if followed:
            names = ", ".join(f"“{s.title}” (#{s.id})" for s in followed)
            out += f" (it refers to {names}, which does not give it either)"
        return out

    def todo(self, lang: str) -> str:
        if self.missing == ("text",):
            return "write the text under the heading"
        named = [vocabulary()[kind].label(lang) for kind in self.missing if _named(kind)]
        todo = [_TODO.get(kind) or f"write {vocabulary()[kind].label(lang)}" for kind in self.missing
                if not _named(kind)]
        if named:
            todo.append(f"name {_listed(named)}")
        return "; ".join(todo)


def _named(kind: str) -> bool:
    """A thing the text must name (a right): the missing ones are listed together."""
    spec = vocabulary().get(kind)
    return bool(spec and spec.named)


def _listed(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def visible_text(section: Section) -> str:
    """What a reader sees under the heading (subsections included), less placeholders."""
    return join_blocks([b for b in section.blocks + section.nested if MARKER not in b.text])


def shortfall(req: Requirement, section: Section, document: Document) -> tuple[Shortfall | None, Section | None]:
    """(None, the section it relies on or None) when the section proves the requirement,
    else (what it lacks, None)."""
    text = visible_text(section)
    if not re.search(r"\w", text):
        return Shortfall(("text",)), None
    missing = lacking(req.evidence_kinds, text, document.lang)
    if not missing:
        return None, None
    referred = referred_sections(section, document)
    relied: Section | None = None
    for kind in [k for k in missing if k in REFERABLE or getattr(vocabulary().get(k), "referable", False)]:
        target = next((s for s in referred if gives(kind, visible_text(s), document.lang)), None)
        if target is not None:
            missing.remove(kind)
            relied = relied or target
    if not missing:
        return None, relied
    return Shortfall(tuple(missing), tuple(referred)), None


def together(req: Requirement, shortfalls: list[tuple[Section, Shortfall]]) -> Shortfall | None:
    """What several sections of one document that all declare the requirement lack together.

    A policy often gives one disclosure in parts (the rights in "Your rights", the right to
    object in its own prominent section, the complaint in a third): each kind of evidence
    counts when any one of the declaring sections gives it. None: together they prove it."""
    with_text = [short for _, short in shortfalls if short.missing != ("text",)]
    if len(shortfalls) < 2 or not with_text:
        return with_text[0] if with_text else (shortfalls[0][1] if shortfalls else None)
    missing = tuple(k for k in with_text[0].missing if all(k in short.missing for short in with_text[1:]))
    return Shortfall(missing, with_text[0].referred) if missing else None


def referred_sections(section: Section, document: Document) -> list[Section]:
    """The other sections of the document it links to (#id) or whose title it quotes."""
    others = [s for s in document.sections if s is not section and s.id != section.id]
    found: list[Section] = []
    for target in section.links:
        found += [s for s in others if s.id == target and s not in found]
    quoted = {_title_key(next(g for g in m.groups() if g)) for m in _QUOTED.finditer(section.full_text)}
    quoted.discard("")
    text = _squeezed(section.full_text)
    for s in others:
        cited = _numbered_title(s.title)
        if s not in found and (_title_key(s.title) in quoted or (cited and cited in text)):
            found.append(s)
    return found


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _numbered_title(title: str) -> str:
    """A title with its number and its name (第6条（お問い合わせ窓口）, Article 6 (Contact Desk)), as
    the text cites it without quotes; "" for a title without a number or a name (a number alone
    is too little to follow)."""
    text = _squeezed(title)
    number = _NUMBERING.match(text)
    return text if number and number.group(0) and len(text) - number.end() >= 2 else ""


def _title_key(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).strip()
    text = re.sub(r"\s+", "", _NUMBERING.sub("", text))
    wrapped = _WRAPPED.match(text)
    return (wrapped.group(1) if wrapped else text).lower()
