"""What "published" means: the remote's branch is the record; the local branch is a preview.

End to end on real git repositories with a bare remote standing in for GitHub,
real mike deploys and the installed CLI, the way a new user would go about it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import GIT_ENV, Origin, SiteRepo, git, make_site_repo
from policy_site.git import Git
from policy_site.publish.rerender import only_notices_changed

TODAY = "2026-11-27"
EDITED = Path("docs/2022-04-01/en/index.md")


def remote_files(repo: SiteRepo, branch: str = "gh-pages") -> dict[str, str]:
    """Every file on the remote's branch: path -> blob id (byte-identical iff equal)."""
    out = git(repo.remote, "ls-tree", "-r", branch)
    return {ln.split("\t", 1)[1]: ln.split()[2] for ln in out.splitlines()}


def fresh_clone(origin: Origin, where: Path) -> SiteRepo:
    return origin.clone(where)


def rename_operator(text: str, name: str) -> str:
    """The example's operator (whatever its legal form in this version of the example) renamed."""
    edited, count = re.subn(r"DMM\.com (?:Corporation|LLC)", name, text)
    assert count, "the example text no longer names its operator"
    return edited


def evil_edit(repo: SiteRepo) -> None:
    page = repo.path / EDITED
    text = page.read_text(encoding="utf-8")
    page.write_text(rename_operator(text, "EVIL Corporation"), encoding="utf-8")


def assert_refused(result, remote_before: dict[str, str], repo: SiteRepo) -> None:
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    errors = [ln for ln in result.err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, result.err
    assert "published-revision-changed" in errors[0] and "2022-04-01" in errors[0], errors[0]
    assert remote_files(repo) == remote_before
    assert "EVIL" not in git(repo.remote, "show", "gh-pages:2022-04-01/en/index.html")


def test_the_evil_sequence_leaves_the_remote_byte_identical(origin: Origin, tmp_path: Path) -> None:
    before = remote_files(origin)
    fresh = fresh_clone(origin, tmp_path / "fresh")  # no local gh-pages yet
    evil_edit(fresh)
    check = fresh.run("check", "--today", TODAY)
    assert check.code == 1 and "published-revision-changed" in check.out
    assert_refused(fresh.run("publish", "--today", TODAY), before, fresh)
    assert fresh.tip() is None  # the refused local publish left no preview behind
    git(fresh.path, "checkout", "--", "docs/")
    result = fresh.run("publish", "--push", "--today", TODAY)
    assert result.code == 0, result.err
    assert "nothing new" in result.out
    assert remote_files(fresh) == before


def test_edit_then_push_directly_is_refused(origin: Origin, tmp_path: Path) -> None:
    before = remote_files(origin)
    fresh = fresh_clone(origin, tmp_path / "fresh")
    evil_edit(fresh)
    fresh.commit("rewrite a published revision")
    assert_refused(fresh.run("publish", "--push", "--today", TODAY), before, fresh)
    assert_refused(fresh.run("publish", "--push", "--rebuild", "--today", TODAY), before, fresh)


def test_edit_on_a_clone_with_a_stale_local_branch_is_refused(origin: Origin, tmp_path: Path) -> None:
    fresh = fresh_clone(origin, tmp_path / "fresh")
    # A local gh-pages from long ago: only the first revision, built locally as a preview.
    shutil.move(str(fresh.path / "docs" / "2022-04-01"), str(tmp_path / "kept"))
    git(fresh.path, "remote", "remove", "origin")
    assert fresh.run("publish", "--today", "2022-03-01").code == 0
    git(fresh.path, "remote", "add", "origin", str(origin.remote))
    shutil.move(str(tmp_path / "kept"), str(fresh.path / "docs" / "2022-04-01"))
    stale = fresh.tip()
    assert [v["version"] for v in json.loads(fresh.show("gh-pages", "versions.json"))] == ["2016-06-01"]
    before = remote_files(origin)
    evil_edit(fresh)
    assert_refused(fresh.run("publish", "--today", TODAY), before, fresh)
    assert fresh.tip() == stale  # a refusal leaves the local branch as it was
    assert_refused(fresh.run("publish", "--push", "--today", TODAY), before, fresh)


def test_the_push_guard_alone_stops_a_changed_published_revision(
        origin: Origin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from policy_site import checks, cli, commands

    before = remote_files(origin)
    fresh = fresh_clone(origin, tmp_path / "fresh")
    evil_edit(fresh)
    # The check is bypassed: it finds nothing, so only the guard stands between the edit and the remote.
    monkeypatch.setattr(commands, "run_checks", lambda ctx: [])
    monkeypatch.setattr(checks, "run_checks", lambda ctx: [])
    monkeypatch.chdir(fresh.path)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    code = cli.main(["publish", "--push", "--rebuild", "--today", TODAY])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith("error: refusing to push: the files of published revision 2022-04-01"), err
    assert remote_files(fresh) == before
    assert fresh.tip() is None


def test_the_push_guard_alone_stops_an_unsanctioned_redeploy(
        origin: Origin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from policy_site import cli, publish

    before = remote_files(origin)
    fresh = fresh_clone(origin, tmp_path / "fresh")
    # Even the same text may not be re-rendered without --rebuild (or a sanctioned notice refresh):
    # a theme change redeployed over every published revision (builds are reproducible: the same
    # text and theme on the same day would give the same bytes, which changes nothing).
    copyright = fresh.path / "overrides" / "partials" / "copyright.html"
    packaged = Path(__file__).resolve().parent.parent / "src" / "policy_site" / "templates" / "partials" / "copyright.html"
    copyright.parent.mkdir(parents=True, exist_ok=True)
    copyright.write_text(packaged.read_text(encoding="utf-8") + "\n<!-- a theme change -->\n", encoding="utf-8")
    monkeypatch.setattr(publish, "to_deploy", lambda site, state, published, rebuild, rerender=(): list(site.corpus.revisions))
    monkeypatch.chdir(fresh.path)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    # Another day: policy.json's `status_as_of` differs, so the redeploy changes published files.
    code = cli.main(["publish", "--push", "--today", "2027-01-15"])
    err = capsys.readouterr().err
    assert code == 1 and "refusing to push" in err and "[published-revision-changed]" in err, err
    assert remote_files(fresh) == before


def new_draft(repo: SiteRepo, name: str = "2026-12-01") -> Path:
    folder = repo.path / "docs" / name
    shutil.copytree(repo.path / "docs" / "2022-04-01", folder)
    meta = folder / "revision.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("announced: 2022-03-01", "announced: 2026-11-01"),
                    encoding="utf-8")
    return folder


def test_preview_edit_preview_of_a_draft_on_a_published_site(origin: Origin, tmp_path: Path) -> None:
    fresh = fresh_clone(origin, tmp_path / "fresh")
    before = remote_files(origin)
    draft = new_draft(fresh)
    first = fresh.run("publish", "--today", TODAY)  # what `make site` runs
    assert first.code == 0, first.err
    assert "2026-12-01" in first.out
    page = draft / "en" / "index.md"
    page.write_text(rename_operator(page.read_text(encoding="utf-8"), "DMM.com Group"),
                    encoding="utf-8")
    check = fresh.run("check", "--today", TODAY)
    assert "published-revision-changed" not in check.out, check.out
    second = fresh.run("publish", "--today", TODAY)
    assert second.code == 0, second.err
    assert "published: 2026-12-01;" in second.out  # only the draft was redeployed
    assert "DMM.com Group" in fresh.show("gh-pages", "2026-12-01/en/index.html")
    # nothing was pushed, and the published revisions on the preview are the remote's
    assert remote_files(fresh) == before
    # (the preview shows the draft's announcement in 2022-04-01's notices: they alone may differ)
    assert only_notices_changed(Git(fresh.path), git(fresh.path, "rev-parse", "origin/gh-pages"),
                                git(fresh.path, "rev-parse", "gh-pages"), "2022-04-01")
    # a third preview with no edit redeploys nothing
    third = fresh.run("publish", "--today", TODAY)
    assert third.code == 0 and "nothing new" in third.out, third.out + third.err


def test_a_removed_draft_leaves_the_preview(origin: Origin, tmp_path: Path) -> None:
    fresh = fresh_clone(origin, tmp_path / "fresh")
    draft = new_draft(fresh)
    assert fresh.run("publish", "--today", TODAY).code == 0
    shutil.rmtree(draft)
    result = fresh.run("publish", "--today", TODAY)
    assert result.code == 0, result.err
    names = {v["version"] for v in json.loads(fresh.show("gh-pages", "versions.json"))}
    assert names == {"2016-06-01", "2022-04-01"}


def test_without_a_remote_the_local_branch_is_only_a_preview(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path)
    git(repo.path, "remote", "remove", "origin")
    assert repo.run("publish", "--today", TODAY).code == 0
    evil_edit(repo)
    check = repo.run("check", "--today", TODAY)
    assert "published-revision-changed" not in check.out
    result = repo.run("publish", "--today", TODAY)
    assert result.code == 0, result.err
    assert "EVIL Corporation" in repo.show("gh-pages", "2022-04-01/en/index.html")
    push = repo.run("publish", "--push", "--today", TODAY)
    assert push.code == 1 and "no git remote named 'origin'" in push.err


def _in_process(monkeypatch: pytest.MonkeyPatch, repo: SiteRepo) -> None:
    monkeypatch.chdir(repo.path)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def test_rebuild_push_keeps_rebuilding_on_a_retry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policy_site import commands, publish
    from policy_site.site import load_site

    repo = make_site_repo(tmp_path)
    assert repo.run("publish", "--push", "--today", TODAY).code == 0
    real_push = publish.Git.push
    calls: list[int] = []

    def rejected_once(self, remote, branch, expect):
        calls.append(1)
        return False if len(calls) == 1 else real_push(self, remote, branch, expect)

    monkeypatch.setattr(publish.Git, "push", rejected_once)
    _in_process(monkeypatch, repo)
    # A rebuild on another day re-renders (policy.json's `status_as_of`): the same text, so the guard lets it pass.
    result, _report = commands.publish(load_site("mkdocs.yml"), today=dt.date(2026, 11, 28), push=True, rebuild=True)
    assert result.attempts == 2 and result.pushed
    assert '"status_as_of": "2026-11-28"' in git(repo.remote, "show", "gh-pages:2016-06-01/policy.json")
    assert result.deployed == ["2016-06-01", "2022-04-01"]


def test_every_retry_checks_against_the_newly_fetched_remote(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from policy_site import cli, publish

    (tmp_path / "base").mkdir()
    base = make_site_repo(tmp_path / "base")
    assert base.run("publish", "--push", "--today", TODAY).code == 0
    git(base.path, "push", "-q", "origin", "main")
    origin = Origin(base.path, base.remote)
    ours, theirs = origin.clone(tmp_path / "ours"), origin.clone(tmp_path / "theirs")
    for repo, wording in ((ours, "DMM.com Group"), (theirs, "DMM.com Holdings")):
        page = new_draft(repo) / "en" / "index.md"
        page.write_text(rename_operator(page.read_text(encoding="utf-8"), wording), encoding="utf-8")
    real_push = publish.Git.push

    def they_publish_first(self, remote, branch, expect):
        # Another CI run publishes its own text of 2026-12-01 while we were building ours.
        other = theirs.run("publish", "--push", "--today", TODAY)
        assert other.code == 0, other.err
        return real_push(self, remote, branch, expect)

    monkeypatch.setattr(publish.Git, "push", they_publish_first)
    _in_process(monkeypatch, ours)
    code = cli.main(["publish", "--push", "--today", TODAY])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.strip().splitlines()[-1].startswith("error: published revision 2026-12-01 on origin/gh-pages differs")
    assert "DMM.com Holdings" in git(base.remote, "show", "gh-pages:2026-12-01/en/index.html")
