"""The facts a policy states, read out of its text: how to reach the operator,
where it is, and the dates, amounts and rates it promises.

Two translations of one section must state the same facts (`checks/parity.py`),
and the disclosure rules ask whether a section names a contact channel or an
address (`contact_channels`, `has_address`). Each fact has a canonical `value`
so that `0570-088-335` and `+81 570 088 335`, or `2024年4月1日` and
`April 1, 2024`, are the same fact.

Full-width forms (`０３－１２３４－５６７８`, `５％`) are read as their ASCII
equivalents; bare numbers (`第5項`, `Art.32(1)`, list numbers, `24時間`) are not
facts.
"""

from __future__ import annotations

from functools import lru_cache

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from babel import Locale

from . import phones
from .localefacts import find_amounts, find_dates

FACT_KINDS = ("email", "phone", "url", "postal-code", "date", "money", "percent")

# What each kind is called in a message ("en has no such phone number").
KIND_LABELS = {
    "email": "email address",
    "phone": "phone number",
    "url": "URL",
    "postal-code": "postal code",
    "date": "date",
    "money": "amount",
    "percent": "percentage",
}


@dataclass(frozen=True)
class Fact:
    """One fact as stated in a text.

    Two facts are equal when their kind and canonical value are: `raw` (the
    text as written) is kept for messages only.
    """

    kind: str
    value: str
    raw: str = field(compare=False)

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


# --- width folding ----------------------------------------------------------------

def _fold_table() -> dict[int, str]:
    """Full-width ASCII, ideographic space and dash variants, one char to one char."""
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    table[0xFFE5] = "¥"  # ￥
    table[0xFFE0] = "¢"
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63":
        table[ord(dash)] = "-"
    return table


_FOLD = _fold_table()


def fold_width(text: str) -> str:
    """`text` with full-width digits, letters and signs as ASCII; same length, so
    offsets into the result are offsets into `text`."""
    return text.translate(_FOLD)


# --- the patterns ------------------------------------------------------------------

def _re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """ASCII \\w, \\d and \\b: a fact written right after Japanese text
    (`電話番号は03-1234-5678`) starts at a word boundary."""
    return re.compile(pattern, flags | re.ASCII)


_EMAIL = _re(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)
_URL = _re(
    # ASCII only (RFC 3986): a URL written right before Japanese text ends there.
    r"(?<![\w@/.])(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?*_~"

_JP_POSTAL = _re(r"〒[ ]?(\d{3})-?(\d{4})(?!\d)|(?<![\w\-.+/])(\d{3})-(\d{4})(?![\w\-/])")
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()
_US_ZIP = _re(r"\b(?:" + "|".join(_US_STATES) + r"),?[ ]+(\d{5}(?:-\d{4})?)(?![\w\-])")
_UK_POSTCODE = _re(r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?)[ ]?[0-9][ABD-HJLNP-UW-Z]{2}\b")
# A continental European postal code before its town, as an address line or after a house number
# (`10435 Berlin`, `Kastanienallee 12, 10435 Berlin`, `75008 Paris`, `D-10435 Berlin`, `1010 Wien`,
# `60311 Frankfurt am Main`), the town ending the line or the clause: `10000 Kunden` in a
# sentence is no address.
_EU_POSTAL = re.compile(r"(?:^|\d[a-zA-Z]?[ ]*[,·|][ ]*|\b(?:D|DE|A|AT|CH|F|FR|I|IT|E|ES|B|BE|L|LU)-)\d{4,5}[ ]+"
                        r"[A-ZÄÖÜÉÈÀ][\w\-]*(?:[ ]+(?:am|an der|im|in|ob der|sur|en|de|di)[ ]+[A-ZÄÖÜÉÈÀ][\w\-]*"
                        r"|[ ]+[A-ZÄÖÜÉÈÀ][\w\-]*|[ ]+\(\w+\))?[ ]*(?:$|[,;.)])", re.M)

class _Match(NamedTuple):
    start: int
    end: int
    fact: Fact


# --- canonical values ----------------------------------------------------------------

def canonical_phone(text: str, lang: str = "", partners: tuple[str, ...] = ()) -> str | None:
    """'+81 3 1234 5678', '03-1234-5678', '(03)1234-5678' -> '+81312345678' (E.164; None if it is
    not one), a national number read with the region of `lang` (phones.py)."""
    return phones.canonical_phone(fold_width(text), _regions(lang, partners))


def _regions(lang: str, partners: tuple[str, ...]) -> tuple[str, ...]:
    return phones.regions_for(lang, partners) if lang else phones.FALLBACK_REGIONS


def canonical_url(text: str) -> str:
    """Scheme and host lowercased, a bare `www.` read as https, no trailing slash on the path."""
    if text.lower().startswith("www."):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:  # `http://[`, `http://host:99999`: not a URL a reader can open, keep it as written
        return text
    netloc = f"{host}:{port}" if port else host
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, parts.fragment))


# --- finding them --------------------------------------------------------------------

def _candidates(text: str, lang: str, partners: tuple[str, ...] = ()) -> Iterator[_Match]:
    """Every fact-shaped span of the folded text, overlapping ones included."""
    folded = fold_width(text)

    def fact(kind: str, value: str, start: int, end: int) -> _Match:
        return _Match(start, end, Fact(kind, value, text[start:end]))

    for m in _EMAIL.finditer(folded):
        yield fact("email", m.group(0).lower(), m.start(), m.end())
    for m in _URL.finditer(folded):
        raw = _trim_url(m.group(0))
        yield fact("url", canonical_url(raw), m.start(), m.start() + len(raw))
    for phone in phones.find_phones(folded, _regions(lang, partners)):
        yield fact("phone", phone.value, phone.start, phone.end)
    for m in _JP_POSTAL.finditer(folded):
        first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        yield fact("postal-code", f"{first}-{second}", m.start(), m.end())
    for m in _US_ZIP.finditer(folded):
        yield fact("postal-code", m.group(1), m.start(1), m.end(1))
    for found in (*find_dates(folded, lang), *find_amounts(folded, lang)):
        yield fact(found.kind, found.value, found.start, found.end)


def _trim_url(url: str) -> str:
    """Drop the sentence punctuation and unbalanced closing brackets a URL is written before."""
    while url:
        if url[-1] in _URL_TRAILING:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif url[-1] == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


# The kinds that win when two fact-shaped spans overlap (a URL holding a date, an
# email inside a URL): earlier first, then longer, then this order.
_PRIORITY = {kind: i for i, kind in enumerate(("url", "email", "phone", "date", "postal-code", "money", "percent"))}


def _resolve(matches: list[_Match]) -> list[_Match]:
    """The non-overlapping matches, preferring the earlier, then the longer, span."""
    chosen: list[_Match] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start), _PRIORITY[m.fact.kind])):
        if chosen and m.start < chosen[-1].end:
            continue
        chosen.append(m)
    return chosen


def find_facts(text: str, lang: str = "", partners: tuple[str, ...] = ()) -> list[Fact]:
    """Every fact in `text`, in the order written (the same fact may repeat).

    `lang` is the text's language: its own forms of dates and numbers come first
    (`01/02/2027` is 1 February in French, January 2 in English; `1.000` is a
    thousand in German); English forms and the contact forms are read in every
    language (a German text may quote `〒106-6224` or `January 15, 2027`). Without
    it, every supported language's forms are read. A national phone number is read with
    the region of `lang`, or for English with that of `partners`, the languages the text
    is compared with (`phones.regions_for`).
    """
    return list(_facts_of(text, lang, tuple(partners)))


@lru_cache(maxsize=16384)
def _facts_of(text: str, lang: str = "", partners: tuple[str, ...] = ()) -> tuple[Fact, ...]:
    # Cached by text: consecutive revisions repeat most sections word for word, and the
    # parity and disclosure checks read the same sections.
    return tuple(m.fact for m in _resolve(list(_candidates(text, lang, partners))))


def extract_facts(text: str, lang: str = "", partners: tuple[str, ...] = ()) -> set[Fact]:
    """The facts `text` (in `lang`) states, each once."""
    return set(find_facts(text, lang, partners))


# --- places and contact channels ----------------------------------------------------

PREFECTURES_JA = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 "
    "新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 "
    "奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 "
    "長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
PREFECTURES_EN = (
    "Hokkaido Aomori Iwate Miyagi Akita Yamagata Fukushima Ibaraki Tochigi Gunma Saitama Chiba Tokyo "
    "Kanagawa Niigata Toyama Ishikawa Fukui Yamanashi Nagano Gifu Shizuoka Aichi Mie Shiga Kyoto Osaka "
    "Hyogo Nara Wakayama Tottori Shimane Okayama Hiroshima Yamaguchi Tokushima Kagawa Ehime Kochi Fukuoka "
    "Saga Nagasaki Kumamoto Oita Miyazaki Kagoshima Okinawa"
).split()
COUNTRIES_JA = (
    "日本 日本国 アメリカ合衆国 アメリカ 米国 中華人民共和国 中国 大韓民国 韓国 台湾 香港 シンガポール 英国 "
    "イギリス 連合王国 アイルランド ドイツ フランス オランダ ベルギー ルクセンブルク スイス スウェーデン "
    "イタリア スペイン カナダ オーストラリア ニュージーランド インド ベトナム タイ フィリピン インドネシア "
    "マレーシア ブラジル メキシコ"
).split()
COUNTRIES_EN = (
    "Japan|United States of America|United States|U\\.S\\.A\\.|USA|United Kingdom|U\\.K\\.|UK|"
    "People's Republic of China|China|Republic of Korea|South Korea|Korea|Taiwan|Hong Kong|Singapore|"
    "Ireland|Germany|France|Netherlands|Belgium|Luxembourg|Switzerland|Sweden|Italy|Spain|Canada|"
    "Australia|New Zealand|India|Vietnam|Viet Nam|Thailand|Philippines|Indonesia|Malaysia|Brazil|Mexico"
).split("|")

_KATAKANA = "\u30a1-\u30fa\u30fc"
_PLACE_JA = _re(
    "|".join(PREFECTURES_JA)
    + "|日本(?!語)|"
    + "|".join(f"(?<![{_KATAKANA}]){name}(?![{_KATAKANA}])" for name in COUNTRIES_JA if name != "日本")
)
_PLACE_EN = _re(
    r"\b(?:" + "|".join(PREFECTURES_EN) + r")(?:-(?:to|fu|ken|do)\b| Prefecture\b)?(?![\w-])"
    r"|(?<![\w.])(?:" + "|".join(COUNTRIES_EN) + r")(?![\w-])"
)
_ADDRESS_LABEL = _re(r"(?:住所|所在地|郵便番号|宛先|\bAddress\b|\bPostal code\b|\bZIP\b)", re.IGNORECASE)
# The same countries, and the rest of the EEA, in the other languages of GDPR sites, from
# Babel's locale data ("Deutschland", "Allemagne", "Alemania", "Germania").
_TERRITORIES = ("JP US GB CN KR TW HK SG IE DE FR NL BE LU CH SE IT ES CA AU NZ IN VN TH PH ID MY BR MX "
                "AT PT DK FI NO IS LI PL CZ SK SI HU RO BG HR GR CY MT EE LV LT").split()
_PLACE_LOCAL = _re(r"(?<![\w.])(?:" + "|".join(sorted({
    re.escape("".join(ch for ch in unicodedata.normalize("NFKD", Locale.parse(lang).territories[code])
                      if not unicodedata.combining(ch)))
    for lang in ("de", "fr", "es", "it") for code in _TERRITORIES}, key=len, reverse=True)) + r")(?![\w-])")


def _ascii_fold(text: str) -> str:
    """'Tōkyō' -> 'Tokyo' (macrons dropped), full-width folded."""
    decomposed = unicodedata.normalize("NFKD", fold_width(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=16384)
def has_place(text: str) -> bool:
    """Whether `text` names a Japanese prefecture or a country (ja, en, de, fr, es, it)."""
    folded = _ascii_fold(text)
    return bool(_PLACE_JA.search(unicodedata.normalize("NFC", fold_width(text))) or _PLACE_EN.search(folded)
                or _PLACE_LOCAL.search(folded))


def _has_postal_code(text: str) -> bool:
    folded = fold_width(text)
    for m in _JP_POSTAL.finditer(folded):
        if m.group(0).startswith("〒") or has_place(text) or _ADDRESS_LABEL.search(text):
            return True
    return bool(_US_ZIP.search(folded) or _UK_POSTCODE.search(folded) or _EU_POSTAL.search(folded.strip()))


@lru_cache(maxsize=16384)
def has_address(text: str) -> bool:
    """Whether `text` gives a postal address: a postal code (〒106-6224, or
    106-6224 beside a place; a US ZIP after a state; a UK postcode; a European
    postal code before its town, 10435 Berlin), a
    prefecture (東京都, Tokyo) or a country (日本, Japan)."""
    return any(_has_postal_code(line) or has_place(line) for line in text.split("\n"))


def _address_lines(text: str) -> Iterator[str]:
    """Lines that read as a postal address: a postal code, or a place with a street number."""
    for line in text.split("\n"):
        stripped = _strip_markup(line)
        if not stripped:
            continue
        if _has_postal_code(stripped):
            yield stripped
        elif has_place(stripped) and re.search(r"\d|丁目|番地|[0-9一二三四五六七八九十]+番|号", fold_width(stripped)):
            yield stripped


def _strip_markup(line: str) -> str:
    """A Markdown line without list markers, emphasis and hard-break spaces."""
    line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
    line = line.replace("**", "").replace("__", "")
    return line.strip().rstrip("\\").strip()


def contact_channels(text: str, lang: str = "") -> list[str]:
    return list(_channels_of(text, lang))


@lru_cache(maxsize=16384)
def _channels_of(text: str, lang: str = "") -> tuple[str, ...]:
    """The ways to reach someone that `text` (in `lang`) gives, as written and in order:
    email addresses, phone numbers, URLs and postal-address lines."""
    channels: list[str] = []
    for item in find_facts(text, lang):
        if item.kind in ("email", "phone", "url") and item.raw not in channels:
            channels.append(item.raw)
    for line in _address_lines(text):
        if line not in channels:
            channels.append(line)
    return tuple(channels)
