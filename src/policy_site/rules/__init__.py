"""Disclosure rules: what a privacy policy must say, under which law, and since when.

The law lives in data that counsel maintains: ``rules/<law>.yml`` shipped with the
package (appi, telecom, gdpr, ccpa, caloppa) and the site's own rule files (``rule_files`` in
mkdocs.yml), all in one schema (described at the top of ``rules/appi.yml``). This
module reads that data and answers "which requirements apply on this day, or to
this period". Knows nothing of MkDocs or git.

A malformed rule file raises `RuleFileError`, whose message names file:line and
what to do; nothing else here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

import yaml

from ..errors import PolicySiteError
from ..facts.evidence import FACT_READERS, known_kinds
from ..findings import Finding
from .suggestions import Suggestion, read_suggestion

BUILTIN_DIR = Path(__file__).parent
FIRST_LAW = "appi"
"""Listed first where laws are listed (the project began with it); checked only when chosen."""
SITE_LAW = "site"
KINDS = ("contact", "address", "date", "annual-review", "statement")
"""What a declaring section must contain besides text (see disclosures.py); `statement`: no
section at all, the site states how it meets the item under `meets` in mkdocs.yml."""

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LABEL_KEY = re.compile(r"^label_([a-z]{2,3}(?:[-_][A-Za-z0-9]+)?)$")
_HINT_KEY = re.compile(r"^hint_([a-z]{2,3}(?:[-_][A-Za-z0-9]+)?)$")
_TEMPLATE_KEY = re.compile(r"^template_([a-z]{2,3}(?:[-_][A-Za-z0-9]+)?)$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_RULE_KEYS = ("id", "label_ja", "label_en", "citation", "required_from", "required_until",
              "condition", "kind", "evidence", "hint_ja", "hint_en", "hint", "uncertain", "uncertain_why", "sources",
              "downgradable", "suggested_by")
_FILE_KEYS = ("law", "eras", "sources", "notes", "rules")
_NOTE_KEYS = ("from", "until")


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
    suggested_by: Suggestion | None = field(default=None, compare=False)  # words that suggest the condition holds

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

    def era_on(self, day: dt.date) -> tuple[dt.date, str] | None:
        """(start, citation) of the era in force on `day`; None before the first known era."""
        current = None
        for start, citation in self.citations.items():
            if start <= day:
                current = (start, citation)
        return current

    def citation_on(self, day: dt.date) -> str | None:
        era = self.era_on(day)
        return era[1] if era else None

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

    def citation_during(self, start: dt.date, end: dt.date | None) -> str | None:
        """The citation for a period: the era in force on the first day it is required in it."""
        first = self.first_day_during(start, end)
        return self.citation_on(first) if first else None

    def eras_during(self, start: dt.date, end: dt.date | None) -> list[tuple[dt.date, str | None]]:
        """Each citation the requirement has during a period, with the day it begins to apply.

        The first entry starts on the first day the requirement applies in the period
        (its citation may be None before the first known era).
        """
        first = self.first_day_during(start, end)
        if first is None:
            return []
        last = self.last_day_during(start, end)
        eras: list[tuple[dt.date, str | None]] = [(first, self.citation_on(first))]
        for era_start, citation in self.citations.items():
            if first < era_start and (last is None or era_start <= last):
                eras.append((era_start, citation))
        return eras


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
                finding = self._reference_finding(key, str(name), config_file)
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

    def _reference_finding(self, key: str, name: str, config_file: str) -> Finding | None:
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


# --- loading -------------------------------------------------------------------

def available_laws() -> list[str]:
    """The laws with rule data shipped in the package, APPI first."""
    laws = sorted(p.stem for p in BUILTIN_DIR.glob("*.yml"))
    return sorted(laws, key=lambda law: law != FIRST_LAW)


def load_rules(laws: Sequence[str], extra_files: Iterable[Path] = ()) -> RuleSet:
    """The requirements of `laws` (exactly those) and of the site's rule files.

    Raises `RuleFileError` listing every problem: an unknown law, a malformed
    file, a duplicate rule id.
    """
    available = available_laws()
    wanted = list(dict.fromkeys(laws))
    unknown = [law for law in wanted if law not in available]
    if unknown:
        raise RuleFileError([RuleProblem("mkdocs.yml", None, f"no rule data for law `{law}`",
                                         f"use one of: {', '.join(available)}") for law in unknown])
    builtin = {law: read_rule_file(BUILTIN_DIR / f"{law}.yml", law=law) for law in available}
    problems: list[RuleProblem] = []
    site: list[Requirement] = []
    for path in extra_files:
        try:
            site += read_rule_file(Path(path))
        except RuleFileError as exc:
            problems += exc.problems
    everything = [r for law in available for r in builtin[law]]
    problems += _duplicates_across_files([*everything, *site])
    if problems:
        raise RuleFileError(problems)
    active = [r for law in wanted for r in builtin[law]] + site
    dormant = [r for law in available if law not in wanted for r in builtin[law]]
    return RuleSet(active, dormant)


def _duplicates_across_files(requirements: Sequence[Requirement]) -> list[RuleProblem]:
    seen: dict[str, Requirement] = {}
    problems = []
    for req in requirements:
        first = seen.setdefault(req.id, req)
        if first is not req:
            problems.append(RuleProblem(
                req.source_file or "?", req.source_line, f"rule id `{req.id}` is already defined at "
                f"{first.source_file}:{first.source_line}",
                "choose another id: a site's rules add to the law's rules, they do not replace them"))
    return problems


_CACHE: dict[tuple[str, int, int, str | None], tuple[Requirement, ...]] = {}


def read_rule_file(path: Path, *, law: str | None = None) -> tuple[Requirement, ...]:
    """The requirements in one rule file; `law` is the law it must declare (built-in files)."""
    shown = display_path(path)
    try:
        stat = path.stat()
    except OSError:
        raise RuleFileError([RuleProblem(shown, None, "rule file not found",
                                         "check `rule_files` in mkdocs.yml (paths are relative to mkdocs.yml)")]) from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, law)
    if key not in _CACHE:
        _CACHE[key] = _RuleFileReader(path, shown, law).read()
    return _CACHE[key]


def display_path(path: Path) -> str:
    """A path as the user knows it: inside the package, or relative to the working folder."""
    try:
        return "policy_site/" + path.resolve().relative_to(BUILTIN_DIR.parent.resolve()).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 1
    key_lines: dict
    repeated: list


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    mapping = _Mapping()
    mapping.line, mapping.key_lines, mapping.repeated = node.start_mark.line + 1, {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            key = str(key)
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.repeated.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> object:
    # An impossible date such as 2025-13-01 stays text, so the reader can say where it is.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _RuleFileReader:
    """Reads one rule file, collecting every problem before raising."""

    def __init__(self, path: Path, shown: str, law: str | None) -> None:
        self.path, self.shown, self.expected_law = path, shown, law
        self.problems: list[RuleProblem] = []

    def problem(self, line: int | None, message: str, hint: str) -> None:
        self.problems.append(RuleProblem(self.shown, line, message, hint))

    def read(self) -> tuple[Requirement, ...]:
        data = self._load()
        requirements = self._file(data) if not self.problems else []
        if self.problems:
            raise RuleFileError(self.problems)
        return tuple(requirements)

    def _load(self) -> object:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            self.problem(None, "the rule file is not UTF-8", "save it as UTF-8")
            return None
        except OSError as exc:
            self.problem(None, f"cannot read the rule file ({exc.strerror})", "check `rule_files` in mkdocs.yml")
            return None
        try:
            return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as exc:
            line, problem = _yaml_problem(exc)
            self.problem(line, f"malformed YAML: {problem}",
                         "fix the YAML syntax (close every quote; quote text containing ': ' or ' #')")
            return None

    def _file(self, data: object) -> list[Requirement]:
        law = self.expected_law or SITE_LAW
        if data is None:
            self.problem(1, "the rule file is empty", "write `rules:` followed by a list of rules (`- id: ...`)")
            return []
        if isinstance(data, list):
            return self._rules(data, law, 1)
        if not isinstance(data, _Mapping):
            self.problem(1, "a rule file is a mapping with `rules:` (or a list of rules)",
                         "write `rules:` followed by a list of rules (`- id: ...`)")
            return []
        self._unknown_keys(data, _FILE_KEYS, "the file")
        self._repeated_keys(data, "the file")
        law = self._law(data, law)
        self.notes = self._notes(data)
        if "rules" not in data:
            self.problem(1, "no `rules:` in the rule file", "add `rules:` followed by a list of rules (`- id: ...`)")
            return []
        rules = data["rules"]
        if not isinstance(rules, list):
            self.problem(data.key_lines["rules"], "`rules` must be a list", "write each rule as `- id: ...` under `rules:`")
            return []
        return self._rules(rules, law, data.key_lines["rules"])

    def _law(self, data: _Mapping, default: str) -> str:
        law = data.get("law", default)
        line = data.key_lines.get("law", 1)
        if not isinstance(law, str) or not _ID.match(law):
            self.problem(line, f"`law` must be a short lower-case name (got {law!r})", "e.g. `law: company`")
            return default
        if self.expected_law and law != self.expected_law:
            self.problem(line, f"`law: {law}` in the rule file of {self.expected_law}", f"write `law: {self.expected_law}`")
        return law

    notes: tuple[Note, ...] = ()

    def _notes(self, data: _Mapping) -> tuple[Note, ...]:
        """File-level `notes`: each {from/until: date, <lang>: text}, shown with every rule of the file."""
        value = data.get("notes")
        if value is None:
            return ()
        line = data.key_lines.get("notes")
        if not isinstance(value, list):
            self.problem(line, "`notes` must be a list", "write each note as `- {until: YYYY-MM-DD, en: ..., ja: ...}`")
            return ()
        notes = []
        for item in value:
            where_line = getattr(item, "line", line)
            if not isinstance(item, _Mapping):
                self.problem(where_line, "a note is not a mapping", "write `- {until: YYYY-MM-DD, en: ..., ja: ...}`")
                continue
            bounds = {key: parse_date(item[key]) if key in item else None for key in _NOTE_KEYS}
            texts = {str(k).replace("_", "-"): " ".join(str(v).split()) for k, v in item.items()
                     if k not in _NOTE_KEYS and isinstance(v, str) and v.strip()}
            if any(key in item and bounds[key] is None for key in _NOTE_KEYS) or not texts:
                self.problem(where_line, "a note needs its text in each language and dates as YYYY-MM-DD",
                             "write `- {until: YYYY-MM-DD, en: ..., ja: ...}` (`from` and `until` are optional)")
                continue
            notes.append(Note(texts, bounds["from"], bounds["until"]))
        return tuple(notes)

    def _rules(self, items: list, law: str, line: int) -> list[Requirement]:
        requirements: list[Requirement] = []
        first_line: dict[str, int | None] = {}
        for number, item in enumerate(items, 1):
            req = self._rule(item, law, number, line)
            if req is None:
                continue
            if req.id in first_line:
                self.problem(req.source_line, f"rule id `{req.id}` is defined twice (first at line {first_line[req.id]})",
                             "give each rule its own id")
                continue
            first_line[req.id] = req.source_line
            requirements.append(req)
        return requirements

    def _rule(self, item: object, law: str, number: int, list_line: int) -> Requirement | None:
        if not isinstance(item, _Mapping):
            self.problem(list_line, f"rule {number} is not a mapping", "write each rule as `- id: ...` with its keys below")
            return None
        before = len(self.problems)
        rule_id = self._rule_id(item, number)
        where = f"rule `{rule_id}`" if rule_id else f"rule {number}"
        self._unknown_keys(item, _RULE_KEYS, where, per_language=True)
        self._repeated_keys(item, where)
        labels = self._labels(item, where)
        required_from = self._date(item, "required_from", where, required=True)
        required_until = self._date(item, "required_until", where, required=False)
        if required_from and required_until and required_until < required_from:
            self.problem(item.key_lines["required_until"], f"{where}: `required_until` is before `required_from`",
                         "write the last day the item is required, or null while it is in force")
        citations = self._citations(item, where, required_from)
        condition = self._text(item, "condition", where)
        kind = self._kind(item, where)
        evidence = self._evidence(item, where)
        hints = self._hints(item, where)
        uncertain, why = self._uncertain(item, where)
        templates = {m.group(1).replace("_", "-"): str(value).strip() for key, value in item.items()
                     if isinstance(key, str) and (m := _TEMPLATE_KEY.match(key)) and isinstance(value, str)
                     and value.strip()}
        downgradable = item.get("downgradable", True)
        if not isinstance(downgradable, bool):
            self.problem(item.key_lines["downgradable"], f"{where}: `downgradable` must be true or false",
                         "write `downgradable: false` when answering on request cannot meet the item")
        suggested_by, problems = read_suggestion(item.get("suggested_by"), item.key_lines.get("suggested_by"), where)
        for line, message, hint in problems:
            self.problem(line, message, hint)
        if suggested_by is not None and condition is None:
            self.problem(item.key_lines["suggested_by"], f"{where}: `suggested_by` on a rule without a `condition`",
                         "`suggested_by` lists words that suggest a conditional requirement applies; this rule applies "
                         "to everyone: remove it, or give the rule its `condition`")
        if len(self.problems) > before or rule_id is None or required_from is None:
            return None
        return Requirement(
            id=rule_id, law=law, labels=labels, citations=citations, required_from=required_from,
            required_until=required_until, condition=condition, kind=kind, evidence=evidence, hints=hints,
            uncertain=uncertain, uncertain_why=" ".join(why.split()) if why else None,
            source_file=self.shown, source_line=item.line, downgradable=downgradable is not False,
            notes=self.notes, templates=templates, suggested_by=suggested_by)

    def _rule_id(self, item: _Mapping, number: int) -> str | None:
        rule_id = item.get("id")
        if rule_id is None:
            self.problem(item.line, f"rule {number} has no `id`", "add `id: <lower-case-words-joined-by-hyphens>`")
            return None
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            self.problem(item.key_lines["id"], f"rule id {rule_id!r} is not lower-case words joined by '-'",
                         "write it like `company-cookies`: authors put it in data-disclosure, which splits on spaces")
            return None
        return rule_id

    def _unknown_keys(self, mapping: _Mapping, known: Sequence[str], where: str, *, per_language: bool = False) -> None:
        for key in mapping:
            if key in known or (per_language and isinstance(key, str) and any(
                    pattern.match(key) for pattern in (_LABEL_KEY, _HINT_KEY, _TEMPLATE_KEY))):
                continue
            guess = difflib.get_close_matches(str(key), known, n=1)
            self.problem(mapping.key_lines.get(key), f"{where}: unknown key `{key}`",
                         (f"did you mean `{guess[0]}`? " if guess else "") + f"known keys: {', '.join(known)}")

    def _repeated_keys(self, mapping: _Mapping, where: str) -> None:
        for key, line in mapping.repeated:
            self.problem(line, f"{where}: `{key}` is given twice", "keep one of them")

    def _labels(self, item: _Mapping, where: str) -> dict[str, str]:
        labels: dict[str, str] = {}
        for key, value in item.items():
            m = _LABEL_KEY.match(key) if isinstance(key, str) else None
            if not m:
                continue
            if not isinstance(value, str) or not value.strip():
                self.problem(item.key_lines[key], f"{where}: `{key}` is empty or not text", "write the label as text")
                continue
            labels[m.group(1).replace("_", "-")] = " ".join(value.split())
        if not labels and not any(isinstance(k, str) and _LABEL_KEY.match(k) for k in item):
            self.problem(item.line, f"{where}: no label", "add `label_en:` and `label_ja:` (what the item is, in each language)")
        return labels

    def _hints(self, item: _Mapping, where: str) -> dict[str, str]:
        """`hint_<lang>` for each language; a plain `hint` is the English one (`hint_en`)."""
        hints: dict[str, str] = {}
        for key in item:
            m = _HINT_KEY.match(key) if isinstance(key, str) else None
            if m:
                text = self._text(item, key, where)
                if text:
                    hints[m.group(1).replace("_", "-")] = text
        plain = self._text(item, "hint", where)
        if plain and "hint_en" in item:
            self.problem(item.key_lines["hint"], f"{where}: both `hint` and `hint_en` give the English hint",
                         "keep `hint_en` and remove `hint` (a plain `hint` is read as the English one)")
        elif plain:
            hints["en"] = plain
        return hints

    def _date(self, item: _Mapping, key: str, where: str, *, required: bool) -> dt.date | None:
        if item.get(key) is None:
            if required:
                self.problem(item.line, f"{where}: no `{key}`", f"add `{key}: YYYY-MM-DD` (the first day the item is required)")
            return None
        day = parse_date(item[key])
        if day is None:
            self.problem(item.key_lines[key], f"{where}: `{key}` is not a date (got {item[key]!r})", "write it as YYYY-MM-DD")
        return day

    def _citations(self, item: _Mapping, where: str, required_from: dt.date | None) -> dict[dt.date, str]:
        value = item.get("citation")
        line = item.key_lines.get("citation", item.line)
        if value is None:
            return {}
        if isinstance(value, str) and value.strip():
            return {required_from: value.strip()} if required_from else {}
        if not isinstance(value, dict) or not value:
            self.problem(line, f"{where}: `citation` must be text or a mapping of era start dates to text",
                         "write e.g. `citation: {2022-04-01: APPI Art.32(1)(i)}`")
            return {}
        citations: dict[dt.date, str] = {}
        for start, text in value.items():
            day = parse_date(start)
            if day is None or not isinstance(text, str) or not text.strip():
                self.problem(getattr(value, "key_lines", {}).get(start, line),
                             f"{where}: citation era {start!r}: {text!r} is not a date followed by a citation",
                             "write each era as `YYYY-MM-DD: <citation>`")
                continue
            citations[day] = " ".join(text.split())
        return dict(sorted(citations.items()))

    def _text(self, item: _Mapping, key: str, where: str) -> str | None:
        value = item.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(item.key_lines[key], f"{where}: `{key}` must be text (or null)", f"write `{key}:` as a sentence")
            return None
        return " ".join(value.split())

    def _kind(self, item: _Mapping, where: str) -> str | None:
        kind = item.get("kind")
        if kind is not None and kind not in KINDS:
            self.problem(item.key_lines["kind"], f"{where}: unknown `kind` {kind!r}",
                         f"use one of {', '.join(KINDS)}, or leave it out")
            return None
        return kind

    def _evidence(self, item: _Mapping, where: str) -> tuple[str, ...]:
        value = item.get("evidence")
        if value is None:
            return ()
        names = [value] if isinstance(value, str) else value
        known = known_kinds()
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            self.problem(item.key_lines["evidence"], f"{where}: `evidence` must be a list of kinds",
                         f"write e.g. `evidence: [contact, procedure]`; kinds: {', '.join(known)}")
            return ()
        for name in names:
            if name not in known:
                guess = difflib.get_close_matches(name, known, n=1)
                self.problem(item.key_lines["evidence"], f"{where}: unknown evidence kind `{name}`",
                             (f"did you mean `{guess[0]}`? " if guess else "") + f"kinds: {', '.join(known)} "
                             "(rules/evidence/vocabulary.yml)")
                return ()
        return tuple(names)

    def _uncertain(self, item: _Mapping, where: str) -> tuple[bool, str | None]:
        flag = item.get("uncertain", False)
        why = self._text(item, "uncertain_why", where)
        if not isinstance(flag, bool):
            self.problem(item.key_lines["uncertain"], f"{where}: `uncertain` must be true or false", "write `uncertain: true`")
            return False, None
        if flag and not why:
            self.problem(item.key_lines["uncertain"], f"{where}: `uncertain: true` without `uncertain_why`",
                         "say what could not be confirmed: readers of every report see it")
        if why and not flag:
            self.problem(item.key_lines["uncertain_why"], f"{where}: `uncertain_why` without `uncertain: true`",
                         "add `uncertain: true`, or remove `uncertain_why`")
        return flag, why


def _yaml_problem(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """The line to look at and what is wrong: where a quote was opened, not where the file ended."""
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    problem_mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    if isinstance(exc, yaml.scanner.ScannerError) and context and context_mark:
        return context_mark.line + 1, f"{context}, {problem}"
    return (problem_mark.line + 1 if problem_mark else None), problem


def parse_date(value: object) -> dt.date | None:
    """A YYYY-MM-DD date as YAML gives it (a date or a string)."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# --- `policy-site rules` -----------------------------------------------------------

def rules_in_force(ruleset: RuleSet, on: dt.date, law: str | None = None) -> list[tuple[Requirement, str]]:
    """Each requirement in force on a day, with its citation on that day ("" if none is known)."""
    return [(req, req.citation_on(on) or "") for req in ruleset.in_force_on(on, law)]


def format_rules_table(rows: Sequence[tuple[Requirement, str]], lang: str = "en", *, width: int = 110,
                       on: dt.date | None = None) -> str:
    """A plain-text table of `rules_in_force` rows for a terminal (with the notes in force `on`)."""
    if not rows:
        return "no requirement in force\n"
    id_width = max(_width(_id_cell(req)) for req, _ in rows)
    cite_width = min(36, max(len("CITATION"), *(_width(c) for _, c in rows)))
    label_width = max(30, width - id_width - cite_width - 4)
    lines = [_row(("RULE", id_width), ("CITATION", cite_width), ("REQUIREMENT", label_width))]
    for req, citation in rows:
        label = _wrap(req.label(lang), label_width)
        if req.conditional:
            label += _wrap(f"only if: {req.condition}", label_width)
        if req.stated:
            label += _wrap("stated: under `meets` in mkdocs.yml", label_width)
        cites = _wrap_citation(citation, cite_width) or ["-"]
        for i in range(max(len(label), len(cites))):
            lines.append(_row((_id_cell(req) if i == 0 else "", id_width),
                              (cites[i] if i < len(cites) else "", cite_width),
                              (label[i] if i < len(label) else "", label_width)))
    legend = []
    if any(req.uncertain for req, _ in rows):
        legend.append("? not confirmed against a primary source (see `uncertain_why` in the rule file)")
    if any(req.conditional for req, _ in rows):
        legend.append("only if: checked only when the site lists the rule under `applies` in mkdocs.yml")
    if any(req.stated for req, _ in rows):
        legend.append("stated: met by the site's statement under `meets` in mkdocs.yml, not by a section")
    if on is not None:
        notes = dict.fromkeys(n for req, _ in rows for n in req.notes_during(on, on, lang))
        legend += [f"note ({', '.join(sorted({req.law for req, _ in rows if n in req.notes_during(on, on, lang)}))}): {n}"
                   for n in notes]
    return "\n".join(lines + ([""] + legend if legend else [])) + "\n"


def _wrap_citation(citation: str, width: int) -> list[str]:
    """One line per `;`-separated part where it fits; never break inside "11 CCR" or "Civ. Code"."""
    glued = re.sub(r"(11|Civ\.|Cabinet) (CCR|Code|Order)", "\\1\u00a0\\2", citation)
    parts = glued.split("; ")
    lines: list[str] = []
    for i, part in enumerate(parts):
        text = part + (";" if i < len(parts) - 1 else "")
        lines += textwrap.wrap(text, width, break_on_hyphens=False)
    return [line.replace("\u00a0", " ") for line in lines]


def _id_cell(req: Requirement) -> str:
    return f"{req.id} ?" if req.uncertain else req.id


def _row(*cells: tuple[str, int]) -> str:
    return "  ".join(text + " " * (w - _width(text)) for text, w in cells).rstrip()


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    """Wrap mixed Japanese/English text by terminal columns (words kept whole, kana/kanji split anywhere)."""
    tokens = re.findall(r"[\x00-\x7f]+?(?=\s|[^\x00-\x7f]|$)\s*|[^\x00-\x7f]", text)
    lines, current = [], ""
    for token in tokens:
        if current and _width(current + token.rstrip()) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines
