"""Comparing two revisions section by section: the data a redline is made of.

Sections are matched by id, never by position; each section's readable text is
diffed by `diff.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..locale import format_number
from ..model.document import Block, Heading, Section, join_blocks, readable_text
from ..model.order import kept_in_order
from ..model.render import MarkdownSettings
from ..model.revisions import Document, Revision
from .diff import Op, Span, diff_text, same_text
from .diff import normalize as _normalize
from .labels import labels_for

Kind = Literal["unchanged", "changed", "added", "removed", "moved"]
DocumentKind = Literal["unchanged", "changed", "added", "removed"]

PREAMBLE_ID = ""
"""`SectionChange.id` of the text before the first section (and the document title)."""

# --- data -------------------------------------------------------------------


@dataclass(frozen=True)
class RedlineCounts:
    """How many sections were added, removed, ... and how many characters changed.

    Every section counts once, under its `kind`: a moved section whose text also
    changed counts as moved. Characters are counted in the readable text,
    whitespace included.
    """

    added: int = 0
    removed: int = 0
    moved: int = 0
    changed: int = 0
    unchanged: int = 0
    inserted_chars: int = 0
    deleted_chars: int = 0

    def __add__(self, other: RedlineCounts) -> RedlineCounts:
        return RedlineCounts(*(a + b for a, b in zip(_counts_tuple(self), _counts_tuple(other))))

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.changed)

    def describe(self, lang: str, labels: Mapping[str, str] | None = None) -> str:
        """One line for a summary: `Sections: 1 added, 0 removed, ...`."""
        text = (labels or labels_for(lang))["summary"]
        count = {"added": self.added, "removed": self.removed, "moved": self.moved, "changed": self.changed,
                 "unchanged": self.unchanged, "inserted": self.inserted_chars, "deleted": self.deleted_chars}
        return text.format(**{key: format_number(value, lang) for key, value in count.items()})


def _counts_tuple(c: RedlineCounts) -> tuple[int, ...]:
    return (c.added, c.removed, c.moved, c.changed, c.unchanged, c.inserted_chars, c.deleted_chars)


@dataclass
class SectionChange:
    """One section compared between two revisions.

    `kind` is one of unchanged, changed, added, removed, moved. A section is
    *moved* when it sits elsewhere among the sections both revisions share (it is
    not in their longest common subsequence); whether a moved section's text
    also changed is `text_changed`, which is True for every changed, added and
    removed section too. `markup_changed` marks an unchanged section whose
    Markdown changed but not its readable text (emphasis, attributes, wrapping).

    Positions are 1-based among the document's sections (the preamble is 0).
    """

    id: str
    kind: Kind
    old_title: str | None
    new_title: str | None
    old_position: int | None
    new_position: int | None
    title_spans: list[Span]
    body_spans: list[Span]
    text_changed: bool = False
    markup_changed: bool = False
    level: int = 2

    @property
    def title(self) -> str:
        return self.new_title if self.new_title is not None else self.old_title or ""

    @property
    def renamed(self) -> bool:
        return self.old_title is not None and self.new_title is not None and self.old_title != self.new_title

    @property
    def spans(self) -> list[Span]:
        """The redline of the whole compared text: title, a blank line, body."""
        if not self.body_spans:
            return list(self.title_spans)
        op: Op = "insert" if self.kind == "added" else "delete" if self.kind == "removed" else "equal"
        return _normalize([*self.title_spans, Span(op, "\n\n"), *self.body_spans])

    @property
    def inserted_chars(self) -> int:
        return sum(len(s.text) for s in self.spans if s.op == "insert")

    @property
    def deleted_chars(self) -> int:
        return sum(len(s.text) for s in self.spans if s.op == "delete")


@dataclass
class DocumentRedline:
    """Every section of one document in one language, compared; in reading order.

    Sections come in the new document's order; a removed section follows the
    section that preceded it in the old document.
    """

    name: str
    lang: str
    old_title: str | None
    new_title: str | None
    sections: list[SectionChange] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.new_title if self.new_title is not None else self.old_title or self.name

    @property
    def kind(self) -> DocumentKind:
        if self.old_title is None:
            return "added"
        if self.new_title is None:
            return "removed"
        return "changed" if any(s.kind != "unchanged" for s in self.sections) else "unchanged"

    @property
    def counts(self) -> RedlineCounts:
        total = RedlineCounts()
        for s in self.sections:
            total += RedlineCounts(**{s.kind: 1}, inserted_chars=s.inserted_chars, deleted_chars=s.deleted_chars)
        return total

    def summary(self, labels: Mapping[str, str] | None = None) -> str:
        return self.counts.describe(self.lang, labels)


def total_counts(redlines: Iterable[DocumentRedline]) -> RedlineCounts:
    return sum((r.counts for r in redlines), RedlineCounts())


# --- Markdown to readable text ----------------------------------------------

def markdown_to_text(markdown: str, settings: MarkdownSettings | None = None) -> str:
    """Markdown as a lawyer reads it, rendered as the site renders it (`policy_site.model`).

    Emphasis and attribute lists go; a link keeps its URL in parentheses; every
    list item, table row, heading and paragraph starts a line (paragraphs are
    separated by a blank line, list items by a line break); soft-wrapped lines are
    joined; hard line breaks are kept. Raw HTML other than inline formatting tags is
    kept as text, so it can be reviewed.
    """
    return readable_text(markdown, settings)


# --- comparing documents ------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """A section's readable text, or the preamble's."""

    key: tuple[str, int]  # (id, occurrence): a duplicated id is matched in order
    id: str
    title: str
    level: int
    position: int
    markdown: str  # heading title and body as written
    body: str  # readable text

    @property
    def plain_title(self) -> str:
        return self.title


def _parts(doc: Document) -> tuple[_Part, list[_Part]]:
    """The preamble and the sections, each with its own text.

    A section's own text runs to the next section: a heading that has no id (and
    the text under it) stays with the section above it, so no text escapes the
    redline. The Markdown as written is kept to tell a change of formatting only.
    """
    lines = doc.text.split("\n")
    model = doc.model
    starts = {id(s.heading): s for s in model.sections}
    groups: list[tuple[Section | None, list[Block]]] = [(None, [])]
    for event in model.events:
        if isinstance(event, Heading) and id(event) in starts:
            groups.append((starts[id(event)], []))
        elif isinstance(event, Heading):
            if event is not model.title:
                groups[-1][1].append(Block("heading", event.title, event.line))
        else:
            groups[-1][1].append(event)
    parts: list[_Part] = []
    seen: dict[str, int] = {}
    for number, (s, blocks) in enumerate(groups[1:], 1):
        assert s is not None
        end = groups[number + 1][0].line - 1 if number + 1 < len(groups) else len(lines)  # type: ignore[union-attr]
        source = "\n".join(lines[s.line:end])
        seen[s.id] = seen.get(s.id, 0) + 1
        parts.append(_Part((s.id, seen[s.id]), s.id, s.title, s.level, number,
                           f"{lines[s.line - 1]}\n{source.strip()}", join_blocks(blocks)))
    first = groups[1][0].line - 1 if len(groups) > 1 else len(lines)  # type: ignore[union-attr]
    title = model.title.title if model.title is not None else ""
    preamble = "\n".join(lines[:first])
    return _Part((PREAMBLE_ID, 1), PREAMBLE_ID, title, 1, 0, preamble.strip(), join_blocks(groups[0][1])), parts


def _reading_order(old: list[_Part], new: list[_Part]) -> list[tuple[_Part | None, _Part | None]]:
    """Pairs (old, new) in the new order; a removed part follows its old predecessor."""
    new_keys = {p.key for p in new}
    old_by_key = {p.key: p for p in old}
    removed_after: dict[tuple[str, int] | None, list[_Part]] = {}
    anchor: tuple[str, int] | None = None
    for p in old:
        if p.key in new_keys:
            anchor = p.key
        else:
            removed_after.setdefault(anchor, []).append(p)
    pairs: list[tuple[_Part | None, _Part | None]] = [(p, None) for p in removed_after.get(None, [])]
    for p in new:
        pairs.append((old_by_key.get(p.key), p))
        pairs += [(r, None) for r in removed_after.get(p.key, [])]
    return pairs


def compare_documents(old: Document | None, new: Document | None, lang: str) -> DocumentRedline:
    """The redline of one document in `lang`; `old` None: added, `new` None: removed.

    The preamble (text before the first section) is compared as a section with
    id `PREAMBLE_ID` when either side has text there or the document title
    changed.
    """
    if old is None and new is None:
        raise ValueError("compare_documents needs at least one document")
    old_preamble, old_parts = _parts(old) if old is not None else (None, [])
    new_preamble, new_parts = _parts(new) if new is not None else (None, [])
    in_place = kept_in_order([p.key for p in old_parts], [p.key for p in new_parts])
    changes = [_compare_part(o, n, in_place) for o, n in _reading_order(old_parts, new_parts)]
    retitled = old is not None and new is not None and old.title != new.title
    if retitled or any(p is not None and p.body for p in (old_preamble, new_preamble)):
        changes.insert(0, _compare_part(old_preamble, new_preamble, {(PREAMBLE_ID, 1)}))
    name = next(d.name for d in (new, old) if d is not None)
    return DocumentRedline(name, lang, old.title if old is not None else None,
                           new.title if new is not None else None, changes)


def _compare_part(old: _Part | None, new: _Part | None, in_place: set[tuple[str, int]]) -> SectionChange:
    if new is None:
        assert old is not None
        return _one_sided(old, "removed", "delete")
    if old is None:
        return _one_sided(new, "added", "insert")
    text_changed = not same_text(old.plain_title, new.plain_title) or not same_text(old.body, new.body)
    kind: Kind = "moved" if old.key not in in_place else "changed" if text_changed else "unchanged"
    if text_changed:
        title_spans, body_spans = diff_text(old.plain_title, new.plain_title), diff_text(old.body, new.body)
    else:
        title_spans, body_spans = _whole("equal", new.plain_title), _whole("equal", new.body)
    return SectionChange(
        id=new.id, kind=kind, old_title=old.plain_title, new_title=new.plain_title,
        old_position=old.position, new_position=new.position,
        title_spans=title_spans, body_spans=body_spans, text_changed=text_changed,
        markup_changed=not text_changed and (old.markdown.strip() != new.markdown.strip() or old.level != new.level),
        level=new.level,
    )


def _one_sided(part: _Part, kind: Kind, op: Op) -> SectionChange:
    added = kind == "added"
    return SectionChange(
        id=part.id, kind=kind,
        old_title=None if added else part.plain_title, new_title=part.plain_title if added else None,
        old_position=None if added else part.position, new_position=part.position if added else None,
        title_spans=_whole(op, part.plain_title), body_spans=_whole(op, part.body),
        text_changed=True, level=part.level,
    )


def _whole(op: Op, text: str) -> list[Span]:
    return [Span(op, text)] if text else []


def compare_revisions(old: Revision | None, new: Revision, lang: str) -> list[DocumentRedline]:
    """A redline per document of either revision in `lang` (`index` first), added and removed ones included."""
    names = set(new.documents) | (set(old.documents) if old is not None else set())
    redlines = []
    for name in sorted(names, key=lambda n: (n != "index", n)):
        before = old.document(name, lang) if old is not None else None
        after = new.document(name, lang)
        if before is not None or after is not None:
            redlines.append(compare_documents(before, after, lang))
    return redlines
