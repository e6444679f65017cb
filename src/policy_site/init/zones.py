"""The time zone a new site gets when `policy-site init` is given none (site_template/timezones.yml)."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import yaml
from babel import Locale, UnknownLocaleError
from babel.core import get_global

from ..errors import PolicySiteError

ZONES_FILE = Path(__file__).parent.parent / "site_template" / "timezones.yml"
FALLBACK = "UTC"


@dataclass(frozen=True)
class ZoneChoice:
    zone: str
    reason: str  # why, for the line init prints


def check_zone(zone: str) -> str:
    """`zone` if it is an IANA time zone name; else a `PolicySiteError` saying what to give."""
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise PolicySiteError(f"unknown time zone {zone!r}: give an IANA name such as Europe/Berlin, "
                              "America/Los_Angeles or Asia/Tokyo") from None
    return zone


def choose_zone(languages: Sequence[str], laws: Sequence[str] = ()) -> ZoneChoice:
    """The usual zone for a site in `languages` (the controlling one first) under `laws`."""
    region = _region_zone(languages[0]) if languages else None
    if region:
        return ZoneChoice(region, f"the only time zone of the region of {languages[0]}")
    data = _data()
    for lang in languages:
        for key in (lang, lang.replace("_", "-"), lang.split("-")[0].split("_")[0]):
            if key in data["languages"]:
                return ZoneChoice(data["languages"][key], f"the usual time zone for {lang}")
    for law in laws:
        if law in data["laws"]:
            return ZoneChoice(data["laws"][law], f"where {law} applies")
    return ZoneChoice(FALLBACK, "no language or law of the site has a usual time zone")


def _region_zone(lang: str) -> str | None:
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    zones = get_global("territory_zones").get(locale.territory or "", [])
    return zones[0] if len(zones) == 1 else None


@lru_cache(maxsize=1)
def _data() -> dict[str, dict[str, str]]:
    return yaml.safe_load(ZONES_FILE.read_text(encoding="utf-8"))
