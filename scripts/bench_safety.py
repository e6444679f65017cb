"""How long judging a page for unsafe-html and raw-html takes (checks/safety.py).

Usage: python scripts/bench_safety.py  (medians over repeated runs, milliseconds)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from policy_site.checks import safety  # noqa: E402
from policy_site.model.document import INIT_SETTINGS  # noqa: E402
from policy_site.model.render import render  # noqa: E402

TEXT = (REPO / "docs" / "2022-04-01" / "en" / "index.md").read_text(encoding="utf-8")


def median_ms(fn, runs: int) -> float:
    times = []
    for n in range(runs):
        start = time.perf_counter()
        fn(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    html = render(TEXT, INIT_SETTINGS)
    rows = [
        ("plugin: judge one built page (no raw HTML)", median_ms(
            lambda n: safety.refusal(html, TEXT, INIT_SETTINGS, "x.md"), 50)),
        ("check: a page with no markup (not rendered)", median_ms(
            lambda n: safety.judge(TEXT + f"\n{n}\n", INIT_SETTINGS), 20)),
        ("check: a page with an allowed raw <div>", median_ms(
            lambda n: safety.judge(TEXT + f'\n<div class="note">{n}</div>\n', INIT_SETTINGS, {"div"}), 10)),
        ("check: a page with one unsafe <img onerror>, line found", median_ms(
            lambda n: safety.judge(TEXT + f"\n<img src=x onerror=alert({n})>\n", INIT_SETTINGS), 5)),
    ]
    print(f"page: docs/2022-04-01/en/index.md ({len(TEXT):,} characters)")
    for label, ms in rows:
        print(f"{label:<58} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
