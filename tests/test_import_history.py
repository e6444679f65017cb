"""A real four-revision history, as a legal team brings it: imported from the company
website's git repository, it publishes with nothing added but what `import` writes
(`languages:`) and the team's waivers, and no word of the texts edited.

The fixture (tests/data/import/history-compliant/, written for this project) is modelled
on a Japanese bookshop's policy: two Japanese-only revisions, an April 2022 revision whose
English came in July (so the English is dated July 15, 2022 and adds a postal code), and a
bilingual 2023 revision whose English lists only its own date.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import yaml

from conftest import SiteRepo, git
from test_import import empty_site, written_words

HISTORY = Path(__file__).parent / "data" / "import" / "history-compliant"
TODAY = "2026-12-02"
REASON = "The English translation was published on July 15, 2022 and gives the postal code; the Japanese text prevails."


def company_repository(tmp_path: Path) -> Path:
    """The website's repository: one commit per change of the policy's files, dated as made."""
    repo = tmp_path / "corporate-site"
    (repo / "privacy").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    steps = [("ja-1.md", None, "2019-03-20T10:00:00+09:00"), ("ja-2.md", None, "2020-06-10T10:00:00+09:00"),
             ("ja-3.md", None, "2022-03-15T10:00:00+09:00"), (None, "en-3.md", "2022-07-15T10:00:00+09:00"),
             ("ja-4.md", "en-4.md", "2023-09-01T10:00:00+09:00")]
    for ja, en, when in steps:
        for name, target in ((ja, "privacy/index.md"), (en, "privacy/en.md")):
            if name:
                (repo / target).write_text((HISTORY / name).read_text(encoding="utf-8"), encoding="utf-8")
        git(repo, "add", "-A")
        subprocess.run(["git", "commit", "-qm", "Update the privacy policy"], cwd=repo, check=True,
                       env={**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    return repo


def imported(tmp_path: Path) -> SiteRepo:
    site = empty_site(tmp_path)
    result = site.run("import", "--git", str(company_repository(tmp_path)), "--ja", "privacy/index.md",
                      "--en", "privacy/en.md")
    assert result.code == 0, result.err
    return site


def errors(site: SiteRepo) -> set[tuple[str, str, str, str]]:
    report = site.run("check", "--today", TODAY, "--format", "json")
    findings = json.loads(report.out)["findings"]
    return {(f["revision"], f["lang"], f["rule"], f["message"].split(": ", 1)[0]) for f in findings
            if f["severity"] == "error"}


def waive(site: SiteRepo, revision: str) -> None:
    path = site.path / "docs" / revision / "revision.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"waivers:\n  - rule: parity-facts\n    section: operator\n    lang: en\n"
                           f"    reason: \"{REASON}\"\n", encoding="utf-8")


def test_the_history_imports_word_for_word_with_languages_for_the_japanese_only_revisions(tmp_path: Path) -> None:
    site = imported(tmp_path)
    docs = site.path / "docs"
    assert sorted(p.name for p in docs.iterdir()) == ["2019-04-01", "2020-07-01", "2022-04-01", "2023-10-01"]
    metas = {p.name: yaml.safe_load((p / "revision.yml").read_text(encoding="utf-8")) for p in docs.iterdir()}
    assert [metas[d].get("languages") for d in sorted(metas)] == [["ja"], ["ja"], None, None]
    for revision, ja, en in (("2022-04-01", "ja-3.md", "en-3.md"), ("2023-10-01", "ja-4.md", "en-4.md")):
        for lang, name in (("ja", ja), ("en", en)):
            written = (docs / revision / lang / "index.md").read_text(encoding="utf-8")
            assert written_words(written) == written_words((HISTORY / name).read_text(encoding="utf-8"))


def test_only_the_differences_a_translator_made_are_left_and_waivers_clear_them(tmp_path: Path) -> None:
    site = imported(tmp_path)
    # Every requirement of the law is found in the words as written: what is left are the
    # translation's own differences, in the two bilingual revisions, in the operator section.
    assert errors(site) == {
        ("2022-04-01", "en", "parity-facts", "section `#operator`"),
        ("2023-10-01", "en", "parity-facts", "section `#operator`"),
    }
    for revision in ("2022-04-01", "2023-10-01"):
        waive(site, revision)
    report = site.run("check", "--today", TODAY, "--format", "json")
    assert report.code == 0, report.out
    summary = json.loads(report.out)["summary"]
    assert summary["errors"] == 0 and summary["waived"] == 5
    waived = [f for f in json.loads(report.out)["findings"] if f["severity"] == "waived"]
    assert {f["waiver"] for f in waived} == {REASON}

    site.commit("Import the policy's history, with waivers")
    published = site.run("publish", "--push", "--today", TODAY)
    assert published.code == 0, published.err
    assert site.remote_tip() is not None
    versions = {v["version"] for v in json.loads(git(site.remote, "show", "gh-pages:versions.json"))}
    assert versions == {"2019-04-01", "2020-07-01", "2022-04-01", "2023-10-01"}
    record = json.loads(git(site.remote, "show", "gh-pages:2022-04-01/policy.json"))
    assert [w["reason"] for w in record["waivers"]] == [REASON]
    english_only_page = git(site.remote, "show", "gh-pages:2019-04-01/en/index.html")
    assert "published only in Japanese" in english_only_page
