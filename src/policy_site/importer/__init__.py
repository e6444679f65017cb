"""`policy-site import`: an existing policy (Markdown or HTML, one revision or a git
history) turned into the content format, with a report of what to review.

reading.py (files, URLs, HTML via html.py) -> structure.py (headings, lists, one H1)
-> ids.py (ids aligned across languages and revisions) -> annotate.py (proposed
disclosures) -> revision.py (plan, write) ; history.py (a file's git history);
report.py (what a person must review).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicySiteError
from .history import plan_history
from .reading import read_source
from .report import report
from .revision import PlannedRevision, date_in_text, plan_revision, write_revisions


@dataclass
class ImportResult:
    plans: list[PlannedRevision]
    written: list[Path]
    report: str


def import_files(inputs: Mapping[str, str], *, effective: dt.date | None, docs_dir: Path, root: Path,
                 languages: list[str], rules: Collection[str], name: str = "index",
                 annotate: bool = True) -> ImportResult:
    """One revision from a file or URL per language; dated by `effective` or by its text."""
    sources = {lang: read_source(spec) for lang, spec in inputs.items()}
    date_from = "--effective"
    if effective is None:
        found = date_in_text(sources, languages)
        if found is None:
            raise PolicySiteError(f"{next(iter(inputs.values()))}: no 改定日/制定日/Last updated line gives the "
                                  "effective date; pass --effective YYYY-MM-DD")
        effective, date_from = found
    plan = plan_revision(sources, effective=effective, languages=languages, rules=rules, name=name,
                         annotate=annotate)
    plan.date_from = date_from
    written = write_revisions([plan], docs_dir, root)
    return ImportResult([plan], written, report([plan], docs_dir, root))


def import_history(repo: str, paths: Mapping[str, str], *, docs_dir: Path, root: Path, languages: list[str],
                   rules: Collection[str], timezone: str, name: str = "index",
                   annotate: bool = True) -> ImportResult:
    """One revision per dated state of the files in another git repository."""
    plans = plan_history(repo, paths, languages=languages, rules=rules, timezone=timezone, name=name,
                         annotate=annotate)
    written = write_revisions(plans, docs_dir, root)
    return ImportResult(plans, written, report(plans, docs_dir, root))


__all__ = ["ImportResult", "import_files", "import_history"]
