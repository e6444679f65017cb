"""Plain MkDocs in a site root, and sites with other sets of languages."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from conftest import SiteRepo
from policy_site.init import init_site

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(root: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(out)], cwd=root,
                          capture_output=True, text=True, env={**ENV, **env})


def test_plain_mkdocs_build_previews_the_newest_revision(site_repo: SiteRepo, tmp_path: Path) -> None:
    result = mkdocs_build(site_repo.path, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "2022年4月1日" in (tmp_path / "out" / "index.html").read_text()
    assert "April 1, 2022" in (tmp_path / "out" / "en" / "index.html").read_text()
    # POLICY_SITE_REVISION previews another one; docs/ is never written to
    before = sorted(p.relative_to(site_repo.path) for p in (site_repo.path / "docs").rglob("*"))
    result = mkdocs_build(site_repo.path, tmp_path / "old", POLICY_SITE_REVISION="2016-06-01")
    assert result.returncode == 0, result.stderr
    assert "2016年6月1日" in (tmp_path / "old" / "index.html").read_text()
    assert sorted(p.relative_to(site_repo.path) for p in (site_repo.path / "docs").rglob("*")) == before


def test_a_revision_that_cannot_be_built_is_one_clear_line(site_repo: SiteRepo, tmp_path: Path) -> None:
    (site_repo.path / "docs" / "2022-04-01" / "en" / "index.md").unlink()
    result = mkdocs_build(site_repo.path, tmp_path / "out")
    assert result.returncode == 1
    assert "docs/2022-04-01/en/index.md: missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_third_language_builds_with_english_labels_where_no_translation_exists(tmp_path: Path) -> None:
    site = tmp_path / "site"
    init_site(site, laws=["appi"], languages=["ja", "en", "fr"], site_name=None, today=dt.date(2025, 6, 1))
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    fr = (tmp_path / "out" / "fr" / "index.html").read_text()
    assert '<html lang="fr"' in fr
    assert "Business operator" in fr or "business operator" in fr  # the rule label falls back to English
    assert "1 juin 2025" in fr  # dates in the reader's locale (Babel)
