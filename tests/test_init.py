"""`policy-site init`: any company gets a site that builds at once and checks clean once written.

A new site has one section per requirement in force under the chosen laws, in
every language, each with a `TODO(policy-site):` placeholder that `check` reports
until it is replaced. These tests drive the real thing: `mkdocs build --strict`,
the installed `policy-site` command, git with a bare remote and mike.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, GIT_ENV, git, rev_or_none
from policy_site.checks import parity, placeholders
from policy_site.commands import check_context
from policy_site.errors import PolicySiteError
from policy_site.init import init_site
from policy_site.rules import load_rules
from policy_site.site import load_site

TODAY = dt.date(2025, 6, 1)
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "policy_site" / "templates"
DISCLOSURE = re.compile(r'data-disclosure="([^"]+)"')

# Plausible text for each placeholder, by the evidence the requirement its section declares asks for.
# The facts (e-mail, phone, postal code) are the same in every language, as parity requires.
FILLING = {
    ("ja", "contact"): "個人情報保護窓口（〒100-0001 東京都千代田区千代田1-1、メール: privacy@example.co.jp、"
                       "電話: 03-1234-5678、受付時間: 平日）までご連絡ください。",
    ("en", "contact"): "Write to our privacy desk at 1-1 Chiyoda, Tokyo 100-0001, Japan, or at privacy@example.co.jp, "
                       "or call 03-1234-5678 on weekdays.",
    ("ja", "country"): "個人データは日本国内においてのみ取り扱い、外国の第三者には提供しません。",
    ("en", "country"): "Personal data is handled only in Japan and is not transferred to third parties abroad.",
    ("ja", "address"): "〒100-0001 東京都千代田区千代田1-1 例示商店（個人事業）",
    ("en", "address"): "Example Shoten (sole proprietor), 1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001, Japan",
    ("ja", "procedure"): "請求は個人情報保護窓口（メール: privacy@example.co.jp、電話: 03-1234-5678）で受け付け、"
                         "本人確認の上、書面で回答します。",
    ("en", "procedure"): "Send requests to privacy@example.co.jp or call 03-1234-5678; we verify your identity and "
                         "answer in writing.",
    ("ja", "security"): "組織的安全管理措置として責任者を置き、技術的安全管理措置としてアクセス制御と通信の暗号化を行って"
                        "います。人的安全管理措置として従業者に毎年研修を行います。個人データは日本国内においてのみ保管します。",
    ("en", "security"): "As organizational measures we appointed a manager for personal data; as technical measures we "
                        "control access and encrypt traffic; as human measures we train our staff every year. "
                        "Personal data is stored only in Japan.",
    ("ja", "retention"): "契約に関する記録は契約終了後6年間保存し、その他の個人データはアカウントの削除時に消去します。",
    ("en", "retention"): "We keep records of a contract for 6 years after the end of the contract, and other personal "
                         "data until you delete your account.",
    ("ja", None): "当社は、この事項について、社内規程に基づき適切に取り扱います。",
    ("en", None): "We handle this matter properly, under our internal rules.",
}


def env() -> dict[str, str]:
    return {**os.environ, **GIT_ENV, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "POLICY_SITE_TODAY": TODAY.isoformat()}


def policy_site(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "policy-site"), *args], cwd=cwd, capture_output=True, text=True, env=env())


def mkdocs_build(site: Path) -> Path:
    proc = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=site, capture_output=True, text=True,
                          env=env())
    assert proc.returncode == 0, proc.stderr
    return site / "site"


def check_json(site: Path) -> tuple[int, list[dict]]:
    proc = policy_site(site, "check", "--today", TODAY.isoformat(), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)["findings"]


def fill_placeholders(site: Path, laws: list[str]) -> int:
    """Replace every placeholder line with text that meets its section's requirement; return how many."""
    order = ("security", "procedure", "contact", "address", "country", "retention")
    kinds = {req.id: next((k for k in order if k in req.evidence_kinds), None) for req in load_rules(laws)}
    replaced = 0
    for page in sorted((site / "docs").glob("*/*/*.md")):
        lang = page.parent.name
        lines, kind = [], None
        for line in page.read_text(encoding="utf-8").split("\n"):
            declared = DISCLOSURE.search(line) if line.startswith("#") else None
            if declared:
                kind = next((kinds[r] for r in declared.group(1).split() if kinds.get(r)), None)
            if line.startswith(placeholders.MARKER):
                line, replaced = FILLING[(lang, kind)], replaced + 1
            lines.append(line)
        page.write_text("\n".join(lines), encoding="utf-8")
    return replaced


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- a new bilingual site, from init to the published branch ------------------------------------

def test_new_site_builds_at_once_fails_check_until_written_then_publishes(tmp_path: Path) -> None:
    site = tmp_path / "privacy"
    created = init_site(site, laws=["appi"], languages=["ja", "en"], site_name=None, today=TODAY).files

    rels = sorted(p.relative_to(site).as_posix() for p in created)
    assert {"mkdocs.yml", "README.md", "Makefile", "requirements.txt", ".gitignore", "overrides/README.md",
            "docs/2025-06-01/revision.yml", "docs/2025-06-01/ja/index.md",
            "docs/2025-06-01/en/index.md"} <= set(rels)
    assert rels == sorted(files_under(site))  # what it says it wrote is what is there
    workflows = Path(placeholders.__file__).parents[1] / "site_template" / "github" / "workflows"
    for workflow in sorted(workflows.glob("*.yml")):
        assert (site / ".github" / "workflows" / workflow.name).read_bytes() == workflow.read_bytes()
    assert (site / ".gitignore").read_text().split() == ["site/", ".venv/", ".cache/"]

    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    policy = config["plugins"][0]["policy"]
    assert policy == {"established": TODAY, "controlling_language": "ja", "timezone": "Asia/Tokyo",
                      "laws": ["appi"], "applies": [], "notice_period": 30}
    assert config["strict"] is True and config["theme"]["font"] is False
    assert config["theme"]["custom_dir"] == "overrides"
    assert [(lang["locale"], lang["name"]) for lang in config["plugins"][2]["i18n"]["languages"]] == [
        ("ja", "日本語"), ("en", "English")]
    # the conditional requirements are listed in a comment, with how to declare them
    header = (site / "mkdocs.yml").read_text(encoding="utf-8").split("\nsite_name:")[0]
    assert "appi-representative-name" in header and "`applies:`" in header

    # every language has the same sections, ids and placeholders; Japanese labels in Japanese
    loaded = load_site(site / "mkdocs.yml")
    revision = loaded.corpus.revisions[0]
    ja, en = revision.document("index", "ja"), revision.document("index", "en")
    assert [s.id for s in ja.sections] == [s.id for s in en.sections]
    assert ja.section("operator-name").disclosures == ("appi-operator-name",)
    assert ja.section("operator-name").title == "1. 個人情報取扱事業者の氏名又は名称"
    assert en.section("operator-address").title == "2. Address of the business operator"
    assert ja.text.count(placeholders.MARKER) == en.text.count(placeholders.MARKER) == len(ja.sections)
    assert "appi-representative-name" not in ja.text  # conditional: only when declared in `applies`

    built = mkdocs_build(site)
    page = (built / "index.html").read_text(encoding="utf-8")
    assert 'id="operator-name"' in page and "個人情報取扱事業者の住所" in page
    assert 'id="operator-name"' in (built / "en" / "index.html").read_text(encoding="utf-8")

    # the check fails on the placeholders, and on nothing a legal team did not have to write
    code, findings = check_json(site)
    assert code == 1
    errors = [f for f in findings if f["severity"] == "error"]
    marks = [f for f in errors if f["rule"] == "placeholder"]
    assert len(marks) == 2 * len(ja.sections)
    assert {(f["lang"], f["file"]) for f in marks} == {("ja", "docs/2025-06-01/ja/index.md"),
                                                       ("en", "docs/2025-06-01/en/index.md")}
    assert all(ja.text.split("\n")[f["line"] - 1].startswith(placeholders.MARKER)
               for f in marks if f["lang"] == "ja")
    # a section holding only its placeholder does not count as disclosing anything
    sections = {s.disclosures[0] for s in ja.sections if s.disclosures}
    assert {f["rule"] for f in errors} - {"placeholder"} == sections

    assert fill_placeholders(site, ["appi"]) == 2 * len(ja.sections)
    code, findings = check_json(site)
    assert (code, findings) == (0, [])
    mkdocs_build(site)

    # the Makefile's `make check` runs the same check (with the site's venv standing in)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "policy-site").symlink_to(BIN / "policy-site")
    (venv / ".installed").touch()
    make = subprocess.run(["make", "--no-print-directory", "check", f"VENV={venv}"], cwd=site, capture_output=True,
                          text=True, env=env())
    assert make.returncode == 0, make.stdout + make.stderr
    assert "0 error(s), 0 warning(s)" in make.stdout
    dry = subprocess.run(["make", "-n", "install", f"VENV={tmp_path / 'fresh'}", "POLICY_SITE_SPEC=/src/policy-site"],
                         cwd=site, capture_output=True, text=True, env=env())
    assert f"{tmp_path / 'fresh'}/bin/python -m pip install --quiet /src/policy-site" in dry.stdout, dry.stdout

    # committed and pushed, it publishes its first revision
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(site, "init", "-q", "-b", "main")
    git(site, "remote", "add", "origin", str(remote))
    git(site, "add", "-A")
    git(site, "commit", "-qm", "our privacy policy")
    assert "site/" not in git(site, "ls-files")
    published = policy_site(site, "publish", "--push", "--today", TODAY.isoformat())
    assert published.returncode == 0, published.stderr
    assert rev_or_none(remote, "gh-pages") == rev_or_none(site, "gh-pages") is not None
    versions = json.loads(git(remote, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("2025-06-01", ["latest"])]
    assert "例示商店（個人事業）" in git(remote, "show", "gh-pages:2025-06-01/index.html")


def test_placeholder_findings_name_file_line_revision_and_language(tmp_path: Path) -> None:
    site = tmp_path / "s"
    init_site(site, laws=["appi"], languages=["ja", "en"], site_name=None, today=TODAY)
    loaded = load_site(site / "mkdocs.yml")
    findings = placeholders.check(check_context(loaded, today=TODAY, published={}))
    text = (site / "docs/2025-06-01/en/index.md").read_text(encoding="utf-8").split("\n")
    en = [f for f in findings if f.lang == "en"]
    assert en and all(f.rule == "placeholder" and f.severity == "error" and f.revision == "2025-06-01"
                      and f.file == "docs/2025-06-01/en/index.md" and placeholders.MARKER in text[f.line - 1]
                      for f in en)
    assert "replace the placeholder with your text" in en[0].hint
    assert len(en) == len([f for f in findings if f.lang == "ja"])


def test_each_section_comment_says_what_to_write_in_the_language_of_its_document(tmp_path: Path) -> None:
    site = tmp_path / "s"
    init_site(site, laws=["appi", "gdpr", "ccpa"], languages=["ja", "en", "fr"], site_name=None, today=TODAY)
    docs = {lang: (site / f"docs/2025-06-01/{lang}/index.md").read_text(encoding="utf-8") for lang in ("ja", "en", "fr")}
    security = load_rules(["appi"]).get("appi-security-measures")
    assert ("<!-- 記載事項（法第32条第1項第4号、施行令第10条第1号）: 基本方針の策定、個人データの取扱いに係る"
            "規律の整備、組織的・人的・物理的・技術的安全管理措置") in docs["ja"]
    assert "『ガイドラインに従う』とだけ書くのでは足りない。" in docs["ja"]
    assert security.hint_for("en") not in docs["ja"]
    assert f"What to write (APPI Art.32(1)(iv), Cabinet Order Art.10(i)): {security.hint_for('en')} -->" in docs["en"]
    assert f": {security.hint_for('en')} -->" in docs["fr"]  # no French hint: the English one
    # every section of the Japanese document has a Japanese comment, one per section
    comments = re.findall(r"^<!-- (.*) -->$", docs["ja"], re.M)
    assert len(comments) == docs["ja"].count(placeholders.MARKER)
    assert all(c.startswith("記載事項（") and re.search(r"[\u3040-\u30ff]", c.split("）: ", 1)[1]) for c in comments)
    # what the comments say does not make the languages differ in their facts
    loaded = load_site(site / "mkdocs.yml")
    assert parity.check(check_context(loaded, today=TODAY, published={})) == []


# --- other languages and laws ---------------------------------------------------------------

def test_english_only_gdpr_site_has_no_appi_anywhere_and_checks_clean_once_written(tmp_path: Path) -> None:
    site = tmp_path / "s"
    init_site(site, laws=["gdpr"], languages=["en"], site_name="Example Ltd Privacy Notice", today=TODAY,
              timezone="Europe/London")
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Example Ltd Privacy Notice"
    policy = config["plugins"][0]["policy"]
    assert (policy["controlling_language"], policy["timezone"], policy["laws"]) == ("en", "Europe/London", ["gdpr"])
    assert (site / ".gitattributes").read_text().splitlines()[-1] == "* text=auto eol=lf"
    assert config["plugins"][1]["search"]["lang"] == ["en"]
    assert sorted(p.name for p in (site / "docs" / "2025-06-01").iterdir()) == ["en", "revision.yml"]
    text = (site / "docs/2025-06-01/en/index.md").read_text(encoding="utf-8")
    assert 'data-disclosure="gdpr-controller-identity"' in text
    assert "appi" not in (site / "mkdocs.yml").read_text(encoding="utf-8").lower()
    assert "appi" not in text.lower() and "APPI" not in text
    ids = re.findall(r"\{#([\w-]+) ", text)
    assert len(ids) == len(set(ids))

    mkdocs_build(site)
    assert check_json(site)[0] == 1
    fill_placeholders(site, ["gdpr"])
    assert check_json(site) == (0, [])
    built = mkdocs_build(site)
    page = (built / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in page and "privacy@example.co.jp" in page
    disclosures = (built / "disclosures" / "index.html").read_text(encoding="utf-8")
    assert "gdpr-controller-identity" in disclosures
    assert "appi" not in disclosures.lower()  # no APPI row, citation or note
    rules = policy_site(site, "rules", "--on", TODAY.isoformat())
    assert rules.returncode == 0 and "gdpr-purposes" in rules.stdout and "appi-" not in rules.stdout


def test_a_site_without_appi_is_not_checked_for_it(tmp_path: Path) -> None:
    site = tmp_path / "s"
    init_site(site, laws=["gdpr"], languages=["en"], site_name=None, today=TODAY)
    fill_placeholders(site, ["gdpr"])
    loaded = load_site(site / "mkdocs.yml")
    assert list(loaded.policy.laws) == ["gdpr"]  # nothing adds APPI back
    assert check_json(site) == (0, [])


def test_init_chooses_appi_only_when_asked_or_for_a_japanese_site(tmp_path: Path) -> None:
    from policy_site.init import make_plan

    def laws(laws: list[str], languages: list[str]) -> list[str]:
        return make_plan(laws=laws, languages=languages, site_name=None, today=TODAY).laws

    assert laws([], ["ja", "en"]) == ["appi"]
    assert laws([], ["en", "ja"]) == ["appi"]
    assert laws(["gdpr"], ["ja"]) == ["gdpr"]
    assert laws(["ccpa", "appi", "ccpa"], ["en"]) == ["ccpa", "appi"]
    with pytest.raises(PolicySiteError, match=re.escape("no law chosen: name each law the policy must meet with "
                                                        "--law")):
        make_plan(laws=[], languages=["en"], site_name=None, today=TODAY)


# --- refusing to overwrite ---------------------------------------------------------------------

@pytest.mark.parametrize("existing, message", [
    ({"notes.txt": "ours"}, "holds notes.txt: init writes only into a new or empty folder"),
    ({"mkdocs.yml": "site_name: ours\n"}, "already holds a site (mkdocs.yml)"),
])
def test_init_refuses_a_folder_with_something_in_it_and_writes_nothing(
        tmp_path: Path, existing: dict[str, str], message: str) -> None:
    site = tmp_path / "s"
    site.mkdir()
    for name, text in existing.items():
        (site / name).write_text(text)
    with pytest.raises(PolicySiteError, match=re.escape(message)) as refused:
        init_site(site, laws=["appi"], languages=["ja", "en"], site_name=None, today=TODAY)
    assert str(site) in str(refused.value)
    assert files_under(site) == {name: text.encode() for name, text in existing.items()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]  # no half-made site beside it


@pytest.mark.parametrize("laws, languages, message", [
    (["hipaa"], ["ja", "en"], "unknown law 'hipaa'"),
    (["appi"], ["japanese"], "'japanese' is not a language code"),
    (["appi"], [], "no language given"),
])
def test_init_refuses_unknown_laws_and_languages_before_writing(
        tmp_path: Path, laws: list[str], languages: list[str], message: str) -> None:
    with pytest.raises(PolicySiteError, match=re.escape(message)):
        init_site(tmp_path / "s", laws=laws, languages=languages, site_name=None, today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    site = tmp_path / "s"
    site.mkdir()
    created = init_site(site, laws=[], languages=["ja", "en"], site_name=None, today=TODAY)
    assert (site / "mkdocs.yml") in created.files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


# --- the site's own overrides win over the package's templates -------------------------------------

def test_a_site_override_of_a_package_template_wins(tmp_path: Path) -> None:
    site = tmp_path / "s"
    init_site(site, laws=["appi"], languages=["ja", "en"], site_name=None, today=TODAY)
    ours = site / "overrides" / "partials" / "policy-meta.html"
    ours.parent.mkdir(parents=True)
    original = (PACKAGE_TEMPLATES / "partials" / "policy-meta.html").read_text(encoding="utf-8")
    ours.write_text(original.replace('<div class="policy-meta">',
                                     '<div class="policy-meta"><p>SITE-OVERRIDE-MARKER</p>', 1), encoding="utf-8")
    assert "SITE-OVERRIDE-MARKER" in ours.read_text(encoding="utf-8")
    built = mkdocs_build(site)
    for page in (built / "index.html", built / "en" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "SITE-OVERRIDE-MARKER" in html
        assert "policy-meta__dates" in html  # the rest of the partial still renders


# --- the command line ---------------------------------------------------------------------------------

def _has_init_command() -> bool:
    proc = subprocess.run([str(BIN / "policy-site"), "--help"], capture_output=True, text=True, env=env())
    return re.search(r"^\s+init\s", proc.stdout, re.M) is not None


@pytest.mark.skipif(not _has_init_command(), reason="`policy-site init` is not wired into cli.py yet")
def test_policy_site_init_on_the_command_line(tmp_path: Path) -> None:
    made = policy_site(tmp_path, "init", "privacy", "--law", "gdpr", "--law", "ccpa", "--language", "en", "--language", "ja",
                       "--site-name", "Example Privacy", "--today", TODAY.isoformat())
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("created privacy/") and "docs/2025-06-01/" in made.stdout
    config = yaml.safe_load((tmp_path / "privacy" / "mkdocs.yml").read_text(encoding="utf-8"))
    policy = config["plugins"][0]["policy"]
    assert (config["site_name"], policy["laws"], policy["controlling_language"], policy["established"]) == (
        "Example Privacy", ["gdpr", "ccpa"], "en", TODAY)
    assert [lang["locale"] for lang in config["plugins"][2]["i18n"]["languages"]] == ["en", "ja"]

    before = files_under(tmp_path)
    again = policy_site(tmp_path, "init", "privacy")
    assert again.returncode == 1
    assert again.stderr.startswith("error: privacy already holds a site (mkdocs.yml)") and "Traceback" not in again.stderr
    assert files_under(tmp_path) == before

    bad = policy_site(tmp_path, "init", "other", "--law", "hipaa")
    assert (bad.returncode, bad.stderr.splitlines()) == (1, ["error: unknown law 'hipaa': use one of appi, caloppa, ccpa, "
                                                             "gdpr, telecom"])
    assert not (tmp_path / "other").exists()


def test_the_daily_publish_runs_just_after_midnight_in_the_site_time_zone(tmp_path: Path) -> None:
    from policy_site.init import daily_cron

    assert daily_cron("Asia/Tokyo") == "5 15 * * *"
    assert daily_cron("UTC") == "5 0 * * *"
    assert daily_cron("America/New_York") == "5 5 * * *"  # 00:05 EST, 01:05 EDT
    site = tmp_path / "en-only"
    init_site(site, laws=["appi"], languages=["en"], site_name=None, today=TODAY, timezone="UTC")
    workflow = (site / ".github" / "workflows" / "publish.yml").read_text()
    assert '- cron: "5 0 * * *"  # 00:05 in UTC' in workflow
    bilingual = tmp_path / "ja-en"
    init_site(bilingual, laws=["appi"], languages=["ja", "en"], site_name=None, today=TODAY)
    shipped = Path(__file__).parent.parent / "src/policy_site/site_template/github/workflows/publish.yml"
    assert (bilingual / ".github" / "workflows" / "publish.yml").read_text() == shipped.read_text()
