"""The revisions are sound as a record: dated, announced in time, unchanged once
published, and free of HTML that could run script on the readers' browsers.

Rule ids:

- ``notice-period`` (warning): an upcoming revision announced less than
  `notice_period` days before it takes effect (or not announced at all);
- ``establishment-date`` (error): `established` in mkdocs.yml is after the
  first revision's effective date;
- ``published-revision-changed`` (error): a published revision's files differ
  from what was published (changed, added, removed, or the folder deleted);
- ``unsafe-html`` (error): HTML or a link that can run script — an element of
  `SCRIPT_CAPABLE_ELEMENTS`, any `on*` attribute, or a `javascript:`,
  `vbscript:` or non-image `data:` URL (in raw HTML, Markdown links and images,
  reference definitions and `{: attr lists}`). Never allowed, whatever
  `allow_html` says;
- ``raw-html`` (error): any other raw HTML element not listed in `allow_html`.

`invalid-revision-date` and `missing-summary` are reported by
`policy_site.revisions` when the folders are read.

Code spans on one line are text, not HTML, and are not looked at. Fenced code
blocks are skipped for `raw-html` only: with the site's Markdown extensions
(attr_list, toc, md_in_html; no fenced_code or superfences) a ``` fence is a
paragraph of backticks and the HTML between the fences is passed through, so
script in a fence runs. For the same reason a code span over several lines and
an indented block (which may be a list item's continuation) are looked at.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Collection
from html.parser import HTMLParser
from pathlib import Path

from ..findings import Finding
from ..hashing import changed_files
from ..revisions import REVISION_FILE, Document, Revision, outside_fences, parse_attr_list, relative_path
from . import CheckContext, PublishedRevision

# Elements that run or load script, replace the page's base, post the reader's
# input elsewhere, or redirect: refused even when listed in `allow_html`.
SCRIPT_CAPABLE_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
    "meta", "link", "svg", "math", "portal",
})
# Attributes whose value is a URL a browser may load or navigate to.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset",
    "xlink:href", "lowsrc", "dynsrc", "longdesc", "ping", "manifest", "codebase",
})
SAFE_DATA_URL = re.compile(r"^data:image/(?:png|jpeg|gif|webp|avif)[;,]")
NEW_REVISION_HINT = ("published revisions never change: revert the edit and make the change in a new "
                     "revision: `policy-site new-revision YYYY-MM-DD`")


def check(ctx: CheckContext) -> list[Finding]:
    findings = _notice_periods(ctx) + _establishment(ctx) + _published_changes(ctx)
    allowed = {name.lower() for name in ctx.allow_html}
    for revision in ctx.corpus.revisions:
        for by_lang in revision.documents.values():
            for document in by_lang.values():
                findings += html_findings(document, allowed, revision.name)
    return findings


def _line_of_key(path: Path, key: str) -> int | None:
    """The line of a top-level `key:` in a YAML file, if it can be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*{re.escape(key)}\s*:", line):
            return number
    return None


# --- notice-period and establishment-date ---------------------------------------------

def _notice_periods(ctx: CheckContext) -> list[Finding]:
    """Upcoming revisions must be announced `notice_period` days ahead (0 turns this off)."""
    if ctx.notice_period <= 0:
        return []
    findings = []
    for revision in ctx.corpus.revisions:
        if revision.effective <= ctx.today:
            continue
        deadline = revision.effective - dt.timedelta(days=ctx.notice_period)
        if revision.announced is not None and revision.announced <= deadline:
            continue
        meta = revision.path / REVISION_FILE
        rel = relative_path(meta, ctx.corpus.root)
        if revision.announced is None:
            message = (f"revision {revision.name} takes effect on {revision.effective} but has no `announced` date "
                       f"(the notice period is {ctx.notice_period} days)")
            hint = (f"announce it by {deadline} and write `announced: YYYY-MM-DD` (the date you announced it, "
                    f"{deadline} or earlier) in {rel}")
            line = None
        else:
            days = (revision.effective - revision.announced).days
            message = (f"revision {revision.name} was announced on {revision.announced}, {days} day(s) before it "
                       f"takes effect; the notice period is {ctx.notice_period} days (announce by {deadline})")
            earliest = revision.announced + dt.timedelta(days=ctx.notice_period)
            hint = (f"move the effective date to {earliest} or later (`policy-site new-revision {earliest}` and move "
                    f"the text), or change `notice_period` in mkdocs.yml if your terms allow a shorter notice")
            line = _line_of_key(meta, "announced")
        findings.append(Finding("notice-period", "warning", message, hint, file=rel,
                                line=line or _line_of_key(meta, "summary") or 1, revision=revision.name))
    return findings


def _establishment(ctx: CheckContext) -> list[Finding]:
    if ctx.established is None or not ctx.corpus.revisions:
        return []
    first = ctx.corpus.revisions[0]
    if ctx.established <= first.effective:
        return []
    config = ctx.corpus.root / "mkdocs.yml"
    return [Finding(
        "establishment-date", "error",
        f"`established: {ctx.established}` is after the first revision, {first.name}: a policy cannot be revised "
        f"before it was established",
        f"set `established:` in mkdocs.yml to the date the policy was first established ({first.name} or earlier), "
        f"or rename the revision folder if its date is wrong",
        file="mkdocs.yml", line=_line_of_key(config, "established"), revision=first.name)]


# --- published-revision-changed --------------------------------------------------------

def _docs_dir(ctx: CheckContext) -> Path:
    revisions = ctx.corpus.revisions
    return revisions[0].path.parent if revisions else ctx.corpus.root / "docs"


def _published_changes(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    docs = _docs_dir(ctx)
    newest_here = max((r.name for r in ctx.corpus.revisions), default="")
    for name, published in sorted(ctx.published.items()):
        revision = ctx.corpus.get(name)
        folder = revision.path if revision else docs / name
        if not folder.is_dir() and name > newest_here:
            # Published from a newer commit than this checkout (another CI run got there first):
            # nothing is lost, publish leaves it in place.
            findings.append(Finding(
                "published-revision-ahead", "warning",
                f"revision {name} is published but not in this checkout, which is older than the published branch",
                "pull the latest main before editing; publishing from here keeps it as it is",
                file=relative_path(folder, ctx.corpus.root), revision=name))
            continue
        if not folder.is_dir():
            rel = relative_path(folder, ctx.corpus.root)
            findings.append(Finding(
                "published-revision-changed", "error",
                f"published revision {name} was deleted: {rel}/ no longer exists",
                f"restore it (e.g. `git checkout HEAD -- {rel}`): {NEW_REVISION_HINT}", file=rel, revision=name))
            continue
        current = revision or Revision(name, dt.date.min, folder)
        findings += _changed_files(ctx, current, published)
    return findings


def _changed_files(ctx: CheckContext, revision: Revision, published: PublishedRevision) -> list[Finding]:
    """Files that differ from the published record, compared as readers get the text (`hashing`)."""
    root = ctx.corpus.root
    diffs = changed_files(revision.path, published.record)
    findings = []
    for rel_file, what in diffs.items():
        if not rel_file:  # a record with one combined hash only
            rel = relative_path(revision.path, root)
            findings.append(Finding("published-revision-changed", "error",
                                    f"published revision {revision.name} changed since it was published ({rel}/)",
                                    NEW_REVISION_HINT, file=rel, revision=revision.name))
            continue
        file = relative_path(revision.path / rel_file, root)
        findings.append(Finding("published-revision-changed", "error",
                                f"{file} was {what} after revision {revision.name} was published",
                                NEW_REVISION_HINT, file=file, line=1 if what != "removed" else None,
                                revision=revision.name))
    return findings


# --- unsafe-html and raw-html ---------------------------------------------------------

_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")  # one line: see the module docstring
_AUTOLINK = re.compile(r"<(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://[^<>\s]*>|<[^<>\s@!]+@[^<>\s@]+>|<mailto:[^<>\s]+>")
_MD_LINK = re.compile(r"\]\([ \t]*\n?[ \t]*<?((?:[^\s<>()]|\([^\s<>()]*\))*)")
_ANGLE_DESTINATION = re.compile(r"(?<=\]\()[ \t]*<[^<>\n]*>")  # [x](<url>): a link, not a tag
_MD_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def dangerous_url(url: str) -> bool:
    """Whether following or loading `url` can run script: `javascript:`, `vbscript:`
    or a `data:` URL other than a raster image, however it is encoded or spaced."""
    plain = url
    for _ in range(3):  # `&amp;#115;` decodes twice in some renderers
        decoded = html.unescape(_MD_ESCAPE.sub(r"\1", plain))
        if decoded == plain:
            break
        plain = decoded
    plain = _CONTROL.sub("", plain).lower()
    if plain.startswith(("javascript:", "vbscript:", "livescript:")):
        return True
    return plain.startswith("data:") and not SAFE_DATA_URL.match(plain)


def _blank(text: str) -> str:
    """The same text with spaces for everything but newlines (keeps lines and columns)."""
    return re.sub(r"[^\n]", " ", text)


def fenced_lines(text: str) -> set[int]:
    """The 1-based numbers of the lines of fenced code blocks, fences included."""
    outside = {number for number, _ in outside_fences(text)}
    return {n for n in range(1, text.count("\n") + 2) if n not in outside}


def markup_text(text: str, *, skip: Collection[int] = ()) -> str:
    """`text` with the lines in `skip`, one-line code spans and autolinks blanked out, so
    line numbers are unchanged and what is left is Markdown and HTML as Python-Markdown reads it."""
    lines = ["" if number in skip else line for number, line in enumerate(text.split("\n"), 1)]
    # `\<` is no escape in Python-Markdown: `\<script>` is a backslash and a script.
    joined = _CODE_SPAN.sub(lambda m: _blank(m.group(0)), "\n".join(lines))
    return _AUTOLINK.sub(lambda m: _blank(m.group(0)), joined)


class _HtmlScanner(HTMLParser):
    """Collects (line, element, attributes) for every start tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((self.getpos()[0], tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def html_findings(document: Document, allowed: set[str], revision: str) -> list[Finding]:
    """`unsafe-html` and `raw-html` findings for one document."""
    fenced = fenced_lines(document.text)
    everything = markup_text(document.text)

    def finding(rule: str, line: int, message: str, hint: str) -> Finding:
        return Finding(rule, "error", message, hint, file=document.rel, line=line, revision=revision,
                       lang=document.lang)

    def unsafe(line: int, message: str) -> Finding:
        hint = "remove it: policy pages never run script, and `allow_html` cannot allow it"
        if line in fenced:
            hint += " (a ``` fence is not a code block unless fenced_code or pymdownx.superfences is enabled)"
        return finding("unsafe-html", line, message, hint)

    findings = [unsafe(line, message) for line, message in _unsafe_markdown(everything)]
    for line, tag, attrs in start_tags(everything):
        findings += [unsafe(line, f"<{tag}>: {problem}") for problem in _unsafe_tag(tag, attrs)]
    for line, tag, attrs in start_tags(markup_text(document.text, skip=fenced)):
        if tag not in allowed and not _unsafe_tag(tag, attrs):
            findings.append(finding(
                "raw-html", line, f"raw HTML element <{tag}> is not allowed",
                f"write it in Markdown, or allow it in mkdocs.yml: `plugins: - policy: allow_html: [{tag}]`"))
    return list(dict.fromkeys(findings))


def start_tags(text: str) -> list[tuple[int, str, list[tuple[str, str | None]]]]:
    """(line, element, attributes) of every HTML start tag, as html.parser reads them."""
    text = _ANGLE_DESTINATION.sub(lambda m: _blank(m.group(0)), text)
    # No tag ends after the last `>`; and html.parser takes quadratic time and more
    # over many `<` that no `>` follows (it retries the rest after each one).
    text = text[: text.rfind(">") + 1]
    scanner = _HtmlScanner()
    scanner.feed(text)
    scanner.close()
    return scanner.tags


def _unsafe_tag(tag: str, attrs: list[tuple[str, str | None]]) -> list[str]:
    problems = []
    if tag in SCRIPT_CAPABLE_ELEMENTS:
        problems.append(f"the <{tag}> element can run script or load other pages into this one")
    for name, value in attrs:
        problems += _unsafe_attribute(name, value or "")
    return problems


def _unsafe_attribute(name: str, value: str) -> list[str]:
    name = name.lower()
    if name.startswith("on"):
        return [f"the `{name}` event handler attribute runs script"]
    if name in URL_ATTRIBUTES and any(dangerous_url(part) for part in _url_candidates(name, value)):
        return [f"`{name}` holds a URL that runs script ({_shorten(value)})"]
    if name == "srcdoc":
        return ["the `srcdoc` attribute holds a whole HTML page"]
    if name == "style" and re.search(r"expression\s*\(|javascript:|behavior\s*:|-moz-binding", html.unescape(value), re.I):
        return ["the `style` attribute runs script"]
    return []


def _url_candidates(name: str, value: str) -> list[str]:
    """`srcset` holds several URLs; every other URL attribute one."""
    if name == "srcset":
        return [part.strip().split(" ")[0] for part in value.split(",")]
    return [value]


def _shorten(value: str) -> str:
    value = _CONTROL.sub(" ", value).strip()
    return value if len(value) <= 40 else value[:37] + "..."


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _unsafe_markdown(text: str) -> list[tuple[int, str]]:
    """(line, message) for Markdown links, images, references and attr lists that run script."""
    problems = []
    for pattern in (_MD_LINK, _MD_REFERENCE):
        for m in pattern.finditer(text):
            if dangerous_url(m.group(1)):
                problems.append((_line_at(text, m.start(1)), f"the link target {_shorten(m.group(1))} runs script"))
    for m in _ATTR_LIST.finditer(text):
        _, attrs = parse_attr_list(m.group(1))
        for name, value in attrs.items():
            for problem in _unsafe_attribute(name, value):
                problems.append((_line_at(text, m.start()), f"attribute list {{{m.group(1).strip()}}}: {problem}"))
    return problems
