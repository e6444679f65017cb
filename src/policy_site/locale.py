"""The reader's language: UI strings from gettext catalogs, dates, numbers and names from Babel.

Message ids are English. The catalogs are managed with Babel's own tooling
(`make messages`: `pybabel extract` with `babel.cfg` from the templates and the
code into `locales/policy_site.pot`, then `pybabel update` into each
`locales/<lang>/LC_MESSAGES/policy_site.po`). A catalog is compiled by Babel's
compiler (`write_mo`, what `pybabel compile` runs; fuzzy entries left out) when
a build first needs it, so a fresh clone, a wheel and a catalog just edited all
read the one source, with no binary copy to fall out of step.

A site can add a language or override labels with its own folder of catalogs
(`locale_dir:` in the `policy` plugin's settings), laid out the same way
(`<lang>/LC_MESSAGES/policy_site.po`, or a compiled `.mo`): it is read first,
then the package's catalogs, then the English message id.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Callable

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date as _babel_format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal

from .errors import PolicySiteError

DOMAIN = "policy_site"
PACKAGE_LOCALES = Path(__file__).resolve().parent / "locales"
"""The package's catalogs: `<lang>/LC_MESSAGES/policy_site.po` and the template `policy_site.pot`."""

SHIPPED_LANGUAGES = ("ja", "de", "fr", "es", "it", "ko", "zh_Hans", "zh_Hant")
"""The catalogs that ship with the package, besides English (the message ids)."""

Translate = Callable[..., str]

looked_up: set[str] = set()
"""Every message id translated in this process: tests check that each one is extracted
(a `_()` hidden where `pybabel extract` cannot see it would stay English)."""


def babel_locale(lang: str) -> Locale | None:
    """`ja`, `en`, `zh-Hans`, `de-AT`, `pt_BR` as a Babel `Locale`; None if Babel does not know it."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def catalog_names(lang: str) -> list[str]:
    """The catalog folders that may translate `lang`, most specific first.

    `zh-TW` -> zh_Hant_TW, zh_Hant, zh_TW, zh; `zh` -> zh, zh_Hans (its likely script).
    """
    loc = babel_locale(lang)
    if loc is None:
        return [lang.replace("-", "_")]
    names = [str(loc)]
    if loc.script:
        names.append(f"{loc.language}_{loc.script}")
    if loc.territory:
        names.append(f"{loc.language}_{loc.territory}")
    names.append(loc.language)
    likely = get_global("likely_subtags").get(loc.language)
    if likely and not loc.script:
        full = Locale.parse(likely)
        if full.script:
            names.append(f"{full.language}_{full.script}")
    return list(dict.fromkeys(names))


def _compiled(folder: Path, name: str) -> _gettext.GNUTranslations | None:
    """The catalog `folder/name/LC_MESSAGES/policy_site.{po,mo}`, compiled; None if there is none."""
    base = folder / name / "LC_MESSAGES" / DOMAIN
    po, mo = base.with_suffix(".po"), base.with_suffix(".mo")
    if po.is_file():
        try:
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=name, abort_invalid=True)
        except (PoFileError, UnicodeDecodeError, ValueError) as exc:
            line = getattr(exc, "lineno", None)
            where = f"{po}:{line}" if line else str(po)
            raise PolicySiteError(f"{where}: not a valid gettext catalog ({exc}); fix it "
                                  f"(`pybabel compile --statistics -i {po.name} -o /dev/null` shows what is wrong)") from None
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        return _gettext.GNUTranslations(buffer)
    if mo.is_file():
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    return None


@lru_cache(maxsize=None)
def translations(lang: str, locale_dir: str | None = None) -> _gettext.NullTranslations:
    """Every catalog for `lang`, chained: the site's before the package's, specific before general."""
    folders = [Path(locale_dir)] if locale_dir else []
    folders.append(PACKAGE_LOCALES)
    first: _gettext.NullTranslations | None = None
    for name in catalog_names(lang):
        for folder in folders:
            found = _compiled(folder, name)
            if found is None:
                continue
            if first is None:
                first = found
            else:
                first.add_fallback(found)
    return first or _gettext.NullTranslations()


def gettext(lang: str, message: str, locale_dir: str | Path | None = None) -> str:
    """`message` (an English message id) in `lang`; the message itself where no catalog translates it."""
    return translations(lang, str(locale_dir) if locale_dir else None).gettext(message)


def translator(lang: str, locale_dir: str | Path | None = None) -> Translate:
    """`_("text with {name}", name=value)` for templates and generated pages.

    The whole sentence is translated first, then its placeholders are filled:
    never glue translated fragments together.
    """
    catalogs = translations(lang, str(locale_dir) if locale_dir else None)

    def _(message: str, **values: object) -> str:
        looked_up.add(message)
        text = catalogs.gettext(message)
        return text.format(**values) if values else text

    return _


def format_date(value: dt.date, lang: str, fmt: str = "long") -> str:
    """`2016年6月1日` / `June 1, 2016` / `1. Juni 2016`."""
    loc = babel_locale(lang)
    if loc is None:
        return value.isoformat()
    return _babel_format_date(value, format=fmt, locale=loc)


def format_number(value: int | float | Decimal, lang: str) -> str:
    """`1,234` / `1.234` / `1 234` as the reader's language writes numbers."""
    loc = babel_locale(lang)
    return format_decimal(value, locale=loc) if loc is not None else str(value)


def language_name(lang: str, in_lang: str | None = None) -> str:
    """The name of `lang` in `in_lang` (its own name by default), as Babel's locale data gives it."""
    loc = babel_locale(lang)
    if loc is None:
        return lang
    try:
        return loc.get_display_name(babel_locale(in_lang or lang) or loc) or lang
    except (UnknownLocaleError, ValueError):
        return lang


def language_names(langs: list[str] | tuple[str, ...], in_lang: str) -> str:
    """`Japanese`, `Japanese and English`, `日本語、英語`: the names of `langs` in `in_lang`, as a list
    written the way that language writes one (Babel's list patterns)."""
    names = [language_name(lang, in_lang) for lang in langs]
    loc = babel_locale(in_lang)
    return format_list(names, locale=loc) if loc is not None and names else ", ".join(names)
