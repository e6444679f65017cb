"""What the corrected law data means for a site (issue #15): refused downgrades, requirements
a site states it meets, notes about the law, and the example site's own texts.

Real sites made by `init`, the installed command, real MkDocs builds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN
from policy_site.checks import CheckContext
from policy_site.checks.disclosures import check
from policy_site.init import init_site
from policy_site.model.revisions import load_revisions
from test_init import env, mkdocs_build, policy_site

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2025, 6, 1)
SEED = Path("/work/shared/seed/privacy-policy-2016-06-01.en.txt")

FILL = {
    "contact": {"en": "Write to privacy@example.com or call 1-800-555-0100 (toll-free)."},
    "date": {"en": "Last updated: June 1, 2025."},
    "address": {"en": "1 Market Street, San Francisco, CA 94105, USA"},
    None: {"en": "We describe this here, as the law asks."},
}


def fill(site: Path) -> None:
    """Replace each placeholder with text fitting the `kind` of its section's rule."""
    from policy_site.checks.placeholders import MARKER
    from policy_site.rules import load_rules

    kinds = {r.id: r.kind for r in load_rules(["appi", "ccpa", "caloppa", "gdpr", "telecom"])}
    for page in (site / "docs").glob("*/*/*.md"):
        lang, kind, out = page.parent.name, None, []
        for line in page.read_text(encoding="utf-8").split("\n"):
            m = re.search(r'data-disclosure="([^"]+)"', line) if line.startswith("#") else None
            if m:
                kind = kinds.get(m.group(1).split()[0])
            out.append(FILL[kind][lang] if line.startswith(MARKER) else line)
        page.write_text("\n".join(out), encoding="utf-8")


def check_json(site: Path) -> tuple[int, list[dict]]:
    proc = policy_site(site, "check", "--today", TODAY.isoformat(), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)["findings"]


def set_policy(site: Path, **settings: object) -> None:
    path = site / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["plugins"][0]["policy"].update(settings)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- downgrades the law does not allow -------------------------------------------------------------

@pytest.mark.parametrize("rule", ["appi-joint-use", "appi-opt-out-provision", "appi-anonymized-information",
                                  "appi-pseudonymized-information"])
def test_a_downgrade_of_what_must_be_published_in_advance_is_refused(tmp_path: Path, rule: str) -> None:
    site = tmp_path / "s"
    init_site(site, laws=["appi"], languages=["ja", "en"], site_name=None, today=TODAY)
    set_policy(site, applies=[rule], downgrade={rule: "we answer on request"})
    proc = policy_site(site, "check", "--today", TODAY.isoformat())
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    refused = [ln for ln in proc.stdout.splitlines() if "downgrade-refused" in ln]
    assert len(refused) == 1
    assert refused[0].strip().startswith(f"mkdocs.yml: error: downgrade-refused: `downgrade` in mkdocs.yml names `{rule}`")
    # and the requirement itself stays an error, not the warning a downgrade gives
    code, findings = check_json(site)
    assert {f["severity"] for f in findings if f["rule"] == rule} == {"error"}


def test_a_downgrade_of_an_item_that_may_be_answered_on_request_is_still_allowed(tmp_path: Path) -> None:
    site = tmp_path / "s"
    init_site(site, laws=["appi"], languages=["ja", "en"], site_name=None, today=TODAY)
    set_policy(site, applies=["appi-fees"], downgrade={"appi-fees": "answered on request (PPC guideline 3-8-1 *1)"})
    code, findings = check_json(site)
    assert "downgrade-refused" not in {f["rule"] for f in findings}
    assert {f["severity"] for f in findings if f["rule"] == "appi-fees"} == {"warning"}


# --- requirements about the policy itself: stated by the site ---------------------------------------------

def test_a_ccpa_site_states_how_its_policy_is_accessible_and_the_disclosures_page_shows_it(tmp_path: Path) -> None:
    site = tmp_path / "us"
    init_site(site, laws=["ccpa"], languages=["en"], site_name="Example Inc. Privacy Policy", today=TODAY)
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    stated = ["ccpa-policy-languages", "ccpa-policy-accessible", "ccpa-policy-printable", "ccpa-policy-homepage-link"]
    for rule in stated:  # init lists each one under `meets`, to be stated
        assert re.search(rf'^        {rule}: ""   # ', text, re.M)
    policy_text = (site / "docs/2025-06-01/en/index.md").read_text(encoding="utf-8")
    assert not any(rule in policy_text for rule in stated)  # no section: nothing in the text can show it
    fill(site)
    code, findings = check_json(site)
    assert code == 1
    assert sorted(f["rule"] for f in findings) == sorted(stated)
    assert all(f["file"] == "mkdocs.yml" and "under `meets` in mkdocs.yml" in f["hint"] for f in findings)

    statements = {
        "ccpa-policy-languages": "We deal with consumers in English only, and publish the policy in English.",
        "ccpa-policy-accessible": "Every page is checked against WCAG 2.1 AA (axe) before it is published.",
        "ccpa-policy-printable": "Every page prints as a clean document.",
        "ccpa-policy-homepage-link": "Our homepage footer links to this policy as “Privacy Policy”.",
    }
    set_policy(site, meets=statements)
    assert check_json(site) == (0, [])
    page = (mkdocs_build(site) / "disclosures" / "index.html").read_text(encoding="utf-8")
    row = next(r for r in page.split("<tr>") if "ccpa-policy-accessible" in r)
    assert "Stated by the site: Every page is checked against WCAG 2.1 AA (axe) before it is published." in row
    for rule in stated:
        assert "Stated by the site: " in next(r for r in page.split("<tr>") if f"<code>{rule}</code>" in r)


def test_meets_naming_a_requirement_the_text_must_disclose_is_an_error(tmp_path: Path) -> None:
    site = tmp_path / "us"
    init_site(site, laws=["ccpa"], languages=["en"], site_name=None, today=TODAY)
    set_policy(site, meets={"ccpa-contact": "we have a contact form"})
    code, findings = check_json(site)
    wrong = [f for f in findings if f["rule"] == "meets-not-statement"]
    assert len(wrong) == 1 and wrong[0]["file"] == "mkdocs.yml"
    assert "`meets` in mkdocs.yml names `ccpa-contact`" in wrong[0]["message"]


# --- a note about the law on the findings of the years it covers -----------------------------------------

def test_a_revision_in_force_before_2017_05_30_carries_the_5000_person_note(tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "2016-06-01"
    for lang in ("ja", "en"):
        (folder / lang).mkdir(parents=True)
        (folder / lang / "index.md").write_text("# Policy\n\n## Operator {#operator}\n\nExample\n", encoding="utf-8")
    (folder / "revision.yml").write_text("summary: {ja: 改定, en: Revised}\n", encoding="utf-8")
    corpus = load_revisions(tmp_path / "docs", ["ja", "en"])
    early = check(CheckContext(corpus=corpus, languages=["ja", "en"], controlling_language="ja",
                               today=dt.date(2016, 7, 1)))
    old_rules = [f for f in early if f.rule in ("appi-operator-name", "appi-purposes-of-use")]
    assert len(old_rules) == 4 and all(any("5,000 people or fewer" in n for n in f.notes) for f in old_rules)
    # a requirement that began in 2022 is not about those years
    assert not any("5,000" in n for f in early if f.rule == "appi-security-measures" for n in f.notes)
    late = check(CheckContext(corpus=corpus, languages=["ja", "en"], controlling_language="ja",
                              today=dt.date(2026, 7, 1)))
    # in force until further notice: the note still covers its first years
    assert all(any("until 2017-05-29" in n for n in f.notes) for f in late if f.rule == "appi-operator-name")


# --- the example site ------------------------------------------------------------------------------------

def test_the_2016_english_is_the_seed_word_for_word_in_its_order() -> None:
    seed = SEED.read_text(encoding="utf-8")
    page = (ROOT / "docs/2016-06-01/en/index.md").read_text(encoding="utf-8")

    def from_seed(text: str) -> str:
        text = re.sub(r"==========|\d+．|\(\d+\)|・", "", text)
        return re.sub(r"\s+", "", text)

    def from_page(text: str) -> str:
        kept = []
        for line in text.split("\n")[1:]:  # the page title is the site's own
            line = re.sub(r"\s*\{#[^}]*\}\s*$", "", line)
            line = re.sub(r"^(\d+\.|-)\s+", "", re.sub(r"^#+\s*", "", line))
            if line.strip() != "* * *":
                kept.append(line.replace("**", ""))
        return re.sub(r"\s+", "", "".join(kept))

    assert from_page(page) == from_seed(seed)
    assert "## [Personal Information Protection Policy] {#protection-policy}" in page
    assert "## [privacy policy] {#privacy-policy}" in page
    closing = page.split("* * *", 1)[1]
    assert closing.lstrip().startswith("The revision shall be applied from a point in time when I announced it")


def test_the_2016_japanese_fixes() -> None:
    page = (ROOT / "docs/2016-06-01/ja/index.md").read_text(encoding="utf-8")
    assert "あらかじめご本人の同意を得ることなく" in page and "事前の同意なく" not in page
    assert "その利用目的を別途当社ホームページにて公表いたします" in page
    assert "お問い合わせ先：MyDMMサポートセンター" in page and "宛先：" not in page
    assert "業務委託先に委託" not in page
    assert not re.search(r"(遵守|利用|提供|対応|公表)します", page)  # one politeness level: いたします


def test_the_example_site_checks_clean_under_appi_alone() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"][0]["policy"]["laws"] == ["appi"]
    proc = subprocess.run([str(BIN / "policy-site"), "check", "--today", "2026-11-27"], cwd=ROOT,
                          capture_output=True, text=True, env=env())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s), 0 warning(s)" in proc.stdout


def test_the_illustrative_2022_revision_says_so_above_the_text_of_every_page(tmp_path: Path) -> None:
    out = tmp_path / "built"
    proc = subprocess.run([str(BIN / "policy-site"), "build", "2022-04-01", "-d", str(out)], cwd=ROOT,
                          capture_output=True, text=True, env=env())
    assert proc.returncode == 0, proc.stderr
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("index.html")
             if p.parent.name not in ("404",)}
    expected = {"ja": "この版は本プロジェクトのために作成した例示であり、DMM.comが公表した文書ではありません。",
                "en": "This revision is an illustration written for this project, not a text DMM.com published."}
    policy_pages = [rel for rel in pages if "assets" not in rel]
    assert {"index.html", "en/index.html", "disclosures/index.html", "en/history/index.html"} <= set(policy_pages)
    for rel in policy_pages:
        lang = "en" if rel.startswith("en/") else "ja"
        html = pages[rel]
        notice = html.index('class="admonition warning policy-revision-notice"')
        assert expected[lang] in html[notice:], rel
        assert notice < html.index("<h1"), rel  # above the text
    # no real person is named in the illustration; what 2016 does not give is marked
    for lang, marker in (("ja", "（例示）"), ("en", "(illustrative)")):
        text = (ROOT / f"docs/2022-04-01/{lang}/index.md").read_text(encoding="utf-8")
        assert "松栄" not in text and "Matsue" not in text
        assert "合同会社DMM.com" in text
        assert text.count(marker) >= 2  # the address and the representative


def test_the_2016_revision_has_no_notice(tmp_path: Path) -> None:
    out = tmp_path / "built"
    proc = subprocess.run([str(BIN / "policy-site"), "build", "2016-06-01", "-d", str(out)], cwd=ROOT,
                          capture_output=True, text=True, env=env())
    assert proc.returncode == 0, proc.stderr
    assert "policy-revision-notice" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_notice_missing_a_language_is_an_error(tmp_path: Path) -> None:
    from policy_site.model.revisions import load_revision_meta

    path = tmp_path / "revision.yml"
    path.write_text("summary: {ja: 改定, en: Revised}\nnotice: {ja: 例示です。}\n", encoding="utf-8")
    meta, findings = load_revision_meta(path, "docs/2030-01-01/revision.yml", "2030-01-01", ["ja", "en"])
    assert meta["notice"] == {"ja": "例示です。"}
    assert [(f.rule, f.lang, f.message) for f in findings] == [("invalid-file", "en", "`notice` has no text in `en`")]


# --- telecom: a section template for init -------------------------------------------------------------------

def test_init_with_telecom_writes_a_table_per_recipient_that_check_reports_until_filled(tmp_path: Path) -> None:
    site = tmp_path / "jp"
    init_site(site, laws=["appi", "telecom"], languages=["ja", "en"], site_name=None, today=TODAY)
    ja = (site / "docs/2025-06-01/ja/index.md").read_text(encoding="utf-8")
    section = ja.split('data-disclosure="telecom-external-transmission"}', 1)[1].split("\n## ", 1)[0]
    assert "| 送信先（サービス名） | 送信される情報 | 利用目的（当社の目的及び送信先での利用目的） |" in section
    assert section.count("TODO(policy-site):") == 3
    assert "電気通信事業法第27条の12、電気通信事業法施行規則第22条の2の29" in section  # the comment cites the law (citation_ja)
    assert 'telecom-easy-to-reach: ""' in (site / "mkdocs.yml").read_text(encoding="utf-8")
    code, findings = check_json(site)
    rows = [f for f in findings if f["rule"] == "placeholder" and "送信先の氏名又は名称" in f["message"]]
    assert code == 1 and len(rows) == 1

    row = {"ja": "| 例示アナリティクス株式会社（例示アナリティクス） | 閲覧したページのURL、端末の識別子 | 当社：利用状況の分析、送信先：統計の作成 |",
           "en": "| Example Analytics K.K. (Example Analytics) | URLs of the pages viewed, a device identifier | "
                 "Ours: analysing use; the recipient's: compiling statistics |"}
    for lang in ("ja", "en"):
        page = site / f"docs/2025-06-01/{lang}/index.md"
        lines = [row[lang] if ln.startswith("| TODO(policy-site):") else ln
                 for ln in page.read_text(encoding="utf-8").split("\n")]
        page.write_text("\n".join(lines), encoding="utf-8")
    remaining = {f["rule"] for f in check_json(site)[1]}
    assert "telecom-external-transmission" not in remaining
    assert "telecom-easy-to-reach" in remaining  # until the site says how under `meets`
