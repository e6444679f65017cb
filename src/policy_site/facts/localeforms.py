"""What each language writes for dates, amounts and percentages, from CLDR through Babel.

Month names and abbreviations, date patterns and skeletons, the decimal and grouping
symbols, currency symbols, codes and names, scale words and the word for percent, as
`localefacts` reads them; the few forms CLDR does not list are added here by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.units import format_unit

from ..locale import babel_locale

FACT_LANGUAGES = ("en", "ja", "de", "fr", "es", "it", "ko", "zh_Hans", "zh_Hant")
"""Languages whose forms are read in a text of unknown language (and in each other's texts)."""

CURRENCIES = ("JPY", "USD", "EUR", "GBP", "CNY", "KRW", "TWD", "HKD", "CHF", "CAD", "AUD", "SGD")
"""Currencies whose symbols, codes and names are recognised."""

# Forms CLDR does not list, as people write them (currency words, percent words).
EXTRA_CURRENCY = {
    "": {"円": "JPY", "yen": "JPY", "ドル": "USD", "米ドル": "USD", "ユーロ": "EUR", "dollars": "USD",
         "us dollars": "USD", "euros": "EUR", "euro": "EUR", "us$": "USD", "$": "USD"},
    "ko": {"원": "KRW", "엔": "JPY", "달러": "USD", "유로": "EUR"},
    "zh": {"日元": "JPY", "美元": "USD", "欧元": "EUR", "歐元": "EUR", "日圓": "JPY", "人民币": "CNY"},
}
_EXTRA_PERCENT = ("%", "パーセント", "per cent", "percent", "pro cent")
_ORDINAL = r"(?:st|nd|rd|th|er|º|°|\.º)?"
_SPACE = "[ \u00a0\u202f]"
_LATIN = "A-Za-zÀ-ÖØ-öø-ÿ"


def _langs(lang: str) -> tuple[Locale, ...]:
    """The locales whose forms a text in `lang` may use: its own, then English, then (for `""`) all."""
    own = babel_locale(lang) if lang else None
    names = [own] if own is not None else []
    names += [Locale.parse(name) for name in FACT_LANGUAGES if not own or name == "en"]
    names.insert(names.index(Locale.parse("en")) + 1, Locale.parse("en_GB"))  # 15 January 2027
    return tuple(dict.fromkeys(names))


def _month_names(loc: Locale) -> dict[str, int]:
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in loc.months[context][width].items():
                names.setdefault(name.lower().rstrip("."), number)
    if loc.language == "en":
        names.setdefault("sept", 9)
    return names


def _pattern_regex(pattern: str, months: str) -> str | None:
    """A CLDR date pattern (`d. MMMM y`) as a regex with groups year, month or mname, day;
    None for a purely numeric pattern (read by `_NUMERIC_*`, whose day/month order depends
    on the language) or one without a year."""
    out, has_name, has_year = [], False, False
    for token in re.finditer(r"'[^']*'|([A-Za-z])\1*|.", pattern):
        text = token.group(0)
        letter = token.group(1)
        if letter == "y":
            out.append(r"(?P<year>[12][0-9]{3})")
            has_year = True
        elif letter in ("M", "L") and len(text) >= 3:
            out.append(rf"(?P<mname>{months})\.?")
            has_name = True
        elif letter in ("M", "L"):
            out.append(r"(?P<month>[0-9]{1,2})")
        elif letter == "d":
            out.append(r"(?P<day>[0-9]{1,2})" + _ORDINAL)
        elif letter:  # weekday, era, ...: not in the patterns read here
            return None
        elif text.startswith("'"):
            out.append(re.escape(text.strip("'")) if text != "''" else "'")
        elif text.isspace():
            out.append(_SPACE + "*")
        elif text in ".,":
            out.append(re.escape(text) + "?")
        else:
            out.append(re.escape(text))
    numeric = not has_name and not re.search(r"[^\sMdy./,\-']", re.sub(r"'[^']*'", "", pattern))
    if not has_year or numeric:
        return None
    if "(?P<day>" not in "".join(out) and not has_name and "年" not in pattern and "년" not in pattern:
        return None
    return "".join(out)


@dataclass(frozen=True)
class LanguageForms:
    """The patterns and tables for reading one language's dates, amounts and percentages."""

    dates: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    day_first: bool
    decimal: str
    currencies: dict[str, str]
    money: tuple[re.Pattern[str], ...]
    percent: re.Pattern[str]
    scales: dict[str, int]  # `Mio.` -> 10**6, `million` -> 10**6 (lower case)


def _skeleton_patterns(loc: Locale) -> list[str]:
    patterns = [str(loc.date_formats[width].pattern) for width in ("long", "medium")]
    for skeleton in ("yMMMd", "yMMMMd", "yMMM", "yMMMM", "yMd"):
        if skeleton in loc.datetime_skeletons:
            patterns.append(loc.datetime_skeletons[skeleton].pattern)
    return patterns


def _currency_words(loc: Locale) -> dict[str, str]:
    words: dict[str, str] = {}
    plural = loc._data.get("currency_names_plural", {})
    for code in CURRENCIES:
        for word in (loc.currency_symbols.get(code), loc.currencies.get(code), code,
                     *(plural.get(code, {}) or {}).values()):
            if word:
                words.setdefault(word.lower(), code)
    for key in (loc.language, ""):
        for word, code in EXTRA_CURRENCY.get(key, {}).items():
            words.setdefault(word, code)
    return words


def _scale_words(loc: Locale) -> dict[str, int]:
    """The words of large numbers in the locale's compact formats (`2 Mio.`, `2 million`, `2 milliards`),
    lower case, with what they multiply by; one-letter forms (`2M`, `2 B`) are left out as ambiguous."""
    words: dict[str, int] = {}
    for style in ("long", "short"):
        for forms in loc.compact_decimal_formats.get(style, {}).values():
            for magnitude, pattern in forms.items():
                found = re.fullmatch(r"(0+)[ \u00a0]*([^0-9\s].*)", str(getattr(pattern, "pattern", pattern))
                                     .replace("\u00a0", " "))
                word = found.group(2).replace("'", "").strip() if found else ""
                if len(word) > 1 and re.match(f"[{_LATIN}]", word):
                    words.setdefault(word.lower(), 10 ** (len(str(int(magnitude))) - len(found.group(1))))
    return words


def _alternation(words) -> str:
    """Longest first; a word ending in a Latin letter must not run into another letter."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        parts.append(escaped + (f"(?![{_LATIN}])" if re.search(f"[{_LATIN}]$", word) else ""))
    return "|".join(parts)


@lru_cache(maxsize=64)
def language_forms(lang: str) -> LanguageForms:
    locales = _langs(lang)
    months: dict[str, int] = {}
    currencies: dict[str, str] = {}
    for loc in locales:
        for name, number in _month_names(loc).items():
            months.setdefault(name, number)
        for word, code in _currency_words(loc).items():
            currencies.setdefault(word, code)
    names = _alternation(m for m in months)
    seen: dict[str, None] = {}
    for loc in locales:
        for pattern in _skeleton_patterns(loc):
            regex = _pattern_regex(pattern, names)
            if regex:
                seen.setdefault(regex)
    before = rf"(?<![0-9{_LATIN}])"
    dates = tuple(re.compile(before + regex + r"(?![0-9])", re.IGNORECASE) for regex in seen)
    first = locales[0]
    short = str(first.date_formats["short"].pattern)
    day_first = short.find("d") < short.find("M")
    decimal = first.number_symbols.get("latn", first.number_symbols).get("decimal", ".")
    group = first.number_symbols.get("latn", first.number_symbols).get("group", ",")
    groups = ",." + ("'’" if group in "'’" else "") + (" \u00a0\u202f" if group.isspace() else "")
    number = rf"[0-9]{{1,3}}(?:[{re.escape(groups)}][0-9]{{3}})+(?:[.,][0-9]+)?|[0-9]+(?:[.,][0-9]+)?"
    unit = _alternation(currencies)
    scales = {word: value for loc in locales for word, value in _scale_words(loc).items()}
    scale = rf"(?:{_SPACE}?(?P<scale>{_alternation(scales)}))?" if scales else "(?P<scale>)"
    edge = rf"(?<![0-9{_LATIN}.,])"
    money = (
        re.compile(rf"{edge}(?P<amount>{number}){scale}{_SPACE}?(?P<unit>{unit})", re.IGNORECASE),
        re.compile(rf"(?<![{_LATIN}])(?P<unit>{unit}){_SPACE}?(?P<amount>{number})(?![0-9]|[.,][0-9]){scale}",
                   re.IGNORECASE),
    )
    percent_words = {w for loc in locales for w in _percent_words(loc)} | set(_EXTRA_PERCENT)
    percent = re.compile(rf"{edge}(?P<amount>{number}){_SPACE}?(?:{_alternation(percent_words)})", re.IGNORECASE)
    return LanguageForms(dates, months, day_first, decimal, currencies, money, percent, scales)


def _percent_words(loc: Locale) -> set[str]:
    words = set()
    for length in ("long", "short"):
        text = format_unit(7, "concentr-percent", length=length, locale=loc)
        words.add(text.replace("7", "").strip(" \u00a0\u202f"))
    return {w for w in words if w}
