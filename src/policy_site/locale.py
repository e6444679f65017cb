"""The reader's language: UI strings from Babel message catalogs and dates formatted by Babel.

Message ids are English; `locales/<lang>/LC_MESSAGES/policy_site.po` translates
them. A language without a catalog (or a string without a translation) falls
back to English.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

DOMAIN = "policy_site"


@lru_cache(maxsize=None)
def catalog(lang: str) -> Catalog | None:
    path = resources.files("policy_site") / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def gettext(lang: str, message: str) -> str:
    cat = catalog(lang)
    if cat is not None:
        entry = cat.get(message)
        if entry is not None and entry.string and not entry.fuzzy:
            return str(entry.string)
    return message


def translator(lang: str):
    """`_("text", **values)` for templates and generated pages."""

    def _(message: str, **values: object) -> str:
        text = gettext(lang, message)
        return text.format(**values) if values else text

    return _


def format_date(value: dt.date, lang: str, fmt: str = "long") -> str:
    """`2016年6月1日` / `June 1, 2016`."""
    try:
        return _babel_format_date(value, format=fmt, locale=Locale.parse(lang.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return value.isoformat()


def language_name(lang: str, in_lang: str | None = None) -> str:
    try:
        return Locale.parse(lang.replace("-", "_")).get_display_name(in_lang or lang) or lang
    except (UnknownLocaleError, ValueError):
        return lang
