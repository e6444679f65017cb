"""The disclosure check: every revision discloses, in every language, what the law required while it was in force."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from policy_site.checks import CheckContext
from policy_site.checks.disclosures import check, checklist
from policy_site.findings import Finding
from policy_site.model.revisions import Corpus, load_revisions

DOCS = Path(__file__).resolve().parent.parent / "docs"
TODAY = dt.date(2026, 11, 27)
LANGS = ["ja", "en"]
ADDED_IN_2022 = {"appi-operator-address", "appi-representative-name", "appi-provision-record-disclosure",
                 "appi-security-measures"}


def context(corpus: Corpus, **settings) -> CheckContext:
    settings.setdefault("today", TODAY)
    return CheckContext(corpus=corpus, languages=LANGS, controlling_language="ja", **settings)


def keyed(findings: list[Finding]) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.lang, f.severity) for f in findings}


# --- the real content in docs/ -------------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> Corpus:
    corpus = load_revisions(DOCS, LANGS)
    assert corpus.findings == [] and [r.name for r in corpus.revisions] == ["2016-06-01", "2022-04-01"]
    return corpus


def test_2016_revision_still_in_force_lacks_exactly_what_the_2022_amendment_added(real):
    alone = Corpus(real.root, [real.get("2016-06-01")], [])
    findings = check(context(alone, applies=["appi-representative-name"]))
    assert keyed(findings) == {(rule, lang, "error") for rule in ADDED_IN_2022 for lang in LANGS}
    address = next(f for f in findings if f.rule == "appi-operator-address" and f.lang == "en")
    assert (address.file, address.line, address.revision) == ("docs/2016-06-01/en/index.md", 1, "2016-06-01")
    assert address.citation == "APPI Art.32(1)(i)"  # the era in force when the requirement started
    assert "required from 2022-04-01" in address.message and "until further notice" in address.message


def test_2016_revision_superseded_on_2022_04_01_and_2022_revision_pass(real):
    findings = check(context(real, applies=["appi-representative-name"]))
    assert findings == []


def test_checklist_of_the_2022_revision_shows_where_each_item_is(real):
    items = {i.rule: i for i in checklist(context(real, applies=["appi-representative-name"]),
                                           real.get("2022-04-01"), "en")}
    assert set(items) == {"appi-operator-name", "appi-operator-address", "appi-representative-name",
                          "appi-purposes-of-use", "appi-request-procedures", "appi-provision-record-disclosure",
                          "appi-security-measures", "appi-complaint-contact", "appi-purposes-published"}
    assert all(i.status == "met" for i in items.values())
    address = items["appi-operator-address"]
    assert (address.document, address.section_id, address.citation) == ("index", "operator", "APPI Art.32(1)(i)")
    assert address.label == "Address of the business operator"
    assert not items["appi-complaint-contact"].uncertain  # confirmed (issue #15)


def test_checklist_of_the_2016_revision_lists_the_eras_it_lived_through(real):
    items = {i.rule: i for i in checklist(context(real), real.get("2016-06-01"), "ja")}
    assert "appi-security-measures" not in items  # required only after it was superseded
    operator = items["appi-operator-name"]
    assert (operator.label, operator.citation, operator.section_title) == \
        ("個人情報取扱事業者の氏名又は名称", "法第24条第1項第1号", "1. 個人情報取扱事業者の名称")
    assert [c for _, c in operator.eras] == ["法第24条第1項第1号", "法第27条第1項第1号"]  # citation_ja
    assert operator.citation_lang == "ja"
    english = {i.rule: i for i in checklist(context(real), real.get("2016-06-01"), "en")}["appi-operator-name"]
    assert [c for _, c in english.eras] == ["APPI Art.24(1)(i)", "APPI Art.27(1)(i)"]


def test_checklist_of_a_revision_in_force_marks_what_is_missing(real):
    alone = Corpus(real.root, [real.get("2016-06-01")], [])
    items = checklist(context(alone), alone.revisions[0], "en")
    assert {i.rule for i in items if i.status == "missing"} == ADDED_IN_2022 - {"appi-representative-name"}


# --- small sites written per test ----------------------------------------------------------

SECTIONS = {
    "operator": {
        "ja": '### 事業者 {#operator data-disclosure="appi-operator-name"}\n\n株式会社エグザンプル',
        "en": '### Operator {#operator data-disclosure="appi-operator-name"}\n\nExample Corporation'},
    "address": {
        "ja": '### 住所 {#address data-disclosure="appi-operator-address"}\n\n〒100-0001 東京都千代田区千代田1-1',
        "en": '### Address {#address data-disclosure="appi-operator-address"}\n\n1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001, Japan'},
    "purposes": {
        "ja": '### 利用目的 {#purposes data-disclosure="appi-purposes-of-use"}\n\n1. サービスの提供のため',
        "en": '### Purposes {#purposes data-disclosure="appi-purposes-of-use"}\n\n1. To provide our services'},
    "published": {
        "ja": '### 取得する個人情報の利用目的 {#published data-disclosure="appi-purposes-published"}\n\n'
              '当社は、お客様の個人情報を上記の目的のために取得します。',
        "en": '### Purposes of acquiring personal information {#published data-disclosure="appi-purposes-published"}\n\n'
              'We acquire your personal information for the purposes above.'},
    "security": {
        "ja": '### 安全管理措置 {#security data-disclosure="appi-security-measures"}\n\n'
              '- 組織的安全管理措置：個人データの取扱いの責任者を置き、取扱状況を毎年点検しています。\n'
              '- 技術的安全管理措置：アクセス制御を行い、通信を暗号化しています。\n'
              '- 外的環境の把握：個人データは日本国内においてのみ保管しています。',
        "en": '### Security {#security data-disclosure="appi-security-measures"}\n\n'
              '- Organizational measures: we appointed a manager for personal data and review its handling every year.\n'
              '- Technical measures: we control access to the systems that hold personal data and encrypt traffic.\n'
              '- External environment: personal data is stored only in Japan.'},
    "requests": {
        "ja": '### 開示等の請求 {#requests data-disclosure="appi-request-procedures appi-provision-record-disclosure"}\n\n'
              '第三者提供記録の開示を含む請求は privacy@example.com までご連絡ください。本人確認の方法をご案内します。',
        "en": '### Requests {#requests data-disclosure="appi-request-procedures appi-provision-record-disclosure"}\n\n'
              'Send requests, including for records of provision to third parties, to privacy@example.com. '
              'We verify your identity before we answer.'},
    "complaints": {
        "ja": '### 苦情の申出先 {#complaints data-disclosure="appi-complaint-contact"}\n\nお客様窓口　電話：03-1234-5678',
        "en": '### Complaints {#complaints data-disclosure="appi-complaint-contact"}\n\nCustomer desk, phone: 03-1234-5678'},
}


def policy(lang: str, **replace: str | None) -> str:
    """A privacy policy meeting every unconditional APPI requirement; `key=None` leaves a section out."""
    parts = ["# プライバシーポリシー" if lang == "ja" else "# Privacy Policy"]
    for key, texts in SECTIONS.items():
        text = replace.get(key, texts[lang])
        if text is not None:
            parts.append(textwrap.dedent(text).strip())
    parts += [textwrap.dedent(v).strip() for k, v in replace.items() if k not in SECTIONS and v]
    return "\n\n".join(parts) + "\n"


def site(root: Path, revisions: dict[str, dict[str, str]]) -> Corpus:
    """docs/<date>/<lang>/<doc>.md from {date: {"<lang>" or "<lang>/<doc>": text}}."""
    for name, files in revisions.items():
        folder = root / "docs" / name
        folder.mkdir(parents=True)
        (folder / "revision.yml").write_text("summary: {ja: 改定, en: Revised}\n", encoding="utf-8")
        for key, text in files.items():
            lang, _, doc = key.partition("/")
            (folder / lang).mkdir(exist_ok=True)
            (folder / lang / f"{doc or 'index'}.md").write_text(text, encoding="utf-8")
    corpus = load_revisions(root / "docs", LANGS)
    assert corpus.findings == []
    return corpus


def both(**replace: str | None) -> dict[str, str]:
    return {"ja": policy("ja", **replace), "en": policy("en", **replace)}


def line_of(text: str, needle: str) -> int:
    return next(n for n, ln in enumerate(text.split("\n"), 1) if needle in ln)


def test_the_complete_fixture_passes(tmp_path):
    assert check(context(site(tmp_path, {"2022-04-01": both()}))) == []


# --- each way a disclosure can be missing, or only look present ---------------------------

def test_a_declared_heading_with_an_empty_section_does_not_count(tmp_path):
    empty = {"ja": '### 住所 {#address data-disclosure="appi-operator-address"}\n\n<!-- TODO -->',
             "en": '### Address {#address data-disclosure="appi-operator-address"}\n\n#### Head office {#head-office}'}
    texts = {lang: policy(lang, address=empty[lang]) for lang in LANGS}
    findings = check(context(site(tmp_path, {"2022-04-01": texts})))
    assert keyed(findings) == {("appi-operator-address", "ja", "error"), ("appi-operator-address", "en", "error")}
    ja = next(f for f in findings if f.lang == "ja")
    assert (ja.file, ja.line) == ("docs/2022-04-01/ja/index.md", line_of(texts["ja"], "{#address"))
    assert "the section “住所” declares it but has no text under it" in ja.message


def test_a_contact_requirement_needs_a_way_to_reach_the_desk(tmp_path):
    no_channel = '### Requests {#requests data-disclosure="appi-request-procedures appi-provision-record-disclosure"}\n\n' \
                 'Please ask our support desk; we answer within two weeks.'
    findings = check(context(site(tmp_path, {"2022-04-01": {"ja": policy("ja"), "en": policy("en", requests=no_channel)}})))
    assert keyed(findings) == {("appi-request-procedures", "en", "error")}
    assert "no e-mail address, phone number, URL or postal address" in findings[0].message
    assert findings[0].hint.startswith("add at least one way to reach the desk")


@pytest.mark.parametrize("channel", [
    "desk@example.com", "0120-123-456", "+1 (800) 555-0100", "https://example.com/contact",
    "[お問い合わせフォーム](https://example.com/form)", "〒100-0001 東京都千代田区千代田1-1", "０３－１２３４－５６７８",
])
def test_any_one_channel_is_enough_for_a_contact_requirement(tmp_path, channel):
    complaints = f'### 苦情 {{#complaints data-disclosure="appi-complaint-contact"}}\n\n窓口：{channel}'
    corpus = site(tmp_path, {"2022-04-01": {"ja": policy("ja", complaints=complaints), "en": policy("en")}})
    assert check(context(corpus)) == []


def test_an_address_requirement_needs_an_address(tmp_path):
    vague = '### 住所 {#address data-disclosure="appi-operator-address"}\n\n本社の所在地はお問い合わせください（日本語で対応）。'
    findings = check(context(site(tmp_path, {"2022-04-01": {"ja": policy("ja", address=vague), "en": policy("en")}})))
    assert keyed(findings) == {("appi-operator-address", "ja", "error")}
    assert "gives no address (no postal code, prefecture or country)" in findings[0].message


@pytest.mark.parametrize("address", ["大阪府大阪市北区梅田1-1", "〒530-0001", "Zeil 1, Frankfurt, Germany"])
def test_a_prefecture_a_postal_code_or_a_country_makes_an_address(tmp_path, address):
    text = f'### 住所 {{#address data-disclosure="appi-operator-address"}}\n\n{address}'
    assert check(context(site(tmp_path, {"2022-04-01": {"ja": policy("ja", address=text), "en": policy("en")}}))) == []


def test_each_language_is_checked_on_its_own(tmp_path):
    texts = {"ja": policy("ja"), "en": policy("en", security=None)}
    findings = check(context(site(tmp_path, {"2022-04-01": texts})))
    assert keyed(findings) == {("appi-security-measures", "en", "error")}
    message, hint = findings[0].message, findings[0].hint
    assert f"(the ja text does, at docs/2022-04-01/ja/index.md:{line_of(texts['ja'], '{#security')})" in message
    assert hint == 'translate that section into en and put data-disclosure="appi-security-measures" on its en heading'
    assert (findings[0].file, findings[0].line) == ("docs/2022-04-01/en/index.md", 1)


def test_a_finding_says_what_to_write_in_the_language_of_the_text_it_is_about(tmp_path):
    texts = both(security=None)
    findings = {f.lang: f for f in check(context(site(tmp_path, {"2022-04-01": texts})))}
    assert set(findings) == {"ja", "en"} and {f.rule for f in findings.values()} == {"appi-security-measures"}
    declare = ('add data-disclosure="appi-security-measures" to the heading of the section that gives it, '
               'e.g. `### … {#security-measures data-disclosure="appi-security-measures"}`, and write under it: ')
    assert findings["ja"].hint == declare + (
        "基本方針の策定、個人データの取扱いに係る規律の整備、組織的・人的・物理的・技術的安全管理措置及び外的環境の把握"
        "（外国のクラウドサーバ、海外の委託先やグループ会社等、外国で個人データを取り扱う場合はその国名）を具体的に記載する。『ガイドラインに従う』とだけ書くのでは足りない。"
        "公表により安全管理に支障を及ぼすおそれのある事項は記載しなくてよい。")
    assert findings["en"].hint.startswith(declare + "the basic policy, internal rules, and the organizational")
    assert findings["ja"].message == findings["en"].message.replace("the en text", "the ja text")


def test_a_shortfall_finding_says_what_to_write_in_its_language(tmp_path):
    vague = '### 住所 {#address data-disclosure="appi-operator-address"}\n\n本社の所在地はお問い合わせください。'
    findings = check(context(site(tmp_path, {"2022-04-01": {"ja": policy("ja", address=vague), "en": policy("en")}})))
    assert keyed(findings) == {("appi-operator-address", "ja", "error")}
    assert findings[0].hint == ("write the postal address (with the postal code, the prefecture, or the country for an "
                                "operator abroad): 個人情報取扱事業者の住所（法人は本店又は主たる事務所の所在地）を"
                                "記載する。郵便番号は必須ではないが、記載することが望ましい。外国にある事業者は国名も記載する。")


def test_a_site_rule_with_an_english_hint_only_gives_it_in_japanese_findings_too(tmp_path):
    rules = tmp_path / "company-rules.yml"
    rules.write_text("- id: company-cookies\n  label_en: Use of cookies\n  required_from: 2022-04-01\n"
                     "  hint: which cookies are set\n", encoding="utf-8")
    findings = check(context(site(tmp_path, {"2022-04-01": both()}), rule_files=[rules]))
    assert keyed(findings) == {("company-cookies", "ja", "error"), ("company-cookies", "en", "error")}
    assert all(f.hint.endswith("and write under it: which cookies are set") for f in findings)


def test_a_misspelt_rule_id_is_an_error_and_never_counts(tmp_path):
    typo = '### Address {#address data-disclosure="appi-operator-adress"}\n\nTokyo 100-0001, Japan'
    texts = {"ja": policy("ja"), "en": policy("en", address=typo)}
    findings = check(context(site(tmp_path, {"2022-04-01": texts})))
    assert keyed(findings) == {("unknown-disclosure", "en", "error"), ("appi-operator-address", "en", "error")}
    unknown = next(f for f in findings if f.rule == "unknown-disclosure")
    assert (unknown.file, unknown.line) == ("docs/2022-04-01/en/index.md", line_of(texts["en"], "{#address"))
    assert "`appi-operator-adress`, which is no known rule id" in unknown.message
    assert unknown.hint.startswith("did you mean `appi-operator-address`?")


def test_a_declaration_inside_a_fenced_code_block_does_not_count(tmp_path):
    """MkDocs always enables fenced_code, so ``` is a code block on every site (a site read
    without it is in test_structure.py: there the heading counts)."""
    fenced = ('An example of how to declare it:\n\n```markdown\n'
              '### Address {#address data-disclosure="appi-operator-address"}\n\n'
              '1-1 Chiyoda, Tokyo 100-0001, Japan\n```')
    texts = {"ja": policy("ja"), "en": policy("en", address=None, example=fenced)}
    findings = check(context(site(tmp_path, {"2022-04-01": texts})))
    assert keyed(findings) == {("appi-operator-address", "en", "error")}
    assert "no section declares it" in findings[0].message


def test_a_declaration_on_a_heading_without_id_points_at_that_heading(tmp_path):
    no_id = '### Address {data-disclosure="appi-operator-address"}\n\nTokyo 100-0001, Japan'
    texts = {"ja": policy("ja"), "en": policy("en", address=no_id)}
    findings = check(context(site(tmp_path, {"2022-04-01": texts})))
    assert keyed(findings) == {("appi-operator-address", "en", "error")}
    assert findings[0].line == line_of(texts["en"], "### Address")
    assert "the heading “Address” declares it but has no id" in findings[0].message


def test_a_declaration_in_another_document_of_the_revision_counts(tmp_path):
    security = {lang: SECTIONS["security"][lang].replace("###", "##") for lang in LANGS}
    files = {"ja": policy("ja", security=None), "en": policy("en", security=None),
             "ja/security": "# 安全管理措置\n\n" + security["ja"] + "\n",
             "en/security": "# Security\n\n" + security["en"] + "\n"}
    assert check(context(site(tmp_path, {"2022-04-01": files}))) == []


# --- when a requirement applies, and how severe a gap is -------------------------------------

@pytest.mark.parametrize(("today", "citation"), [
    ("2017-05-29", "APPI Art.24(1)(ii)"),
    ("2017-05-30", "APPI Art.27(1)(ii)"),
    ("2022-03-31", "APPI Art.27(1)(ii)"),
    ("2022-04-01", "APPI Art.32(1)(ii)"),
    ("2026-11-27", "APPI Art.32(1)(ii)"),
])
def test_a_revision_in_force_is_told_the_article_in_force_today(tmp_path, today, citation):
    findings = check(context(site(tmp_path, {"2016-06-01": both(purposes=None)}), today=dt.date.fromisoformat(today)))
    assert {f.citation for f in findings if f.rule == "appi-purposes-of-use"} == {citation}


def test_a_revision_in_force_since_2020_is_told_todays_numbering_not_that_of_2020(tmp_path):
    texts = both(requests=None)
    findings = check(context(site(tmp_path, {"2020-06-01": texts})))
    assert {f.citation for f in findings if f.rule == "appi-request-procedures"} == {"APPI Art.32(1)(iii), Cabinet Order Art.12"}


def test_a_superseded_revision_is_told_the_numbering_of_its_own_period(tmp_path):
    corpus = site(tmp_path, {"2016-06-01": both(purposes=None), "2017-01-01": both(purposes=None),
                             "2023-01-01": both()})
    cited = {f.revision: f.citation for f in check(context(corpus)) if f.rule == "appi-purposes-of-use"}
    assert cited == {
        "2016-06-01": "APPI Art.24(1)(ii)",
        "2017-01-01": "APPI Art.24(1)(ii) (2017-01-01 to 2017-05-29); APPI Art.27(1)(ii) (2017-05-30 to 2022-03-31); "
                      "APPI Art.32(1)(ii) (2022-04-01 to 2022-12-31)"}


def test_an_upcoming_revision_is_told_the_numbering_of_the_day_it_takes_effect(tmp_path):
    corpus = site(tmp_path, {"2016-06-01": both(), "2017-05-30": both(purposes=None)})
    findings = check(context(corpus, today=dt.date(2017, 1, 1)))
    assert {f.citation for f in findings if f.rule == "appi-purposes-of-use"} == {"APPI Art.27(1)(ii)"}


def test_requirements_starting_2022_04_01_apply_to_a_revision_in_force_that_day(tmp_path):
    old = both(address=None, security=None)
    corpus = site(tmp_path, {"2022-03-31": old})
    assert {f.rule for f in check(context(corpus))} == {"appi-operator-address", "appi-security-measures"}


def test_requirements_starting_2022_04_01_spare_a_revision_superseded_that_day(tmp_path):
    corpus = site(tmp_path, {"2022-03-31": both(address=None, security=None), "2022-04-01": both()})
    assert check(context(corpus)) == []


def test_a_gap_in_a_superseded_revision_is_a_warning_saying_when(tmp_path):
    corpus = site(tmp_path, {"2016-06-01": both(purposes=None), "2022-04-01": both()})
    findings = check(context(corpus))
    assert keyed(findings) == {("appi-purposes-of-use", "ja", "warning"), ("appi-purposes-of-use", "en", "warning")}
    assert "so it did not comply from 2016-06-01 to 2022-03-31" in findings[0].message
    assert findings[0].hint.startswith("published history stays as it is")


def test_a_gap_in_an_upcoming_revision_is_an_error(tmp_path):
    corpus = site(tmp_path, {"2022-04-01": both(), "2027-01-01": both(purposes=None)})
    findings = check(context(corpus))
    assert keyed(findings) == {("appi-purposes-of-use", "ja", "error"), ("appi-purposes-of-use", "en", "error")}
    assert "this revision takes effect on 2027-01-01" in findings[0].message
    assert all(f.revision == "2027-01-01" for f in findings)


def test_a_requirement_starting_after_today_is_a_warning_naming_its_start(tmp_path):
    rules = tmp_path / "company-rules.yml"
    rules.write_text("- id: company-cookies\n  label_en: Use of cookies\n  label_ja: クッキーの利用\n"
                     "  required_from: 2027-04-01\n  hint: which cookies are set\n", encoding="utf-8")
    corpus = site(tmp_path, {"2022-04-01": both()})
    findings = check(context(corpus, rule_files=[rules]))
    assert keyed(findings) == {("company-cookies", "ja", "warning"), ("company-cookies", "en", "warning")}
    assert "it is required from 2027-04-01" in findings[0].message
    assert findings[0].hint.startswith("before 2027-04-01, publish a revision that discloses it")
    later = check(context(corpus, rule_files=[rules], today=dt.date(2027, 4, 1)))
    assert keyed(later) == {("company-cookies", "ja", "error"), ("company-cookies", "en", "error")}


def test_conditional_requirements_are_checked_only_when_declared(tmp_path):
    corpus = site(tmp_path, {"2022-04-01": both()})
    assert check(context(corpus)) == []
    declared = check(context(corpus, applies=["appi-fees", "appi-representative-name"]))
    assert {f.rule for f in declared} == {"appi-fees", "appi-representative-name"}
    assert all(f.severity == "error" for f in declared)


def test_a_downgraded_requirement_is_a_warning_carrying_the_reason(tmp_path):
    reason = "answered on request without delay (PPC guideline 3-8-1 *1)"
    corpus = site(tmp_path, {"2022-04-01": both(security=None)})
    findings = check(context(corpus, downgrade={"appi-security-measures": reason}))
    assert keyed(findings) == {("appi-security-measures", "ja", "warning"), ("appi-security-measures", "en", "warning")}
    assert all(f"reported as a warning by `downgrade` in mkdocs.yml: {reason}" in f.notes for f in findings)


def test_a_finding_about_an_uncertain_rule_says_so(tmp_path):
    rules = tmp_path / "company-rules.yml"
    rules.write_text("- id: company-fax\n  label_en: Fax number\n  required_from: 2022-04-01\n  uncertain: true\n"
                     "  uncertain_why: The company rule book of 2021 was not found. Ask the archive.\n", encoding="utf-8")
    findings = check(context(site(tmp_path, {"2022-04-01": both()}), rule_files=[rules]))
    assert keyed(findings) == {("company-fax", "ja", "error"), ("company-fax", "en", "error")}
    note = findings[0].notes[0]
    assert note == "the rule data for `company-fax` is marked uncertain: The company rule book of 2021 was not found."
    assert len(note) < 260


def test_unknown_rule_ids_in_the_settings_are_reported(tmp_path):
    findings = check(context(site(tmp_path, {"2022-04-01": both()}), applies=["appi-joint-usage"]))
    assert [(f.rule, f.severity, f.file) for f in findings] == [("unknown-rule", "error", "mkdocs.yml")]
    assert "did you mean `appi-joint-use`?" in findings[0].hint


def test_a_broken_site_rule_file_is_a_finding_and_the_law_is_still_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    broken = tmp_path / "company-rules.yml"
    broken.write_text("- id: company-cookies\n  label_en: Cookies\n  required_from: 2024-02-30\n", encoding="utf-8")
    findings = check(context(site(tmp_path, {"2022-04-01": both(purposes=None)}), rule_files=[broken]))
    invalid = next(f for f in findings if f.rule == "invalid-rule-file")
    assert (invalid.file, invalid.line, invalid.severity) == ("company-rules.yml", 3, "error")
    assert {f.rule for f in findings} == {"invalid-rule-file", "appi-purposes-of-use"}


def test_a_site_rule_is_checked_like_the_laws_own(tmp_path):
    rules = tmp_path / "company-rules.yml"
    rules.write_text("law: company\nrules:\n  - id: company-cookies\n    label_en: Use of cookies\n"
                     "    required_from: 2020-01-01\n", encoding="utf-8")
    cookies = {"ja": '### クッキー {#cookies data-disclosure="company-cookies"}\n\n当社はクッキーを使用します。',
               "en": '### Cookies {#cookies data-disclosure="company-cookies"}\n\nWe use cookies.'}
    with_section = {lang: policy(lang, cookies=cookies[lang]) for lang in LANGS}
    assert check(context(site(tmp_path / "a", {"2022-04-01": with_section}), rule_files=[rules])) == []
    without = check(context(site(tmp_path / "b", {"2022-04-01": both()}), rule_files=[rules]))
    assert keyed(without) == {("company-cookies", "ja", "error"), ("company-cookies", "en", "error")}


def test_a_rule_of_a_law_not_checked_is_no_typo(tmp_path):
    gdpr = {"ja": '### 監督機関 {#authority data-disclosure="gdpr-complaint-authority"}\n\n監督機関に苦情を申し立てることができます。',
            "en": '### Authority {#authority data-disclosure="gdpr-complaint-authority"}\n\nYou may complain to the authority.'}
    corpus = site(tmp_path, {"2022-04-01": {lang: policy(lang, authority=gdpr[lang]) for lang in LANGS}})
    assert check(context(corpus)) == []


def test_only_reports_on_the_revisions_asked_for(tmp_path):
    corpus = site(tmp_path, {"2022-04-01": both(purposes=None), "2023-04-01": both(security=None)})
    findings = check(context(corpus, only=["2023-04-01"]))
    assert {(f.rule, f.revision) for f in findings} == {("appi-security-measures", "2023-04-01")}


def test_a_typo_in_a_superseded_revision_is_a_warning(tmp_path):
    typo = '### Purposes {#purposes data-disclosure="appi-purpose-of-use"}\n\n1. To provide our services'
    corpus = site(tmp_path, {"2022-04-01": {"ja": policy("ja"), "en": policy("en", purposes=typo)},
                             "2023-04-01": both()})
    assert keyed(check(context(corpus))) == {("unknown-disclosure", "en", "warning"),
                                             ("appi-purposes-of-use", "en", "warning")}


# --- CCPA items that are not only a section ---------------------------------------------------

def test_a_date_requirement_needs_a_date(tmp_path):
    updated = {"ja": '### 最終更新日 {#updated data-disclosure="ccpa-date-last-updated"}\n\n最終更新日：2024年4月1日',
               "en": '### Last updated {#updated data-disclosure="ccpa-date-last-updated"}\n\nRecently.'}
    corpus = site(tmp_path, {"2024-04-01": {lang: policy(lang, updated=updated[lang]) for lang in LANGS}})
    findings = [f for f in check(context(corpus, laws=["appi", "ccpa"], today=dt.date(2024, 5, 1)))
                if f.rule == "ccpa-date-last-updated"]
    assert keyed(findings) == {("ccpa-date-last-updated", "en", "error")}
    assert "gives no date" in findings[0].message


def test_a_ccpa_policy_must_be_revised_every_12_months(tmp_path):
    corpus = site(tmp_path, {"2023-04-01": both(), "2024-04-01": both(), "2025-06-01": both()})
    def overdue(today: dt.date) -> list[Finding]:
        return [f for f in check(context(corpus, laws=["ccpa"], today=today)) if f.rule == "ccpa-annual-update"]
    late = overdue(dt.date(2025, 7, 1))
    assert [(f.revision, f.severity) for f in late] == [("2024-04-01", "warning")]
    assert "no new revision took effect from 2025-04-02 to 2025-05-31" in late[0].message
    assert late[0].file == "docs/2024-04-01/revision.yml"
    assert overdue(dt.date(2026, 5, 1)) == late  # more than 30 days before the next review is due
    soon = overdue(dt.date(2026, 6, 1))
    assert [(f.revision, f.severity) for f in soon] == [("2024-04-01", "warning"), ("2025-06-01", "warning")]
    now = overdue(dt.date(2026, 6, 2))
    assert [(f.revision, f.severity) for f in now] == [("2024-04-01", "warning"), ("2025-06-01", "error")]
    assert "a reviewed revision was due to take effect by 2026-06-01, and none has" in now[1].message


def test_a_next_revision_scheduled_too_late_is_a_warning_before_it_is_late(tmp_path):
    corpus = site(tmp_path, {"2025-06-01": both(), "2026-07-01": both()})
    findings = [f for f in check(context(corpus, laws=["ccpa"], today=dt.date(2026, 5, 1)))
                if f.rule == "ccpa-annual-update"]
    assert [(f.revision, f.severity) for f in findings] == [("2025-06-01", "warning")]
    assert "the next revision takes effect on 2026-07-01" in findings[0].message
    assert findings[0].hint == "bring the next revision's effective date forward to 2026-06-01 at the latest"
