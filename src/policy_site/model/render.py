"""Python-Markdown configured exactly as MkDocs configures it for the site.

MkDocs 1.6 (`mkdocs/structure/pages.py`, `Page.read_source` and `Page.render`)
turns a page into HTML like this:

1. reads the file as `utf-8-sig` and strips the meta-data at the top
   (`mkdocs.utils.meta.get_data`: a YAML `---` block, or MultiMarkdown-style
   `key: value` lines up to the first blank line) — that text is never rendered;
2. builds `markdown.Markdown(extensions=config["markdown_extensions"],
   extension_configs=config["mdx_configs"])`, where `markdown_extensions`
   always starts with MkDocs's built-ins `toc`, `tables` and `fenced_code`
   (`MarkdownExtensions(builtins=[...])` in `mkdocs/config/defaults.py`) followed
   by the site's own list, and `mdx_configs` holds their settings;
3. registers four processors of its own that read the text but do not change
   what it means: `mkdocs_raw_html` (collects ids of raw HTML), `mkdocs_extract_anchors`,
   `mkdocs_extract_title`, and `relpath`, which rewrites links between pages
   (`other.md` to `../other/`) and leaves every URL with a scheme untouched.
   They are left out here: they add no element, attribute or URL scheme.

`markdown_for` and `render` do steps 1 and 2, so what the checks read is what
the site publishes. `MarkdownSettings.from_mkdocs` takes the settings from a
loaded MkDocs config, which has already added the built-ins.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import meta

# What MkDocs adds to every site's `markdown_extensions`, in its order.
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class MarkdownSettings:
    """The site's `markdown_extensions` (built-ins included) and their settings (`mdx_configs`)."""

    extensions: tuple[Any, ...] = MKDOCS_BUILTIN_EXTENSIONS
    configs: Mapping[str, dict] = field(default_factory=dict)

    @classmethod
    def from_mkdocs(cls, config: MkDocsConfig) -> MarkdownSettings:
        """The settings of a config loaded by MkDocs (`mkdocs.config.load_config`)."""
        return cls(tuple(config["markdown_extensions"]), dict(config["mdx_configs"] or {}))

    @classmethod
    def from_list(cls, extensions: list[Any], configs: Mapping[str, dict] | None = None) -> MarkdownSettings:
        """Settings from a `markdown_extensions` list as written in mkdocs.yml (strings or
        one-item `{name: settings}` dicts), with MkDocs's built-ins put first as MkDocs does."""
        names: list[Any] = list(MKDOCS_BUILTIN_EXTENSIONS)
        settings: dict[str, dict] = dict(configs or {})
        for item in extensions:
            if isinstance(item, dict):
                (name, value), = item.items()
                if value:
                    settings[name] = value
            else:
                name = item
            if name not in names:
                names.append(name)
        return cls(tuple(names), settings)

    def key(self) -> str:
        """A string naming these settings (for caches: the settings themselves are not hashable)."""
        return json.dumps([[str(e) for e in self.extensions], self.configs], sort_keys=True, default=repr)


DEFAULT_SETTINGS = MarkdownSettings()
"""What MkDocs renders with when mkdocs.yml has no `markdown_extensions`."""


def markdown_for(settings: MarkdownSettings = DEFAULT_SETTINGS) -> markdown.Markdown:
    """A fresh `markdown.Markdown` built as `mkdocs.structure.pages.Page.render` builds it.

    Callers may register their own tree processors on it to read the tree; one
    instance converts one document (`Markdown.reset()` before reusing it).
    """
    return markdown.Markdown(extensions=list(settings.extensions),
                             extension_configs={k: dict(v) for k, v in settings.configs.items()})


@dataclass(frozen=True)
class Source:
    """A page's Markdown as MkDocs renders it: without the meta-data block at the top."""

    body: str
    meta: dict[str, Any]
    first_line: int  # the 1-based line of the original file where `body` starts

    def file_line(self, body_line: int) -> int:
        """The line in the file of line `body_line` (1-based) of `body`."""
        return body_line + self.first_line - 1


def _newlines(text: str) -> int:
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n")


def split_source(text: str) -> Source:
    """Strip the meta-data block as MkDocs does (`mkdocs.utils.meta.get_data`).

    `text` is the file's text as read with `utf-8-sig` (no BOM)."""
    body, data = meta.get_data(text)
    return Source(body, data, _newlines(text) - _newlines(body) + 1)


def render(text: str, settings: MarkdownSettings = DEFAULT_SETTINGS) -> str:
    """The HTML MkDocs makes of a page whose file holds `text` (the page body, before the theme)."""
    return render_body(split_source(text).body, settings)


def render_body(body: str, settings: MarkdownSettings = DEFAULT_SETTINGS) -> str:
    """The HTML of a page body (`Source.body`: the meta-data already stripped).

    Every page is rendered for the checks, so the last few thousand results are
    kept, and one `Markdown` per settings is reused (`reset()` between documents,
    as Python-Markdown provides; building one costs about as much as a page)."""
    key = settings.key()
    cached = _RENDERED.get((body, key))
    if cached is not None:
        return cached
    md = _INSTANCES.get(key)
    if md is None:
        md = _INSTANCES[key] = markdown_for(settings)
    html = md.reset().convert(body)
    if len(_RENDERED) >= _RENDERED_MAX:
        _RENDERED.pop(next(iter(_RENDERED)))
    _RENDERED[(body, key)] = html
    return html


_INSTANCES: dict[str, markdown.Markdown] = {}
_RENDERED: dict[tuple[str, str], str] = {}
_RENDERED_MAX = 4096
