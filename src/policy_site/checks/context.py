"""What every check is handed: the corpus, the site's settings and what was published.

Its own module so the checks can import it without importing the list of checks
(`checks/__init__.py`), which imports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..model.hashing import SourceRecord
from ..model.revisions import Corpus


@dataclass(frozen=True)
class PublishedRevision:
    """What the gh-pages branch says was published for one revision (its policy.json)."""

    name: str
    source_hash: str
    sources: dict[str, str]  # path relative to the revision folder -> sha256
    hash_version: int = 1  # `source_hash_version` in policy.json (1: raw bytes, before it was recorded)

    @property
    def record(self) -> SourceRecord:
        return SourceRecord(self.source_hash, self.sources, self.hash_version)


@dataclass
class CheckContext:
    corpus: Corpus
    languages: list[str]  # the controlling language first
    controlling_language: str
    today: dt.date
    laws: list[str] = field(default_factory=lambda: ["appi"])
    applies: list[str] = field(default_factory=list)
    not_applicable: dict[str, str] = field(default_factory=dict)  # conditional rule id -> why it does not apply
    downgrade: dict[str, str] = field(default_factory=dict)
    meets: dict[str, str] = field(default_factory=dict)  # rule id -> how the site meets it (`kind: statement`)
    rule_files: list[Path] = field(default_factory=list)
    notice_period: int = 30
    allow_html: list[str] = field(default_factory=list)
    established: dt.date | None = None
    published: dict[str, PublishedRevision] = field(default_factory=dict)
    only: list[str] | None = None  # revision names to report on (None: all)


def make_context(corpus: Corpus, languages: list[str], policy, root: Path, today: dt.date, *,
                 published: dict[str, PublishedRevision] | None = None,
                 only: list[str] | None = None) -> CheckContext:
    """A context from the `policy` plugin settings (`config.PolicyConfig`)."""
    return CheckContext(
        corpus=corpus, languages=languages, controlling_language=policy.controlling_language, today=today,
        laws=list(policy.laws), applies=list(policy.applies), downgrade=dict(policy.downgrade),
        not_applicable=dict(getattr(policy, "not_applicable", {}) or {}),
        meets=dict(getattr(policy, "meets", {}) or {}),
        rule_files=[root / f for f in policy.rule_files], notice_period=policy.notice_period,
        allow_html=list(policy.allow_html), established=policy.established,
        published=published or {}, only=only)
