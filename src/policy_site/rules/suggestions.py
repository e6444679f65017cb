"""`suggested_by:` in a rule file: the words in a policy's text that suggest a conditional
requirement's condition holds (`policy-site check` then warns `possibly-applies` unless the
site says under `applies` or `not_applicable` whether it does; see `checks/conditions.py`).

The words are data counsel maintains, per language, next to the rule they suggest::

    - id: appi-representative-name
      condition: the operator is a corporation ...
      suggested_by:
        ja: [株式会社, 合同会社]          # any of these words anywhere in the text
        en: [Inc., "Co., Ltd."]

    - id: appi-fees
      suggested_by:
        amounts_in:                     # an amount of money (1,000円, ¥1,000, 1,000 yen) in a section
          rules: [appi-request-procedures]   # that declares one of these rules,
          ja: [開示, 請求]                 # or whose heading has one of these words
          en: [disclosure, request]

Words match as readers read the text (width and case folded; a Latin word only as a whole
word: `share` is not `shared`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

LANG_KEY = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]+)?$")
_RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AMOUNTS_IN = "amounts_in"


@dataclass(frozen=True)
class Suggestion:
    """What in a text suggests that a conditional requirement applies."""

    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> words anywhere in the text
    amount_rules: tuple[str, ...] = ()  # an amount of money in a section declaring one of these ...
    amount_headings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # ... or titled with these words

    @property
    def amounts(self) -> bool:
        return bool(self.amount_rules or self.amount_headings)

    def words_for(self, lang: str) -> tuple[str, ...]:
        return _for(self.words, lang)

    def headings_for(self, lang: str) -> tuple[str, ...]:
        return _for(self.amount_headings, lang)


def _for(lists: Mapping[str, tuple[str, ...]], lang: str) -> tuple[str, ...]:
    base = re.split(r"[-_]", lang, maxsplit=1)[0]
    return lists.get(lang) or lists.get(base) or ()


def normal(text: str) -> str:
    """Text as words are matched: NFKC (full-width Latin and digits folded; case is ignored by the pattern)."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1024)
def word_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a list of words; a word that starts or ends with a Latin letter or digit
    matches only where no other one goes on (`Inc.` in `Minato Inc.`, not `share` in `shared`)."""
    if not words:
        return None
    parts = []
    for word in sorted({normal(w) for w in words}, key=lambda w: (-len(w), w)):
        body = r"\s+".join(re.escape(part) for part in word.split())
        left = r"(?<![a-z0-9])" if re.match(r"[a-z0-9]", word, re.IGNORECASE) else ""
        right = r"(?![a-z0-9])" if re.search(r"[a-z0-9]$", word, re.IGNORECASE) else ""
        parts.append(f"{left}{body}{right}")
    return re.compile("|".join(parts), re.IGNORECASE)


Problem = tuple[int | None, str, str]  # line, message, what to do


def _word_lists(value: object, line: int | None, where: str, problems: list[Problem],
                skip: str) -> dict[str, tuple[str, ...]]:
    """{lang: [word, ...]} entries of a mapping (the key `skip` is left to the caller)."""
    out: dict[str, tuple[str, ...]] = {}
    lines = getattr(value, "key_lines", {})
    for key, words in (value.items() if isinstance(value, dict) else ()):
        if key == skip:
            continue
        at = lines.get(key, line)
        if not isinstance(key, str) or not LANG_KEY.match(key):
            problems.append((at, f"{where}: `{key}` is no language code",
                             "write the words per language, e.g. `ja: [株式会社]`, `en: [Inc.]`"))
            continue
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            problems.append((at, f"{where}: `{key}` must be a list of words",
                             f"write e.g. `{key}: [word, another word]` (quote words holding a comma)"))
            continue
        out[key.replace("_", "-")] = tuple(" ".join(w.split()) for w in words)
    return out


def read_suggestion(value: object, line: int | None, where: str) -> tuple[Suggestion | None, list[Problem]]:
    """A rule's `suggested_by:` value (None when absent), and what is wrong with it."""
    if value is None:
        return None, []
    problems: list[Problem] = []
    where = f"{where}: `suggested_by`"
    if not isinstance(value, dict) or not value:
        return None, [(line, f"{where} must map languages to words (and may have `{AMOUNTS_IN}`)",
                       "write e.g. `suggested_by: {ja: [株式会社], en: [Inc.]}`")]
    words = _word_lists(value, line, where, problems, AMOUNTS_IN)
    amounts = value.get(AMOUNTS_IN)
    rules: tuple[str, ...] = ()
    headings: dict[str, tuple[str, ...]] = {}
    if AMOUNTS_IN in value:
        at = getattr(value, "key_lines", {}).get(AMOUNTS_IN, line)
        inner = f"{where}.{AMOUNTS_IN}"
        if not isinstance(amounts, dict) or not amounts:
            problems.append((at, f"{inner} must say which sections count",
                             f"write e.g. `{AMOUNTS_IN}: {{rules: [appi-request-procedures], ja: [開示], en: [request]}}`"))
        else:
            listed = amounts.get("rules", [])
            if not isinstance(listed, list) or not all(isinstance(r, str) and _RULE_ID.match(r) for r in listed):
                problems.append((getattr(amounts, "key_lines", {}).get("rules", at), f"{inner}.rules must list rule ids",
                                 "write e.g. `rules: [appi-request-procedures]`"))
            else:
                rules = tuple(listed)
            headings = _word_lists(amounts, at, inner, problems, "rules")
            if not rules and not headings and not problems:
                problems.append((at, f"{inner} names no rule and no heading word",
                                 "list the rules whose sections count (`rules:`), or heading words per language"))
    if not words and not rules and not headings and not problems:
        problems.append((line, f"{where} gives no words", "list words per language, e.g. `ja: [株式会社]`"))
    if problems:
        return None, problems
    return Suggestion(words, rules, headings), []
