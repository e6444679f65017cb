"""The rule-file schema (`schema.json`, checked with `jsonschema`) and its problems in words.

`schema.json` beside this module holds the shapes: which keys, which types, dates as
YYYY-MM-DD. This module says each schema error as a user reads it (the rule, the key,
what to do) and checks what a schema cannot say well: `required_until` after
`required_from`, `uncertain_why` with `uncertain`, evidence kinds from the vocabulary.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Sequence
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError

from ..config import parse_date
from ..facts.evidence import known_kinds
from ..yaml_lines import LineMapping
from .model import KINDS
from .suggestions import read_suggestion

SCHEMA = json.loads((Path(__file__).with_name("schema.json")).read_text(encoding="utf-8"))
FILE_SCHEMA, RULE_SCHEMA = SCHEMA["$defs"]["file"], SCHEMA["$defs"]["rule"]
FILE_KEYS, RULE_KEYS = tuple(FILE_SCHEMA["properties"]), tuple(RULE_SCHEMA["properties"])
LABEL_KEY, HINT_KEY, TEMPLATE_KEY, CITATION_KEY = (re.compile(p) for p in RULE_SCHEMA["patternProperties"])


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": SCHEMA["$defs"]},
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


CHECK_FILE, CHECK_RULE = _validator("file"), _validator("rule")

# The order problems of one rule are reported in: its id, its keys, then key by key.
_ORDER = ("id", "<unknown>", "<repeated>", "label", "required_from", "required_until", "<period>", "citation",
          "condition", "kind", "evidence", "hint", "uncertain_why", "uncertain", "downgradable", "suggested_by")


def day(value: str | None) -> dt.date | None:
    return parse_date(value)


def words(text: str) -> str:
    return " ".join(text.split())


def lang_of(match: re.Match[str]) -> str:
    return match.group(1).replace("_", "-")


def unknown_keys(mapping: LineMapping, schema: dict) -> list[str]:
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [k for k in mapping if k not in schema["properties"] and not any(p.search(k) for p in patterns)]


def did_you_mean(key: str, known: Sequence[str], what: str) -> str:
    guess = difflib.get_close_matches(key, known, n=1)
    return (f"did you mean `{guess[0]}`? " if guess else "") + f"{what}: {', '.join(known)}"


class RuleProblems:
    """Every problem of one rule: the schema's, in words, then the checks across keys."""

    def __init__(self, item: LineMapping, number: int) -> None:
        self.item, self.number = item, number
        self.found: list[tuple[int, int | None, str, str]] = []
        self._said: set[tuple[str, str]] = set()
        errors = list(CHECK_RULE.iter_errors(item))
        rule_id = item.get("id")
        id_ok = not any(e.path and e.path[0] == "id" for e in errors) and rule_id is not None
        self.where = f"rule `{rule_id}`" if id_ok else f"rule {number}"
        said: set[tuple[str, object]] = set()
        for error in errors:
            key = error.path[0] if error.path else None
            if key is None:
                self._whole(error, said)
            elif (key, error.path[1] if len(error.path) > 1 else None) not in said:
                said.add((key, error.path[1] if len(error.path) > 1 else None))
                self._key(key, error)
        for key, line in item.repeated:
            self.say("<repeated>", line, f"{self.where}: `{key}` is given twice", "keep one of them")
        self._across({e.path[0] for e in errors if e.path} | {k for k in ("required_from",) if k not in item})

    def say(self, rank: str, line: int | None, message: str, hint: str) -> None:
        self.found.append((_ORDER.index(rank), line, message, hint))

    def _whole(self, error: ValidationError, said: set) -> None:
        item, where = self.item, self.where
        if error.validator == "required":
            for key in error.validator_value:
                if key not in item and ("required", key) not in said:
                    said.add(("required", key))
                    self._missing(key)
        elif error.validator == "additionalProperties":
            for key in unknown_keys(item, RULE_SCHEMA):
                self.say("<unknown>", item.key_lines.get(key), f"{where}: unknown key `{key}`",
                         did_you_mean(key, RULE_KEYS, "known keys"))
        elif error.validator == "not":
            self.say("label", item.line, f"{where}: no label",
                     "add `label_en:` and `label_ja:` (what the item is, in each language)")

    def _missing(self, key: str) -> None:
        if key == "id":
            self.say("id", self.item.line, f"rule {self.number} has no `id`",
                     "add `id: <lower-case-words-joined-by-hyphens>`")
        else:
            self.say(key, self.item.line, f"{self.where}: no `{key}`",
                     f"add `{key}: YYYY-MM-DD` (the first day the item is required)")

    def _key(self, key: str, error: ValidationError) -> None:
        item, where = self.item, self.where
        line, value = item.key_lines.get(key, item.line), item.get(key)
        if key in ("id", "required_from") and value is None:
            self._missing(key)
        elif key == "id":
            self.say("id", line, f"rule id {value!r} is not lower-case words joined by '-'",
                     "write it like `company-cookies`: authors put it in data-disclosure, which splits on spaces")
        elif LABEL_KEY.match(key):
            self.say("label", line, f"{where}: `{key}` is empty or not text", "write the label as text")
        elif key in ("required_from", "required_until"):
            self.say(key, line, f"{where}: `{key}` is not a date (got {value!r})", "write it as YYYY-MM-DD")
        elif key == "citation" or CITATION_KEY.match(key):
            era = error.instance if "propertyNames" in error.relative_schema_path else (
                error.path[1] if len(error.path) > 1 else None)
            if era is None:
                self.say("citation", line, f"{where}: `{key}` must be text or a mapping of era start dates to text",
                         f"write e.g. `{key}: {{2022-04-01: APPI Art.32(1)(i)}}`")
            else:
                self.say("citation", value.key_lines.get(era, line),
                         f"{where}: citation era {era!r}: {value.get(era)!r} is not a date followed by a citation",
                         "write each era as `YYYY-MM-DD: <citation>`")
        elif key == "kind":
            self.say(key, line, f"{where}: unknown `kind` {value!r}", f"use one of {', '.join(KINDS)}, or leave it out")
        elif key == "evidence":
            self.say(key, line, f"{where}: `evidence` must be a list of kinds",
                     f"write e.g. `evidence: [contact, procedure]`; kinds: {', '.join(known_kinds())}")
        elif key == "uncertain":
            self.say(key, line, f"{where}: `uncertain` must be true or false", "write `uncertain: true`")
        elif key == "suggested_by":
            if ("suggested_by", "<said>") not in self._said:  # one reading says every problem in it
                self._said.add(("suggested_by", "<said>"))
                _, problems = read_suggestion(value, line, where)
                for at, message, hint in problems or [(line, f"{where}: `suggested_by` is malformed",
                                                       "write e.g. `suggested_by: {ja: [株式会社], en: [Inc.]}`")]:
                    self.say(key, at, message, hint)
        elif key == "downgradable":
            self.say(key, line, f"{where}: `downgradable` must be true or false",
                     "write `downgradable: false` when answering on request cannot meet the item")
        else:  # condition, hint, hint_<lang>, uncertain_why: text or null
            self.say("hint" if HINT_KEY.match(key) or key == "hint" else key, line,
                     f"{where}: `{key}` must be text (or null)", f"write `{key}:` as a sentence")

    def _across(self, wrong: set[str]) -> None:
        """What the schema does not say: keys that must agree (each check where its keys are well formed)."""
        item, where = self.item, self.where
        start, end = item.get("required_from"), item.get("required_until")
        if end is not None and not {"required_from", "required_until"} & wrong and day(end) < day(start):
            self.say("<period>", item.key_lines["required_until"], f"{where}: `required_until` is before `required_from`",
                     "write the last day the item is required, or null while it is in force")
        evidence = [] if "evidence" in wrong else item.get("evidence") or []
        known = known_kinds()
        for name in [evidence] if isinstance(evidence, str) else evidence:
            if name not in known:
                self.say("evidence", item.key_lines["evidence"], f"{where}: unknown evidence kind `{name}`",
                         did_you_mean(name, known, "kinds") + " (rules/evidence/vocabulary.yml)")
                break
        self._citation_eras(wrong)
        if "suggested_by" in item and "suggested_by" not in wrong and item.get("condition") is None:
            self.say("suggested_by", item.key_lines["suggested_by"], f"{where}: `suggested_by` on a rule without a "
                     "`condition`", "`suggested_by` lists words that suggest a conditional requirement applies; this "
                     "rule applies to everyone: remove it, or give the rule its `condition`")
        if item.get("hint") is not None and "hint" not in wrong and "hint_en" in item:
            self.say("hint", item.key_lines["hint"], f"{where}: both `hint` and `hint_en` give the English hint",
                     "keep `hint_en` and remove `hint` (a plain `hint` is read as the English one)")
        if {"uncertain", "uncertain_why"} & wrong:
            return
        flag, why = item.get("uncertain", False), item.get("uncertain_why")
        if flag and not why:
            self.say("uncertain", item.key_lines["uncertain"], f"{where}: `uncertain: true` without `uncertain_why`",
                     "say what could not be confirmed: readers of every report see it")
        if why and not flag:
            self.say("uncertain", item.key_lines["uncertain_why"], f"{where}: `uncertain_why` without `uncertain: true`",
                     "add `uncertain: true`, or remove `uncertain_why`")

    def _citation_eras(self, wrong: set[str]) -> None:
        """`citation_<lang>` gives the eras of `citation`, each in that language's form."""
        item, where = self.item, self.where
        if "citation" in wrong or "required_from" in wrong:
            return
        english = _eras(item.get("citation"), item.get("required_from"))
        for key in item:
            if not CITATION_KEY.match(key) or key in wrong:
                continue
            eras = _eras(item[key], item.get("required_from"))
            if eras != english:
                self.say("citation", item.key_lines[key], f"{where}: `{key}` gives eras {', '.join(eras) or 'none'} "
                         f"but `citation` gives {', '.join(english) or 'none'}",
                         f"give `{key}` the same era start dates as `citation`, each in the language's own form")


def _eras(citation: object, required_from: object) -> list[str]:
    if isinstance(citation, str):
        return [str(required_from)]
    return sorted(str(k) for k in citation) if isinstance(citation, dict) else []
