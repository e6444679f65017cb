"""The rule model: `Requirement` (one item a policy must disclose, by law and period),
`RuleSet` (the requirements one site is checked against) and the problems of a rule file.

Knows nothing of files: `loader.py` reads them into these.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Sequence

from ..errors import PolicySiteError
from ..facts.evidence import FACT_READERS
from ..findings import Finding
from .suggestions import Suggestion

KINDS = ("contact", "address", "date", "annual-review", "statement")
"""What a declaring section must contain besides text (see disclosures.py); `statement`: no
section at all, the site states how it meets the item under `meets` in mkdocs.yml."""


# --- errors ---------------------------------------------------------------

@dataclass(frozen=True)
class RuleProblem:
    """One thing wrong in a rule file, where it is and what to do about it."""

    file: str
    line: int | None
    message: str
    hint: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}: {self.hint}"


class RuleFileError(PolicySiteError):
    """A rule file cannot be used; `problems` lists every problem found in it."""

    def __init__(self, problems: Sequence[RuleProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- the model --------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    """A fact about the law for a period that the checker cannot decide for the site (file-level `notes`)."""

    texts: Mapping[str, str] = field(compare=False)  # lang -> sentence
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, start: dt.date, end: dt.date | None) -> bool:
        """True if the note's period and [start, end] share a day."""
        return (self.end is None or start <= self.end) and (self.start is None or end is None or self.start <= end)

    def text(self, lang: str = "en") -> str:
        return _in_language(self.texts, lang)


@dataclass(frozen=True)
class Requirement:
    """One item a privacy policy must disclose, as one law (or the site) requires it."""

    id: str
    law: str
    labels: Mapping[str, str] = field(compare=False)
    citations: Mapping[dt.date, str] = field(compare=False)  # era start -> citation, oldest first
    required_from: dt.date
    required_until: dt.date | None = None
    condition: str | None = None
    kind: str | None = None
    hints: Mapping[str, str] = field(default_factory=dict, compare=False)  # lang -> what to write
    evidence: tuple[str, ...] = ()  # what the declaring section must contain (evidence.py kinds)
    uncertain: bool = False
    uncertain_why: str | None = None
    source_file: str | None = None
    source_line: int | None = None
    downgradable: bool = True  # False: the law asks for it in advance; answering on request is no answer
    notes: tuple[Note, ...] = field(default=(), compare=False)
    templates: Mapping[str, str] = field(default_factory=dict, compare=False)  # lang -> Markdown `init` writes
    local_citations: Mapping[str, Mapping[dt.date, str]] = field(default_factory=dict, compare=False)
    suggested_by: Suggestion | None = field(default=None, compare=False)  # words that suggest the condition holds
    """lang -> era start -> the citation as that language's lawyers write it (`citation_de`: "Art. 13 Abs. 1
    lit. a DSGVO"); `citations` is the English form, used where a language has none."""

    def template_for(self, lang: str) -> str | None:
        """The section body `init` writes in `lang` (its placeholders marked), if the rule data gives one."""
        base = re.split(r"[-_]", lang, maxsplit=1)[0]
        return self.templates.get(lang) or self.templates.get(base)

    @property
    def conditional(self) -> bool:
        """Checked only when the site declares it in `applies`."""
        return self.condition is not None

    def label(self, lang: str = "en") -> str:
        """The label in `lang` (or its base language, e.g. `ja` for `ja-JP`), else English, else any."""
        return _in_language(self.labels, lang) or self.id

    def label_language(self, lang: str) -> str:
        """The language `label(lang)` is written in: `lang` when the rule data has it, else English."""
        return lang if _own(self.labels, lang) else "en"

    def citation_language(self, lang: str) -> str:
        """The language `citation_on(day, lang)` is written in: `lang` with a `citation_<lang>`, else English."""
        return lang if _own(self.local_citations, lang) else "en"

    def hint_for(self, lang: str = "en") -> str:
        """What to write, in `lang` (or its base language), else English, else any ("" if none)."""
        return _in_language(self.hints, lang)

    @property
    def evidence_kinds(self) -> tuple[str, ...]:
        """What the declaring section must give: `evidence`, and what `kind` asks for."""
        from_kind = (self.kind,) if self.kind in FACT_READERS else ()
        return tuple(dict.fromkeys([*from_kind, *self.evidence]))

    @property
    def hint(self) -> str:
        """What to write, in English (as `hint_for("en")`)."""
        return self.hint_for("en")

    def era_on(self, day: dt.date, lang: str | None = None) -> tuple[dt.date, str] | None:
        """(start, citation) of the era in force on `day` (in `lang`'s form when the rule data has
        one, else in English); None before the first known era."""
        current = None
        for start, citation in self._citations_in(lang).items():
            if start <= day:
                current = (start, citation)
        return current

    def citation_on(self, day: dt.date, lang: str | None = None) -> str | None:
        era = self.era_on(day, lang)
        return era[1] if era else None

    def _citations_in(self, lang: str | None) -> Mapping[dt.date, str]:
        own = _own(self.local_citations, lang) if lang else None
        return self.local_citations[own] if own else self.citations

    def in_force_on(self, day: dt.date) -> bool:
        return self.required_from <= day and (self.required_until is None or day <= self.required_until)

    @property
    def stated(self) -> bool:
        """Met by the site's `meets` statement in mkdocs.yml, not by a section."""
        return self.kind == "statement"

    def notes_during(self, start: dt.date, end: dt.date | None, lang: str = "en") -> list[str]:
        """The notes about the law that cover part of a period (the whole of `required_from`..)."""
        first = self.first_day_during(start, end)
        if first is None:
            return []
        last = self.last_day_during(start, end)
        return [note.text(lang) for note in self.notes if note.covers(first, last)]

    def note_languages_during(self, start: dt.date, end: dt.date | None, lang: str) -> list[str]:
        """The language each of `notes_during(start, end, lang)` is written in (`lang`, else English)."""
        first = self.first_day_during(start, end)
        if first is None:
            return []
        last = self.last_day_during(start, end)
        return [lang if _own(note.texts, lang) else "en" for note in self.notes if note.covers(first, last)]

    def in_force_during(self, start: dt.date, end: dt.date | None) -> bool:
        """True if required on any day from `start` to `end` (None: until further notice)."""
        return self.first_day_during(start, end) is not None

    def first_day_during(self, start: dt.date, end: dt.date | None) -> dt.date | None:
        first = max(start, self.required_from)
        if end is not None and first > end:
            return None
        if self.required_until is not None and first > self.required_until:
            return None
        return first

    def last_day_during(self, start: dt.date, end: dt.date | None) -> dt.date | None:
        """The last day of the period on which it is required (None: open-ended)."""
        if not self.in_force_during(start, end):
            return None
        ends = [d for d in (end, self.required_until) if d is not None]
        return min(ends) if ends else None

    def citation_during(self, start: dt.date, end: dt.date | None, lang: str | None = None) -> str | None:
        """The citation for a period: the era in force on the first day it is required in it."""
        first = self.first_day_during(start, end)
        return self.citation_on(first, lang) if first else None

    def eras_during(self, start: dt.date, end: dt.date | None, lang: str | None = None) -> list[tuple[dt.date, str | None]]:
        """Each citation the requirement has during a period, with the day it begins to apply.

        The first entry starts on the first day the requirement applies in the period
        (its citation may be None before the first known era).
        """
        first = self.first_day_during(start, end)
        if first is None:
            return []
        last = self.last_day_during(start, end)
        eras: list[tuple[dt.date, str | None]] = [(first, self.citation_on(first, lang))]
        for era_start, citation in self._citations_in(lang).items():
            if first < era_start and (last is None or era_start <= last):
                eras.append((era_start, citation))
        return eras


def _own(texts: Mapping[str, object], lang: str) -> str | None:
    """The key of `texts` for `lang` itself (or its base language), without falling back."""
    base = re.split(r"[-_]", lang, maxsplit=1)[0]
    return next((key for key in (lang, lang.replace("_", "-"), base) if texts.get(key)), None)


def _in_language(texts: Mapping[str, str], lang: str) -> str:
    base = re.split(r"[-_]", lang, maxsplit=1)[0]
    for key in (lang, lang.replace("_", "-"), base, "en"):
        if texts.get(key):
            return texts[key]
    return next((text for text in texts.values() if text), "")


class RuleSet:
    """The requirements checked for one site, plus the known rules of laws it does not check.

    The latter (`dormant`) are never checked; they only keep a heading that
    declares, say, a GDPR rule from reading as a typo, and make messages precise.
    """

    def __init__(self, requirements: Iterable[Requirement], dormant: Iterable[Requirement] = ()) -> None:
        self.requirements: tuple[Requirement, ...] = tuple(requirements)
        self.dormant: tuple[Requirement, ...] = tuple(dormant)
        self._by_id = {r.id: r for r in self.requirements}
        self._dormant_by_id = {r.id: r for r in self.dormant}

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.requirements)

    def __len__(self) -> int:
        return len(self.requirements)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._by_id

    def __repr__(self) -> str:
        return f"RuleSet({len(self)} requirements: {', '.join(self.laws)})"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    @property
    def laws(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.law for r in self.requirements))

    def get(self, rule_id: str) -> Requirement | None:
        return self._by_id.get(rule_id)

    def is_known(self, rule_id: str) -> bool:
        """A rule id of any law (checked or not) or of the site's rule files."""
        return rule_id in self._by_id or rule_id in self._dormant_by_id

    def suggest(self, rule_id: str) -> str | None:
        """The known rule id closest to a misspelt one."""
        known = [*self._by_id, *self._dormant_by_id]
        match = difflib.get_close_matches(rule_id, known, n=1, cutoff=0.6)
        return match[0] if match else None

    def in_force_on(self, day: dt.date, law: str | None = None) -> list[Requirement]:
        return [r for r in self.requirements if r.in_force_on(day) and (law is None or r.law == law)]

    def in_force_during(self, start: dt.date, end: dt.date | None) -> list[Requirement]:
        return [r for r in self.requirements if r.in_force_during(start, end)]

    def applicable(self, applies: Iterable[str]) -> RuleSet:
        """Unconditional requirements, plus the conditional ones the site declares."""
        declared = set(applies)
        return RuleSet((r for r in self.requirements if not r.conditional or r.id in declared), self.dormant)

    def reference_findings(self, applies: Iterable[str], downgrade: Mapping[str, str], *,
                           meets: Mapping[str, str] | None = None,
                           config_file: str = "mkdocs.yml") -> list[Finding]:
        """`applies`, `downgrade` and `meets` entries that name no rule, or a rule of a law not
        checked; a downgrade the law does not allow; a statement for a rule the text must meet."""
        meets = meets or {}
        findings: list[Finding] = []
        for key, names in (("applies", list(applies)), ("downgrade", list(downgrade)), ("meets", list(meets))):
            for name in names:
                finding = self.unknown_reference(key, str(name), config_file)
                if finding:
                    findings.append(finding)
        for name, reason in downgrade.items():
            if name in self and not str(reason or "").strip():
                findings.append(Finding(
                    "downgrade-reason", "error", f"`downgrade` gives no reason for `{name}`",
                    f"write why it is reported as a warning, e.g. `{name}: answered on request (PPC guideline 3-8-1)`; "
                    "the reason is shown in every report", file=config_file))
            req = self.get(name)
            if req is not None and not req.downgradable:
                findings.append(Finding(
                    "downgrade-refused", "error",
                    f"`downgrade` in {config_file} names `{name}`, which cannot be downgraded: the law requires "
                    f"{req.label('en')} to be published (easily knowable) in advance, so answering on request "
                    "does not meet it",
                    f"remove `{name}` from `downgrade` and disclose it in the policy ({req.citation_on(dt.date.max) or req.law.upper()}); "
                    f"if it does not apply to you, remove it from `applies` instead", file=config_file))
        for name in meets:
            req = self.get(name)
            if req is None:
                continue
            if not req.stated:
                findings.append(Finding(
                    "meets-not-statement", "error",
                    f"`meets` in {config_file} names `{name}`, which the policy's text must disclose",
                    f"remove `{name}` from `meets` and declare it on the heading of the section that gives it: "
                    f'data-disclosure="{name}"', file=config_file))
        return findings

    def unknown_reference(self, key: str, name: str, config_file: str) -> Finding | None:
        """A finding when a setting (`key`) names `name`, which is no rule of the laws checked; else None."""
        if name in self:
            return None
        dormant = self._dormant_by_id.get(name)
        if dormant is not None:
            return Finding("unknown-rule", "warning",
                           f"`{key}` names `{name}`, a {dormant.law.upper()} rule, but {dormant.law} is not in `laws`",
                           f"add {dormant.law} to `laws` in the policy plugin settings, or remove `{name}` from `{key}`",
                           file=config_file)
        guess = self.suggest(name)
        hint = (f"did you mean `{guess}`? " if guess else "") + \
            "`policy-site rules` lists the rule ids; a site's own rules come from `rule_files`"
        return Finding("unknown-rule", "error", f"`{key}` names `{name}`, which is no known rule", hint,
                       file=config_file)
