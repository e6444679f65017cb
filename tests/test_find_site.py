"""Commands find their site as git finds `.git`, and `diff` refuses what it cannot read, as `check` does."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import BIN, GIT_ENV, Result, SiteRepo


def run_in(cwd: Path, *args: str) -> Result:
    proc = subprocess.run([str(BIN / "policy-site"), *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV})
    return Result(proc.returncode, proc.stdout, proc.stderr)


def test_commands_run_from_a_subfolder_find_mkdocs_yml_above(site_repo: SiteRepo) -> None:
    inside = site_repo.path / "docs" / "2022-04-01" / "ja"
    check = run_in(inside, "check", "--today", "2026-11-27")
    assert check.code == 0, check.err
    # findings and paths are the same as from the root: relative to the site, not to the folder
    assert check.out == site_repo.run("check", "--today", "2026-11-27").out
    new = run_in(site_repo.path / "docs", "new-revision", "2027-04-01", "--today", "2026-11-27")
    assert new.code == 0, new.err
    assert (site_repo.path / "docs" / "2027-04-01" / "ja" / "index.md").is_file()
    assert "created docs/2027-04-01" in new.out
    rules = run_in(inside, "rules", "--law", "appi", "--on", "2022-04-01")
    assert rules.code == 0 and "appi-operator-address" in rules.out


def test_the_nearest_mkdocs_yml_wins_and_f_still_overrides(site_repo: SiteRepo, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # a folder with no site above: a clear error that says what to do
    nothing = run_in(elsewhere, "check")
    assert nothing.code == 1 and nothing.err.startswith("error: no mkdocs.yml in ") and "-f FILE" in nothing.err
    assert "Traceback" not in nothing.err
    # -f from anywhere
    named = run_in(elsewhere, "check", "--today", "2026-11-27", "-f", str(site_repo.path / "mkdocs.yml"))
    assert named.code == 0, named.err
    missing = run_in(site_repo.path / "docs", "check", "-f", "nosuch.yml")
    assert missing.code == 1 and "nosuch.yml: no such file" in missing.err


def test_diff_refuses_a_file_it_cannot_read_as_utf8(site_repo: SiteRepo) -> None:
    page = site_repo.path / "docs" / "2022-04-01" / "ja" / "index.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode("shift_jis", errors="replace"))
    result = site_repo.run("diff", "2016-06-01", "2022-04-01")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("error: docs/2022-04-01/ja/index.md:")
    assert "not UTF-8 (it looks like Shift_JIS" in result.err and "save the file as UTF-8" in result.err
    assert "Traceback" not in result.err and result.err.count("\n") == 1
    # the other language still compares
    en = site_repo.run("diff", "2016-06-01", "2022-04-01", "--lang", "en", "--color", "never")
    assert en.code == 0, en.err
    check = site_repo.run("check", "--today", "2026-11-27")
    assert check.code == 1 and "invalid-file" in check.out
