"""The `policy` plugin refuses to write a page that can run script, whatever ran before the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from safety_site import make_site, mkdocs_build

PAYLOADS = yaml.safe_load((Path(__file__).parent / "data" / "xss_payloads.yml").read_text(encoding="utf-8"))
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1"}


@pytest.mark.parametrize("case", PAYLOADS, ids=[p["id"] for p in PAYLOADS])
def test_a_plain_mkdocs_build_refuses_every_payload(case: dict, tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    root = make_site(tmp_path, case["payload"].rstrip("\n"), case.get("allow_html", ()))
    error = mkdocs_build(root, caplog)
    assert error is not None, f"{case['id']} was built"
    assert "[unsafe-html]" in error and "docs/2024-04-01/ja/index.md:" in error
    assert not list((tmp_path / "site").rglob("*.html"))  # no page was written


@pytest.mark.parametrize("body,allow", [
    ("", ()),
    ("| 項目 | 内容 |\n|---|---|\n| 窓口 | [お問い合わせ](https://example.com/contact) |", ()),
    ("```html\n<script>alert(1)</script>\n```\n\n`<img src=x onerror=alert(1)>` と書いても実行されません。", ()),
    ('<div class="note" markdown>\n**注記**: 本文。\n</div>', ("div",)),
    ("Paragraph.\n{: #intro .lead }\n\n![図](flow.png)", ()),
])
def test_ordinary_pages_are_built(body: str, allow: tuple[str, ...], tmp_path: Path,
                                  caplog: pytest.LogCaptureFixture) -> None:
    root = make_site(tmp_path, body, allow)
    assert mkdocs_build(root, caplog) is None
    assert (tmp_path / "site" / "ja" / "index.html").is_file()


def test_mkdocs_and_policy_site_build_refuse_with_one_clear_line(tmp_path: Path) -> None:
    root = make_site(tmp_path, "前文。\n\n<!--><img src=x onerror=alert(1)>-->")
    proc = subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-d", str(tmp_path / "out")], cwd=root,
                          capture_output=True, text=True, env=ENV)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "docs/2024-04-01/ja/index.md:9: <img>: the `onerror` event handler attribute runs script" in proc.stderr
    assert "[unsafe-html]; remove it" in proc.stderr
    proc = subprocess.run([str(BIN / "policy-site"), "build", "2024-04-01", "-d", str(tmp_path / "out2")], cwd=root,
                          capture_output=True, text=True, env=ENV)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("error: ") and "index.md:9:" in line and "[unsafe-html]" in line
    assert not (tmp_path / "out2" / "ja" / "index.html").exists()


def test_mike_deploy_without_check_publishes_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path, "<svg onload=alert(1)>")
    git = {**ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "site"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=git)
    proc = subprocess.run([str(BIN / "mike"), "deploy", "2024-04-01"], cwd=root, capture_output=True, text=True,
                          env={**git, "POLICY_SITE_REVISION": "2024-04-01"})
    assert proc.returncode != 0 and "[unsafe-html]" in proc.stderr
    branches = subprocess.run(["git", "branch", "--list", "gh-pages"], cwd=root, capture_output=True, text=True)
    assert branches.stdout.strip() == ""
