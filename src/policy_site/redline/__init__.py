"""Section-aligned redlines: what a lawyer reviews between two revisions.

Sections are matched by id, never by position, so a renumbered or moved section
is still compared with itself. Each section's text (its heading title and its
own body) is turned into plain readable text and diffed by `redline_diff`:
whole words and numbers, Japanese character by character inside a changed run,
white space never a change (a section that differs only in white space is
unchanged), and deterministic (no time-out).

Knows nothing of MkDocs or git: it reads `Document`s and returns data, and
renders that data as an HTML fragment, GitHub Markdown or terminal text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..locale import format_number, translator
from ..model.document import Block, Heading, Section, join_blocks, readable_text
from ..model.render import MarkdownSettings
from .diff import Op, Span, diff_text, same_text, tokenize
from .diff import normalize as _normalize
from ..model.revisions import Document, Revision

Kind = Literal["unchanged", "changed", "added", "removed", "moved"]
DocumentKind = Literal["unchanged", "changed", "added", "removed"]

PREAMBLE_ID = ""
"""`SectionChange.id` of the text before the first section (and the document title)."""

# --- UI strings -------------------------------------------------------------

def labels_for(lang: str, locale_dir: str | Path | None = None) -> dict[str, str]:
    """The redline's UI strings in `lang`, from the gettext catalogs (`ja-JP` reads `ja`).

    `deleted_start`, `inserted_start` and `marker_end` are read aloud and copied
    with the text (`[deleted: ...]`), hidden from sight by the stylesheet.
    """
    _ = translator(lang, locale_dir)
    return {
        "added": _("Added section"),
        "removed": _("Removed section"),
        "moved": _("Moved section (from position {old} to {new})"),
        "moved_changed": _("Moved section (from position {old} to {new}), changed"),
        "changed": _("Changed"),
        "unchanged": _("Unchanged"),
        "unchanged_markup": _("Unchanged (formatting changed only)"),
        "unchanged_summary": _("Unchanged section: {title}"),
        "unchanged_markup_summary": _("Unchanged section (formatting changed only): {title}"),
        "unchanged_list": _("Unchanged: {titles}"),
        # Translators: joins the titles of unchanged sections in "Unchanged: {titles}".
        "list_separator": _("; "),
        "document_added": _("Added document"),
        "document_removed": _("Removed document"),
        "preamble": _("Beginning of the document"),
        # Translators: opens deleted text for screen readers and copies; keep the trailing space.
        "deleted_start": _("[deleted: "),
        # Translators: opens inserted text for screen readers and copies; keep the trailing space.
        "inserted_start": _("[inserted: "),
        # Translators: closes deleted or inserted text.
        "marker_end": _("]"),
        "summary": _("Sections: {added} added, {removed} removed, {moved} moved, {changed} changed, "
                     "{unchanged} unchanged; characters: {inserted} inserted, {deleted} deleted"),
    }


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


def _in_place(old_keys: Sequence[tuple[str, int]], new_keys: Sequence[tuple[str, int]]) -> set[tuple[str, int]]:
    """The common keys of a longest common subsequence of the two orders (the rest moved).

    Keys are unique, so this is the longest increasing subsequence of the old
    positions read in the new order.
    """
    old_index = {k: i for i, k in enumerate(old_keys)}
    common = [k for k in new_keys if k in old_index]
    seq = [old_index[k] for k in common]
    tail_values: list[int] = []  # tail_values[j]: the smallest last value of an increasing run of length j+1
    tails: list[int] = []  # ... and its index in seq
    previous: list[int | None] = [None] * len(seq)
    for i, value in enumerate(seq):
        j = bisect_left(tail_values, value)
        previous[i] = tails[j - 1] if j else None
        if j == len(tails):
            tail_values.append(value)
            tails.append(i)
        else:
            tail_values[j], tails[j] = value, i
    keep: set[tuple[str, int]] = set()
    at = tails[-1] if tails else None
    while at is not None:
        keep.add(common[at])
        at = previous[at]
    return keep


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
    in_place = _in_place([p.key for p in old_parts], [p.key for p in new_parts])
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


# --- rendering: shared ------------------------------------------------------


def section_label(change: SectionChange, labels: Mapping[str, str]) -> str:
    """The kind of change in words, e.g. `Moved section (from position 3 to 5), changed`."""
    if change.kind == "moved":
        key = "moved_changed" if change.text_changed else "moved"
        return labels[key].format(old=change.old_position, new=change.new_position)
    if change.kind == "unchanged" and change.markup_changed:
        return labels["unchanged_markup"]
    return labels[change.kind]


def _display_title(change: SectionChange, labels: Mapping[str, str]) -> str:
    return change.title or (labels["preamble"] if change.id == PREAMBLE_ID else change.id)


def _visible(span: Span) -> str:
    """An edit of only line breaks gets a pilcrow, or nobody would see it."""
    if span.op != "equal" and "\n" in span.text and not span.text.strip():
        return "¶" + span.text
    return span.text


def _document_note(redline: DocumentRedline, labels: Mapping[str, str]) -> str | None:
    if redline.kind == "added":
        return labels["document_added"]
    if redline.kind == "removed":
        return labels["document_removed"]
    return None


# --- rendering: HTML ------------------------------------------------------------


def render_html(redline: DocumentRedline, *, labels: Mapping[str, str] | None = None,
                heading_level: int = 3) -> str:
    """An HTML fragment: a summary, then one <section> per section, unchanged ones collapsed.

    Every change is told in text as well as by <del>/<ins>: a label names the
    kind of change, and visually hidden markers (`[deleted: ...]`) bracket each
    edit for screen readers that do not announce <del>/<ins>. The page must
    style `.visually-hidden` (off-screen, not `display: none`).
    """
    labels = labels or labels_for(redline.lang)
    out = [f'<div class="redline" lang="{_attr(redline.lang)}">',
           f'<p class="redline-summary">{_esc(redline.summary(labels))}</p>']
    note = _document_note(redline, labels)
    if note:
        out.append(f'<p class="redline-document-label">{_esc(note)}</p>')
    out += [_html_section(change, labels, heading_level) for change in redline.sections]
    out.append("</div>")
    return "\n".join(out) + "\n"


def _html_section(change: SectionChange, labels: Mapping[str, str], heading_level: int) -> str:
    classes = f"redline-section redline-section--{change.kind}"
    if change.kind == "moved" and change.text_changed:
        classes += " redline-section--text-changed"
    anchor = f"change-{change.id}" if change.id != PREAMBLE_ID else "redline-preamble"
    opening = f'<section class="{classes}" id="{_attr(anchor)}">'
    text = f'<div class="redline-text">{_html_spans(change.body_spans, labels)}</div>'
    if change.kind == "unchanged":
        key = "unchanged_markup_summary" if change.markup_changed else "unchanged_summary"
        summary = labels[key].format(title=_display_title(change, labels))
        return f"{opening}\n<details><summary>{_esc(summary)}</summary>\n{text}\n</details>\n</section>"
    h = max(1, min(heading_level, 6))
    heading = f'<h{h} class="redline-heading">{_html_title(change, labels)}</h{h}>'
    label = f'<p class="redline-label">{_esc(section_label(change, labels))}</p>'
    return f"{opening}\n{heading}\n{label}\n{text}\n</section>"


def _html_title(change: SectionChange, labels: Mapping[str, str]) -> str:
    if change.renamed:
        old = _html_spans([Span("delete", change.old_title or "")], labels)
        new = _html_spans([Span("insert", change.new_title or "")], labels)
        return f"{old} {new}"
    return _esc(_display_title(change, labels))


def _html_spans(spans: Sequence[Span], labels: Mapping[str, str]) -> str:
    out = []
    for span in spans:
        text = _esc(_visible(span)).replace("\n", "<br>\n")
        if span.op == "equal":
            out.append(text)
            continue
        tag, start = ("del", labels["deleted_start"]) if span.op == "delete" else ("ins", labels["inserted_start"])
        out.append(f"<{tag}>{_hidden(start)}{text}{_hidden(labels['marker_end'])}</{tag}>")
    return "".join(out)


def _hidden(text: str) -> str:
    return f'<span class="visually-hidden">{_esc(text)}</span>'


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


# --- rendering: GitHub Markdown ---------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|])")
_MD_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


def _escape_line_start(text: str) -> str:
    """`# x` -> `\\# x`; `1. x` -> `1\\. x` (a backslash before a digit is not an escape)."""
    return _MD_LINE_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text)


def render_markdown(redline: DocumentRedline, *, labels: Mapping[str, str] | None = None,
                    heading_level: int = 3) -> str:
    """For a pull-request comment: a heading, the kind and the marked text per changed section.

    Edits are <del>/<ins> tags, not `~~`/`**`: CommonMark's emphasis rules fail
    next to Japanese punctuation (`が**「当社」**と` stays literal). Each
    section's text is one paragraph with <br> for line breaks, so no line of
    policy text can start a Markdown list or heading. Unchanged sections are
    listed on one line.
    """
    labels = labels or labels_for(redline.lang)
    out = [_md_text(redline.summary(labels))]
    note = _document_note(redline, labels)
    if note:
        out.append(f"*{_md_text(note)}*")
    unchanged = []
    hashes = "#" * max(1, min(heading_level, 6))
    for change in redline.sections:
        if change.kind == "unchanged":
            unchanged.append(_display_title(change, labels))
            continue
        out.append(f"{hashes} {_md_title(change, labels)}")
        out.append(f"*{_md_text(section_label(change, labels))}*")
        if change.body_spans:
            out.append(_md_spans(change.body_spans))
    if unchanged:
        out.append(_md_text(labels["unchanged_list"].format(titles=labels["list_separator"].join(unchanged))))
    return "\n\n".join(out) + "\n"


def _md_title(change: SectionChange, labels: Mapping[str, str]) -> str:
    if change.renamed:
        return _md_spans([Span("delete", change.old_title or ""), Span("insert", change.new_title or "")], sep=" ")
    return _md_text(_display_title(change, labels))


def _md_spans(spans: Sequence[Span], sep: str = "") -> str:
    out = []
    for span in spans:
        text = _md_text(_visible(span))
        out.append(text if span.op == "equal" else f"<del>{text}</del>" if span.op == "delete" else f"<ins>{text}</ins>")
    return _escape_line_start(sep.join(out))


def _md_text(text: str) -> str:
    """Literal text in GitHub Markdown: HTML-escaped, Markdown-escaped, line breaks as <br>."""
    escaped = _MD_SPECIAL.sub(r"\\\1", _esc(text))
    return _escape_line_start(escaped).replace("\n", "<br>")


# --- rendering: terminal ------------------------------------------------------------

_ANSI = {"delete": "\x1b[31m", "insert": "\x1b[32m", "heading": "\x1b[1m"}
_ANSI_RESET = "\x1b[0m"
_WDIFF = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}


def render_text(redline: DocumentRedline, color: bool = False, *,
                labels: Mapping[str, str] | None = None) -> str:
    """For a terminal: wdiff-style `[-deleted-]{+inserted+}`, coloured only if `color`.

    The markers stay with colour on, so the redline reads the same without it.
    """
    labels = labels or labels_for(redline.lang)
    out = [f"{_paint(redline.title, 'heading', color)} [{redline.lang}]", redline.summary(labels)]
    note = _document_note(redline, labels)
    if note:
        out.append(note)
    unchanged = []
    for change in redline.sections:
        if change.kind == "unchanged":
            unchanged.append(_display_title(change, labels))
            continue
        title = (_text_spans([Span("delete", change.old_title or ""), Span("insert", change.new_title or "")], color, " ")
                 if change.renamed else _display_title(change, labels))
        out.append(f"{_paint('==', 'heading', color)} {title} ({section_label(change, labels)})")
        if change.body_spans:
            out.append(_text_spans(change.body_spans, color))
    if unchanged:
        out.append(labels["unchanged_list"].format(titles=labels["list_separator"].join(unchanged)))
    return "\n\n".join(out) + "\n"


def _text_spans(spans: Sequence[Span], color: bool, sep: str = "") -> str:
    out = []
    for span in spans:
        if span.op == "equal":
            out.append(span.text)
            continue
        start, end = _WDIFF[span.op]
        out.append(_paint(f"{start}{_visible(span)}{end}", span.op, color))
    return sep.join(out)


def _paint(text: str, what: str, color: bool) -> str:
    """Colour `text` line by line, so a pager never carries a colour into the next line."""
    if not color:
        return text
    return "\n".join(f"{_ANSI[what]}{line}{_ANSI_RESET}" if line else line for line in text.split("\n"))


__all__ = [
    "PREAMBLE_ID", "DocumentKind", "DocumentRedline", "Kind", "Op", "RedlineCounts", "SectionChange", "Span",
    "compare_documents", "compare_revisions", "diff_text", "labels_for",
    "markdown_to_text", "render_html", "render_markdown", "render_text", "section_label",
    "tokenize", "total_counts",
]
