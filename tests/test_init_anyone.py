"""`policy-site init` for any company: a fresh clone is accepted, LF everywhere, the time zone is
chosen and said, the words come from the catalogs, and the new site installs the policy-site that
made it (PEP 610) in a fresh virtual environment."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from conftest import BIN, GIT_ENV, REPO, git
from policy_site.errors import PolicySiteError
from policy_site.init import init_site, section_label, words
from policy_site.init.installed import from_direct_url
from policy_site.locale import gettext
from policy_site.rules import load_rules
from test_init import policy_site
from test_init_sites import fill

TODAY = dt.date(2025, 6, 1)


# --- the folder -------------------------------------------------------------------------------------

def test_a_fresh_clone_with_readme_license_and_gitignore_is_accepted_and_kept(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(remote), str(seed))
    (seed / "README.md").write_text("# acme-privacy\n\nOur privacy policy.\n")
    (seed / "LICENSE").write_text("All rights reserved.\n")
    (seed / ".gitignore").write_text("__pycache__/\n.venv/\n")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "Initial commit")
    git(seed, "push", "-q", "origin", "main")
    clone = tmp_path / "acme-privacy"
    git(tmp_path, "clone", "-q", str(remote), str(clone))

    made = policy_site(tmp_path, "init", "acme-privacy", "--language", "en", "--law", "ccpa", "--timezone", "America/Chicago",
                       "--today", TODAY.isoformat())
    assert made.returncode == 0, made.stderr
    assert (clone / "LICENSE").read_text() == "All rights reserved.\n"
    readme = (clone / "README.md").read_text()
    assert readme.startswith("# acme-privacy\n\nOur privacy policy.\n\n# ") and "## Publishing on GitHub Pages" in readme
    assert (clone / ".gitignore").read_text().splitlines() == ["__pycache__/", ".venv/", "", "site/", ".cache/"]
    assert (clone / "mkdocs.yml").is_file() and git(clone, "status", "--porcelain", "--", "LICENSE") == ""
    assert git(clone, "rev-parse", "--abbrev-ref", "HEAD") == "main"  # .git untouched

    # anything else in the folder is refused, and nothing is written
    other = tmp_path / "other"
    other.mkdir()
    (other / ".git").mkdir()
    (other / "index.html").write_text("<p>ours</p>")
    refused = policy_site(tmp_path, "init", "other", "--language", "en", "--law", "ccpa")
    assert refused.returncode == 1 and "holds index.html" in refused.stderr
    assert sorted(p.name for p in other.iterdir()) == [".git", "index.html"]


def test_gitattributes_gives_lf_files_in_a_crlf_checkout(tmp_path: Path) -> None:
    site = tmp_path / "s"
    init_site(site, laws=["appi"], languages=["ja", "en"], site_name=None, today=TODAY)
    assert "* text=auto eol=lf" in (site / ".gitattributes").read_text().splitlines()
    remote = tmp_path / "r.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    git(site, "push", "-q", str(remote), "main")
    windows = tmp_path / "windows"
    git(tmp_path, "-c", "core.autocrlf=true", "-c", "core.eol=crlf", "clone", "-q", str(remote), str(windows))
    for name in ("mkdocs.yml", "docs/2025-06-01/ja/index.md", "README.md"):
        assert b"\r\n" not in (windows / name).read_bytes(), name
    result = policy_site(windows, "check", "--today", TODAY.isoformat(), "--format", "json")
    assert not [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "text-format"]


# --- the time zone ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("languages", "timezone", "expected"), [
    (["de", "en"], None, "Europe/Berlin"),
    (["en", "de"], None, "Europe/Berlin"),
    (["de-AT"], None, "Europe/Vienna"),
    (["en"], "Pacific/Auckland", "Pacific/Auckland"),
])
def test_the_time_zone_is_the_one_asked_for_or_the_languages_usual_one_and_init_says_which(
        tmp_path: Path, languages: list[str], timezone: str | None, expected: str) -> None:
    args = ["init", "s", "--law", "gdpr", "--today", TODAY.isoformat()]
    args += [arg for lang in languages for arg in ("--language", lang)]
    args += ["--timezone", timezone] if timezone else []
    made = policy_site(tmp_path, *args)
    assert made.returncode == 0, made.stderr
    assert f"time zone: {expected} (" in made.stdout and "--timezone" in made.stdout
    policy = yaml.safe_load((tmp_path / "s" / "mkdocs.yml").read_text())["plugins"][0]["policy"]
    assert policy["timezone"] == expected
    assert f"in {expected}" in (tmp_path / "s" / "README.md").read_text()


def test_an_unknown_time_zone_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(PolicySiteError, match="unknown time zone 'Berlin': give an IANA name such as Europe/Berlin"):
        init_site(tmp_path / "s", laws=["gdpr"], languages=["de"], site_name=None, today=TODAY, timezone="Berlin")
    assert list(tmp_path.iterdir()) == []


# --- the words -------------------------------------------------------------------------------------------

def test_titles_and_placeholders_come_from_the_catalog_of_each_language(tmp_path: Path) -> None:
    site = tmp_path / "s"
    init_site(site, laws=["gdpr"], languages=["de", "ja"], site_name=None, today=TODAY)
    rules = load_rules(["gdpr"])
    for lang in ("de", "ja"):
        text = (site / f"docs/2025-06-01/{lang}/index.md").read_text(encoding="utf-8")
        expected = words(lang)
        assert text.startswith(f"# {gettext(lang, 'Privacy Policy')}\n")
        purposes = rules.get("gdpr-purposes")
        label = section_label(purposes, lang)
        assert f"{expected['placeholder'].format(label=label)}" in text
        assert f"## 4. {label} {{#purposes" in text or f"{label} {{#purposes" in text
    # Japanese has a catalog and rule labels: no English left in the headings and placeholders
    ja = (site / "docs/2025-06-01/ja/index.md").read_text(encoding="utf-8")
    assert "# プライバシーポリシー" in ja and "この段落を「個人データの取扱いの目的」についての記載に置き換えてください。" in ja
    summary = yaml.safe_load((site / "docs/2025-06-01/revision.yml").read_text(encoding="utf-8"))["summary"]
    assert summary == {"de": gettext("de", "Established the privacy policy."), "ja": "プライバシーポリシーを制定しました。"}


# --- where policy-site comes from (PEP 610) ------------------------------------------------------------------

@pytest.mark.parametrize(("direct_url", "line", "todo"), [
    (None, "policy-site==1.2.0", None),
    ({"url": "https://github.com/acme/policy-site.git",
      "vcs_info": {"vcs": "git", "requested_revision": "main", "commit_id": "0123456789abcdef0123456789abcdef01234567"}},
     "policy-site @ git+https://github.com/acme/policy-site.git@0123456789abcdef0123456789abcdef01234567", None),
    ({"url": "file:///srv/mirror/policy-site", "vcs_info": {"vcs": "git", "commit_id": "abc1234"}, "subdirectory": "pkg"},
     "policy-site @ git+file:///srv/mirror/policy-site@abc1234#subdirectory=pkg", None),
    ({"url": "https://files.example.org/policy_site-1.2.0-py3-none-any.whl",
      "archive_info": {"hashes": {"sha256": "ab" * 32}}},
     "policy-site @ https://files.example.org/policy_site-1.2.0-py3-none-any.whl#sha256=" + "ab" * 32, None),
    ({"url": "file:///home/me/policy-site", "dir_info": {"editable": True}},
     "policy-site @ file:///home/me/policy-site", "an editable install of a folder on this machine"),
    ({"url": "file:///home/me/policy-site", "dir_info": {}},
     "policy-site @ file:///home/me/policy-site", "installed from a folder on this machine"),
])
def test_the_install_line_follows_pep_610(direct_url: dict | None, line: str, todo: str | None) -> None:
    found = from_direct_url("policy-site", "1.2.0", json.dumps(direct_url) if direct_url else None)
    assert found.line == line
    if todo is None:
        assert found.todo is None
    else:
        assert todo in (found.todo or "") and "policy-site @ git+https://github.com/OWNER/policy-site@COMMIT" in found.todo


def test_a_local_install_writes_a_clear_todo_into_requirements(tmp_path: Path) -> None:
    made = policy_site(tmp_path, "init", "s", "--language", "en", "--law", "gdpr", "--today", TODAY.isoformat())
    assert made.returncode == 0, made.stderr
    requirements = (tmp_path / "s" / "requirements.txt").read_text().splitlines()
    # this test environment installs policy-site editable from a working tree
    record = json.loads(metadata.distribution("policy-site").read_text("direct_url.json") or "{}")
    assert record["dir_info"]["editable"] is True
    assert requirements[-1] == f"policy-site @ {record['url']}"
    assert any(line.startswith("# TODO(policy-site): policy-site was an editable install") for line in requirements)
    assert made.stderr.startswith("warning: requirements.txt: policy-site was an editable install")


def test_a_new_site_installs_policy_site_from_the_git_url_init_wrote_in_a_fresh_venv(tmp_path: Path) -> None:
    """A git repository of this source stands in for GitHub: policy-site installed from it with pip
    makes a site whose own `make check` installs the same commit into its own new venv."""
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, upstream / name)
    shutil.copytree(REPO / "src", upstream / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-qm", "policy-site")
    commit = git(upstream, "rev-parse", "HEAD")
    url = f"git+{upstream.as_uri()}@{commit}"

    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(GIT_ENV)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if Path(p) != BIN)
    tool = tmp_path / "tool"
    subprocess.run([sys.executable, "-m", "venv", str(tool)], check=True, env=env)
    # as the site's Makefile does: the pip that comes with venv may be too old for `git+file:///`
    subprocess.run([str(tool / "bin" / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
                   check=True, env=env)
    pip = subprocess.run([str(tool / "bin" / "python"), "-m", "pip", "install", "--quiet", f"policy-site @ {url}"],
                         capture_output=True, text=True, env=env)
    assert pip.returncode == 0, pip.stderr

    made = subprocess.run([str(tool / "bin" / "policy-site"), "init", "site", "--language", "en", "--law", "gdpr",
                           "--today", TODAY.isoformat()], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert made.returncode == 0, made.stderr
    assert made.stderr == "" and f"requirements.txt installs policy-site @ {url}" in made.stdout
    site = tmp_path / "site"
    lines = [ln for ln in (site / "requirements.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    assert lines == [f"policy-site @ {url}"]
    for workflow in ("check.yml", "publish.yml"):  # CI installs the same line
        assert "python -m pip install -r requirements.txt" in (site / ".github" / "workflows" / workflow).read_text()

    fill(site)
    make = subprocess.run(["make", "--no-print-directory", "check", f"PYTHON={sys.executable}"], cwd=site,
                          capture_output=True, text=True, env=env)
    assert make.returncode == 0, make.stdout + make.stderr
    assert "0 error(s)" in make.stdout
    installed = subprocess.run([str(site / ".venv" / "bin" / "python"), "-c",
                                "from importlib import metadata; print(metadata.distribution('policy-site')"
                                ".read_text('direct_url.json'))"], capture_output=True, text=True, env=env)
    record = json.loads(installed.stdout)
    assert (record["url"], record["vcs_info"]["commit_id"]) == (upstream.as_uri(), commit)
