"""The rule data and its loader: what counsel maintains, and what a site adds."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from policy_site.errors import PolicySiteError
from policy_site.facts import find_facts
from policy_site.rules import (
    RuleFileError, available_laws, format_rules_table, load_rules, read_rule_file, rules_in_force, BUILTIN_DIR,
)

D = dt.date.fromisoformat

APPI_IDS = {
    "appi-operator-name", "appi-operator-address", "appi-representative-name", "appi-purposes-of-use",
    "appi-request-procedures", "appi-provision-record-disclosure", "appi-fees", "appi-security-measures",
    "appi-complaint-contact", "appi-accredited-organization", "appi-joint-use",
    "appi-joint-use-manager-address-representative", "appi-opt-out-provision", "appi-anonymized-information",
    "appi-pseudonymized-information", "appi-foreign-transfer-information", "appi-purposes-published",
    "appi-security-foreign-environment",
}


@pytest.fixture(scope="module")
def every_law():
    return load_rules(available_laws())


# --- the shipped rule data --------------------------------------------------------

def test_shipped_laws_with_appi_first():
    assert available_laws() == ["appi", "caloppa", "ccpa", "gdpr", "telecom"]


def test_appi_rule_ids_are_the_stable_ones(every_law):
    assert {r.id for r in every_law if r.law == "appi"} == APPI_IDS


def test_every_shipped_rule_has_a_japanese_and_an_english_label(every_law):
    missing = [r.id for r in every_law if not {"ja", "en"} <= set(r.labels)]
    assert missing == []
    untranslated = [r.id for r in every_law if r.law == "gdpr" and set(r.labels) != {"ja", "en", "de", "fr", "es", "it"}]
    assert untranslated == []  # a GDPR site's languages
    assert every_law.get("gdpr-retention").label("de") == "Dauer der Speicherung oder Kriterien für ihre Festlegung"
    assert every_law.get("gdpr-retention").label("ja") == "個人データの保存期間又はその決定基準"


def test_every_shipped_citation_names_its_law(every_law):
    prefixes = {"appi": "APPI ", "gdpr": "GDPR Art.", "ccpa": "CCPA ", "caloppa": "CalOPPA ", "telecom": "TBA Art."}
    wrong = [(r.id, c) for r in every_law for c in r.citations.values() if not c.startswith(prefixes[r.law])]
    assert wrong == []


def test_every_shipped_rule_has_a_japanese_and_an_english_hint(every_law):
    assert [r.id for r in every_law if set(r.hints) != {"ja", "en"} or not all(r.hints.values())] == []
    assert [r.id for r in every_law if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", r.hint_for("ja"))] == []
    security = every_law.get("appi-security-measures")
    assert security.hint_for("ja").startswith("基本方針の策定、個人データの取扱いに係る規律の整備")
    assert security.hint_for("en").startswith("the basic policy, internal rules")
    assert security.hint == security.hint_for("en") == security.hint_for("fr")  # English for other languages


def test_shipped_hints_are_hint_ja_and_hint_en_and_each_japanese_hint_is_one_line():
    for law in available_laws():
        text = (BUILTIN_DIR / f"{law}.yml").read_text(encoding="utf-8")
        assert not re.search(r"^    hint:", text, re.M), law
        # YAML folds a line break into a space, which Japanese text does not have
        assert not re.search(r"^    hint_ja: *[>|]", text, re.M), law


def test_the_two_hints_of_a_rule_state_the_same_facts(every_law):
    # init writes each hint into the comment above its section; a date in one language only
    # would be a parity-facts finding on every new site
    differ = [r.id for r in every_law if {(f.kind, f.value) for f in find_facts(r.hint_for("ja"))}
              != {(f.kind, f.value) for f in find_facts(r.hint_for("en"))}]
    assert differ == []


def test_every_shipped_rule_has_a_hint_and_a_known_kind(every_law):
    assert [r.id for r in every_law if not r.hint] == []
    kinds = {r.id: r.kind for r in every_law if r.kind}
    assert kinds["appi-request-procedures"] == kinds["appi-complaint-contact"] == "contact"
    assert kinds["appi-operator-address"] == "address"
    assert kinds["ccpa-date-last-updated"] == "date"
    assert kinds["gdpr-controller-identity"] == kinds["ccpa-request-methods"] == "contact"


def test_uncertain_rules_keep_the_reason(every_law):
    uncertain = {r.id for r in every_law if r.uncertain}
    assert {"ccpa-verification-process", "ccpa-opt-out-right", "ccpa-minors-under-16", "ccpa-metrics"} <= uncertain
    # confirmed against the texts of each era (issue #15): no longer uncertain
    assert not uncertain & {"appi-complaint-contact", "appi-accredited-organization", "appi-joint-use",
                            "appi-anonymized-information"}
    assert all(every_law.get(i).uncertain_why for i in uncertain)
    assert not every_law.get("appi-operator-name").uncertain


def test_security_measures_are_required_from_2022_without_condition(every_law):
    req = every_law.get("appi-security-measures")
    assert (req.required_from, req.condition) == (D("2022-04-01"), None)
    assert every_law.get("appi-representative-name").conditional


# --- eras -----------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "citation"), [
    ("2005-04-01", "APPI Art.24(1)(i)"),
    ("2017-05-29", "APPI Art.24(1)(i)"),
    ("2017-05-30", "APPI Art.27(1)(i)"),
    ("2022-03-31", "APPI Art.27(1)(i)"),
    ("2022-04-01", "APPI Art.32(1)(i)"),
])
def test_the_citation_changes_on_the_day_an_era_begins(every_law, day, citation):
    assert every_law.get("appi-operator-name").citation_on(D(day)) == citation


def test_complaint_contact_cites_the_cabinet_order_of_each_era(every_law):
    req = every_law.get("appi-complaint-contact")
    assert req.citation_on(D("2017-05-29")) == "APPI Art.24(1)(iv), Cabinet Order Art.5(i)"
    assert req.citation_on(D("2022-04-01")) == "APPI Art.32(1)(iv), Cabinet Order Art.10(ii)"


def test_no_citation_before_the_first_known_era(tmp_path):
    path = write(tmp_path, "late.yml", """\
        - id: company-metrics
          label_en: Metrics
          required_from: 2020-08-14
          citation: {2023-03-29: Company rule 7}
        """)
    metrics = load_rules([], [path]).get("company-metrics")
    assert metrics.in_force_on(D("2021-01-01"))
    assert metrics.citation_on(D("2021-01-01")) is None
    assert metrics.citation_on(D("2023-03-29")) == "Company rule 7"
    assert dict((r.id, c) for r, c in rules_in_force(load_rules([], [path]), D("2021-01-01")))["company-metrics"] == ""


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2016-06-01", "2022-03-31", False),  # superseded the day before the amendment
    ("2016-06-01", "2022-04-01", True),   # in force on the first day
    ("2016-06-01", None, True),           # until further notice
    ("2022-04-01", None, True),
])
def test_a_requirement_applies_to_a_period_containing_its_first_day(every_law, start, end, expected):
    req = every_law.get("appi-operator-address")
    assert req.in_force_during(D(start), D(end) if end else None) is expected
    assert req.in_force_on(D("2022-03-31")) is False
    assert req.in_force_on(D("2022-04-01")) is True


def test_eras_during_a_period_start_where_each_era_begins(every_law):
    eras = every_law.get("appi-purposes-of-use").eras_during(D("2016-06-01"), None)
    assert eras == [(D("2016-06-01"), "APPI Art.24(1)(ii)"), (D("2017-05-30"), "APPI Art.27(1)(ii)"),
                    (D("2022-04-01"), "APPI Art.32(1)(ii)")]
    assert every_law.get("appi-operator-address").eras_during(D("2016-06-01"), D("2022-03-31")) == []
    late = every_law.get("appi-security-measures").eras_during(D("2016-06-01"), None)
    assert late == [(D("2022-04-01"), "APPI Art.32(1)(iv), Cabinet Order Art.10(i)")]


def test_a_requirement_ended_by_required_until_stops_applying(tmp_path):
    path = write(tmp_path, "old.yml", """\
        - id: company-fax
          label_en: Fax number
          required_from: 2010-01-01
          required_until: 2015-12-31
        """)
    req = load_rules(["appi"], [path]).get("company-fax")
    assert req.in_force_on(D("2015-12-31")) and not req.in_force_on(D("2016-01-01"))
    assert not req.in_force_during(D("2016-06-01"), None)
    assert req.last_day_during(D("2015-01-01"), None) == D("2015-12-31")


# --- which rules a site checks --------------------------------------------------------

def test_exactly_the_laws_asked_for_are_loaded():
    rules = load_rules(["gdpr"])
    assert rules.laws == ("gdpr",)
    assert "ccpa-contact" not in rules and "appi-operator-name" not in rules
    assert rules.is_known("ccpa-contact") and rules.is_known("appi-operator-name")  # known, not checked: no typo
    assert load_rules(["gdpr", "appi"]).laws == ("gdpr", "appi")
    assert len(load_rules([])) == 0


def test_unknown_law_is_a_clean_error():
    with pytest.raises(RuleFileError, match="no rule data for law `hipaa`: use one of: appi, caloppa, ccpa, gdpr, telecom"):
        load_rules(["hipaa"])


def test_in_force_on_a_day_and_for_one_law(every_law):
    in_2016 = {r.id for r in every_law.in_force_on(D("2016-06-01"))}
    assert "appi-operator-name" in in_2016 and "appi-operator-address" not in in_2016
    assert not any(i.startswith(("gdpr", "ccpa", "telecom")) for i in in_2016)
    assert {r.law for r in every_law.in_force_on(D("2024-01-01"), law="gdpr")} == {"gdpr"}


def test_conditional_rules_apply_only_when_declared(every_law):
    plain = every_law.applicable([])
    declared = every_law.applicable(["appi-fees"])
    assert "appi-fees" not in plain and "appi-fees" in declared
    assert "appi-operator-name" in plain
    assert "appi-joint-use" not in declared


def test_applies_and_downgrade_naming_unknown_rules_become_findings():
    rules = load_rules(["appi"])
    findings = rules.reference_findings(["appi-fee"], {"appi-operater-name": "answered on request",
                                                      "gdpr-dpo-contact": "not designated"})
    by_message = {f.message: f for f in findings}
    typo = by_message["`applies` names `appi-fee`, which is no known rule"]
    assert (typo.rule, typo.severity, typo.file) == ("unknown-rule", "error", "mkdocs.yml")
    assert "did you mean `appi-fees`?" in typo.hint
    assert "did you mean `appi-operator-name`?" in \
        by_message["`downgrade` names `appi-operater-name`, which is no known rule"].hint
    other_law = by_message["`downgrade` names `gdpr-dpo-contact`, a GDPR rule, but gdpr is not in `laws`"]
    assert other_law.severity == "warning" and "add gdpr to `laws`" in other_law.hint


def test_a_downgrade_needs_a_written_reason():
    findings = load_rules(["appi"]).reference_findings([], {"appi-security-measures": " "})
    assert [(f.rule, f.severity) for f in findings] == [("downgrade-reason", "error")]
    assert load_rules(["appi"]).reference_findings(["appi-fees"], {"appi-fees": "a reason"}) == []


# --- a site's own rule files ------------------------------------------------------------

def write(folder: Path, name: str, text: str) -> Path:
    import textwrap

    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_site_rule_file_adds_rules_in_the_same_schema(tmp_path):
    path = write(tmp_path, "company.yml", """\
        law: company
        rules:
          - id: company-cookies
            label_ja: クッキーの利用
            label_en: Use of cookies
            citation: Company policy 4.2
            required_from: 2024-01-01
            kind: contact
            hint: which cookies are set and how to refuse them
        """)
    rules = load_rules(["appi"], [path])
    req = rules.get("company-cookies")
    assert (req.law, req.label("ja"), req.label("fr"), req.kind) == ("company", "クッキーの利用", "Use of cookies", "contact")
    assert req.citation_on(D("2024-01-01")) == "Company policy 4.2"
    assert req.citation_on(D("2023-12-31")) is None
    assert req.source_line == 3
    assert rules.ids[-1] == "company-cookies"


def test_a_site_rule_file_with_a_plain_hint_still_loads_it_as_the_english_hint(tmp_path):
    path = write(tmp_path, "company.yml", """\
        - id: company-cookies
          label_ja: クッキーの利用
          label_en: Use of cookies
          required_from: 2024-01-01
          hint: >-
            which cookies are set
            and how to refuse them
        """)
    req = load_rules(["appi"], [path]).get("company-cookies")
    assert req.hints == {"en": "which cookies are set and how to refuse them"}
    assert req.hint == req.hint_for("en") == req.hint_for("ja") == "which cookies are set and how to refuse them"


def test_a_site_rule_file_may_give_a_hint_in_each_language(tmp_path):
    path = write(tmp_path, "company.yml", """\
        - id: company-cookies
          label_ja: クッキーの利用
          label_en: Use of cookies
          required_from: 2024-01-01
          hint_ja: 設定するクッキーの種類及びその拒否の方法を記載する。
          hint_en: which cookies are set and how to refuse them
          hint_pt_BR: quais cookies são usados e como recusá-los
        """)
    req = load_rules(["appi"], [path]).get("company-cookies")
    assert req.hint_for("ja") == req.hint_for("ja-JP") == "設定するクッキーの種類及びその拒否の方法を記載する。"
    assert req.hint_for("pt-BR") == "quais cookies são usados e como recusá-los"
    assert req.hint == req.hint_for("de") == "which cookies are set and how to refuse them"
    assert req.label("ja_JP") == "クッキーの利用"


def test_a_rule_with_only_a_japanese_hint_gives_it_in_every_language(tmp_path):
    path = write(tmp_path, "company.yml", """\
        - id: company-cookies
          label_ja: クッキーの利用
          required_from: 2024-01-01
          hint_ja: 設定するクッキーの種類を記載する。
        """)
    req = load_rules([], [path]).get("company-cookies")
    assert req.hint == req.hint_for("en") == "設定するクッキーの種類を記載する。"


def test_a_rule_with_no_hint_has_an_empty_one(tmp_path):
    path = write(tmp_path, "company.yml", "- id: company-cookies\n  label_en: Cookies\n  required_from: 2024-01-01\n")
    req = load_rules([], [path]).get("company-cookies")
    assert (req.hints, req.hint, req.hint_for("ja")) == ({}, "", "")


def test_a_plain_hint_and_hint_en_together_are_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "company.yml", """\
        - id: company-cookies
          label_en: Cookies
          required_from: 2024-01-01
          hint: which cookies are set
          hint_en: which cookies are set and how to refuse them
        """)
    with pytest.raises(RuleFileError) as caught:
        load_rules([], [path])
    assert str(caught.value) == ("company.yml:4: rule `company-cookies`: both `hint` and `hint_en` give the English "
                                 "hint: keep `hint_en` and remove `hint` (a plain `hint` is read as the English one)")


def test_a_site_rule_file_may_be_a_bare_list(tmp_path):
    path = write(tmp_path, "list.yml", """\
        - id: company-cookies
          label_en: Use of cookies
          required_from: "2024-01-01"
          condition: the site sets cookies
        """)
    req = load_rules([], [path]).get("company-cookies")
    assert (req.law, req.required_from, req.conditional, req.label("ja")) == ("site", D("2024-01-01"), True, "Use of cookies")


@pytest.mark.parametrize(("text", "expected"), [
    ("- id: company-cookies\n  label_en: Cookies\n  required_from: 2024-01-01\n  hint: \"unclosed\n",
     "company.yml:4: malformed YAML: while scanning a quoted scalar, found unexpected end of stream"),
    ("- id: company-cookies\n  label_en: Cookies: the tasty ones\n  required_from: 2024-01-01\n",
     "company.yml:2: malformed YAML: mapping values are not allowed here: fix the YAML syntax"),
    ("- label_en: Cookies\n  required_from: 2024-01-01\n",
     "company.yml:1: rule 1 has no `id`: add `id: "),
    ("- id: company-cookies\n  label_en: Cookies\n",
     "company.yml:1: rule `company-cookies`: no `required_from`: add `required_from: YYYY-MM-DD`"),
    ("- id: company-cookies\n  required_from: 2024-01-01\n",
     "company.yml:1: rule `company-cookies`: no label: add `label_en:`"),
    ("- id: company-cookies\n  label_en: Cookies\n  required_from: 2025-13-01\n",
     "company.yml:3: rule `company-cookies`: `required_from` is not a date (got '2025-13-01'): write it as YYYY-MM-DD"),
    ("- id: company-cookies\n  label_en: Cookies\n  required_form: 2024-01-01\n",
     "company.yml:3: rule `company-cookies`: unknown key `required_form`: did you mean `required_from`?"),
    ("- id: company-cookies\n  label_en: Cookies\n  required_from: 2024-01-01\n"
     "- id: company-cookies\n  label_en: More cookies\n  required_from: 2024-01-01\n",
     "company.yml:4: rule id `company-cookies` is defined twice (first at line 1): give each rule its own id"),
    ("- id: appi-fees\n  label_en: Fees\n  required_from: 2024-01-01\n",
     "company.yml:1: rule id `appi-fees` is already defined at policy_site/rules/appi.yml:"),
    ("- id: Company Cookies\n  label_en: Cookies\n  required_from: 2024-01-01\n",
     "company.yml:1: rule id 'Company Cookies' is not lower-case words joined by '-'"),
    ("- id: company-cookies\n  label_en: Cookies\n  required_from: 2024-01-01\n  kind: phone\n",
     "company.yml:4: rule `company-cookies`: unknown `kind` 'phone': use one of contact, address, date, annual-review, "
     "statement"),
    ("- id: company-cookies\n  label_en: Cookies\n  required_from: 2024-01-01\n  uncertain: true\n",
     "company.yml:4: rule `company-cookies`: `uncertain: true` without `uncertain_why`"),
    ("- id: company-cookies\n  label_en: Cookies\n  label_en: Biscuits\n  required_from: 2024-01-01\n",
     "company.yml:3: rule `company-cookies`: `label_en` is given twice: keep one of them"),
    ("- id: company-cookies\n  label_en: Cookies\n  required_from: 2024-01-01\n  hint_ja: [クッキー]\n",
     "company.yml:4: rule `company-cookies`: `hint_ja` must be text (or null): write `hint_ja:` as a sentence"),
    ("- id: company-cookies\n  label_en: Cookies\n  required_from: 2024-01-01\n  hints: which cookies\n",
     "company.yml:4: rule `company-cookies`: unknown key `hints`: did you mean `hint`?"),
    ("rules: {id: company-cookies}\n", "company.yml:1: `rules` must be a list"),
    ("", "company.yml:1: the rule file is empty"),
])
def test_a_malformed_site_rule_file_names_file_line_and_what_to_do(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "company.yml", text)
    with pytest.raises(RuleFileError) as caught:
        load_rules(["appi"], [path])
    assert isinstance(caught.value, PolicySiteError)
    assert expected in str(caught.value)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "company.yml", """\
        - id: company-a
          label_en: A
          required_from: 2024-02-30
        - id: company-b
          labl_en: B
          required_from: 2024-01-01
        """)
    with pytest.raises(RuleFileError) as caught:
        load_rules([], [path])
    assert [(p.file, p.line) for p in caught.value.problems] == [("company.yml", 3), ("company.yml", 5), ("company.yml", 4)]


def test_a_missing_rule_file_says_where_it_is_configured(tmp_path):
    with pytest.raises(RuleFileError, match="rule file not found: check `rule_files` in mkdocs.yml"):
        load_rules([], [tmp_path / "nope.yml"])


def test_a_rule_file_is_read_again_after_it_changes(tmp_path):
    path = write(tmp_path, "company.yml", "- {id: company-a, label_en: A, required_from: 2024-01-01}\n")
    assert [r.id for r in read_rule_file(path)] == ["company-a"]
    path.write_text("- {id: company-bb, label_en: B, required_from: 2024-01-01}\n", encoding="utf-8")
    assert [r.id for r in read_rule_file(path)] == ["company-bb"]


def test_the_shipped_files_declare_their_own_law():
    for law in available_laws():
        assert {r.law for r in read_rule_file(BUILTIN_DIR / f"{law}.yml", law=law)} == {law}


# --- `policy-site rules` ----------------------------------------------------------------

def test_rules_in_force_on_a_day_carry_that_days_citation(every_law):
    in_2016 = dict((r.id, c) for r, c in rules_in_force(every_law, D("2016-06-01"), "appi"))
    in_2026 = dict((r.id, c) for r, c in rules_in_force(every_law, D("2026-11-27"), "appi"))
    assert in_2016["appi-operator-name"] == "APPI Art.24(1)(i)"
    assert in_2026["appi-operator-name"] == "APPI Art.32(1)(i)"
    assert "appi-security-measures" not in in_2016 and "appi-security-measures" in in_2026


def test_the_rules_table_reads_in_a_terminal(every_law):
    rows = rules_in_force(every_law, D("2026-11-27"), "appi")
    table = format_rules_table(rows, "ja", width=100)
    lines = table.splitlines()
    assert lines[0].split() == ["RULE", "CITATION", "REQUIREMENT"]
    assert any(ln.startswith("appi-operator-name ") and "APPI Art.32(1)(i)" in ln and "個人情報取扱事業者" in ln
               for ln in lines)
    assert any(ln.startswith("appi-complaint-contact ") for ln in lines)  # confirmed: no "?"
    assert "only if: a fee is charged" in table
    assert "? not confirmed against a primary source" not in table
    ccpa = format_rules_table(rules_in_force(every_law, D("2026-11-27"), "ccpa"), "en", width=100)
    assert any(ln.startswith("ccpa-verification-process ?") for ln in ccpa.splitlines())
    assert "? not confirmed against a primary source" in ccpa
    rows_end = lines.index("")  # the legend follows the rows
    citation_column = lines[0].index("CITATION")
    assert all(ln[citation_column - 2:citation_column] == "  " and ln[citation_column] != " "
               for ln in lines[1:rows_end] if ln[:1] != " ")


def test_the_rules_table_in_japanese_cites_as_japanese_lawyers_do(every_law):
    rows = rules_in_force(every_law, D("2026-11-27"), "appi", "ja")
    table = format_rules_table(rows, "ja", width=100)
    lines = table.splitlines()
    assert "APPI Art" not in table and "Cabinet Order" not in table
    assert any(ln.startswith("appi-operator-name ") and "法第32条第1項第1号" in ln for ln in lines)
    request = lines.index(next(ln for ln in lines if ln.startswith("appi-request-procedures ")))
    assert "法第32条第1項第3号、" in lines[request] and "施行令第12条" in lines[request + 1]  # broken after 、
    citation_column = lines[0].index("CITATION")
    assert all(not ln[citation_column - 2:citation_column].strip() for ln in lines[1:lines.index("")])
    # the requirement column starts at the same terminal column on every line (wide characters count two)
    label_column, checked = lines[0].index("REQUIREMENT"), 0
    for ln in lines[1:lines.index("")]:
        cells = re.match(r"(\S.*?)(\s{2,})(\S.*)$", ln[citation_column:])
        if cells:
            lead = ln[:citation_column] + cells.group(1) + cells.group(2)
            assert sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in lead) == label_column, ln
            checked += 1
    assert checked >= len(rows)
    telecom = format_rules_table(rules_in_force(every_law, D("2026-11-27"), "telecom", "ja"), "ja", width=100)
    assert "電気通信事業法第27条の12、" in telecom and "電気通信事業法施行規則第22条の2の29" in telecom


def test_every_appi_and_telecom_rule_cites_in_japanese_for_each_era(every_law):
    """citation_ja gives the eras of `citation`, each in the form Japanese lawyers write (法第32条第1項第1号)."""
    for law in ("appi", "telecom"):
        rules = [r for r in every_law if r.law == law]
        assert rules, law
        for req in rules:
            assert req.citation_language("ja") == "ja", req.id
            japanese = req.local_citations["ja"]
            assert list(japanese) == list(req.citations), req.id
            for start, citation in japanese.items():
                assert re.fullmatch(r"[法施行令規則電気通信事業第条項号のからまで・、0-9]+", citation), (req.id, start, citation)
                assert "第" in citation and "条" in citation, (req.id, citation)
                # the same articles in the same order (Art.41(4), 41(6) -> 第41条第4項・第6項: one article)
                english = [a for a in re.findall(r"(?:Art\.|, |; )(\d+(?:-\d+)*)", req.citations[start])]
                assert [n.replace("の", "-") for n in re.findall(r"第(\d+条(?:の\d+)*)", citation)] == \
                    [a.replace("-", "条-", 1) if "-" in a else a + "条"
                     for i, a in enumerate(english) if i == 0 or english[i - 1] != a], (req.id, citation)
    assert every_law.get("appi-opt-out-provision").citation_on(D("2022-04-01"), "ja") == "法第27条第2項第1号から第8号まで"
    assert every_law.get("appi-joint-use").citation_on(D("2005-04-01"), "ja") == "法第23条第4項第3号"
    assert every_law.get("appi-anonymized-information").citation_on(D("2017-05-30"), "ja") == "法第36条第3項・第4項、第37条"


def test_the_rules_table_keeps_regulation_names_whole(every_law):
    table = format_rules_table(rules_in_force(every_law, D("2026-11-27"), "ccpa"), "en", width=100)
    assert "11 CCR 7011(e)(2)" in table and "Civ. Code 1798.130(a)(5)(A);" in table
    assert format_rules_table([], "en") == "no requirement in force\n"


# --- labels and citations in other languages ----------------------------------------------

def test_a_rule_gives_labels_and_citations_in_any_language_and_says_which_it_fell_back_from(tmp_path):
    path = write(tmp_path, "company.yml", """\
        - id: company-cookies
          label_en: Use of cookies
          label_de: Einsatz von Cookies
          required_from: 2020-01-01
          citation: {2020-01-01: "TTDSG s.25(1)", 2021-12-01: "TDDDG s.25(1)"}
          citation_de: {2020-01-01: "§ 25 Abs. 1 TTDSG", 2021-12-01: "§ 25 Abs. 1 TDDDG"}
        """)
    req = load_rules([], [path]).get("company-cookies")
    assert (req.label("de-AT"), req.label_language("de-AT"), req.label("fr"), req.label_language("fr")) == (
        "Einsatz von Cookies", "de-AT", "Use of cookies", "en")
    assert req.citation_on(D("2022-01-01"), "de") == "§ 25 Abs. 1 TDDDG"
    assert req.citation_on(D("2022-01-01"), "fr") == req.citation_on(D("2022-01-01")) == "TDDDG s.25(1)"
    assert (req.citation_language("de"), req.citation_language("fr")) == ("de", "en")
    assert req.eras_during(D("2021-01-01"), D("2022-01-01"), "de") == [
        (D("2021-01-01"), "§ 25 Abs. 1 TTDSG"), (D("2021-12-01"), "§ 25 Abs. 1 TDDDG")]


def test_a_citation_in_another_language_must_have_the_same_eras(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "company.yml", """\
        - id: company-cookies
          label_en: Use of cookies
          required_from: 2020-01-01
          citation: {2020-01-01: "TTDSG s.25(1)", 2021-12-01: "TDDDG s.25(1)"}
          citation_de: {2020-01-01: "§ 25 Abs. 1 TTDSG"}
          citation_fr: "art. 82"
        """)
    with pytest.raises(RuleFileError) as caught:
        load_rules([], [path])
    assert str(caught.value).split("\n") == [
        "company.yml:5: rule `company-cookies`: `citation_de` gives eras 2020-01-01 but `citation` gives 2020-01-01, "
        "2021-12-01: give `citation_de` the same era start dates as `citation`, each in the language's own form",
        "company.yml:6: rule `company-cookies`: `citation_fr` gives eras 2020-01-01 but `citation` gives 2020-01-01, "
        "2021-12-01: give `citation_fr` the same era start dates as `citation`, each in the language's own form"]


def test_gdpr_cites_in_the_form_of_each_language():
    req = load_rules(["gdpr"]).get("gdpr-controller-identity")
    day = D("2025-01-01")
    assert [req.citation_on(day, lang) for lang in ("en", "de", "fr", "es", "it", "ko")] == [
        "GDPR Art.13(1)(a); 14(1)(a)", "Art. 13 Abs. 1 lit. a; Art. 14 Abs. 1 lit. a DSGVO",
        "Art. 13, par. 1, a) ; art. 14, par. 1, a) RGPD", "Art. 13.1.a); art. 14.1.a) RGPD",
        "Art. 13, par. 1, lett. a); art. 14, par. 1, lett. a) GDPR", "GDPR Art.13(1)(a); 14(1)(a)"]


def test_a_note_says_which_language_it_is_written_in(tmp_path):
    path = write(tmp_path, "company.yml", """\
        law: company
        notes:
          - {until: 2021-12-31, en: "Small businesses were exempt.", de: "Kleine Unternehmen waren ausgenommen."}
          - {en: "Only in English."}
        rules:
          - id: company-cookies
            label_en: Use of cookies
            required_from: 2020-01-01
        """)
    req = load_rules([], [path]).get("company-cookies")
    start, end = D("2021-01-01"), D("2021-06-30")
    assert req.notes_during(start, end, "de") == ["Kleine Unternehmen waren ausgenommen.", "Only in English."]
    assert req.note_languages_during(start, end, "de") == ["de", "en"]
    assert req.note_languages_during(D("2022-01-01"), None, "de") == ["en"]
