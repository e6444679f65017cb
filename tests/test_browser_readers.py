"""What readers get in a real browser (Debian's Chromium through Playwright), on the example site
published once and served from its gh-pages branch: search loads on first use, the site name reads
on a 360 px phone, the footer names the operator, the version button's name holds its text, and
axe finds no violation with the search dialog open."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from conftest import SiteRepo
from policy_site.git import Git
from policy_site.serve import serve_in_thread
from test_browser import WCAG_21_AA, _format_violations

pytestmark = pytest.mark.browser
SEARCH_STACK = re.compile(r"/search/search_index\.json|/workers/search\.|/lunr/")


@pytest.fixture(scope="module")
def site_url(published: SiteRepo) -> Iterator[str]:
    server = serve_in_thread(Git(published.path))
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def open_page(browser: Browser, url: str, *, width: int = 1280, height: int = 800) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": height})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_selector(".md-version__current", timeout=15000)  # versions.json arrived, the header is built
    page.wait_for_timeout(500)
    return page, requests


@pytest.mark.parametrize(("path", "how", "query"), [("/latest/", "click", "安全管理"),
                                                    ("/latest/en/", "key", "personal information")])
def test_the_search_stack_loads_on_the_first_use_of_search_not_before(
        browser: Browser, site_url: str, path: str, how: str, query: str) -> None:
    page, requests = open_page(browser, site_url + path)
    page.mouse.wheel(0, 600)  # reading: scrolling, nothing else
    page.wait_for_timeout(800)
    assert not [url for url in requests if SEARCH_STACK.search(url)], "the search stack loaded before any search"
    if how == "click":
        page.click("input.md-search__input")  # in the header on a desktop screen
    else:
        page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    loaded = [url for url in requests if SEARCH_STACK.search(url)]
    assert any("search_index.json" in url for url in loaded) and any("/workers/search." in url for url in loaded)
    page.context.close()


@pytest.mark.parametrize("path", ["/latest/", "/latest/en/"])
def test_the_site_name_reads_whole_on_a_360_px_phone(browser: Browser, site_url: str, path: str) -> None:
    page, _ = open_page(browser, site_url + path, width=360, height=740)
    name = page.evaluate("""() => {
        const el = document.querySelector('.md-header__topic:first-child > .md-ellipsis');
        return {text: el.textContent.trim(), width: el.clientWidth, scrollWidth: el.scrollWidth,
                height: el.clientHeight, scrollHeight: el.scrollHeight}; }""")
    assert name["text"] in ("DMM.com プライバシーポリシー", "DMM.com Privacy Policy")
    assert name["width"] >= 120, name  # not clipped to a character or two beside the version selector
    assert name["scrollWidth"] <= name["width"] + 1 and name["scrollHeight"] <= name["height"] + 1, name
    page.screenshot(path=str(Path(__file__).resolve().parent.parent / "test-artifacts" /
                             f"phone-360{path.replace('/', '_')}.png"))
    page.context.close()


def test_the_footer_names_the_operator_and_the_copyright_in_the_page_language(browser: Browser, site_url: str) -> None:
    for path, operator in (("/latest/", "合同会社DMM.com"), ("/latest/en/", "DMM.com LLC")):
        page, _ = open_page(browser, site_url + path)
        footer = page.inner_text(".md-copyright")
        assert footer.split("\n") == [operator, "Copyright © DMM.com"], footer
        assert "Made with" not in page.content()
        page.context.close()


def test_the_version_button_is_named_by_the_text_it_shows(browser: Browser, site_url: str) -> None:
    page, _ = open_page(browser, site_url + "/latest/en/")
    shown, name = page.evaluate("""() => { const b = document.querySelector('.md-version__current');
        return [b.textContent.replace(/\\s+/g, ' ').trim(), b.getAttribute('aria-label')]; }""")
    assert shown.startswith("2022-04-01") and name.startswith(shown), (shown, name)
    page.context.close()


def test_axe_finds_nothing_with_the_search_dialog_open(browser: Browser, site_url: str) -> None:
    page, _ = open_page(browser, site_url + "/latest/")
    page.click("input.md-search__input")
    page.keyboard.type("個人情報")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    axe = Axe()
    result = axe.run(page, options=WCAG_21_AA)
    assert not result.violations_count, _format_violations("/latest/ (search open)", result.response["violations"])
    named = axe.run(page, options={"runOnly": {"type": "rule", "values": ["aria-dialog-name"]},
                                   "resultTypes": ["violations"]})
    assert not named.violations_count, _format_violations("/latest/ (search open)", named.response["violations"])
    page.context.close()
