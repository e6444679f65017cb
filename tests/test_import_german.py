"""Importing a German policy (with its English translation): the postal-code line of an address
stays in the address, `Stand: 15. Januar 2027` dates the revision, sections get the English
title's id (letters with umlauts kept), and annotations proposed from either language's wording
go on the section in every language. Our own short texts, in the style of German notices."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_site.importer.ids import assign_ids, slug, topic_id
from policy_site.importer.reading import Source
from policy_site.importer.revision import date_in_text, plan_revision
from policy_site.importer.structure import normalize_markdown
from policy_site.rules import load_rules

DE = """# Datenschutzerklärung

Stand: 15. Januar 2027

## 1. Verantwortlicher

Muster Werkstatt GmbH
Lindenweg 3
10435 Berlin
75008 Paris
1 rue de Rivoli

## 2. Übermittlung in Drittländer

Wir übermitteln Daten in die USA auf Grundlage von Standardvertragsklauseln.

## 3. Widerspruchsrecht

Sie können der Verarbeitung jederzeit widersprechen (Art. 21 DSGVO).
"""
EN = """# Privacy Policy

Last updated: January 15, 2027

## 1. Controller

Muster Werkstatt GmbH, Lindenweg 3, 10435 Berlin, Germany

## 2. Data sent abroad

We send data to the USA under standard contractual clauses.

## 3. Objections

You may object to the processing at any time (Art. 21 GDPR).
"""


def test_a_postal_code_line_is_no_heading() -> None:
    doc = normalize_markdown(DE)
    assert [h.title for h in doc.headings] == ["1. Verantwortlicher", "2. Übermittlung in Drittländer",
                                               "3. Widerspruchsrecht"]
    # a short section number without a point is still a heading
    assert [h.title for h in normalize_markdown("# T\n\n2 Definitions\n\nText.\n").headings] == ["2 Definitions"]


@pytest.mark.parametrize("line", ["Stand: 15. Januar 2027", "Gültig ab 15.01.2027", "Zuletzt aktualisiert am 15.1.2027"])
def test_a_german_dated_line_dates_the_revision(line: str) -> None:
    sources = {"de": Source("de.md", f"# Datenschutzerklärung\n\n{line}\n", False),
               "en": Source("en.md", "# Privacy Policy\n\nLast updated: July 1, 2027\n", False)}
    assert date_in_text(sources, ["de", "en"]) == (dt.date(2027, 1, 15), "a dated line in de.md")


def test_ids_come_from_topics_or_the_english_title_and_keep_umlauts() -> None:
    assert topic_id("6. Übermittlung in Drittländer") == "third-country-transfers"
    assert topic_id("Joint Use") == "joint-use"  # a topic of two words matches the title, spaces and all
    assert slug("4. Übermittlung an Dienstleister") == "ubermittlung-dienstleister"
    assert slug("Straße und Hausnummer") == "strasse-und-hausnummer"
    ids = assign_ids({"de": ["Allgemeines zur Datenverarbeitung"], "en": ["General information on processing"]},
                     {"de": [None], "en": [None]}, ["de", "en"])
    assert ids == {"de": ["general-information-processing"], "en": ["general-information-processing"]}


def test_a_proposal_from_either_language_goes_on_the_section_in_both() -> None:
    rules = load_rules(["gdpr"]).ids
    plan = plan_revision({"de": Source("de.md", DE, False), "en": Source("en.md", EN, False)},
                         effective=dt.date(2027, 1, 15), languages=["de", "en"], rules=rules)
    proposed = {lang: [sorted(p.rule for p in ps) for ps in doc.proposals] for lang, doc in plan.documents.items()}
    # "Drittländer" proposes the transfers in German, where the English "Data sent abroad" says nothing
    # to the word list; "Objections" likewise takes the German "Widerspruchsrecht"'s proposals
    assert proposed["de"] == proposed["en"]
    assert "gdpr-third-country-transfers" in proposed["en"][1]
    assert proposed["en"][2] == ["gdpr-data-subject-rights", "gdpr-right-to-object-separate"]
    assert plan.documents["en"].ids == plan.documents["de"].ids == ["operator", "third-country-transfers",
                                                                    "objection"]


def test_a_paragraph_sign_title_is_a_heading_and_a_citation_is_not() -> None:
    doc = normalize_markdown("# Datenschutzerklärung\n\n§ 1 Verantwortlicher\n\nMuster GmbH\n\n"
                             "**§ 2 Zwecke der Verarbeitung**\n\nWir bewahren Belege nach\n§ 257 HGB und\n§ 147 AO auf.\n\n"
                             "§ 147 AO gilt.\n")
    assert [h.title for h in doc.headings] == ["§ 1 Verantwortlicher", "§ 2 Zwecke der Verarbeitung"]


def test_numbered_subsections_are_headings_one_level_down() -> None:
    doc = normalize_markdown("# Datenschutzerklärung\n\n1. Allgemeines\n\nText.\n\n2. Datenverarbeitung\n\n"
                             "2.1 Server-Logfiles\n\nText.\n\n2.2 Kontaktformular\n\nText.\n\n3. Ihre Rechte\n\n"
                             "Wir haben\n1.000 Kunden\nin Berlin.\n")
    assert [(h.level, h.title) for h in doc.headings] == [
        (2, "1. Allgemeines"), (2, "2. Datenverarbeitung"), (3, "2.1 Server-Logfiles"), (3, "2.2 Kontaktformular"),
        (2, "3. Ihre Rechte")]
