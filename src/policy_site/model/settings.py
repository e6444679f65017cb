"""The site's Markdown settings, as MkDocs applies them: `markdown_extensions` and their configs.

MkDocs always adds its builtins (toc, tables, fenced_code) to the site's list, so
a ``` fence is a code block on every MkDocs site; `MarkdownSettings.plain` lets a
test read Markdown without them, as plain Python-Markdown would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import markdown

MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
"""What MkDocs adds to every site's markdown_extensions (mkdocs/config/defaults.py)."""
INIT_EXTENSIONS = ("attr_list", "toc", "md_in_html")
"""What `policy-site init` writes into a new site's mkdocs.yml."""


@dataclass(frozen=True)
class MarkdownSettings:
    """Extensions (names or instances, as MkDocs passes them) and their configs."""

    extensions: tuple[Any, ...]
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False, hash=False)
    key: str = ""  # what makes two settings the same (configs may hold functions)

    @classmethod
    def of(cls, extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]] | None = None, *,
           builtins: bool = True) -> MarkdownSettings:
        """Settings for `extensions`; with `builtins`, MkDocs' own are added first, as MkDocs does."""
        names = list(dict.fromkeys([*(MKDOCS_BUILTINS if builtins else ()), *extensions]))
        configs = {k: dict(v or {}) for k, v in (configs or {}).items()}
        key = json.dumps([[repr(n) for n in names], configs], sort_keys=True, default=repr)
        return cls(tuple(names), configs, key)

    @classmethod
    def default(cls) -> MarkdownSettings:
        """A site made by `policy-site init` (MkDocs builtins, attr_list, md_in_html)."""
        return cls.of(INIT_EXTENSIONS)

    @classmethod
    def plain(cls, extensions: Sequence[Any] = (), configs: Mapping[str, Mapping[str, Any]] | None = None) -> MarkdownSettings:
        """Plain Python-Markdown with `extensions` only (no MkDocs builtins)."""
        return cls.of(extensions, configs, builtins=False)

    @classmethod
    def from_mkdocs(cls, config: Any) -> MarkdownSettings:
        """The settings of a loaded MkDocs config (its builtins are already in the list)."""
        return cls.of(list(config["markdown_extensions"]), dict(config["mdx_configs"] or {}), builtins=False)

    def markdown(self, extra: Sequence[Any] = ()) -> markdown.Markdown:
        """A Markdown instance configured like the site's, plus `extra` extensions."""
        return markdown.Markdown(extensions=[*self.extensions, *extra],
                                 extension_configs={k: dict(v) for k, v in self.configs.items()})
