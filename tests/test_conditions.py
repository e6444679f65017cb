"""possibly-applies: the text's own words suggest a conditional requirement the site said nothing of.

The site fixture (tests/data/kabushiki) is a fictional 株式会社 modelled on real Japanese policies:
it names no representative and charges 1,000円 in its disclosure-request section, with
`applies: []`. The trigger words are data (`suggested_by:` in the rule files).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, SiteRepo, git, make_site_repo
from policy_site.checks import CheckContext, conditions
from policy_site.findings import Finding
from policy_site.model.revisions import load_revisions
from policy_site.rules import RuleFileError, read_rule_file
from policy_site.rules.suggestions import word_pattern

FIXTURE = Path(__file__).resolve().parent / "data" / "kabushiki"
TODAY = "2024-06-01"
JA = "docs/2024-04-01/ja/index.md"
EN = "docs/2024-04-01/en/index.md"


def make_site(tmp_path: Path, *, config: tuple[str, str] | None = None) -> SiteRepo:
    work = tmp_path / "site"
    shutil.copytree(FIXTURE, work)
    if config is not None:
        path = work / "mkdocs.yml"
        old, new = config
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    git(work, "init", "-q", "-b", "main")
    repo = SiteRepo(work, tmp_path / "no-remote.git")
    repo.commit("site")
    return repo


def findings_of(repo: SiteRepo) -> tuple[int, list[dict]]:
    result = repo.run("check", "--today", TODAY, "--format", "json")
    assert "Traceback" not in result.err, result.err
    return result.code, json.loads(result.out)["findings"]


def line_of(repo: SiteRepo, rel: str, needle: str) -> int:
    lines = (repo.path / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_a_kabushiki_kaisha_charging_a_fee_gets_two_warnings_quoting_the_words(tmp_path: Path) -> None:
    repo = make_site(tmp_path)
    code, findings = findings_of(repo)
    assert code == 0  # warnings: the team decides
    assert [(f["rule"], f["severity"]) for f in findings] == [("possibly-applies", "warning")] * 2
    fees, representative = sorted(findings, key=lambda f: f["message"])
    title = line_of(repo, JA, "株式会社ミナト商会（以下")
    assert representative["file"] == JA and representative["line"] == title
    assert "Name of the representative of a corporation" in representative["message"]
    assert f"“株式会社” ({JA}:{title})" in representative["message"]
    assert f"“Co., Ltd.” ({EN}:{line_of(repo, EN, 'Minato Shokai Co., Ltd. (the')})" in representative["message"]
    assert representative["citation"] == "APPI Art.32(1)(i)"
    fee_line = line_of(repo, JA, "1,000円")
    assert fees["file"] == JA and fees["line"] == fee_line
    assert "Amount of the fees for requests" in fees["message"]
    assert f"“1,000円” ({JA}:{fee_line})" in fees["message"]
    assert f"“1,000 yen” ({EN}:{line_of(repo, EN, '1,000 yen')})" in fees["message"]
    assert "add `appi-fees` to `applies`" in fees["hint"] and "under `not_applicable`" in fees["hint"]


def test_not_applicable_silences_one_with_its_reason(tmp_path: Path) -> None:
    repo = make_site(tmp_path, config=("applies: []", "applies: []\n      not_applicable:\n"
                                       "        appi-fees: \"the 1,000 yen is a postage refund, not a fee\""))
    code, findings = findings_of(repo)
    assert code == 0
    assert [f["rule"] for f in findings] == ["possibly-applies"]
    assert "representative" in findings[0]["message"]


def test_a_condition_in_applies_is_checked_instead(tmp_path: Path) -> None:
    repo = make_site(tmp_path, config=("applies: []", "applies: [appi-representative-name]"))
    code, findings = findings_of(repo)
    assert code == 1  # the disclosure check now asks for the name
    assert sorted(f["rule"] for f in findings) == ["appi-representative-name", "appi-representative-name",
                                                   "possibly-applies"]


def test_a_requirement_a_section_declares_needs_no_warning(tmp_path: Path) -> None:
    repo = make_site(tmp_path)
    for rel in (JA, EN):
        path = repo.path / rel
        path.write_text(path.read_text(encoding="utf-8").replace(
            'appi-provision-record-disclosure"}', 'appi-provision-record-disclosure appi-fees"}'), encoding="utf-8")
    _, findings = findings_of(repo)
    assert ["representative" in f["message"] for f in findings] == [True]


@pytest.mark.parametrize("setting, message", [
    ("appi-fee: none", "`not_applicable` names `appi-fee`, which is no known rule"),
    ("appi-operator-name: we are no company", "`not_applicable` names `appi-operator-name`, which applies to "
                                              "everyone: it has no condition"),
    ("appi-fees: \"\"", "`not_applicable` gives no reason for `appi-fees`"),
])
def test_not_applicable_names_conditional_rules_with_reasons(tmp_path: Path, setting: str, message: str) -> None:
    repo = make_site(tmp_path, config=("applies: []", f"applies: []\n      not_applicable:\n        {setting}"))
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    line = line_of(repo, "mkdocs.yml", setting.split(":")[0])
    assert f"mkdocs.yml:{line}: error: " in result.out and message in result.out
    assert "did you mean `appi-fees`?" in result.out or "appi-fee:" not in setting


def test_a_rule_both_applied_and_not_applicable_is_refused(tmp_path: Path) -> None:
    repo = make_site(tmp_path, config=("applies: []", "applies: [appi-fees]\n      not_applicable: {appi-fees: free}"))
    result = repo.run("check", "--today", TODAY)
    assert result.code == 1
    assert ("error: not-applicable-refused: `appi-fees` is listed both under `applies` and under `not_applicable`"
            in result.out)


def test_the_example_site_says_why_foreign_transfer_does_not_apply(tmp_path: Path) -> None:
    """The example's text says personal data is never handled abroad (外国, abroad): checked clean because
    mkdocs.yml says so under `not_applicable`; without it, `check` asks."""
    repo = make_site_repo(tmp_path)
    clean = repo.run("check", "--today", "2026-12-02")
    assert clean.code == 0 and "0 error(s), 0 warning(s)" in clean.out, clean.out
    config = repo.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("      not_applicable:")
    end = text.index("\n", text.index("appi-security-foreign-environment:", start))
    config.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    asked = repo.run("check", "--today", "2026-12-02")
    assert asked.code == 0
    assert "warning: possibly-applies (APPI Art.28(2), 28(3))" in asked.out
    assert "“外国” (docs/2022-04-01/ja/index.md:" in asked.out and "“abroad” (docs/2022-04-01/en/index.md:" in asked.out


# --- the words, as readers read the text -------------------------------------------------

def context(tmp_path: Path, ja: str, en: str, *, laws: list[str], applies: list[str] | None = None) -> CheckContext:
    docs = tmp_path / "docs" / "2024-04-01"
    for lang, text in (("ja", ja), ("en", en)):
        (docs / lang).mkdir(parents=True)
        (docs / lang / "index.md").write_text(text, encoding="utf-8")
    (docs / "revision.yml").write_text("summary: {ja: 改定, en: Revised}\n", encoding="utf-8")
    corpus = load_revisions(tmp_path / "docs", ["ja", "en"], root=tmp_path)
    return CheckContext(corpus, ["ja", "en"], "ja", dt.date(2024, 6, 1), laws=laws, applies=applies or [])


def suggested(findings: list[Finding]) -> list[str]:
    """The rule id each possibly-applies finding asks the site to decide on (the first in its hint)."""
    return sorted(f.hint.split("`")[1] for f in findings if f.rule == "possibly-applies")


def test_joint_use_overseas_and_anonymous_processing_in_japanese(tmp_path: Path) -> None:
    ja = ("# 方針\n\n## 共同利用 {#joint}\n\n当社は、グループ会社と個人データを共同利用します。\n\n"
          "## 委託 {#entrust}\n\n海外の委託先に提供することがあります。\n\n"
          "## 匿名加工情報 {#anon}\n\n匿名加工情報を作成します。仮名加工情報も取り扱います。\n")
    en = ("# Policy\n\n## Joint use {#joint}\n\nWe jointly use personal data with our group companies.\n\n"
          "## Entrustment {#entrust}\n\nWe may provide it to contractors overseas.\n\n"
          "## Anonymously processed information {#anon}\n\nWe create anonymously processed information, and "
          "handle pseudonymously processed information too.\n")
    found = suggested(conditions.check(context(tmp_path, ja, en, laws=["appi"])))
    assert found == ["appi-anonymized-information", "appi-foreign-transfer-information", "appi-joint-use",
                     "appi-joint-use-manager-address-representative", "appi-pseudonymized-information",
                     "appi-security-foreign-environment"]


def test_words_in_code_do_not_count_and_full_width_letters_do(tmp_path: Path) -> None:
    ja = "# 方針\n\n```\n株式会社\n```\n\n## 事業者 {#operator}\n\nミナト商会\n"
    en = "# Policy\n\n## Operator {#operator}\n\nＭｉｎａｔｏ Ｓｈｏｋａｉ Ｉｎｃ．\n"
    findings = conditions.check(context(tmp_path, ja, en, laws=["appi"]))
    assert suggested(findings) == ["appi-representative-name"]
    assert "“Inc.” (docs/2024-04-01/en/index.md:5)" in findings[0].message
    assert "ja/index.md" not in findings[0].message


def test_gdpr_and_ccpa_words(tmp_path: Path) -> None:
    en = ("# Policy\n\n## Controllers {#controllers}\n\nWe are joint controllers with our parent company.\n\n"
          "## Incentives {#incentives}\n\nOur loyalty program is a financial incentive.\n")
    ja = ("# 方針\n\n## 管理者 {#controllers}\n\n当社は親会社と共同管理者です。\n\n"
          "## 特典 {#incentives}\n\n会員プログラムは金銭的インセンティブです。\n")
    found = suggested(conditions.check(context(tmp_path, ja, en, laws=["gdpr", "ccpa"])))
    assert "gdpr-joint-controllers" in found and "ccpa-financial-incentive" in found
    assert "ccpa-opt-out-right" not in found  # nothing is sold or shared


def test_latin_words_match_whole_words_only() -> None:
    pattern = word_pattern(("share", "Inc."))
    assert pattern is not None
    assert pattern.search("We share data") and pattern.search("Minato INC. and")
    assert not pattern.search("the data we shared") and not pattern.search("Incorporated")


def test_rule_files_accept_suggested_by_and_refuse_it_malformed(tmp_path: Path) -> None:
    good = tmp_path / "good.yml"
    good.write_text(
        "law: site\nrules:\n  - id: site-newsletter\n    label_en: Newsletter\n    required_from: 2020-01-01\n"
        "    condition: a newsletter is sent\n    suggested_by: {en: [newsletter], ja: [メールマガジン]}\n",
        encoding="utf-8")
    (req,) = read_rule_file(good)
    assert req.suggested_by is not None and req.suggested_by.words_for("en") == ("newsletter",)
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "law: site\nrules:\n  - id: site-a\n    label_en: A\n    required_from: 2020-01-01\n"
        "    suggested_by: {en: [a]}\n"
        "  - id: site-b\n    label_en: B\n    required_from: 2020-01-01\n    condition: b\n"
        "    suggested_by: {en: newsletter}\n"
        "  - id: site-c\n    label_en: C\n    required_from: 2020-01-01\n    condition: c\n"
        "    suggested_by:\n      amounts_in: {rules: [Not An Id]}\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        read_rule_file(bad)
    text = str(caught.value)
    assert "bad.yml:6: rule `site-a`: `suggested_by` on a rule without a `condition`" in text
    assert "bad.yml:11: rule `site-b`: `suggested_by`: `en` must be a list of words" in text
    assert "bad.yml:17: rule `site-c`: `suggested_by`.amounts_in.rules must list rule ids" in text


def test_every_shipped_conditional_rule_says_what_suggests_it() -> None:
    for path in sorted((REPO / "src" / "policy_site" / "rules").glob("*.yml")):
        for req in read_rule_file(path):
            assert (req.suggested_by is not None) == req.conditional, f"{path.name}: {req.id}"


def test_a_german_only_gdpr_notice_is_read_with_german_words(tmp_path: Path) -> None:
    docs = tmp_path / "docs" / "2024-04-01" / "de"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(
        "# Datenschutzerklärung\n\n## Verantwortlicher {#controller}\n\nMuster GmbH, vertreten durch den "
        "Geschäftsführer Max Muster, Lindenweg 3, 10435 Berlin.\n\n## Drittländer {#transfers}\n\nUnser "
        "Newsletter-Dienst sitzt in den USA; wir haben Standardvertragsklauseln abgeschlossen. Rechtsgrundlage ist "
        "Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO).\n", encoding="utf-8")
    (docs.parent / "revision.yml").write_text("summary: {de: Neu}\n", encoding="utf-8")
    corpus = load_revisions(tmp_path / "docs", ["de"], root=tmp_path)
    ctx = CheckContext(corpus, ["de"], "de", dt.date(2024, 6, 1), laws=["gdpr"], applies=[])
    # "vertreten durch den Geschäftsführer" is the company's own management, no EU representative (Art.27)
    assert suggested(conditions.check(ctx)) == ["gdpr-third-country-transfers", "gdpr-withdraw-consent"]
