"""The files at the root of the publish branch, around the mike versions.

`root_files` derives them from what is on the branch (versions.json and each
version's policy.json) and the site's settings; nothing here reads docs/:

- `revisions.json`: every published revision and its status on the publish day;
- `feed.xml` and `<lang>/feed.xml`: the site's Atom feeds (see feed.py);
- `index.html`: the site root, a plain page with a link to the policy in force
  (and a redirect to `latest/`), instead of mike's bare "Redirecting...";
- `404.html`: what GitHub Pages serves for an unknown address, in every language;
- `CNAME`: when the `cname` setting is given.

Statuses come from effective dates (timeline.py), never from aliases: before the
first revision takes effect, nothing is called in force.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..model import timeline
from ..site.feed import FeedEntry, FeedSite, atom_feed
from ..git import Git
from ..locale import format_date, translator
from ..site.notices import TEMPLATES_DIR
from ..model.revisions import parse_revision_date
from ..site import Site

SCHEMA_VERSION = 1
ROOT_PAGES = ("index.html", "404.html")


@dataclass(frozen=True)
class RootSettings:
    """The site settings the branch root depends on."""

    languages: tuple[str, ...]
    timezone: str
    site_names: dict[str, str] = field(default_factory=dict)
    site_url: str | None = None
    cname: str | None = None
    custom_dir: str | None = None
    locale_dir: str | None = None  # the site's own catalogs (read before the package's)

    @classmethod
    def of(cls, site: Site) -> "RootSettings":
        names = {lang: site.mkdocs.site_name for lang in site.languages}
        i18n = site.mkdocs.plugins.get("i18n")
        for lang in getattr(getattr(i18n, "config", None), "languages", None) or []:
            if getattr(lang, "site_name", None):
                names[lang.locale] = lang.site_name
        url = site.mkdocs.site_url or None
        return cls(tuple(site.languages), site.policy.timezone, names,
                   (url if url.endswith("/") else url + "/") if url else None,
                   getattr(site.policy, "cname", None), site.mkdocs.theme.custom_dir,
                   str((site.root / site.policy.locale_dir).resolve()) if site.policy.locale_dir else None)

    @property
    def feeds(self) -> FeedSite:
        return FeedSite(self.languages, self.timezone, self.site_url, self.site_names, self.locale_dir)

    @property
    def root_path(self) -> str:
        """The site's path on its host (`/` unless site_url says otherwise)."""
        return urlsplit(self.site_url).path or "/" if self.site_url else "/"


@dataclass(frozen=True)
class PublishedRecord:
    """One version on the branch with what its policy.json says."""

    name: str
    effective: dt.date
    aliases: tuple[str, ...]
    record: dict
    published: dt.date  # the day it was first published on this branch

    @property
    def announced(self) -> dt.date | None:
        return parse_revision_date(str(self.record.get("announced") or ""))

    @property
    def summary(self) -> dict[str, str]:
        summary = self.record.get("summary")
        return {str(k): str(v) for k, v in summary.items()} if isinstance(summary, dict) else {}

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages it was published in (policy.json; empty: not recorded, so every one)."""
        langs = self.record.get("languages")
        return tuple(str(x) for x in langs) if isinstance(langs, list) else ()

    @property
    def known_from(self) -> dt.date:
        """When readers could first know of it: announced, else first published (not after it took effect)."""
        return self.announced or min(self.published, self.effective)


def read_published(git: Git, tip: str | None, today: dt.date) -> list[PublishedRecord]:
    """Every dated version on the branch at `tip`, oldest first, with its policy.json."""
    if tip is None:
        return []
    raw = git.read_files(tip, ["versions.json", "revisions.json"])
    try:
        versions = json.loads(raw["versions.json"] or b"[]")
    except ValueError:
        versions = []
    try:
        previous = {e["revision"]: e for e in json.loads(raw["revisions.json"] or b"{}").get("revisions", [])}
    except (ValueError, AttributeError, TypeError, KeyError):
        previous = {}
    names = [v.get("version") for v in versions if isinstance(v, dict) and isinstance(v.get("version"), str)]
    records = git.read_files(tip, [f"{n}/policy.json" for n in names])
    out = []
    for v in versions:
        name = v.get("version") if isinstance(v, dict) else None
        props = v.get("properties") if isinstance(v, dict) else None
        effective = parse_revision_date(str((props or {}).get("effective") if isinstance(props, dict) else name or "")) \
            or parse_revision_date(str(name or ""))
        if not name or effective is None:
            continue
        try:
            record = json.loads(records.get(f"{name}/policy.json") or b"{}")
        except ValueError:
            record = {}
        record = record if isinstance(record, dict) else {}
        first = parse_revision_date(str((previous.get(name) or {}).get("published") or "")) \
            or parse_revision_date(str(record.get("status_as_of") or "")) or today
        out.append(PublishedRecord(name, effective, tuple(v.get("aliases") or ()), record, first))
    return sorted(out, key=lambda p: p.effective)


def revisions_index(published: list[PublishedRecord], settings: RootSettings, today: dt.date) -> dict:
    """`/revisions.json`: every published revision and its status on `today` (changes only when one does)."""
    effective = {p.name: p.effective for p in published}
    return {
        "schema": SCHEMA_VERSION,
        "timezone": settings.timezone,
        "in_force": timeline.in_force(effective, today),
        "upcoming": timeline.upcoming(effective, today),
        "revisions": [{
            "revision": p.name,
            "effective": p.effective.isoformat(),
            "announced": p.announced.isoformat() if p.announced else None,
            "published": p.published.isoformat(),
            "status": timeline.status(effective, p.name, today),
            "aliases": list(p.aliases),
            "url": f"{p.name}/",
            "policy": f"{p.name}/policy.json",
            "summary": p.summary,
            "languages": list(p.languages or settings.languages),
        } for p in published],
    }


def _env(settings: RootSettings) -> Environment:
    dirs = [d for d in (settings.custom_dir, TEMPLATES_DIR) if d]
    return Environment(loader=FileSystemLoader(dirs), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


def _page_context(published: list[PublishedRecord], settings: RootSettings, today: dt.date, base: str) -> dict:
    """Per language: the site's name, the policy in force (or the first one to come) and the feed."""
    effective = {p.name: p.effective for p in published}
    current = timeline.in_force(effective, today)
    first = timeline.upcoming(effective, today) if current is None else None
    langs = []
    for lang in settings.languages:
        _ = translator(lang, settings.locale_dir)
        prefix = "" if lang == settings.languages[0] else f"{lang}/"
        item = {"lang": lang, "name": settings.site_names.get(lang, ""), "_": _,
                "href": f"{base}latest/{prefix}", "history": f"{base}latest/{prefix}history/",
                "feed": f"{base}{prefix}feed.xml"}
        if current:
            item["notice"] = _("In force since {date}.", date=format_date(effective[current], lang))
            item["link"] = _("Read the policy in force")
        elif first:
            item["notice"] = _("This policy takes effect on {date}.", date=format_date(effective[first], lang))
            item["link"] = _("Read the new text")
        langs.append(item)
    return {"langs": langs, "has_policy": bool(current or first), "canonical": settings.site_url}


def root_files(published: list[PublishedRecord], settings: RootSettings, today: dt.date) -> dict[str, bytes]:
    """Every file the branch root should hold on `today`, path -> content."""
    files = {"revisions.json": (json.dumps(revisions_index(published, settings, today), ensure_ascii=False,
                                           indent=2) + "\n").encode()}
    entries = [FeedEntry(p.name, p.effective, p.known_from, p.summary, i > 0, p.languages)
               for i, p in enumerate(published)]
    for lang in settings.languages:
        files[settings.feeds.feed_path(lang)] = atom_feed(settings.feeds, lang, entries)
    env = _env(settings)
    # index.html sits at the root: relative links. 404.html is served at any address: root-absolute ones.
    files["index.html"] = env.get_template("root/index.html").render(
        **_page_context(published, settings, today, "")).encode()
    files["404.html"] = env.get_template("root/404.html").render(
        **_page_context(published, settings, today, settings.root_path)).encode()
    for lang in settings.languages:
        files[f"{settings.feeds.prefix(lang)}sitemap.xml"] = sitemap_index(published, settings, lang)
    if settings.cname:
        files["CNAME"] = f"{settings.cname}\n".encode()
    return files


def sitemap_index(published: list[PublishedRecord], settings: RootSettings, lang: str) -> bytes:
    """`sitemap.xml` beside each root feed: an index of every version's sitemap in that language.

    One address to give crawlers; and Material fetches `sitemap.xml` next to every
    `<link rel="alternate">` a page has (the root feeds), which would otherwise be a 404.
    """
    prefix = settings.feeds.prefix(lang)
    locs = [settings.feeds.href(lang, f"{p.name}/{prefix}sitemap.xml") for p in reversed(published)]
    body = "".join(f"  <sitemap><loc>{escape(loc)}</loc></sitemap>\n" for loc in locs)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</sitemapindex>\n").encode()


def changed_root_files(git: Git, tip: str | None, settings: RootSettings, today: dt.date) -> dict[str, bytes]:
    """The root files that differ from what the branch holds at `tip` (empty: nothing to commit)."""
    wanted = root_files(read_published(git, tip, today), settings, today)
    if tip is None:
        return wanted
    current = git.read_files(tip, list(wanted))
    return {path: data for path, data in wanted.items() if current.get(path) != data}
