"""Rules about time: no revision takes effect before it is published, announcements are real,
and a daily publish with nothing to move makes no commit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import Origin, SiteRepo, git, make_site_repo

TODAY = "2026-11-27"


def add_revision(repo: SiteRepo, name: str, *, announced: str | None = None, extra: str = "") -> Path:
    """A copy of the 2022-04-01 text as revision `name` (its revision.yml adjusted)."""
    folder = repo.path / "docs" / name
    shutil.copytree(repo.path / "docs" / "2022-04-01", folder)
    meta = folder / "revision.yml"
    text = meta.read_text(encoding="utf-8").replace("announced: 2022-03-01\n", "")
    if announced:
        text += f"announced: {announced}\n"
    meta.write_text(text + extra, encoding="utf-8")
    return folder


def errors_of(result) -> list[str]:
    return [ln for ln in (result.out + result.err).splitlines() if "error" in ln]


def test_a_backdated_revision_on_a_live_site_is_refused(origin: Origin, tmp_path: Path) -> None:
    clone = origin.clone(tmp_path / "c")
    before = origin.files()
    add_revision(clone, "2026-11-01", announced="2026-10-01")
    check = clone.run("check", "--today", TODAY)
    assert check.code == 1
    assert "backdated-revision" in check.out and "docs/2026-11-01/revision.yml" in check.out, check.out
    assert "published_elsewhere" in check.out  # the hint names the way out
    result = clone.run("publish", "--push", "--today", TODAY)
    assert result.code == 1 and "Traceback" not in result.err
    assert "[backdated-revision]" in result.err.splitlines()[-1]
    assert origin.files() == before


def test_published_elsewhere_lets_a_past_revision_in(tmp_path: Path) -> None:
    site = make_site_repo(tmp_path)
    assert site.run("publish", "--push", "--today", TODAY).code == 0
    add_revision(site, "2026-11-01", announced="2026-10-01",
                 extra='published_elsewhere: "On the notice board of the head office from 2026-10-01"\n')
    site.commit("a revision that was public elsewhere first")
    check = site.run("check", "--today", TODAY)
    assert "backdated-revision" not in check.out, check.out
    result = site.run("publish", "--push", "--today", TODAY)
    assert result.code == 0, result.err
    assert "published: 2026-11-01;" in result.out
    assert site.show("origin/gh-pages", "latest") == "2026-11-01"
    # readers are told where the text was public first, in their language
    en = site.show("origin/gh-pages", "2026-11-01/en/index.html")
    ja = site.show("origin/gh-pages", "2026-11-01/index.html")
    assert "first published elsewhere: On the notice board of the head office from 2026-10-01" in en
    assert "当サイトより前に" in ja and "On the notice board" in ja
    record = json.loads(site.show("origin/gh-pages", "2026-11-01/policy.json"))
    assert record["published_elsewhere"] == "On the notice board of the head office from 2026-10-01"


def test_a_revision_dated_before_the_newest_published_one_is_always_refused(origin: Origin, tmp_path: Path) -> None:
    clone = origin.clone(tmp_path / "c")
    add_revision(clone, "2020-01-01", announced="2019-12-01",
                 extra='published_elsewhere: "In the 2019 annual report"\n')
    check = clone.run("check", "--today", TODAY)
    assert check.code == 1
    assert "backdated-revision" in check.out and "2022-04-01" in check.out, check.out


def test_an_upcoming_revision_is_not_backdated(origin: Origin, tmp_path: Path) -> None:
    clone = origin.clone(tmp_path / "c")
    add_revision(clone, "2027-01-01", announced="2026-11-20")
    check = clone.run("check", "--today", TODAY)
    assert "backdated-revision" not in check.out and "announced-date" not in check.out, check.out
    # on the day it takes effect it is not backdated either
    assert "backdated-revision" not in clone.run("check", "--today", "2027-01-01").out


def test_the_first_publish_may_carry_the_past(tmp_path: Path) -> None:
    site = make_site_repo(tmp_path)  # 2016-06-01 and 2022-04-01, long before today
    check = site.run("check", "--today", TODAY)
    assert "backdated-revision" not in check.out


def test_announced_after_the_effective_date_is_an_error(site_repo: SiteRepo) -> None:
    add_revision(site_repo, "2026-12-01", announced="2026-12-02")
    check = site_repo.run("check", "--today", "2026-12-05")
    assert check.code == 1
    line = next(ln for ln in check.out.splitlines() if "announced-date" in ln)
    assert "docs/2026-12-01/revision.yml" in line, check.out


def test_announced_in_the_future_of_today_is_an_error(site_repo: SiteRepo) -> None:
    add_revision(site_repo, "2027-03-01", announced="2026-12-15")
    check = site_repo.run("check", "--today", TODAY)
    assert check.code == 1
    assert "announced-date" in check.out and "2026-12-15" in check.out, check.out
    assert site_repo.run("check", "--today", "2026-12-15").code == 0


def test_a_daily_publish_with_nothing_to_move_makes_no_commit(origin: Origin, tmp_path: Path) -> None:
    clone = origin.clone(tmp_path / "c")
    before = origin.files()
    tip = git(origin.remote, "rev-parse", "gh-pages")
    for day in ("2026-11-28", "2026-11-29", "2027-01-15"):
        result = clone.run("publish", "--push", "--today", day)
        assert result.code == 0, result.err
        assert "nothing new" in result.out and "unchanged" in result.out, result.out
    assert git(origin.remote, "rev-parse", "gh-pages") == tip
    assert origin.files() == before
