"""Facts in every supported language: one date, amount or rate however each language writes it,
read with Babel's locale data. Written with Babel in language A and in language B, it is one fact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_site.facts import extract_facts, find_facts
from policy_site.facts.localefacts import CURRENCIES, FACT_LANGUAGES, find_amounts, parse_number

LANGS = st.sampled_from(FACT_LANGUAGES)


def values(text: str, lang: str) -> set[tuple[str, str]]:
    return {(f.kind, f.value) for f in extract_facts(text, lang)}


# --- the examples of issue #14 --------------------------------------------------------------

@pytest.mark.parametrize(("written", "lang"), [
    ("15. Januar 2027", "de"), ("January 15, 2027", "en"), ("2027年1月15日", "ja"), ("15.01.2027", "de"),
    ("15.1.2027", "de"), ("15. Jan. 2027", "de"), ("15 janvier 2027", "fr"), ("15 de enero de 2027", "es"),
    ("15 gennaio 2027", "it"), ("2027년 1월 15일", "ko"), ("2027. 1. 15.", "ko"), ("2027年1月15日", "zh_Hans"),
    ("15/01/2027", "fr"), ("01/15/2027", "en"), ("Freitag, 15. Januar 2027", "de"), ("1er janvier 2027", "fr"),
])
def test_one_date_in_each_language_is_one_fact(written: str, lang: str) -> None:
    day = "2027-01-01" if written.startswith("1er") else "2027-01-15"
    assert values(f"Stand: {written}.", lang) == {("date", day)}
    assert len(find_facts(f"Stand: {written}.", lang)) == 1


@pytest.mark.parametrize(("written", "lang", "value"), [
    ("1.000,50 €", "de", "EUR 1000.5"), ("EUR 1,000.50", "en", "EUR 1000.5"), ("10 €", "de", "EUR 10"),
    ("€10", "en", "EUR 10"), ("1 000,50 €", "fr", "EUR 1000.5"), ("10 Euro", "de", "EUR 10"),
    ("1.000 €", "de", "EUR 1000"), ("1,000円", "ja", "JPY 1000"), ("1万2,000円", "ja", "JPY 12000"),
    ("¥1,000", "en", "JPY 1000"), ("¥1,000", "zh_Hans", "CNY 1000"), ("1,000日元", "zh_Hans", "JPY 1000"),
    ("10,00 $", "de", "USD 10"), ("10,00 $US", "fr", "USD 10"), ("US$10", "ko", "USD 10"), ("5만 원", "ko", "KRW 50000"),
])
def test_one_amount_in_each_language_is_one_fact(written: str, lang: str, value: str) -> None:
    assert values(f"Gebühr: {written}.", lang) == {("money", value)}


@pytest.mark.parametrize(("written", "lang"), [("5 %", "de"), ("5%", "en"), ("5\u202f%", "fr"), ("5 Prozent", "de"),
                                              ("5 por ciento", "es"), ("5％", "ja"), ("5 pour cent", "fr")])
def test_one_rate_in_each_language_is_one_fact(written: str, lang: str) -> None:
    assert values(written, lang) == {("percent", "5%")}


def test_the_language_decides_what_a_lone_separator_means() -> None:
    assert parse_number("1.000", "de") == Decimal(1000) and parse_number("1.000", "en") == Decimal(1)
    assert parse_number("1,000", "en") == Decimal(1000) and parse_number("1,5", "de") == Decimal("1.5")
    assert parse_number("1.000,50", "en") == parse_number("1,000.50", "de") == Decimal("1000.50")
    # 01/02/2027: 1 February in French, January 2 in English; 13/02/2027 is day first anywhere
    assert values("01/02/2027", "fr") == {("date", "2027-02-01")}
    assert values("01/02/2027", "en") == {("date", "2027-01-02")}
    assert values("13/02/2027", "en") == {("date", "2027-02-13")}


def test_words_that_look_like_months_are_not_dates_without_a_day_in_other_languages() -> None:
    assert values("We set 2027 as the target; 10 years ago 2017 was", "en") == set()
    assert values("Mai 2027", "de") == {("date", "2027-05")}


# --- properties across the supported languages -----------------------------------------------

DATE_FORMS = ("long", "medium", "yMMMd", "yMMMMd", "yMd")


def written_date(day: dt.date, lang: str, form: str) -> str:
    if form in ("long", "medium"):
        return format_date(day, form, locale=lang)
    return format_skeleton(form, day, locale=lang)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)), LANGS, LANGS,
       st.sampled_from(DATE_FORMS), st.sampled_from(DATE_FORMS))
def test_a_date_babel_writes_in_two_languages_is_one_fact(day: dt.date, a: str, b: str, form_a: str, form_b: str) -> None:
    in_a, in_b = written_date(day, a, form_a), written_date(day, b, form_b)
    assert values(f"({in_a})", a) == values(f"({in_b})", b) == {("date", day.isoformat())}, (in_a, in_b)


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(CURRENCIES), LANGS, LANGS)
def test_an_amount_babel_writes_in_two_languages_is_one_fact(amount: Decimal, currency: str, a: str, b: str) -> None:
    in_a, in_b = format_currency(amount, currency, locale=a), format_currency(amount, currency, locale=b)
    fact_a, fact_b = values(f"({in_a})", a), values(f"({in_b})", b)
    assert fact_a == fact_b and len(fact_a) == 1 and next(iter(fact_a))[1].startswith(currency), (in_a, in_b)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**4), LANGS, LANGS)
def test_a_rate_babel_writes_in_two_languages_is_one_fact(per_mille: int, a: str, b: str) -> None:
    rate = Decimal(per_mille) / 1000
    in_a = format_percent(rate, "#,##0.#%", locale=a)
    in_b = format_percent(rate, "#,##0.#%", locale=b)
    assert values(f"({in_a})", a) == values(f"({in_b})", b) != set(), (in_a, in_b)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False), LANGS)
def test_a_number_babel_writes_reads_back(number: Decimal, lang: str) -> None:
    assert parse_number(format_decimal(number, "#,##0.00", locale=lang), lang) == number


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("de", "Bußgelder bis zu 20 Mio. Euro", "EUR 20000000"),
    ("de", "ein Umsatz von 1,5 Milliarden €", "EUR 1500000000"),
    ("en", "fines of up to EUR 20 million", "EUR 20000000"),
    ("en", "a turnover of €1.5 billion", "EUR 1500000000"),
    ("fr", "jusqu'à 20 millions €", "EUR 20000000"),
    ("en", "EUR 10 per request", "EUR 10"),  # no scale word: the amount as written
])
def test_large_amounts_in_words_are_scaled_by_babels_compact_forms(lang: str, text: str, value: str) -> None:
    assert [f.value for f in find_amounts(text, lang) if f.kind == "money"] == [value]
