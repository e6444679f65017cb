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
text is found again in the source, in document order (`policy_site.model.tree`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterator

from .blocks import Block, BlockKind, Event, Heading, join_blocks
from . import store
from .items import count_items
from .render import MarkdownSettings, markdown_for, split_source
from .tree import ModelExtension, Notes, TreeReader

__all__ = ["Block", "BlockKind", "DocumentModel", "Event", "Heading", "Section", "join_blocks", "read_document",
           "readable_text"]


# --- the model ---------------------------------------------------------------------------

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
        """The list items readers see in its own text: `<li>`s and `（1）`-style lines alike
        (`policy_site.model.items`)."""
        return count_items(self.blocks)

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


# --- rendering ---------------------------------------------------------------------------

INIT_SETTINGS = MarkdownSettings.from_list(["attr_list", {"toc": {"permalink": True}}, "md_in_html"])
"""A site made by `policy-site init`: what a `Document` without the site's settings is read with."""


class _Renderer:
    """One Markdown instance per settings, reused (Python-Markdown is reset between documents)."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self.notes = Notes()
        self.md = markdown_for(settings)
        self.md.registerExtensions([ModelExtension(self.notes)], {})

    def render(self, text: str) -> tuple[etree.Element, Notes, list[str]]:
        """Steps 1-3 of `Markdown.convert` (preprocessors, block parser, tree processors):
        the model reads the finished tree, so serializing it to HTML would be wasted time."""
        self.notes.__init__()  # type: ignore[misc]
        md = self.md
        md.reset()
        root = etree.Element("div")
        if text.strip():
            md.lines = text.split("\n")
            for preprocessor in md.preprocessors:
                md.lines = preprocessor.run(md.lines)
            root = md.parser.parseDocument(md.lines).getroot()
            for treeprocessor in md.treeprocessors:
                root = treeprocessor.run(root) or root
        return root, self.notes, list(md.htmlStash.rawHtmlBlocks)


_RENDERERS: dict[str, _Renderer] = {}


def _key(settings: MarkdownSettings) -> str:
    return json.dumps([[repr(e) for e in settings.extensions], settings.configs], sort_keys=True, default=repr)


def read_document(text: str, settings: MarkdownSettings | None = None) -> DocumentModel:
    """The model of a Markdown text as the site renders it (`settings`: the site's
    markdown_extensions; by default those of a site made by `policy-site init`)."""
    settings = settings or INIT_SETTINGS
    key = _key(settings)
    if key not in _RENDERERS:
        _RENDERERS[key] = _Renderer(settings)
    return _read(text, key)


def forget_read_documents() -> None:
    """Empty this process's memory of the documents read (the site's cache folder stays):
    for benchmarks and tests that measure or watch a first reading."""
    _read.cache_clear()


@lru_cache(maxsize=2048)
def _read(text: str, key: str) -> DocumentModel:
    # Cached by text: consecutive revisions repeat documents word for word, and the
    # checks, the redline and the pages of one build read the same documents; across
    # runs, in the site's cache folder (`store`): published revisions never change.
    return store.cached("models", (text, key), lambda: _render_model(text, key))


def _render_model(text: str, key: str) -> DocumentModel:
    source = split_source(text)  # MkDocs never renders the meta-data block at the top
    root, notes, stash = _RENDERERS[key].render(source.body)
    return DocumentModel(tuple(TreeReader(source.body, notes, stash, source.first_line).read(root)))


def readable_text(markdown_text: str, settings: MarkdownSettings | None = None) -> str:
    """A Markdown fragment as a reader reads it (headings and blocks, one per line or paragraph)."""
    model = read_document(markdown_text, settings)
    return join_blocks([e if isinstance(e, Block) else Block("heading", e.title, e.line) for e in model.events])


