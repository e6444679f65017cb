"""A revision published only in Japanese, read in English in a real browser (Debian's Chromium):
the page says so and links the Japanese text, every Japanese word on it carries lang="ja", axe
finds nothing; the version selector and the history of the English site mark that revision, also
on pages built before a later Japanese-only revision was published (policy.js)."""

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


LATER = """published_elsewhere: "the notice board of the head office, from 2024-04-01"
languages: [ja]
summary:
  ja: 苦情及び相談の窓口の受付時間を改めました。
  en: Changed the opening hours of the desk for complaints and consultation.
"""


def test_a_later_japanese_only_revision_is_marked_on_pages_built_before_it(browser: Browser, tmp_path: Path) -> None:
    """The history and the selector of 2023-10-01, built before 2024-04-01 existed, learn of it from
    revisions.json and versions.json (policy.js), in the reader's language."""
    repo = make_repo(tmp_path)
    assert repo.run("publish", "--push", "--today", TODAY).code == 0
    later = repo.path / "docs" / "2024-04-01"
    (later / "ja").mkdir(parents=True)
    (later / "revision.yml").write_text(LATER, encoding="utf-8")
    text = (repo.path / "docs/2023-10-01/ja/index.md").read_text(encoding="utf-8")
    (later / "ja/index.md").write_text(text.replace("平日10時から17時まで", "平日9時から18時まで"), encoding="utf-8")
    repo.commit("a Japanese-only revision")
    result = repo.run("publish", "--push", "--today", TODAY)
    assert result.code == 0, result.out + result.err
    assert 'data-revision="2024-04-01"' not in repo.show("gh-pages", "2023-10-01/en/history/index.html")  # built before
    server = serve_in_thread(Git(repo.path))
    host, port = server.server_address[:2]
    page = open_page(browser, f"http://{host}:{port}/2023-10-01/en/history/")
    page.wait_for_selector('li[data-revision="2024-04-01"]', timeout=15000)
    assert page.locator('li[data-revision="2024-04-01"] .policy-history__only').inner_text() == \
        "Published only in Japanese"
    assert page.locator('li[data-revision="2023-10-01"] .policy-history__only').count() == 0
    links = [t.strip() for t in page.locator(".md-version__link").all_inner_texts()]
    assert links[:2] == ["2024-04-01 (Japanese only)latest", "2023-10-01"], links
    page.context.close()
    server.shutdown()
    server.server_close()
