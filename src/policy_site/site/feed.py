"""The site's Atom feeds (RFC 4287): `/feed.xml` in the default language, `/<lang>/feed.xml` in the others.

Written with ElementTree rather than feedgen: a feed of a few entries needs no
library, and feedgen 1.0 drops the `rel` of entry links (which needed a patch)
and imports lxml without declaring it.

- One entry per published revision, upcoming ones included (one published only
  in some languages is titled so in the others' feeds), dated by when
  readers could first know of it: its `announced` date, else the day it was
  first published (never after its effective date).
- Times are 00:00 in the site's time zone (`2022-04-01T00:00:00+09:00`).
- `atom:id`s are the revisions' permanent addresses when `site_url` is set, else
  `urn:uuid:`s derived from the revision and language: valid IRIs either way,
  and neither changes with `site_name`.
- Links are absolute with `site_url`, else relative to the feed itself.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
import zoneinfo
from dataclasses import dataclass, field

from ..locale import format_date, language_names, translator

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ID_NAMESPACE = uuid.UUID("df13173d-26da-4134-988f-258d6cc0163a")  # policy-site's own, fixed forever


@dataclass(frozen=True)
class FeedEntry:
    revision: str
    effective: dt.date
    dated: dt.date  # when readers could first know of it
    summary: dict[str, str] = field(default_factory=dict)
    has_previous: bool = False
    languages: tuple[str, ...] = ()  # the languages it was published in (empty: every one)


@dataclass(frozen=True)
class FeedSite:
    """What the feeds need to know of the site."""

    languages: tuple[str, ...]
    timezone: str
    site_url: str | None = None
    site_names: dict[str, str] = field(default_factory=dict)  # lang -> name
    locale_dir: str | None = None  # the site's own catalogs

    def prefix(self, lang: str) -> str:
        return "" if lang == self.languages[0] else f"{lang}/"

    def feed_path(self, lang: str) -> str:
        return f"{self.prefix(lang)}feed.xml"

    def href(self, lang: str, path: str) -> str:
        """`path` (from the site root) as the feed of `lang` links it."""
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + path
        return "../" * self.prefix(lang).count("/") + path

    def stamp(self, day: dt.date) -> str:
        """00:00 of `day` in the site's time zone: `2022-04-01T00:00:00+09:00`."""
        return dt.datetime(day.year, day.month, day.day, tzinfo=zoneinfo.ZoneInfo(self.timezone)).isoformat()


def entry_id(site: FeedSite, lang: str, revision: str) -> str:
    if site.site_url:
        return site.href(lang, f"{revision}/{site.prefix(lang)}")
    return uuid.uuid5(_ID_NAMESPACE, f"{revision}/{lang}").urn


def feed_id(site: FeedSite, lang: str) -> str:
    if site.site_url:
        return site.href(lang, site.feed_path(lang))
    return uuid.uuid5(_ID_NAMESPACE, f"feed/{lang}").urn


def atom_feed(site: FeedSite, lang: str, entries: list[FeedEntry]) -> bytes:
    """The feed of `lang`: every entry, newest effective date first."""
    _ = translator(lang, site.locale_dir)
    name = site.site_names.get(lang) or site.site_names.get(site.languages[0]) or "policy-site"
    prefix = site.prefix(lang)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        el.text = text
        return el

    sub(feed, "id", feed_id(site, lang))
    sub(feed, "title", _("{site} — Revision history", site=name))
    sub(feed, "subtitle", _("Every revision of this policy, newest first. Each stays published at its own address."))
    newest = max((e.dated for e in entries), default=None)
    sub(feed, "updated", site.stamp(newest) if newest else "1970-01-01T00:00:00Z")
    sub(sub(feed, "author"), "name", name)
    sub(feed, "link", rel="self", type="application/atom+xml", href=site.href(lang, site.feed_path(lang)))
    sub(feed, "link", rel="alternate", type="text/html", hreflang=lang, href=site.href(lang, f"latest/{prefix}"))
    for e in sorted(entries, key=lambda e: e.effective, reverse=True):
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(site, lang, e.revision))
        if e.languages and lang not in e.languages:  # its link leads to a page saying so (untranslated.py)
            sub(entry, "title", _("Revision effective {date}, published only in {languages}",
                                  date=format_date(e.effective, lang), languages=language_names(e.languages, lang)))
        else:
            sub(entry, "title", _("Revision effective {date}", date=format_date(e.effective, lang)))
        sub(entry, "link", rel="alternate", type="text/html", hreflang=lang,
            href=site.href(lang, f"{e.revision}/{prefix}"))
        if e.has_previous:
            sub(entry, "link", rel="related", type="text/html", title=_("What changed"),
                href=site.href(lang, f"{e.revision}/{prefix}changes/"))
        sub(entry, "published", site.stamp(e.dated))
        sub(entry, "updated", site.stamp(e.dated))
        sub(entry, "summary", e.summary.get(lang) or _("Revision effective {date}", date=format_date(e.effective, lang)))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
