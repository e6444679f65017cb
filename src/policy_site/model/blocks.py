"""The pieces of a document as readers get it: headings and blocks of readable text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

BlockKind = Literal["para", "item", "row", "code", "html", "heading"]


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
    lines: tuple[str, ...] = field(default=(), compare=False)
    """Its text as the lines the source breaks it into (soft and hard breaks), for paragraphs
    and list items: `text` joins soft breaks, and a reader still sees `（1）...` lines as items."""


Event = Union[Heading, Block]


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
