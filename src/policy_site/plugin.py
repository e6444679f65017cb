"""The `policy` MkDocs plugin: thin event methods over `build.RevisionBuild`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import rcssmin
import rjsmin
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .site.build import RevisionBuild
from .checks.safety import refusal
from .config import PolicyConfig, cname_problem
from .errors import PolicySiteError
from .model.render import MarkdownSettings

log = get_plugin_logger(__name__)
PACKAGE_DIR = Path(str(resources.files("policy_site")))
TEMPLATES_DIR = str(PACKAGE_DIR / "templates")
ASSETS = ("assets/policy/policy.css", "assets/policy/policy.js")
PAGE_ASSETS = ("assets/policy/redline.css",)
"""Published but linked only by the pages that use them (the changes page: templates/main.html)."""
FAVICON = "assets/policy/favicon.svg"
MATERIAL_FAVICON = "assets/images/favicon.png"


def _asset(config: MkDocsConfig, asset: str) -> File:
    """A file of the package's assets as published: scripts and stylesheets minified (their
    comments are for this repository's readers, not for every page view: 1.8 KB gzip less)."""
    source = PACKAGE_DIR / asset
    file = File.generated(config, asset, abs_src_path=str(source))
    minify = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}.get(source.suffix)
    if minify is not None:
        # What `File.generated(content=...)` sets, keeping `abs_src_path`: mkdocs-static-i18n
        # reads it for every file (MkDocs 1.6 copies `_content` when it is set).
        file._content = minify(source.read_text(encoding="utf-8"))
    return file


class PolicyPlugin(BasePlugin[PolicyConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: RevisionBuild | None = None
        self._config_id: int | None = None
        self._env: Environment | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # mkdocs-static-i18n builds each language by calling build() again with the
        # same config object: prepare once per config, then only re-apply.
        if self._config_id != id(config):
            problem = cname_problem(self.config, config.site_url)
            if problem:
                raise PluginError(problem)
            if self.build is not None:
                # MkDocs keeps this plugin across the rebuilds of `mkdocs serve`: each rebuild
                # stages the revision afresh from docs/, so the previous copy goes.
                self.build.cleanup()
            try:
                self.build = RevisionBuild.prepare(config, self.config)
            except PolicySiteError as exc:
                raise PluginError(str(exc)) from None
            self._config_id = id(config)
            log.info(f"building revision {self.build.revision.name}")
        assert self.build is not None
        config.docs_dir = str(self.build.staging)
        if TEMPLATES_DIR not in config.theme.dirs:
            # After the site's own custom_dir (which wins), before the theme's.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES_DIR)
        if config.theme.get("favicon") in (None, MATERIAL_FAVICON):
            config.theme["favicon"] = FAVICON  # 0.2 KB instead of Material's 1.8 KB PNG
        for asset in ASSETS:
            target = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if asset not in [str(a) for a in target]:
                target.append(asset)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        for asset in (*ASSETS, *PAGE_ASSETS, FAVICON):
            files.append(_asset(config, asset))
        return files

    # After mkdocs-static-i18n (-100) has built each language's navigation.
    @event_priority(-150)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        assert self.build is not None
        return self.build.order_nav(nav)

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        assert self.build is not None
        context["policy"] = self.build.page_context(page)
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.build is not None
        self._refuse_unsafe(html, page, config)
        if self._env is None:  # on_env comes only after every page is converted
            self._env = config.theme.get_env()
        return self.build.decorate_content(html, page, self._env)

    def _refuse_unsafe(self, html: str, page: Page, config: MkDocsConfig) -> None:
        """Never write a page whose body can run script (`unsafe-html`), even when `check` was not run."""
        assert self.build is not None
        text = Path(page.file.abs_src_path or "").read_text(encoding="utf-8-sig") if page.file.abs_src_path else ""
        rel = f"{self.build.policy.docs}/{self.build.revision.name}/{page.file.src_uri}"
        why = refusal(html, text, MarkdownSettings.from_mkdocs(config), rel)
        if why:
            raise PluginError(why)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        self.build.write_site_files(Path(config.site_dir))

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        # MkDocs watches docs_dir, which is the private staging copy: watch the revision folders
        # under docs/ instead (a new revision folder too); each rebuild stages them again.
        assert self.build is not None
        server.unwatch(config.docs_dir)
        server.watch(str(self.build.docs_root))
        return server

    def on_shutdown(self) -> None:
        if self.build is not None:
            self.build.cleanup()
