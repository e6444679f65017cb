"""Section-aligned redlines: what a lawyer reviews between two revisions.

Sections are matched by id, never by position, so a renumbered or moved section
is still compared with itself. Each section's text (its heading title and its
own body) is turned into plain readable text and diffed by `diff.py`:
whole words and numbers, Japanese character by character inside a changed run,
white space never a change (a section that differs only in white space is
unchanged), and deterministic (no time-out).

Knows nothing of MkDocs or git: it reads `Document`s and returns data
(`compare.py`), and renders that data as an HTML fragment, GitHub Markdown or
terminal text (`render.py`), its words from the gettext catalogs (`labels.py`).
"""

from __future__ import annotations

from .compare import (PREAMBLE_ID, DocumentKind, DocumentRedline, Kind, RedlineCounts, SectionChange,
                      compare_documents, compare_revisions, markdown_to_text, total_counts)
from .diff import Op, Span, diff_text, same_text, tokenize
from .labels import labels_for
from .render import render_html, render_markdown, render_text, section_label

__all__ = ["PREAMBLE_ID", "DocumentKind", "DocumentRedline", "Kind", "Op", "RedlineCounts", "SectionChange", "Span",
           "compare_documents", "compare_revisions", "diff_text", "labels_for", "markdown_to_text", "render_html",
           "render_markdown", "render_text", "same_text", "section_label", "tokenize", "total_counts"]
