"""The policy as data: `Revision`s of `Document`s of `Section`s, read from docs/.

Knows nothing of MkDocs or git. `load_revisions` never raises on bad input:
what it cannot read becomes a `Finding` and the revision is left out.

Layout (the public content contract, see README.md)::

    docs/<YYYY-MM-DD>/revision.yml      summary: {ja: ..., en: ...}; announced: YYYY-MM-DD;
                                        languages: [ja] (when published in fewer than the site's)
    docs/<YYYY-MM-DD>/<lang>/<doc>.md   the same set of documents in every language it was published in
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from ..config import parse_date
from ..findings import Finding
from ..yaml_lines import key_lines
from .hashing import combined_hash, file_hashes, source_files
from .document import DocumentModel, Heading, Section, read_document
from .render import MarkdownSettings
from .sources import read_source
from .waivers import Waiver, read_waivers

REVISION_FILE = "revision.yml"
GENERATED_PAGES = ("history", "changes", "disclosures")
"""The pages the site generates in each language of a revision (`pages.py`); no document may take their names."""
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it


class _YAML_LOADER(_BASE_LOADER):  # type: ignore[valid-type, misc]
    """Safe YAML whose dates stay text: `announced: 2027-13-01` is reported, not a traceback.

    Dates are read by the one date parser (`config.parse_date`: YYYY-MM-DD).
    """


_YAML_LOADER.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()}
META_KEYS = ("summary", "announced", "notice", "published_elsewhere", "languages", "waivers")


def parse_revision_date(name: str) -> dt.date | None:
    """The effective date a folder name stands for, or None if it is not a real ISO date."""
    return parse_date(name)


@dataclass
class Document:
    """One document (e.g. `index`, the privacy policy) in one language."""

    name: str
    lang: str
    path: Path
    rel: str  # path relative to the site root, for messages
    text: str

    markdown: MarkdownSettings | None = field(default=None, compare=False, repr=False)
    """The site's Markdown settings (None: those of a site made by `policy-site init`)."""

    @cached_property
    def model(self) -> DocumentModel:
        """The document as the site renders it (see `policy_site.model.document`)."""
        return read_document(self.text, self.markdown)

    @property
    def headings(self) -> list[Heading]:
        return self.model.headings

    @cached_property
    def title(self) -> str:
        heading = self.model.title
        return heading.title if heading is not None else self.name

    @property
    def sections(self) -> list[Section]:
        return self.model.sections

    def section(self, ident: str) -> Section | None:
        return next((s for s in self.sections if s.id == ident), None)


@dataclass
class Revision:
    """One dated state of the policy, in force from `effective`."""

    name: str
    effective: dt.date
    path: Path
    summary: dict[str, str] = field(default_factory=dict)
    announced: dt.date | None = None
    published_elsewhere: str | None = None  # where and when the text was public before this site
    documents: dict[str, dict[str, Document]] = field(default_factory=dict)  # name -> lang -> doc
    notice: dict[str, str] = field(default_factory=dict)  # lang -> a banner above the text of every page
    # revision.yml `languages:` (the languages it was published in; what `import` writes for an
    # untranslated revision); None: every language of the site.
    declared_languages: tuple[str, ...] | None = None
    waivers: tuple[Waiver, ...] = ()  # revision.yml `waivers:` (see `policy_site.model.waivers`)

    def document(self, name: str, lang: str) -> Document | None:
        return self.documents.get(name, {}).get(lang)

    def documents_in(self, lang: str) -> list[Document]:
        return [d[lang] for _, d in sorted(self.documents.items(), key=_doc_order) if lang in d]

    @property
    def languages(self) -> list[str]:
        return sorted({lang for docs in self.documents.values() for lang in docs})

    def text_languages(self, site_languages: list[str] | tuple[str, ...]) -> list[str]:
        """The site's languages this revision was published in: all of them, unless revision.yml's
        `languages:` names fewer (the others get a page saying so, and no parity check)."""
        if self.declared_languages is None:
            return list(site_languages)
        return [lang for lang in site_languages if lang in self.declared_languages]

    def untranslated(self, site_languages: list[str] | tuple[str, ...]) -> list[str]:
        """The site's languages this revision has no text in (by `languages:` in revision.yml)."""
        return [lang for lang in site_languages if lang not in self.text_languages(site_languages)]

    def source_files(self) -> list[Path]:
        """Every file of the revision, in a stable order (what its hash covers; hidden files are not)."""
        return source_files(self.path)

    def source_hashes(self) -> dict[str, str]:
        """Path in the folder -> sha256 of its text as readers get it (see `policy_site.hashing`)."""
        return file_hashes(self.path)

    def source_hash(self) -> str:
        return combined_hash(self.source_hashes())


def _doc_order(item: tuple[str, object]) -> tuple[int, str]:
    return (0 if item[0] == "index" else 1, item[0])


@dataclass
class Corpus:
    """Every revision that could be read, oldest first, and what kept the others out."""

    root: Path
    revisions: list[Revision]
    findings: list[Finding]

    def get(self, name: str) -> Revision | None:
        return next((r for r in self.revisions if r.name == name), None)

    def in_force(self, today: dt.date) -> Revision | None:
        current = [r for r in self.revisions if r.effective <= today]
        return current[-1] if current else None

    def upcoming(self, today: dt.date) -> Revision | None:
        return next((r for r in self.revisions if r.effective > today), None)

    def previous(self, rev: Revision) -> Revision | None:
        i = self.revisions.index(rev)
        return self.revisions[i - 1] if i > 0 else None

    def next(self, rev: Revision) -> Revision | None:
        i = self.revisions.index(rev)
        return self.revisions[i + 1] if i + 1 < len(self.revisions) else None

    def valid_until(self, rev: Revision) -> dt.date | None:
        nxt = self.next(rev)
        return nxt.effective - dt.timedelta(days=1) if nxt else None

    def status(self, rev: Revision, today: dt.date) -> str:
        if rev.effective > today:
            return "upcoming"
        current = self.in_force(today)
        return "in-force" if current is rev else "superseded"


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to the site root, as messages show it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_revision_meta(path: Path, rel: str, name: str, languages: list[str]) -> tuple[dict, list[Finding]]:
    """Read revision.yml: {summary: {lang: text}, announced: date, published_elsewhere: text}."""
    src = read_source(path, rel, revision=name)
    findings = list(src.findings)
    if src.text is None:
        return {}, findings
    try:
        data = yaml.load(src.text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        findings.append(Finding("invalid-file", "error", f"malformed YAML: {problem}",
                                "fix the YAML syntax (quote text containing ':' or '#')",
                                file=rel, line=mark.line + 1 if mark else None, revision=name))
        return {}, findings
    if data is None:
        data = {}
    if not isinstance(data, dict):
        findings.append(Finding("invalid-file", "error", "revision.yml must be a mapping with `summary` and optional `announced`",
                                "write `summary: {ja: ..., en: ...}`", file=rel, line=1, revision=name))
        return {}, findings
    meta: dict = {"summary": {}, "announced": None, "published_elsewhere": None}
    summary = data.get("summary")
    line_of = key_lines(src.text)
    if isinstance(summary, dict):
        meta["summary"] = {str(k): str(v).strip() for k, v in summary.items() if v is not None and str(v).strip()}
    elif summary is not None:
        findings.append(Finding("invalid-file", "error", "`summary` must map each language to its text",
                                "write `summary: {ja: ..., en: ...}`", file=rel, line=line_of.get("summary"), revision=name))
    for lang in languages:
        if lang not in meta["summary"]:
            findings.append(Finding("missing-summary", "error", f"no summary in `{lang}`",
                                    f"add `summary: {{{lang}: ...}}`: readers see it in the history and the feed",
                                    file=rel, line=line_of.get("summary", 1), revision=name, lang=lang))
    announced = data.get("announced")
    if announced is not None:
        announced = parse_date(announced)
        if announced is None:
            findings.append(Finding("invalid-file", "error", f"`announced` is not a date: {data.get('announced')!r}",
                                    "write it as YYYY-MM-DD", file=rel, line=line_of.get("announced"), revision=name))
        else:
            meta["announced"] = announced
    meta["notice"], notice_findings = _notice(data, rel, name, languages, line_of)
    findings += notice_findings
    elsewhere = data.get("published_elsewhere")
    if elsewhere is not None:
        if isinstance(elsewhere, (str, int, float, dt.date)) and str(elsewhere).strip():
            meta["published_elsewhere"] = str(elsewhere).strip()
        else:
            findings.append(Finding("invalid-file", "error", "`published_elsewhere` must be a text",
                                    "say where and when the text was first public, e.g. "
                                    "`published_elsewhere: \"notice board of the head office, from 2026-10-01\"`",
                                    file=rel, line=line_of.get("published_elsewhere"), revision=name))
    declared = data.get("languages")
    if declared is not None:
        unknown_langs = [str(x) for x in declared if str(x) not in languages] if isinstance(declared, list) else []
        if isinstance(declared, list) and declared and not unknown_langs:
            meta["languages"] = tuple(dict.fromkeys(str(x) for x in declared))
        elif unknown_langs:
            findings.append(Finding("invalid-file", "error",
                                    f"`languages` names {', '.join(unknown_langs)}, which the site does not have "
                                    f"(its languages: {', '.join(languages)})",
                                    "list only the site's languages the revision was published in, e.g. `languages: [ja]`; "
                                    "a new language is added to the i18n plugin's `languages` in mkdocs.yml",
                                    file=rel, line=line_of.get("languages"), revision=name))
        else:
            findings.append(Finding("invalid-file", "error",
                                    f"`languages` must list some of the site's languages ({', '.join(languages)})",
                                    "write e.g. `languages: [ja]` for a revision published only in Japanese",
                                    file=rel, line=line_of.get("languages"), revision=name))
    meta["waivers"], waiver_findings = read_waivers(data.get("waivers"), src.text, rel, name, languages,
                                                    line_of.get("waivers"))
    findings += waiver_findings
    unknown = sorted(set(map(str, data)) - set(META_KEYS))
    if unknown:
        findings.append(Finding("invalid-file", "error", f"unknown key(s) in revision.yml: {', '.join(unknown)}",
                                f"only {', '.join(f'`{k}`' for k in META_KEYS)} are read", file=rel,
                                line=line_of.get(unknown[0]), revision=name))
    return meta, findings


def _notice(data: dict, rel: str, name: str, languages: list[str],
            line_of: dict[str, int]) -> tuple[dict[str, str], list[Finding]]:
    """`notice: {lang: text}`: an optional banner shown above the text of every page of the revision,
    in every language of the site (a notice readers of one language miss is no notice)."""
    notice = data.get("notice")
    if notice is None:
        return {}, []
    line = line_of.get("notice")
    if not isinstance(notice, dict):
        return {}, [Finding("invalid-file", "error", "`notice` must map each language to its text",
                            "write `notice: {ja: ..., en: ...}`", file=rel, line=line, revision=name)]
    texts = {str(k): " ".join(str(v).split()) for k, v in notice.items() if v is not None and str(v).strip()}
    findings = [Finding("invalid-file", "error", f"`notice` has no text in `{lang}`",
                        f"add `notice: {{{lang}: ...}}`: the banner is shown on every page in every language",
                        file=rel, line=line, revision=name, lang=lang)
                for lang in languages if lang not in texts]
    return texts, findings


def load_revisions(docs_dir: Path, languages: list[str], *, root: Path | None = None,
                   markdown: MarkdownSettings | None = None) -> Corpus:
    """Read every revision folder under `docs_dir`; its documents are read with the
    site's Markdown `markdown` settings (None: those of a site made by `policy-site init`)."""
    root = root or docs_dir.parent
    findings: list[Finding] = []
    revisions: list[Revision] = []
    if not docs_dir.is_dir():
        return Corpus(root, [], [Finding("invalid-file", "error", "the docs folder does not exist",
                                         "create docs/<YYYY-MM-DD>/ for the first revision", file=relative_path(docs_dir, root))])
    for folder in sorted(p for p in docs_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        rel = relative_path(folder, root)
        effective = parse_revision_date(folder.name)
        if effective is None:
            findings.append(Finding("invalid-revision-date", "error",
                                    f"revision folder `{folder.name}` is not a date",
                                    "name it by its effective date as YYYY-MM-DD in ASCII digits, e.g. 2025-04-01",
                                    file=rel))
            continue
        rev = Revision(folder.name, effective, folder)
        meta_path = folder / REVISION_FILE
        if meta_path.is_file():
            meta, meta_findings = load_revision_meta(meta_path, relative_path(meta_path, root), folder.name, languages)
            findings += meta_findings
            rev.summary = meta.get("summary", {})
            rev.announced = meta.get("announced")
            rev.published_elsewhere = meta.get("published_elsewhere")
            rev.notice = meta.get("notice", {})
            rev.declared_languages = meta.get("languages")
            rev.waivers = meta.get("waivers", ())
        else:
            findings.append(Finding("missing-summary", "error", "revision.yml is missing",
                                    "add revision.yml with `summary: {ja: ..., en: ...}`",
                                    file=relative_path(meta_path, root), revision=folder.name))
        for lang in languages:
            lang_dir = folder / lang
            if not lang_dir.is_dir():
                continue
            for md in sorted(lang_dir.glob("*.md")):
                md_rel = relative_path(md, root)
                src = read_source(md, md_rel, revision=folder.name, lang=lang)
                findings += src.findings
                if src.text is None:
                    continue
                if not src.text.strip():
                    findings.append(Finding("invalid-file", "error", "the document is empty",
                                            "write the document's text, or delete the file in every language",
                                            file=md_rel, line=1, revision=folder.name, lang=lang))
                    continue
                rev.documents.setdefault(md.stem, {})[lang] = Document(md.stem, lang, md, md_rel, src.text, markdown)
        if not rev.documents:
            findings.append(Finding("invalid-file", "error", "the revision has no documents",
                                    f"add {'/'.join(languages)}/index.md under {rel}",
                                    file=rel, revision=folder.name))
            continue
        revisions.append(rev)
    return Corpus(root, revisions, findings)
