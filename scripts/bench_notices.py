"""What re-rendering the notices of published revisions costs a publish (BENCHMARKS.md).

Publishes the example site (2016-06-01 in force, 2022-04-01 announced) into a fresh
repository on 2022-03-31, then times, in-process, the notice refresh of the day
2022-04-01 takes effect (2016-06-01 superseded, 2022-04-01 in force: 16 pages of 2
versions), and the plan alone on a day when nothing changes.

    .venv/bin/python scripts/bench_notices.py
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policy_site.publish.branch_root import RootSettings, read_published
from policy_site.git import Git
from policy_site.publish.rerender import notices_to_refresh, refresh_notices
from policy_site.site import load_site

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b",
       "GIT_COMMITTER_EMAIL": "b@b", "NO_MKDOCS_2_WARNING": "1",
       "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        site_dir.mkdir()
        for name in ("mkdocs.yml", "docs", "overrides"):
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, site_dir / name)
        for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-qm", "site"],
                    [str(Path(sys.executable).parent / "policy-site"), "publish", "--today", "2022-03-31"]):
            subprocess.run(cmd, cwd=site_dir, env=ENV, check=True, capture_output=True)
        git, site = Git(site_dir), load_site(site_dir / "mkdocs.yml")
        settings, day = RootSettings.of(site), dt.date(2022, 4, 1)
        start = git.rev("refs/heads/gh-pages")
        runs = []
        for _ in range(5):
            git.update_ref("refs/heads/gh-pages", start, git.rev("refs/heads/gh-pages"))
            t0 = time.perf_counter()
            changed = refresh_notices(git, "gh-pages", settings, day)
            runs.append(time.perf_counter() - t0)
        print(f"re-render on 2022-04-01 ({len(changed)} versions, 16 pages, one commit): "
              f"best {min(runs) * 1000:.0f} ms, median {sorted(runs)[2] * 1000:.0f} ms")
        tip = git.rev("refs/heads/gh-pages")
        t0 = time.perf_counter()
        for _ in range(5):
            assert notices_to_refresh(git, tip, read_published(git, tip, day), day) == {}
        print(f"plan on a day with nothing to re-render: {(time.perf_counter() - t0) / 5 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
