"""Lighthouse scores of the policy page in every language, on a phone and on a desktop.

    python scripts/lighthouse.py                 # publish the example site, serve it, audit it
    python scripts/lighthouse.py --site D        # audit the gh-pages branch of the site repository D instead
    python scripts/lighthouse.py --require 100   # exit 1 unless every category scores 100
    python scripts/lighthouse.py --runs 3        # the median of 3 runs of each page and form

Lighthouse is pinned (LIGHTHOUSE_VERSION; 13 needs Node 22, 12.2.3 runs on Node 20) and installed
from the npm registry into .cache/lighthouse/ on first use; it drives Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium). The pages are served on 127.0.0.1 by policy-site's own
server, as `policy-site serve` serves them. A Markdown table of the scores and of every audit
that did not pass goes to stdout and to test-artifacts/lighthouse.md.

Not part of `make test`: a cold install downloads about 150 packages from npm (six minutes on
this machine under load), and the scores are measurements to record in BENCHMARKS.md, not
assertions; `make lighthouse` runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from policy_site.git import Git  # noqa: E402
from policy_site.serve import serve_in_thread  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
CACHE = REPO / ".cache" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
               "--disable-component-update --disable-sync --no-first-run"
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com", "NO_MKDOCS_2_WARNING": "1"}
PAGES = {"ja": "/latest/", "en": "/latest/en/"}
TIMINGS = (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"), ("TBT", "total-blocking-time"),
           ("SI", "speed-index"), ("CLS", "cumulative-layout-shift"))


def lighthouse() -> Path:
    """The pinned Lighthouse, installed into .cache/lighthouse/ if it is not there yet."""
    exe = CACHE / "node_modules" / ".bin" / "lighthouse"
    package = CACHE / "node_modules" / "lighthouse" / "package.json"
    if not exe.exists() or json.loads(package.read_text())["version"] != LIGHTHOUSE_VERSION:
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--save-exact", "--prefix", str(CACHE),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return exe


def published_example(tmp: Path, today: str) -> Git:
    """The example site (mkdocs.yml, docs/, overrides/) published into a temporary repository."""
    site = tmp / "site"
    site.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, site / name)
    env = {**os.environ, **GIT_ENV, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "site"]):
        subprocess.run(["git", *args], cwd=site, check=True, env=env)
    subprocess.run([str(Path(sys.executable).parent / "policy-site"), "publish", "--today", today], cwd=site,
                   check=True, env=env)
    return Git(site)


def audit(exe: Path, url: str, form: str, out: Path) -> dict:
    args = [str(exe), url, "--output=json", f"--output-path={out}", "--quiet", f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}"]
    if form == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def failing(report: dict) -> list[str]:
    """The audits that count towards a category and did not pass."""
    counted = {ref["id"] for cat in report["categories"].values() for ref in cat["auditRefs"] if ref.get("weight")}
    out = []
    for audit_id in sorted(counted):
        result = report["audits"][audit_id]
        if result.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings") and result.get("score") is not None \
                and result["score"] < 1:
            value = f" ({result['displayValue']})" if result.get("displayValue") else ""
            out.append(f"{audit_id}{value}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site repository with a gh-pages branch (default: publish the example)")
    parser.add_argument("--today", default="2026-11-27", help="the publish date of the example site")
    parser.add_argument("--require", type=int, default=None, help="exit 1 if a category scores below this")
    parser.add_argument("--runs", type=int, default=1, help="runs of each page and form (the median is reported)")
    parser.add_argument("--lang", action="append", choices=sorted(PAGES), help="only this page (repeatable)")
    parser.add_argument("--form", action="append", choices=("mobile", "desktop"), help="only this form (repeatable)")
    parser.add_argument("--keep", type=Path, help="copy every JSON report into this folder")
    args = parser.parse_args()
    exe = lighthouse()
    with tempfile.TemporaryDirectory(prefix="policy-site-lighthouse-") as tmp_name:
        tmp = Path(tmp_name)
        git = Git(args.site) if args.site else published_example(tmp, args.today)
        server = serve_in_thread(git)
        host, port = server.server_address[:2]
        rows, problems, low = [], [], []
        version = ""
        try:
            for lang, path in PAGES.items():
                if args.lang and lang not in args.lang:
                    continue
                for form in args.form or ("mobile", "desktop"):
                    reports = []
                    for run in range(args.runs):
                        out = tmp / f"{lang}-{form}-{run}.json"
                        reports.append(audit(exe, f"http://{host}:{port}{path}", form, out))
                        if args.keep:
                            args.keep.mkdir(parents=True, exist_ok=True)
                            shutil.copy2(out, args.keep / out.name)
                    # the run of median performance stands for the page (Lighthouse's own advice for variance)
                    reports.sort(key=lambda r: r["categories"]["performance"]["score"])
                    report = reports[len(reports) // 2]
                    version = report.get("lighthouseVersion", version)
                    scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
                    timings = ", ".join(f"{name} {report['audits'][audit_id]['displayValue']}" for name, audit_id in TIMINGS)
                    spread = "/".join(str(round(r["categories"]["performance"]["score"] * 100)) for r in reports)
                    rows.append(f"| `{path}` ({lang}) | {form} | " + " | ".join(map(str, scores))
                                + f" | {spread} | {timings} |")
                    low += [s for s in scores if args.require is not None and s < args.require]
                    problems += [f"- `{path}` {form}: {name}" for name in failing(report)]
        finally:
            server.shutdown()
            server.server_close()
    table = "\n".join([f"Lighthouse {version}, Chromium at {os.environ.get('CHROME_PATH', '/usr/bin/chromium')}",
                       f"median of {args.runs} run(s) by performance",
                       "", "| page | form | performance | accessibility | best practices | SEO | performance of each run"
                       " | timings |",
                       "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |", *rows, "",
                       "Audits that did not pass:" if problems else "Every counted audit passed.", *problems])
    print(table)
    (REPO / "test-artifacts").mkdir(exist_ok=True)
    (REPO / "test-artifacts" / "lighthouse.md").write_text(table + "\n", encoding="utf-8")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
