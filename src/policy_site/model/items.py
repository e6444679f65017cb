"""List items as readers see them, whatever made them items.

A reader takes `（1）氏名`, `(a) name`, `１．氏名`, `①氏名`, `ア）氏名`, `・氏名` or `- name`
at the start of a line for a list item, whether Markdown made a list of them
(`<li>`) or left them as lines of a paragraph (joined by soft breaks in one `<p>`,
or one paragraph each). Japanese policies are mostly written the second way and
their English translations the first, so `parity-items` counts both alike:

- every `item` block (an `<li>`) is one item, whatever its text starts with, plus
  each further line of it that starts with a list marker;
- every line of a paragraph (`para` block) that starts with a list marker is one item.

Nested lists count flat: an item of a list inside an item is one more item, as a
`①` line under a `（1）` line is. Indentation is not read (a paragraph's lines have
none once rendered), so the two styles of nesting compare equal; a translation that
turns sub-items into a sentence has fewer items. Table rows, code and raw HTML hold
no items.

The markers are those of Japanese and English policies, with half- and full-width
forms: `(1)`, `（１）`, `1)`, `1.`, `１．` (not `1.5`), circled and parenthesized
numbers (`①`, `⑴`, `⒈`), `(a)`, `a)`, `(i)`, `i)`, `I.`, `（ア）`, `ア）`, `ア．`,
`（一）`, `一　` (statute style), and bullets (`・`, `•`, `●`, `○`, `■`, `◆`, and `-`,
`*`, `+`, `–` followed by a space).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .blocks import Block

_DIGITS = r"(?:[0-9]{1,3}|[０-９]{1,3})"
_LETTER = r"[a-zA-Zａ-ｚＡ-Ｚ]"
_KANA = r"[ア-ンｱ-ﾝあ-ん]"
_ROMAN = r"(?:[ivx]{1,5}|[IVX]{1,5}|[ⅰ-ⅿⅠ-Ⅿ])"
_KANSUJI = r"[一二三四五六七八九十]{1,3}"
_SPACE = r"[ \t\u3000]"
LIST_MARKER = re.compile(
    "^(?:"
    rf"[(（]{_SPACE}*(?:{_DIGITS}|{_LETTER}|{_KANA}|{_ROMAN}|{_KANSUJI}){_SPACE}*[)）]"  # (1) （１） (a) (i) （ア） （一）
    rf"|(?:{_DIGITS}|{_LETTER}|{_KANA}|{_ROMAN})[)）]"  # 1) a) ア） i)
    rf"|{_DIGITS}[.．](?![0-9０-９])"  # 1. １． (not 1.5)
    rf"|{_KANA}[.．]"  # ア．
    rf"|(?:[IVX]{{1,5}}|[ⅰ-ⅿⅠ-Ⅿ])[.．]{_SPACE}"  # I. Ⅱ．
    rf"|{_KANSUJI}\u3000"  # 一　(statute style)
    r"|[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf\u32d0-\u32fe]"  # ① ⑴ ⒈ ⒜ Ⓐ ❶ ➀ ㉑ ㊱ ㋐
    r"|[・･•●○◦‣▪■□◆◇]"
    rf"|[-*+－–]{_SPACE}"
    rf"){_SPACE}*\S"
)


def starts_with_marker(line: str) -> bool:
    """Whether a line of text starts with a list marker (and has text after it)."""
    return bool(LIST_MARKER.match(line.strip()))


def item_lines(blocks: Iterable[Block]) -> list[int]:
    """The source line of each list item a reader sees in these blocks (see the module's
    docstring), in reading order: one entry per item."""
    out: list[int] = []
    for block in blocks:
        if block.kind == "item":
            out.append(block.line)
            out += [block.line + i for i, line in enumerate(block.lines) if i and starts_with_marker(line)]
        elif block.kind == "para":
            lines = block.lines or (block.text,)
            out += [block.line + i for i, line in enumerate(lines) if starts_with_marker(line)]
    return out


def count_items(blocks: Iterable[Block]) -> int:
    """How many list items a reader sees in these blocks."""
    return len(item_lines(blocks))
