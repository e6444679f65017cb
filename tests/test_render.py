"""model.render builds Python-Markdown as MkDocs does: same HTML as a real MkDocs build."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from policy_site.model.render import (
    MKDOCS_BUILTIN_EXTENSIONS, MarkdownSettings, render, split_source)

PAGE = """---
title: Front matter is not rendered
---

# Title {#top}

```
<b>fenced: MkDocs always enables fenced_code</b>
```

| a | b |
|---|---|
| 1 | 2 |

## Section {: #sec data-x="1" }

<div markdown>
*inside*
</div>
"""


def test_settings_from_a_loaded_config_start_with_mkdocs_builtins(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n  - md_in_html\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    settings = MarkdownSettings.from_mkdocs(config)
    assert settings.extensions[:3] == MKDOCS_BUILTIN_EXTENSIONS
    assert settings.configs["toc"] == {"permalink": True}
    assert settings == MarkdownSettings.from_list(["attr_list", {"toc": {"permalink": True}}, "md_in_html"])


def test_render_equals_what_mkdocs_writes(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: mkdocs}\nmarkdown_extensions:\n  - attr_list\n"
        "  - toc:\n      permalink: true\n  - md_in_html\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    build(config)
    written = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    ours = render(PAGE, MarkdownSettings.from_mkdocs(config))
    assert "<pre><code>&lt;b&gt;fenced" in ours and "<table>" in ours and 'id="sec"' in ours
    assert "Front matter" not in ours
    assert ours in written  # the theme puts page.content in unchanged


def test_split_source_counts_the_lines_of_the_meta_data() -> None:
    source = split_source("---\ntitle: x\n---\n\n# Title\n")
    assert source.body.startswith("# Title") and source.file_line(1) == 5
    assert split_source("# Title\n").first_line == 1
    crlf = split_source("title: x\r\nother: y\r\n\r\n# T\r\n")
    assert crlf.meta == {"title": "x", "other": "y"} and crlf.file_line(1) == 4
    assert re.match("# T", crlf.body)


def test_a_reused_markdown_renders_each_document_as_a_fresh_one_would() -> None:
    import yaml

    from policy_site.model.render import markdown_for, render_body

    settings = MarkdownSettings.from_list(["attr_list", {"toc": {"permalink": True}}, "md_in_html", "footnotes"])
    payloads = yaml.safe_load((Path(__file__).parent / "data" / "xss_payloads.yml").read_text(encoding="utf-8"))
    bodies = [PAGE.split("---\n", 2)[2], "# A\n\n## A\n\nx[^1]\n\n[^1]: note\n", "# A\n\n## A\n"]
    bodies += [f"# T\n\n{p['payload']}\n" for p in payloads]
    for body in bodies + bodies[::-1]:
        assert render_body(body, settings) == markdown_for(settings).convert(body)
