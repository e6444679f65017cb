"""A revision published in only some of the site's languages (revision.yml `languages: [ja]`).

Readers of another language still find the revision at its address: each of its documents,
its changes and its disclosures are a page in their language saying that the revision was
published only in the languages it names, with a link to that page in each of them. The
history, the feeds and the version selector mark the revision the same way.

Every sentence is one catalog entry with placeholders; language names come from Babel in
the reader's language.
"""

from __future__ import annotations

from html import escape
from typing import Protocol

from ..locale import Translate, format_date, language_name, language_names
from ..model.revisions import Corpus, Revision


class RevisionBuild(Protocol):
    """What these pages read of `site.build.RevisionBuild` (which imports them through pages.py)."""

    corpus: Corpus
    revision: Revision
    languages: list[str]

    def translator(self, lang: str) -> Translate: ...

UNSEARCHED = "---\nsearch:\n  exclude: true\n---\n\n"


def only_in(_: Translate, langs: list[str] | tuple[str, ...], lang: str) -> str:
    """`Published only in Japanese`: the history's mark and the title of the pages below."""
    return _("Published only in {languages}", languages=language_names(langs, lang))


def _language_sets(site_languages: list[str], controlling: str, lang: str) -> list[list[str]]:
    """Every set of languages a revision may be published in that leaves `lang` out (the controlling
    language is in each), in site order: what the script may meet in versions.json or revisions.json."""
    others = [code for code in site_languages if code != controlling]
    sets = []
    for mask in range(1 << len(others)):
        langs = [code for code in site_languages
                 if code == controlling or (code in others and mask >> others.index(code) & 1)]
        if lang not in langs:
            sets.append(langs)
    return sets


def version_labels(_: Translate, site_languages: list[str], controlling: str, lang: str) -> dict[str, str]:
    """For the version selector (policy.js): the label of a version published only in some languages,
    keyed by those languages (comma-separated), `{title}` left for the script to fill."""
    return {",".join(langs): _("{title} ({languages} only)", title="{title}", languages=language_names(langs, lang))
            for langs in _language_sets(site_languages, controlling, lang)}


def history_marks(_: Translate, site_languages: list[str], controlling: str, lang: str) -> dict[str, str]:
    """For the history's script (revisions published after the page was built): the mark by languages."""
    return {",".join(langs): only_in(_, langs, lang) for langs in _language_sets(site_languages, controlling, lang)}


def _page_path(build: RevisionBuild, lang: str, page: str) -> str:
    """`page` ("" for the policy, "cookies/", "changes/") in `lang`, from the version's root."""
    return ("" if lang == build.languages[0] else f"{lang}/") + page


def _href(build: RevisionBuild, lang: str, page: str, target: str) -> str:
    """From `page` in `lang` to `page` in `target`, within the version (so it works under aliases too)."""
    here = _page_path(build, lang, page)
    return "../" * here.count("/") + _page_path(build, target, page) or "./"


def notice_page(build: RevisionBuild, lang: str, page: str, titles: dict[str, str]) -> str:
    """The page `page` of the revision in `lang`, which the revision was not published in:
    a title and a sentence in the reader's language, a link to the page in each language it has
    (`titles`: language -> the title of the page there, shown in that language)."""
    _ = build.translator(lang)
    rev = build.revision
    langs = rev.text_languages(build.languages)
    out = ["# " + only_in(_, langs, lang), "",
           '<div class="policy-untranslated" role="note">',
           "<p>" + escape(_("This revision of the policy, effective {date}, was published only in {languages}.",
                            date=format_date(rev.effective, lang), languages=language_names(langs, lang))) + "</p>"]
    for target in langs:
        title = titles.get(target)
        shown = f' (<span lang="{escape(target)}">{escape(title)}</span>)' if title else ""
        out.append(f'<p><a href="{escape(_href(build, lang, page, target))}" hreflang="{escape(target)}">'
                   + escape(_("Read this page in {language}", language=language_name(target, lang))) + f"</a>{shown}</p>")
    out += ["</div>", ""]
    return "\n".join(out)


def untranslated_pages(build: RevisionBuild) -> dict[str, str]:
    """src path -> Markdown: for each language the revision was not published in, a page for each
    of its documents and for its changes and disclosures (the history is the site's own)."""
    rev = build.revision
    pages: dict[str, str] = {}
    for lang in rev.untranslated(build.languages):
        for name, by_lang in rev.documents.items():
            page = "" if name == "index" else f"{name}/"
            titles = {code: doc.title for code, doc in by_lang.items()}
            pages[f"{lang}/{name}.md"] = UNSEARCHED + notice_page(build, lang, page, titles)
        for name in ("changes", "disclosures"):
            pages[f"{lang}/{name}.md"] = UNSEARCHED + notice_page(build, lang, f"{name}/", {})
    return pages


def changes_without_pair(build: RevisionBuild, lang: str, depth_link: str) -> list[str] | None:
    """The changes page's text in `lang` when the previous revision was not published in it
    (None when it was): no redline that would show the whole text as inserted."""
    previous = build.corpus.previous(build.revision)
    if previous is None or lang in previous.text_languages(build.languages):
        return None
    _ = build.translator(lang)
    langs = previous.text_languages(build.languages)
    out = ["<p>" + escape(_("The previous revision, effective {date}, was published only in {languages}: "
                            "there is no earlier text in this language to compare with.",
                            date=format_date(previous.effective, lang),
                            languages=language_names(langs, lang))) + "</p>"]
    for target in [code for code in langs if code in build.revision.text_languages(build.languages)]:
        out.append(f'<p><a href="{escape(_href(build, lang, "changes/", target))}" hreflang="{escape(target)}">'
                   + escape(_("Read this page in {language}", language=language_name(target, lang))) + "</a></p>")
    out.append(f'<p><a href="{escape(depth_link)}">{escape(_("Text of the previous revision"))}</a></p>')
    return out


def noindex_paths(build: RevisionBuild) -> frozenset[str]:
    """The pages `untranslated_pages` makes, as paths under the version (`en/`, `en/changes/`):
    what the sitemaps leave out (the pages themselves say `noindex`)."""
    rev = build.revision
    return frozenset(_page_path(build, lang, page) for lang in rev.untranslated(build.languages)
                     for page in ["" if name == "index" else f"{name}/" for name in rev.documents]
                     + ["changes/", "disclosures/"])
