"""`waivers:` in revision.yml: findings of the checks a revision accepts, each with its reason.

A real translation sometimes differs from the controlling text for a good reason (the
English was translated months later and says so in its own "Revised" line; it adds the
postal code the Japanese leaves out). Such a finding can be waived for the one revision
it concerns, where it is written down for good::

    waivers:
      - rule: parity-facts
        section: operator        # omitted: the text outside the sections (and whole files)
        lang: en                 # omitted: every language
        document: index          # omitted: every document
        reason: the English adds the postal code the Japanese leaves out

This module reads and validates the entries (their shape); which rules may be waived,
and what each entry matches, is decided by `policy_site.checks.waivers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..findings import Finding
from ..yaml_lines import item_lines

KEYS = ("rule", "section", "lang", "document", "reason")
_ID = re.compile(r"^[A-Za-z0-9_][\w.:-]*$")
_EXAMPLE = ('waivers: [{rule: parity-facts, section: operator, lang: en, reason: "the English adds the '
            'postal code"}]')


@dataclass(frozen=True)
class Waiver:
    """One entry of `waivers:`: the findings of `rule` in `section` (None: outside the sections)
    of `document` (None: any) in `lang` (None: any language), accepted for `reason`."""

    rule: str
    reason: str
    section: str | None
    lang: str | None
    document: str | None
    revision: str
    file: str  # revision.yml, relative to the site root
    line: int

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def describe(self) -> str:
        where = f"section `#{self.section}`" if self.section else "the text outside the sections"
        doc = f" of {self.document}" if self.document else ""
        lang = f" in {self.lang}" if self.lang else " in any language"
        return f"`{self.rule}` in {where}{doc}{lang}"

    def matches(self, rule: str, section: str | None, lang: str | None, document: str | None) -> bool:
        return (rule == self.rule and section == self.section
                and (self.lang is None or lang == self.lang)
                and (self.document is None or document == self.document))

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "section": self.section, "lang": self.lang, "document": self.document,
                "reason": self.reason}


def read_waivers(value: object, text: str, rel: str, revision: str, languages: list[str],
                 line: int | None) -> tuple[tuple[Waiver, ...], list[Finding]]:
    """The `waivers:` of one revision.yml (`value` as loaded, `text` for the lines), and what is wrong
    with their shape (`invalid-file`, naming the line and the key)."""
    if value is None:
        return (), []

    def problem(message: str, hint: str, at: int | None, lang: str | None = None) -> Finding:
        return Finding("invalid-file", "error", message, hint, file=rel, line=at, revision=revision, lang=lang)

    if not isinstance(value, list):
        return (), [problem("`waivers` must be a list of {rule, section, lang, reason}",
                            f"write e.g. `{_EXAMPLE}`, or remove the key", line)]
    lines = item_lines(text, "waivers")
    waivers: list[Waiver] = []
    findings: list[Finding] = []
    seen: dict[tuple, int] = {}
    for number, item in enumerate(value, 1):
        at, key_lines = lines[number - 1] if number <= len(lines) else (line, {})
        where = f"waiver {number}"
        if not isinstance(item, dict):
            findings.append(problem(f"{where} is not a mapping",
                                    "write each waiver as `- {rule: ..., section: ..., lang: ..., reason: ...}`", at))
            continue
        before = len(findings)
        for key in item:
            if str(key) not in KEYS:
                findings.append(problem(f"{where}: unknown key `{key}`", f"the keys are {', '.join(KEYS)}",
                                        key_lines.get(str(key), at)))
        rule = item.get("rule")
        if not isinstance(rule, str) or not rule.strip():
            findings.append(problem(f"{where}: no `rule`", "name the rule id of the finding to waive, as `check` "
                                    "reports it, e.g. `rule: parity-facts`", key_lines.get("rule", at)))
        reason = item.get("reason")
        if not isinstance(reason, (str, int, float)) or not str(reason).strip():
            findings.append(problem(f"{where}: no `reason`", "say why the finding is right to accept, e.g. "
                                    "`reason: the English translation (2020-07-01) gives its own revised date`; "
                                    "reports and policy.json show it", key_lines.get("reason", at)))
        section = item.get("section")
        if section is not None and not (isinstance(section, str) and _ID.match(section.lstrip("#"))):
            findings.append(problem(f"{where}: `section` must be a section id, e.g. `section: operator`",
                                    "write the id of the section's heading (`{#operator}`), or leave `section` out "
                                    "for the text outside the sections", key_lines.get("section", at)))
        lang = item.get("lang")
        if lang is not None and str(lang) not in languages:
            findings.append(problem(f"{where}: `lang: {lang}` is not a language of the site ({', '.join(languages)})",
                                    "write one of the site's languages, or leave `lang` out for every language",
                                    key_lines.get("lang", at)))
        document = item.get("document")
        if document is not None and not (isinstance(document, str) and document.strip()):
            findings.append(problem(f"{where}: `document` must be a document name, e.g. `document: index`",
                                    "write the file's name without .md, or leave `document` out for every document",
                                    key_lines.get("document", at)))
        if len(findings) > before:
            continue
        waiver = Waiver(rule=str(rule).strip(), reason=" ".join(str(reason).split()),
                        section=section.lstrip("#") if isinstance(section, str) else None,
                        lang=str(lang) if lang is not None else None,
                        document=document.strip() if isinstance(document, str) else None,
                        revision=revision, file=rel, line=at or 1)
        key = (waiver.rule, waiver.section, waiver.lang, waiver.document)
        if key in seen:
            findings.append(problem(f"{where} repeats waiver {seen[key]} ({waiver.describe()})",
                                    "keep one of them", at))
            continue
        seen[key] = number
        waivers.append(waiver)
    return tuple(waivers), findings
