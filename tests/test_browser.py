"""The published site in a real browser: Debian's Chromium driven by Playwright, against
the gh-pages branch of a real `policy-site publish`, served over HTTP on 127.0.0.1.

Three published sites, each exported from its branch and served on its own port:

- `in-force`: the example site published on 2026-11-27 (2022-04-01 in force, 2016-06-01 superseded);
- `upcoming`: published on 2022-03-31 (2016-06-01 in force, 2022-04-01 upcoming), with an extra
  document (`cookies`) that only 2022-04-01 has;
- `moved`: the same repository published again on 2022-04-01: the aliases moved, the pages were
  not rebuilt, so what they say about their status is stale until policy.js reads versions.json.

Screenshots of every page type land in test-artifacts/screenshots/ (gitignored). The README's
picture, assets/screenshot.png, is written only when missing or with POLICY_SITE_SCREENSHOT=1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response, Route

from conftest import REPO, SiteRepo, make_site_repo
from policy_site.git import Git
from policy_site.serve import export_branch, serve_in_thread

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
README_SCREENSHOT = REPO / "assets" / "screenshot.png"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
EN_2016 = "Drink within the notice, the use purpose that they announced beforehand"  # the historical translation

COOKIES_JA = "# クッキーについて\n\n## 1. クッキーの利用 {#use}\n\n当社はサービスの提供のためにクッキーを利用します。\n"
COOKIES_EN = "# About cookies\n\n## 1. Use of cookies {#use}\n\nWe use cookies to provide our services.\n"


# -- the sites ------------------------------------------------------------------------------


@dataclass
class Site:
    name: str
    root: Path
    server: ThreadingHTTPServer
    clock: dt.datetime | None = None  # the readers' clock (policy.js reads it); None: the real one

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def versions(self) -> list[dict]:
        return json.loads((self.root / "versions.json").read_text())

    def version_of(self, alias: str) -> str:
        return next(v["version"] for v in self.versions() if alias in v["aliases"])

    def sitemap(self, version: str) -> list[str]:
        """Every address the version's sitemap gives, page and hreflang alternates, as local paths."""
        tree = ET.parse(self.root / version / "sitemap.xml")
        hrefs = [loc.text or "" for loc in tree.iterfind("s:url/s:loc", SITEMAP_NS)]
        hrefs += [link.get("href", "") for link in tree.iterfind("s:url/x:link", SITEMAP_NS)]
        return sorted({urlsplit(href.strip()).path for href in hrefs})

    def pages(self) -> list[str]:
        """Every page a reader can reach: the root, each alias and version in both languages, all sitemaps."""
        paths = {"/"}
        for entry in self.versions():
            for name in [entry["version"], *entry["aliases"]]:
                paths.update(f"/{name}/{lang}{page}" for lang in ("", "en/") for page in ("", "history/"))
            paths.update(self.sitemap(entry["version"]))
        return sorted(paths)


def _serve(name: str, repo: SiteRepo, dest: Path, servers: list[ThreadingHTTPServer],
           clock: dt.datetime | None = None) -> Site:
    """The branch as it is now: exported to read its files, served from git's objects at this commit
    (as `policy-site serve` serves the branch)."""
    root = export_branch(Git(repo.path), "gh-pages", dest / name)
    servers.append(serve_in_thread(Git(repo.path), Git(repo.path).rev("gh-pages")))
    return Site(name, root, servers[-1], clock)


def _noon_in_tokyo(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T12:00:00+09:00")


@pytest.fixture(scope="module", autouse=True)
def _fresh_screenshots() -> None:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # this run's pictures only
    SCREENSHOTS.mkdir(parents=True)


@pytest.fixture(scope="module")
def sites(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    in_force = make_site_repo(tmp_path_factory.mktemp("in-force"))
    upcoming = make_site_repo(tmp_path_factory.mktemp("upcoming"))
    revision = upcoming.path / "docs" / "2022-04-01"
    (revision / "ja" / "cookies.md").write_text(COOKIES_JA, encoding="utf-8")
    (revision / "en" / "cookies.md").write_text(COOKIES_EN, encoding="utf-8")
    upcoming.commit("a document only 2022-04-01 has")
    with ThreadPoolExecutor(2) as pool:  # two publishes at once: half the wait on two cores
        results = list(pool.map(lambda job: job[0].run("publish", "--today", job[1]),
                                [(in_force, "2026-11-27"), (upcoming, "2022-03-31")]))
    for result in results:
        assert result.code == 0, result.err
    dest, servers = tmp_path_factory.mktemp("served"), []
    out = {"in-force": _serve("in-force", in_force, dest, servers, _noon_in_tokyo("2026-11-27")),
           "upcoming": _serve("upcoming", upcoming, dest, servers, _noon_in_tokyo("2022-03-31"))}
    result = upcoming.run("publish", "--today", "2022-04-01")  # moves the aliases, re-renders notices only
    assert result.code == 0, result.err
    out["moved"] = _serve("moved", upcoming, dest, servers, _noon_in_tokyo("2022-04-01"))
    yield out
    for server in servers:
        server.shutdown()
        server.server_close()


# -- what a browsing session did ------------------------------------------------------------


@dataclass
class Traffic:
    """Every request, failed response, console error and uncaught exception of a browser context."""

    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    in_flight: set[Request] = field(default_factory=set)

    def foreign(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]


@dataclass
class Session:
    context: BrowserContext
    page: Page
    traffic: Traffic
    site: Site | None = None

    def goto(self, path: str, site: Site | None = None, *, settle: bool = False) -> Response | None:
        """Load `path`; with `settle`, also wait for what the page fetches by itself (versions.json,
        sitemaps, the search index), as a reader who starts reading a moment later."""
        self.site = site or self.site
        assert self.site is not None
        if self.site.clock is not None:
            self.context.clock.set_fixed_time(self.site.clock)
        response = self.page.goto(self.site.url + path, wait_until="load")
        if settle:
            self.settle()
        return response

    def settle(self, quiet_ms: int = 200, timeout_ms: int = 8000) -> None:
        """Wait until no request of the context has been in flight for `quiet_ms`.

        Playwright's "networkidle" does the same with 500 ms and costs over a second a page here."""
        waited, quiet = 0, 0
        while quiet < quiet_ms:
            self.page.wait_for_timeout(25)  # lets Playwright deliver the request events
            waited += 25
            quiet = 0 if self.traffic.in_flight else quiet + 25
            assert waited < timeout_ms, f"still loading after {timeout_ms} ms: {[r.url for r in self.traffic.in_flight]}"

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def follow(self, expected: str) -> None:
        """After a click, a key press or a redirect: wait for the navigations it starts, then check
        where the reader is. Waiting for all of them matters: two scripts may both navigate."""
        try:
            self.page.wait_for_url(lambda url: urlsplit(url).path == expected, timeout=3000)
        except PlaywrightTimeoutError:
            pass
        self.page.wait_for_load_state("load")
        self.settle()
        assert self.path == expected, f"expected to land on {expected}, landed on {self.path}"


@pytest.fixture
def session(browser: Browser) -> Iterator[Session]:
    """A fresh browser context (no cookies, no storage) with all of its traffic recorded.

    Its search worker is a stub: building the search index of both languages costs a core for
    a second on every page, and nothing but search depends on it. The walk over every page
    (`reader` below) runs the real one."""
    yield from _session(browser, search=False)


@pytest.fixture
def reader(browser: Browser) -> Iterator[Session]:
    """A fresh browser context that runs everything as a reader's browser does."""
    yield from _session(browser, search=True)


def _session(browser: Browser, *, search: bool, **options) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **options)
    if not search:
        context.route("**/assets/javascripts/workers/search.*.js",
                      lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
    traffic = Traffic()

    def on_response(response: Response) -> None:
        if response.status >= 400:
            traffic.failures.append(f"{response.status} {response.url}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            traffic.console_errors.append(f"{message.text} ({where})")

    def watch(page: Page) -> None:
        page.on("console", on_console)
        page.on("pageerror", lambda error: traffic.page_errors.append(f"{error} ({page.url})"))

    def on_request(request: Request) -> None:
        traffic.requests.append(request.url)
        traffic.in_flight.add(request)

    context.on("request", on_request)
    context.on("requestfinished", lambda request: traffic.in_flight.discard(request))
    context.on("requestfailed", lambda request: traffic.in_flight.discard(request))
    context.on("response", on_response)
    context.on("page", watch)
    yield Session(context, context.new_page(), traffic)
    context.close()


def _is_shown(page: Page, selector: str) -> bool:
    """Visible to a reader: rendered, not hidden by CSS, not transparent."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].some(el =>
             el.checkVisibility({opacityProperty: true, visibilityProperty: true}))""", selector)


def _notices(page: Page) -> list[str]:
    return page.eval_on_selector_all(".policy-notices .policy-notice",
                                     "els => els.map(el => el.className.replace('policy-notice ', ''))")


# -- landing and every page -------------------------------------------------------------------


def test_root_lands_on_the_revision_in_force(session: Session, sites: dict[str, Site]) -> None:
    session.goto("/", sites["in-force"])
    session.follow("/latest/")
    page = session.page
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").first.inner_text().startswith("プライバシーポリシー")
    assert page.locator(".policy-meta time").first.get_attribute("datetime") == "2022-04-01"
    text = page.locator("article").inner_text()
    session.goto("/2022-04-01/")
    assert page.locator("article").inner_text() == text
    # a site whose newest revision is not in force yet lands on the one that is
    session.goto("/", sites["upcoming"])
    session.follow("/latest/")
    assert page.locator(".policy-meta time").first.get_attribute("datetime") == "2016-06-01"


def _load_all(session: Session, site: Site, paths: list[str], tabs: int = 4) -> list[str]:
    """Load every path in real tabs, a few at a time, until all is quiet; the paths that are not 200."""
    not_ok = []
    if site.clock is not None:
        session.context.clock.set_fixed_time(site.clock)
    for start in range(0, len(paths), tabs):
        loading = []
        for path in paths[start:start + tabs]:
            tab = session.context.new_page()
            loading.append((path, tab, tab.goto(site.url + path, wait_until="commit")))
        for _path, tab, _response in loading:
            tab.wait_for_load_state("load")
        session.settle()
        for path, tab, response in loading:
            if response is None or response.status != 200:
                not_ok.append(f"{response.status if response else 'no response'} {path}")
            elif tab.locator("html").get_attribute("lang") not in ("ja", "en"):
                not_ok.append(f"no page language: {path}")
            tab.close()
    return not_ok


def _reader_walk(site: Site) -> list[str]:
    """The root; each alias and version in both languages, with its history page; under /latest/,
    every other page type the build has (changes, disclosures, ...) in both languages."""
    paths = ["/"]
    for entry in site.versions():
        for name in [*entry["aliases"], entry["version"]]:
            paths += [f"/{name}/{lang}{page}" for lang in ("", "en/") for page in ("", "history/")]
    for kind, path in _page_types(site, site.version_of("latest")).items():
        if not kind.startswith(("policy-", "history-")):
            paths.append(path.replace(f"/{site.version_of('latest')}/", "/latest/", 1))
    return paths


@pytest.mark.parametrize("site_name", ["in-force", "upcoming"])
def test_every_page_answers_200_with_no_third_party_no_cookie_no_error(
        reader: Session, sites: dict[str, Site], site_name: str) -> None:
    """Every page answers 200. The browser walks the root, both languages of each alias and version,
    their history pages and one page of every other type; the other pages are fetched (a reader's
    browser costs a core for a second a page here: it builds the search index)."""
    session, site = reader, sites[site_name]
    walked = _reader_walk(site) if site_name == "in-force" else [  # what differs from the in-force site
        "/", "/latest/", "/latest/en/history/", "/upcoming/", "/upcoming/en/", "/upcoming/en/cookies/"]
    not_ok = _load_all(session, site, walked)
    for path in sorted(set(site.pages()) - set(walked)):
        status = session.context.request.get(site.url + path).status
        if status != 200:
            not_ok.append(f"{status} {path}")
    # and both switchers, which fetch what they need when they are used
    session.goto("/latest/history/", site, settle=True)
    _open_language_menu(session.page).locator(".md-select__link[hreflang=en]").click()
    session.follow("/latest/en/history/")
    oldest = site.versions()[-1]["version"]
    _pick_version(session.page, oldest)
    session.follow(f"/{oldest}/en/history/")
    session.page.wait_for_load_state("networkidle")
    traffic = session.traffic
    problems = {
        "pages that do not answer 200": not_ok,
        "requests to other hosts": traffic.foreign(),
        "responses >= 400": sorted(set(traffic.failures)),
        "console errors": sorted({e for e in traffic.console_errors  # less the echoes of the responses above
                                  if not any(f.split()[1] in e for f in traffic.failures)}),
        "uncaught exceptions": traffic.page_errors,
        "cookies": [f"{c['name']}={c['value']} ({c['domain']})" for c in session.context.cookies()],
    }
    report = "\n".join(f"{what}:\n  " + "\n  ".join(items) for what, items in problems.items() if items)
    assert not report, f"on the {site_name} site ({len(walked)} pages walked):\n{report}"


# -- the switchers ----------------------------------------------------------------------------


def _open_language_menu(page: Page):
    menu = page.locator(".md-header__option .md-select")
    menu.hover()
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-select__inner')).opacity === '1'")
    return menu


def _pick_version(page: Page, version: str) -> None:
    selector = page.locator(".md-version")
    selector.wait_for()  # Material builds it from versions.json
    selector.hover()
    page.locator(".md-version__link", has_text=version).click()


@pytest.mark.parametrize("start,lang,end", [
    ("/latest/", "en", "/latest/en/"),
    ("/latest/en/", "ja", "/latest/"),
    ("/latest/history/", "en", "/latest/en/history/"),
    ("/latest/en/history/", "ja", "/latest/history/"),
    ("/2016-06-01/en/", "ja", "/2016-06-01/"),
])
def test_switching_language_stays_on_the_same_page_of_the_same_version(
        session: Session, sites: dict[str, Site], start: str, lang: str, end: str) -> None:
    session.goto(start, sites["in-force"], settle=True)
    _open_language_menu(session.page).locator(f".md-select__link[hreflang={lang}]").click()
    session.follow(end)
    assert session.page.locator("html").get_attribute("lang") == lang


def _slowly(route: Route) -> None:
    time.sleep(0.5)  # blocks Playwright, not the browser: whatever does not wait for this goes first
    route.continue_()


@pytest.mark.parametrize("start,version,end", [
    ("/latest/en/", "2016-06-01", "/2016-06-01/en/"),
    ("/latest/en/history/", "2016-06-01", "/2016-06-01/en/history/"),
    ("/2016-06-01/en/history/", "2022-04-01", "/2022-04-01/en/history/"),
    ("/2016-06-01/history/", "2022-04-01", "/2022-04-01/history/"),
    # from the alias to the version it names: Material's language-link hijacking (it fetches
    # sitemap.xml next to every <link rel=alternate> and takes over clicks under them) and its
    # version selector both handle this click
    ("/latest/en/", "2022-04-01", "/2022-04-01/en/"),
])
def test_switching_version_keeps_the_language_and_the_page(
        session: Session, sites: dict[str, Site], start: str, version: str, end: str) -> None:
    session.goto(start, sites["in-force"], settle=True)  # as a reader would: after the page's own fetches
    session.page.route("**/sitemap.xml", _slowly)  # then on a slow network, where races show
    _pick_version(session.page, version)
    session.follow(end)
    assert session.page.locator("html").get_attribute("lang") == ("en" if "/en/" in end else "ja")


@pytest.mark.parametrize("start,end", [
    ("/2022-04-01/en/cookies/", "/2016-06-01/en/"),
    ("/2022-04-01/cookies/", "/2016-06-01/"),
])
def test_switching_to_a_version_without_the_page_lands_on_its_home_in_the_same_language(
        session: Session, sites: dict[str, Site], start: str, end: str) -> None:
    site = sites["upcoming"]
    assert start in site.pages() and start.replace("2022-04-01", "2016-06-01") not in site.pages()
    session.goto(start, site, settle=True)
    _pick_version(session.page, "2016-06-01")
    session.follow(end)


# -- notices ---------------------------------------------------------------------------------


def test_superseded_banner_shows_on_superseded_revisions_only(session: Session, sites: dict[str, Site]) -> None:
    site = sites["in-force"]
    for path, text in (("/2016-06-01/", "2022年4月1日に改定されました"),
                       ("/2016-06-01/en/", "It was superseded on April 1, 2022"),
                       ("/2016-06-01/en/history/", "It was superseded on April 1, 2022")):
        session.goto(path, site, settle=True)
        assert _notices(session.page) == ["policy-notice--superseded"], path
        assert _is_shown(session.page, ".policy-notice--superseded"), path
        assert text in session.page.locator(".md-banner").inner_text(), path
        _assert_notice_links_answer(session, path)
    for path in ("/latest/", "/latest/en/", "/2022-04-01/en/", "/2022-04-01/history/"):
        session.goto(path, site, settle=True)
        assert _notices(session.page) == [], path
        assert not _is_shown(session.page, ".md-banner"), f"{path}: an empty banner is shown"


def test_when_a_revision_takes_effect_the_notices_are_rerendered_into_the_pages(
        session: Session, no_js_session: Session, sites: dict[str, Site]) -> None:
    """Published on 2022-03-31, published again on 2022-04-01: the superseded revision's pages now say so
    in their HTML (readers without JavaScript, crawlers, printouts), and the script agrees."""
    site = sites["moved"]
    built = (site.root / "2016-06-01" / "en" / "index.html").read_text(encoding="utf-8")
    assert "policy-notice--superseded" in built and "policy-notice--upcoming" not in built
    assert "policy-notice--not-yet" not in (site.root / "2022-04-01" / "index.html").read_text(encoding="utf-8")
    for reader in (no_js_session, session):
        reader.goto("/2016-06-01/en/", site, settle=True)
        assert _notices(reader.page) == ["policy-notice--superseded"]
        assert "It was superseded on April 1, 2022" in reader.page.locator(".md-banner").inner_text()
        _assert_notice_links_answer(reader, "/2016-06-01/en/")
        reader.goto("/latest/", site, settle=True)
        assert _notices(reader.page) == []
        assert not _is_shown(reader.page, ".md-banner")


def test_upcoming_notice_shows_on_the_revision_in_force_never_on_the_upcoming_one(
        session: Session, sites: dict[str, Site]) -> None:
    site = sites["upcoming"]
    for path, text in (("/latest/", "2022年4月1日"), ("/latest/en/", "This policy will change on April 1, 2022"),
                       ("/2016-06-01/en/history/", "April 1, 2022")):
        session.goto(path, site, settle=True)
        assert _notices(session.page) == ["policy-notice--upcoming"], path
        assert _is_shown(session.page, ".policy-notice--upcoming") and text in session.page.locator(".md-banner").inner_text()
        _assert_notice_links_answer(session, path)
    for path in ("/upcoming/", "/2022-04-01/en/", "/2022-04-01/en/cookies/"):
        session.goto(path, site, settle=True)
        assert _notices(session.page) == ["policy-notice--not-yet"], path
        _assert_notice_links_answer(session, path)
    session.goto("/latest/en/", sites["in-force"], settle=True)  # nothing upcoming on that site
    assert _notices(session.page) == []


@pytest.mark.parametrize("zone,clock,notice,says", [
    # the evening before, in Tokyo: the change is still ahead
    ("Asia/Tokyo", "2022-03-31T23:30:00+09:00", "upcoming", "This policy will change on April 1, 2022"),
    # the same instant for a reader in Los Angeles, whose own calendar still says March 31
    ("America/Los_Angeles", "2022-04-01T00:30:00+09:00", "superseded", "It was superseded on April 1, 2022"),
    # days later, before any publish moved the aliases: never "will change on" a past date
    ("Europe/Berlin", "2022-04-05T10:00:00+02:00", "superseded", "It was superseded on April 1, 2022"),
])
def test_the_readers_clock_in_the_sites_time_zone_decides_what_is_in_force(
        browser: Browser, sites: dict[str, Site], zone: str, clock: str, notice: str, says: str) -> None:
    """Published on 2022-03-31 (2016-06-01 in force, 2022-04-01 upcoming); read at other times, anywhere."""
    site = sites["upcoming"]
    for session in _session(browser, search=False, timezone_id=zone):
        session.site = Site(site.name, site.root, site.server, dt.datetime.fromisoformat(clock))
        session.goto("/latest/en/", settle=True)
        assert _notices(session.page) == [f"policy-notice--{notice}"]
        banner = session.page.locator(".md-banner").inner_text()
        assert says in banner, banner
        session.goto("/2022-04-01/en/", settle=True)
        assert _notices(session.page) == ([] if notice == "superseded" else ["policy-notice--not-yet"])
        session.goto("/2016-06-01/en/history/", settle=True)
        newest = session.page.locator(".policy-history > li").nth(0)
        assert newest.get_attribute("data-status") == ("in-force" if notice == "superseded" else "upcoming")


@pytest.fixture(scope="module")
def first_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A new site whose first revision (2022-04-01) was published ahead, on 2022-03-01."""
    repo = make_site_repo(tmp_path_factory.mktemp("first"), revisions=("2022-04-01",))
    result = repo.run("publish", "--today", "2022-03-01")
    assert result.code == 0, result.err
    servers: list[ThreadingHTTPServer] = []
    yield _serve("first", repo, tmp_path_factory.mktemp("served-first"), servers, _noon_in_tokyo("2022-03-10"))
    for server in servers:
        server.shutdown()
        server.server_close()


def test_nothing_in_force_yet_the_root_says_when_the_policy_takes_effect(
        session: Session, no_js_session: Session, first_site: Site) -> None:
    for reader in (session, no_js_session):
        reader.goto("/", first_site)
        reader.follow("/latest/")
        assert _notices(reader.page) == ["policy-notice--first"]
        assert "このポリシーは2022年4月1日に施行されます。" in reader.page.locator(".md-banner").inner_text()
        assert "現行" not in reader.page.locator(".md-banner").inner_text()
    # and the day it takes effect, the page is in force: no notice
    session.site = Site(first_site.name, first_site.root, first_site.server, _noon_in_tokyo("2022-04-01"))
    session.goto("/latest/en/", settle=True)
    assert _notices(session.page) == []


def _assert_notice_links_answer(session: Session, path: str) -> None:
    hrefs = session.page.eval_on_selector_all(".policy-notice a", "els => els.map(a => a.href)")
    assert hrefs, f"{path}: the notice links nowhere"
    for href in hrefs:
        status = session.context.request.get(href).status
        assert status == 200, f"{path}: the notice links to {href}, which answers {status}"


# -- keyboard ---------------------------------------------------------------------------------


def _tab_to(page: Page, matches: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches the CSS selector `matches`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement && document.activeElement.matches(sel)", matches):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {matches}")


def _assert_focus_shown(page: Page) -> None:
    """The focused control shows that it has the focus (an outline), as WCAG 2.4.7 asks."""
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [document.activeElement.className, s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert style[1] != "none" and style[2] > 0, f"no visible focus on .{style[0]}: outline {style[1]} {style[2]}px"


def _wait_shown(page: Page, selector: str) -> None:
    page.wait_for_function(
        """(sel) => { const el = document.querySelector(sel);
             return el && el.checkVisibility({opacityProperty: true, visibilityProperty: true})
                    && getComputedStyle(el).opacity === '1'; }""", arg=selector, timeout=3000)


def test_the_language_switcher_works_with_the_keyboard_alone(session: Session, sites: dict[str, Site]) -> None:
    session.goto("/latest/history/", sites["in-force"], settle=True)
    page = session.page
    _tab_to(page, ".md-select > button")
    _assert_focus_shown(page)
    page.keyboard.press("Enter")
    _wait_shown(page, ".md-select__inner")
    _tab_to(page, ".md-select__link[hreflang=en]", limit=3)
    assert _is_shown(page, ".md-select__link[hreflang=en]")
    _assert_focus_shown(page)
    page.keyboard.press("Enter")
    session.follow("/latest/en/history/")


def test_the_version_selector_works_with_the_keyboard_alone(session: Session, sites: dict[str, Site]) -> None:
    session.goto("/latest/en/history/", sites["in-force"], settle=True)
    page = session.page
    page.locator(".md-version").wait_for()
    _tab_to(page, ".md-version__current")
    _assert_focus_shown(page)
    page.keyboard.press("Space")
    _wait_shown(page, ".md-version__list")
    _tab_to(page, ".md-version__link[href$='/2016-06-01/']", limit=4)
    _assert_focus_shown(page)
    page.keyboard.press("Enter")
    session.follow("/2016-06-01/en/history/")


def test_the_history_page_works_with_the_keyboard_alone(session: Session, sites: dict[str, Site]) -> None:
    session.goto("/latest/en/", sites["in-force"])
    page = session.page
    _tab_to(page, "article a[href$='history/']")
    page.keyboard.press("Enter")
    session.follow("/latest/en/history/")
    _tab_to(page, "article a[href$='/2016-06-01/en/']")  # the superseded revision's text
    page.keyboard.press("Enter")
    session.follow("/2016-06-01/en/")
    assert EN_2016 in page.locator("article").inner_text()


# -- accessibility and screenshots --------------------------------------------------------------


def _page_types(site: Site, version: str) -> dict[str, str]:
    """One page per type (policy, history, and any other page the build has) -> its path, both languages."""
    out = {}
    for path in site.sitemap(version):
        rest = path.split(f"/{version}/", 1)[-1] if f"/{version}/" in path else None
        if rest is None or not re.fullmatch(r"(en/)?([a-z-]+/)?", rest):
            continue
        lang = "en" if rest.startswith("en/") else "ja"
        kind = rest.removeprefix("en/").strip("/") or "policy"
        out[f"{kind}-{lang}"] = path
    return out


def _format_violations(path: str, violations: list[dict]) -> str:
    lines = [f"{path}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      {' '.join(map(str, node['target']))}: {summary}")
        if len(v["nodes"]) > 5:
            lines.append(f"      ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def test_axe_finds_no_wcag_21_aa_violation_on_any_page_type(session: Session, sites: dict[str, Site]) -> None:
    """Every page type in both languages, with and without a notice; screenshots saved as artifacts."""
    axe = Axe()
    targets = {f"in-force-{k}": ("in-force", v.replace("/2022-04-01/", "/latest/"))
               for k, v in _page_types(sites["in-force"], "2022-04-01").items()}
    targets |= {f"superseded-{k}": ("in-force", v) for k, v in _page_types(sites["in-force"], "2016-06-01").items()
                if k.startswith("policy")}
    targets |= {f"upcoming-notice-{k}": ("upcoming", v.replace("2016-06-01", "latest"))
                for k, v in _page_types(sites["upcoming"], "2016-06-01").items() if k.startswith("policy")}
    assert {"in-force-policy-ja", "in-force-policy-en", "in-force-history-ja", "in-force-history-en"} <= set(targets)
    failures = []
    for name, (site_name, path) in sorted(targets.items()):
        session.goto(path, sites[site_name], settle=True)
        result = axe.run(session.page, options=WCAG_21_AA)
        if result.violations_count:
            failures.append(_format_violations(f"{site_name} {path}", result.response["violations"]))
        session.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    if not README_SCREENSHOT.exists() or os.environ.get("POLICY_SITE_SCREENSHOT") == "1":
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        session.goto("/latest/en/", sites["in-force"], settle=True)
        session.page.screenshot(path=README_SCREENSHOT)
    assert not failures, "axe-core (WCAG 2.1 A/AA) violations:\n" + "\n".join(failures)


# -- without JavaScript, in print --------------------------------------------------------------


@pytest.fixture
def no_js_session(browser: Browser) -> Iterator[Session]:
    yield from _session(browser, search=False, java_script_enabled=False)


def test_without_javascript_the_policy_dates_and_links_are_all_there(
        no_js_session: Session, sites: dict[str, Site]) -> None:
    session, site = no_js_session, sites["in-force"]
    session.goto("/", site)  # the root's <noscript> refresh
    session.follow("/latest/")
    for path, lang, effective, established, sentence in (
            ("/latest/en/", "en", "April 1, 2022", "March 31, 2005", "Personal Information Protection Policy"),
            ("/2016-06-01/en/", "en", "June 1, 2016", "March 31, 2005", EN_2016),
            ("/latest/", "ja", "2022年4月1日", "2005年3月31日", "個人情報保護方針")):
        assert session.goto(path, site).status == 200
        page = session.page
        article = page.locator("article").inner_text()
        assert sentence in article, path
        dates = page.locator(".policy-meta__dates").inner_text()
        assert effective in dates and established in dates, f"{path}: {dates!r}"
        hrefs = page.eval_on_selector_all("article a[href]:not(.headerlink), .md-select__link",
                                          "els => els.map(a => a.href)")
        assert any(h.endswith("/history/") for h in hrefs), path
        for href in hrefs:
            assert session.context.request.get(href).status == 200, f"{path}: {href}"
        languages = page.eval_on_selector_all(".md-select__link", "els => els.map(a => a.getAttribute('hreflang'))")
        assert sorted(languages) == ["en", "ja"], path
    session.goto("/2016-06-01/en/", site)
    assert _is_shown(session.page, ".policy-notice--superseded")
    session.goto("/latest/en/", site)
    assert not _is_shown(session.page, ".md-banner"), "an empty notice banner is shown without JavaScript"


@pytest.mark.parametrize("path,title,effective,dated,notice", [
    ("/latest/en/", "Privacy Policy", "April 1, 2022", "/2022-04-01/en/", None),
    ("/2016-06-01/", "プライバシーポリシー", "2016年6月1日", "/2016-06-01/", ".policy-notice--superseded"),
])
def test_print_shows_the_policy_and_its_address_without_the_site_chrome(
        session: Session, sites: dict[str, Site], path: str, title: str, effective: str, dated: str,
        notice: str | None) -> None:
    session.goto(path, sites["in-force"], settle=True)
    page = session.page
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                   ".md-footer", ".md-top", ".headerlink", ".md-banner__button"):
        assert not _is_shown(page, chrome), f"{chrome} is printed"
    # a printout of a superseded revision says so; one of the policy in force has no banner at all
    if notice:
        assert _is_shown(page, notice), f"{notice} is not printed"
    else:
        assert not _is_shown(page, ".md-banner"), "an empty banner is printed"
    assert _is_shown(page, "article h1") and page.locator("article h1").inner_text().startswith(title)
    assert _is_shown(page, ".policy-meta__dates") and effective in page.locator(".policy-meta__dates").inner_text()
    assert _is_shown(page, "article h2") and len(page.locator("article").inner_text()) > 1000
    slug = path.strip("/").replace("/", "-")
    page.screenshot(path=SCREENSHOTS / f"print-{slug}.png", full_page=True)
    # the printed page says where it comes from: the dated address of this revision
    assert _is_shown(page, ".policy-print-url"), "no .policy-print-url element is printed"
    printed = page.locator(".policy-print-url").inner_text()
    assert printed.strip().endswith(dated), printed


def test_the_history_of_an_old_revision_lists_every_revision_published_since(
        session: Session, tmp_path: Path) -> None:
    """2016-06-01 was built alone; its history page must still show 2022-04-01, in force."""
    repo = make_site_repo(tmp_path, revisions=("2016-06-01",))
    assert repo.run("publish", "--today", "2022-02-01").code == 0
    shutil.copytree(REPO / "docs" / "2022-04-01", repo.path / "docs" / "2022-04-01")
    repo.commit("new revision")
    assert repo.run("publish", "--today", "2022-03-01").code == 0  # announced: 2022-03-01
    servers: list[ThreadingHTTPServer] = []
    announced = _serve("announced", repo, tmp_path / "served", servers, _noon_in_tokyo("2022-03-01"))
    assert repo.run("publish", "--today", "2026-11-27").code == 0
    site = _serve("history", repo, tmp_path / "served", servers, _noon_in_tokyo("2026-11-27"))
    try:
        # the day it was announced, the revision in force says so in its HTML: read without JavaScript
        for no_js in _session(session.context.browser, search=False, java_script_enabled=False):
            no_js.goto("/2016-06-01/en/", announced)
            assert _notices(no_js.page) == ["policy-notice--upcoming"]
            assert "This policy will change on April 1, 2022." in no_js.page.locator(".md-banner").inner_text()
            _assert_notice_links_answer(no_js, "/2016-06-01/en/")
            no_js.goto("/2016-06-01/en/", site)
            assert _notices(no_js.page) == ["policy-notice--superseded"]
        built = (site.root / "2016-06-01" / "en" / "history" / "index.html").read_text(encoding="utf-8")
        assert "April 1, 2022" not in built.split('class="policy-history"', 1)[1]  # notices aside, as built
        session.goto("/2016-06-01/en/history/", site, settle=True)
        items = session.page.locator(".policy-history > li")
        assert items.nth(0).get_attribute("data-revision") == "2022-04-01"
        assert "April 1, 2022" in items.nth(0).inner_text() and "In force" in items.nth(0).inner_text()
        assert "illustrative" in items.nth(0).inner_text()
        assert "Superseded" in items.nth(1).inner_text()
        session.page.locator(".policy-history > li").nth(0).get_by_role("link", name="What changed").click()
        session.follow("/2022-04-01/en/changes/")
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
