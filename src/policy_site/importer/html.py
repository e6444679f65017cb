"""An HTML policy page as Markdown: its main text only, headings with their ids.

Parsed by Beautiful Soup (lxml's HTML parser) and written out by markdownify;
what is added here is only the choice of what to keep:

- the main text: a policy-site or Material page's article, else `<main>`, else
  `<article>`, else `[role=main]`, else the body (less its headers and footers);
  navigation, forms, scripts and styles go, as do a heading's permalink (`¶`) and a policy-site
  page's own additions around the policy (dates, links to history and changes);
- a heading keeps its ASCII `id` and its `data-disclosure` as an attribute list
  (`## 2. Purposes {#purposes data-disclosure="appi-purposes-of-use"}`), so a built
  policy-site page imports back with the same sections and ids;
- line breaks (`<br>`) stay line breaks (two trailing spaces: Python-Markdown's hard break);
  a definition list's term and definition are two lines of a paragraph.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

_ASCII_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-:.]*$")
_DROP = ["script", "style", "noscript", "template", "nav", "form", "button", "svg", "iframe", "dialog", "aside"]
_HEADING = re.compile(r"^h[1-6]$")
_DROP_SELECTORS = ["a.headerlink", ".md-source-file", ".policy-meta", ".policy-links", ".policy-notice",
                   ".visually-hidden", ".md-content__button", "[hidden]"]
_MAIN = ["article.md-content__inner", "main", "article", "[role=main]", "#content", ".content"]


class _Converter(MarkdownConverter):
    """markdownify, with a heading's id and data-disclosure kept as an attribute list."""

    def convert_hN(self, n: int, el: Tag, text: str, parent_tags: set[str]) -> str:
        out = super().convert_hN(n, el, text, parent_tags)
        ident = el.get("id")
        attrs = []
        if isinstance(ident, str) and _ASCII_ID.match(ident):
            attrs.append(f"#{ident}")
        disclosure = el.get("data-disclosure")
        if isinstance(disclosure, str) and disclosure.strip():
            attrs.append(f'data-disclosure="{" ".join(disclosure.split())}"')
        if not attrs or not out.strip():
            return out
        return out.rstrip("\n") + f" {{{' '.join(attrs)}}}\n\n"


    def convert_dt(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A term on a line of its own, its definition on the next line (markdownify writes
        the `: definition` syntax of an extension the site does not enable: readers saw the colon)."""
        if "_inline" in parent_tags:
            return super().convert_dt(el, text, parent_tags)
        term = " ".join(text.split())
        return f"\n\n{term}  \n" if term else "\n"

    def convert_dd(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return super().convert_dd(el, text, parent_tags)
        return f"{text.strip()}\n\n" if text.strip() else "\n"


def main_content(soup: BeautifulSoup) -> Tag:
    """The element that holds the policy's text."""
    for selector in _MAIN:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found
    return soup.body or soup


def html_to_markdown(html: str | bytes) -> str:
    """The main text of an HTML page as Markdown (the title: the page's first h1)."""
    soup = BeautifulSoup(html, "lxml")
    root = main_content(soup)
    for tag in root.find_all(_DROP):
        tag.decompose()
    whole_page = root.name in ("body", "[document]", "html")
    if whole_page:
        for heading in root.find_all(_HEADING):
            if _is_logo(heading):
                heading.decompose()  # the site's name in its banner (<h1><a href="/">…</a></h1>), not the policy's title
    for tag in root.find_all(["header", "footer"]):
        if whole_page and tag.find(_HEADING) is None:
            tag.decompose()  # the site's banner or footer
        else:
            tag.unwrap()  # the article's own header (its title) or footer (its dates)
    for selector in _DROP_SELECTORS:
        for tag in root.select(selector):
            tag.decompose()
    markdown = _Converter(heading_style="ATX", bullets="-", newline_style="SPACES",
                          escape_misc=False, strip=["img"]).convert_soup(root)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def _is_logo(heading: Tag) -> bool:
    """A heading that is wholly a link to another page: a site's logo or name, never a policy's title."""
    link = heading.find("a", href=True)
    href = str(link.get("href", "")) if link is not None else ""
    return (link is not None and not href.startswith("#")
            and link.get_text(" ", strip=True) == heading.get_text(" ", strip=True))


def looks_like_html(text: str, name: str = "") -> bool:
    """HTML by its name (`.html`, `.htm`) or its first characters (`<!doctype`, `<html`)."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    if name.lower().endswith((".md", ".markdown", ".txt")):
        return False
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head
