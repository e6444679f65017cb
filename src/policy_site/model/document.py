"""The one reader of a document's text: Python-Markdown, configured as the site configures it.

`read_document` renders a document with the site's `markdown_extensions` (as
MkDocs configures them, builtins included) and reads the resulting element
tree: its headings (the id each one gets, and whether the author wrote it),
its blocks of readable text (paragraphs, list items, table rows, code), the
in-page links and the line of the Markdown source each one comes from.

Every check, the redline and the generated pages read a document through this
model, so what they judge is what readers get: a ``` fence is a code block
exactly when the site renders it as one, `##見出し {#id}` is a heading exactly
when Python-Markdown makes it one, and a heading inside a list or a block quote
counts as readers see it.

Source lines are not tracked by Python-Markdown: a tree processor that runs
before the inline patterns notes the raw Markdown text of each element, and the
text is found again in the source, in document order (`_Lines`).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from typing import Iterator, Literal, Union

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .settings import MarkdownSettings

BlockKind = Literal["para", "item", "row", "code", "html", "heading"]

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


# --- the model ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    """A heading as readers get it."""

    level: int
    title: str  # readable text, without the permalink
    line: int  # 1-based line of the Markdown source
    id: str | None  # the id the author wrote ({#id}, or id= on an HTML heading); None if none
    attrs: dict[str, str] = field(default_factory=dict, compare=False)  # every other attribute written
    rendered_id: str | None = None  # the id the page has (the author's, or the one toc made up)

    @property
    def disclosures(self) -> tuple[str, ...]:
        return tuple(self.attrs.get("data-disclosure", "").split())


@dataclass(frozen=True)
class Block:
    """One block of readable text: a paragraph, a list item, a table row, a code block."""

    kind: BlockKind
    text: str
    line: int
    links: tuple[str, ...] = ()  # in-page targets linked from it, without the `#`


Event = Union[Heading, Block]


@dataclass(frozen=True)
class Section:
    """A heading with an id (below the document title) and what is under it."""

    id: str
    title: str
    level: int
    line: int
    disclosures: tuple[str, ...]
    attrs: dict[str, str] = field(compare=False)
    blocks: tuple[Block, ...] = ()  # its own blocks, up to the next heading of any level
    nested: tuple[Block, ...] = ()  # the blocks of its subsections, up to the next heading of its level or above
    heading: Heading | None = field(default=None, compare=False)

    @property
    def ident(self) -> str:
        return self.id

    @cached_property
    def text(self) -> str:
        """Its own readable text."""
        return join_blocks(self.blocks)

    @cached_property
    def full_text(self) -> str:
        """Its own text and that of its subsections."""
        return join_blocks(self.blocks + self.nested)

    @property
    def body(self) -> str:  # the name the checks used before the model; its own text
        return self.text

    @cached_property
    def list_items(self) -> int:
        return sum(1 for b in self.blocks if b.kind == "item")

    @cached_property
    def links(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for b in self.blocks + self.nested for t in b.links))


@dataclass(frozen=True)
class DocumentModel:
    """A document as read: every heading and block in reading order."""

    events: tuple[Event, ...]

    @cached_property
    def headings(self) -> list[Heading]:
        return [e for e in self.events if isinstance(e, Heading)]

    @cached_property
    def title(self) -> Heading | None:
        return next((h for h in self.headings if h.level == 1), None)

    @cached_property
    def sections(self) -> list[Section]:
        """Headings with an id the author wrote, below level 1, in reading order (duplicates kept)."""
        events = self.events
        out: list[Section] = []
        for i, event in enumerate(events):
            if not isinstance(event, Heading) or event.id is None or event.level == 1:
                continue
            own: list[Block] = []
            j = i + 1
            while j < len(events) and isinstance(events[j], Block):
                own.append(events[j])  # type: ignore[arg-type]
                j += 1
            nested: list[Block] = []
            while j < len(events):
                e = events[j]
                if isinstance(e, Heading):
                    if e.level <= event.level:
                        break
                else:
                    nested.append(e)
                j += 1
            out.append(Section(id=event.id, title=event.title, level=event.level, line=event.line,
                               disclosures=event.disclosures, attrs=event.attrs, blocks=tuple(own),
                               nested=tuple(nested), heading=event))
        return out

    @cached_property
    def outside(self) -> tuple[Block, ...]:
        """Blocks no section holds as its own (before the first one, under headings without ids),
        and the titles of headings that start no section (the document title excepted)."""
        out: list[Block] = []
        inside = False
        for e in self.events:
            if isinstance(e, Heading):
                inside = e.id is not None and e.level > 1
                if not inside and e is not self.title:
                    out.append(Block("heading", e.title, e.line))
            elif not inside:
                out.append(e)
        return tuple(out)

    def blocks(self) -> Iterator[Block]:
        return (e for e in self.events if isinstance(e, Block))


def join_blocks(blocks: tuple[Block, ...] | list[Block]) -> str:
    """Blocks as one readable text: a blank line between paragraphs, a line break between
    consecutive list items or table rows."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if not block.text.strip():
            continue
        if previous is not None:
            same = block.kind in ("item", "row") and previous.kind == block.kind
            out.append("\n" if same else "\n\n")
        out.append(block.text)
        previous = block
    return "".join(out)


# --- rendering ---------------------------------------------------------------------------

class _Notes:
    """What the tree processors noted during one conversion."""

    def __init__(self) -> None:
        self.raw: dict[etree.Element, str] = {}
        self.explicit: dict[etree.Element, tuple[str | None, dict[str, str]]] = {}
        self.root: etree.Element | None = None


class _RawText(Treeprocessor):
    """Before the inline patterns: the Markdown text of each element, to find its source line."""

    def __init__(self, md: markdown.Markdown, notes: _Notes) -> None:
        super().__init__(md)
        self.notes = notes

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if isinstance(el.tag, str) and el.text:
                self.notes.raw[el] = el.text


class _WrittenIds(Treeprocessor):
    """After attr_list, before toc: the ids and attributes the author wrote on headings."""

    def __init__(self, md: markdown.Markdown, notes: _Notes) -> None:
        super().__init__(md)
        self.notes = notes

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if isinstance(el.tag, str) and _HEADING_TAG.match(el.tag):
                attrs = {k: v for k, v in el.attrib.items() if k not in ("id", "markdown")}
                self.notes.explicit[el] = (el.get("id"), attrs)


class _Keep(Treeprocessor):
    """Last: keep the finished tree."""

    def __init__(self, md: markdown.Markdown, notes: _Notes) -> None:
        super().__init__(md)
        self.notes = notes

    def run(self, root: etree.Element) -> None:
        self.notes.root = root


class _ModelExtension(Extension):
    def __init__(self, notes: _Notes) -> None:
        super().__init__()
        self.notes = notes

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_RawText(md, self.notes), "policy_site_raw", 45)  # footnotes at 50, inline at 20
        md.treeprocessors.register(_WrittenIds(md, self.notes), "policy_site_ids", 6)  # attr_list 8, toc 5
        md.treeprocessors.register(_Keep(md, self.notes), "policy_site_keep", -100)


class _Renderer:
    """One Markdown instance per settings, reused (Python-Markdown is reset between documents)."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self.notes = _Notes()
        self.md = settings.markdown(extra=[_ModelExtension(self.notes)])

    def render(self, text: str) -> tuple[etree.Element, _Notes, list[str]]:
        self.notes.__init__()  # type: ignore[misc]
        self.md.reset()
        self.md.convert(text)
        root = self.notes.root if self.notes.root is not None else etree.Element("div")
        return root, self.notes, list(self.md.htmlStash.rawHtmlBlocks)


_RENDERERS: dict[MarkdownSettings, _Renderer] = {}


def read_document(text: str, settings: MarkdownSettings | None = None) -> DocumentModel:
    """The model of a Markdown text as the site renders it (`settings`: the site's
    markdown_extensions; by default those of a site made by `policy-site init`)."""
    settings = settings or MarkdownSettings.default()
    renderer = _RENDERERS.get(settings)
    if renderer is None:
        renderer = _RENDERERS[settings] = _Renderer(settings)
    root, notes, stash = renderer.render(text)
    return DocumentModel(tuple(_Reader(text, notes, stash).read(root)))


def readable_text(markdown_text: str, settings: MarkdownSettings | None = None) -> str:
    """A Markdown fragment as a reader reads it (headings and blocks, one per line or paragraph)."""
    model = read_document(markdown_text, settings)
    return join_blocks([e if isinstance(e, Block) else Block("heading", e.title, e.line) for e in model.events])


# --- reading the tree ----------------------------------------------------------------------

class _Lines:
    """Finds the source line of each element from its raw Markdown text, in reading order."""

    def __init__(self, text: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4).split("\n")
        self.cursor = 0  # index of the line the last element started on

    def find(self, raw: str | None, *, heading: bool = False, row: bool = False) -> int:
        needle = _needle(raw)
        if not needle and not row:
            return self.cursor + 1
        found = self._search(needle, heading, row) if heading or row else None
        if found is None and needle:
            found = self._search(needle, False, False)
        if found is None:
            return self.cursor + 1
        self.cursor = found
        return found + 1

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
        self.text.append(data)


class _Reader:
    def __init__(self, text: str, notes: _Notes, stash: list[str]) -> None:
        self.lines = _Lines(text)
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
        text, links = self._inline(el)
        self._block("para", text, line, links)

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
            text, links = self._inline(first)
        else:
            text, links = self._inline(inline)
        self._block("item", text, line, links)
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
        for level, ident, attrs, title in parser.headings:
            self.events.append(Heading(level, title, line, ident or None, attrs, ident or None))
        if not parser.headings:
            self._block("html", visible.strip(), line)

    def _block(self, kind: BlockKind, text: str, line: int, links: tuple[str, ...] = ()) -> None:
        self.events.append(Block(kind, text.strip("\n"), line, links))

    # inline text

    def _inline(self, el: etree.Element, *, skip_permalink: bool = False) -> tuple[str, tuple[str, ...]]:
        parts: list[str] = []
        links: list[str] = []
        self._inline_into(el, parts, links, skip_permalink)
        return _tidy("".join(parts)), tuple(links)

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
