"""Phone numbers in a policy's text, read with Google's libphonenumber (the `phonenumbers` port).

A number is one fact whatever its form: `030 1234567`, `+49 30 1234567`, `(030) 12 34 56-7`
and `+49 (0)30 1234567` are all `+49301234567` (E.164), as `03-1234-5678` and `+81-3-1234-5678`
are `+81312345678`. A national number (no `+`) needs a region to be read, and the region comes
from the text's language:

- a language code with a territory gives it (`en-GB` -> GB, `de-AT` -> AT, `pt-BR` -> BR);
- a language that belongs to one country in Babel's likely-subtags data gives that one
  (ja -> JP, de -> DE, fr -> FR, es -> ES, it -> IT, ko -> KR, zh-Hans -> CN, zh-Hant -> TW);
- English, spoken by many countries, takes the region of the languages it is compared with
  (the English of a Japanese site writes Japanese numbers, the English of a German site German
  ones), and US when it stands alone;
- regions still to try after those: JP and US, what the checker read before it knew languages.

Numbers are found twice over: libphonenumber's matcher finds every number valid for the first
region, in any layout; the shapes below find the possible-but-unassigned numbers that policies
use as examples (`+1 415 555 0100`, `03-1234-5678` with an unused area code), and
libphonenumber decides whether each is a possible number and what it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from babel.core import get_global
from phonenumbers import Leniency, NumberParseException, PhoneNumberFormat, PhoneNumberMatcher

FALLBACK_REGIONS = ("JP", "US")
_MULTI_COUNTRY = {"en"}  # languages whose text is read with its partners' region first


class PhoneSpan(NamedTuple):
    start: int
    end: int
    value: str  # E.164


# --- regions ----------------------------------------------------------------------------

def region_of(lang: str) -> str | None:
    """The region a national number in `lang` belongs to (None: the language gives none alone)."""
    parts = re.split(r"[-_]", lang or "")
    for part in parts[1:]:
        if re.fullmatch(r"[A-Z]{2}", part.upper()) and len(part) == 2:
            return part.upper()
    base = parts[0].lower()
    if not base or base in _MULTI_COUNTRY:
        return None
    script = next((p.title() for p in parts[1:] if len(p) == 4), None)
    likely = get_global("likely_subtags")
    found = likely.get(f"{base}_{script}") if script else None
    found = found or likely.get(base)
    if not found:
        return None
    territory = found.split("_")[-1]
    return territory if re.fullmatch(r"[A-Z]{2}", territory) else None


def regions_for(lang: str, partners: Iterable[str] = ()) -> tuple[str, ...]:
    """The regions to read national numbers of a `lang` text with, the first preferred: its
    own, else its partners' (the languages it is compared with), else US; then JP and US."""
    own = region_of(lang)
    ordered = [own] if own else [r for r in (region_of(p) for p in partners) if r]
    if not ordered and (lang or "").split("-")[0].split("_")[0].lower() in _MULTI_COUNTRY:
        ordered = ["US"]
    return tuple(dict.fromkeys([*ordered, *FALLBACK_REGIONS]))


# --- reading ----------------------------------------------------------------------------

_SEP = r"[ .\-]"
_SHAPES = (
    # +81 3 1234 5678, +49 (0)30 1234567, +1-800-555-0100, +44 20 7946 0958
    re.compile(r"(?<![\w+])\+\d{1,3}(?:" + _SEP + r"?\(0\))?(?:" + _SEP + r"?\(\d{1,5}\)|" + _SEP + r"?\d{1,5}){1,6}(?!\d)",
               re.ASCII),
    # 03-1234-5678, (03)1234-5678, 030 1234567, 0570-088-335, 09012345678
    re.compile(r"(?<![\w+\-/])(?<!\d\.)(?:\(0\d{1,4}\)[ ]?\d{1,4}(?:[ \-]?\d{1,4}){1,2}|0\d{1,4}[ \-]?\d{1,4}[ \-]?\d{3,4})"
               r"(?![\w\-/])", re.ASCII),
    # 1-800-555-0100, (800) 555-0100, 800-555-0100
    re.compile(r"(?<![\w+\-/])(?<!\d\.)(?:1[ .\-])?(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[ .\-])\d{3}[ .\-]\d{4}(?![\w\-/])",
               re.ASCII),
)
# Dates and amounts libphonenumber's matcher would take for numbers where they happen to be
# valid: 02.01.2000, 2000/01/02 (a date), 910.000.000, 1,234,567.50 (an amount).
_NOT_A_PHONE = re.compile(r"\d{1,4}([./])\d{1,2}\1\d{1,4}|\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*(?:[.,]\d{1,2})?")
_GROUP_END = re.compile(r"[ .\-]?\(?\d+\)?$")


def find_phones(text: str, regions: tuple[str, ...]) -> list[PhoneSpan]:
    """Every phone number in `text` (ASCII digits: fold full-width ones first), as spans with
    their E.164 value; overlapping spans are possible (the caller keeps the longer)."""
    return list(_phones(text, regions))


@lru_cache(maxsize=16384)
def _phones(text: str, regions: tuple[str, ...]) -> tuple[PhoneSpan, ...]:
    return tuple(_find(text, regions))


def _find(text: str, regions: tuple[str, ...]) -> Iterator[PhoneSpan]:
    if not re.search(r"\d{2}", text):
        return
    first = regions[0] if regions else "ZZ"
    for match in PhoneNumberMatcher(text, first, leniency=Leniency.VALID):
        if not _NOT_A_PHONE.fullmatch(match.raw_string.strip("()[] ")):
            yield PhoneSpan(match.start, match.end, _e164(match.number))
    for shape in _SHAPES:
        for m in shape.finditer(text):
            raw = m.group(0)
            while raw:
                value = canonical_phone(raw, regions)
                if value:
                    yield PhoneSpan(m.start(), m.start() + len(raw), value)
                    break
                if not raw.startswith("+"):
                    break
                shorter = _GROUP_END.sub("", raw)  # `+81 3 1234 5678 1` : drop what makes it too long
                if shorter == raw:
                    break
                raw = shorter


def canonical_phone(text: str, regions: tuple[str, ...] = FALLBACK_REGIONS) -> str | None:
    """A phone number as written -> E.164 ('030 1234567' in DE -> '+49301234567'); None if it
    is no possible number. A national number is read with the first region it is valid in,
    else the first whose own number it could be (`010...` in Japan dials abroad: not Japanese)."""
    text = text.strip()
    if text.startswith("+"):
        number = _parse(text, None)
        return _e164(number) if number is not None and phonenumbers.is_possible_number(number) else None
    possible: str | None = None
    national = text.lstrip("(")
    for region in regions:
        if _trunk(region) == "0" and not national.startswith("0"):
            continue  # `800-555-0100` is no national form where numbers are dialled with a 0
        number = _parse(text, region)
        if number is None or not phonenumbers.is_possible_number(number):
            continue
        if phonenumbers.is_valid_number(number):
            return _e164(number)
        if possible is None and _could_be(number, region):
            possible = _e164(number)  # e.g. an unassigned example number in the region's own form
    return possible


def _could_be(number: phonenumbers.PhoneNumber, region: str) -> bool:
    """Whether a number that is not (yet) assigned has the shape of `region`'s numbers."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or number.country_code != metadata.country_code:
        return False
    pattern = metadata.general_desc.national_number_pattern if metadata.general_desc else None
    return bool(pattern and re.fullmatch(pattern, phonenumbers.national_significant_number(number)))


@lru_cache(maxsize=256)
def _trunk(region: str) -> str | None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return metadata.national_prefix if metadata is not None else None


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException:
        return None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
