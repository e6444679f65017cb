"""The footer of every page: who publishes the policy and the copyright line, in the page's language.

From the `policy` plugin's `operator` and `copyright` settings; each is one text for every
language or `{lang: text}` (a language it does not list gets the controlling language's text,
else the first one given). Without `copyright`, MkDocs's own `copyright` setting is used, else
"© <operator>".
"""

from __future__ import annotations

from html import escape
from typing import Mapping


def in_language(value: str | Mapping[str, str] | None, lang: str, controlling: str) -> str | None:
    """`value` for `lang`: the text itself, or the entry for `lang`, its base language, the
    controlling language, else the first."""
    if value is None or isinstance(value, str):
        return value or None
    base = lang.replace("_", "-").split("-")[0]
    for key in (lang, base, controlling):
        if value.get(key):
            return value[key]
    return next(iter(value.values()), None)


def footer(operator: str | Mapping[str, str] | None, copyright: str | Mapping[str, str] | None,
           site_copyright: str | None, lang: str, controlling: str) -> dict[str, str | None]:
    """{"operator": plain text or None, "copyright": HTML or None} for a page in `lang`."""
    name = in_language(operator, lang, controlling)
    line = in_language(copyright, lang, controlling) or site_copyright
    if not line and name:
        line = f"&copy; {escape(name)}"
    return {"operator": name, "copyright": line}
