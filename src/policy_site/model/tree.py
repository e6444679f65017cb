"""Reading Python-Markdown's element tree into headings and blocks, with source lines.

Python-Markdown does not track source lines: `_RawText` notes the raw Markdown
text of each element before the inline patterns run, and `_Lines` finds it
again in the source, in reading order. `_WrittenIds` runs after attr_list and
before toc, so it tells the ids the author wrote from those toc makes up.
Raw HTML blocks are read with html.parser (the standard library's HTML reader)
for the headings a browser would show.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .blocks import Block, BlockKind, Event, Heading

_HEADING_TAG = re.compile(r"^h([1-6])$")
_STASH = re.compile("\x02wzxhzdk:([0-9]+)\x03")
_ANY_PLACEHOLDER = re.compile("\x02[^\x02\x03]*\x03")
# Elements that hold blocks; everything else is inline text inside a block.
_CONTAINERS = frozenset({
    "div", "blockquote", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "section", "article",
    "aside", "details", "figure", "header", "footer", "nav", "main", "li", "dd", "dt", "tr", "td", "th",
    "p", "pre", "summary", "figcaption", "hr",
})
_INLINE_FORMATTING = re.compile(
    r"</?(?:b|i|em|strong|u|s|del|ins|sub|sup|small|mark|span|code|abbr|kbd|q|cite|br)\b[^>]*>", re.I)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)


class Notes:
    """What the tree processors noted during one conversion."""

    def __init__(self) -> None:
        self.raw: dict[etree.Element, str] = {}
        self.explicit: dict[etree.Element, tuple[str | None, dict[str, str]]] = {}


class _NoteTaker(Treeprocessor):
    """A tree processor that writes what it reads into the document's `Notes`."""

    def __init__(self, md: markdown.Markdown, notes: Notes) -> None:
        super().__init__(md)
        self.notes = notes


class _RawText(_NoteTaker):
    """Before the inline patterns: the Markdown text of each element, to find its source line."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if isinstance(el.tag, str) and el.text:
                self.notes.raw[el] = el.text


class _WrittenIds(_NoteTaker):
    """After attr_list, before toc: the ids and attributes the author wrote on headings."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if isinstance(el.tag, str) and _HEADING_TAG.match(el.tag):
                attrs = {k: v for k, v in el.attrib.items() if k not in ("id", "markdown")}
                self.notes.explicit[el] = (el.get("id"), attrs)


class ModelExtension(Extension):
    def __init__(self, notes: Notes) -> None:
        super().__init__()
        self.notes = notes

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_RawText(md, self.notes), "policy_site_raw", 45)  # footnotes at 50, inline at 20
        md.treeprocessors.register(_WrittenIds(md, self.notes), "policy_site_ids", 6)  # attr_list 8, toc 5


class _Lines:
    """Finds the source line of each element from its raw Markdown text, in reading order."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n")
        self.cursor = 0  # index of the line the last element started on
        self.first = first_line  # the line of the file `text` starts on (after MkDocs' meta-data)

    def find(self, raw: str | None, *, heading: bool = False, row: bool = False) -> int:
        needle = _needle(raw)
        found = None
        if needle or row:
            found = self._search(needle, heading, row) if heading or row else None
            if found is None and needle:
                found = self._search(needle, False, False)
        if found is not None:
            self.cursor = found
        return self.cursor + self.first

    def _search(self, needle: str, heading: bool, row: bool) -> int | None:
        for start, stop in ((self.cursor, len(self.lines)), (0, self.cursor)):
            for i in range(start, stop):
                line = self.lines[i]
                if needle not in line:
                    continue
                if heading and not self._is_heading_line(i, needle):
                    continue
                if row and ("|" not in line or re.fullmatch(r"[\s|:\-]+", line)):
                    continue
                return i
        return None

    def _is_heading_line(self, i: int, needle: str) -> bool:
        line = self.lines[i]
        before = line[: line.find(needle)]
        if re.fullmatch(r"[ \t>]*(?:(?:[-*+]|[0-9]+[.)])[ \t]+[ \t>]*)*#{1,6}[ \t]*", before):
            return True
        following = self.lines[i + 1] if i + 1 < len(self.lines) else ""
        return bool(re.fullmatch(r"[ \t>]*(?:=+|-+)[ \t]*", following)) or "<h" in before.lower()


def _needle(raw: str | None) -> str:
    """The first line of raw text, up to any placeholder, as it appears in the source."""
    if not raw:
        return ""
    first = raw.strip("\n").split("\n")[0]
    first = _ANY_PLACEHOLDER.split(first)[0].strip()
    return first[:60]


class _HeadingsInHtml(HTMLParser):
    """The headings (level, id, text) of a raw HTML block, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str | None, dict[str, str], str]] = []
        self._open: list[tuple[int, str | None, dict[str, str], list[str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        m = _HEADING_TAG.match(tag)
        if m:
            values = {k: v or "" for k, v in attrs}
            ident = values.pop("id", None)
            self._open.append((int(m.group(1)), ident, values, []))

    def handle_endtag(self, tag: str) -> None:
        if _HEADING_TAG.match(tag) and self._open:
            level, ident, attrs, parts = self._open.pop()
            self.headings.append((level, ident, attrs, " ".join("".join(parts).split())))

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][3].append(data)
        else:
            self.text.append(data)


class TreeReader:
    """The headings and blocks of a finished tree, in reading order."""

    def __init__(self, text: str, notes: Notes, stash: list[str], first_line: int = 1) -> None:
        self.lines = _Lines(text, first_line)
        self.notes = notes
        self.stash = stash
        self.events: list[Event] = []

    def read(self, root: etree.Element) -> list[Event]:
        self._container(root)
        return self.events

    # blocks

    def _container(self, el: etree.Element) -> None:
        if el.text and el.text.strip():
            self._loose_text(el.text, el)
        for child in el:
            self._element(child)
            if child.tail and child.tail.strip():
                self._loose_text(child.tail, el)

    def _element(self, el: etree.Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:
            return  # a comment or processing instruction
        heading = _HEADING_TAG.match(tag)
        if heading:
            self._heading(el, int(heading.group(1)))
        elif tag == "li":
            self._item(el)
        elif tag == "tr":
            cells = [self._inline(c)[0] for c in el if isinstance(c.tag, str)]
            links = tuple(t for c in el if isinstance(c.tag, str) for t in self._inline(c)[1])
            line = self.lines.find(next((self.notes.raw.get(c) for c in el if self.notes.raw.get(c)), None), row=True)
            self._block("row", " | ".join(cells), line, links)
        elif tag == "pre":
            line = self.lines.find(self.notes.raw.get(el) or self.notes.raw.get(el.find("code")))  # type: ignore[arg-type]
            self._block("code", "".join(el.itertext()).rstrip("\n"), line)
        elif tag in ("p", "dt", "dd", "summary", "figcaption") and not any(_is_block(c) for c in el):
            self._paragraph(el)
        elif tag in _CONTAINERS:
            self._container(el)
        else:
            self._paragraph(el)

    def _paragraph(self, el: etree.Element) -> None:
        stashed = _STASH.fullmatch((el.text or "").strip()) if len(el) == 0 else None
        if stashed:
            self._raw_html(int(stashed.group(1)))
            return
        line = self.lines.find(self.notes.raw.get(el))
        raw, links = self._inline_raw(el)
        self._block("para", _tidy(raw), line, links, _source_lines(raw))

    def _item(self, el: etree.Element) -> None:
        line = self.lines.find(self.notes.raw.get(el) or next(
            (self.notes.raw.get(c) for c in el if self.notes.raw.get(c)), None))
        inline = etree.Element("li")
        inline.text = el.text
        blocks: list[etree.Element] = []
        for child in el:
            if blocks or _is_block(child):
                blocks.append(child)
            else:
                inline.append(child)
        if not (inline.text or "").strip() and len(inline) == 0 and blocks and blocks[0].tag == "p":
            first = blocks.pop(0)
            raw, links = self._inline_raw(first)
        else:
            raw, links = self._inline_raw(inline)
        self._block("item", _tidy(raw), line, links, _source_lines(raw))
        for child in blocks:
            self._element(child)
            if child.tail and child.tail.strip():
                self._loose_text(child.tail, el)

    def _heading(self, el: etree.Element, level: int) -> None:
        written, attrs = self.notes.explicit.get(el, (el.get("id"), {}))
        line = self.lines.find(self.notes.raw.get(el), heading=True)
        title, _ = self._inline(el, skip_permalink=True)
        self.events.append(Heading(level, " ".join(title.split()), line, written or None, attrs, el.get("id")))

    def _loose_text(self, text: str, parent: etree.Element) -> None:
        holder = etree.Element("p")
        holder.text = text
        self._paragraph(holder)

    def _raw_html(self, index: int) -> None:
        raw = self.stash[index] if index < len(self.stash) else ""
        raw = raw if isinstance(raw, str) else str(raw)
        if re.match(r"\s*<(?:pre|div[^>]*highlight|table[^>]*highlight)", raw):  # a code block (fenced_code, superfences)
            code = html.unescape(re.sub(r"<[^>]*>", "", raw)).rstrip("\n")
            self._block("code", code, self.lines.find(code))
            return
        line = self.lines.find(raw)
        visible = _COMMENT.sub("", raw)
        if not visible.strip():
            return
        parser = _HeadingsInHtml()
        parser.feed(visible)
        parser.close()
        if not parser.headings:
            self._block("html", visible.strip(), line)
            return
        for level, ident, attrs, title in parser.headings:  # a browser shows them as headings
            at = self.lines.find(title, heading=True) if title else line
            self.events.append(Heading(level, title, at, ident or None, attrs, ident or None))
        rest = " ".join("".join(parser.text).split())
        if rest:
            self._block("html", rest, line)

    def _block(self, kind: BlockKind, text: str, line: int, links: tuple[str, ...] = (),
               lines: tuple[str, ...] = ()) -> None:
        self.events.append(Block(kind, text.strip("\n"), line, links, lines))

    # inline text

    def _inline(self, el: etree.Element, *, skip_permalink: bool = False) -> tuple[str, tuple[str, ...]]:
        raw, links = self._inline_raw(el, skip_permalink=skip_permalink)
        return _tidy(raw), links

    def _inline_raw(self, el: etree.Element, *, skip_permalink: bool = False) -> tuple[str, tuple[str, ...]]:
        """The inline text with its soft breaks (`\\n`) and hard breaks (`\\x00`), and its links."""
        parts: list[str] = []
        links: list[str] = []
        self._inline_into(el, parts, links, skip_permalink)
        return "".join(parts), tuple(links)

    def _inline_into(self, el: etree.Element, parts: list[str], links: list[str], skip_permalink: bool) -> None:
        if el.text:
            parts.append(self._text(el.text))
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                parts.append("\x00")  # a hard line break, kept through _tidy
            elif tag == "img":
                parts.append(child.get("alt", ""))
            elif tag == "a" and skip_permalink and "headerlink" in (child.get("class") or ""):
                pass
            elif tag == "a":
                href = html.unescape(child.get("href", "").replace(AMP_SUBSTITUTE, "&"))
                label_parts: list[str] = []
                self._inline_into(child, label_parts, links, skip_permalink)
                label = "".join(label_parts)
                if href.startswith("#"):
                    links.append(href[1:])
                parts.append(_link_text(label, href))
            elif tag:
                self._inline_into(child, parts, links, skip_permalink)
            if child.tail:
                parts.append(self._text(child.tail))

    def _text(self, text: str) -> str:
        def stashed(m: re.Match[str]) -> str:
            index = int(m.group(1))
            raw = self.stash[index] if index < len(self.stash) else ""
            return html.unescape(_INLINE_FORMATTING.sub("", _COMMENT.sub("", str(raw))))
        if AMP_SUBSTITUTE in text:  # an e-mail autolink, its letters written as entities
            text = html.unescape(text.replace(AMP_SUBSTITUTE, "&"))
        return _ANY_PLACEHOLDER.sub("", _STASH.sub(stashed, text))


def _is_block(el: etree.Element) -> bool:
    return isinstance(el.tag, str) and (el.tag in _CONTAINERS or bool(_HEADING_TAG.match(el.tag)))


def _link_text(label: str, url: str) -> str:
    plain = label.strip()
    if not url or url.startswith("#") or url in (plain, f"mailto:{plain}"):
        return label
    return f"{label} ({url.removeprefix('mailto:')})"


def _source_lines(raw: str) -> tuple[str, ...]:
    """The lines of inline text as the source breaks them (soft and hard breaks), stripped."""
    return tuple(ln.strip() for ln in re.split("[\n\x00]", raw) if ln.strip())


def _tidy(text: str) -> str:
    """Soft line breaks joined (with a space, except between two wide characters), hard
    breaks kept, spaces at the ends of lines dropped."""
    lines = [ln.strip() for ln in text.split("\n")]
    out = ""
    for ln in lines:
        if not ln:
            continue
        if not out or out.endswith("\x00"):
            out += ln
        elif _is_wide(out[-1]) and _is_wide(ln[0]):
            out += ln
        else:
            out += " " + ln
    return "\n".join(part.strip() for part in out.split("\x00")).strip()


def _is_wide(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"
