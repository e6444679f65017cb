"""What the checks report: one `Finding` per problem, with where and what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning", "waived"]
"""`waived`: a finding a `waivers:` entry of its revision.yml accepts, with a reason (never an error)."""


@dataclass(frozen=True)
class Finding:
    """One problem found in a site's sources.

    `rule` is a stable id (a disclosure rule id such as ``appi-operator-address``
    or a check id such as ``parity-facts``); `file` is relative to the site root.
    """

    rule: str
    severity: Severity
    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None
    revision: str | None = None
    lang: str | None = None
    citation: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    waiver: str | None = None  # the reason a `waivers:` entry gives (severity `waived`)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    @property
    def location(self) -> str:
        if self.file is None:
            return "(site)"
        return f"{self.file}:{self.line}" if self.line else self.file


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


def sort_key(f: Finding) -> tuple[str, str, str, int, str]:
    return (f.revision or "", f.lang or "", f.file or "", f.line or 0, f.rule)
