"""Reading rule files into `Requirement`s: the laws shipped, the site's own files.

Each file is read as YAML with the line of every key (`yaml_lines`), checked
against `schema.json` (`schema.py` says each problem in words), and every problem
of every file is collected before `RuleFileError` is raised: one id per rule,
across files too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml
from jsonschema import ValidationError

from ..yaml_lines import LineMapping, load_with_lines, yaml_problem
from .model import Note, Requirement, RuleFileError, RuleProblem, RuleSet
from .suggestions import read_suggestion
from .schema import (CHECK_FILE, CITATION_KEY, FILE_KEYS, FILE_SCHEMA, HINT_KEY, LABEL_KEY, TEMPLATE_KEY, RuleProblems, day,
                     did_you_mean, lang_of, unknown_keys, words)

BUILTIN_DIR = Path(__file__).parent
FIRST_LAW = "appi"
"""Listed first where laws are listed (the project began with it); checked only when chosen."""
SITE_LAW = "site"

# --- the laws -----------------------------------------------------------------------

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


# --- one file -------------------------------------------------------------------------

class _RuleFileReader:
    """Reads one rule file, collecting every problem before raising."""

    notes: tuple[Note, ...] = ()

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
            return load_with_lines(text)
        except yaml.YAMLError as exc:
            line, problem = yaml_problem(exc)
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
        if not isinstance(data, LineMapping):
            self.problem(1, "a rule file is a mapping with `rules:` (or a list of rules)",
                         "write `rules:` followed by a list of rules (`- id: ...`)")
            return []
        found = [e for e in CHECK_FILE.iter_errors(data) if not (len(e.path) > 1 and e.path[0] == "rules")]  # each rule: below
        errors = {e.path[0] for e in found if e.path}
        for key in unknown_keys(data, FILE_SCHEMA):
            self.problem(data.key_lines[key], f"the file: unknown key `{key}`", did_you_mean(key, FILE_KEYS, "known keys"))
        for key, line in data.repeated:
            self.problem(line, f"the file: `{key}` is given twice", "keep one of them")
        law = self._law(data, law, "law" in errors)
        self.notes = self._notes(data, [e for e in found if e.path and e.path[0] == "notes"])
        if "rules" not in data:
            self.problem(1, "no `rules:` in the rule file", "add `rules:` followed by a list of rules (`- id: ...`)")
            return []
        if "rules" in errors:
            self.problem(data.key_lines["rules"], "`rules` must be a list", "write each rule as `- id: ...` under `rules:`")
            return []
        return self._rules(data["rules"], law, data.key_lines["rules"])

    def _law(self, data: LineMapping, default: str, wrong: bool) -> str:
        law = data.get("law", default)
        line = data.key_lines.get("law", 1)
        if wrong:
            self.problem(line, f"`law` must be a short lower-case name (got {law!r})", "e.g. `law: company`")
            return default
        if self.expected_law and law != self.expected_law:
            self.problem(line, f"`law: {law}` in the rule file of {self.expected_law}", f"write `law: {self.expected_law}`")
        return law

    def _notes(self, data: LineMapping, errors: list[ValidationError]) -> tuple[Note, ...]:
        """File-level `notes`: each {from/until: date, <lang>: text}, shown with every rule of the file."""
        value = data.get("notes")
        if value is None:
            return ()
        line = data.key_lines.get("notes")
        if not isinstance(value, list):
            self.problem(line, "`notes` must be a list", "write each note as `- {until: YYYY-MM-DD, en: ..., ja: ...}`")
            return ()
        wrong = {e.path[1] for e in errors if len(e.path) > 1}
        notes = []
        for number, item in enumerate(value):
            where_line = getattr(item, "line", line)
            if not isinstance(item, LineMapping):
                self.problem(where_line, "a note is not a mapping", "write `- {until: YYYY-MM-DD, en: ..., ja: ...}`")
            elif number in wrong:
                self.problem(where_line, "a note needs its text in each language and dates as YYYY-MM-DD",
                             "write `- {until: YYYY-MM-DD, en: ..., ja: ...}` (`from` and `until` are optional)")
            else:
                texts = {k.replace("_", "-"): words(v) for k, v in item.items() if k not in ("from", "until")}
                notes.append(Note(texts, day(item.get("from")), day(item.get("until"))))
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
        if not isinstance(item, LineMapping):
            self.problem(list_line, f"rule {number} is not a mapping", "write each rule as `- id: ...` with its keys below")
            return None
        found = RuleProblems(item, number).found
        if found:
            for _, line, message, hint in sorted(found, key=lambda p: p[0]):
                self.problem(line, message, hint)
            return None
        hints = {lang_of(m): words(v) for k, v in item.items() if (m := HINT_KEY.match(k)) and v is not None}
        if item.get("hint") is not None:
            hints["en"] = words(item["hint"])
        required_from = day(item["required_from"])
        citations = _citations(item.get("citation"), required_from)
        local_citations = {lang_of(m): _citations(v, required_from) for k, v in item.items()
                           if (m := CITATION_KEY.match(k)) and v is not None}
        evidence = item.get("evidence") or ()
        why = item.get("uncertain_why")
        return Requirement(
            id=item["id"], law=law, labels={lang_of(m): words(v) for k, v in item.items() if (m := LABEL_KEY.match(k))},
            citations=citations, required_from=required_from, required_until=day(item.get("required_until")),
            condition=words(item["condition"]) if item.get("condition") is not None else None,
            kind=item.get("kind"), evidence=(evidence,) if isinstance(evidence, str) else tuple(evidence), hints=hints,
            uncertain=item.get("uncertain", False), uncertain_why=words(why) if why else None,
            source_file=self.shown, source_line=item.line, downgradable=item.get("downgradable", True) is not False,
            notes=self.notes,
            templates={lang_of(m): str(v).strip() for k, v in item.items()
                       if (m := TEMPLATE_KEY.match(k)) and isinstance(v, str) and v.strip()},
            local_citations=local_citations,
            suggested_by=read_suggestion(item.get("suggested_by"), item.key_lines.get("suggested_by"), "")[0])


def _citations(citation: object, required_from: dt.date) -> dict[dt.date, str]:
    """{era start: citation} from `citation` or `citation_<lang>` (text: one era from required_from)."""
    if isinstance(citation, str):
        return {required_from: citation.strip()}
    return {day(k): words(v) for k, v in sorted((citation or {}).items())}


