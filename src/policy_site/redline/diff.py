"""The diff under a redline: two plain texts in, kept/deleted/inserted spans out.

How a text is cut and compared, in three steps:

1. **Tokens.** Numbers are whole tokens (`1,000`, `１５`, `2016.4`), so a
   changed amount reads as one replaced number; Latin words are whole tokens
   (`don't`); every other character is one token, and a run of white space is
   one token whatever it holds (half- or full-width spaces, line breaks).
2. **Coarse diff.** Runs of kanji and of katakana are grouped into one token
   each and the two texts are diffed token by token with diff-match-patch, with
   no deadline (`Diff_Timeout = inf`: its half-match speed-up on, its clock
   never read as a limit), so the same two texts give the same spans on any
   machine under any load. Small equalities wedged between edits are
   folded into them (as diff-match-patch's semantic cleanup does, counted in
   characters), so a reader sees phrases replaced, not confetti.
3. **Characters inside changed Japanese.** An edit that holds CJK characters is
   diffed again one character at a time (numbers and words stay whole): a run of
   kanji `東京都港区赤坂` that became `東京都港区赤坂赤坂` shows one inserted
   `赤坂`, `規則` -> `告示` shows the two characters replaced, not the compound.
   An equality between two changed numbers is never folded, so `２番５` ->
   `４番１５` keeps `番` and shows two numbers changed.

White space is never a change: an edit of white space only (a space added after
`〒`, a line joined or split) is dropped, and `same_text` says two texts differ
only in white space. Equal text is shown as the new text has it.

Knows nothing of Markdown, documents or rendering: `compare.py` and `render.py` do that.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from diff_match_patch import diff_match_patch

Op = Literal["equal", "insert", "delete"]

REFINE_LIMIT = 40_000
"""The largest (old tokens x new tokens) of one edit diffed again by character. The
bisection is O(N*D); a larger edit is a rewrite, better shown replaced whole. A
bound on size, not on time, so the result never depends on the machine's load."""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text kept, inserted or deleted."""

    op: Op
    text: str


# --- tokens -------------------------------------------------------------------

_KANJI = "\u3005-\u3007\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_HIRAGANA = "\u3041-\u309f"
_KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_WORD = f"[^\\W_{_KANJI}{_HIRAGANA}{_KATAKANA}]"
_FINE = re.compile(
    f"\\d+(?:[,.，．]\\d+)*(?!{_WORD})"  # a number: 1,000 / １５ / 2016.4 (digits of any width)
    f"|{_WORD}+(?:['’]{_WORD}+)*"        # a word: policy, individual's, DMM, 4th
    "|\\s+"                              # white space of any kind: one token
    "|.", re.S)                          # any other character: 個, を, ア, 。, 〒
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:[,.，．]\d+)*")
_CJK = re.compile(f"[{_KANJI}{_HIRAGANA}{_KATAKANA}\u3000-\u303f\uff00-\uffef]")
_WS_KEY = " "  # every run of white space compares equal to every other


def fine_tokens(text: str) -> list[str]:
    """Numbers, words, runs of white space and single other characters."""
    return _FINE.findall(text)


_COARSE = re.compile(
    f"\\d+(?:[,.，．]\\d+)*(?!{_WORD})|{_WORD}+(?:['’]{_WORD}+)*"
    f"|[{_KANJI}]+|[{_KATAKANA}]+"  # a run of kanji (個人情報), of katakana (プライバシーポリシー)
    "|\\s+|.", re.S)


@lru_cache(maxsize=256)
def _coarse(text: str) -> tuple[str, ...]:
    return tuple(_COARSE.findall(text))


def tokenize(text: str) -> list[str]:
    """The units of the coarse diff: `fine_tokens` with runs of kanji and of katakana joined.

    Hiragana stay single: a run mixes particles, okurigana and endings, so one
    changed particle would replace the whole run. Kanji are not joined with the
    hiragana after them either (`第三者に`): a changed particle would strike the noun.
    """
    return list(_coarse(text))


_WORD_SPACE = re.compile(f"(?<={_WORD})\\s+(?={_WORD})")


def _without_space(text: str) -> str:
    """The text less its white space, but for one space where it separates two words."""
    return _SPACE.sub("", _WORD_SPACE.sub("\x00", text))


def same_text(old: str, new: str) -> bool:
    """True when the two texts differ in white space only (or not at all)."""
    return old == new or _without_space(old) == _without_space(new)


# --- the diff -------------------------------------------------------------------

_DMP_OPS: dict[int, Op] = {-1: "delete", 0: "equal", 1: "insert"}


@lru_cache(maxsize=1)
def _dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    # No deadline, so the result never depends on the machine's load. Not 0: diff-match-patch
    # skips its (deterministic) half-match speed-up when the time-out is 0.
    dmp.Diff_Timeout = math.inf
    return dmp


@dataclass
class _Hunk:
    """Tokens deleted from the old text and inserted from the new; an edit."""

    deleted: list[str]
    inserted: list[str]


_Piece = list[str] | _Hunk  # equal tokens (as the new text has them) or an edit


def _diff_tokens(old: Sequence[str], new: Sequence[str]) -> list[_Piece]:
    """Equal runs (the new text's tokens) alternating with edits, from a token diff."""
    codes: dict[str, str] = {}

    def encode(tokens: Sequence[str]) -> str:
        keys = [_WS_KEY if token[0].isspace() else token for token in tokens]
        for key in keys:
            if key not in codes:
                n = len(codes) + 1
                codes[key] = chr(n if n < 0xD800 else n + 0x800)  # skip the surrogates
        return "".join(map(codes.__getitem__, keys))

    pieces: list[_Piece] = []
    o = n = 0
    for code, chars in _dmp().diff_main(encode(old), encode(new), False):
        op, size = _DMP_OPS[code], len(chars)
        if op == "equal":
            pieces.append(list(new[n:n + size]))
            o, n = o + size, n + size
            continue
        if not pieces or not isinstance(pieces[-1], _Hunk):
            pieces.append(_Hunk([], []))
        hunk = pieces[-1]
        assert isinstance(hunk, _Hunk)
        if op == "delete":
            hunk.deleted += old[o:o + size]
            o += size
        else:
            hunk.inserted += new[n:n + size]
            n += size
    return _drop_space_edits(pieces)


def _drop_space_edits(pieces: list[_Piece]) -> list[_Piece]:
    """An edit of white space only is no edit: keep the new text's white space as equal."""
    out: list[_Piece] = []
    for piece in pieces:
        if isinstance(piece, _Hunk) and all(t.isspace() for t in piece.deleted + piece.inserted):
            piece = list(piece.inserted)
        if isinstance(piece, list) and out and isinstance(out[-1], list):
            out[-1] += piece
        elif not isinstance(piece, list) or piece:
            out.append(piece)
    return out


def _weight(tokens: Iterable[str]) -> int:
    return sum(len(t) for t in tokens)


def _is_number_edit(hunk: _Hunk) -> bool:
    return all(_NUMBER.fullmatch(t) for t in hunk.deleted + hunk.inserted)


def _fold_equalities(pieces: list[_Piece]) -> list[_Piece]:
    """Fold every equality between two edits that is small beside both into one edit.

    Small: not longer in characters than the larger side of the edit before and
    of the edit after it (diff-match-patch's semantic cleanup, on tokens). An
    equality between two changed numbers stays (`２番５` -> `４番１５`: `番`
    is kept). Repeated from the fold back, as a larger edit may swallow the
    equality before it.
    """
    pieces = list(pieces)
    i = 1
    while i < len(pieces) - 1:
        before, equal, after = pieces[i - 1], pieces[i], pieces[i + 1]
        if isinstance(before, _Hunk) and isinstance(after, _Hunk) and isinstance(equal, list):
            size = _weight(equal)
            limits = (max(_weight(before.deleted), _weight(before.inserted)),
                      max(_weight(after.deleted), _weight(after.inserted)))
            if all(size <= limit for limit in limits) and not (_is_number_edit(before) and _is_number_edit(after)):
                pieces[i - 1:i + 2] = [_Hunk(before.deleted + equal + after.deleted,
                                             before.inserted + equal + after.inserted)]
                i = max(1, i - 2)  # the larger edit may swallow the equality before it
                continue
        i += 1
    return pieces


def _refine(hunk: _Hunk) -> list[_Piece]:
    """An edit holding Japanese, diffed again by character (numbers and words whole)."""
    old = [t for token in hunk.deleted for t in fine_tokens(token)]
    new = [t for token in hunk.inserted for t in fine_tokens(token)]
    if not old or not new or len(old) * len(new) > REFINE_LIMIT:
        return [hunk]
    if not any(_CJK.search(t) for t in old + new):
        return [hunk]
    return _fold_equalities(_diff_tokens(old, new))


def _spans(pieces: Iterable[_Piece]) -> list[Span]:
    spans: list[Span] = []
    for piece in pieces:
        if isinstance(piece, list):
            spans.append(Span("equal", "".join(piece)))
        else:
            spans += [Span("delete", "".join(piece.deleted)), Span("insert", "".join(piece.inserted))]
    return _tidy_space(normalize(spans))


def _tidy_space(spans: list[Span]) -> list[Span]:
    """White space both sides of a replacement share stays outside it: `[-the quick-]{+a slow+} fox`."""
    out: list[Span] = []
    i = 0
    while i < len(spans):
        if i + 1 < len(spans) and spans[i].op == "delete" and spans[i + 1].op == "insert":
            deleted, inserted = spans[i].text, spans[i + 1].text
            lead = _SPACE.match(inserted)
            if lead and _SPACE.match(deleted):
                out.append(Span("equal", lead.group()))
                deleted, inserted = deleted.lstrip(), inserted[lead.end():]
            tail = _SPACE.search(inserted)
            trailing = ""
            if tail and tail.end() == len(inserted) and deleted[-1:].isspace():
                trailing, deleted, inserted = tail.group(), deleted.rstrip(), inserted[:tail.start()]
            out += [Span("delete", deleted), Span("insert", inserted), Span("equal", trailing)]
            i += 2
            continue
        out.append(spans[i])
        i += 1
    return normalize(out)


def diff_text(old: str, new: str) -> list[Span]:
    """The redline of two plain texts: deletions before insertions, white space never an edit."""
    if old == new:
        return [Span("equal", old)] if old else []
    if same_text(old, new):
        return [Span("equal", new)]
    pieces = _fold_equalities(_diff_tokens(tokenize(old), tokenize(new)))
    refined: list[_Piece] = []
    for piece in pieces:
        refined += _refine(piece) if isinstance(piece, _Hunk) else [piece]
    return _spans(refined)


def normalize(spans: Iterable[Span]) -> list[Span]:
    """Merge neighbours; each run of edits becomes one deletion then one insertion."""
    out: list[Span] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(Span("delete", "".join(deleted)))
        if inserted:
            out.append(Span("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for span in spans:
        if not span.text:
            continue
        if span.op == "equal":
            flush()
            if out and out[-1].op == "equal":
                out[-1] = Span("equal", out[-1].text + span.text)
            else:
                out.append(span)
        else:
            (deleted if span.op == "delete" else inserted).append(span.text)
    flush()
    return out


__all__ = ["Op", "REFINE_LIMIT", "Span", "diff_text", "fine_tokens", "normalize", "same_text", "tokenize"]
