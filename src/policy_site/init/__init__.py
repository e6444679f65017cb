"""`policy-site init`: a new policy site, ready for a company's legal team to fill in.

`init_site` writes, into a new or empty folder::

    mkdocs.yml                  the `policy`, search and i18n plugins set up; a comment at the
                                top lists the conditional requirements and how to declare them
    docs/<today>/revision.yml   the first revision's summary, in every language
    docs/<today>/<lang>/index.md
                                one section per requirement in force today under the chosen
                                laws, the same sections and ids in every language, each with a
                                placeholder that `policy-site check` reports (checks/placeholders.py)
    overrides/README.md         `theme.custom_dir`: where the site's own customizations go
    README.md, Makefile, .gitignore, .gitattributes (`* text=auto eol=lf`: LF on every checkout)
    requirements.txt            the policy-site that made the site, as pip can install it again
                                (installed.py: an index version, a git URL at a commit, or a TODO)
    .github/                    the CI workflows, when the package ships them (site_template/github/)

The target may be new, empty, or a fresh clone holding only version-control files, a README
and a LICENSE (init_folder.py: they are kept, and merged with init's own README and ignore
files). The time zone is the one asked for, else the usual one for the site's languages or
laws (zones.py).

The words come from data, not code: the gettext catalogs (the title, the summary, the
placeholders, in each language a catalog translates them into; English otherwise),
`site_template/` (the file templates) and the rule files (labels and hints, conditions). A
section title is the rule's label in the document's language: from the rule data, else the
catalog's translation of the English label, else the English label (to be translated with
the text). The comment above each placeholder gives the rule's hint in that language, else in
English: it is for the author, and readers never see it.

Either every file is written or none is: the site is put together in a hidden folder beside
the target and moved into place at the end.

Conditional requirements (`condition` in the rule data) get no section: they apply
only when the site lists them under `applies`. Requirements met by the revisions
themselves (`kind: annual-review`) get none either.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from .folder import merged, refuse_existing
from .installed import InstallLine, install_line
from .plan import DEFAULT_LANGUAGES, Plan, PlannedSection, make_plan, section_label, words
from .render import WORKFLOWS_DIR, render_site
from .zones import ZoneChoice

__all__ = ["DEFAULT_LANGUAGES", "Created", "Plan", "PlannedSection", "daily_cron", "init_site", "make_plan",
           "render_site", "section_label", "words"]


@dataclass(frozen=True)
class Created:
    """What `init_site` did: the files written, the time zone chosen, how policy-site is installed."""

    files: list[Path]
    timezone: ZoneChoice
    install: InstallLine


def init_site(target: Path, *, laws: Sequence[str], languages: Sequence[str], site_name: str | None,
              today: dt.date | None = None, timezone: str | None = None) -> Created:
    """Create a new site in `target` (new, empty, or holding only version control, README and
    LICENSE files); `today` defaults to today in the site's time zone.

    Raises `PolicySiteError`, writing nothing, if `target` holds anything else or an
    argument is wrong.
    """
    target = Path(target)
    refuse_existing(target)
    plan = make_plan(laws=laws, languages=languages, site_name=site_name, today=today, timezone=timezone)
    install = install_line()
    files = merged(target, render_site(plan, install))
    written = _write(target, files, WORKFLOWS_DIR if WORKFLOWS_DIR.is_dir() else None, plan.timezone.zone)
    return Created(written, plan.timezone, install)


# --- writing ------------------------------------------------------------------------------

def daily_cron(timezone: str) -> str:
    """A cron schedule (in UTC, as GitHub reads it) for 00:05 in `timezone`'s standard time,
    so that a daily publish moves `latest` just after midnight there all year."""
    zone = zoneinfo.ZoneInfo(timezone)
    offset = min(dt.datetime(2025, month, 1, tzinfo=zone).utcoffset() or dt.timedelta() for month in (1, 7))
    minutes = (5 - int(offset.total_seconds()) // 60) % (24 * 60)
    return f"{minutes % 60} {minutes // 60} * * *"


def _localize_schedule(workflow: Path, timezone: str) -> None:
    """Move the daily publish to just after midnight in the site's time zone."""
    cron = daily_cron(timezone)
    if not workflow.is_file() or cron == daily_cron("Asia/Tokyo"):
        return
    text = re.sub(r'(- cron: )"[^"]*"',
                  lambda m: f'{m.group(1)}"{cron}"  # 00:05 in {timezone} (standard time), set by policy-site init',
                  workflow.read_text(encoding="utf-8"), count=1)
    workflow.write_text(text, encoding="utf-8")


def _write(target: Path, files: Mapping[str, str], workflows: Path | None, timezone: str) -> list[Path]:
    existed = target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.init-{secrets.token_hex(4)}"
    staging.mkdir()  # not mkdtemp: the site folder gets the usual permissions
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if workflows is not None:
            shutil.copytree(workflows, staging / ".github",
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))
            _localize_schedule(staging / ".github" / "workflows" / "publish.yml", timezone)
        written = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
        if existed:
            refuse_existing(target)  # still empty?
            for entry in staging.iterdir():
                os.replace(entry, target / entry.name)
            staging.rmdir()
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / rel for rel in written]
