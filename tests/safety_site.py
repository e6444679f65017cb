"""A one-revision, one-language site for the safety tests, built in-process by MkDocs with the
`policy` plugin (a plain `mkdocs build`: `policy-site check` never runs)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

CONFIG = """site_name: t
theme: {{name: material, font: false}}
plugins:
  - policy: {{controlling_language: ja, allow_html: {allow}}}
markdown_extensions:
  - attr_list
  - toc: {{permalink: true}}
  - md_in_html
"""
HEAD = "# ポリシー\n\n## 事業者 {#operator}\n\n本文です。\n\n"  # a payload after it starts on line 7


def make_site(root: Path, body: str, allow_html: list[str] | tuple[str, ...] = ()) -> Path:
    folder = root / "docs" / "2024-04-01"
    (folder / "ja").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(CONFIG.format(allow=list(allow_html)), encoding="utf-8")
    (folder / "revision.yml").write_text("summary: {ja: 初版}\n", encoding="utf-8")
    (folder / "ja" / "index.md").write_text(HEAD + body + "\n\n## 次の節 {#next}\n\n終わり。\n", encoding="utf-8")
    return root


def mkdocs_build(root: Path, caplog: pytest.LogCaptureFixture) -> str | None:
    """Build the site into root/site; None when it was written, else MkDocs's error lines."""
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        try:
            build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
        except Abort:
            return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    return None
