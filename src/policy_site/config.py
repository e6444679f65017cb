"""The `policy` plugin's settings in mkdocs.yml, typed and validated."""

from __future__ import annotations

import datetime as dt
import difflib
import zoneinfo
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

KNOWN_LAWS = tuple(sorted(p.stem for p in Path(__file__).with_name("rules").glob("*.yml")))
"""The laws with rule data shipped in the package (one `rules/<law>.yml` each)."""


class _Date(c.BaseConfigOption[dt.date]):
    """A YYYY-MM-DD date (YAML may give a date or a string)."""

    def run_validation(self, value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise c.ValidationError(f"expected a date as YYYY-MM-DD, got {value!r}")


class PolicyConfig(base.Config):
    """`plugins: - policy: {...}` in mkdocs.yml."""

    established = c.Optional(_Date())
    """The date the policy was first established (shown on every page)."""
    controlling_language = c.Type(str, default="ja")
    """The language whose text prevails; the others are translations."""
    timezone = c.Type(str, default="Asia/Tokyo")
    """Time zone in which effective dates start (a revision takes effect at 00:00 there)."""
    laws = c.ListOfItems(c.Choice(KNOWN_LAWS), default=["appi"])
    """Laws whose disclosure requirements are checked: exactly these (appi when the key is absent)."""
    applies = c.ListOfItems(c.Type(str), default=[])
    """Conditional requirements that apply to this operator (e.g. appi-joint-use)."""
    downgrade = c.DictOfItems(c.Type(str), default={})
    """Requirements reported as warnings, each with the written reason."""
    meets = c.DictOfItems(c.Type(str), default={})
    """Requirements about the policy itself (`kind: statement`, e.g. ccpa-policy-accessible): {rule-id: how
    the site meets it}; shown on the Disclosures page."""
    rule_files = c.ListOfItems(c.Type(str), default=[])
    """The site's own rule files (YAML), relative to mkdocs.yml."""
    notice_period = c.Type(int, default=30)
    """Days between the announcement and the effective date of a revision."""
    allow_html = c.ListOfItems(c.Type(str), default=[])
    """Raw HTML elements authors may use (script-capable ones are never allowed)."""
    docs = c.Type(str, default="docs")
    """Folder holding one folder per revision, relative to mkdocs.yml."""
    operator = c.Optional(c.Type((str, dict)))
    """Who publishes the policy, shown in every page's footer: a name, or {lang: name}."""
    copyright = c.Optional(c.Type((str, dict)))
    """The footer's copyright line (may hold HTML such as `&copy;`), or {lang: line}; default:
    MkDocs's own `copyright`, else "© <operator>"."""
    locale_dir = c.Optional(c.Type(str))
    """The site's own gettext catalogs, relative to mkdocs.yml: `<lang>/LC_MESSAGES/policy_site.po`
    adds a language or overrides the package's labels for one."""

    def validate(self):  # type: ignore[override]
        failed, warnings = super().validate()
        # A mistyped option would silently fall back to its default: refuse it, naming the likely one.
        known = sorted(self._schema_keys)
        for key, message in list(warnings):
            if str(message).startswith("Unrecognised configuration name"):
                warnings.remove((key, message))
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f"did you mean `{close[0]}`?" if close else f"the options are {', '.join(known)}"
                failed.append((key, c.ValidationError(f"unknown option `{key}` of the policy plugin: {hint}")))
        if not failed:
            try:
                zoneinfo.ZoneInfo(self.timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                failed.append(("timezone", c.ValidationError(
                    f"unknown time zone {self.timezone!r}: use an IANA name such as Asia/Tokyo")))
            for key in ("operator", "copyright"):
                value = self[key]
                if isinstance(value, dict) and not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                       for k, v in value.items()):
                    failed.append((key, c.ValidationError(
                        "give a text, or one text per language code, e.g. {ja: 例示株式会社, en: Example K.K.}")))
            if self.notice_period < 0:
                failed.append(("notice_period", c.ValidationError("must be zero or a positive number of days")))
        return failed, warnings

    def today(self) -> dt.date:
        """Today's date in the site's time zone."""
        return dt.datetime.now(zoneinfo.ZoneInfo(self.timezone)).date()
