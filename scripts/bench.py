#!/usr/bin/env python3
"""Benchmarks (not tests): publishing, checking and rebuilding at scale.

    python scripts/bench.py [--history 2,30,100] [--check 100,1000] [--rebuild 30] [--repeat 3]

For each history size N, a temporary repository gets a gh-pages branch holding N
published versions (the first really deployed, the others added as git trees that
share its content, with their docs/ folders, so every check still runs over N
revisions). Then, side by side on the same branch state:
  - `policy-site publish` of one new revision (check, deploy, aliases, revisions.json)
  - `mike deploy` of the same revision (the build alone, no check, no aliases)
Prints medians in seconds and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1",
       "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@localhost",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@localhost"}
TODAY = "2026-11-27"
NEW = "2026-12-01"


def sh(cwd: Path, *args: str, env: dict | None = None, input: str | None = None) -> str:
    proc = subprocess.run(args, cwd=cwd, env=env or ENV, capture_output=True, text=True, input=input)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return proc.stdout.strip()


def new_site(where: Path) -> Path:
    """This repository's site settings (mkdocs.yml, overrides/) with an empty docs/."""
    where.mkdir()
    for name in ("mkdocs.yml", "overrides"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, where / name)
    (where / "docs").mkdir()
    return where


def make_history(tmp: Path, n: int) -> tuple[Path, str]:
    site = new_site(tmp / "site")
    # the 2022 text (it meets today's requirements) stands in for every older revision
    shutil.copytree(REPO / "docs" / "2022-04-01", site / "docs" / "2016-06-01")
    meta = site / "docs" / "2016-06-01" / "revision.yml"  # announced in 2022: not before a 2016 revision
    meta.write_text(meta.read_text(encoding="utf-8").replace("announced: 2022-03-01", ""), encoding="utf-8")
    sh(site, "git", "init", "-q", "-b", "main")
    sh(site, "git", "add", "-A")
    sh(site, "git", "commit", "-qm", "site")
    sh(site, str(BIN / "policy-site"), "publish", "--today", TODAY)
    # N-1 more versions sharing the first one's tree, each with its docs/ folder.
    base_tree = sh(site, "git", "rev-parse", "gh-pages:2016-06-01")
    versions = json.loads(sh(site, "git", "show", "gh-pages:versions.json"))
    index = site / ".git" / "bench-index"
    env = {**ENV, "GIT_INDEX_FILE": str(index)}
    sh(site, "git", "read-tree", "gh-pages", env=env)
    start = dt.date(2016, 6, 2)
    for i in range(n - 1):
        name = (start + dt.timedelta(days=30 * i)).isoformat()
        sh(site, "git", "read-tree", f"--prefix={name}/", base_tree, env=env)
        versions.append({"version": name, "title": name, "aliases": [], "properties": {"effective": name}})
        shutil.copytree(site / "docs" / "2016-06-01", site / "docs" / name)
    blob = sh(site, "git", "hash-object", "-w", "--stdin", input=json.dumps(versions, indent=2))
    sh(site, "git", "update-index", "--add", "--cacheinfo", f"100644,{blob},versions.json", env=env)
    tree = sh(site, "git", "write-tree", env=env)
    commit = sh(site, "git", "commit-tree", tree, "-p", "gh-pages", "-m", f"{n} versions")
    sh(site, "git", "update-ref", "refs/heads/gh-pages", commit)
    index.unlink()
    sh(site, str(BIN / "policy-site"), "publish", "--today", TODAY)  # aliases and revisions.json for N
    shutil.copytree(REPO / "docs" / "2022-04-01", site / "docs" / NEW)
    sh(site, "git", "add", "-A")
    sh(site, "git", "commit", "-qm", "history")
    return site, sh(site, "git", "rev-parse", "gh-pages")


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench_publish(n: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="policy-site-bench-") as tmp:
        site, base = make_history(Path(tmp), n)
        reset = lambda: sh(site, "git", "update-ref", "refs/heads/gh-pages", base)  # noqa: E731
        cold, ours, plain = [], [], []
        env = {**ENV, "POLICY_SITE_REVISION": NEW, "POLICY_SITE_TODAY": TODAY}
        publish = lambda: sh(site, str(BIN / "policy-site"), "publish", "--today", TODAY)  # noqa: E731
        for _ in range(repeat):
            reset()
            shutil.rmtree(site / ".cache", ignore_errors=True)  # no model cached: every document rendered
            cold.append(timed(publish))
            reset()
            ours.append(timed(publish))  # with the models the run before cached
            reset()
            plain.append(timed(lambda: sh(site, str(BIN / "mike"), "deploy", "--title", NEW, NEW, env=env)))
        return {"cold": statistics.median(cold), "publish": statistics.median(ours), "mike": statistics.median(plain)}


def site_with_revisions(tmp: Path, n: int) -> Path:
    """A site of `n` revisions: 2016-06-01, then one a day from 2022-04-01 (the example's texts)."""
    site = new_site(tmp / f"site-{n}")
    shutil.copytree(REPO / "docs" / "2016-06-01", site / "docs" / "2016-06-01")
    start = dt.date(2022, 4, 1)
    for i in range(n - 1):
        day = start + dt.timedelta(days=i)
        shutil.copytree(REPO / "docs" / "2022-04-01", site / "docs" / day.isoformat())
        # Like a real history, each revision repeats most sections and changes one.
        for lang, line in (("ja", f"改定日：{day.year}年{day.month}月{day.day}日"),
                           ("en", f"Revised: {day.strftime('%B')} {day.day}, {day.year}")):
            page = site / "docs" / day.isoformat() / lang / "index.md"
            page.write_text(page.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return site


def bench_check(n: int, repeat: int) -> dict[str, float]:
    """`policy-site check` over n revisions x 2 languages: in-process (the library) and the CLI,
    each with an empty cache folder (cold: every document rendered) and with the one the run
    before left (warm: what a second `check` of the same history costs)."""
    sys.path.insert(0, str(REPO / "src"))
    from policy_site import commands, facts
    from policy_site.checks import garble, length, safety
    from policy_site.model import document, render, store
    from policy_site.site import load_site

    with tempfile.TemporaryDirectory(prefix="policy-site-bench-") as tmp:
        site_dir = site_with_revisions(Path(tmp), n)
        cache = site_dir / store.CACHE_FOLDER
        times: dict[str, list[float]] = {"library cold": [], "library warm": [], "cli cold": [], "cli warm": []}

        def run_lib() -> None:  # in-process caches emptied, as in a new process
            facts._facts_of.cache_clear(), facts._channels_of.cache_clear(), facts.has_address.cache_clear()
            document.forget_read_documents(), safety._CACHE.clear(), render._RENDERED.clear()
            length.measured.cache_clear(), garble.repeated_clause.cache_clear(), garble.cut_off.cache_clear()
            site = load_site(site_dir / "mkdocs.yml")
            commands.check(site, today=dt.date.fromisoformat(TODAY), published={})

        def run_cli() -> None:
            subprocess.run([str(BIN / "policy-site"), "check", "--today", TODAY], cwd=site_dir, env=ENV,
                           capture_output=True)

        for _ in range(repeat):
            for name, run in (("library", run_lib), ("cli", run_cli)):
                shutil.rmtree(cache, ignore_errors=True)
                times[f"{name} cold"].append(timed(run))
                times[f"{name} warm"].append(timed(run))
        return {name: statistics.median(values) for name, values in times.items()}


def bench_rebuild(n: int) -> float:
    with tempfile.TemporaryDirectory(prefix="policy-site-bench-") as tmp:
        site = site_with_revisions(Path(tmp), n)
        sh(site, "git", "init", "-q", "-b", "main")
        sh(site, "git", "add", "-A")
        sh(site, "git", "commit", "-qm", "site")
        sh(site, str(BIN / "policy-site"), "publish", "--today", TODAY)
        return timed(lambda: sh(site, str(BIN / "policy-site"), "publish", "--rebuild", "--today", TODAY))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--history", default="2,30,100", help="versions on the branch ('' to skip)")
    parser.add_argument("--check", default="100,1000", help="revisions to check ('' to skip)")
    parser.add_argument("--rebuild", default="30", help="revisions to rebuild ('' to skip)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if args.history:
        print(f"\n{'versions on branch':>18}  {'publish, cold':>14}  {'publish, warm':>14}  {'plain mike deploy':>18}"
              f"  {'ratios':>11}")
        for n in (int(x) for x in args.history.split(",")):
            r = bench_publish(n, args.repeat)
            print(f"{n:>18}  {r['cold']:>13.2f}s  {r['publish']:>13.2f}s  {r['mike']:>17.2f}s"
                  f"  {r['cold'] / r['mike']:>5.2f} {r['publish'] / r['mike']:>5.2f}", flush=True)
    if args.check:
        print(f"\n{'revisions x 2 languages':>23}  {'library, cold':>14}  {'library, warm':>14}"
              f"  {'CLI, cold':>10}  {'CLI, warm':>10}")
        for n in (int(x) for x in args.check.split(",")):
            r = bench_check(n, args.repeat)
            print(f"{n:>23}  {r['library cold']:>13.2f}s  {r['library warm']:>13.2f}s"
                  f"  {r['cli cold']:>9.2f}s  {r['cli warm']:>9.2f}s", flush=True)
    if args.rebuild:
        for n in (int(x) for x in args.rebuild.split(",")):
            print(f"\npublish --rebuild of {n} revisions: {bench_rebuild(n):.1f}s", flush=True)


if __name__ == "__main__":
    main()
