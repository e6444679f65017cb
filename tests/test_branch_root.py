"""The branch root around the versions: revisions.json, the root feeds, index.html, 404.html, CNAME.

Real publishes into real git repositories; the feeds are read by two real feed parsers
(feedparser, and fastfeedparser, an independent implementation on lxml).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from urllib.parse import urljoin, urlsplit

import fastfeedparser
import feedparser
import pytest

from conftest import REPO, SiteRepo, git, make_site_repo
from policy_site.publish.branch_root import RootSettings, read_published, root_files
from policy_site.git import Git
from policy_site.site.notices import strip_notices
from policy_site.publish.rerender import notices_to_refresh, rerendered_notices
from policy_site.site import load_site

FEEDS = {"feed.xml": "ja", "en/feed.xml": "en"}
FEEDS_PREFIX = {"ja": "", "en": "en/"}


def _read(repo: SiteRepo, path: str) -> str | None:
    """The file at `path` on the branch, through its symlinks (`latest/...`), or None."""
    proc = subprocess.run(["git", "cat-file", "--batch", "--follow-symlinks"], cwd=repo.path,
                          input=f"gh-pages:{path}\n".encode(), capture_output=True)
    header, _, rest = proc.stdout.partition(b"\n")
    if header.split()[1:2] != [b"blob"]:
        return None
    return rest[: int(header.split()[2])].decode()


def _exists(repo: SiteRepo, path: str) -> bool:
    """Whether the URL path `path` is a file on the branch (a folder: its index.html)."""
    path = path.lstrip("/")
    return _read(repo, path + "index.html" if path == "" or path.endswith("/") else path) is not None


def _parse(repo: SiteRepo, path: str, base: str) -> feedparser.FeedParserDict:
    data = repo.show("gh-pages", path).encode()
    feed = feedparser.parse(data, response_headers={"content-location": base + path, "content-type": "application/atom+xml"})
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    return feed


def _set_plugin_option(repo: SiteRepo, line: str) -> None:
    config = repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      notice_period: 30\n", f"      notice_period: 30\n      {line}\n"), encoding="utf-8")


# -- feeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path,lang", FEEDS.items())
def test_root_feeds_list_every_revision_and_parse_in_two_clients(published: SiteRepo, path: str, lang: str) -> None:
    feed = _parse(published, path, "https://privacy.example.com/")
    assert feed.version == "atom10" and feed.feed.language == lang
    assert [e.id for e in feed.entries] == [f"https://privacy.example.com/2022-04-01/{FEEDS_PREFIX[lang]}",
                                           f"https://privacy.example.com/2016-06-01/{FEEDS_PREFIX[lang]}"]
    self_link = next(ln.href for ln in feed.feed.links if ln.rel == "self")
    assert self_link == f"https://privacy.example.com/{path}"
    new = feed.entries[0]
    # announced 2022-03-01: dated that day, at 00:00 in Tokyo
    assert new.published == new.updated == "2022-03-01T00:00:00+09:00"
    assert feed.entries[1].published == "2016-06-01T00:00:00+09:00"
    assert [ln.rel for ln in new.links] == ["alternate", "related"]
    for entry in feed.entries:
        for link in entry.links:
            assert _exists(published, urlsplit(link.href).path), link.href
    other = fastfeedparser.parse(published.show("gh-pages", path).encode())
    assert [e["link"] for e in other["entries"]] == [e.link for e in feed.entries]
    assert [e["published"] for e in other["entries"]] == ["2022-02-28T15:00:00+00:00", "2016-05-31T15:00:00+00:00"]


def test_every_page_links_the_root_feed_of_its_language(published: SiteRepo) -> None:
    for page, feed in (("2022-04-01/index.html", "feed.xml"), ("2016-06-01/en/history/index.html", "en/feed.xml"),
                       ("latest/en/changes/index.html", "en/feed.xml")):
        html = _read(published, page)
        href = re.search(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', html).group(1)
        assert urljoin(f"https://privacy.example.com/{page}", href) == f"https://privacy.example.com/{feed}", page
    assert not _exists(published, "2022-04-01/feed.xml"), "per-version feeds are gone: one feed per language, at the root"


def test_feeds_without_site_url_link_relative_to_themselves_with_ids_that_ignore_site_name(
        published: SiteRepo) -> None:
    site = load_site(published.path / "mkdocs.yml")
    records = read_published(Git(published.path), Git(published.path).rev("gh-pages"), dt.date(2026, 11, 27))
    base = RootSettings.of(site)
    plain = RootSettings(base.languages, base.timezone, base.site_names, None)
    renamed = RootSettings(base.languages, base.timezone, {"ja": "別の名前 & <co>", "en": "Another name"}, None)
    files = root_files(records, plain, dt.date(2026, 11, 27))
    again = root_files(records, renamed, dt.date(2026, 11, 27))
    for path in FEEDS:
        feed = feedparser.parse(files[path], response_headers={"content-location": f"http://127.0.0.1:8000/{path}",
                                                            "content-type": "application/atom+xml"})
        assert not feed.bozo
        ids = [e.id for e in feed.entries]
        assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids + [feed.feed.id]), ids
        assert ids == [e.id for e in feedparser.parse(again[path]).entries]  # site_name changes nothing
        assert "Another name" in again["en/feed.xml"].decode() and "&amp; &lt;co&gt;" in again["feed.xml"].decode()
        for entry in feed.entries:
            for link in entry.links:
                assert link.href.startswith("http://127.0.0.1:8000/"), link.href
                assert _exists(published, urlsplit(link.href).path), link.href
        assert next(ln.href for ln in feed.feed.links if ln.rel == "self") == f"http://127.0.0.1:8000/{path}"


@pytest.fixture(scope="module")
def announced(tmp_path_factory: pytest.TempPathFactory) -> SiteRepo:
    """2016-06-01 published on 2022-02-01; 2022-04-01 (announced 2022-03-01) published on 2022-03-01."""
    repo = make_site_repo(tmp_path_factory.mktemp("announced"), revisions=("2016-06-01",))
    assert (result := repo.run("publish", "--today", "2022-02-01")).code == 0, result.err
    before = repo.tip()
    shutil.copytree(REPO / "docs" / "2022-04-01", repo.path / "docs" / "2022-04-01")
    repo.commit("announce 2022-04-01")
    assert (result := repo.run("publish", "--today", "2022-03-01")).code == 0, result.err
    repo.tips = {"alone": before, "announced": repo.tip()}  # type: ignore[attr-defined]
    return repo


def test_an_upcoming_revision_is_in_the_feeds_the_day_it_is_announced(announced: SiteRepo) -> None:
    for path in FEEDS:
        feed = _parse(announced, path, "https://privacy.example.com/")
        assert [e.published for e in feed.entries] == ["2022-03-01T00:00:00+09:00", "2016-06-01T00:00:00+09:00"]
        assert feed.feed.updated == "2022-03-01T00:00:00+09:00"
    data = json.loads(announced.show("gh-pages", "revisions.json"))
    assert (data["in_force"], data["upcoming"]) == ("2016-06-01", "2022-04-01")
    assert [(r["revision"], r["status"], r["announced"], r["published"]) for r in data["revisions"]] == [
        ("2016-06-01", "in-force", None, "2022-02-01"), ("2022-04-01", "upcoming", "2022-03-01", "2022-03-01")]


def test_the_announced_date_is_on_the_revisions_pages_and_in_its_history_entry(announced: SiteRepo) -> None:
    page = announced.show("gh-pages", "2022-04-01/en/index.html")
    assert re.search(r"<dt>Announced</dt><dd><time datetime=\"2022-03-01\">March 1, 2022</time>", page)
    history = announced.show("gh-pages", "2022-04-01/history/index.html")
    item = re.search(r'<li class="policy-history__item" data-status="upcoming" data-revision="2022-04-01">.*?</li>',
                     history, re.S).group(0)
    assert "2022年3月1日告知" in item


# -- nothing in force yet -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> SiteRepo:
    """A new site whose first revision, 2022-04-01, is published ahead on 2022-03-01, at a custom domain."""
    repo = make_site_repo(tmp_path_factory.mktemp("first"), revisions=("2022-04-01",))
    _set_plugin_option(repo, "cname: privacy.example.com")
    repo.commit("custom domain")
    assert (result := repo.run("publish", "--today", "2022-03-01")).code == 0, result.err
    return repo


def test_nothing_in_force_yet_is_said_by_revisions_json_policy_json_and_the_pages(first: SiteRepo) -> None:
    data = json.loads(first.show("gh-pages", "revisions.json"))
    assert data["in_force"] is None and data["upcoming"] == "2022-04-01"
    assert [(r["revision"], r["status"], r["aliases"]) for r in data["revisions"]] == [
        ("2022-04-01", "upcoming", ["latest"])]
    record = json.loads(first.show("gh-pages", "2022-04-01/policy.json"))
    assert record["status"] == "upcoming"
    for path, says in (("latest/en/index.html", "This policy takes effect on April 1, 2022."),
                       ("latest/index.html", "このポリシーは2022年4月1日に施行されます。"),
                       ("index.html", "このポリシーは2022年4月1日に施行されます。"),
                       ("index.html", "This policy takes effect on April 1, 2022.")):
        html = re.sub(r"data-policy-strings='[^']*'", "", _read(first, path))  # the script's phrase book
        assert says in html, path
        for claim in ("Read the policy in force", "現行のポリシーを読む", "In force since", "施行中",
                      "current policy applies", "policy-notice--not-yet"):
            assert claim not in html, f"{path} calls something in force: {claim!r}"
    history = _read(first, "latest/en/history/index.html")
    assert 'data-status="upcoming"' in history and 'data-status="in-force"' not in history


def test_cname_is_written_at_the_branch_root(first: SiteRepo) -> None:
    assert first.show("gh-pages", "CNAME") == "privacy.example.com"


@pytest.mark.parametrize("site_url,message", [
    (None, "mkdocs.yml: plugins.policy.cname is 'privacy.example.com' but site_url is not set: "
           "add `site_url: https://privacy.example.com/` to mkdocs.yml"),
    ("https://elsewhere.example.org/", "mkdocs.yml: plugins.policy.cname is 'privacy.example.com' but "
                                       "site_url is 'https://elsewhere.example.org/': site_url must be on the custom domain"),
])
def test_cname_requires_site_url_on_that_domain(site_repo: SiteRepo, site_url: str | None, message: str) -> None:
    _set_plugin_option(site_repo, "cname: privacy.example.com")
    config = site_repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^site_url: .*\n", "" if site_url is None else f"site_url: {site_url}\n", text, flags=re.M)
    config.write_text(text, encoding="utf-8")
    result = site_repo.run("publish", "--today", "2026-11-27")
    assert result.code == 1 and result.err.startswith("error: ") and message in result.err, result.err
    assert result.err.count("\n") == 1, result.err
    assert site_repo.tip() is None, "nothing was published"


def test_a_cname_that_is_not_a_host_name_is_refused(site_repo: SiteRepo) -> None:
    _set_plugin_option(site_repo, "cname: https://privacy.example.com/")
    result = site_repo.run("check")
    assert result.code == 1 and "cname" in result.err and "write the host alone" in result.err, result.err


# -- index.html and 404.html ---------------------------------------------------------------------


def test_the_root_index_has_a_language_a_title_and_a_plain_link_to_the_policy_in_force(published: SiteRepo) -> None:
    index = published.show("gh-pages", "index.html")
    assert index.startswith("<!doctype html>") and '<html lang="ja">' in index
    assert "<title>DMM.com プライバシーポリシー</title>" in index
    assert '<a href="latest/">現行のポリシーを読む</a>' in index
    assert '<section lang="en">' in index and '<a href="latest/en/">Read the policy in force</a>' in index
    assert "In force since April 1, 2022." in index
    assert '<meta http-equiv="refresh" content="0; url=latest/">' in index
    assert "Redirecting" not in index


def test_the_root_404_links_to_the_policy_in_force_from_any_address(published: SiteRepo) -> None:
    page = published.show("gh-pages", "404.html")
    assert '<html lang="ja">' in page and "<title>ページが見つかりません — DMM.com プライバシーポリシー</title>" in page
    assert '<meta name="robots" content="noindex">' in page
    assert '<link rel="icon" href="data:,">' in page  # no request for /favicon.ico, which nothing serves
    hrefs = [h for h in re.findall(r'href="([^"]+)"', page) if h != "data:,"]
    assert hrefs and all(h.startswith("/") for h in hrefs), hrefs  # served at any address: root-absolute
    assert "/latest/" in hrefs and "/latest/en/" in hrefs
    assert "Page not found" in page and "There is no page at this address on DMM.com Privacy Policy." in page
    for href in hrefs:
        assert _exists(published, href), href


def test_a_publish_with_nothing_new_leaves_the_root_untouched(published: SiteRepo) -> None:
    tip = published.tip()
    assert published.run("publish", "--today", "2026-11-28").code == 0
    assert published.tip() == tip


# -- notices re-rendered into published pages -------------------------------------------------------


def _tree(repo: SiteRepo, commit: str, folder: str) -> dict[str, str]:
    out = git(repo.path, "ls-tree", "-r", commit, "--", folder)
    return {line.split("\t")[1]: line.split()[2] for line in out.splitlines()}


def _assert_only_notices_changed(repo: SiteRepo, old: str, new: str, version: str) -> list[str]:
    """Between two commits, `version` differs only in the notices block of its pages; returns those pages."""
    before, after = _tree(repo, old, f"{version}/"), _tree(repo, new, f"{version}/")
    assert sorted(before) == sorted(after), "files were added or removed"
    changed = [path for path in before if before[path] != after[path]]
    assert changed and all(path.endswith(".html") for path in changed), changed
    for path in changed:
        old_html, new_html = repo.show(old, path), repo.show(new, path)
        assert strip_notices(old_html) == strip_notices(new_html), path
    record = json.loads(repo.show(new, f"{version}/policy.json"))
    assert record == json.loads(repo.show(old, f"{version}/policy.json"))
    revision = load_site(repo.path / "mkdocs.yml").corpus.get(version)
    assert record["source_hash"] == revision.source_hash(), "the text is the one published"
    return changed


def test_announcing_a_revision_rerenders_the_notices_of_the_one_in_force_and_nothing_else(
        announced: SiteRepo) -> None:
    changed = _assert_only_notices_changed(announced, announced.tips["alone"], announced.tips["announced"], "2016-06-01")
    assert len(changed) == 8  # policy, history, changes, disclosures; two languages
    page = announced.show("gh-pages", "2016-06-01/en/index.html")
    assert 'data-policy-state="in-force:2022-04-01"' in page
    assert "This policy will change on April 1, 2022." in page
    assert '<a href="../../2022-04-01/en/changes/">See what changes</a>' in page


def test_a_rerender_of_an_unchanged_state_is_byte_identical_to_the_build(published: SiteRepo) -> None:
    gitr = Git(published.path)
    tip = gitr.rev("gh-pages")
    records = read_published(gitr, tip, dt.date(2026, 11, 27))
    settings = RootSettings.of(load_site(published.path / "mkdocs.yml"))
    assert notices_to_refresh(gitr, tip, records, dt.date(2026, 11, 27)) == {}
    assert rerendered_notices(gitr, tip, ["2016-06-01", "2022-04-01"], records, settings, dt.date(2026, 11, 27)) == {}


def test_a_superseded_revision_is_rerendered_once(announced: SiteRepo) -> None:
    """Runs last on its fixture: the day 2022-04-01 takes effect, then the day after."""
    start = announced.tip()
    assert announced.run("publish", "--today", "2022-04-01").code == 0
    moved = announced.tip()
    _assert_only_notices_changed(announced, start, moved, "2016-06-01")
    _assert_only_notices_changed(announced, start, moved, "2022-04-01")
    old = announced.show("gh-pages", "2016-06-01/index.html")
    assert 'data-policy-state="superseded:2022-04-01"' in old and "2022年4月1日に改定されました" in old
    new = announced.show("gh-pages", "2022-04-01/en/index.html")
    assert 'data-policy-state="in-force:"' in new and 'class="policy-notice ' not in new
    assert announced.run("publish", "--today", "2022-04-02").code == 0
    assert announced.tip() == moved, "nothing changed the day after: no commit"
