"""The `policy` plugin's settings in mkdocs.yml, typed and validated."""

from __future__ import annotations

import datetime as dt
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
    locale_dir = c.Optional(c.Type(str))
    """The site's own gettext catalogs, relative to mkdocs.yml: `<lang>/LC_MESSAGES/policy_site.po`
    adds a language or overrides the package's labels for one."""

    def validate(self):  # type: ignore[override]
        failed, warnings = super().validate()
        if not failed:
            try:
                zoneinfo.ZoneInfo(self.timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                failed.append(("timezone", c.ValidationError(
                    f"unknown time zone {self.timezone!r}: use an IANA name such as Asia/Tokyo")))
            if self.notice_period < 0:
                failed.append(("notice_period", c.ValidationError("must be zero or a positive number of days")))
        return failed, warnings

    def today(self) -> dt.date:
        """Today's date in the site's time zone."""
        return dt.datetime.now(zoneinfo.ZoneInfo(self.timezone)).date()
