"""The plumbing holds on real users' machines: git in German, CRLF checkouts, missing tools,
mistyped settings, impossible dates, no POSIX-only modules, a rollback that fails too."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BIN, GIT_ENV, Origin, SiteRepo, git
from test_published import rename_operator

TODAY = "2026-11-27"


def one_error_line(result) -> str:
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    lines = [ln for ln in result.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.err
    return lines[0]


# --- git in another language ------------------------------------------------------

GERMAN = {"LANGUAGE": "de", "LC_ALL": "C.UTF-8"}  # gettext honours LANGUAGE in C.UTF-8


def test_git_speaks_german_here() -> None:
    """The environment below really makes git answer in German (else the next test proves nothing)."""
    proc = subprocess.run(["git", "fetch", "/nonexistent/repo"], capture_output=True, text=True,
                          env={**os.environ, **GERMAN})
    assert "Schwerwiegend" in proc.stderr, proc.stderr


def test_publish_to_an_empty_remote_with_git_in_german(site_repo: SiteRepo) -> None:
    result = site_repo.run("publish", "--push", "--today", TODAY, env=GERMAN)
    assert result.code == 0, result.err
    assert site_repo.remote_tip() == site_repo.tip()
    again = site_repo.run("publish", "--push", "--today", TODAY, env=GERMAN)
    assert again.code == 0 and "nothing new" in again.out, again.err


# --- checkouts that differ from the commit -------------------------------------------

def test_an_autocrlf_clone_with_a_stray_ds_store_reads_as_unchanged(origin: Origin, tmp_path: Path) -> None:
    clone = origin.clone(tmp_path / "crlf", "core.autocrlf=true")
    page = clone.path / "docs" / "2022-04-01" / "en" / "index.md"
    assert b"\r\n" in page.read_bytes()  # the checkout really has CRLF line ends
    (clone.path / "docs" / "2022-04-01" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (clone.path / "docs" / "2016-06-01" / "en" / ".index.md.swp").write_bytes(b"b0VIM")
    check = clone.run("check", "--today", TODAY)
    assert "published-revision-changed" not in check.out, check.out
    before = origin.files()
    result = clone.run("publish", "--push", "--today", TODAY)
    assert result.code == 0, result.err
    assert "nothing new" in result.out
    assert origin.files() == before


def test_hashes_recorded_before_the_text_scheme_still_verify(tmp_path: Path) -> None:
    """policy.json written by earlier versions hashed raw bytes; a CRLF checkout still matches."""
    import hashlib

    from policy_site.model.hashing import SourceRecord, changed_files, combined_hash

    folder = tmp_path / "2022-04-01"
    (folder / "en").mkdir(parents=True)
    original = "# Privacy\n\nWe keep your data safe.\n".encode()
    raw = {"en/index.md": hashlib.sha256(original).hexdigest()}
    legacy = SourceRecord(combined_hash(raw), raw, 1)
    (folder / "en" / "index.md").write_bytes(original.replace(b"\n", b"\r\n"))
    (folder / ".DS_Store").write_bytes(b"junk")
    assert changed_files(folder, legacy) == {}
    assert changed_files(folder, SourceRecord(legacy.source_hash, {}, 1)) == {}
    (folder / "en" / "index.md").write_bytes(original.replace(b"safe", b"forever"))
    assert changed_files(folder, legacy) == {"en/index.md": "changed"}


# --- missing tools ------------------------------------------------------------------

def test_missing_git_is_one_clear_line(site_repo: SiteRepo, tmp_path: Path) -> None:
    bare_path = tmp_path / "bin"
    bare_path.mkdir()
    proc = subprocess.run([str(BIN / "policy-site"), "publish", "--today", TODAY], cwd=site_repo.path,
                          capture_output=True, text=True, env={**os.environ, **GIT_ENV, "PATH": str(bare_path)})
    line = one_error_line(type("R", (), {"code": proc.returncode, "out": proc.stdout, "err": proc.stderr})())
    assert "git is not installed" in line


def test_missing_mike_is_one_clear_line(site_repo: SiteRepo, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from policy_site import cli, publish

    real_which = shutil.which
    monkeypatch.setattr(publish.shutil, "which",
                        lambda name, *a, **k: None if name == "mike" else real_which(name, *a, **k))
    monkeypatch.chdir(site_repo.path)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    code = cli.main(["publish", "--today", TODAY])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: mike is not installed") and err.count("\n") == 1, err
    assert site_repo.tip() is None


# --- bad settings and impossible dates -----------------------------------------------

def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unknown_plugin_option_is_one_line_naming_it(site_repo: SiteRepo) -> None:
    edit(site_repo.path / "mkdocs.yml", "      notice_period: 30", "      notice_periode: 10")
    line = one_error_line(site_repo.run("check", "--today", TODAY))
    assert "mkdocs.yml:" in line and "notice_periode" in line and "notice_period" in line.split("notice_periode", 1)[1]


def test_an_impossible_established_date_is_one_line_naming_it(site_repo: SiteRepo) -> None:
    edit(site_repo.path / "mkdocs.yml", "established: 2005-03-31", "established: 2026-13-02")
    for command in ("check", "publish"):
        line = one_error_line(site_repo.run(command, "--today", TODAY))
        assert "mkdocs.yml:" in line and "established" in line and "2026-13-02" in line, line


def test_an_impossible_announced_date_is_a_finding_naming_file_and_key(site_repo: SiteRepo) -> None:
    meta = site_repo.path / "docs" / "2022-04-01" / "revision.yml"
    edit(meta, "announced: 2022-03-01", "announced: 2027-13-01")
    check = site_repo.run("check", "--today", TODAY, "--format", "json")
    assert check.code == 1 and "Traceback" not in check.err, check.err
    found = [f for f in json.loads(check.out)["findings"] if f["file"] == "docs/2022-04-01/revision.yml" and f["severity"] == "error"]
    assert found and "announced" in found[0]["message"] and "2027-13-01" in found[0]["message"], check.out
    result = site_repo.run("publish", "--push", "--today", TODAY)
    assert result.code == 1 and "Traceback" not in result.err
    assert site_repo.remote_tip() is None


# --- no POSIX-only module at import time ------------------------------------------------

def test_the_everyday_commands_import_without_posix_only_modules(site_repo: SiteRepo) -> None:
    """As on Windows: fcntl, termios, pwd, grp and resource do not exist."""
    script = (
        "import sys\n"
        "for name in ('fcntl', 'termios', 'pwd', 'grp', 'resource'):\n"
        "    sys.modules[name] = None\n"
        "from policy_site.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n")
    for args in (["check", "--today", TODAY], ["diff", "2016-06-01", "2022-04-01"], ["fmt"],
                 ["new-revision", "2027-01-01", "--today", TODAY]):
        proc = subprocess.run([sys.executable, "-c", script, *args], cwd=site_repo.path, capture_output=True,
                              text=True, env={**os.environ, **GIT_ENV})
        assert "ModuleNotFoundError" not in proc.stderr and "ImportError" not in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr, (args, proc.stderr)


# --- a rollback that fails too ----------------------------------------------------------

def test_a_failing_rollback_never_hides_the_error_that_caused_it(
        site_repo: SiteRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from policy_site import cli, publish
    from policy_site.errors import GitError, PolicySiteError

    def broken_deploy(self, rev, aliases=()):
        raise PolicySiteError(f"revision {rev.name} does not build: the cause")

    real_update_ref = publish.Git.update_ref
    calls = {"n": 0}

    def failing_update_ref(self, ref, new, old):
        calls["n"] += 1
        if calls["n"] > 1:  # the first call starts the publish; the restore fails
            raise GitError("git update-ref failed: cannot lock ref")
        return real_update_ref(self, ref, new, old)

    monkeypatch.setattr(publish.Mike, "deploy", broken_deploy)
    monkeypatch.setattr(publish.Git, "update_ref", failing_update_ref)
    monkeypatch.chdir(site_repo.path)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    code = cli.main(["publish", "--today", TODAY])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: revision 2016-06-01 does not build: the cause"), err
    assert "cannot lock ref" in err and "git update-ref" in err


# --- a remote out of reach ------------------------------------------------------------

def test_an_unreachable_remote_falls_back_to_the_branch_as_last_fetched(origin: Origin, tmp_path: Path) -> None:
    clone = origin.clone(tmp_path / "c")  # a clone fetches origin/gh-pages
    git(clone.path, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    page = clone.path / "docs" / "2022-04-01" / "en" / "index.md"
    page.write_text(rename_operator(page.read_text(encoding="utf-8"), "EVIL Corporation"), encoding="utf-8")
    check = clone.run("check", "--today", TODAY)
    assert check.code == 1
    assert "remote-unreachable" in check.out and "published-revision-changed" in check.out, check.out
    assert clone.run("publish", "--today", TODAY).code == 1  # the preview refuses on the last fetched record
    line = one_error_line(clone.run("publish", "--push", "--today", TODAY))
    assert "cannot fetch gh-pages from origin" in line
    git(clone.path, "update-ref", "-d", "refs/remotes/origin/gh-pages")
    line = one_error_line(clone.run("check", "--today", TODAY))
    assert "cannot be known" in line
