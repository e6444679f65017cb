"""Sentences a reader would stumble on: a clause said twice, a sentence cut off.

What a garbled machine translation or a bad paste leaves behind, and no other
check sees (the facts and the list items may all still be there):

- a clause repeated verbatim within one sentence ("We use your data to provide
  services, we use your data to provide services.", `当社は、お客様の情報を利用し、お客様の情報を利用し、…`);
- a sentence that stops mid-way: a paragraph or list item ending in a word that
  cannot end a sentence (`to`, `the`, `and`; `を`, `が`) where no punctuation follows
  (not a paragraph a list continues, "information such as" + items, nor a legal list's
  "…; and").

Both are read from the model (paragraphs and list items, as readers get them),
never from code or table rows. Hand-written: a few regular expressions over the
model's text; no library judges "a repeated clause" for Japanese and English alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..model.blocks import Block

# A sentence ends at 。．！？ or at . ! ? followed by a space or the end (not inside 1.5 or e.g.).
_SENTENCES = re.compile(r"[^。．！？!?]+?(?:[。．！？]+|[.!?]+(?=\s|$)|$)", re.S)
# Clauses are cut at commas, semicolons and colons, half- and full-width.
_CLAUSE_CUT = re.compile(r"[、，,;；:：]")
MIN_CLAUSE_WORDS = 4  # a Latin clause repeated must have this many words
MIN_CLAUSE_CHARS = 8  # a Japanese/Chinese/Korean one this many characters
BACK_TO_BACK_WORDS = 3  # "to provide services to provide services": no English sentence says that on purpose
MAX_REPEAT = 60  # longest run (characters or words) looked for repeated back to back
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")

# Words no English sentence ends with (a cut-off sentence ends with one, and no punctuation).
_DANGLING_EN = frozenset(
    "a an the to of and or for with in on at by from that which who whose than as our your its their "
    "is are was were be been will would may shall can could should such any each every if when where "
    "because including".split())
# Japanese particles that cannot end a sentence or an item (へ can: お問い合わせは下記窓口へ).
_DANGLING_JA = ("を", "が")
_TERMINAL = re.compile(r"[.。．!?！？:：;；)）」』\]】\"'’”…]$")


@dataclass(frozen=True)
class Stumble:
    """One sentence a reader would stumble on: where, what, and the words."""

    line: int
    kind: str  # "repeat" or "cut-off"
    words: str


def stumbles(blocks: tuple[Block, ...] | list[Block]) -> list[Stumble]:
    """Repeated clauses and cut-off sentences in paragraphs and list items."""
    out: list[Stumble] = []
    for i, block in enumerate(blocks):
        if block.kind not in ("para", "item") or not block.text.strip():
            continue
        for sentence in _SENTENCES.findall(" ".join(block.text.split("\n"))):
            repeated = repeated_clause(sentence)
            if repeated:
                out.append(Stumble(_line_of(block, sentence), "repeat", repeated))
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        continued = block.kind == "para" and following is not None and following.kind == "item"
        ending = None if continued else cut_off(block.text)  # "information such as" + a list goes on
        if ending:
            out.append(Stumble(block.line + len(block.lines) - 1 if block.lines else block.line, "cut-off", ending))
    return out


def _line_of(block: Block, sentence: str) -> int:
    """The source line a sentence of a block starts on (a paragraph's lines are its source lines)."""
    start = sentence.strip()[:12]
    return block.line + next((i for i, line in enumerate(block.lines) if start and start in line), 0)


def _key(clause: str) -> str:
    return " ".join(_WORD.findall(clause.casefold())) if not _WIDE.search(clause) else re.sub(r"\s+", "", clause)


def _long_enough(key: str) -> bool:
    return len(key) >= MIN_CLAUSE_CHARS if _WIDE.search(key) else len(key.split()) >= MIN_CLAUSE_WORDS


@lru_cache(maxsize=8192)  # a history repeats its sentences revision after revision
def repeated_clause(sentence: str) -> str | None:
    """The first clause a sentence says twice verbatim (ignoring case and spacing), or a run of
    words repeated back to back ("to provide services to provide services"); None if none."""
    seen: set[str] = set()
    for clause in _CLAUSE_CUT.split(sentence):
        key = _key(clause.strip().rstrip("。．.!?！？"))
        if not _long_enough(key):
            continue
        if key in seen:
            return clause.strip()
        seen.add(key)
    if _WIDE.search(sentence):
        text = re.sub(r"\s+", "", sentence)
        run = _back_to_back(text, MIN_CLAUSE_CHARS, 4)
        return "".join(run) if run else None
    run = _back_to_back(_WORD.findall(sentence.casefold()), BACK_TO_BACK_WORDS, 2)
    return " ".join(run) if run else None


def _back_to_back(tokens: Sequence[str], shortest: int, gram: int) -> Sequence[str] | None:
    """The first run of at least `shortest` (at most MAX_REPEAT) tokens said twice in a row, or None.
    Characters (a str) or words (a list); only runs whose first `gram` tokens recur are compared."""
    seen: dict[object, list[int]] = {}
    for i in range(len(tokens) - gram + 1):
        key = tuple(tokens[i:i + gram])
        for p in seen.get(key, ()):
            size = i - p
            if shortest <= size <= MAX_REPEAT and tokens[p:i] == tokens[i:i + size]:
                return tokens[p:i]
        seen.setdefault(key, []).append(i)
    return None


@lru_cache(maxsize=8192)
def cut_off(text: str) -> str | None:
    """The last words of a text that stops mid-sentence, or None."""
    last = text.split("\n")[-1].strip()
    if not last or _TERMINAL.search(last):
        return None
    if _WIDE.search(last[-1]):
        return last[-20:] if last.endswith(_DANGLING_JA) and len(last) >= MIN_CLAUSE_CHARS else None
    words = _WORD.findall(last)
    if words and words[-1].casefold() in ("and", "or") and re.search(r"[,;]\s*\S+$", last):
        return None  # an item of a legal list: "(a) to ship products; and"
    if len(words) >= MIN_CLAUSE_WORDS and words[-1].casefold() in _DANGLING_EN and last[-1].isalpha():
        return " ".join(last.split()[-6:])
    return None
