"""Findings as a terminal report, JSON (a stable interface) or GitHub workflow annotations."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Iterable

from .findings import Finding

JSON_SCHEMA_VERSION = 1


def summarize(findings: list[Finding]) -> dict[str, object]:
    errors = sum(f.is_error for f in findings)
    return {
        "errors": errors,
        "warnings": sum(f.is_warning for f in findings),
        "waived": sum(f.severity == "waived" for f in findings),
        "revisions": sorted({f.revision for f in findings if f.revision}),
        "ok": errors == 0,
    }


def _counts(summary: dict[str, object]) -> str:
    waived = f", {summary['waived']} waived" if summary["waived"] else ""
    return f"{summary['errors']} error(s), {summary['warnings']} warning(s){waived}"


def as_json(findings: list[Finding]) -> str:
    return json.dumps({
        "version": JSON_SCHEMA_VERSION,
        "findings": [{
            "revision": f.revision, "lang": f.lang, "file": f.file, "line": f.line,
            "rule": f.rule, "severity": f.severity, "message": f.message,
            "citation": f.citation, "hint": f.hint, "notes": list(f.notes), "waiver": f.waiver,
        } for f in findings],
        "summary": summarize(findings),
    }, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: list[Finding]) -> str:
    """`::error file=...,line=...,title=...::message` lines for GitHub Actions."""
    lines = []
    for f in findings:
        props = []
        if f.file:
            props.append(f"file={_escape_property(f.file)}")
        if f.line:
            props.append(f"line={f.line}")
        title = f"{f.rule}" + (f" ({f.citation})" if f.citation else "") + (" (waived)" if f.waiver else "")
        props.append(f"title={_escape_property(title)}")
        if f.severity == "waived":  # GitHub has no such level: a notice, which fails nothing
            body = f"waived: {f.waiver} — {f.message}" + "".join(f" [{n}]" for n in f.notes)
            level = "notice"
        else:
            body = f.message + (f" — {f.hint}" if f.hint else "") + "".join(f" [{n}]" for n in f.notes)
            level = f.severity
        lines.append(f"::{level} {','.join(props)}::{_escape_data(body)}")
    lines.append(f"policy-site check: {_counts(summarize(findings))}")
    return "\n".join(lines)


def as_text(findings: list[Finding], *, checked: Iterable[str] = ()) -> str:
    """Grouped by revision and language; one block per finding."""
    out: list[str] = []
    key = lambda f: (f.revision or "", f.lang or "")  # noqa: E731
    for (revision, lang), group in groupby(sorted(findings, key=key), key=key):
        heading = f"revision {revision}" if revision else "site"
        out.append(f"{heading}" + (f" [{lang}]" if lang else ""))
        for f in group:
            cite = f" ({f.citation})" if f.citation else ""
            out.append(f"  {f.location}: {f.severity}: {f.rule}{cite}: {f.message}")
            if f.severity == "waived":
                out.append(f"      reason: {f.waiver}")
            elif f.hint:
                out.append(f"      fix: {f.hint}")
            for note in f.notes:
                out.append(f"      note: {note}")
        out.append("")
    s = summarize(findings)
    checked = list(checked)
    scope = f" in {len(checked)} revision(s)" if checked else ""
    out.append(f"{_counts(s)}{scope}")
    return "\n".join(out)
