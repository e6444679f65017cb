"""A disclosure is proven by its text: each evidence kind, in Japanese and in English,
and contact details found by following a reference to another section."""

from __future__ import annotations

import pytest
from test_disclosures import both, check, context, keyed, policy, site

from policy_site.facts.evidence import gives, lacking, vocabulary
from policy_site.rules import load_rules


def heading(lang: str, ident: str, rules: str, title: str | None = None) -> str:
    title = title or ident.capitalize()
    return f'### {title} {{#{ident} data-disclosure="{rules}"}}'


def findings_for(tmp_path, lang: str, applies: list[str] | None = None, **replace: str):
    texts = {"ja": policy("ja"), "en": policy("en")}
    texts[lang] = policy(lang, **replace)
    findings = check(context(site(tmp_path, {"2022-04-01": texts}), applies=applies or []))
    return [f for f in findings if f.lang == lang]  # the other language lacks the extra section


# --- the vocabulary is data ----------------------------------------------------------

def test_every_evidence_kind_a_rule_names_is_in_the_vocabulary_with_labels_in_both_languages() -> None:
    kinds = vocabulary()
    for law in ("appi", "gdpr", "ccpa"):
        for req in load_rules([law]):
            for kind in req.evidence_kinds:
                assert kind in ("contact", "address", "date") or kind in kinds, (req.id, kind)
    for kind in kinds.values():
        assert kind.label("ja") != kind.label("en"), kind.name


def test_an_unknown_evidence_kind_in_a_site_rule_file_is_a_finding(tmp_path) -> None:
    rules = tmp_path / "company.yml"
    rules.write_text("- id: company-x\n  label_en: X\n  required_from: 2022-04-01\n  evidence: [fees]\n")
    findings = check(context(site(tmp_path, {"2022-04-01": both()}), rule_files=[rules]))
    (bad,) = [f for f in findings if f.rule == "invalid-rule-file"]
    assert "unknown evidence kind `fees`" in bad.message and "did you mean `fee`?" in bad.hint


# --- representative ------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "代表取締役 山田 太郎"), ("ja", "代表者：代表取締役社長　鈴木一郎"), ("ja", "代表社員 佐藤花子"),
    ("ja", "代表理事　高橋健"), ("en", "Representative Director Taro Yamada"), ("en", "CEO: Jane Doe"),
    ("en", "Jane Doe, President"), ("en", "Managing Director Hans Müller"),
    ("en", "Representative (illustrative): Representative Member Taro Reiji"),
])
def test_a_name_after_a_title_names_the_representative(lang: str, text: str) -> None:
    assert gives("representative", text, lang)


@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "代表者の氏名は本社にお問い合わせください。"), ("ja", "代表取締役"), ("ja", "代表者：代表取締役"),
    ("en", "Our representative director can be reached at the head office."), ("en", "The CEO"),
])
def test_a_title_without_a_name_is_no_representative(lang: str, text: str) -> None:
    assert not gives("representative", text, lang)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_representative_name_without_a_name_is_reported_with_what_is_missing(tmp_path, lang: str) -> None:
    body = "当社の代表者です。" if lang == "ja" else "Our representative."
    operator = f'{heading(lang, "operator", "appi-operator-name appi-representative-name")}\n\nExample Co.\n\n{body}'
    findings = findings_for(tmp_path, lang, ["appi-representative-name"], operator=operator)
    assert keyed(findings) == {("appi-representative-name", lang, "error")}
    assert "lacks the name of a person after their title" in findings[0].message
    label = vocabulary()["representative"].label(lang)
    assert findings[0].hint.startswith(f"write {label}")


# --- fee ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "ok"), [
    ("ja", "開示の請求には手数料として1件あたり1,000円を申し受けます。", True),
    ("ja", "手数料は無料です。", True),
    ("ja", "開示の請求について、手数料はいただきません。", True),
    ("ja", "手数料を申し受けます。詳しくはお問い合わせください。", False),
    ("en", "A fee of 1,000 yen is charged per request.", True),
    ("en", "Requests are free of charge.", True),
    ("en", "We charge no fee for requests.", True),
    ("en", "A fee is charged; ask us for the amount.", False),
])
def test_a_fee_section_needs_an_amount_or_free_of_charge(tmp_path, lang: str, text: str, ok: bool) -> None:
    fees = f'{heading(lang, "fees", "appi-fees")}\n\n{text}'
    findings = findings_for(tmp_path, lang, ["appi-fees"], fees=fees)
    assert keyed(findings) == (set() if ok else {("appi-fees", lang, "error")})
    if not ok:
        assert "lacks the amount of the fee, or a statement that requests are free of charge" in findings[0].message


# --- country ------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text", "ok"), [
    ("ja", "個人データはシンガポールのサーバで保管しています。", True),
    ("ja", "個人データは米国のクラウドで保管しています。", True),
    ("ja", "個人データは日本国内においてのみ取り扱います。", True),
    ("ja", "個人データは外国のサーバで保管することがあります。", False),
    ("en", "Personal data is stored on servers in Singapore.", True),
    ("en", "Personal data is handled only in Japan.", True),
    ("en", "Personal data may be stored on servers abroad.", False),
])
def test_foreign_transfer_information_needs_a_country_or_home_country_only(tmp_path, lang, text, ok) -> None:
    section = f'{heading(lang, "abroad", "appi-foreign-transfer-information")}\n\n{text}'
    findings = findings_for(tmp_path, lang, ["appi-foreign-transfer-information"], abroad=section)
    assert keyed(findings) == (set() if ok else {("appi-foreign-transfer-information", lang, "error")})


# --- security measures ---------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "当社はガイドラインに従い、適切な安全管理措置を講じます。個人データは日本国内で保管しています。"),
    ("en", "We follow the guidelines and take appropriate security measures. Data is stored only in Japan."),
])
def test_security_measures_need_the_measures_themselves(tmp_path, lang: str, text: str) -> None:
    security = f'{heading(lang, "security", "appi-security-measures")}\n\n{text}'
    findings = findings_for(tmp_path, lang, security=security)
    assert keyed(findings) == {("appi-security-measures", lang, "error")}
    assert "lacks the measures themselves" in findings[0].message


@pytest.mark.parametrize("text", [
    "The Company has appointed a person responsible for personal data and has set handling rules. It trains its "
    "employees twice a year, restricts entry to the areas where records are kept, limits access to authorized "
    "persons and encrypts communications.",
])
def test_security_measures_in_plain_english_sentences_count(tmp_path, text: str) -> None:
    """The measures as a list of plain sentences ("trains", "restricts entry", "encrypts"), not their names."""
    security = f'{heading("en", "security", "appi-security-measures")}\n\n{text}'
    assert findings_for(tmp_path, "en", security=security) == []


_MEASURES = {
    "ja": "当社は、個人データの取扱いに関する基本方針と取扱規程を定め、従業者に年2回の研修を行います。"
          "執務室の入退室を管理し、個人データを扱う端末にはアクセス制御と暗号化を施しています。",
    "en": "We have adopted a basic policy and internal rules for handling personal data, and train our staff twice a "
          "year. Entry to our offices is controlled, and the computers that handle personal data use access control "
          "and encryption.",
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_domestic_operator_need_not_say_where_data_is_handled(tmp_path, lang: str) -> None:
    """The external environment (the country) is asked only of data handled abroad (PPC-GL 3-8-1)."""
    security = f'{heading(lang, "security", "appi-security-measures")}\n\n{_MEASURES[lang]}'
    assert keyed(findings_for(tmp_path, lang, security=security)) == set()


@pytest.mark.parametrize(("lang", "where", "ok"), [
    ("ja", "個人データは米国のクラウドサーバで保管しており、同国の制度を把握した上で上記の措置を講じています。", True),
    ("ja", "個人データは外国のクラウドサーバで保管することがあります。", False),
    ("en", "Personal data is stored on cloud servers in the United States, and the measures above take account of "
           "its data protection system.", True),
    ("en", "Personal data may be stored on cloud servers abroad.", False),
])
def test_data_handled_abroad_must_name_the_country(tmp_path, lang: str, where: str, ok: bool) -> None:
    rules = "appi-security-measures appi-security-foreign-environment"
    security = f'{heading(lang, "security", rules)}\n\n{_MEASURES[lang]}\n\n{where}'
    findings = findings_for(tmp_path, lang, ["appi-security-foreign-environment"], security=security)
    assert keyed(findings) == (set() if ok else {("appi-security-foreign-environment", lang, "error")})
    if not ok:
        assert "lacks the name of the country where the data is handled" in findings[0].message


# --- request procedure ---------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "第三者提供記録の開示を含む請求は privacy@example.com までご連絡ください。"),
    ("en", "Requests, including for records of provision to third parties: privacy@example.com."),
])
def test_a_request_procedure_is_more_than_an_e_mail_address(tmp_path, lang: str, text: str) -> None:
    requests = f'{heading(lang, "requests", "appi-request-procedures appi-provision-record-disclosure")}\n\n{text}'
    findings = findings_for(tmp_path, lang, requests=requests)
    assert keyed(findings) == {("appi-request-procedures", lang, "error")}
    assert "lacks how a request is made" in findings[0].message
    assert findings[0].hint.startswith(f"write {vocabulary()['procedure'].label(lang)}")


def test_procedure_words_without_a_contact_are_not_enough() -> None:
    assert lacking(["procedure"], "本人確認の上、書面で回答します。", "ja") == ["contact"]
    assert lacking(["procedure"], "We verify your identity and answer in writing.", "en") == ["contact"]


# --- references to another section ----------------------------------------------------------

CONTACT = {
    "ja": "### 9. 苦情及び相談窓口 {#contact}\n\nお客様窓口　電話：03-1234-5678",
    "en": "### 9. Complaints and Questions {#contact}\n\nCustomer desk, phone: 03-1234-5678",
}


@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "苦情は[お問い合わせ窓口](#contact)までお申し出ください。"),
    ("ja", "苦情は下記「苦情及び相談窓口」までお申し出ください。"),
    ("en", "Send complaints to [our desk](#contact)."),
    ("en", "Send complaints to the desk under \"Complaints and Questions\" below."),
    ("en", "Send complaints to the desk under “9. Complaints and Questions” below."),
])
def test_contact_details_may_come_from_the_section_referred_to(tmp_path, lang: str, text: str) -> None:
    complaints = f'{heading(lang, "complaints", "appi-complaint-contact")}\n\n{text}'
    findings = findings_for(tmp_path, lang, complaints=complaints, contact=CONTACT[lang])
    assert findings == []


@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "苦情は下記「苦情及び相談窓口」までお申し出ください。"),
    ("en", "Send complaints to [our desk](#contact)."),
])
def test_a_reference_that_gives_no_contact_either_is_named_in_the_finding(tmp_path, lang: str, text: str) -> None:
    empty = CONTACT[lang].split("\n\n")[0] + "\n\n" + ("窓口でお受けします。" if lang == "ja" else "Our desk takes them.")
    complaints = f'{heading(lang, "complaints", "appi-complaint-contact")}\n\n{text}'
    findings = findings_for(tmp_path, lang, complaints=complaints, contact=empty)
    assert keyed(findings) == {("appi-complaint-contact", lang, "error")}
    title = "9. 苦情及び相談窓口" if lang == "ja" else "9. Complaints and Questions"
    assert f"(it refers to “{title}” (#contact), which does not give it either)" in findings[0].message


@pytest.mark.parametrize(("lang", "title", "text"), [
    ("ja", "第7条（お問い合わせ窓口）", "苦情は下記「お問い合わせ窓口」までお申し出ください。"),
    ("ja", "第七条 お問い合わせ窓口", "苦情は下記「お問い合わせ窓口」までお申し出ください。"),
    ("ja", "【お問い合わせ窓口】", "苦情は下記「お問い合わせ窓口」までお申し出ください。"),
    ("en", "Article 7 (Contact Desk)", "Send complaints to the \"Contact Desk\" below."),
])
def test_a_quoted_title_finds_a_numbered_or_bracketed_heading(tmp_path, lang: str, title: str, text: str) -> None:
    contact = f"### {title} {{#contact}}\n\n" + CONTACT[lang].split("\n\n")[1]
    complaints = f'{heading(lang, "complaints", "appi-complaint-contact")}\n\n{text}'
    assert findings_for(tmp_path, lang, complaints=complaints, contact=contact) == []


@pytest.mark.parametrize(("lang", "title", "text", "ok"), [
    ("ja", "第7条（お問い合わせ窓口）", "請求先：第7条（お問い合わせ窓口）に記載の窓口", True),
    ("en", "Article 7 (Contact Desk)", "Where to send it: the desk given in Article 7 (Contact Desk)", True),
    ("ja", "7. お問い合わせ窓口", "請求先は7. お問い合わせ窓口のとおりです。", True),
    ("ja", "第7条（お問い合わせ窓口）", "請求先は第7条をご覧ください。", False),  # a number alone is too little
    ("en", "Article 7 (Contact Desk)", "See Article 7.", False),
])
def test_a_numbered_title_cited_without_quotes_is_followed(tmp_path, lang: str, title: str, text: str,
                                                          ok: bool) -> None:
    contact = f"### {title} {{#contact}}\n\n" + CONTACT[lang].split("\n\n")[1]
    complaints = f'{heading(lang, "complaints", "appi-complaint-contact")}\n\n{text}'
    findings = findings_for(tmp_path, lang, complaints=complaints, contact=contact)
    assert (findings == []) is ok


_MANAGER = {  # the party responsible for joint use, whose address and representative another section gives
    "ja": "管理責任者：株式会社エグザンプル（住所及び代表者の氏名は、下記「事業者の名称等」をご覧ください。）",
    "en": "Manager: Example Corporation (for its address and representative, see \"Business Operator\" below)",
}
_OPERATOR = {
    "ja": "### 事業者の名称等 {#company}\n\n株式会社エグザンプル\n\n〒100-0001 東京都千代田区千代田1-1\n\n代表取締役 山田 太郎",
    "en": "### Business Operator {#company}\n\nExample Corporation\n\n1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001, Japan\n\n"
          "Representative Director Taro Yamada",
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_representative_may_come_from_the_section_referred_to(tmp_path, lang: str) -> None:
    """A joint-use table's manager cell that sends the reader to the operator's section for the
    address and the representative's name gives both; a section it does not refer to does not."""
    rule = "appi-joint-use-manager-address-representative"
    joint = f'{heading(lang, "joint", rule)}\n\n{_MANAGER[lang]}'
    assert findings_for(tmp_path / "a", lang, applies=[rule], joint=joint, company=_OPERATOR[lang]) == []
    unreferred = f'{heading(lang, "joint", rule)}\n\n{_MANAGER[lang].split("（")[0].split(" (")[0]}'
    findings = findings_for(tmp_path / "b", lang, applies=[rule], joint=unreferred, company=_OPERATOR[lang])
    assert keyed(findings) == {(rule, lang, "error")}


def test_a_reference_to_a_section_that_does_not_exist_does_not_count(tmp_path) -> None:
    complaints = f'{heading("en", "complaints", "appi-complaint-contact")}\n\nSee [our desk](#nowhere).'
    findings = findings_for(tmp_path, "en", complaints=complaints)
    assert keyed(findings) == {("appi-complaint-contact", "en", "error")}
    assert "refers to" not in findings[0].message
