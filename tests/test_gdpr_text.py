"""What a GDPR notice's text must say (Art.13(2), 14(2)): every data-subject right by its name,
and a storage period or the criteria that decide it, in each language of a GDPR site. Texts are
our own words, modelled on notices of EU companies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policy_site.checks import CheckContext
from policy_site.checks.disclosures import check
from policy_site.checks.proof import MARKER
from policy_site.facts.evidence import gives, lacking, vocabulary
from policy_site.init import init_site
from policy_site.model.revisions import load_revisions
from policy_site.rules import load_rules

TODAY = dt.date(2026, 6, 1)
RIGHTS = ("right-access", "right-rectification", "right-erasure", "right-restriction", "right-portability",
          "right-objection", "right-complaint")

EN = """\
# Privacy Notice

## Who we are {#controller data-disclosure="gdpr-controller-identity"}

Beispiel GmbH, Musterstraße 1, 10115 Berlin, Germany. E-mail: privacy@example.eu

## Why we use your data {#purposes data-disclosure="gdpr-purposes gdpr-legal-basis"}

We use your data to run your account (Art. 6(1)(b) GDPR) and to answer your questions.

## How long we keep it {#retention data-disclosure="gdpr-retention"}

{retention}

## Your rights {#rights data-disclosure="gdpr-data-subject-rights gdpr-complaint-authority"}

{rights}

## Automated decisions {#automated data-disclosure="gdpr-automated-decisions"}

We take no decision about you by automated means alone.
"""

DE = """\
# Datenschutzhinweise

## Wer wir sind {#controller data-disclosure="gdpr-controller-identity"}

Beispiel GmbH, Musterstraße 1, 10115 Berlin, Deutschland. E-Mail: privacy@example.eu

## Wozu wir Ihre Daten nutzen {#purposes data-disclosure="gdpr-purposes gdpr-legal-basis"}

Wir nutzen Ihre Daten, um Ihr Konto zu führen (Art. 6 Abs. 1 lit. b DSGVO) und Ihre Fragen zu beantworten.

## Wie lange wir sie speichern {#retention data-disclosure="gdpr-retention"}

{retention}

## Ihre Rechte {#rights data-disclosure="gdpr-data-subject-rights gdpr-complaint-authority"}

{rights}

## Automatisierte Entscheidungen {#automated data-disclosure="gdpr-automated-decisions"}

Wir treffen keine Entscheidung über Sie allein auf automatisierter Grundlage.
"""

ALL_RIGHTS = {
    "en": "You may ask us for access to your data, and have it rectified or erased. You may ask us to restrict "
          "its processing, to hand it to you or another company in a portable form (data portability), and you "
          "may object to its processing at any time. You may also lodge a complaint with a supervisory authority.",
    "de": "Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung, das Recht "
          "auf Datenübertragbarkeit und ein Widerspruchsrecht. Außerdem können Sie sich bei einer "
          "Datenschutz-Aufsichtsbehörde beschweren.",
}
WITHOUT_PORTABILITY_AND_COMPLAINT = {
    "en": "You may ask us for access to your data, and have it rectified or erased. You may ask us to restrict "
          "its processing, and you may object to its processing at any time.",
    "de": "Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie ein "
          "Widerspruchsrecht.",
}
PERIOD = {"en": "We keep invoices for 6 years after the end of the contract, and delete the rest when you close "
                "your account.",
          "de": "Rechnungen bewahren wir bis zum Ablauf der gesetzlichen Aufbewahrungsfristen auf, alles andere "
                "löschen wir, wenn Sie Ihr Konto schließen."}
AS_LONG_AS_NECESSARY = {"en": "We keep your data as long as necessary for the purposes above.",
                        "de": "Wir speichern Ihre Daten so lange wie nötig."}


def findings(tmp_path: Path, *, rights: dict[str, str] = ALL_RIGHTS, retention: dict[str, str] = PERIOD,
             applies: tuple[str, ...] = (), texts: dict[str, str] | None = None) -> list:
    folder = tmp_path / "docs" / "2026-01-01"
    for lang, template in (texts or {"en": EN, "de": DE}).items():
        (folder / lang).mkdir(parents=True)
        (folder / lang / "index.md").write_text(
            template.replace("{rights}", rights[lang]).replace("{retention}", retention[lang]), encoding="utf-8")
    (folder / "revision.yml").write_text("summary: {en: First, de: Erste}\n", encoding="utf-8")
    corpus = load_revisions(tmp_path / "docs", ["en", "de"])
    assert corpus.findings == []
    ctx = CheckContext(corpus=corpus, languages=["en", "de"], controlling_language="en", today=TODAY,
                       laws=["gdpr"], applies=list(applies))
    return check(ctx)


def test_an_english_and_german_notice_naming_every_right_and_a_period_is_clean(tmp_path: Path) -> None:
    assert findings(tmp_path) == []


def test_missing_rights_are_named_in_one_finding_per_language(tmp_path: Path) -> None:
    found = [f for f in findings(tmp_path, rights=WITHOUT_PORTABILITY_AND_COMPLAINT)
             if f.rule == "gdpr-data-subject-rights"]
    assert sorted(f.lang for f in found) == ["de", "en"]
    for finding in found:
        assert finding.severity == "error" and finding.citation == "GDPR Art.13(2)(b), (d); 14(2)(c), (e)"
        assert ("does not name the right to data portability (Art.20) and the right to lodge a complaint with "
                "a supervisory authority (Art.77)") in finding.message, finding.message
        assert "access" not in finding.message.split("does not name", 1)[1]  # only what is missing
        assert "name the right to data portability" in finding.hint
    german = next(f for f in found if f.lang == "de")
    assert german.file.endswith("de/index.md") and german.line == 15  # the heading of "Ihre Rechte"


def test_withdrawal_of_consent_is_asked_for_once_consent_applies(tmp_path: Path) -> None:
    assert findings(tmp_path / "no-consent") == []  # not based on consent: nothing to say
    declared = {lang: text.replace("gdpr-complaint-authority", "gdpr-complaint-authority gdpr-withdraw-consent")
                for lang, text in (("en", EN), ("de", DE))}
    unsaid = findings(tmp_path / "unsaid", applies=("gdpr-withdraw-consent",), texts=declared)
    assert {(f.rule, f.lang) for f in unsaid} == {("gdpr-withdraw-consent", "en"), ("gdpr-withdraw-consent", "de")}
    assert all("does not name the right to withdraw consent at any time (Art.7(3))" in f.message for f in unsaid)
    said = {"en": ALL_RIGHTS["en"] + " You may withdraw your consent at any time.",
            "de": ALL_RIGHTS["de"] + " Eine Einwilligung können Sie jederzeit widerrufen."}
    assert findings(tmp_path / "said", rights=said, applies=("gdpr-withdraw-consent",), texts=declared) == []


def test_as_long_as_necessary_alone_is_no_storage_period(tmp_path: Path) -> None:
    found = [f for f in findings(tmp_path, retention=AS_LONG_AS_NECESSARY)]
    assert {(f.rule, f.lang) for f in found} == {("gdpr-retention", "en"), ("gdpr-retention", "de")}
    assert all("lacks a storage period (a number with a unit of time" in f.message for f in found)


# --- the words, language by language ---------------------------------------------------------

@pytest.mark.parametrize(("lang", "text"), [
    ("en", "for 6 years after the end of the contract"),
    ("en", "Log files are deleted after thirty days."),
    ("en", "until the statutory retention periods expire"),
    ("en", "We keep it until you delete your account."),
    ("de", "bis zum Ablauf der gesetzlichen Aufbewahrungsfristen"),
    ("de", "Protokolle löschen wir nach sieben Tagen."),
    ("de", "Wir speichern die Daten 10 Jahre lang (§ 147 AO)."),
    ("fr", "Nous conservons les factures pendant 10 ans."),
    ("fr", "jusqu'à l'expiration du délai de prescription"),
    ("es", "Conservamos los datos durante seis meses."),
    ("es", "hasta el fin del contrato"),
    ("it", "Conserviamo i dati per 24 mesi."),
    ("it", "fino alla scadenza dei termini di prescrizione"),
    ("ja", "契約終了後5年間保存します。"),
    ("ja", "請求書は7年保存します。"),
])
def test_a_period_or_criteria_count(lang: str, text: str) -> None:
    assert gives("retention", text, lang)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "We keep your data as long as necessary."),
    ("en", "Data is kept for as long as is necessary for the purposes for which it was collected."),
    ("de", "Wir speichern Ihre Daten so lange wie nötig."),
    ("de", "Ihre Daten werden nur so lange gespeichert, wie es für den Zweck erforderlich ist."),
    ("fr", "Nous conservons vos données aussi longtemps que nécessaire."),
    ("es", "Conservamos sus datos durante el tiempo necesario."),
    ("it", "Conserviamo i dati per il tempo necessario."),
    ("ja", "利用目的の達成に必要な期間保存します。2022年4月1日改定。"),
])
def test_as_long_as_necessary_is_neither(lang: str, text: str) -> None:
    assert not gives("retention", text, lang)


NAMING_EVERY_RIGHT = {
    "en": "access, rectification, erasure, restriction of processing, data portability, objection, complaint",
    "de": "Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, Datenübertragbarkeit, Widerspruch, "
          "Beschwerde bei einer Aufsichtsbehörde",
    "fr": "droit d'accès, de rectification, d’effacement, à la limitation du traitement, à la portabilité des "
          "données, d'opposition, et d'introduire une réclamation auprès de la CNIL",
    "es": "derechos de acceso, rectificación, supresión, limitación del tratamiento, portabilidad y oposición, "
          "y a presentar una reclamación ante la autoridad de control",
    "it": "diritti di accesso, rettifica, cancellazione, limitazione del trattamento, portabilità dei dati e "
          "opposizione, e di proporre reclamo al Garante",
    "ja": "アクセス、訂正、消去、取扱いの制限、データポータビリティ及び異議の権利並びに監督機関に苦情を申し立てる権利",
}


@pytest.mark.parametrize("lang", sorted(NAMING_EVERY_RIGHT))
def test_each_right_is_named_in_every_gdpr_language(lang: str) -> None:
    assert lacking(RIGHTS, NAMING_EVERY_RIGHT[lang], lang) == []
    assert lacking(["right-withdraw-consent"], NAMING_EVERY_RIGHT[lang], lang) == ["right-withdraw-consent"]


@pytest.mark.parametrize("lang", sorted(NAMING_EVERY_RIGHT))
def test_a_right_left_out_is_missing_in_every_gdpr_language(lang: str) -> None:
    portability = {"en": "data portability", "de": "Datenübertragbarkeit", "fr": "à la portabilité des données",
                   "es": "portabilidad", "it": "portabilità dei dati", "ja": "データポータビリティ"}[lang]
    text = NAMING_EVERY_RIGHT[lang].replace(portability, "")
    assert lacking(RIGHTS, text, lang) == ["right-portability"]


def test_the_rights_and_the_period_are_data_with_words_in_five_languages() -> None:
    kinds = vocabulary()
    for kind in (*RIGHTS, "right-withdraw-consent", "retention"):
        assert {"en", "de", "fr", "es", "it"} <= set(kinds[kind].words), kind
    assert {"en", "de", "fr", "es", "it"} <= set(kinds["retention"].periods)
    assert all(kinds[k].named for k in RIGHTS) and not kinds["retention"].named


def test_init_writes_every_right_and_leaves_the_period_to_fill_in(tmp_path: Path) -> None:
    init_site(tmp_path / "s", laws=["gdpr"], languages=["en", "de", "fr", "es", "it"], site_name="X",
              today=TODAY, timezone="Europe/Berlin")
    for lang in ("en", "de", "fr", "es", "it"):
        text = (tmp_path / "s" / "docs" / TODAY.isoformat() / lang / "index.md").read_text(encoding="utf-8")
        rights = text.split('data-disclosure="gdpr-data-subject-rights"}', 1)[1].split("\n## ", 1)[0]
        written = "\n".join(line for line in rights.split("\n") if MARKER not in line)
        assert lacking(RIGHTS, written, lang) == [], lang
        citation = {"en": "GDPR Art.13(2)(b)", "de": "Art. 13 Abs. 2 lit. b und d", "fr": "Art. 13, par. 2, b) et d)",
                    "es": "Art. 13.2.b) y d)", "it": "Art. 13, par. 2, lett. b) e d)"}[lang]
        assert citation in rights.split("-->", 1)[0], lang  # the author's guidance cites in the language's form
        retention = text.split('data-disclosure="gdpr-retention"}', 1)[1].split("\n## ", 1)[0]
        assert MARKER in retention  # the period is the author's to write
        shown = "\n".join(ln for ln in retention.split("\n") if MARKER not in ln and not ln.startswith("<!--"))
        assert not gives("retention", shown, lang)


SPLIT = {  # the rights in one section, the right to object and the complaint in their own (as German notices do)
    "en": ("You have the right of access (Art. 15 GDPR), to rectification, to erasure, to restriction of processing "
           "and to data portability.",
           "## Right to object {#objection data-disclosure=\"gdpr-data-subject-rights\"}\n\n"
           "You may object at any time to processing based on Art. 6(1)(f) GDPR (Art. 21 GDPR).\n\n"
           "## Complaints {#complaints data-disclosure=\"gdpr-data-subject-rights\"}\n\n"
           "You may lodge a complaint with a supervisory authority (Art. 77 GDPR).\n\n"),
    "de": ("Sie haben das Recht auf Auskunft (Art. 15 DSGVO), auf Berichtigung, auf Löschung, auf Einschränkung der "
           "Verarbeitung und auf Datenübertragbarkeit.",
           "## Widerspruchsrecht {#objection data-disclosure=\"gdpr-data-subject-rights\"}\n\n"
           "Sie können der Verarbeitung nach Art. 6 Abs. 1 lit. f DSGVO jederzeit widersprechen (Art. 21 DSGVO).\n\n"
           "## Beschwerderecht {#complaints data-disclosure=\"gdpr-data-subject-rights\"}\n\n"
           "Sie haben das Recht auf Beschwerde bei einer Aufsichtsbehörde (Art. 77 DSGVO).\n\n"),
}


@pytest.mark.parametrize("declared", [True, False])
def test_rights_given_in_several_sections_that_each_declare_them_count_together(tmp_path: Path,
                                                                                declared: bool) -> None:
    texts = {}
    for lang, template, automated in (("en", EN, "## Automated"), ("de", DE, "## Automatisierte")):
        extra = SPLIT[lang][1] if declared else SPLIT[lang][1].replace(' data-disclosure="gdpr-data-subject-rights"', "")
        texts[lang] = template.replace(automated, extra + automated)
    found = [f for f in findings(tmp_path, rights={lang: SPLIT[lang][0] for lang in SPLIT}, texts=texts)
             if f.rule == "gdpr-data-subject-rights"]
    if declared:
        assert found == []  # each right is named by one of the sections declaring the disclosure
    else:  # sections that do not declare it do not count: the rights section alone lacks two rights
        assert sorted(f.lang for f in found) == ["de", "en"]
        assert all("does not name the right to object (Art.21) and the right to lodge a complaint" in f.message
                   for f in found), [f.message for f in found]


@pytest.mark.parametrize(("rule", "lang", "text"), [
    # the words of Art.15(3) and Art.20(1) themselves, not only the names of the rights
    ("gdpr-data-subject-rights", "de", "Sie können Auskunft und eine Kopie Ihrer Daten, deren Berichtigung, Löschung oder "
     "die Einschränkung der Verarbeitung verlangen, Ihre Daten in einem strukturierten, gängigen und "
     "maschinenlesbaren Format erhalten, der Verarbeitung widersprechen und sich bei einer Aufsichtsbehörde beschweren."),
    ("gdpr-data-subject-rights", "en", "You can request a copy of your data, ask us to correct it, to delete it, to "
     "restrict its use, to receive it in a machine-readable format, object to our use of it, and lodge a complaint "
     "with a supervisory authority."),
    ("gdpr-withdraw-consent", "de", "Ihre Einwilligung können Sie jederzeit zurücknehmen."),
    # a German address needs no country: the postal code before the town is one
    ("gdpr-dpo-contact", "de", "Datenschutzbeauftragter: Dr. Max Muster, c/o Muster GmbH, Lindenweg 12, 10435 Berlin"),
    ("gdpr-controller-identity", "de", "Muster GmbH, vertreten durch den Geschäftsführer Max Muster, Lindenweg 12a, "
     "10435 Berlin. Kontakt: über unser Kontaktformular unter https://muster.example/kontakt"),
    ("gdpr-controller-identity", "de", "Muster GmbH\nLindenweg 12\n60311 Frankfurt am Main\nkontakt@muster.example"),
])
def test_german_notices_in_their_own_words_prove_the_disclosure(rule: str, lang: str, text: str) -> None:
    req = next(r for r in load_rules(["gdpr"]) if r.id == rule)
    assert lacking(req.evidence_kinds, text, lang) == []


@pytest.mark.parametrize("text", ["Muster GmbH hat 10000 Kunden.", "Muster GmbH, Bestellungen, 10000 Stück",
                                  "Muster GmbH, kontakt@muster.example"])
def test_a_number_before_a_capitalised_word_is_no_address(text: str) -> None:
    req = next(r for r in load_rules(["gdpr"]) if r.id == "gdpr-controller-identity")
    assert "address" in lacking(req.evidence_kinds, text, "de")
