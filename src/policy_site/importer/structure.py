"""An existing policy's Markdown, given the structure the content format needs.

What it does to the text, and only this (every word stays as written):

- drops front matter (`---` YAML or `+++` TOML at the top);
- keeps one H1, the first; a later `# ...` becomes a section heading; with no H1,
  a short first line standing alone (`プライバシーポリシー`) becomes the H1;
- turns pseudo-headings into headings: a line that is only `＜…＞`, `【…】`,
  `[…]`, `〈…〉`, `《…》`, a caption `（目的）` (bold or not: `**[…]**`), `■ …`/`◆ …`/`● …`,
  a whole bold line, `第N章`, `第N条（…）`/`Article N (…)`/`§ N Title`, or a short numbered title (`1. 個人情報の定義`,
  `１．定義`, `2 Definitions`) or a Roman-numbered one (`I. General`, `Ⅱ．利用目的`, in order
  from I) standing alone (not in a run of lines numbered one after the other, which is a
  list: `1. 利用目的` followed by the list `1. 発送` `2. 回答` is a title and its list);
  the decoration (brackets, marks, bold) goes, the title stays word for word. Heading levels follow the order in which the styles first appear;
- turns list-like lines into Markdown list items, marker kept as text:
  `（1）氏名` -> `- （1）氏名`, `①`, `ア)`, `(a)`, `1)`, and full-width numbered lines that are
  no title (`１．お客様の住所を利用します。` -> `- １．…`); `・氏名` -> `- 氏名`;
  and puts a blank line around a list, as Python-Markdown needs.

It never assigns ids: `ids.py` does, across languages.

Why line patterns of its own, beside the model's reader (Python-Markdown): this module
rewrites the source line by line and must keep every other byte; the input is not yet the
content format (pseudo-headings are paragraphs to Markdown), and Python-Markdown gives no
source positions to rewrite at. What it writes is then read by the model like any page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
_ATTRS = re.compile(r"[ \t]*\{:?[ \t]*([^{}]*)\}[ \t]*$")
_FRONT_MATTER = re.compile(r"\A(?:---[ \t]*\n.*?\n(?:---|\.\.\.)|\+\+\+[ \t]*\n.*?\n\+\+\+)[ \t]*(?:\n|\Z)", re.S)

_NUM = r"[0-9０-９]+"
_KANSUJI = r"[0-9０-９一二三四五六七八九十百〇]+"
_BOLD = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
_BRACKETED = re.compile(r"^(?:＜(.+)＞|【(.+)】|\[(.+)\]|〈(.+)〉|《(.+)》|<([^<>\x00-\x7f][^<>]*)>|（([^（）]+)）)$")
_ITEM_MARK = re.compile(r"^(?:[0-9０-９]+|[a-zA-Zａ-ｚア-ンｱ-ﾝ]|[ivx]+|[①-⑳])$")
_CHAPTER = re.compile(rf"^第{_KANSUJI}[章節編](?:[ \t　]+\S.*)?$")
_MARKED = re.compile(r"^[■◆●□◇○▼▲][ \t　]*(.+)$")
_ARTICLE = re.compile(rf"^(?:第{_KANSUJI}条(?:[ \t　]*[（(].{{1,40}}[）)])?(?:[ \t　]+\S.*)?"
                      rf"|(?:Article|Section|Chapter)[ \t]+{_NUM}\b.*|§[ \t]*{_NUM}[ \t]+\S.*)$", re.I)  # § 2 Zwecke (German)
_NUMBERED = re.compile(rf"^({_NUM})(?:[.．、]|[ \t　])[ \t　]*(\S.*)$")
# A number of three or more digits without a point is not a section number: `10435 Berlin`,
# `75008 Paris` are the postal-code line of an address block.
_POSTAL_LINE = re.compile(r"^[0-9０-９]{3,}[ \t　]")
_SUBNUMBERED = re.compile(r"^([0-9０-９]{1,2})[.．]([0-9０-９]{1,2})[.．]?[ \t　]+\S")  # `2.1 Server-Logfiles`
_NO_POINT = re.compile(r"^[0-9０-９]+[ \t　]")  # `2 Definitions`: a heading only as a paragraph of its own
# Roman numerals heading a part: `I. 総則`, `IV. Contact`, `Ⅱ．利用目的`, `Ⅲ 窓口` (Latin letters need the dot:
# "I agree" is a sentence).
_ROMAN = re.compile(r"^([IVX]{1,6}(?=[.．])|[Ⅰ-Ⅻ])[.．、]?[ \t　]*(\S.*)$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# A numbered line Markdown does not make a list item: a full-width number or point (`１．`, `1．`).
_WIDE_NUMBERED = re.compile(r"^([ \t]*)(?:[０-９]+[.．]|[0-9]+．)[ \t　]*\S")
_LIST_LIKE = re.compile(
    rf"^([ \t]*)(?:[（(](?:{_NUM}|[a-zA-Zａ-ｚア-ンｱ-ﾝ]|[ivx]+)[）)]|{_NUM}[)）]|[①-⑳㉑-㉟]"
    r"|[ア-ンｱ-ﾝa-zA-Z][)）]|[ivx]+[)）])[ \t　]*\S")
_BULLET = re.compile(r"^([ \t]*)[・･][ \t　]*(\S.*)$")
_MD_LIST = re.compile(r"^[ \t]*(?:[-*+]|[0-9]+\.)[ \t]+\S")
_MD_ORDERED = re.compile(r"^[ \t]*[0-9]+\.[ \t]+\S")
_SENTENCE_END = re.compile(r"[。．.:：、,，;；]$")
TITLE_MAX = 60


@dataclass
class Heading:
    """A heading of the imported document: where, how deep, its title and attributes."""

    line: int  # 0-based index into `ImportedDocument.lines`
    level: int
    title: str
    ident: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    source: str = "markdown"  # markdown, or the pseudo-heading style it came from


@dataclass
class ImportedDocument:
    """The document's lines (headings without their `#`) and its headings."""

    lines: list[str]
    title: Heading | None
    headings: list[Heading]  # sections, level >= 2, in order

    def markdown(self, ids: list[str], disclosures: list[list[str]]) -> str:
        """The Markdown to write: every section heading with its id and proposed disclosures."""
        out = list(self.lines)
        if self.title is not None:
            out[self.title.line] = f"# {self.title.title}"
        for heading, ident, rules in zip(self.headings, ids, disclosures):
            attrs = [f"#{ident}"] + [f'{k}="{v}"' for k, v in heading.attrs.items() if k != "data-disclosure"]
            if rules:
                attrs.append(f'data-disclosure="{" ".join(rules)}"')
            out[heading.line] = f"{'#' * heading.level} {heading.title} {{{' '.join(attrs)}}}"
        text = "\n".join(out)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _strip_bold(text: str) -> str:
    m = _BOLD.match(text)
    return m.group(2).strip() if m else text


def _title_max(text: str) -> int:
    """An English title runs about twice as long as its Japanese one
    ("Article 5 (Accredited Personal Information Protection Organization)" / 第5条（認定個人情報保護団体）)."""
    return TITLE_MAX if _WIDE_CHAR.search(text) else 2 * TITLE_MAX


_WIDE_CHAR = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _title_like(text: str) -> bool:
    return 0 < len(text) <= TITLE_MAX and not _SENTENCE_END.search(text) and "|" not in text


def pseudo_heading(line: str) -> tuple[str, str] | None:
    """(style, title) when a line on its own is a heading in disguise; None otherwise."""
    text = line.strip()
    if not text or _MD_LIST.match(line) and not _NUMBERED.match(text):
        return None
    inner = _strip_bold(text)
    bracket = _BRACKETED.match(inner)
    if bracket:
        title = _strip_bold(next(g for g in bracket.groups() if g is not None).strip())
        return ("bracket", title) if _title_like(title) and not _ITEM_MARK.match(title) else None
    if _CHAPTER.match(inner) and _title_like(inner):
        return "chapter", inner
    marked = _MARKED.match(inner)
    if marked and _title_like(marked.group(1)):
        return "mark", marked.group(1).strip()
    if _ARTICLE.match(inner) and len(inner) <= _title_max(inner) and not _SENTENCE_END.search(inner):
        return "article", inner
    roman = _ROMAN.match(inner)
    if roman and _title_like(inner) and _roman_value(roman.group(1)):
        return "roman", inner
    numbered = _NUMBERED.match(inner)
    if numbered and _title_like(inner) and not _LIST_LIKE.match(inner) and not _POSTAL_LINE.match(inner):
        return "numbered", inner
    if inner != text and _title_like(inner):
        return "bold", inner
    return None


def _split_front_matter(text: str) -> str:
    return _FRONT_MATTER.sub("", text.lstrip("\ufeff"), count=1)


_ATTR_TOKEN = re.compile(r"""#([\w\-:.]+)|\.([\w\-]+)|([\w\-:]+)=(?:"([^"]*)"|'([^']*)'|(\S+))""")


def _parse_heading(title: str) -> tuple[str, str | None, dict[str, str]]:
    """A Markdown heading's title, its `{#id key="v"}` id and attributes (attr_list's syntax).

    Hand-written: the importer reads headings before they are Markdown the site
    renders (its pseudo-headings are not headings yet), so it cannot ask the renderer.
    """
    m = _ATTRS.search(title)
    if not m:
        return title.strip(), None, {}
    ident: str | None = None
    attrs: dict[str, str] = {}
    for token in _ATTR_TOKEN.finditer(m.group(1)):
        if token.group(1):
            ident = token.group(1)
        elif token.group(3):
            attrs[token.group(3)] = next(v for v in token.group(4, 5, 6) if v is not None)
    return title[: m.start()].strip(), ident, attrs


def _number(text: str) -> int:
    m = re.match(_NUM, text.translate(_WIDE_DIGITS))
    return int(m.group()) if m else 0


_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _roman_value(numeral: str) -> int:
    """The value of a Roman numeral (`IV` 4, `Ⅻ` 12); 0 if it is not one written the usual way."""
    if "\u2160" <= numeral <= "\u216b":
        return ord(numeral) - 0x215F
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total if total > 0 and _to_roman(total) == numeral else 0


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out, value = out + letters, value - number
    return out


def _ordinal(style: str, title: str) -> int:
    """The number a numbered or Roman-numbered title carries."""
    if style == "roman":
        m = _ROMAN.match(title)
        return _roman_value(m.group(1)) if m else 0
    return _number(title)


def _code_lines(lines: list[str]) -> set[int]:
    """Indices of lines inside fenced code (fences included)."""
    inside: set[int] = set()
    fence: str | None = None
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence is not None:
            inside.add(i)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
        elif m:
            fence = m.group(1)
            inside.add(i)
    return inside


def _setext_to_atx(lines: list[str], code: set[int]) -> list[str]:
    out = list(lines)
    for i in range(1, len(out)):
        m = _SETEXT.match(out[i])
        if m and i not in code and i - 1 not in code and out[i - 1].strip() and not _ATX.match(out[i - 1]) \
                and not _MD_LIST.match(out[i - 1]) and not out[i - 1].lstrip().startswith(("|", "<", ">")):
            out[i - 1] = f"{'#' if m.group(1)[0] == '=' else '##'} {out[i - 1].strip()}"
            out[i] = ""
    return out


def _neighbour(lines: list[str], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(lines) and not lines[j].strip():
        j += step
    return lines[j] if 0 <= j < len(lines) else ""


def normalize_markdown(text: str) -> ImportedDocument:
    """Read an existing policy's Markdown into an `ImportedDocument` (see the module's docstring)."""
    lines = _split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    code = _code_lines(lines)
    lines = _setext_to_atx(lines, code)
    found: dict[int, tuple[str, str, int]] = {}  # line -> (style, title, markdown level or 0)
    last = {"numbered": 0, "roman": 0}
    last_sub = (0, 0)
    for i, line in enumerate(lines):
        if i in code:
            continue
        atx = _ATX.match(line)
        if atx:
            found[i] = ("markdown", atx.group(2), len(atx.group(1)))
            continue
        pseudo = pseudo_heading(line)
        if pseudo is None:
            continue
        style, title = pseudo
        if style == "numbered" and _NO_POINT.match(title) and not _alone(lines, i):
            continue  # `1 rue de Rivoli` inside an address block is a line of the address
        sub = _SUBNUMBERED.match(title) if style == "numbered" else None
        if sub:  # `2.1 Server-Logfiles` under `2. Datenverarbeitung`: a subsection, in order
            number = (int(sub.group(1).translate(_WIDE_DIGITS)), int(sub.group(2).translate(_WIDE_DIGITS)))
            if number <= last_sub:
                continue
            last_sub = number
            found[i] = ("subnumbered", title, 0)
            continue
        if style == "article" and title.startswith("§") and not _alone(lines, i):
            continue  # `§ 257 HGB und` is a line of a paragraph citing the law
        if style in last:
            # a numbered title is a heading only outside a run of lines numbered one after the
            # other (a list), and in sequence with the titles before it: `1. 利用目的` followed by
            # the list `1. 発送` `2. 回答` heads it, and `2. 第三者提供` after the list is the next title
            number = _ordinal(style, title)
            if _in_run(lines, i, style) or number <= last[style] or style == "roman" and number != last[style] + 1:
                continue  # (Roman parts go I, II, III: `V. Smith` on a line of its own is a name)
            last[style] = number
            if style == "roman":
                last["numbered"] = 0  # each part numbers its sections from 1 again
        found[i] = (style, title, 0)
    return _assemble(lines, code, found)


def _alone(lines: list[str], i: int) -> bool:
    """Whether line `i` is a paragraph of its own (blank lines, or the text's ends, around it)."""
    return all(not (0 <= j < len(lines)) or not lines[j].strip() for j in (i - 1, i + 1))


def _in_run(lines: list[str], i: int, style: str) -> bool:
    """Whether the numbered line `i` continues the numbering of the numbered line before it,
    or the one after it continues its own (blank lines between them allowed)."""
    pattern = _ROMAN if style == "roman" else _NUMBERED
    number = _ordinal(style, _strip_bold(lines[i].strip()))
    for step in (-1, 1):
        near = _strip_bold(_neighbour(lines, i, step).strip())
        if pattern.match(near) and _ordinal(style, near) == number + step:
            return True
    return False


def _assemble(lines: list[str], code: set[int], found: dict[int, tuple[str, str, int]]) -> ImportedDocument:
    existing = [lvl for style, _, lvl in found.values() if style == "markdown" and lvl >= 2]
    base = min(6, max(existing) + 1) if existing else 2
    styles: list[str] = []
    for style, _, _ in (found[i] for i in sorted(found)):
        if style != "markdown" and style not in styles:
            styles.append(style)
    first_text = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    has_h1 = any(style == "markdown" and lvl == 1 for style, _, lvl in found.values())
    out: list[str] = []
    title: Heading | None = None
    headings: list[Heading] = []
    in_list = False
    for i, line in enumerate(lines):
        if i in code:
            out.append(line)
            in_list = False
            continue
        entry = found.get(i)
        if entry is None and not has_h1 and title is None and i == first_text \
                and _title_like(_strip_bold(line.strip())) and not _LIST_LIKE.match(line) and not _MD_LIST.match(line):
            entry = ("first-line", _strip_bold(line.strip()), 1)
        if entry is not None:
            style, raw_title, level = entry
            heading_title, ident, attrs = _parse_heading(raw_title)
            if style != "markdown" and style != "first-line":
                level = min(6, base + min(styles.index(style), 1))
            if level == 1 and title is None:
                out += ["", ""]
                title = Heading(len(out) - 1, 1, heading_title, ident, attrs, style)
            else:
                out += ["", ""]
                headings.append(Heading(len(out) - 1, max(level, 2), heading_title, ident, attrs, style))
            out.append("")
            in_list = False
            continue
        bullet = _BULLET.match(line)
        if bullet:
            line = f"{bullet.group(1)}- {bullet.group(2)}"
        elif (_LIST_LIKE.match(line) or _WIDE_NUMBERED.match(line)) and not _MD_LIST.match(line):
            indent = len(line) - len(line.lstrip())
            line = f"{line[:indent]}- {line[indent:].lstrip()}"
        is_item = bool(_MD_LIST.match(line))
        line = _hard_break(line)
        if is_item and out and _MD_LIST.match(out[-1]):
            out[-1] = out[-1].rstrip()  # the next item breaks the line: a break mark would only be trailing spaces
        if is_item and not in_list and out and out[-1].strip():
            out.append("")  # Python-Markdown starts a list only after a blank line
        elif not is_item and in_list and line.strip() and not line[:1].isspace():
            out.append("")  # a plain line after a list is a new paragraph, not part of the last item
        if line.strip():
            in_list = is_item
        if _plain(line) and out and _plain(out[-1]) and _keeps_break(out[-1]):
            out[-1] = out[-1].rstrip() + "  "  # a line of its own in the source stays one (Python-Markdown joins them)
        out.append(line)
    return ImportedDocument(out, title, headings)


_CJK_END = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]$")
BREAK_BELOW = 40


_BACKSLASH_BREAK = re.compile(r"(?<!\\)((?:\\\\)*)\\[ \t]*$")


def _hard_break(line: str) -> str:
    """A line ending in a backslash (CommonMark's hard break) ends in two spaces instead:
    Python-Markdown, the site's reader, breaks a line only there and shows a backslash as it is."""
    return _BACKSLASH_BREAK.sub(lambda m: m.group(1) + "  ", line) if line.strip() else line


def _plain(line: str) -> bool:
    """A line of paragraph text: not blank, not a list item, a table row, HTML or a quote."""
    text = line.strip()
    return bool(text) and not line[:1].isspace() and not _MD_LIST.match(line) and not text.startswith(("|", "<", ">", "#"))


def _keeps_break(line: str) -> bool:
    """Whether the break after this line was meant: the line ends in Japanese, or is short
    (a label, an address line, a date); a long English line is soft-wrapped prose."""
    text = line.rstrip()
    if text.endswith("\\") or line.endswith("  "):
        return False
    return bool(_CJK_END.search(text)) or len(text) < BREAK_BELOW
