"""The CLI verbs around publishing (rules, diff, new-revision, fmt) and the generated pages."""

from __future__ import annotations

import json

from conftest import SiteRepo



def test_rules_lists_requirements_with_citations_for_the_date(site_repo: SiteRepo) -> None:
    before = site_repo.run("rules", "--law", "appi", "--on", "2022-03-31")
    after = site_repo.run("rules", "--law", "appi", "--on", "2022-04-01")
    assert before.code == after.code == 0
    assert "APPI Art.27(1)(i)" in before.out and "appi-operator-address" not in before.out
    assert "APPI Art.32(1)(i)" in after.out and "appi-operator-address" in after.out
    japanese = site_repo.run("rules", "--law", "appi", "--on", "2022-04-01", "--lang", "ja")
    assert japanese.code == 0 and "法第32条第1項第1号" in japanese.out and "APPI Art" not in japanese.out
    assert "個人情報取扱事業者の住所" in japanese.out


def test_diff_prints_the_redline_for_a_pull_request(site_repo: SiteRepo) -> None:
    result = site_repo.run("diff", "2016-06-01", "2022-04-01", "--format", "markdown")
    assert result.code == 0, result.err
    assert "<ins>" in result.out and "安全管理措置" in result.out
    # numbered headings stay readable: `1\.` is a Markdown escape, `\1.` is not
    assert "1\\. 個人情報取扱事業者の名称" in result.out and "\\1." not in result.out
    assert result.out.count("節：") == 1  # the summary line once
    en = site_repo.run("diff", "2016-06-01", "2022-04-01", "--lang", "en", "--format", "text", "--color", "never")
    assert "{+" in en.out and "[-" in en.out and "\x1b[" not in en.out
    missing = site_repo.run("diff", "2016-06-01", "2030-01-01")
    assert missing.code == 1 and "no readable revision 2030-01-01" in missing.err and "Traceback" not in missing.err


def test_new_revision_scaffolds_from_the_newest_and_check_reports_it(site_repo: SiteRepo) -> None:
    result = site_repo.run("new-revision", "2027-04-01", "--today", "2026-11-27")
    assert result.code == 0, result.err
    folder = site_repo.path / "docs" / "2027-04-01"
    assert (folder / "ja" / "index.md").read_text() == (site_repo.path / "docs" / "2022-04-01" / "ja" / "index.md").read_text()
    check = site_repo.run("check", "--today", "2026-11-27", "--format", "json")
    rules = {(f["rule"], f["revision"]) for f in json.loads(check.out)["findings"]}
    assert ("missing-summary", "2027-04-01") in rules
    assert site_repo.run("new-revision", "2027-04-01").code == 1  # exists already


def test_fmt_fixes_crlf_bom_and_nfc(site_repo: SiteRepo) -> None:
    page = site_repo.path / "docs" / "2022-04-01" / "ja" / "index.md"
    text = page.read_text()
    page.write_bytes(b"\xef\xbb\xbf" + text.replace("データ", "テ\u3099ータ").replace("\n", "\r\n").encode())
    check = site_repo.run("check", "--today", "2026-11-27", "--format", "json")
    found = {f["rule"] for f in json.loads(check.out)["findings"] if f["file"] == "docs/2022-04-01/ja/index.md"}
    assert found == {"text-format"}
    result = site_repo.run("fmt")
    assert result.code == 0 and "docs/2022-04-01/ja/index.md" in result.out
    assert page.read_text() == text


def test_changes_history_disclosures_and_feeds_are_published(published: SiteRepo) -> None:
    changes = published.show("gh-pages", "2022-04-01/changes/index.html")
    assert 'id="change-security-measures"' in changes and "<ins>" in changes and "<del>" in changes
    en_changes = published.show("gh-pages", "2022-04-01/en/changes/index.html")
    assert '<html lang="en"' in en_changes
    first = published.show("gh-pages", "2016-06-01/changes/index.html")
    assert "比較できる以前の本文はありません" in first
    history = published.show("gh-pages", "2022-04-01/en/history/index.html")
    assert "June 1, 2016" in history and "March 31, 2005" in history and "In force" in history
    disclosures = published.show("gh-pages", "2022-04-01/en/disclosures/index.html")
    assert "appi-security-measures" in disclosures and 'href="../#security-measures"' in disclosures
    assert "Not disclosed" not in disclosures
    old = published.show("gh-pages", "2016-06-01/disclosures/index.html")
    assert "法第24条第1項第1号" in old and "APPI Art" not in old  # citation_ja on the Japanese page
    page = published.show("gh-pages", "2022-04-01/en/index.html")
    assert 'type="application/atom+xml" href="../../en/feed.xml"' in page  # the root feed of the language
    assert 'href="../en/changes/"' in page and 'href="../en/history/"' in page


