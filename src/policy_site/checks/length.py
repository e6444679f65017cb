"""Translation sanity (`parity-length`, warnings): what a faithful translation does not do.

1. **A section far longer or shorter than the rest of the document would make it.**
   For every section both languages have, the length ratio translation / original
   is taken; a translation runs at its own ratio (English is typically two to
   four characters per Japanese one), so a section is judged against its own
   document, never against a fixed number: the ratios' median and their spread
   (the median absolute deviation, MAD, of the log ratios, scaled to a standard
   deviation) say what is normal for this translation, and a section whose log
   ratio lies more than `OUTLIER_SPREADS` spreads from the median is reported
   with its ratio and the median. Lengths are counted in characters without white
   space, leaving out what both languages write alike (URLs, e-mail addresses,
   numbers, Latin names in the Japanese text), so a contact section full of
   addresses compares like prose. Sections under `MIN_LENGTH` are not measured (a
   sentence or two: their ratios are noise), nor documents with fewer than
   `MIN_SECTIONS` measured sections (too few to know what is normal). The spread
   is never taken below `MIN_SPREAD`: a document translated uniformly has a tiny MAD,
   and a section 20% off it is no sign of anything. The numbers were chosen on
   bilingual policies (BENCHMARKS.md, "Translation sanity").
2. **Sentences a reader would stumble on** (`garble.py`): a clause repeated
   verbatim in one sentence, a sentence cut off mid-way; in every language.

The controlling language is the reference, as for the other parity checks.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..findings import Finding
from ..model.blocks import Block
from ..model.revisions import Document, Section
from .context import CheckContext
from .garble import Stumble, stumbles

RULE = "parity-length"
MIN_LENGTH = 40  # measured characters of the controlling text (a Latin letter counts 1/3)
MIN_SECTIONS = 5
OUTLIER_SPREADS = 3.0  # how many spreads (scaled MADs of the log ratios) from the median
MIN_SPREAD = 0.20  # log ratio: about 1.22 times
SHORT_NOISE = 1.2  # log ratio x sqrt(characters): a 40-character section's ratio varies 0.19 more
_MAD_TO_SD = 1.4826  # the MAD of a normal distribution times this is its standard deviation

_TOKEN = re.compile(r"[!-~]+")  # a run of printable ASCII: a URL, an address, a number, a Latin word
_EDGES = "\"'()[],.;:!?"
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    reference = ctx.controlling_language
    languages = list(dict.fromkeys(ctx.languages))
    for revision in ctx.corpus.revisions:
        for name in sorted(revision.documents):
            for lang in languages:
                document = revision.document(name, lang)
                if document is not None:
                    findings += _stumbles(document, revision.name)
            original = revision.document(name, reference)
            if original is None:
                continue
            for lang in languages:
                translation = revision.document(name, lang)
                if lang != reference and translation is not None:
                    findings += length_outliers(original, translation, revision.name)
    return findings


# --- lengths ---------------------------------------------------------------------------

@lru_cache(maxsize=8192)  # a history repeats its sections revision after revision
def measured(text: str, other: str) -> int:
    """Characters of `text` without white space, less the ASCII tokens `other` writes too."""
    ours = Counter(t.strip(_EDGES) for t in _TOKEN.findall(text))
    theirs = Counter(t.strip(_EDGES) for t in _TOKEN.findall(other))
    shared = sum(len(token) * count for token, count in (ours & theirs).items())
    return len(re.sub(r"\s", "", text)) - shared


def _size(text: str, length: int) -> float:
    """A length in wide characters: Latin letters count a third (a kanji says about three letters' worth)."""
    wide = len(_WIDE.findall(text))
    return wide + max(length - wide, 0) / 3


@dataclass(frozen=True)
class Ratio:
    """One section's lengths in both languages."""

    original: Section
    translation: Section
    ours: int
    theirs: int
    size: float  # the controlling text's length in wide characters (`_size`)

    @property
    def value(self) -> float:
        return max(self.theirs, 1) / max(self.ours, 1)


def section_ratios(original: Document, translation: Document) -> list[Ratio]:
    """The ratios of the sections both languages have (first occurrence of each id) and that are
    long enough to measure."""
    theirs = {}
    for section in translation.sections:
        theirs.setdefault(section.id, section)
    out: list[Ratio] = []
    seen: set[str] = set()
    for section in original.sections:
        other = theirs.get(section.id)
        if other is None or section.id in seen:
            continue
        seen.add(section.id)
        ours_len, theirs_len = measured(section.text, other.text), measured(other.text, section.text)
        size = _size(section.text, ours_len)
        if size >= MIN_LENGTH:
            out.append(Ratio(section, other, ours_len, theirs_len, size))
    return out


@dataclass(frozen=True)
class Distribution:
    """A document's section ratios: the median and the spread of their logarithms."""

    median: float  # of the log ratios
    spread: float  # scaled MAD of the log ratios, at least MIN_SPREAD
    mad: float  # the MAD itself, for reports

    @classmethod
    def of(cls, ratios: list[Ratio]) -> Distribution:
        logs = [math.log(r.value) for r in ratios]
        median = statistics.median(logs)
        mad = statistics.median(abs(x - median) for x in logs)
        return cls(median, max(_MAD_TO_SD * mad, MIN_SPREAD), mad)

    def spreads(self, ratio: Ratio) -> float:
        """How many spreads a ratio lies from the median (signed: positive is longer). A short
        section's ratio is noisier: its spread grows by SHORT_NOISE / sqrt(its size)."""
        noise = SHORT_NOISE / math.sqrt(max(ratio.size, 1))
        return (math.log(ratio.value) - self.median) / math.hypot(self.spread, noise)


def length_outliers(original: Document, translation: Document, revision: str) -> list[Finding]:
    """A warning for each section whose ratio lies far outside the document's own distribution."""
    ratios = section_ratios(original, translation)
    if len(ratios) < MIN_SECTIONS:
        return []
    dist = Distribution.of(ratios)
    median = math.exp(dist.median)
    ref, lang = original.lang, translation.lang
    findings = []
    for ratio in ratios:
        far = dist.spreads(ratio)
        if abs(far) <= OUTLIER_SPREADS:
            continue
        others = [r.value for r in ratios if r is not ratio]
        low, high = min(others), max(others)
        way = "longer" if far > 0 else "shorter"
        findings.append(Finding(
            RULE, "warning",
            f"section `#{ratio.original.id}`: the {lang} text is {ratio.value:.1f} times as long as the {ref} "
            f"({ratio.theirs} to {ratio.ours} characters, {original.rel}:{ratio.original.line}), where this "
            f"document's median is {median:.1f} (its other sections run {low:.1f} to {high:.1f}): far {way} than its "
            f"translation elsewhere",
            f"compare the two texts: a translation this much {way} than the rest usually adds, repeats or leaves "
            f"out something; if it says what the {ref} says, leave it (this is a warning)",
            file=translation.rel, line=ratio.translation.line, revision=revision, lang=lang))
    return findings


# --- sentences -------------------------------------------------------------------------

_WHAT = {
    "repeat": ("says a clause twice in one sentence: “{words}”",
               "delete the repeated words (a garbled or machine translation often repeats itself)"),
    "cut-off": ("has a sentence that stops mid-way: “…{words}”",
                "finish the sentence (compare it with the other language)"),
}


def _stumbles(document: Document, revision: str) -> list[Finding]:
    findings = []
    parts: list[tuple[str, tuple[Block, ...]]] = [("the text outside the sections", document.model.outside)]
    parts += [(f"section `#{s.id}`", s.blocks) for s in document.sections]
    for where, blocks in parts:
        for stumble in stumbles(blocks):
            findings.append(_stumble_finding(document, revision, where, stumble))
    return findings


def _stumble_finding(document: Document, revision: str, where: str, stumble: Stumble) -> Finding:
    message, hint = _WHAT[stumble.kind]
    return Finding(RULE, "warning", f"{where} ({document.lang}) " + message.format(words=stumble.words), hint,
                   file=document.rel, line=stumble.line, revision=revision, lang=document.lang)
