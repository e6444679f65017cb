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
        "warnings": len(findings) - errors,
        "revisions": sorted({f.revision for f in findings if f.revision}),
        "ok": errors == 0,
    }


def as_json(findings: list[Finding]) -> str:
    return json.dumps({
        "version": JSON_SCHEMA_VERSION,
        "findings": [{
            "revision": f.revision, "lang": f.lang, "file": f.file, "line": f.line,
            "rule": f.rule, "severity": f.severity, "message": f.message,
            "citation": f.citation, "hint": f.hint, "notes": list(f.notes),
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
        title = f"{f.rule}" + (f" ({f.citation})" if f.citation else "")
        props.append(f"title={_escape_property(title)}")
        body = f.message + (f" — {f.hint}" if f.hint else "") + "".join(f" [{n}]" for n in f.notes)
        lines.append(f"::{f.severity} {','.join(props)}::{_escape_data(body)}")
    s = summarize(findings)
    lines.append(f"policy-site check: {s['errors']} error(s), {s['warnings']} warning(s)")
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
            if f.hint:
                out.append(f"      fix: {f.hint}")
            for note in f.notes:
                out.append(f"      note: {note}")
        out.append("")
    s = summarize(findings)
    checked = list(checked)
    scope = f" in {len(checked)} revision(s)" if checked else ""
    out.append(f"{s['errors']} error(s), {s['warnings']} warning(s){scope}")
    return "\n".join(out)
