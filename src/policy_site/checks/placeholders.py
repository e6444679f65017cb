"""Placeholders left in the text: a site made by `policy-site init` is not done until each is replaced.

`policy-site init` writes one placeholder paragraph per section, starting with
`MARKER`. Every line of a document or of a revision.yml that still holds the
marker is a ``placeholder`` finding: an error, so that `check` fails and
`publish` refuses until the legal team has written its text. (A placeholder in a
superseded revision that was already published is a warning: published history
is not rewritten.)
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding, Severity
from ..model.revisions import REVISION_FILE, Document, Revision, relative_path
from .context import CheckContext

MARKER = "TODO(policy-site):"
"""What starts every placeholder `policy-site init` writes."""
RULE = "placeholder"
_SHOWN = 80


def check(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for revision in ctx.corpus.revisions:
        if ctx.only is not None and revision.name not in ctx.only:
            continue
        severity, notes = _severity(ctx, revision)
        for by_lang in revision.documents.values():
            for lang, document in by_lang.items():
                findings += _scan_document(document, revision.name, lang, severity, notes)
        meta = revision.path / REVISION_FILE
        text = _read(meta)
        if text is not None:
            findings += _scan(text, relative_path(meta, ctx.corpus.root), revision.name, None, severity, notes)
    return findings


def _severity(ctx: CheckContext, revision: Revision) -> tuple[Severity, tuple[str, ...]]:
    if revision.name in ctx.published and ctx.corpus.status(revision, ctx.today) == "superseded":
        return "warning", ("this revision is published and superseded: its text stays as it is",)
    return "error", ()


def _scan_document(document: Document, revision: str, lang: str, severity: Severity,
                   notes: tuple[str, ...]) -> list[Finding]:
    """Placeholders in what readers get (an HTML comment is no placeholder on the page)."""
    lines = document.text.split("\n")
    findings = []
    for block in document.model.blocks():
        for part in block.text.split(MARKER)[1:]:
            shown = (MARKER + part.split("\n")[0]).strip()
            line = next((n for n in range(block.line, len(lines) + 1) if MARKER in lines[n - 1]), block.line)
            findings.append(_finding(shown, document.rel, line, revision, lang, severity, notes))
    return findings


def _scan(text: str, rel: str, revision: str, lang: str | None, severity: Severity,
          notes: tuple[str, ...]) -> list[Finding]:
    findings = []
    for number, line in enumerate(text.split("\n"), 1):
        at = line.find(MARKER)
        if at == -1:
            continue
        findings.append(_finding(line[at:].strip(), rel, number, revision, lang, severity, notes))
    return findings


def _finding(shown: str, rel: str, line: int, revision: str, lang: str | None, severity: Severity,
             notes: tuple[str, ...]) -> Finding:
    if len(shown) > _SHOWN:
        shown = shown[: _SHOWN - 1] + "…"
    return Finding(
        RULE, severity, f"placeholder text is still there: “{shown}”",
        "replace the placeholder with your text (the comment above it says what the law asks for)",
        file=rel, line=line, revision=revision, lang=lang, notes=notes)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # an unreadable revision.yml is reported where the revisions are read
