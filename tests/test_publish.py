"""Publishing revisions with mike: versions, aliases, idempotence, and refusing bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SiteRepo, git, make_site_repo
from policy_site.git import Git
from policy_site.site.notices import strip_notices
from policy_site.publish.rerender import only_notices_changed


def versions(repo: SiteRepo, ref: str = "gh-pages") -> dict[str, list[str]]:
    return {v["version"]: v["aliases"] for v in json.loads(repo.show(ref, "versions.json"))}


def test_publish_deploys_every_revision_as_a_dated_version(published: SiteRepo) -> None:
    assert versions(published) == {"2022-04-01": ["latest"], "2016-06-01": []}
    entries = json.loads(published.show("gh-pages", "versions.json"))
    assert {e["version"]: e["properties"]["effective"] for e in entries} == {
        "2022-04-01": "2022-04-01", "2016-06-01": "2016-06-01"}
    # the root sends readers to latest; the pushed remote has the same branch
    assert "latest/" in published.show("gh-pages", "index.html")
    assert published.remote_tip() == published.tip()


def test_latest_alias_is_a_symlink_to_the_revision_in_force(published: SiteRepo) -> None:
    tree = git(published.path, "ls-tree", "gh-pages")
    mode, kind, _sha, name = next(ln.split(None, 3) for ln in tree.splitlines() if ln.endswith("\tlatest") or ln.split()[-1] == "latest")
    assert mode == "120000"
    assert published.show("gh-pages", "latest") == "2022-04-01"


def test_revisions_json_lists_every_published_revision(published: SiteRepo) -> None:
    data = json.loads(published.show("gh-pages", "revisions.json"))
    assert data["in_force"] == "2022-04-01"
    assert [(r["revision"], r["status"]) for r in data["revisions"]] == [
        ("2016-06-01", "superseded"), ("2022-04-01", "in-force")]


def test_both_languages_render_with_their_dates_and_lang(published: SiteRepo) -> None:
    ja = published.show("gh-pages", "2016-06-01/index.html")
    en = published.show("gh-pages", "2016-06-01/en/index.html")
    assert '<html lang="ja"' in ja and '<html lang="en"' in en
    assert "2016年6月1日" in ja and "2005年3月31日" in ja
    assert "June 1, 2016" in en and "March 31, 2005" in en
    # English is the historical translation, word for word
    assert "Drink within the notice, the use purpose that they announced beforehand" in en
    assert "個人情報保護方針" in ja and "Drink within" not in ja
    # the English pages say which text controls
    assert "If the texts differ, the version in this language prevails: Japanese." in en
    assert "優先します" not in ja


def test_superseded_revision_shows_a_banner_in_its_language(published: SiteRepo) -> None:
    old_ja = published.show("gh-pages", "2016-06-01/index.html")
    old_en = published.show("gh-pages", "2016-06-01/en/index.html")
    new_en = published.show("gh-pages", "2022-04-01/en/index.html")
    assert "policy-notice--superseded" in old_ja and "2022年4月1日に改定されました" in old_ja
    assert "It was superseded on April 1, 2022" in old_en
    assert 'href="./../latest/"' in old_ja and 'href="../../latest/en/"' in old_en
    assert "policy-notice--superseded" not in new_en


def test_language_switcher_stays_inside_the_version(published: SiteRepo) -> None:
    en = published.show("gh-pages", "2022-04-01/en/index.html")
    ja_history = published.show("gh-pages", "2022-04-01/history/index.html")
    assert '<a href="../" hreflang="ja"' in en
    assert '<a href="../en/history/" hreflang="en"' in ja_history
    assert 'href="/' not in en.split("md-select__list", 1)[1].split("</ul>", 1)[0]


def test_no_third_party_hosts_in_built_pages(published: SiteRepo) -> None:
    html = published.show("gh-pages", "2022-04-01/index.html")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    for src in __import__("re").findall(r'(?:src|href)="(https?://[^"]+)"', html):
        assert src.startswith("https://privacy.example.com/"), src


def test_publish_again_with_nothing_new_leaves_the_branch_untouched(published: SiteRepo) -> None:
    before = published.tip()
    result = published.run("publish", "--push", "--today", "2026-11-27")
    assert result.code == 0, result.err
    assert "nothing new" in result.out
    assert published.tip() == before == published.remote_tip()


def test_aliases_move_when_today_crosses_an_effective_date(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path)
    assert repo.run("publish", "--today", "2022-03-31").code == 0
    assert versions(repo) == {"2022-04-01": ["upcoming"], "2016-06-01": ["latest"]}
    upcoming_tip = repo.tip()
    ja = repo.show("gh-pages", "2016-06-01/index.html")
    assert "policy-notice--upcoming" in ja and "2022年4月1日に改定されます" in ja
    assert 'href="./../2022-04-01/changes/"' in ja
    assert "policy-notice--not-yet" in repo.show("gh-pages", "2022-04-01/index.html")
    result = repo.run("publish", "--today", "2022-04-01")
    assert result.code == 0, result.err
    assert versions(repo) == {"2022-04-01": ["latest"], "2016-06-01": []}
    assert repo.tip() != upcoming_tip
    # moving the alias rebuilt nothing: the published pages are the same but for their notices
    # (re-rendered once: 2016-06-01 is superseded, 2022-04-01 in force; see test_branch_root.py)
    for version in ("2016-06-01", "2022-04-01"):
        before = git(repo.path, "ls-tree", "-r", upcoming_tip, "--", f"{version}/").splitlines()
        after = git(repo.path, "ls-tree", "-r", "gh-pages", "--", f"{version}/").splitlines()
        changed = sorted(set(after) - set(before))
        assert len(before) == len(after) and changed and all(line.endswith(".html") for line in changed)
        for line in changed:
            path = line.split("\t")[1]
            assert strip_notices(repo.show(upcoming_tip, path)) == strip_notices(repo.show("gh-pages", path)), path
    assert "policy-notice--superseded" in repo.show("gh-pages", "2016-06-01/index.html")


def test_publishing_one_new_revision_builds_only_that_revision(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path, revisions=("2016-06-01",))
    # 2016-06-01 alone passes the check only while it was in force (before the 2022 amendment)
    assert repo.run("publish", "--today", "2022-03-01").code == 0
    old_tree, old_tip = git(repo.path, "rev-parse", "gh-pages:2016-06-01"), repo.tip()
    shutil.copytree(Path(__file__).parent.parent / "docs" / "2022-04-01", repo.path / "docs" / "2022-04-01")
    repo.commit("new revision")
    result = repo.run("publish", "--today", "2026-11-27")
    assert result.code == 0, result.err
    assert "published: 2022-04-01;" in result.out
    # 2016-06-01 was not rebuilt: only the notices of its pages were re-rendered (it is superseded now)
    assert git(repo.path, "rev-parse", "gh-pages:2016-06-01") != old_tree
    assert only_notices_changed(Git(repo.path), old_tip, "gh-pages", "2016-06-01")
    assert "policy-notice--superseded" in repo.show("gh-pages", "2016-06-01/en/index.html")
    assert versions(repo)["2022-04-01"] == ["latest"]


def _assert_refused(repo: SiteRepo, *needles: str) -> None:
    before = repo.tip()
    result = repo.run("publish", "--push", "--today", "2026-11-27")
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    for needle in needles:
        assert needle in result.err, result.err
    assert repo.tip() == before and repo.remote_tip() is None


def test_revision_folder_that_is_not_a_date_is_refused(site_repo: SiteRepo) -> None:
    shutil.copytree(site_repo.path / "docs" / "2022-04-01", site_repo.path / "docs" / "2023-4-1")
    _assert_refused(site_repo, "docs/2023-4-1", "invalid-revision-date", "YYYY-MM-DD")


def test_missing_language_file_is_refused(site_repo: SiteRepo) -> None:
    (site_repo.path / "docs" / "2022-04-01" / "en" / "index.md").unlink()
    _assert_refused(site_repo, "docs/2022-04-01/en/index.md")


def test_malformed_revision_yml_is_refused(site_repo: SiteRepo) -> None:
    (site_repo.path / "docs" / "2022-04-01" / "revision.yml").write_text("summary:\n  ja: [unclosed\n  en: x\n")
    _assert_refused(site_repo, "docs/2022-04-01/revision.yml:", "malformed YAML")


def test_markdown_that_does_not_build_publishes_nothing(site_repo: SiteRepo) -> None:
    page = site_repo.path / "docs" / "2022-04-01" / "en" / "index.md"
    page.write_text(page.read_text() + "\nSee [the cookie policy](cookies.md).\n")
    _assert_refused(site_repo, "revision 2022-04-01 does not build", "cookies.md")
    # 2016-06-01 built fine before 2022-04-01 failed: it was rolled back too
    assert site_repo.tip() is None


def test_usage_errors_exit_2(site_repo: SiteRepo) -> None:
    result = site_repo.run("publish", "--today", "2026-13-01")
    assert result.code == 2 and "is not a date" in result.err
    assert site_repo.run("frobnicate").code == 2


def test_missing_config_is_a_clear_error(tmp_path: Path) -> None:
    from conftest import BIN
    import subprocess
    proc = subprocess.run([str(BIN / "policy-site"), "check"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f"error: no mkdocs.yml in {tmp_path} or any folder above it: run inside a "
                                   "policy site (`policy-site init DIR` makes one) or pass -f FILE")


@pytest.mark.parametrize("lang,path", [("ja", "index.html"), ("en", "en/index.html")])
def test_policy_json_records_the_sources(published: SiteRepo, lang: str, path: str) -> None:
    record = json.loads(published.show("gh-pages", "2022-04-01/policy.json"))
    assert record["revision"] == "2022-04-01" and record["previous"]["revision"] == "2016-06-01"
    assert set(record["sources"]) == {"revision.yml", "ja/index.md", "en/index.md"}
    assert record["disclosures"][lang]["appi-security-measures"][0]["section"] == "security-measures"


def test_an_edited_published_revision_is_refused_by_check_and_publish(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path)
    assert repo.run("publish", "--push", "--today", "2026-11-27").code == 0
    remote_before = repo.remote_tip()
    page = repo.path / "docs" / "2016-06-01" / "en" / "index.md"
    page.write_text(page.read_text().replace("Drink within the notice", "Within the notice"))
    repo.commit("rewrite history")
    check = repo.run("check", "--today", "2026-11-27")
    assert check.code == 1 and "published-revision-changed" in check.out and "en/index.md" in check.out
    result = repo.run("publish", "--push", "--rebuild", "--today", "2026-11-27")
    assert result.code == 1 and "published-revision-changed" in result.err
    assert repo.remote_tip() == remote_before
    assert "Drink within the notice" in repo.show(remote_before, "2016-06-01/en/index.html")


def test_rebuild_rerenders_without_changing_the_text(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path)
    assert repo.run("publish", "--today", "2026-11-27").code == 0
    before = json.loads(repo.show("gh-pages", "2016-06-01/policy.json"))
    result = repo.run("publish", "--rebuild", "--today", "2026-11-27")
    assert result.code == 0, result.err
    assert "published: 2016-06-01, 2022-04-01" in result.out
    after = json.loads(repo.show("gh-pages", "2016-06-01/policy.json"))
    assert after["sources"] == before["sources"] and after["source_hash"] == before["source_hash"]
    assert versions(repo) == {"2022-04-01": ["latest"], "2016-06-01": []}
