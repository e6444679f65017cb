"""Sites made with `policy-site init` for a US and a German company: filled in, they check clean,
publish to a bare remote, and show what readers of those sites need (the CCPA review as dates,
one heading per document on the "What changed" page)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from conftest import git, rev_or_none
from policy_site.checks import placeholders
from policy_site.rules import load_rules
from test_init import policy_site

DISCLOSURE = re.compile(r'data-disclosure="([^"]+)"')
# Text that meets each kind of requirement, the same facts in every language (as parity requires).
FILLING = {
    ("en", "contact"): "Write to privacy@example.com or call +1 415 555 0100 on weekdays.",
    ("de", "contact"): "Schreiben Sie an privacy@example.com oder rufen Sie werktags +1 415 555 0100 an.",
    ("en", "address"): "Example Inc., 1 Market Street, San Francisco, CA 94105, United States",
    ("de", "address"): "Example Inc., 1 Market Street, San Francisco, CA 94105, United States",
    ("en", "date"): "This policy was last updated on June 1, 2025.",
    ("en", None): "We handle this matter carefully, under our internal rules.",
    ("de", None): "Wir behandeln diesen Punkt sorgfältig nach unseren internen Regeln.",
}
# Sections whose rule asks for more than text (rules/evidence/vocabulary.yml), by rule id.
BY_RULE = {
    ("en", "appi-request-procedures"): "Send the request form by post or to privacy@example.com; we verify your "
                                       "identity before we answer.",
    ("de", "appi-request-procedures"): "Senden Sie das Formular schriftlich an privacy@example.com; wir prüfen Ihre "
                                       "Identität, bevor wir antworten.",
    ("en", "appi-security-measures"): "We keep a basic policy and internal rules, train our staff, control access to "
                                      "our offices and systems, and encrypt data in transit and at rest; the data is "
                                      "handled in the United States.",
    ("de", "appi-security-measures"): "Wir haben organisatorische und technische Regeln, Schulung für alle, "
                                      "Zugangskontrolle zu Büros und Systemen und Verschlüsselung; die Daten werden "
                                      "in den Vereinigten Staaten (United States) verarbeitet.",
}
BY_RULE[("en", "gdpr-controller-identity")] = ("Example GmbH, Musterstrasse 1, 10115 Berlin, Germany; "
                                               "privacy@example.com, +1 415 555 0100")
BY_RULE[("de", "gdpr-controller-identity")] = ("Example GmbH, Musterstrasse 1, 10115 Berlin, Germany; "
                                               "privacy@example.com, +1 415 555 0100")
BY_RULE[("en", "gdpr-retention")] = "We keep invoices for 10 years (statutory retention periods) and account data " \
                                   "until you delete your account."
BY_RULE[("de", "gdpr-retention")] = "Rechnungen bewahren wir 10 Jahre auf (gesetzliche Aufbewahrungsfristen), " \
                                   "Kontodaten bis zur Löschung Ihres Kontos."
COOKIES = {"en": "# Cookie Policy\n\n## Cookies we use {#cookies}\n\nWe use one cookie, to keep you signed in.\n",
           "de": "# Cookie-Richtlinie\n\n## Verwendete Cookies {#cookies}\n\nWir verwenden ein Cookie, "
                 "damit Sie angemeldet bleiben.\n"}


def fill(site: Path) -> None:
    """Replace each placeholder with text meeting the requirement its section declares, and say how
    the site meets each requirement about the policy itself (`meets:` in mkdocs.yml)."""
    config = site / "mkdocs.yml"
    config.write_text(re.sub(r'^(\s+[\w-]+): ""(\s+#.*)?$', r'\1: "Yes: the site does so."', config.read_text(encoding="utf-8"),
                             flags=re.M), encoding="utf-8")
    laws = yaml.safe_load(config.read_text(encoding="utf-8"))["plugins"][0]["policy"]["laws"]
    kinds = {req.id: req.kind for req in load_rules(laws)}
    for page in sorted((site / "docs").glob("*/*/*.md")):
        lang, kind, rule, lines = page.parent.name, None, "", []
        for line in page.read_text(encoding="utf-8").split("\n"):
            declared = DISCLOSURE.search(line) if line.startswith("#") else None
            if declared:
                rule = declared.group(1).split()[0]
                kind = next((kinds[r] for r in declared.group(1).split() if kinds.get(r)), None)
            if line.startswith(placeholders.MARKER):
                line = BY_RULE.get((lang, rule)) or FILLING[(lang, kind)]
            lines.append(line)
        page.write_text("\n".join(lines), encoding="utf-8")


def check(site: Path, today: str) -> tuple[int, list[dict]]:
    proc = policy_site(site, "check", "--today", today, "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)["findings"]


def repository(site: Path, remote: Path) -> None:
    git(remote.parent, "init", "-q", "--bare", str(remote))
    git(site, "init", "-q", "-b", "main")
    git(site, "remote", "add", "origin", str(remote))
    git(site, "add", "-A")
    git(site, "commit", "-qm", "our privacy policy")


def test_a_us_ccpa_site_checks_clean_publishes_and_shows_the_annual_review_as_dates(tmp_path: Path) -> None:
    made = policy_site(tmp_path, "init", "us", "--language", "en", "--law", "ccpa", "--today", "2025-06-01")
    assert made.returncode == 0, made.stderr
    site = tmp_path / "us"
    assert "ccpa-annual-update is met by publishing a new revision" in (site / "mkdocs.yml").read_text()
    fill(site)
    assert check(site, "2025-06-01") == (0, [])
    # eleven months on: quiet; 30 days before the anniversary: a warning; the day after: an error
    assert check(site, "2026-05-01") == (0, [])
    code, findings = check(site, "2026-05-02")
    assert code == 0 and [(f["rule"], f["severity"]) for f in findings] == [("ccpa-annual-update", "warning")]
    code, findings = check(site, "2026-06-02")
    assert code == 1 and [(f["rule"], f["severity"]) for f in findings] == [("ccpa-annual-update", "error")]

    remote = tmp_path / "us.git"
    repository(site, remote)
    published = policy_site(site, "publish", "--push", "--today", "2025-06-01")
    assert published.returncode == 0, published.stderr
    assert rev_or_none(remote, "gh-pages") is not None
    page = git(remote, "show", "gh-pages:2025-06-01/disclosures/index.html")
    assert "Reviewed on June 1, 2025; next review due by June 1, 2026." in page
    assert "Not disclosed" not in page


def test_an_english_and_german_gdpr_site_with_a_cookie_policy_publishes_two_revisions(tmp_path: Path) -> None:
    made = policy_site(tmp_path, "init", "eu", "--language", "en", "--language", "de", "--law", "gdpr",
                       "--today", "2025-06-01")
    assert made.returncode == 0, made.stderr
    assert "time zone: Europe/Berlin" in made.stdout
    site = tmp_path / "eu"
    for lang, text in COOKIES.items():
        (site / "docs" / "2025-06-01" / lang / "cookies.md").write_text(text, encoding="utf-8")
    fill(site)
    assert check(site, "2025-06-01") == (0, [])
    remote = tmp_path / "eu.git"
    repository(site, remote)
    first = policy_site(site, "publish", "--push", "--today", "2025-06-01")
    assert first.returncode == 0, first.stderr

    # a second revision changes both documents, in both languages
    new = policy_site(site, "new-revision", "2025-09-01", "--today", "2025-06-01")
    assert new.returncode == 0, new.stderr
    folder = site / "docs" / "2025-09-01"
    (folder / "revision.yml").write_text("summary:\n  en: Cookies and contact updated.\n"
                                         "  de: Cookies und Kontakt aktualisiert.\n", encoding="utf-8")
    edits = {"en": ("one cookie", "two cookies"), "de": ("ein Cookie", "zwei Cookies")}
    for lang, (old, new_text) in edits.items():
        cookies = folder / lang / "cookies.md"
        cookies.write_text(cookies.read_text(encoding="utf-8").replace(old, new_text), encoding="utf-8")
        index = folder / lang / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("carefully", "very carefully")
                         .replace("sorgfältig", "sehr sorgfältig"), encoding="utf-8")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "second revision")
    assert check(site, "2025-06-01")[0] == 0
    second = policy_site(site, "publish", "--push", "--today", "2025-06-01")
    assert second.returncode == 0, second.stderr

    for prefix, titles in (("", ["Privacy Policy", "Cookie Policy"]), ("de/", [None, "Cookie-Richtlinie"])):
        changes = git(remote, "show", f"gh-pages:2025-09-01/{prefix}changes/index.html")
        headings = re.findall(r'<h2 id="changes-(\w+)" class="policy-changes__document">([^<]*)</h2>', changes)
        assert [name for name, _ in headings] == ["index", "cookies"], changes[:2000]
        assert all(expected in (None, title) for (_, title), expected in zip(headings, titles))
        ids = re.findall(r' id="([^"]+)"', changes)
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
        # each document's changes come under its own heading
        assert re.search(r'<link rel="stylesheet" href="(\.\./)+assets/policy/redline\.css">', changes)
        assert "redline.css" not in git(remote, "show", f"gh-pages:2025-09-01/{prefix}index.html")  # lighter
        cookie_part = changes.split('id="changes-cookies"', 1)[1]
        assert "<ins>" in cookie_part and 'id="change-cookies--cookies"' in cookie_part
