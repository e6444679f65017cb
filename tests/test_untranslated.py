"""A revision published only in Japanese (revision.yml `languages: [ja]`), then a bilingual one.

The site in tests/data/site-ja-only is modelled on a Japanese publisher's policy whose English
translation came years after its first revision: `check` is clean, `publish` pushes both
revisions, and every English page, the history, the feeds, revisions.json and versions.json
say that the first revision exists only in Japanese, with the link to it.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import SiteRepo, committed_with_remote, git
from test_import import empty_site, make_history
from policy_site.locale import language_names, translator
from policy_site.site.untranslated import version_labels

DATA = Path(__file__).resolve().parent / "data" / "site-ja-only"
TODAY = "2026-11-27"
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def make_repo(tmp: Path) -> SiteRepo:
    work, remote = tmp / "site", tmp / "remote.git"
    shutil.copytree(DATA, work)
    return committed_with_remote(work, remote)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> SiteRepo:
    repo = make_repo(tmp_path_factory.mktemp("ja-only"))
    result = repo.run("publish", "--push", "--today", TODAY)
    assert result.code == 0, result.err
    return repo


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


# -- check ----------------------------------------------------------------------------------


def test_a_japanese_only_revision_checks_clean(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    result = repo.run("check", "--today", TODAY, "--format", "json")
    assert result.code == 0, result.out + result.err
    findings = json.loads(result.out)["findings"]
    assert not [f for f in findings if f["severity"] == "error"], findings
    assert not [f for f in findings if f["rule"].startswith("parity-")], findings


def _set_languages(repo: SiteRepo, revision: str, value: str) -> None:
    meta = repo.path / "docs" / revision / "revision.yml"
    meta.write_text(re.sub(r"^languages:.*$", f"languages: {value}", meta.read_text(), flags=re.M), encoding="utf-8")


def test_a_language_the_site_does_not_have_is_an_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    _set_languages(repo, "2019-04-01", "[ja, fr]")
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    assert ("docs/2019-04-01/revision.yml:2: error: invalid-file: `languages` names fr, which the site does not "
            "have (its languages: ja, en)") in result.out, result.out


def test_a_declared_language_without_its_files_is_an_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    _set_languages(repo, "2019-04-01", "[ja, en]")
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    assert "docs/2019-04-01/en/index.md: error: parity-documents: `index` is missing in en" in result.out, result.out
    assert "or leave en out of `languages:` in docs/2019-04-01/revision.yml" in result.out
    # and the build refuses it too, naming the file
    build = repo.run("build", "2019-04-01", "-d", str(tmp_path / "out"))
    assert build.code == 1 and "docs/2019-04-01/en/index.md: missing" in build.err, build.err


def test_without_languages_a_missing_translation_is_an_error_whose_hint_offers_it(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    meta = repo.path / "docs/2019-04-01/revision.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("languages: [ja]\n", ""), encoding="utf-8")
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    assert "docs/2019-04-01/en/index.md: error: parity-documents: `index` is missing in en" in result.out
    assert ("or, if the revision was published without the en text, say so in docs/2019-04-01/revision.yml: "
            "`languages: [ja]`") in result.out, result.out


def test_the_controlling_language_must_be_declared(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    _set_languages(repo, "2019-04-01", "[en]")
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    assert ("docs/2019-04-01/revision.yml:2: error: parity-documents: `languages: [en]` leaves out the controlling "
            "language ja") in result.out, result.out


def test_files_in_a_language_left_out_are_an_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    shutil.copytree(repo.path / "docs/2023-10-01/en", repo.path / "docs/2019-04-01/en")
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    assert ("docs/2019-04-01/revision.yml:2: error: parity-documents: docs/2019-04-01/en/index.md exists but "
            "`languages: [ja]` leaves en out") in result.out, result.out


def test_diff_in_a_language_one_side_lacks_says_so(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    result = repo.run("diff", "2019-04-01", "2023-10-01", "--lang", "en")
    assert result.code == 0, result.err
    assert result.out == ("revision 2019-04-01 was published only in ja (`languages:` in its revision.yml): there is "
                          "no en text to compare; compare the ja texts: policy-site diff 2019-04-01 2023-10-01 --lang ja\n")
    assert "{+" not in result.out
    ja = repo.run("diff", "2019-04-01", "2023-10-01", "--lang", "ja")
    assert ja.code == 0 and "{+" in ja.out


# -- publish --------------------------------------------------------------------------------


def test_publish_pushes_both_revisions(published: SiteRepo) -> None:
    assert published.remote_tip() == published.tip()
    files = git(published.remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    for path in ("2019-04-01/index.html", "2019-04-01/en/index.html", "2019-04-01/en/changes/index.html",
                 "2019-04-01/en/disclosures/index.html", "2019-04-01/en/history/index.html",
                 "2023-10-01/en/index.html"):
        assert path in files, path
    record = json.loads(published.show("gh-pages", "2019-04-01/policy.json"))
    assert record["languages"] == ["ja"] and list(record["documents"]["index"]) == ["ja"]
    assert json.loads(published.show("gh-pages", "2023-10-01/policy.json"))["languages"] == ["ja", "en"]
    # the English pages of 2019 say `noindex`: no sitemap lists them or links them as alternates
    sitemap = published.show("gh-pages", "2019-04-01/sitemap.xml")
    assert "/2019-04-01/en/history/" in sitemap
    for page in ("en/", "en/changes/", "en/disclosures/"):
        assert f"https://privacy.minato-shobo.example/2019-04-01/{page}<" not in sitemap
        assert f'href="https://privacy.minato-shobo.example/2019-04-01/{page}"' not in sitemap
    assert "/2019-04-01/en/history/" in published.show("gh-pages", "2019-04-01/en/sitemap.xml")
    assert "/2023-10-01/en/</loc>" in published.show("gh-pages", "2023-10-01/sitemap.xml")


def test_the_english_page_of_the_japanese_only_revision_says_so_and_links_the_japanese(published: SiteRepo) -> None:
    html = published.show("gh-pages", "2019-04-01/en/index.html")
    assert '<html lang="en"' in html
    assert re.search(r"<title>Published only in Japanese - Minato Shobo Privacy Policy</title>", html)
    assert '<meta name="robots" content="noindex">' in html
    body = article(html)
    assert "This revision of the policy, effective April 1, 2019, was published only in Japanese." in body
    assert '<a href="../" hreflang="ja">Read this page in Japanese</a> (<span lang="ja">個人情報保護方針</span>)' in body
    assert "translation for convenience" not in body  # no text here to be a translation
    # its changes and disclosures pages say the same, linking the Japanese ones
    changes = article(published.show("gh-pages", "2019-04-01/en/changes/index.html"))
    assert '<a href="../../changes/" hreflang="ja">Read this page in Japanese</a>' in changes
    disclosures = article(published.show("gh-pages", "2019-04-01/en/disclosures/index.html"))
    assert '<a href="../../disclosures/" hreflang="ja">Read this page in Japanese</a>' in disclosures
    # the Japanese page is the text itself, for search engines too
    ja = published.show("gh-pages", "2019-04-01/index.html")
    assert "noindex" not in ja and "読者アンケートの集計及び分析" in ja


def test_the_history_marks_the_revision_in_the_language_it_lacks(published: SiteRepo) -> None:
    for version in ("2019-04-01", "2023-10-01"):
        en = article(published.show("gh-pages", f"{version}/en/history/index.html"))
        item = re.search(r'<li class="policy-history__item"[^>]*data-revision="2019-04-01">.*?</li>', en, re.S)
        assert item and '<span class="policy-history__only">Published only in Japanese</span>' in item.group(0)
        assert 'href="../../../2019-04-01/en/"' in item.group(0)  # to the page above
        newer = re.search(r'data-revision="2023-10-01">.*?</li>', en, re.S)
        assert newer and "policy-history__only" not in newer.group(0)
        ja = article(published.show("gh-pages", f"{version}/history/index.html"))
        assert "policy-history__only" not in ja and "のみで公表" not in ja.split("data-policy-strings")[-1]


def test_what_changed_in_english_says_there_is_no_earlier_english_text(published: SiteRepo) -> None:
    en = article(published.show("gh-pages", "2023-10-01/en/changes/index.html"))
    assert ("The previous revision, effective April 1, 2019, was published only in Japanese: there is no earlier "
            "text in this language to compare with.") in en
    assert '<a href="../../changes/" hreflang="ja">Read this page in Japanese</a>' in en
    assert "<ins" not in en
    ja = article(published.show("gh-pages", "2023-10-01/changes/index.html"))
    assert "<ins" in ja and "安全管理措置" in ja


def test_the_feeds_title_the_revision_in_the_reader_language(published: SiteRepo) -> None:
    en = ET.fromstring(published.show("gh-pages", "en/feed.xml"))
    titles = {e.findtext("a:link[@rel='alternate']", namespaces=ATOM) or e.find("a:link", ATOM).get("href"):
              e.findtext("a:title", namespaces=ATOM) for e in en.iterfind("a:entry", ATOM)}
    assert titles == {"https://privacy.minato-shobo.example/2023-10-01/en/": "Revision effective October 1, 2023",
                      "https://privacy.minato-shobo.example/2019-04-01/en/":
                          "Revision effective April 1, 2019, published only in Japanese"}
    ja = ET.fromstring(published.show("gh-pages", "feed.xml"))
    assert [e.findtext("a:title", namespaces=ATOM) for e in ja.iterfind("a:entry", ATOM)] == [
        "2023年10月1日施行の改定", "2019年4月1日施行の改定"]


def test_revisions_json_and_versions_json_name_the_languages(published: SiteRepo) -> None:
    index = json.loads(published.show("gh-pages", "revisions.json"))
    assert {r["revision"]: r["languages"] for r in index["revisions"]} == {
        "2019-04-01": ["ja"], "2023-10-01": ["ja", "en"]}
    versions = {v["version"]: v["properties"] for v in json.loads(published.show("gh-pages", "versions.json"))}
    assert versions["2019-04-01"].get("languages") == ["ja"]
    assert "languages" not in versions["2023-10-01"]


def test_every_english_page_carries_the_selector_label(published: SiteRepo) -> None:
    """policy.js labels the version selector from these strings (the browser test sees it done)."""
    for path in ("2023-10-01/en/index.html", "2019-04-01/en/index.html"):
        html = published.show("gh-pages", path)
        strings = json.loads(re.search(r"data-policy-strings='([^']*)'", html).group(1).replace("&#34;", '"'))
        assert strings["only"] == {"ja": "{title} (Japanese only)"}
    ja = published.show("gh-pages", "2023-10-01/index.html")
    assert json.loads(re.search(r"data-policy-strings='([^']*)'", ja).group(1).replace("&#34;", '"'))["only"] == {}


def test_a_second_publish_changes_nothing(published: SiteRepo) -> None:
    before = published.remote_tip()
    result = published.run("publish", "--push", "--today", TODAY)
    assert result.code == 0, result.err
    assert published.remote_tip() == before


# -- the words --------------------------------------------------------------------------------


def test_language_lists_are_written_the_reader_way() -> None:
    assert language_names(["ja"], "en") == "Japanese"
    assert language_names(["ja", "en"], "en") == "Japanese and English"
    assert language_names(["ja"], "de") == "Japanisch"
    assert language_names(["ja", "en"], "ja") == "日本語、英語"


def test_the_selector_labels_cover_every_set_without_the_reader_language() -> None:
    labels = version_labels(translator("de"), ["ja", "en", "de"], "ja", "de")
    assert labels == {"ja": "{title} (nur auf Japanisch)", "ja,en": "{title} (nur auf Japanisch und Englisch)"}
    assert version_labels(translator("ja"), ["ja", "en"], "ja", "ja") == {}


def test_an_imported_history_with_japanese_only_revisions_has_no_parity_documents_finding_and_builds(
        tmp_path: Path) -> None:
    """`import --git` writes `languages: [ja]` for the commits before the English came; check and build take it."""
    source = make_history(tmp_path)
    site = empty_site(tmp_path)
    assert site.run("import", "--git", str(source), "--ja", "privacy/index.md", "--en", "privacy/en.md").code == 0
    result = site.run("check", "--today", TODAY, "--format", "json")
    findings = json.loads(result.out)["findings"]
    assert not [f for f in findings if f["rule"] == "parity-documents"], findings
    for version in ("2019-04-01", "2020-06-01"):
        out = tmp_path / version
        built = site.run("build", version, "-d", str(out))
        assert built.code == 0, built.err
        page = (out / "en" / "index.html").read_text(encoding="utf-8")
        assert "<title>Published only in Japanese" in page and 'hreflang="ja">Read this page in Japanese</a>' in page
