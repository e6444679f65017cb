"""The facts read out of a policy's text: each written form has one canonical value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policy_site.facts import (
    COUNTRIES_JA,
    PREFECTURES_EN,
    PREFECTURES_JA,
    Fact,
    canonical_phone,
    contact_channels,
    extract_facts,
    has_address,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
FULL_WIDTH = str.maketrans("0123456789-%", "０１２３４５６７８９－％")


def values(text: str, lang: str = "ja") -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in extract_facts(text, lang)}


# --- dates ---------------------------------------------------------------------------

def date_forms(day: dt.date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    month = MONTHS[m - 1]
    return [f"{y}年{m}月{d}日", f"{month} {d}, {y}", f"{d} {month} {y}", f"{y}-{m:02d}-{d:02d}",
            f"{y}/{m}/{d}", f"{y}年{m:02d}月{d:02d}日".translate(FULL_WIDTH), f"{month[:3]}. {d}, {y}"]


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)), st.data())
def test_every_written_form_of_a_date_is_the_same_fact(day: dt.date, data: st.DataObject) -> None:
    written = data.draw(st.sampled_from(date_forms(day)))
    assert values(f"最終改定：{written}。Last revised: see above") == {("date", day.isoformat())}


@settings(max_examples=30, deadline=None)
@given(st.dates(min_value=dt.date(2019, 5, 1), max_value=dt.date(2099, 12, 31)))
def test_a_reiwa_date_is_the_western_date(day: dt.date) -> None:
    era_year = day.year - 2018
    written = f"令和{'元' if era_year == 1 else era_year}年{day.month}月{day.day}日"
    assert values(written) == {("date", day.isoformat())}


@pytest.mark.parametrize("written", ["2024年4月", "April 2024", "Apr. 2024", "２０２４年４月"])
def test_a_year_and_month_is_a_month_fact(written: str) -> None:
    assert values(written) == {("date", "2024-04")}


@pytest.mark.parametrize("written", ["2025-13-01", "2025年2月30日", "February 30, 2025"])
def test_an_impossible_date_is_not_a_fact(written: str) -> None:
    assert ("date", "2025-02-30") not in values(written)
    assert not {v for k, v in values(written) if k == "date" and v.count("-") == 2}


# --- phone numbers -------------------------------------------------------------------

@st.composite
def japanese_numbers(draw: st.DrawFn) -> tuple[str, str, str]:
    """(area code without the trunk 0, exchange, subscriber) of a 10-digit national number."""
    area_len = draw(st.integers(1, 4))
    area = draw(st.from_regex(rf"\A[1-9][0-9]{{{area_len - 1}}}\Z"))
    exchange = draw(st.from_regex(rf"\A[0-9]{{{5 - area_len}}}\Z"))
    subscriber = draw(st.from_regex(r"\A[0-9]{4}\Z"))
    assume(not (area + exchange).startswith("10"))  # 010 dials abroad from Japan: no Japanese number starts so
    return area, exchange, subscriber


@settings(max_examples=80, deadline=None)
@given(japanese_numbers(), st.data())
def test_every_written_form_of_a_japanese_number_is_the_same_fact(number: tuple[str, str, str], data: st.DataObject) -> None:
    a, e, s = number
    forms = [f"0{a}-{e}-{s}", f"(0{a}){e}-{s}", f"+81-{a}-{e}-{s}", f"+81 {a} {e} {s}", f"0{a}{e}{s}",
             f"+81 (0){a} {e} {s}", f"0{a}-{e}-{s}".translate(FULL_WIDTH)]
    written = data.draw(st.sampled_from(forms))
    assert values(f"電話番号は{written}です（24時間受付）") == {("phone", f"+81{a}{e}{s}")}


@pytest.mark.parametrize(("written", "value"), [
    ("0570-088-335", "+81570088335"),
    ("0120-123-456", "+81120123456"),
    ("090-1234-5678", "+819012345678"),
    ("IP電話・PHSからは076-214-6737", "+81762146737"),
    ("TEL.03-1234-5678", "+81312345678"),
    ("お電話（03-1234-5678）にて", "+81312345678"),
    ("+1-800-555-0100", "+18005550100"),
    ("1-800-555-0100", "+18005550100"),
    ("(800) 555-0100", "+18005550100"),
    ("+44 20 7946 0958", "+442079460958"),
    ("+81 3 1234 5678 (24 hours)", "+81312345678"),
])
def test_phone_numbers(written: str, value: str) -> None:
    assert values(written) == {("phone", value)}


def test_a_national_and_an_international_number_are_one_fact() -> None:
    assert extract_facts("022-123-4567", "ja") == extract_facts("+81-22-123-4567", "en")
    assert canonical_phone("022-123-4567") == canonical_phone("+81 22 123 4567") == "+81221234567"


# --- emails, urls, postal codes --------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(st.from_regex(r"\A[a-z][a-z0-9._]{0,10}[a-z0-9]\Z"), st.from_regex(r"\A[a-z][a-z0-9]{1,8}\.(com|jp|co\.jp)\Z"))
def test_an_email_address_is_one_fact_whatever_its_case(local: str, domain: str) -> None:
    address = f"{local}@{domain}"
    assert values(f"メール：{address.upper()}まで") == {("email", address)}


@pytest.mark.parametrize(("written", "value"), [
    ("https://www.dmm.com/help/", "https://www.dmm.com/help"),
    ("HTTPS://WWW.DMM.COM/help", "https://www.dmm.com/help"),
    ("www.dmm.com", "https://www.dmm.com"),
    ("see https://example.com/a.", "https://example.com/a"),
    ("[form](https://example.com/form?id=1)", "https://example.com/form?id=1"),
    ("窓口https://example.com/です。", "https://example.com"),
])
def test_urls(written: str, value: str) -> None:
    assert values(written) == {("url", value)}


def test_a_url_holding_a_date_is_one_url() -> None:
    assert values("https://example.com/2024-04-01/notice") == {("url", "https://example.com/2024-04-01/notice")}


@pytest.mark.parametrize("written", ["〒106-6224", "〒1066224", "〒 106-6224", "Tokyo 106-6224, Japan", "〒１０６－６２２４"])
def test_japanese_postal_codes(written: str) -> None:
    assert values(written) == {("postal-code", "106-6224")}


# --- money and percentages -------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10**9), st.data())
def test_every_written_form_of_a_yen_amount_is_the_same_fact(amount: int, data: st.DataObject) -> None:
    forms = [f"{amount:,}円", f"{amount}円", f"JPY {amount:,}", f"¥{amount:,}", f"￥{amount:,}", f"{amount:,} yen",
             f"{amount:,}円".translate(FULL_WIDTH)]
    written = data.draw(st.sampled_from(forms))
    assert values(f"手数料は{written}です") == {("money", f"JPY {amount}")}


@pytest.mark.parametrize(("written", "value"), [
    ("1万円", "JPY 10000"), ("1万2,000円", "JPY 12000"), ("3千円", "JPY 3000"),
    ("$5", "USD 5"), ("USD 5", "USD 5"), ("US$5.50", "USD 5.5"), ("5 dollars", "USD 5"), ("€20", "EUR 20"),
])
def test_amounts(written: str, value: str) -> None:
    assert values(written) == {("money", value)}


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 1000), st.sampled_from(["{}%", "{}％", "{} percent", "{}パーセント", "{} %"]))
def test_every_written_form_of_a_percentage_is_the_same_fact(number: int, form: str) -> None:
    assert values(form.format(number).translate(FULL_WIDTH)) == {("percent", f"{number}%")}


# --- what is not a fact ----------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.integers(0, 9999), st.integers(1, 99), st.sampled_from([
    "第{n}項", "第{n}条第{m}項", "Art.{n}({m})", "Article {n}({m})", "{n}. item", "{n}時間", "once a year",
    "{n} times a year", "section {n}.{m}", "{n}F", "{m}-{m}-{m} Roppongi", "三丁目{m}番{m}号", "{n}", "{n}件",
]))
def test_bare_numbers_are_not_facts(n: int, m: int, template: str) -> None:
    assert extract_facts(template.format(n=n, m=m), "en") == set()


def test_a_fact_is_its_kind_and_value_not_how_it_was_written() -> None:
    assert Fact("phone", "+81570088335", "0570-088-335") == Fact("phone", "+81570088335", "+81 570 088 335")
    (fact,) = extract_facts("０５７０－０８８－３３５", "ja")
    assert fact.raw == "０５７０－０８８－３３５"


def test_the_example_revisions_state_the_same_facts_in_both_languages() -> None:
    for revision in ("2016-06-01", "2022-04-01"):
        ja = extract_facts((DOCS / revision / "ja" / "index.md").read_text(encoding="utf-8"), "ja")
        en = extract_facts((DOCS / revision / "en" / "index.md").read_text(encoding="utf-8"), "en")
        assert ja == en
        assert ("phone", "+81570088335") in {(f.kind, f.value) for f in ja}


# --- contact channels and addresses ----------------------------------------------------

def test_contact_channels_of_the_inquiries_section() -> None:
    text = (DOCS / "2022-04-01" / "ja" / "index.md").read_text(encoding="utf-8")
    channels = contact_channels(text)
    assert channels[:3] == ["info@mail.dmm.com", "0570-088-335", "076-214-6737"]
    assert any(c.startswith("住所（例示）：〒106-6224 東京都港区") for c in channels)


@pytest.mark.parametrize(("text", "channel"), [
    ("お問い合わせ：privacy@example.co.jp", "privacy@example.co.jp"),
    ("電話：(03)1234-5678", "(03)1234-5678"),
    ("Call +81 3 1234 5678 or +1-800-555-0100", "+1-800-555-0100"),
    ("Web form: https://example.com/contact.", "https://example.com/contact"),
    ("〒100-0001 東京都千代田区千代田1-1", "〒100-0001 東京都千代田区千代田1-1"),
    ("- 1-1 Chiyoda, Chiyoda-ku, Tokyo", "1-1 Chiyoda, Chiyoda-ku, Tokyo"),
])
def test_contact_channels(text: str, channel: str) -> None:
    assert channel in contact_channels(text)


@pytest.mark.parametrize("text", ["We store personal data in Japan.", "受付時間：24時間・年中無休", "第5項に定めるとおり"])
def test_no_contact_channel(text: str) -> None:
    assert contact_channels(text) == []


@pytest.mark.parametrize("place", [*PREFECTURES_JA, *PREFECTURES_EN, "Osaka-fu", "Tokyo-to", "Hyōgo Prefecture",
                                   "Kōchi", *COUNTRIES_JA, "Japan", "United States", "Singapore"])
def test_every_prefecture_and_country_is_a_place(place: str) -> None:
    assert has_address(f"Address: 1-2-3 Somewhere, {place}")
    assert has_address(place)


@pytest.mark.parametrize("text", ["〒106-6224", "住所：106-6224 港区六本木", "San Francisco, CA 94105",
                                  "London SW1A 1AA"])
def test_postal_codes_are_addresses(text: str) -> None:
    assert has_address(text)


@pytest.mark.parametrize("text", ["個人情報を適切に取り扱います。", "日本語版を正文とします。", "Contact us at info@example.com",
                                  "電話番号：0570-088-335", "タイミング", "Sagamihara office", ""])
def test_no_address(text: str) -> None:
    assert not has_address(text)
