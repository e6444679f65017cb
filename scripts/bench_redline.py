"""Benchmark: the redline of two Japanese policies of about 10,000 characters (20 sections).

Not a test: run it as `python scripts/bench_redline.py [--runs N]`. It builds a
realistic old text from the 2022-04-01 Japanese policy (its paragraphs and list
items dealt into 20 sections), edits every section the way a revision does (a
changed term, a politer or plainer ending, an inserted proviso, a deleted
sentence, a changed date) and times `compare_documents` end to end, Markdown
parsing included. Prints the median and the machine; exits 1 over the budget. For comparison it
also times the worst case, every section rewritten, which is not budgeted:
diff-match-patch's bisection is O(N*D) in pure Python.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from policy_site.redline import compare_documents, render_html
from policy_site.model.revisions import Document

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "docs" / "2022-04-01" / "ja" / "index.md"
BUDGET_MS = 200.0
TARGET_CHARS = 10_000
SECTIONS = 20


def source_paragraphs() -> list[str]:
    """Paragraphs and list items of the Japanese policy, without its headings."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    return [ln.rstrip() for ln in lines if ln.strip() and not ln.startswith("#")]


def old_text(paragraphs: list[str]) -> str:
    """About TARGET_CHARS characters in SECTIONS sections of about equal length, of whole paragraphs."""
    parts, at = ["# プライバシーポリシー\n"], 0
    for number in range(1, SECTIONS + 1):
        parts.append(f"\n### {number}. 第{number}条の規定 {{#section-{number}}}\n")
        while sum(map(len, parts)) < TARGET_CHARS * number // SECTIONS:
            parts.append(f"\n{paragraphs[at % len(paragraphs)]}\n")
            at += 1
    return "".join(parts)


EDITS: list[Callable[[str, random.Random], str]] = [
    lambda s, rng: s.replace("個人情報", "個人データ", 1),
    lambda s, rng: s.replace("いたします", "します", 1),
    lambda s, rng: s.replace("、", "、法令に基づく場合を除き、", 1),
    lambda s, rng: s.replace("。", "（別途定める場合を除きます。）", 1),
    lambda s, rng: _drop_sentence(s, rng),
    lambda s, rng: s.replace("当社", "DMM.com", 1),
    lambda s, rng: s.replace("2022年4月1日", "2025年4月1日"),
]


def _drop_sentence(section: str, rng: random.Random) -> str:
    """Delete one short sentence (a proviso, not a paragraph)."""
    sentences = section.split("。")
    short = [i for i, s in enumerate(sentences[:-1]) if 0 < len(s) <= 60 and "\n" not in s]
    if not short:
        return section
    del sentences[rng.choice(short)]
    return "。".join(sentences)


def new_text(old: str, seed: int = 2022) -> str:
    rng = random.Random(seed)
    head, *sections = old.split("\n### ")
    edited = []
    for section in sections:
        title, _, body = section.partition("\n")
        for edit in rng.sample(EDITS, 3):
            body = edit(body, rng)
        edited.append(f"{title}\n{body}")
    return "\n### ".join([head, *edited])


def document(text: str) -> Document:
    return Document("index", "ja", Path("bench.md"), "bench.md", text)


def time_ms(old: str, new: str, runs: int) -> tuple[float, list[float], float]:
    """Median wall time, every wall time, median CPU time of this process (ms).

    The CPU time is what a loaded machine (other jobs on the same cores) does not
    inflate; both are printed. The result itself never depends on either: the
    diff has no time-out.
    """
    compare_documents(document(old), document(new), "ja")  # warm up: compiled patterns, diff engine
    compare_documents(document(old + " "), document(new + " "), "ja")  # and past the token cache
    times, cpu = [], []
    for run in range(runs):
        # fresh documents and fresh texts (the token cache misses): parsing is timed too
        a, b = document(old + "\n" * (run + 2)), document(new + "\n" * (run + 2))
        start, start_cpu = time.perf_counter(), time.process_time()
        compare_documents(a, b, "ja")
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), times, statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    paragraphs = source_paragraphs()
    old = old_text(paragraphs)
    new = new_text(old)
    median, times, cpu = time_ms(old, new, args.runs)
    redline = compare_documents(document(old), document(new), "ja")
    start = time.perf_counter()
    render_html(redline)
    render_ms = (time.perf_counter() - start) * 1000
    print(f"texts: {len(old):,} and {len(new):,} characters, {len(redline.sections)} sections")
    print(f"redline: {redline.summary()}")
    # CPU time first: it is what is budgeted and recorded; the wall time grows with the machine's load
    print(f"compare_documents: median {cpu:.1f} ms CPU (budget {BUDGET_MS:.0f} ms CPU) over {args.runs} runs; "
          f"wall time median {median:.1f} ms (min {min(times):.1f}, max {max(times):.1f}); "
          f"render_html {render_ms:.1f} ms wall")
    rewritten = old_text(paragraphs[7:] + paragraphs[:7])  # every section's text replaced
    rw_median, _, rw_cpu = time_ms(old, rewritten, 5)
    print(f"for comparison, every section rewritten (not budgeted): median {rw_cpu:.1f} ms CPU, {rw_median:.1f} ms wall")
    print(f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{platform.python_implementation()} {platform.python_version()}")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if cpu > BUDGET_MS:
        print(f"over budget: {cpu:.1f} ms CPU > {BUDGET_MS:.0f} ms", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
