"""A Berlin GmbH's compliant privacy policy (Datenschutzerklärung), German controlling and English,
imported into a site made by `policy-site init --law gdpr`: it checks clean with no edit to its
words, once a person confirms the proposed annotations and says which conditional requirements
apply, and publishes to a bare remote. The policy (tests/data/gdpr-de-en/) is our own text, in
the style of German notices: numbered sections, the right to object and the complaint in
sections of their own, § 147 AO / § 257 HGB periods, `1.000,50 €`, `030 1234567`."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import git, rev_or_none
from test_init import policy_site
from test_init_sites import check, repository

SOURCE = Path(__file__).parent / "data" / "gdpr-de-en"
APPLIES = ["gdpr-dpo-contact", "gdpr-legitimate-interests", "gdpr-recipients", "gdpr-third-country-transfers",
           "gdpr-withdraw-consent", "gdpr-provision-requirement", "gdpr-right-to-object-separate"]


def test_a_german_gdpr_policy_imports_checks_clean_and_publishes(tmp_path: Path) -> None:
    made = policy_site(tmp_path, "init", "gmbh", "--language", "de", "--language", "en", "--law", "gdpr",
                       "--today", "2026-12-02")
    assert made.returncode == 0, made.stderr
    site = tmp_path / "gmbh"
    for path in sorted((site / "docs").rglob("*"), reverse=True):  # the scaffold goes: the policy replaces it
        path.unlink() if path.is_file() else path.rmdir()
    imported = policy_site(site, "import", "--source", f"de={SOURCE / 'de.md'}", "--en", str(SOURCE / "en.md"))
    assert imported.returncode == 0, imported.stderr
    assert "effective date from a dated line in" in imported.stdout and "de.md" in imported.stdout  # Stand: ...
    folder = site / "docs" / "2027-01-15"
    german = (folder / "de" / "index.md").read_text(encoding="utf-8")
    # the words are kept: every line of the source is in the imported text
    for line in (SOURCE / "de.md").read_text(encoding="utf-8").splitlines():
        assert line.strip() in german, line
    assert "### 10435 Berlin" not in german  # the postal-code line stays in the address
    heads = {ident: set(rules.split()) for ident, rules in
             re.findall(r"^## .*\{#([\w-]+)(?: data-disclosure=\"([^\"]*)\")?\}", german, flags=re.M)}
    assert heads["third-country-transfers"] == {"gdpr-third-country-transfers"}
    # the right to object and the complaint, in sections of their own, are part of the rights
    assert heads["objection"] == {"gdpr-right-to-object-separate", "gdpr-data-subject-rights"}
    assert heads["complaints"] == {"gdpr-complaint-authority", "gdpr-data-subject-rights"}
    english = (folder / "en" / "index.md").read_text(encoding="utf-8")
    assert re.findall(r"\{#([\w-]+)", english) == list(heads)  # aligned across languages

    # the person reviewing confirms the proposals, says what applies and when it was announced
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("applies: []", f"applies: [{', '.join(APPLIES)}]"),
                      encoding="utf-8")
    with (folder / "revision.yml").open("a", encoding="utf-8") as yml:
        yml.write("announced: 2026-12-01\n")
    assert check(site, "2026-12-02") == (0, [])

    remote = tmp_path / "gmbh.git"
    repository(site, remote)
    published = policy_site(site, "publish", "--push", "--today", "2026-12-02")
    assert published.returncode == 0, published.stderr
    assert rev_or_none(remote, "gh-pages") is not None
    page = git(remote, "show", "gh-pages:2027-01-15/index.html")
    assert "Datenschutzerklärung" in page and "1.000,50 €" in page
    assert "Nicht angegeben" not in git(remote, "show", "gh-pages:2027-01-15/disclosures/index.html")
