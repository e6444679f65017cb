"""The law as the rule data states it, on both sides of each day the law changed (issue #15).

Each case runs `policy-site rules --law L --on D` (its `main`, in-process; one test runs
the installed command and compares), the command counsel uses, outside any site (every
shipped law), and reads the rows it prints: the rule
ids in force that day, each with its citation for that day.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import subprocess
from unittest import mock

import pytest

from conftest import BIN
from policy_site import cli


@functools.lru_cache(maxsize=None)
def run_rules(law: str, day: str) -> str:
    """What `policy-site rules --law LAW --on DAY` prints, run outside any site (every shipped law)."""
    out = io.StringIO()
    here = os.getcwd()
    try:
        os.chdir("/")  # no mkdocs.yml here
        with contextlib.redirect_stdout(out), mock.patch.dict(os.environ, {"COLUMNS": "160"}):
            assert cli.main(["rules", "--law", law, "--on", day]) == 0
    finally:
        os.chdir(here)
    return out.getvalue()


def rules_table(law: str, day: str) -> dict[str, str]:
    """{rule id: citation} as the command prints them (wrapped citations joined again)."""
    lines = run_rules(law, day).strip("\n").splitlines()
    if lines == ["no requirement in force"]:
        return {}
    start, end = lines[0].index("CITATION"), lines[0].index("REQUIREMENT")
    rows: dict[str, list[str]] = {}
    current = None
    for line in lines[1:]:
        if not line.strip():
            break  # the legend follows
        if line[:1] != " ":
            current = line[:start].split()[0]
            rows[current] = []
        rows[current].append(line[start:end].strip())
    return {rule: " ".join(p for p in parts if p) for rule, parts in rows.items()}


def legend(law: str, day: str) -> str:
    return run_rules(law, day).split("\n\n", 1)[-1]


def test_the_installed_command_prints_the_same_table():
    proc = subprocess.run([str(BIN / "policy-site"), "rules", "--law", "telecom", "--on", "2023-06-16"],
                          capture_output=True, text=True, cwd="/", env={**os.environ, "COLUMNS": "160"})
    assert (proc.returncode, proc.stdout) == (0, run_rules("telecom", "2023-06-16"))


# --- APPI ----------------------------------------------------------------------------------

def test_appi_before_and_on_2005_04_01():
    assert rules_table("appi", "2005-03-31") == {}
    on = rules_table("appi", "2005-04-01")
    assert on["appi-operator-name"] == "APPI Art.24(1)(i)"
    assert on["appi-purposes-published"] == "APPI Art.18(1),(3)"
    assert on["appi-request-procedures"] == "APPI Art.24(1)(iii), Cabinet Order Art.7"
    assert on["appi-complaint-contact"] == "APPI Art.24(1)(iv), Cabinet Order Art.5(i)"  # no "?": confirmed
    assert on["appi-accredited-organization"] == "APPI Art.24(1)(iv), Cabinet Order Art.5(ii)"
    assert on["appi-joint-use"] == "APPI Art.23(4)(iii)"
    assert "appi-anonymized-information" not in on
    assert "5,000 people or fewer" in legend("appi", "2005-04-01")


def test_appi_before_and_on_2017_05_30():
    before, on = rules_table("appi", "2017-05-29"), rules_table("appi", "2017-05-30")
    assert before["appi-operator-name"] == "APPI Art.24(1)(i)" and on["appi-operator-name"] == "APPI Art.27(1)(i)"
    assert on["appi-request-procedures"] == "APPI Art.27(1)(iii), Cabinet Order Art.10"
    assert on["appi-complaint-contact"] == "APPI Art.27(1)(iv), Cabinet Order Art.8(i)"
    assert on["appi-accredited-organization"] == "APPI Art.27(1)(iv), Cabinet Order Art.8(ii)"
    assert "appi-anonymized-information" not in before
    assert on["appi-anonymized-information"] == "APPI Art.36(3),(4), 37"
    # the 5,000-person exemption ended with the 2015 amendment
    assert "5,000 people or fewer" in legend("appi", "2017-05-29")
    assert "5,000" not in legend("appi", "2017-05-30")


def test_appi_before_and_on_2022_04_01():
    before, on = rules_table("appi", "2022-03-31"), rules_table("appi", "2022-04-01")
    assert before["appi-purposes-published"] == "APPI Art.18(1),(3)"
    assert on["appi-purposes-published"] == "APPI Art.21(1),(3)"
    assert on["appi-request-procedures"] == "APPI Art.32(1)(iii), Cabinet Order Art.12"
    assert on["appi-accredited-organization"] == "APPI Art.32(1)(iv), Cabinet Order Art.10(iii)"
    added = {"appi-operator-address", "appi-representative-name", "appi-security-measures",
             "appi-provision-record-disclosure", "appi-pseudonymized-information"}
    assert not added & set(before) and added <= set(on)


# --- CCPA ----------------------------------------------------------------------------------

def test_ccpa_before_and_on_2020_01_01():
    assert rules_table("ccpa", "2019-12-31") == {}
    on = rules_table("ccpa", "2020-01-01")
    # sources, purposes and third parties are owed by the statute from the first day
    assert on["ccpa-sources"] == "CCPA Civ. Code 1798.110(c)(2), 1798.130(a)(5)(B)"
    assert on["ccpa-purposes"] == "CCPA Civ. Code 1798.110(c)(3), 1798.130(a)(5)(B)"
    assert on["ccpa-third-party-categories"] == "CCPA Civ. Code 1798.110(c)(4), 1798.130(a)(5)(B)"
    assert on["ccpa-request-methods"] == "CCPA Civ. Code 1798.130(a)(1)(A)-(B), 1798.130(a)(5)(A)"
    assert on["ccpa-opt-out-right"] == "CCPA Civ. Code 1798.120, 1798.135(a)(2)"
    assert on["ccpa-pi-sold-or-shared"] == "CCPA Civ. Code 1798.130(a)(5)(C)(i)"
    assert on["ccpa-pi-disclosed-business-purpose"] == "CCPA Civ. Code 1798.130(a)(5)(C)(ii)"
    assert "ccpa-right-to-correct" not in on and "ccpa-policy-accessible" not in on


def test_ccpa_before_and_on_2020_08_14():
    before, on = rules_table("ccpa", "2020-08-13"), rules_table("ccpa", "2020-08-14")
    assert on["ccpa-sources"] == "CCPA Civ. Code 1798.110(c)(2), 1798.130(a)(5)(B); 11 CCR 999.308"
    assert {"ccpa-policy-languages", "ccpa-policy-accessible", "ccpa-policy-printable",
            "ccpa-policy-homepage-link", "ccpa-verification-process"} <= set(on) - set(before)
    assert on["ccpa-policy-printable"] == "CCPA 11 CCR 999.308(a)"
    assert "ccpa-metrics" not in on  # the first metrics were due by 2021-07-01
    assert rules_table("ccpa", "2021-07-01")["ccpa-metrics"] == "CCPA 11 CCR 999.317(g)"
    assert "ccpa-metrics" not in rules_table("ccpa", "2021-06-30")


def test_ccpa_before_and_on_2023_01_01():
    before, on = rules_table("ccpa", "2022-12-31"), rules_table("ccpa", "2023-01-01")
    assert before["ccpa-opt-out-right"] == "CCPA Civ. Code 1798.120, 1798.135(a)(2)"
    assert on["ccpa-opt-out-right"] == "CCPA Civ. Code 1798.120, 1798.135(c)(2)"
    assert on["ccpa-right-to-limit-spi"] == "CCPA Civ. Code 1798.121, 1798.135(c)(2)"
    assert on["ccpa-categories-collected"] == "CCPA Civ. Code 1798.130(a)(5)(B)(i)"
    assert on["ccpa-sources"] == "CCPA Civ. Code 1798.130(a)(5)(B)(ii)"
    assert on["ccpa-purposes"] == "CCPA Civ. Code 1798.130(a)(5)(B)(iii)"
    assert on["ccpa-third-party-categories"] == "CCPA Civ. Code 1798.130(a)(5)(B)(iv)"
    assert on["ccpa-retention"] == "CCPA Civ. Code 1798.100(a)(3)"
    assert {"ccpa-right-to-correct", "ccpa-retention"} <= set(on) - set(before)


def test_ccpa_before_and_on_2023_03_29():
    before, on = rules_table("ccpa", "2023-03-28"), rules_table("ccpa", "2023-03-29")
    assert on["ccpa-opt-out-right"] == "CCPA Civ. Code 1798.120, 1798.135(c)(2); 11 CCR 7011(e)(2)(D), (e)(3)(C)"
    assert on["ccpa-right-to-limit-spi"] == "CCPA Civ. Code 1798.121, 1798.135(c)(2); 11 CCR 7011(e)(2)(E), (e)(3)(D)"
    assert on["ccpa-third-party-categories"] == "CCPA Civ. Code 1798.130(a)(5)(B)(iv); 11 CCR 7011(e)(1)(E), (e)(1)(I)"
    assert on["ccpa-request-methods"].endswith("; 11 CCR 7011(e)(3)(A)-(B)")
    assert on["ccpa-opt-out-preference-signal"] == "CCPA 11 CCR 7011(e)(3)(F)"
    assert on["ccpa-frictionless-signals"] == "CCPA 11 CCR 7011(e)(3)(G)"
    assert on["ccpa-minors-opt-in"] == "CCPA 11 CCR 7011(e)(3)(I)"
    assert on["ccpa-policy-homepage-link"] == "CCPA 11 CCR 7003, 7011(a)-(d)"
    assert on["ccpa-metrics"] == "CCPA 11 CCR 7011(e)(5), 7102"
    new = {"ccpa-opt-out-preference-signal", "ccpa-frictionless-signals", "ccpa-sale-share-purposes",
           "ccpa-disclosure-purposes", "ccpa-sensitive-pi-use"}
    assert not new & set(before) and new <= set(on)


# --- CalOPPA, GDPR and the Telecommunications Business Act ---------------------------------------------

def test_caloppa_before_and_on_its_eras():
    assert rules_table("caloppa", "2004-06-30") == {}
    first = rules_table("caloppa", "2004-07-01")
    assert first["caloppa-categories-collected"] == "CalOPPA Bus. & Prof. Code 22575(b)(1)"
    assert first["caloppa-conspicuous-posting"] == "CalOPPA Bus. & Prof. Code 22575(a), 22577(b)"
    assert "caloppa-do-not-track" not in rules_table("caloppa", "2013-12-31")
    dnt = rules_table("caloppa", "2014-01-01")
    assert dnt["caloppa-do-not-track"] == "CalOPPA Bus. & Prof. Code 22575(b)(5), (7)"
    assert dnt["caloppa-third-party-tracking"] == "CalOPPA Bus. & Prof. Code 22575(b)(6)"


def test_gdpr_adds_joint_controllers_and_consent_transfers():
    assert rules_table("gdpr", "2018-05-24") == {}
    on = rules_table("gdpr", "2018-05-25")
    assert on["gdpr-joint-controllers"] == "GDPR Art.26(2)"
    assert on["gdpr-explicit-consent-transfer-risks"] == "GDPR Art.49(1)(a)"


def test_telecom_before_and_on_2023_06_16():
    assert rules_table("telecom", "2023-06-15") == {}
    on = rules_table("telecom", "2023-06-16")
    assert on["telecom-external-transmission"] == "TBA Art.27-12; Ordinance Art.22-2-29"
    assert on["telecom-opt-out"] == "TBA Art.27-12(iv); Ordinance Art.22-2-31"
    assert on["telecom-easy-to-reach"] == "TBA Art.27-12; Ordinance Art.22-2-28"


# --- every change is traceable ----------------------------------------------------------------------------

@pytest.mark.parametrize("law", ["appi", "ccpa", "gdpr", "caloppa", "telecom"])
def test_every_rule_names_its_sources_and_each_source_is_listed(law):
    import yaml

    from policy_site.rules import BUILTIN_DIR

    data = yaml.safe_load((BUILTIN_DIR / f"{law}.yml").read_text(encoding="utf-8"))
    listed = set(data["sources"])
    for rule in data["rules"]:
        assert rule.get("sources"), rule["id"]
        assert set(rule["sources"]) <= listed, rule["id"]
    # a comment says where each fact was checked: at least one per rule file change of issue #15
    assert re.search(r"^\s*#.*(REVIEW-15|CA-DESK|TBA-2022|CA-AB68|GDPR-T2)", (BUILTIN_DIR / f"{law}.yml")
                     .read_text(encoding="utf-8"), re.M)
