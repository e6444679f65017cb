"""What a section's text must contain to prove a disclosure, read from data.

A rule names the kinds of evidence its section must give (`evidence: [fee]`,
and the older `kind: contact|address|date`); `rules/evidence/vocabulary.yml`
says, per kind and per language, which words, titles, country names, fact kinds
or amount of text count. This module reads that file and answers "which of
these kinds does this text lack". Contacts, addresses, dates and amounts are
read by `policy_site.facts` (the reader the parity check uses too); country
names come from Babel's locale data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from . import contact_channels, find_facts, has_address

VOCABULARY_FILE = Path(__file__).parent.parent / "rules" / "evidence" / "vocabulary.yml"
FACT_READERS = ("contact", "address", "date")
"""Kinds read by `policy_site.facts` rather than by words."""

_WIDE = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"


@dataclass(frozen=True)
class EvidenceKind:
    """One kind of evidence, as vocabulary.yml describes it."""

    name: str
    labels: Mapping[str, str] = field(default_factory=dict)
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_words: int = 1
    min_chars: Mapping[str, int] = field(default_factory=dict)
    also: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    titles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    not_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    countries: bool = False
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    referable: bool = False
    named: bool = False
    periods: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    numbers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        base = _base(lang)
        return self.labels.get(base) or self.labels.get("en") or self.name


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, EvidenceKind]:
    """Every evidence kind, by name."""
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8")) or {}
    kinds: dict[str, EvidenceKind] = {}
    for name, spec in (data.get("kinds") or {}).items():
        spec = spec or {}
        kinds[name] = EvidenceKind(
            name=name,
            labels={k[len("label_"):]: str(v) for k, v in spec.items() if k.startswith("label_")},
            words=_lists(spec.get("words")), min_words=int(spec.get("min_words", 1)),
            min_chars={str(k): int(v) for k, v in (spec.get("min_chars") or {}).items()},
            also=tuple(spec.get("also") or ()), facts=tuple(spec.get("facts") or ()),
            titles=_lists(spec.get("titles")), not_names=_lists(spec.get("not_names")),
            countries=bool(spec.get("countries")), aliases=_lists(spec.get("aliases")),
            referable=bool(spec.get("referable")), named=bool(spec.get("named")),
            periods=_lists(spec.get("periods")), numbers=_lists(spec.get("numbers")))
    return kinds


def _lists(value: object) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        return {}
    return {str(lang): tuple(str(w) for w in words or ()) for lang, words in value.items()}


def known_kinds() -> tuple[str, ...]:
    return tuple(vocabulary())


def expand(kinds: Iterable[str]) -> list[str]:
    """The kinds and the ones they ask for too (`procedure` asks for `contact`), each once."""
    out: list[str] = []
    todo = list(kinds)
    while todo:
        kind = todo.pop(0)
        if kind in out:
            continue
        out.append(kind)
        spec = vocabulary().get(kind)
        if spec is not None:
            todo += list(spec.also)
    return out


def lacking(kinds: Iterable[str], text: str, lang: str) -> list[str]:
    """The kinds of evidence `text` (in `lang`) does not give."""
    return [kind for kind in expand(kinds) if not gives(kind, text, lang)]


@lru_cache(maxsize=16384)
def gives(kind: str, text: str, lang: str) -> bool:
    """Whether `text` gives evidence of one kind."""
    if kind == "contact":
        return bool(contact_channels(text, lang))
    if kind == "address":
        return has_address(text)
    if kind == "date":
        return any(f.kind == "date" for f in find_facts(text))
    spec = vocabulary().get(kind)
    if spec is None:
        return True  # an unknown kind is the rule file's finding, never a reason to fail a text
    return _gives(spec, _normal(text), _base(lang))


def _gives(spec: EvidenceKind, text: str, lang: str) -> bool:
    if spec.min_chars:
        need = spec.min_chars.get(lang, spec.min_chars.get("en", 0))
        if len(re.sub(r"\s", "", text)) < need:
            return False
    found = False
    if spec.facts and any(f.kind in spec.facts for f in find_facts(text)):
        found = True
    if spec.titles and _names_after_titles(spec, text, lang):
        found = True
    if spec.countries and _names_a_country(spec, text, lang):
        found = True
    if spec.periods and _period_pattern(spec.name, lang).search(text):
        found = True
    if spec.words:
        count = len({m.group(0).lower() for m in _words_pattern(spec.name, lang).finditer(text)})
        if count >= spec.min_words:
            found = True
        elif spec.min_words > 1:
            return False
    return found


# --- reading -----------------------------------------------------------------------------

def _base(lang: str) -> str:
    return re.split(r"[-_]", lang or "en", maxsplit=1)[0].lower()


def _for(lists: Mapping[str, tuple[str, ...]], lang: str) -> tuple[str, ...]:
    """The list for `lang` and the English one; every list for a language with none."""
    if lang in lists:
        return tuple(dict.fromkeys([*lists[lang], *lists.get("en", ())]))
    return tuple(dict.fromkeys(w for words in lists.values() for w in words))


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=256)
def _words_pattern(kind: str, lang: str) -> re.Pattern[str]:
    """One pattern for every phrase of a kind in a language: Latin phrases as whole words."""
    words = sorted({_normal(w) for w in _for(vocabulary()[kind].words, lang)}, key=len, reverse=True)
    parts = [re.escape(w) if re.search(f"[{_WIDE}]", w) else rf"(?<![\w]){re.escape(w)}(?![\w])" for w in words]
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


@lru_cache(maxsize=64)
def _period_pattern(kind: str, lang: str) -> re.Pattern[str]:
    """A number (digits or a number word) followed by a unit of time: "6 years", "sechs Monate", "5年間"."""
    spec = vocabulary()[kind]
    units = sorted({_normal(u) for u in _for(spec.periods, lang)}, key=len, reverse=True)
    numbers = sorted({_normal(n) for n in _for(spec.numbers, lang)}, key=len, reverse=True)
    number = "|".join([r"(?<![0-9A-Za-z.,])[0-9]+(?:[.,][0-9]+)?", *(rf"(?<![\w]){re.escape(n)}" for n in numbers)])
    unit = "|".join(re.escape(u) if re.search(f"[{_WIDE}]", u) else rf"{re.escape(u)}(?![\w])" for u in units)
    if not unit:
        return re.compile(r"(?!)")
    return re.compile(rf"(?:{number})[ -]?(?:{unit})", re.IGNORECASE)


_NAME_WIDE = rf"[{_WIDE}A-Za-z][{_WIDE}A-Za-z.]{{0,9}}(?:[ ][{_WIDE}A-Za-z][{_WIDE}A-Za-z.]{{0,9}})?"
_NAME_LATIN = r"[A-Z][\w'’.-]+(?:[ ]+(?:[A-Z][\w'’.-]*|van|von|de|der|da|di|le|la))*[ ]+[A-Z][\w'’-]+"
_SEPARATOR = r"[ \t:：・、,()（）]*"


@lru_cache(maxsize=64)
def _title_patterns(kind: str, lang: str) -> tuple[tuple[str, ...], frozenset[str], re.Pattern[str], re.Pattern[str]]:
    spec = vocabulary()[kind]
    titles = tuple(sorted((_normal(t) for t in _for(spec.titles, lang)), key=len, reverse=True))
    not_names = frozenset({_normal(w) for w in _for(spec.not_names, lang)} | set(titles))
    alternatives = "|".join(map(re.escape, titles)) or r"(?!)"
    after = re.compile(rf"({alternatives})(?={_SEPARATOR}({_NAME_LATIN}|{_NAME_WIDE}))")
    before = re.compile(rf"{_NAME_LATIN},?[ ]+(?:{alternatives})\b")
    return titles, not_names, after, before


def _names_after_titles(spec: EvidenceKind, text: str, lang: str) -> bool:
    """A person's name right after a title (代表取締役 山田 太郎, CEO Jane Doe), or before it (Jane Doe, CEO)."""
    titles, not_names, after, before = _title_patterns(spec.name, lang)
    flat = re.sub(r"[ \t\u3000]+", " ", text)
    for m in after.finditer(flat):
        title, name = m.group(1), m.group(2).strip()
        longer = any(len(t) > len(title) and t.startswith(title) and flat.startswith(t, m.start()) for t in titles)
        if longer or re.match(r"[\u3040-\u309f]", name) or any(name.startswith(w) for w in not_names):
            continue
        return True
    return before.search(flat) is not None


@lru_cache(maxsize=32)
def _country_pattern(lang: str, aliases: tuple[str, ...]) -> re.Pattern[str]:
    names: set[str] = set(aliases)
    for code in {lang, "en"}:
        try:
            territories = Locale.parse(code).territories
        except (UnknownLocaleError, ValueError):
            continue
        names |= {_normal(name) for key, name in territories.items() if re.fullmatch(r"[A-Z]{2}", key)}
    latin = sorted((n for n in names if not re.search(f"[{_WIDE}]", n)), key=len, reverse=True)
    wide = sorted((n for n in names if re.search(f"[{_WIDE}]", n)), key=len, reverse=True)
    parts = []
    if latin:
        parts.append(r"(?<![\w])(?:" + "|".join(map(re.escape, latin)) + r")(?![\w])")
    if wide:
        parts.append(r"(?:" + "|".join(map(re.escape, wide)) + r")(?!語)")
    return re.compile("|".join(parts) or r"(?!)")


def _names_a_country(spec: EvidenceKind, text: str, lang: str) -> bool:
    aliases = tuple(_normal(a) for a in _for(spec.aliases, lang))
    return _country_pattern(lang, aliases).search(text) is not None
