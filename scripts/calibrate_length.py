"""Calibrate `parity-length` on bilingual policies: false alarms, and faults found.

    python scripts/calibrate_length.py [--spreads 2.5,3,3.5,4]

Reads the example site's revisions (docs/) and the bilingual fixtures
(tests/data/bilingual/*/{ja,en}.md). For each document it prints the section
ratios (English characters per Japanese character, shared tokens left out), their
median and spread, and the warnings `parity-length` gives (on faithful translations,
every one is a false alarm). Then, for each threshold, it counts the false alarms
and how many of the injected faults it finds: every measured section in turn made
1.6, 2 and 3 times as long in English (a repeated or added passage) and half as long
(a dropped passage), one at a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from dataclasses import replace
from pathlib import Path

from policy_site.checks import length
from policy_site.importer.reading import read_source
from policy_site.importer.revision import plan_revision
from policy_site.model.revisions import Document, load_revisions

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "bilingual"
HISTORY = ROOT / "tests" / "data" / "import" / "history"


def pairs() -> list[tuple[str, Document, Document]]:
    out = []
    corpus = load_revisions(ROOT / "docs", ["ja", "en"], root=ROOT)
    for revision in corpus.revisions:
        for name in sorted(revision.documents):
            ja, en = revision.document(name, "ja"), revision.document(name, "en")
            if ja and en:
                out.append((f"docs/{revision.name}/{name}", ja, en))
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        docs = [Document("index", lang, folder / f"{lang}.md", str((folder / f"{lang}.md").relative_to(ROOT)),
                         (folder / f"{lang}.md").read_text(encoding="utf-8")) for lang in ("ja", "en")]
        out.append((str(folder.relative_to(ROOT)), docs[0], docs[1]))
    for n in (3, 4):  # the import tests' bilingual history, imported as `policy-site import` does
        sources = {lang: read_source(str(HISTORY / f"{lang}-{n}.md")) for lang in ("ja", "en")}
        plan = plan_revision(sources, effective=dt.date(2020, 1, 1), languages=["ja", "en"],
                             rules=[], annotate=False)
        docs = [Document("index", lang, Path(f"{lang}.md"), f"{HISTORY.relative_to(ROOT)}/{lang}-{n}.md",
                         plan.documents[lang].markdown) for lang in ("ja", "en")]
        out.append((f"{HISTORY.relative_to(ROOT)}/*-{n}.md (imported)", docs[0], docs[1]))
    return out


def with_section_scaled(en: Document, ident: str, factor: float) -> Document:
    """The English text with one section's own text made `factor` times as long (repeated, or cut)."""
    lines = en.text.split("\n")
    section = next(s for s in en.sections if s.id == ident)
    start = section.line  # the heading's line (1-based): its text follows
    end = next((s.line - 1 for s in en.sections if s.line > start), len(lines))
    body = "\n".join(lines[start:end]).strip("\n")
    words = body.split(" ")
    if factor >= 1:
        extra = " ".join((words * math.ceil(factor))[: int(len(words) * (factor - 1))])
        new = body + "\n\n" + extra
    else:
        new = " ".join(words[: max(1, int(len(words) * factor))])
    text = "\n".join(lines[:start] + ["", new, ""] + lines[end:])
    return replace(en, text=text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spreads", default="2.5,3,3.5,4,5")
    args = parser.parse_args(argv)
    thresholds = [float(x) for x in args.spreads.split(",")]
    documents = pairs()
    alarms = {k: 0 for k in thresholds}
    found = {k: {f: 0 for f in (0.5, 1.6, 2.0, 3.0)} for k in thresholds}
    faults = {f: 0 for f in (0.5, 1.6, 2.0, 3.0)}
    widest = 0.0
    for label, ja, en in documents:
        ratios = length.section_ratios(ja, en)
        print(f"{label}: {len(ratios)} sections measured")
        if len(ratios) < length.MIN_SECTIONS:
            print("  (too few sections: not judged)")
            continue
        dist = length.Distribution.of(ratios)
        print(f"  median {math.exp(dist.median):.2f}, spread {dist.spread:.3f} (log; scaled MAD "
              f"{dist.mad * 1.4826:.3f})")
        for r in ratios:
            print(f"    {r.original.id:28} ja {r.ours:5}  en {r.theirs:5}  ratio {r.value:5.2f}  "
                  f"spreads {dist.spreads(r):+.2f}")
        widest = max(widest, *(abs(dist.spreads(r)) for r in ratios))
        for k in thresholds:
            alarms[k] += sum(1 for r in ratios if abs(dist.spreads(r)) > k)
        for r in ratios:
            for factor in faults:
                faults[factor] += 1
                scaled = with_section_scaled(en, r.original.id, factor)
                new = length.section_ratios(ja, scaled)
                new_dist = length.Distribution.of(new)
                target = next(x for x in new if x.original.id == r.original.id)
                for k in thresholds:
                    found[k][factor] += abs(new_dist.spreads(target)) > k
    print(f"\nthe faithful section farthest from its median: {widest:.2f} spreads")
    print()
    print("| threshold (spreads) | false alarms | found: 0.5x | 1.6x | 2x | 3x |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for k in thresholds:
        cells = " | ".join(f"{found[k][f]}/{faults[f]}" for f in (0.5, 1.6, 2.0, 3.0))
        print(f"| {k} | {alarms[k]} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
