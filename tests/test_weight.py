"""Page weight: what a reader's browser downloads to show a policy page, and what is never published.

The files are found the way the browser finds them: the page's stylesheets, scripts and icon, then
what Material's JavaScript fetches at start (versions.json, sitemap.xml next to each <link
rel="alternate">). The search stack (the search worker, the search index and the lunr languages the
worker imports for it) is loaded at start by plain Material, and on the first use of search by a
page that carries policy-site's loader (`data-policy-search="on-first-use"`, templates/partials/
policy-search-lazy.html; tests/test_browser_readers.py watches a real browser do so): it is counted
apart, as what the first search costs.
Sizes are gzip level 9, as a static host serves them. The figures go to stdout (`pytest -s`) and to
test-artifacts/page-weight*.txt.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import BIN, GIT_ENV, REPO, SiteRepo, git
from policy_site.git import Git
from policy_site.serve import export_branch

BUDGET = 70 * 1024  # bytes of gzip at start: the goal; 69.0 KB (ja) and 68.3 KB (en) since the assets are minified (BENCHMARKS.md)
LAZY_SEARCH = 'data-policy-search="on-first-use"'
ARTIFACTS = REPO / "test-artifacts"
ORIGIN = "http://site.test"


class _Head(HTMLParser):
    """The references of a page that make the browser download something at start."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.alternates: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").split()
        if tag == "link" and ("stylesheet" in rel or "icon" in rel):
            self.refs.append(a["href"])
        elif tag == "link" and "alternate" in rel:
            self.alternates.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.refs.append(a["src"])
        self._in_config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


@dataclass
class Weight:
    files: dict[str, tuple[int, int]]  # path under the site root -> (raw bytes, gzip bytes)
    external: list[str]  # other hosts: not counted here (and the browser tests allow none)

    @property
    def raw(self) -> int:
        return sum(raw for raw, _ in self.files.values())

    @property
    def gzip(self) -> int:
        return sum(gz for _, gz in self.files.values())

    def table(self, title: str) -> str:
        rows = [f"{title}: {self.gzip / 1024:.1f} KB gzip ({self.raw / 1024:.1f} KB raw) in {len(self.files)} files"]
        rows += [f"  {gz / 1024:7.1f} KB  {raw / 1024:7.1f} KB  {path}"
                 for path, (raw, gz) in sorted(self.files.items(), key=lambda item: -item[1][1])]
        rows += [f"  (not counted) {url}" for url in self.external]
        return "\n".join(rows)


def startup_weight(root: Path, page: str, *, search: bool | None = None) -> Weight:
    """Every file the browser downloads to show `page` (a URL path under `root`, like "/latest/").

    `search`: count the search stack (True), leave it out (False), or count it only when the page
    loads it at start (None: no on-first-use loader in the page)."""
    urls: list[str] = []
    page_url = ORIGIN + page
    html = _file(root, page_url).read_text(encoding="utf-8")
    head = _Head()
    head.feed(html)
    urls += [page_url, *(urljoin(page_url, ref) for ref in head.refs)]
    config = json.loads(head.config or "{}")
    base = urljoin(page_url, config.get("base", ".").rstrip("/") + "/")
    if (config.get("version") or {}).get("provider") == "mike":
        urls.append(urljoin(base, "../versions.json"))
    if search is None:
        search = LAZY_SEARCH not in html
    if config.get("search") and search:
        worker = urljoin(page_url, config["search"])
        index = urljoin(base, "search/search_index.json")
        urls += [worker, index]
        languages = json.loads(_file(root, index).read_text(encoding="utf-8"))["config"]["lang"]
        urls += [urljoin(worker, f"../lunr/{name}") for name in _lunr_imports(languages)]
    for href in head.alternates:  # Material fetches sitemap.xml next to each; a missing one is a 404
        sitemap = urljoin(urljoin(page_url, href), "sitemap.xml")
        if _file(root, sitemap).is_file():
            urls.append(sitemap)
    files, external = {}, []
    for url in dict.fromkeys(urls):  # versions.json is fetched twice (Material, policy.js): one download counted
        if not url.startswith(ORIGIN + "/"):
            external.append(url)
            continue
        data = _file(root, url).read_bytes()
        files[urlsplit(url).path] = (len(data), len(gzip.compress(data, compresslevel=9, mtime=0)))
    return Weight(files, external)


def _lunr_imports(languages: list[str]) -> list[str]:
    """What Material 9.8's search worker imports for the index's languages (workers/search.*.js)."""
    if languages == ["en"]:
        return []
    names = ["min/lunr.stemmer.support.min.js"]
    for lang in languages:
        if lang == "ja":
            names.append("tinyseg.js")
        elif lang in ("hi", "th"):
            names.append("wordcut.js")
        if lang != "en":
            names.append(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        names.append("min/lunr.multi.min.js")
    return names


def _file(root: Path, url: str) -> Path:
    path = urlsplit(url).path
    return root / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


@pytest.fixture(scope="module")
def branch(published: SiteRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_branch(Git(published.path), "gh-pages", tmp_path_factory.mktemp("gh-pages"))


def test_a_policy_page_and_all_it_loads_at_start_weigh_under_70_kb_gzip(branch: Path, tmp_path: Path) -> None:
    weights = {f"{page} (published)": startup_weight(branch, page) for page in ("/latest/", "/latest/en/")}
    for page in ("/latest/", "/latest/en/"):
        weights[f"{page} with the search stack, as at its first search"] = startup_weight(branch, page, search=True)
    weights["plain Material, the same Japanese text (+ Google Fonts, not counted)"] = plain = _plain_material(tmp_path)
    report = "\n\n".join(weight.table(title) for title, weight in weights.items())
    _record("page-weight.txt", report)
    ours = {title: weight for title, weight in weights.items() if title.endswith("(published)")}
    print("\npage weight, gzip: " + ", ".join(f"{t.split()[0]} {w.gzip / 1024:.1f} KB" for t, w in ours.items())
          + f"; plain Material {plain.gzip / 1024:.1f} KB")
    for title, weight in ours.items():
        assert not any("search" in path or "lunr" in path for path in weight.files), title  # on first use only
        assert not weight.external, title
        assert weight.gzip < BUDGET, f"{title} weighs {weight.gzip / 1024:.1f} KB gzip, over {BUDGET // 1024} KB:\n{report}"


def _plain_material(tmp_path: Path) -> Weight:
    """Material's default (no plugin, no i18n, no mike) for the 2022-04-01 Japanese text: the figure to
    compare with. Google Fonts, which plain Material also loads, are not counted."""
    docs = tmp_path / "docs"
    docs.mkdir()
    text = (REPO / "docs" / "2022-04-01" / "ja" / "index.md").read_text(encoding="utf-8")
    (docs / "index.md").write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: DMM.com プライバシーポリシー\ntheme:\n  name: material\n  language: ja\n"
        "markdown_extensions: [attr_list, {toc: {permalink: true}}]\n", encoding="utf-8")
    proc = subprocess.run([str(BIN / "mkdocs"), "build", "-q"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV})
    assert proc.returncode == 0, proc.stderr
    return startup_weight(tmp_path / "site", "/")


def test_no_script_holds_up_the_first_paint_and_the_assets_are_minified(branch: Path) -> None:
    """Lighthouse's first contentful paint on a phone: a script without `defer` is fetched and run
    before the text shows; comments and indentation in policy.js and policy.css are weight."""
    for page in ("latest/index.html", "latest/en/index.html", "latest/changes/index.html"):
        html = (branch / page).read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
        assert any("bundle." in tag for tag in scripts) and any("policy.js" in tag for tag in scripts), page
        assert [tag for tag in scripts if not re.search(r"\s(defer|async)\b", tag)] == [], page
        for link in re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', html):
            assert (branch / page).parent.joinpath(link).resolve().is_file(), f"{page}: {link} is not published"
    for asset in ("policy.js", "policy.css", "redline.css"):
        text = (branch / "latest" / "assets" / "policy" / asset).read_text(encoding="utf-8")
        source = (REPO / "src" / "policy_site" / "assets" / "policy" / asset).read_text(encoding="utf-8")
        assert "/*" not in text and "\n  " not in text and len(text) < 0.8 * len(source), asset


def test_source_maps_are_not_published(published: SiteRepo) -> None:
    files = git(published.path, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    maps = [name for name in files if name.endswith(".map")]
    assert not maps, (f"{len(maps)} source maps are published (readers never need them): {', '.join(maps[:4])}, ...; "
                      "the plugin's on_post_build should delete site_dir/**/*.map")


def _record(name: str, report: str) -> None:
    print("\n" + report)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text(report + "\n", encoding="utf-8")
