"""`policy-site new-revision`: start the next dated revision from the newest one.

The new folder holds a copy of the newest revision's files (its language folders
and anything else beside them) and a fresh revision.yml whose summaries are
empty, so `policy-site check` reports `missing-summary` until they are written.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from .config import today_in
from .errors import PolicySiteError
from .model.revisions import REVISION_FILE, parse_revision_date


def revision_folders(docs_dir: Path) -> list[tuple[dt.date, Path]]:
    """The revision folders under `docs_dir`, oldest first (folders not named by a date are left out)."""
    if not docs_dir.is_dir():
        return []
    found = [(parse_revision_date(p.name), p) for p in docs_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted((date, path) for date, path in found if date is not None)


def revision_yml(date: dt.date, languages: list[str], today: dt.date) -> str:
    """A revision.yml to fill in: empty summaries, `announced` commented out."""
    summary = "\n".join(f'  {lang}: ""' for lang in languages)
    return (
        f"# The revision in force from {date.isoformat()}.\n"
        "# Say what changed, in every language: `policy-site check` reports an empty summary.\n"
        f"summary:\n{summary}\n"
        "# The day you announced this revision (at least `notice_period` days before it takes effect):\n"
        f"# announced: {today.isoformat()}\n"
    )


def _first_document(lang: str) -> str:
    title = {"ja": "プライバシーポリシー"}.get(lang, "Privacy Policy")
    return f"# {title}\n"


def new_revision(docs_dir: Path, date: dt.date, languages: list[str], *, today: dt.date | None = None) -> Path:
    """Create docs/<date>/ from the newest revision and return its path."""
    if not languages:
        raise PolicySiteError("no languages given: list them in mkdocs.yml (the controlling language first)")
    folder = docs_dir / date.isoformat()
    if folder.exists():
        raise PolicySiteError(f"{docs_dir.name}/{folder.name}/ already exists: edit it, or pick another effective date")
    existing = revision_folders(docs_dir)
    if existing and date <= existing[-1][0]:
        newest = existing[-1][0].isoformat()
        raise PolicySiteError(
            f"{date.isoformat()} is not after the newest revision, {newest}: a new revision takes effect after the "
            f"ones before it. To change {newest} before it is published, edit it in place; otherwise pick a date "
            f"after {newest}")
    docs_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=docs_dir, prefix=f".{date.isoformat()}."))
    try:
        if existing:
            _copy_revision(existing[-1][1], staging)
        else:
            for lang in languages:
                (staging / lang).mkdir()
                (staging / lang / "index.md").write_text(_first_document(lang), encoding="utf-8")
        (staging / REVISION_FILE).write_text(revision_yml(date, languages, today or today_in(None)), encoding="utf-8")
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def _copy_revision(source: Path, target: Path) -> None:
    """Every file of `source` but its revision.yml."""
    for entry in sorted(source.iterdir()):
        if entry.name == REVISION_FILE:
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name)
        else:
            shutil.copy2(entry, target / entry.name)
