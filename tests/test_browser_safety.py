"""The payloads in Chromium: each `auto` one runs when its rendered HTML is loaded as it is, and
the `policy` plugin writes no page holding it (so nothing runs on the built site).

A payload shown in a code block is built, and the page runs nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, Route

from policy_site.model.render import MarkdownSettings, render
from safety_site import HEAD, make_site, mkdocs_build

pytestmark = pytest.mark.browser

PAYLOADS = yaml.safe_load((Path(__file__).parent / "data" / "xss_payloads.yml").read_text(encoding="utf-8"))
AUTO = [p for p in PAYLOADS if p.get("auto")]
SITE = MarkdownSettings.from_list(["attr_list", {"toc": {"permalink": True}}, "md_in_html"])
ORIGIN = "http://policy.test"


def ran_script(browser: Browser, pages: dict[str, str], path: str) -> list[str]:
    """Load `path` from `pages` (served on a fake origin; anything else answers 404) and return the
    messages of the dialogs script opened, in any frame, within a second of loading."""
    context = browser.new_context()
    dialogs: list[str] = []

    def serve(route: Route) -> None:
        body = pages.get(route.request.url.removeprefix(ORIGIN))
        route.fulfill(status=200 if body is not None else 404, content_type="text/html; charset=utf-8",
                      body=body or "")

    context.route("**/*", serve)
    page: Page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(ORIGIN + path, wait_until="load")
        page.wait_for_timeout(1000)
    finally:
        context.close()
    return dialogs


def bare_page(payload: str) -> str:
    """The page body as Python-Markdown renders it for the site, in a page with no guard."""
    body = render(HEAD + payload + "\n", SITE)
    return f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>t</title></head><body>' \
           f'<article>{body}</article></body></html>'


@pytest.mark.parametrize("case", AUTO, ids=[p["id"] for p in AUTO])
def test_the_payload_runs_unguarded_and_the_guarded_build_writes_no_page(
        case: dict, browser: Browser, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    payload = case["payload"].rstrip("\n")
    assert ran_script(browser, {"/bare.html": bare_page(payload)}, "/bare.html"), \
        f"{case['id']} does not run in Chromium even without the guard"
    root = make_site(tmp_path, payload, case.get("allow_html", ()))
    assert mkdocs_build(root, caplog) is not None
    assert not list((tmp_path / "site").rglob("*.html"))


def test_payloads_shown_as_code_are_built_and_run_nothing(browser: Browser, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    shown = "\n\n".join(f"```html\n{p['payload'].rstrip()}\n```" for p in AUTO if "```" not in p["payload"])
    root = make_site(tmp_path, shown)
    assert mkdocs_build(root, caplog) is None
    built = tmp_path / "site"
    pages = {"/" + str(p.relative_to(built)): p.read_text(encoding="utf-8") for p in built.rglob("*.html")}
    assert "onerror=alert(1)" in pages["/ja/index.html"].replace("&gt;", ">").replace("&lt;", "<")
    assert ran_script(browser, pages, "/ja/index.html") == []
