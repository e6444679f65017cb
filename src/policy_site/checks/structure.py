"""The shape of each document as readers get it: ids that name one section each, and
document names the generated pages do not take.

Rule ids:

- ``duplicate-section-id`` (error): two headings of a document carry the same id,
  so a link, the parity check and the redline could only ever reach the first
  (a warning in a superseded revision, whose published text stays as it is);
- ``section-without-id`` (warning): a heading below the document title has no
  `{#id}`: its text belongs to no section, so parity cannot match it with its
  translation and nothing can link to it;
- ``reserved-document-name`` (error): a document named like a page the site
  generates for every revision (`history`, `changes`, `disclosures`, `404`) or
  like one of the site's languages would be replaced by that page, or hide it.
"""

from __future__ import annotations

from ..findings import Finding
from ..model.revisions import GENERATED_PAGES, Document, Revision
from .context import CheckContext

RESERVED_NAMES = (*GENERATED_PAGES, "404")
"""Document names a generated page takes (404.md is MkDocs' error page)."""


def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for revision in ctx.corpus.revisions:
        superseded = ctx.corpus.status(revision, ctx.today) == "superseded"
        for name, by_lang in sorted(revision.documents.items()):
            findings += _reserved(ctx, revision, name, by_lang)
            for lang, document in sorted(by_lang.items()):
                findings += _duplicates(document, revision, lang, superseded)
                findings += _without_id(document, revision, lang)
    return findings


def _reserved(ctx: CheckContext, revision: Revision, name: str, by_lang: dict[str, Document]) -> list[Finding]:
    if name not in RESERVED_NAMES and name not in ctx.languages:
        return []
    why = (f"the site generates the `{name}` page of every revision" if name in RESERVED_NAMES
           else f"`{name}/` is the folder of the {name} pages of the site")
    return [Finding(
        "reserved-document-name", "error",
        f"a document named `{name}` would be replaced by a generated page or hide it: {why}",
        f"rename {name}.md in every language (e.g. {name}-policy.md); reserved names: "
        f"{', '.join([*RESERVED_NAMES, *ctx.languages])}",
        file=document.rel, line=1, revision=revision.name, lang=lang)
        for lang, document in sorted(by_lang.items())]


def _duplicates(document: Document, revision: Revision, lang: str, superseded: bool) -> list[Finding]:
    first: dict[str, int] = {}
    findings = []
    for heading in document.headings:
        if heading.id is None:
            continue
        if heading.id not in first:
            first[heading.id] = heading.line
            continue
        notes = ("this revision is superseded: its published text stays as it is",) if superseded else ()
        findings.append(Finding(
            "duplicate-section-id", "warning" if superseded else "error",
            f"the heading “{heading.title}” has the id `#{heading.id}`, which the heading at line "
            f"{first[heading.id]} already has: links and translations reach only the first",
            "give each section its own id (ids are the same in every language, unique in each document)",
            file=document.rel, line=heading.line, revision=revision.name, lang=lang, notes=notes))
    return findings


def _without_id(document: Document, revision: Revision, lang: str) -> list[Finding]:
    return [Finding(
        "section-without-id", "warning",
        f"the heading “{heading.title}” has no id: its text belongs to no section, so it is not compared "
        "with the translation and cannot be linked to",
        f"give it an id, the same in every language, e.g. `{{#{heading.rendered_id or 'section-id'}}}` at the end "
        "of the heading (or make it bold text if it is no heading)",
        file=document.rel, line=heading.line, revision=revision.name, lang=lang)
        for heading in document.headings if heading.level > 1 and heading.id is None]
