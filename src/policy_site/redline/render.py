"""Rendering a redline: an HTML fragment, GitHub Markdown or terminal text."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from .compare import PREAMBLE_ID, DocumentRedline, SectionChange
from .diff import Span
from .labels import labels_for


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

