"""Pages and files generated for each published revision: history, policy.json, ...

Generated pages are Markdown handed to MkDocs as virtual files
(`<lang>/history.md`), so they get the theme, search and the language switcher
like any page.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path
from typing import Protocol

from .. import __version__
from ..checks.context import make_context
from ..checks.disclosures import ChecklistItem, checklist
from ..checks.waivers import waived_record
from ..config import PolicyConfig
from ..locale import Translate, format_date, gettext
from ..model.hashing import source_record
from ..model.revisions import GENERATED_PAGES, Corpus, Revision
from ..redline import compare_revisions, labels_for, render_html, total_counts
from .untranslated import changes_without_pair, history_marks, only_in, untranslated_pages


class RevisionBuild(Protocol):
    """What these pages read of `site.build.RevisionBuild` (which imports this module)."""

    policy: PolicyConfig
    corpus: Corpus
    revision: Revision
    languages: list[str]
    today: dt.date

    @property
    def root(self) -> Path: ...

    @property
    def locale_dir(self) -> Path | None: ...

    def translator(self, lang: str) -> Translate: ...


GENERATED = GENERATED_PAGES
SCHEMA_VERSION = 1


def version_link(build: "RevisionBuild", lang: str, depth: int, version: str, page: str = "") -> str:
    """Link from a page `depth` folders below its version root to `page` of `version`."""
    prefix = "" if lang == build.languages[0] else f"{lang}/"
    return "../" * (depth + 1) + f"{version}/{prefix}{page}"


def _depth(build: "RevisionBuild", lang: str, page_dirs: int = 1) -> int:
    return page_dirs + (0 if lang == build.languages[0] else 1)


def status_label(status: str, _: Translate) -> str:
    return {"in-force": _("In force"), "upcoming": _("Upcoming"), "superseded": _("Superseded")}[status]


def history_page(build: "RevisionBuild", lang: str) -> str:
    _ = build.translator(lang)
    corpus, today = build.corpus, build.today
    depth = _depth(build, lang)
    out = ["# " + _("Revision history"), "",
           _("Every revision of this policy, newest first. Each stays published at its own address."), ""]
    strings = {"in-force": _("In force"), "upcoming": _("Upcoming"), "superseded": _("Superseded"),
               "text": _("Text of this revision"), "changes": _("What changed"),
               "announced": _("Announced on {date}"),
               "only": history_marks(_, build.languages, build.policy.controlling_language, lang)}
    # policy.js adds the revisions published after this version was built (from /revisions.json)
    text_label, changes_label = escape(strings["text"]), escape(strings["changes"])
    out.append(f'<ol class="policy-history" reversed data-policy-strings="{escape(json.dumps(strings, ensure_ascii=False))}">')
    for rev in reversed(corpus.revisions):
        status = corpus.status(rev, today)
        summary = escape(rev.summary.get(lang, ""))
        date_text = format_date(rev.effective, lang)
        announced = (f' <span class="policy-history__announced">{escape(_("Announced on {date}", date=format_date(rev.announced, lang)))}</span>'
                     if rev.announced else "")
        if lang in rev.untranslated(build.languages):  # revision.yml `languages:` (untranslated.py)
            announced += (f' <span class="policy-history__only">'
                          f'{escape(only_in(_, rev.text_languages(build.languages), lang))}</span>')
        links = [f'<a href="{version_link(build, lang, depth, rev.name)}">{text_label}</a>']
        if corpus.previous(rev) is not None:
            links.append(f'<a href="{version_link(build, lang, depth, rev.name, "changes/")}">{changes_label}</a>')
        out.append(
            f'<li class="policy-history__item" data-status="{status}" data-revision="{rev.name}">'
            f'<p><strong><time datetime="{rev.effective.isoformat()}">{escape(date_text)}</time></strong> '
            f'<span class="policy-status policy-status--{status}">{escape(status_label(status, _))}</span>{announced}</p>'
            f'<p>{summary}</p><p>{" · ".join(links)}</p></li>')
    if build.policy.established:
        est, established = build.policy.established, escape(_("Established"))
        out.append(f'<li class="policy-history__item" data-status="established"><p><strong>'
                   f'<time datetime="{est.isoformat()}">{escape(format_date(est, lang))}</time></strong> '
                   f'{established}</p></li>')
    out.append("</ol>")
    return "\n".join(out) + "\n"


def changes_page(build: "RevisionBuild", lang: str) -> str:
    """The redline of this revision against the previous one, section by section."""
    _ = build.translator(lang)
    rev = build.revision
    previous = build.corpus.previous(rev)
    out = ["# " + _("What changed"), ""]
    if previous is None:
        out += [_("This is the first revision in the archive: there is no earlier text to compare it with."), ""]
        return "\n".join(out)
    depth = _depth(build, lang)
    unpaired = changes_without_pair(build, lang, version_link(build, lang, depth, previous.name))
    if unpaired is not None:  # the previous revision has no text in this language
        return "\n".join(out + unpaired + [""])
    redlines = compare_revisions(previous, rev, lang)
    previous_label = escape(_("Text of the previous revision"))
    labels = labels_for(lang, build.locale_dir)
    out += [
        '<p class="policy-changes__intro">' + escape(_(
            "Changes from the revision of {old} to the revision of {new}. Deleted text is marked as deleted, "
            "inserted text as inserted; unchanged sections are collapsed.",
            old=format_date(previous.effective, lang), new=format_date(rev.effective, lang))) + "</p>",
        f'<p><a href="{version_link(build, lang, depth, previous.name)}">{previous_label}</a></p>',
        "",
    ]
    if len(redlines) == 1:
        return "\n".join(out + [render_html(redlines[0], labels=labels, heading_level=2), ""])
    # Several documents: the total, then one heading per document with its own redline under it
    # (its sections one level down, their anchors prefixed by the document's name beyond the first).
    out.insert(-2, f'<p class="policy-changes__summary">{escape(total_counts(redlines).describe(lang, labels))}</p>')
    for redline in redlines:
        anchor = "changes-" + redline.name
        out.append(f'<h2 id="{escape(anchor)}" class="policy-changes__document">{escape(redline.title)}</h2>')
        html = render_html(redline, labels=labels, heading_level=3)
        if redline.name != "index":
            html = html.replace(' id="change-', f' id="change-{escape(redline.name)}--').replace(
                ' id="redline-preamble"', f' id="redline-preamble-{escape(redline.name)}"')
        out += [html, ""]
    return "\n".join(out)


def disclosures_page(build: "RevisionBuild", lang: str) -> str:
    """Each requirement in force for this revision, its citation and the section that makes it."""
    _ = build.translator(lang)
    ctx = make_context(build.corpus, build.languages, build.policy, build.root, build.today)
    items = checklist(ctx, build.revision, lang)
    head = [escape(_("Requirement")), escape(_("Law")), escape(_("Where"))]
    uncertain, missing = escape(_("Citation not confirmed against a primary source")), escape(_("Not disclosed"))
    out = ["# " + _("Disclosures"), "",
           escape(_("What the law requires a privacy policy to disclose, for the period this revision is in force, "
                    "and where this revision discloses it.")), "",
           # a table without a class: Material styles those (and makes them scroll on phones)
           '<div class="policy-disclosures"><table>',
           "<thead><tr>" + "".join(f'<th scope="col">{label}</th>' for label in head) + "</tr></thead><tbody>"]
    for item in items:
        cite = _in_language(item.citation or "", item.citation_lang, lang)
        if item.uncertain:
            cite += f'<br><small class="policy-uncertain">{uncertain}</small>'
        for note, note_lang in zip(item.notes, item.notes_lang or ("en",) * len(item.notes)):
            cite += f'<br><small class="policy-note">{_in_language(note, note_lang, lang)}</small>'
        if item.reviewed and item.review_due:  # a requirement about time: the dates of the revisions
            dates = {"reviewed": format_date(item.reviewed, lang), "due": format_date(item.review_due, lang)}
            where = escape(_("Reviewed on {reviewed}; next review due by {due}.", **dates) if item.status == "met"
                           else _("Reviewed on {reviewed}; the next review was due by {due} and is overdue.", **dates))
            if item.status != "met":
                where = f'<strong class="policy-missing">{where}</strong>'
        elif item.statement:
            where = escape(_("Stated by the site: {statement}", statement=item.statement))
        elif item.status == "met" and item.section_id:
            page = "" if item.document in (None, "index") else f"{item.document}/"
            where = f'<a href="../{page}#{escape(item.section_id)}">{escape(item.section_title or item.section_id)}</a>'
        else:
            where = f'<strong class="policy-missing">{missing}</strong>'
        out.append(f'<tr><td>{_label(item, lang, build.locale_dir)} <code>{escape(item.rule)}</code></td>'
                   f'<td>{cite}</td><td>{where}</td></tr>')
    out += ["</tbody></table></div>", ""]
    return "\n".join(out)


def _label(item: ChecklistItem, lang: str, locale_dir: Path | None) -> str:
    """A requirement's label: the site's catalog's translation of the English label, else the rule
    data's label in `lang`, else the English label marked as English (lang="en") for screen readers."""
    english = item.label_en or item.label
    translated = gettext(lang, english, locale_dir)
    if translated != english:
        return escape(translated)
    return _in_language(item.label, item.label_lang, lang)


def _in_language(text: str, text_lang: str, lang: str) -> str:
    """`text`, escaped, inside `<span lang="...">` when it is not in the page's language."""
    if not text or _base(text_lang) == _base(lang):
        return escape(text)
    return f'<span lang="{escape(text_lang)}">{escape(text)}</span>'


def _base(lang: str) -> str:
    return lang.replace("_", "-").split("-", 1)[0].lower()


def generated_pages(build: "RevisionBuild") -> dict[str, str]:
    # Derived from the policy's own text: kept out of the search index that every page
    # loads at start (the page-weight budget), so that a search finds the policy itself.
    unsearched = "---\nsearch:\n  exclude: true\n---\n\n"
    pages: dict[str, str] = {}
    untranslated = build.revision.untranslated(build.languages)
    for lang in build.languages:
        pages[f"{lang}/history.md"] = unsearched + history_page(build, lang)
        if lang not in untranslated:
            pages[f"{lang}/changes.md"] = unsearched + changes_page(build, lang)
            pages[f"{lang}/disclosures.md"] = unsearched + disclosures_page(build, lang)
    pages.update(untranslated_pages(build))  # the pages of the languages the revision was not published in
    return pages


def _revision_ref(build: "RevisionBuild", rev: "Revision | None") -> dict | None:
    if rev is None:
        return None
    return {"revision": rev.name, "effective": rev.effective.isoformat()}


def policy_record(build: "RevisionBuild") -> dict:
    """The machine-readable record of a published revision (`/<version>/policy.json`)."""
    rev, corpus = build.revision, build.corpus
    documents: dict[str, dict] = {}
    disclosures: dict[str, dict[str, list[dict]]] = {}
    for name, per_lang in rev.documents.items():
        documents[name] = {}
        for lang, doc in per_lang.items():
            prefix = "" if lang == build.languages[0] else f"{lang}/"
            url = prefix + ("" if name == "index" else f"{name}/")
            documents[name][lang] = {
                "title": doc.title,
                "source": f"{lang}/{name}.md",
                "url": url,
                "sections": [{"id": s.id, "heading": s.title, "level": s.level,
                              "disclosures": list(s.disclosures)} for s in doc.sections],
            }
            for s in doc.sections:
                for rule in s.disclosures:
                    disclosures.setdefault(lang, {}).setdefault(rule, []).append(
                        {"document": name, "section": s.id, "url": f"{url}#{s.id}"})
    return {
        "schema": SCHEMA_VERSION,
        "generator": f"policy-site {__version__}",
        "revision": rev.name,
        "effective": rev.effective.isoformat(),
        "announced": rev.announced.isoformat() if rev.announced else None,
        "published_elsewhere": rev.published_elsewhere,
        "valid_until": (corpus.valid_until(rev).isoformat() if corpus.valid_until(rev) else None),
        "status": corpus.status(rev, build.today),
        "status_as_of": build.today.isoformat(),
        "established": build.policy.established.isoformat() if build.policy.established else None,
        "controlling_language": build.policy.controlling_language,
        "languages": rev.text_languages(build.languages),  # revision.yml `languages:`, else the site's
        "summary": rev.summary,
        "waivers": waived_record(make_context(corpus, build.languages, build.policy, build.root, build.today), rev),
        "documents": documents,
        "disclosures": disclosures,
        **source_record(rev.path),  # sources, source_hash, source_hash_version
        "previous": _revision_ref(build, corpus.previous(rev)),
        "next": _revision_ref(build, corpus.next(rev)),
    }


def sitemaps(sitemap: bytes, site_url: str, languages: list[str], unlisted: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """The revision's sitemap.xml repaired, and one sitemap per other language, in its folder.

    - mike sets site_url to <site_url><version> without a trailing slash, to which
      mkdocs-static-i18n's sitemap appends page URLs: "…/2022-04-01en/" must be "…/2022-04-01/en/".
    - Material fetches sitemap.xml next to each <link rel="alternate"> (the Atom feed of each
      language): en/sitemap.xml lists the English pages (a sitemap lists only what is under its folder).
    - `unlisted` pages (paths under the version, `en/`) are left out, and so are the links to them:
      the `noindex` pages of a language the revision was not published in (untranslated.py).
    """
    import gzip
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    ET.register_namespace("", ns["s"])
    ET.register_namespace("xhtml", ns["xhtml"])
    root = site_url.rstrip("/")

    def repaired(href: str) -> str:
        href = href.strip()
        return f"{root}/{href[len(root):]}" if href.startswith(root) and not href.startswith(f"{root}/") else href

    urlset = ET.fromstring(sitemap)
    hidden = {f"{root}/{path}" for path in unlisted}
    for url in list(urlset):
        loc = url.find("s:loc", ns)
        if loc is not None and loc.text:
            loc.text = repaired(loc.text)
            if loc.text in hidden:
                urlset.remove(url)
                continue
        for link in list(url.iterfind("xhtml:link", ns)):
            link.set("href", repaired(link.get("href", "")))
            if link.get("href") in hidden:
                url.remove(link)
    out = {"sitemap.xml": ET.tostring(urlset, encoding="UTF-8", xml_declaration=True)}
    out["sitemap.xml.gz"] = gzip.compress(out["sitemap.xml"], mtime=0)
    for lang in languages[1:]:
        own = ET.fromstring(out["sitemap.xml"])
        for url in list(own):
            if not url.findtext("s:loc", default="", namespaces=ns).startswith(f"{root}/{lang}/"):
                own.remove(url)
        out[f"{lang}/sitemap.xml"] = ET.tostring(own, encoding="UTF-8", xml_declaration=True)
    return out
