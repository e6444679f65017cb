"""The `policy` plugin's settings in mkdocs.yml, typed and validated."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c

ENV_REVISION = "POLICY_SITE_REVISION"
"""Names the one revision a `mkdocs build` renders (publish and `policy-site build` set it)."""
ENV_TODAY = "POLICY_SITE_TODAY"
"""The day the build takes as today (YYYY-MM-DD), so publish and its builds agree on one day."""

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_date(value: object) -> dt.date | None:
    """The one date parser: a real day written YYYY-MM-DD (text, or a date YAML read), else None.

    Not a date and time, and none of the other forms `date.fromisoformat` takes
    (`20240101`, `2024-W01-1`): every file and option of the site writes days one way.
    """
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def today_in(zone: str | None) -> dt.date:
    """Today in the time zone `zone` (the site's `timezone`; None: this machine's)."""
    return dt.datetime.now(zoneinfo.ZoneInfo(zone) if zone else None).date()


KNOWN_LAWS = tuple(sorted(p.stem for p in Path(__file__).with_name("rules").glob("*.yml")))
"""The laws with rule data shipped in the package (one `rules/<law>.yml` each)."""
_HOSTNAME = re.compile(r"(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")


class _Date(c.BaseConfigOption[dt.date]):
    """A YYYY-MM-DD date (YAML may give a date or a string)."""

    def run_validation(self, value: object) -> dt.date:
        day = parse_date(value)
        if day is not None:
            return day
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
    not_applicable = c.DictOfItems(c.Type(str), default={})
    """Conditional requirements that do not apply to this operator, each with the reason (silences
    `possibly-applies` when the text's words suggest otherwise)."""
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
    cname = c.Optional(c.Type(str))
    """The custom domain GitHub Pages serves the site at: written to CNAME at the branch root."""
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
            if self.cname is not None and not _HOSTNAME.fullmatch(self.cname):
                failed.append(("cname", c.ValidationError(
                    f"{self.cname!r} is not a domain name: write the host alone, e.g. privacy.example.com")))
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
        return today_in(self.timezone)


def cname_problem(policy: PolicyConfig, site_url: str | None) -> str | None:
    """Why `cname` and `site_url` do not go together, or None.

    GitHub Pages serves the site at the custom domain: links, feeds and the 404
    page need the address, so `site_url` is required and must be on that host.
    """
    if not policy.cname:
        return None
    if not site_url:
        return (f"plugins.policy.cname is {policy.cname!r} but site_url is not set: "
                f"add `site_url: https://{policy.cname}/` to mkdocs.yml")
    host = urlsplit(site_url).hostname or ""
    if host.lower() != policy.cname.lower():
        return (f"plugins.policy.cname is {policy.cname!r} but site_url is {site_url!r}: "
                f"site_url must be on the custom domain (https://{policy.cname}/)")
    return None
