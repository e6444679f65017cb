"""Phone numbers are one fact in every form a language writes them (libphonenumber, E.164),
national numbers read with the region of the text's language, English with its partner's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from policy_site.checks import CheckContext, parity
from policy_site.facts import canonical_phone, contact_channels, extract_facts
from policy_site.facts.phones import region_of, regions_for
from policy_site.model.revisions import Corpus, Document, Revision

SHIPPED = ("ja", "de", "fr", "es", "it", "ko", "zh-Hans", "zh-Hant")


def phones(text: str, lang: str, partners: tuple[str, ...] = ()) -> set[str]:
    return {f.value for f in extract_facts(text, lang, partners) if f.kind == "phone"}


@pytest.mark.parametrize("written", ["030 1234567", "+49 30 1234567", "(030) 12 34 56-7", "+49 (0)30 1234567",
                                     "030/1234567", "+49-30-1234567", "０３０ １２３４５６７"])
def test_every_german_form_of_a_berlin_number_is_one_fact(written: str) -> None:
    assert phones(f"Telefon: {written} (Mo–Fr)", "de") == {"+49301234567"}
    assert phones(f"Phone: {written}", "en", ("de",)) == {"+49301234567"}  # the English of a German site


@pytest.mark.parametrize(("lang", "expected"), [
    ("ja", "JP"), ("de", "DE"), ("fr", "FR"), ("es", "ES"), ("it", "IT"), ("ko", "KR"), ("zh-Hans", "CN"),
    ("zh-Hant", "TW"), ("en", None), ("en-GB", "GB"), ("de-AT", "AT"), ("pt-BR", "BR"), ("de_CH", "CH"),
])
def test_the_region_comes_from_the_language(lang: str, expected: str | None) -> None:
    assert region_of(lang) == expected


def test_english_reads_national_numbers_with_its_partners_region_else_the_us() -> None:
    assert regions_for("en", ("ja",))[0] == "JP" and regions_for("en", ("de",))[0] == "DE"
    assert regions_for("en")[0] == "US" and regions_for("en-GB", ("de",))[0] == "GB"
    assert phones("Call 03-1234-5678.", "en", ("ja",)) == {"+81312345678"}
    assert phones("Call 030 1234567.", "en", ("de",)) == {"+49301234567"}
    assert phones("Call (800) 555-0100.", "en", ("ja",)) == {"+18005550100"}  # no 0: not a Japanese form


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(SHIPPED), st.sampled_from((PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE)),
       st.integers(0, 99), st.data())
def test_a_number_written_nationally_is_its_international_form_in_every_shipped_language(
        lang: str, kind: int, last: int, data: st.DataObject) -> None:
    region = region_of(lang)
    example = phonenumbers.example_number_for_type(region, kind)
    assert example is not None, (region, kind)
    number = phonenumbers.parse(phonenumbers.format_number(example, PhoneNumberFormat.E164)[:-2] + f"{last:02d}")
    if not phonenumbers.is_valid_number(number):
        return  # the last two digits left the assigned range
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    international = data.draw(st.sampled_from([phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL),
                                               e164, phonenumbers.format_number(number, PhoneNumberFormat.RFC3966)[4:]]))
    assert phones(f"☎ {national} ", lang) == {e164}, (lang, national)
    assert phones(f"Phone: {international}.", "en", (lang,)) == {e164}, international
    assert phones(f"Phone: {national}.", "en", (lang,)) == {e164}, national  # the English of the same site


@pytest.mark.parametrize("text", ["Stand: 02.01.2000", "Gebühr: 910.000.000 JPY", "(1.000,50 €)", "10115 Berlin",
                                  "Art. 13 Abs. 1 lit. a DSGVO", "2024-04-01", "〒107-0052", "第5項 24時間"])
def test_dates_amounts_and_numbers_are_no_phone_numbers(text: str) -> None:
    for lang in ("de", "es", "ja", "en"):
        assert phones(text, lang) == set(), (text, lang)


def test_canonical_phone_reads_a_number_alone() -> None:
    assert canonical_phone("030 1234567", "de") == canonical_phone("+49 (0)30 1234567") == "+49301234567"
    assert canonical_phone("03-1234-5678") == "+81312345678"  # no language: Japan, then the US, as before
    assert canonical_phone("not a number", "de") is None
    assert contact_channels("Rufen Sie uns an: (030) 12 34 56-7", "de") == ["(030) 12 34 56-7"]


def _context(de: str, en: str) -> CheckContext:
    docs = {"index": {lang: Document("index", lang, Path(f"{lang}/index.md"), f"docs/2025-01-01/{lang}/index.md",
                                     f"# Policy\n\n## Contact {{#contact}}\n\n{text}\n")
                      for lang, text in (("en", en), ("de", de))}}
    revision = Revision("2025-01-01", dt.date(2025, 1, 1), Path("docs/2025-01-01"), documents=docs)
    return CheckContext(Corpus(Path("."), [revision], []), ["en", "de"], "en", dt.date(2025, 6, 1))


@pytest.mark.parametrize(("de", "en"), [
    ("Telefon: 030 1234567", "Phone: +49 30 1234567"),
    ("Telefon: (030) 12 34 56-7", "Phone: +49 (0)30 1234567"),
    ("Telefon: +49 (0)30 1234567", "Phone: 030 1234567"),
])
def test_german_and_english_forms_of_one_number_pass_the_parity_check(de: str, en: str) -> None:
    assert parity.check(_context(de, en)) == []


def test_a_different_german_number_is_caught_naming_both_forms() -> None:
    findings = [f for f in parity.check(_context("Telefon: 030 1234568", "Phone: +49 30 1234567"))
                if f.rule == "parity-facts"]
    assert sorted(f.message for f in findings) == [
        "section `#contact`: de says 030 1234568; en has no such phone number",
        "section `#contact`: en says +49 30 1234567; de has no such phone number"]
