"""Dates, amounts and percentages as each language writes them, read with Babel's locale data.

`15. Januar 2027`, `January 15, 2027`, `2027年1月15日`, `15.01.2027`, `15. Jan. 2027`
are one date; `1.000,50 €` and `EUR 1,000.50` one amount. What a language writes
comes from CLDR through Babel: month names and abbreviations (format and
stand-alone), the long and medium date patterns and the date skeletons
(`d. MMMM y`, `d 'de' MMMM 'de' y`, `y년 MMMM d일`), whether a numeric date puts
the day or the month first, the decimal and grouping symbols, currency symbols,
codes and names, and the word for percent. A few common forms CLDR does not
list (`円`, `ドル`, `원`, ordinals such as `1st`/`1er`, the Japanese eras, the
`万`/`億` units) are added here by hand.

Reads text already width-folded (`facts.fold_width`). `lang` is the text's
language; `""` reads every supported language's forms (English first where
they disagree, as `$` or `¥` do).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .localeforms import CURRENCIES, EXTRA_CURRENCY, FACT_LANGUAGES, language_forms

__all__ = ["CURRENCIES", "FACT_LANGUAGES", "Found", "find_amounts", "find_dates", "number_text", "parse_number"]

_UNITS = {"億": 10**8, "亿": 10**8, "억": 10**8, "万": 10**4, "萬": 10**4, "만": 10**4, "千": 10**3, "천": 10**3}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}


@dataclass(frozen=True)
class Found:
    """A fact-shaped span: its kind (`date`, `money`, `percent`), canonical value and place."""

    kind: str
    value: str
    start: int
    end: int


# --- reading ------------------------------------------------------------------------------

_NUMERIC_YMD = re.compile(
    r"(?<![0-9A-Za-z\-./+])(?P<year>[12][0-9]{3})(?P<sep>-|/|\.[ ]?)(?P<month>[0-9]{1,2})(?P=sep)"
    r"(?P<day>[0-9]{1,2})(?:\.(?![0-9]))?(?![0-9A-Za-z\-/]|\.[0-9])")
_NUMERIC_DMY = re.compile(
    r"(?<![0-9A-Za-z\-./+])(?P<a>[0-9]{1,2})(?P<sep>[./\-])[ ]?(?P<b>[0-9]{1,2})(?P=sep)[ ]?(?P<year>[12][0-9]{3})"
    r"(?![0-9A-Za-z\-/]|\.[0-9])")
_JA_YEAR_MONTH = re.compile(r"(?<![0-9])(?P<year>[12][0-9]{3})[ ]?年[ ]?(?P<month>[0-9]{1,2})[ ]?月"
                            r"(?:[ ]?(?P<day>[0-9]{1,2})[ ]?[日号])?")
_JA_ERA = re.compile(r"(?P<era>令和|平成|昭和)[ ]?(?P<year>[0-9]{1,2}|元)[ ]?年[ ]?(?P<month>[0-9]{1,2})[ ]?月"
                     r"(?:[ ]?(?P<day>[0-9]{1,2})[ ]?日)?")
_KO_YEAR_MONTH = re.compile(r"(?<![0-9])(?P<year>[12][0-9]{3})년[ ]?(?P<month>[0-9]{1,2})월(?:[ ]?(?P<day>[0-9]{1,2})일)?")


def _iso(year: int, month: int, day: int | None) -> str | None:
    if not 1000 <= year <= 2999 or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_YEAR = re.compile(r"[12][0-9]{3}")
_DIGITS = re.compile(r"[0-9](?:[0-9.,'’ \u00a0\u202f]*[0-9])?")


def _near(text: str, anchor: re.Pattern[str], before: int, after: int) -> Iterator[tuple[int, str]]:
    """(offset, stretch) of `text` around each match of `anchor`, overlapping stretches merged.

    The patterns with many alternatives (month names, currency words in nine
    languages) run only where a fact can be: around a year, around digits. A
    match must not start where a stretch was cut (its first character is not
    the text's), which no fact that fits in `before` characters does.
    """
    spans: list[list[int]] = []
    for m in anchor.finditer(text):
        start, end = max(0, m.start() - before), min(len(text), m.end() + after)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    for start, end in spans:
        yield start, text[start:end]


def _matches(patterns, text: str, anchor: re.Pattern[str], before: int, after: int) -> Iterator[re.Match[str]]:
    for offset, stretch in _near(text, anchor, before, after):
        for pattern in patterns:
            for m in pattern.finditer(stretch):
                if offset and m.start() == 0:
                    continue
                yield _Shifted(m, offset)


class _Shifted:
    """A match in a stretch, its positions in the whole text."""

    def __init__(self, match: re.Match[str], offset: int) -> None:
        self.match, self.offset = match, offset

    def __getitem__(self, group: str) -> str | None:
        return self.match[group]

    def groupdict(self) -> dict[str, str | None]:
        return self.match.groupdict()

    def start(self) -> int:
        return self.match.start() + self.offset

    def end(self) -> int:
        return self.match.end() + self.offset


def find_dates(text: str, lang: str = "") -> Iterator[Found]:
    """Every date-shaped span of `text` (overlapping ones included) with its ISO value
    (`2027-01-15`, or `2027-01` for a month)."""
    forms = language_forms(lang)
    for m in _matches(forms.dates, text, _YEAR, 40, 16):
        groups = m.groupdict()
        month = forms.months.get(groups["mname"].lower().rstrip(".")) if groups.get("mname") else int(groups["month"])
        if month is None:
            continue
        value = _iso(int(groups["year"]), month, int(groups["day"]) if groups.get("day") else None)
        if value:
            yield Found("date", value, m.start(), m.end())
    for m in _matches((_JA_YEAR_MONTH, _KO_YEAR_MONTH, _NUMERIC_YMD), text, _YEAR, 2, 16):
        value = _iso(int(m["year"]), int(m["month"]), int(m["day"]) if m["day"] else None)
        if value:
            yield Found("date", value, m.start(), m.end())
    for m in _JA_ERA.finditer(text) if ("令和" in text or "平成" in text or "昭和" in text) else ():
        year = _ERAS[m["era"]] + (1 if m["year"] == "元" else int(m["year"]))
        value = _iso(year, int(m["month"]), int(m["day"]) if m["day"] else None)
        if value:
            yield Found("date", value, m.start(), m.end())
    for m in _matches((_NUMERIC_DMY,), text, _YEAR, 10, 2):
        a, b = int(m["a"]), int(m["b"])
        # dots are always day first (15.01.2027); otherwise the language's short date decides
        day_first = m["sep"] == "." or a > 12 or (b <= 12 and forms.day_first)
        day, month = (a, b) if day_first else (b, a)
        value = _iso(int(m["year"]), month, day)
        if value:
            yield Found("date", value, m.start(), m.end())


def parse_number(text: str, lang: str = "") -> Decimal | None:
    """`1.000,50` (de) / `1,000.50` / `1 000,50` (fr) / `10` -> Decimal, with the language's
    decimal symbol deciding the one ambiguous case: a single separator before three digits."""
    digits = re.sub(r"[ \u00a0\u202f'’]", "", text.strip())
    seps = [ch for ch in digits if ch in ".,"]
    if not seps:
        decimal = None
    elif len(set(seps)) == 2:
        decimal = seps[-1]
    elif len(seps) > 1:
        decimal = None
    else:
        after = digits.split(seps[0], 1)[1]
        decimal = seps[0] if len(after) != 3 else (seps[0] if seps[0] == language_forms(lang).decimal else None)
    group = {".": ",", ",": "."}.get(decimal or "", ".,")
    plain = digits.translate({ord(ch): None for ch in group})
    if decimal:
        plain = plain.replace(decimal, ".")
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def number_text(number: Decimal) -> str:
    """1000 -> '1000', 5.50 -> '5.5', never an exponent."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


_CJK_AMOUNT = re.compile(
    r"(?<![0-9.,])(?P<amount>(?:[0-9][0-9,.]*[ ]?[億亿억万萬만千천][ ]?)+(?:[0-9][0-9,.]*)?|[0-9][0-9,.]*)"
    r"[ ]?(?P<unit>円|米ドル|ドル|ユーロ|日元|美元|欧元|歐元|日圓|元|원|달러|엔|유로)")


def _cjk_amount(text: str, lang: str) -> Decimal | None:
    """'1万2,000' -> 12000, '3千' -> 3000, '5억' -> 500000000."""
    total = Decimal(0)
    for number, unit in re.findall(r"([0-9][0-9,.]*)[ ]?([億亿억万萬만千천]?)", text):
        value = parse_number(number, lang)
        if value is None:
            return None
        total += value * _UNITS.get(unit, 1)
    return total


def find_amounts(text: str, lang: str = "") -> Iterator[Found]:
    """Every amount of money (`JPY 1000`, `EUR 1000.5`) and percentage (`5%`) in `text`."""
    forms = language_forms(lang)
    if not _DIGITS.search(text):
        return
    for m in _CJK_AMOUNT.finditer(text):
        unit = forms.currencies.get(m["unit"].lower()) or EXTRA_CURRENCY["zh"].get(m["unit"])
        if m["unit"] == "元" and unit is None:
            continue
        number = _cjk_amount(m["amount"], lang)
        if unit and number is not None:
            yield Found("money", f"{unit} {number_text(number)}", m.start(), m.end())
    for m in _matches(forms.money, text, _DIGITS, 30, 40):
        number = parse_number(m["amount"], lang)
        unit = forms.currencies.get(m["unit"].lower())
        if number is not None and m["scale"]:
            number *= forms.scales.get(m["scale"].lower(), 1)  # `2 Mio. €` = `EUR 2 million` = EUR 2000000
        if number is not None and unit:
            yield Found("money", f"{unit} {number_text(number)}", m.start(), m.end())
    for m in _matches((forms.percent,), text, _DIGITS, 2, 16):
        number = parse_number(m["amount"], lang)
        if number is not None:
            yield Found("percent", number_text(number) + "%", m.start(), m.end())
