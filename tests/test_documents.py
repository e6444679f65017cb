"""A revision of several documents: navigation lists them, disclosures count in any of them."""

from __future__ import annotations

import json
import re

from conftest import SiteRepo

COOKIES = {
    "ja": "# クッキーポリシー\n\n## クッキーの利用 {#cookies}\n\n当社は、サービスの提供のためにクッキーを利用します。\n",
    "en": "# Cookie Policy\n\n## Use of cookies {#cookies}\n\nWe use cookies to provide our services.\n",
}


def split_security_measures(repo: SiteRepo) -> None:
    """Move the security-measures section of 2022-04-01 into its own document, and add a cookie policy."""
    for lang in ("ja", "en"):
        folder = repo.path / "docs" / "2022-04-01" / lang
        text = (folder / "index.md").read_text()
        start = text.index("### 5.") if lang == "ja" else text.index("### 5. ")
        end = text.index("### 6.")
        section = text[start:end]
        (folder / "index.md").write_text(text[:start] + text[end:])
        title = "# 安全管理措置\n\n" if lang == "ja" else "# Security Control Measures\n\n"
        (folder / "security.md").write_text(title + section.replace("### 5. ", "## "))
        (folder / "cookies.md").write_text(COOKIES[lang])


def test_three_documents_are_listed_checked_and_linked(site_repo: SiteRepo) -> None:
    split_security_measures(site_repo)
    site_repo.commit("three documents")
    check = site_repo.run("check", "--today", "2026-11-27", "--format", "json")
    assert check.code == 0, check.out
    result = site_repo.run("publish", "--today", "2026-11-27")
    assert result.code == 0, result.err
    for prefix, title in (("", "クッキーポリシー"), ("en/", "Cookie Policy")):
        page = site_repo.show("gh-pages", f"2022-04-01/{prefix}index.html")
        links = re.findall(r'<a href="([^"#][^"]*)"\s+class="md-nav__link', page)
        labels = list(dict.fromkeys(link.rstrip("/").rsplit("/", 1)[-1] or "." for link in links))
        # the documents first, the policy leading; then history, changes, disclosures
        assert labels[:5] == [".", "cookies", "security", "history", "changes"], labels
        assert title in site_repo.show("gh-pages", f"2022-04-01/{prefix}cookies/index.html")
    disclosures = site_repo.show("gh-pages", "2022-04-01/en/disclosures/index.html")
    assert 'href="../security/#security-measures"' in disclosures
    record = json.loads(site_repo.show("gh-pages", "2022-04-01/policy.json"))
    assert set(record["documents"]) == {"index", "cookies", "security"}
    assert record["disclosures"]["ja"]["appi-security-measures"] == [
        {"document": "security", "section": "security-measures", "url": "security/#security-measures"}]


def test_a_document_missing_in_one_language_is_refused(site_repo: SiteRepo) -> None:
    (site_repo.path / "docs" / "2022-04-01" / "ja" / "cookies.md").write_text(COOKIES["ja"])
    check = site_repo.run("check", "--today", "2026-11-27", "--format", "json")
    assert check.code == 1
    found = {(f["rule"], f["file"]) for f in json.loads(check.out)["findings"]}
    assert ("parity-documents", "docs/2022-04-01/en/cookies.md") in found
