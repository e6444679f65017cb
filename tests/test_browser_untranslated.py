"""A revision published only in Japanese, read in English in a real browser (Debian's Chromium):
the page says so and links the Japanese text, every Japanese word on it carries lang="ja", axe
finds nothing; the version selector and the history of the English site mark that revision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from conftest import SiteRepo
from policy_site.git import Git
from policy_site.serve import serve_in_thread
from test_browser import WCAG_21_AA, _format_violations
from test_untranslated import TODAY, make_repo

pytestmark = pytest.mark.browser

# Text nodes holding Japanese (kana, kanji, full-width forms) whose nearest lang is not Japanese.
UNTAGGED_JAPANESE = """() => {
  const japanese = /[\\u3040-\\u30ff\\u3400-\\u9fff\\uff00-\\uffef]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!japanese.test(node.nodeValue) || !el || el.closest("script, style, template")) continue;
    if (!el.checkVisibility()) continue;
    const lang = (el.closest("[lang]") || document.documentElement).getAttribute("lang");
    if (!lang.startsWith("ja")) out.push(node.nodeValue.trim() + " <" + el.tagName.toLowerCase() + ">");
  }
  return out;
}"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo: SiteRepo = make_repo(tmp_path_factory.mktemp("ja-only-browser"))
    result = repo.run("publish", "--push", "--today", TODAY)
    assert result.code == 0, result.err
    server = serve_in_thread(Git(Path(repo.path)))
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def open_page(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(url, wait_until="load")
    page.wait_for_selector(".md-version__current", timeout=15000)  # versions.json arrived, the header is built
    page.wait_for_timeout(500)
    return page


def test_the_english_page_of_the_japanese_only_revision(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "/2019-04-01/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title().startswith("Published only in Japanese")
    notice = page.locator(".policy-untranslated")
    assert "was published only in Japanese" in notice.inner_text()
    assert page.evaluate(UNTAGGED_JAPANESE) == []
    result = Axe().run(page, options=WCAG_21_AA)
    assert not result.violations_count, _format_violations("/2019-04-01/en/", result.response["violations"])
    # the version selector, in English, says which revision is Japanese-only
    assert page.locator(".md-version__current").inner_text().startswith("2019-04-01 (Japanese only)")
    links = page.locator(".md-version__link").all_inner_texts()
    assert "2019-04-01 (Japanese only)" in [t.strip() for t in links], links
    assert links[0].startswith("2023-10-01") and "only" not in links[0], links  # its alias follows: "latest"
    # the link leads to the Japanese text of the same revision
    notice.get_by_role("link", name="Read this page in Japanese").click()
    page.wait_for_load_state("load")
    assert page.url == site_url + "/2019-04-01/"
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "読者アンケートの集計及び分析" in page.locator("article").inner_text()
    page.context.close()


def test_the_english_site_in_force_marks_the_japanese_only_revision(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "/latest/en/history/")
    item = page.locator('li[data-revision="2019-04-01"]')
    assert "Published only in Japanese" in item.inner_text()
    assert [t.strip() for t in page.locator(".md-version__link").all_inner_texts()] == [
        "2023-10-01latest", "2019-04-01 (Japanese only)"]
    assert page.evaluate(UNTAGGED_JAPANESE) == []
    result = Axe().run(page, options=WCAG_21_AA)
    assert not result.violations_count, _format_violations("/latest/en/history/", result.response["violations"])
    page.context.close()
    # in Japanese, nothing is marked
    ja = open_page(browser, site_url + "/latest/")
    assert [t.strip() for t in ja.locator(".md-version__link").all_inner_texts()] == ["2023-10-01latest", "2019-04-01"]
    ja.context.close()
