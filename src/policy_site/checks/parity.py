"""The translations say what the controlling text says.

The controlling language (`ctx.controlling_language`, usually ja) is the
reference; every other language of `ctx.languages` is compared with it, per
revision and document:

- ``parity-documents``: every document exists in every language the revision
  was published in (a missing translation is an error, never a silent fallback
  to another language); revision.yml's ``languages:`` may name fewer than the
  site has (a revision published only in Japanese): the others are not
  compared, must have no files, and the controlling language is always named;
- ``parity-sections``: the same section ids, in the same order;
- ``parity-items``: the same number of list items in each section, as readers see
  them (`<li>`s and `（1）`-style lines alike, `policy_site.model.items`);
- ``parity-facts``: the same facts (contacts, dates, amounts, rates; see
  `policy_site.facts`) in each section.

Findings point at the section heading in the translation, or at the heading in
the controlling text when the translation lacks the section.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import Fact, find_facts
from ..findings import Finding
from ..model.document import join_blocks
from ..model.items import item_lines
from ..model.order import kept_in_order
from ..model.revisions import REVISION_FILE, Document, Revision, Section, relative_path
from ..yaml_lines import key_line
from .context import CheckContext

OUTSIDE = "(outside any section)"


def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    reference = ctx.controlling_language
    translations = [lang for lang in dict.fromkeys(ctx.languages) if lang != reference]
    for revision in ctx.corpus.revisions:
        present = revision.text_languages(ctx.languages)  # revision.yml's `languages:`, else all
        findings += _declared_languages(ctx, revision)
        findings += _missing_documents(ctx, revision, [lang for lang in [reference, *translations] if lang in present])
        for name in sorted(revision.documents):
            original = revision.document(name, reference)
            if original is None:
                continue
            for lang in translations:
                if lang not in present:
                    continue
                translation = revision.document(name, lang)
                if translation is not None:
                    findings += compare_documents(original, translation, revision.name)
    return findings


# --- documents -------------------------------------------------------------------------

def _missing_documents(ctx: CheckContext, revision: Revision, languages: list[str]) -> list[Finding]:
    """A document some language has and another lacks. A file that exists but could
    not be read is left to its `invalid-file` finding."""
    findings = []
    root = ctx.corpus.root
    for name, by_lang in sorted(revision.documents.items()):
        source_lang = ctx.controlling_language if ctx.controlling_language in by_lang else sorted(by_lang)[0]
        source = by_lang[source_lang].rel
        for lang in languages:
            path = revision.path / lang / f"{name}.md"
            if lang in by_lang or path.exists():
                continue
            if lang == ctx.controlling_language:
                message = f"`{name}` has a translation ({source}) but no controlling {lang} text"
                hint = f"write {relative_path(path, root)} (the {lang} text prevails), or delete the translation in every language"
            else:
                message = f"`{name}` is missing in {lang}: readers of the {lang} site would get no page"
                hint = f"translate {source} into {relative_path(path, root)}"
                meta = relative_path(revision.path / REVISION_FILE, root)
                if revision.declared_languages is not None:
                    hint += f", or leave {lang} out of `languages:` in {meta} if the revision was not published in {lang}"
                else:  # the way to publish a revision that really exists in fewer languages (an imported history)
                    have = [code for code in languages if code in by_lang]
                    hint += (f", or, if the revision was published without the {lang} text, say so in {meta}: "
                             f"`languages: [{', '.join(have)}]`")
            findings.append(Finding("parity-documents", "error", message, hint, file=relative_path(path, root),
                                    revision=revision.name, lang=lang))
    return findings


def _declared_languages(ctx: CheckContext, revision: Revision) -> list[Finding]:
    """revision.yml's `languages:` against the files: the controlling language is always in it
    (its text is the one that prevails), and a language left out has no files."""
    if revision.declared_languages is None:
        return []
    root = ctx.corpus.root
    meta = revision.path / REVISION_FILE
    rel, line = relative_path(meta, root), key_line(meta, "languages")
    declared = ", ".join(revision.declared_languages)
    findings = []
    if ctx.controlling_language not in revision.declared_languages:
        findings.append(Finding(
            "parity-documents", "error",
            f"`languages: [{declared}]` leaves out the controlling language {ctx.controlling_language}",
            f"add {ctx.controlling_language} to `languages:`: every revision has the text that prevails "
            f"({relative_path(revision.path / ctx.controlling_language, root)}/)",
            file=rel, line=line, revision=revision.name, lang=ctx.controlling_language))
    for lang in revision.untranslated(ctx.languages):
        extra = sorted(p for p in (revision.path / lang).glob("*.md")) if (revision.path / lang).is_dir() else []
        if extra:
            findings.append(Finding(
                "parity-documents", "error",
                f"{relative_path(extra[0], root)} exists but `languages: [{declared}]` leaves {lang} out",
                f"add {lang} to `languages:` if the revision was published in {lang}, else delete "
                f"{relative_path(revision.path / lang, root)}/ (readers of {lang} get a page saying the revision "
                f"exists only in {declared})",
                file=rel, line=line, revision=revision.name, lang=lang))
    return findings


# --- sections --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Pair:
    """One document in the controlling language and in a translation."""

    original: Document
    translation: Document
    revision: str

    def at_translation(self, rule: str, message: str, hint: str, line: int | None) -> Finding:
        return Finding(rule, "error", message, hint, file=self.translation.rel, line=line,
                       revision=self.revision, lang=self.translation.lang)

    def at_original(self, rule: str, message: str, hint: str, line: int | None) -> Finding:
        return Finding(rule, "error", message, hint, file=self.original.rel, line=line,
                       revision=self.revision, lang=self.translation.lang)

    def where(self, section: Section) -> str:
        return f"{self.original.rel}:{section.line}"


def compare_documents(original: Document, translation: Document, revision: str) -> list[Finding]:
    """Every parity finding between a document and its translation."""
    pair = _Pair(original, translation, revision)
    findings = _section_ids(pair)
    theirs = _occurrences(translation.sections)
    for key, section in _occurrences(original.sections).items():
        other = theirs.get(key)
        if other is not None:
            findings += _items(pair, section, other)
            findings += _facts(pair, section.id, section.text, other.text, other.line)
    findings += _facts(pair, OUTSIDE, _outside_sections(original), _outside_sections(translation), 1)
    return findings


def _occurrences(sections: list[Section]) -> dict[tuple[str, int], Section]:
    """Sections by (id, occurrence): a duplicated id (itself a `duplicate-section-id`
    error) is compared in order, so a second block under the same id is read too."""
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], Section] = {}
    for section in sections:
        seen[section.id] = seen.get(section.id, 0) + 1
        out[(section.id, seen[section.id])] = section
    return out


def _by_id(sections: list[Section]) -> dict[str, Section]:
    by_id: dict[str, Section] = {}
    for section in sections:
        by_id.setdefault(section.id, section)
    return by_id


def _section_ids(pair: _Pair) -> list[Finding]:
    ours, theirs = _by_id(pair.original.sections), _by_id(pair.translation.sections)
    lang, ref = pair.translation.lang, pair.original.lang
    findings: list[Finding] = []
    previous: str | None = None
    for ident, section in ours.items():
        if ident not in theirs:
            place = f"after `#{previous}`" if previous else "before the first section"
            findings.append(pair.at_original(
                "parity-sections", f"section `#{ident}` ({section.title}) has no {lang} counterpart",
                f"add the translated heading with `{{#{ident}}}` to {pair.translation.rel}, {place} as in {ref}",
                section.line))
        previous = ident
    for ident, section in theirs.items():
        if ident not in ours:
            findings.append(pair.at_translation(
                "parity-sections", f"section `#{ident}` exists in {lang} but not in the controlling {ref} text "
                f"({pair.original.rel})",
                f"fix the id to match the {ref} heading, or add the section to {ref} first", section.line))
    common_ours = [i for i in ours if i in theirs]
    common_theirs = [i for i in theirs if i in ours]
    in_order = kept_in_order(common_theirs, common_ours)
    for ident in common_theirs:
        if ident not in in_order:
            position = common_ours.index(ident)
            after = f"after `#{common_ours[position - 1]}`" if position else "first"
            findings.append(pair.at_translation(
                "parity-sections", f"section `#{ident}` is out of order: in {ref} it comes {after} "
                f"({pair.where(ours[ident])})",
                f"move it so the {lang} sections follow the {ref} order", theirs[ident].line))
    return findings


# --- list items and facts -------------------------------------------------------------

def _items(pair: _Pair, section: Section, other: Section) -> list[Finding]:
    """The list items readers see (`policy_site.model.items`): `<li>`s and `（1）`, `①`, `・`
    lines of paragraphs alike, nested items counted flat, so the two styles compare equal."""
    if section.list_items == other.list_items:
        return []
    ref, lang = pair.original.lang, pair.translation.lang
    ours, theirs = item_lines(section.blocks), item_lines(other.blocks)
    return [pair.at_translation(
        "parity-items",
        f"section `#{section.id}` has {len(ours)} list item(s) in {ref} ({pair.where(section)}{_lines(ours)}) "
        f"but {len(theirs)} in {lang} ({pair.translation.rel}:{other.line}{_lines(theirs)})",
        f"translate every {ref} item as one {lang} item: do not merge, split, add or drop items "
        f"(a line starting with (1), （1）, 1., １．, ①, ア), (a) or ・ counts as an item, in a list or not)",
        other.line)]


def _lines(lines: list[int]) -> str:
    if not lines:
        return ""
    return f", items on line {lines[0]}" if len(lines) == 1 else f", items on lines {lines[0]}-{lines[-1]}"


def _outside_sections(document: Document) -> str:
    """The text no section with an id holds (before the first one, under headings without ids)."""
    return join_blocks(document.model.outside)


def _facts(pair: _Pair, ident: str, ours_text: str, theirs_text: str, line: int | None) -> list[Finding]:
    ref, lang = pair.original.lang, pair.translation.lang
    ours = _first_of_each(find_facts(ours_text, ref, (lang,)))
    theirs = _first_of_each(find_facts(theirs_text, lang, (ref,)))
    where = f"section `#{ident}`" if ident != OUTSIDE else "the text outside the sections with ids"
    findings = []
    for fact in ours:
        if fact not in theirs:
            findings.append(pair.at_translation(
                "parity-facts", f"{where}: {ref} says {fact.raw}; {lang} has no such {fact.label}",
                f"write {fact.raw} (or its {lang} form) in the {lang} text, or correct the {ref} text", line))
    for fact in theirs:
        if fact not in ours:
            findings.append(pair.at_translation(
                "parity-facts", f"{where}: {lang} says {fact.raw}; {ref} has no such {fact.label}",
                f"correct the {lang} text to the {ref} one (the {ref} text prevails)", line))
    return findings


def _first_of_each(facts: list[Fact]) -> list[Fact]:
    """The facts in the order written, each once (Fact equality ignores `raw`)."""
    return list(dict.fromkeys(facts))
