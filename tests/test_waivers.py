"""revision.yml `waivers:`: a revision accepts a parity or date finding, with its reason, for good.

The fixture (tests/data/kabushiki) is a fictional company's bilingual policy modelled on real
Japanese ones; here its English translation came later: it gives its own "Revised" date and adds
the postal code the Japanese leaves out. Every test runs the installed `policy-site` command.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SiteRepo, git

FIXTURE = Path(__file__).resolve().parent / "data" / "kabushiki"
REVISION = "docs/2024-04-01"
TODAY = "2024-08-01"
LATE_DATE = "the English translation was published on 2024-07-01 and gives that date"
POSTAL = "the English adds the postal code for mail from abroad"
WAIVERS = f"""waivers:
  - rule: parity-facts
    lang: en
    reason: {LATE_DATE}
  - rule: stale-revision-date
    lang: en
    reason: {LATE_DATE}
  - rule: parity-facts
    section: operator
    lang: en
    reason: {POSTAL}
"""


def declare_conditions(work: Path) -> None:
    """The fixture once the team decided what its text suggests (tests/test_conditions.py): the company
    names its representative, and both conditional requirements are in `applies`."""
    config = work / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "applies: []", "applies: [appi-representative-name, appi-fees]"), encoding="utf-8")
    for lang, name in (("ja", "代表取締役　港 一郎"), ("en", "Representative Director: Ichiro Minato")):
        path = work / REVISION / lang / "index.md"
        text = path.read_text(encoding="utf-8")
        text = text.replace('appi-operator-name appi-operator-address"}', 'appi-operator-name appi-operator-address '
                            'appi-representative-name"}')
        text = text.replace("appi-provision-record-disclosure\"}", "appi-provision-record-disclosure appi-fees\"}")
        marker = "東京都港区海岸一丁目9番9号\n" if lang == "ja" else "1-9-9 Kaigan, Minato-ku, Tokyo\n"
        path.write_text(text.replace(marker, marker.replace("\n", "  \n") + name + "\n"), encoding="utf-8")


def make_site(tmp_path: Path, *, late_english: bool = True) -> SiteRepo:
    """The fixture in a git repository (no remote: nothing is published), its English translated later."""
    work = tmp_path / "site"
    shutil.copytree(FIXTURE, work)
    declare_conditions(work)
    if late_english:
        en = work / REVISION / "en" / "index.md"
        text = en.read_text(encoding="utf-8")
        text = text.replace("Revised: April 1, 2024", "Revised: July 1, 2024")
        text = text.replace("Minato-ku, Tokyo  \n", "Minato-ku, Tokyo 105-0022  \n")
        assert "105-0022" in text and "July 1, 2024" in text
        en.write_text(text, encoding="utf-8")
    git(work, "init", "-q", "-b", "main")
    repo = SiteRepo(work, tmp_path / "no-remote.git")
    repo.commit("site")
    return repo


def add_to_revision_yml(repo: SiteRepo, text: str) -> None:
    path = repo.path / REVISION / "revision.yml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def line_in_revision_yml(repo: SiteRepo, needle: str, nth: int = 1) -> int:
    lines = (repo.path / REVISION / "revision.yml").read_text(encoding="utf-8").splitlines()
    hits = [number for number, line in enumerate(lines, 1) if needle in line]
    return hits[nth - 1]


def check_json(repo: SiteRepo) -> tuple[int, dict]:
    result = repo.run("check", "--today", TODAY, "--format", "json")
    return result.code, json.loads(result.out)


def test_the_fixture_checks_clean_as_translated_on_time(tmp_path: Path) -> None:
    repo = make_site(tmp_path, late_english=False)
    result = repo.run("check", "--today", TODAY)
    assert result.code == 0, result.out + result.err
    assert "0 error(s), 0 warning(s)" in result.out


def test_a_late_translation_is_an_error_without_waivers(tmp_path: Path) -> None:
    repo = make_site(tmp_path)
    code, report = check_json(repo)
    assert code == 1
    errors = {(f["rule"], f["line"], f["severity"]) for f in report["findings"]}
    assert ("parity-facts", 1, "error") in errors  # the dates under the title
    assert ("parity-facts", 8, "error") in errors  # the postal code in #operator
    assert ("stale-revision-date", 4, "warning") in errors


def test_waivers_accept_the_findings_with_their_reasons_in_text(tmp_path: Path) -> None:
    repo = make_site(tmp_path)
    add_to_revision_yml(repo, WAIVERS)
    result = repo.run("check", "--today", TODAY)
    assert result.code == 0, result.out + result.err
    out = result.out
    assert "docs/2024-04-01/en/index.md:8: waived: parity-facts: section `#operator`: en says 105-0022" in out
    assert f"reason: {POSTAL}" in out
    assert f"reason: {LATE_DATE}" in out
    assert f"waived by {REVISION}/revision.yml:{line_in_revision_yml(repo, 'section: operator') - 1}" in out
    assert "0 error(s), 0 warning(s), 4 waived" in out
    assert "error:" not in out and "warning:" not in out


def test_waivers_in_json_and_github_formats(tmp_path: Path) -> None:
    repo = make_site(tmp_path)
    add_to_revision_yml(repo, WAIVERS)
    code, report = check_json(repo)
    assert code == 0
    assert report["summary"] == {"errors": 0, "warnings": 0, "waived": 4, "revisions": ["2024-04-01"], "ok": True}
    by_line = {(f["rule"], f["line"]): f for f in report["findings"]}
    postal = by_line[("parity-facts", 8)]
    assert postal["severity"] == "waived" and postal["waiver"] == POSTAL and postal["lang"] == "en"
    assert by_line[("stale-revision-date", 4)]["waiver"] == LATE_DATE
    github = repo.run("check", "--today", TODAY, "--format", "github")
    assert github.code == 0
    line = next(ln for ln in github.out.splitlines() if "line=8," in ln)
    assert line.startswith("::notice file=docs/2024-04-01/en/index.md,line=8,title=parity-facts (waived)::")
    assert f"waived: {POSTAL} — section `#operator`" in line
    assert github.out.splitlines()[-1] == "policy-site check: 0 error(s), 0 warning(s), 4 waived"


def test_policy_json_lists_each_waiver_and_what_it_waived(tmp_path: Path) -> None:
    repo = make_site(tmp_path)
    add_to_revision_yml(repo, WAIVERS)
    result = repo.run("build", "2024-04-01", "-d", str(tmp_path / "out"))
    assert result.code == 0, result.err
    record = json.loads((tmp_path / "out" / "policy.json").read_text(encoding="utf-8"))
    waivers = record["waivers"]
    assert [(w["rule"], w["section"], w["lang"], w["reason"]) for w in waivers] == [
        ("parity-facts", None, "en", LATE_DATE), ("stale-revision-date", None, "en", LATE_DATE),
        ("parity-facts", "operator", "en", POSTAL)]
    assert [f["line"] for f in waivers[0]["findings"]] == [1, 1]
    assert waivers[2]["findings"] == [{"rule": "parity-facts", "lang": "en", "file": f"{REVISION}/en/index.md",
                                       "line": 8, "message": "section `#operator`: en says 105-0022; ja has no "
                                                             "such postal code"}]


def test_a_waiver_in_the_wrong_section_waives_nothing_and_is_named_unused(tmp_path: Path) -> None:
    repo = make_site(tmp_path)
    add_to_revision_yml(repo, WAIVERS.replace("section: operator", "section: contact"))
    code, report = check_json(repo)
    assert code == 1
    still = [f for f in report["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["line"]) for f in still] == [("parity-facts", 8)]
    unused = [f for f in report["findings"] if f["rule"] == "unused-waiver"]
    assert len(unused) == 1 and unused[0]["severity"] == "warning"
    assert unused[0]["file"] == f"{REVISION}/revision.yml"
    assert unused[0]["line"] == line_in_revision_yml(repo, "section: contact") - 1
    assert "`parity-facts` in section `#contact` in en matches no finding" in unused[0]["message"]


def test_an_unmatched_waiver_is_a_warning_naming_revision_yml_and_its_line(tmp_path: Path) -> None:
    repo = make_site(tmp_path, late_english=False)
    add_to_revision_yml(repo, "waivers:\n  - {rule: parity-items, section: purposes, reason: a list item merged}\n")
    result = repo.run("check", "--today", TODAY)
    assert result.code == 0, result.out
    assert (f"{REVISION}/revision.yml:5: warning: unused-waiver: the waiver of `parity-items` in section "
            "`#purposes` in any language matches no finding") in result.out


@pytest.mark.parametrize("rule, law", [("appi-fees", "APPI"), ("gdpr-retention", "GDPR"), ("ccpa-contact", "CCPA")])
def test_a_waiver_of_a_law_requirement_is_refused_pointing_to_downgrade(tmp_path: Path, rule: str, law: str) -> None:
    repo = make_site(tmp_path, late_english=False)
    add_to_revision_yml(repo, f"waivers:\n  - rule: {rule}\n    reason: we answer on request\n")
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    assert (f"{REVISION}/revision.yml:5: error: waiver-refused: the waiver names `{rule}`, a requirement of the "
            f"law ({law})") in result.out
    assert f"`downgrade: {{{rule}: \"reason\"}}` in mkdocs.yml" in result.out
    assert "Traceback" not in result.err


def test_a_waiver_of_what_keeps_the_record_whole_is_refused(tmp_path: Path) -> None:
    repo = make_site(tmp_path, late_english=False)
    add_to_revision_yml(repo, "waivers:\n  - rule: published-revision-changed\n    reason: a typo fixed\n")
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    assert "error: waiver-refused: the waiver names `published-revision-changed`, which cannot be waived" in result.out
    assert "parity-documents, parity-sections, parity-items, parity-facts" in result.out


@pytest.mark.parametrize("text, line, message", [
    ("waivers: parity-facts\n", 4, "`waivers` must be a list of {rule, section, lang, reason}"),
    ("waivers:\n  - parity-facts\n", 5, "waiver 1 is not a mapping"),
    ("waivers:\n  - rule: parity-facts\n    lang: en\n", 5, "waiver 1: no `reason`"),
    ("waivers:\n  - reason: late\n", 5, "waiver 1: no `rule`"),
    ("waivers:\n  - rule: parity-facts\n    reason: late\n    langs: en\n", 7, "waiver 1: unknown key `langs`"),
    ("waivers:\n  - rule: parity-facts\n    reason: late\n    lang: de\n", 7,
     "waiver 1: `lang: de` is not a language of the site (ja, en)"),
    ("waivers:\n  - rule: parity-facts\n    reason: late\n    section: [operator]\n", 7,
     "waiver 1: `section` must be a section id"),
    ("waivers:\n  - {rule: parity-facts, reason: late}\n  - {rule: parity-facts, reason: again}\n", 6,
     "waiver 2 repeats waiver 1"),
])
def test_malformed_waivers_are_refused_with_file_line_and_what_to_do(tmp_path: Path, text: str, line: int,
                                                                    message: str) -> None:
    repo = make_site(tmp_path, late_english=False)
    add_to_revision_yml(repo, text)
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1, result.out
    assert f"{REVISION}/revision.yml:{line}: error: invalid-file: {message}" in result.out
    assert "fix: " in result.out.split(message, 1)[1].splitlines()[1]
    assert "Traceback" not in result.err


def test_waivers_added_to_a_draft_are_published_with_it(tmp_path: Path) -> None:
    """A draft (on the local preview branch only) may still change: its source hash covers revision.yml,
    so adding waivers redeploys it, and the preview's policy.json lists them."""
    repo = make_site(tmp_path, late_english=False)
    first = repo.run("publish", "--today", TODAY)
    assert first.code == 0, first.err
    assert json.loads(repo.show("gh-pages", "2024-04-01/policy.json"))["waivers"] == []
    make_late = make_site(tmp_path / "late")  # the same text with the late English
    shutil.copy2(make_late.path / REVISION / "en" / "index.md", repo.path / REVISION / "en" / "index.md")
    add_to_revision_yml(repo, WAIVERS)
    repo.commit("the English as translated in July, with its waivers")
    checked = repo.run("check", "--today", TODAY)
    assert checked.code == 0, checked.out
    assert "published-revision-changed" not in checked.out
    again = repo.run("publish", "--today", TODAY)
    assert again.code == 0, again.err
    record = json.loads(repo.show("gh-pages", "2024-04-01/policy.json"))
    assert [w["reason"] for w in record["waivers"]] == [LATE_DATE, LATE_DATE, POSTAL]
    assert "105-0022" in repo.show("gh-pages", "2024-04-01/en/index.html")


def test_waivers_cannot_be_added_to_a_published_revision(tmp_path: Path) -> None:
    """Published means on the remote: its revision.yml is part of the source hash, so it never changes."""
    repo = make_site(tmp_path, late_english=False)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo.path, "remote", "add", "origin", str(remote))
    assert repo.run("publish", "--push", "--today", TODAY).code == 0
    add_to_revision_yml(repo, WAIVERS)
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    assert f"error: published-revision-changed: {REVISION}/revision.yml was changed after revision" in result.out
    assert "unused-waiver" not in result.out  # a published revision.yml cannot change: no advice to change it
