"""Stable ASCII section ids, the same in every language, and the same across revisions.

Sections are aligned across languages by order: the n-th section of every
language gets one id. The id is, in this order of preference:

1. an id the source already gives (`{#purposes}`, `<h2 id="purposes">`) when it
   is ASCII (a built policy-site page imports back with its own ids);
2. the id an earlier imported revision gave a section with the same title (so a
   history's redlines match sections by id);
3. a name from the topic of the title (`利用目的`, `Purposes` -> `purposes`), from
   `topics.yml`;
4. the English title as a slug (`Use of Cookies` -> `use-of-cookies`);
5. `section-N`.

Ids are made unique within the document by a `-2`, `-3` suffix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

_ASCII_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-:.]*$")
_NUMBERING = re.compile(
    r"^(?:第[0-9０-９一二三四五六七八九十百〇]+条|(?:Article|Section|Chapter)[ \t]+[0-9]+\.?|[0-9０-９]+(?:[.．、][0-9０-９]+)*[.．、]?)"
    r"[ \t　]*", re.I)
_BRACKETS = re.compile(r"[（(【\[＜<「『〈《]|[）)】\]＞>」』〉》]")
_SLUG_DROP = {"a", "an", "the", "of", "and", "or", "to", "for", "on", "in", "our", "your", "we", "this", "with"}


def title_key(title: str) -> str:
    """A section title with its numbering, brackets, markup and spaces taken out, for matching."""
    text = unicodedata.normalize("NFKC", title)
    text = re.sub(r"[*_`]", "", text)
    text = _NUMBERING.sub("", text.strip())
    text = _BRACKETS.sub("", text)
    return re.sub(r"\s+", "", text).lower()


@lru_cache(maxsize=1)
def _topics() -> list[tuple[str, tuple[str, ...]]]:
    data = yaml.safe_load(resources.files("policy_site.importer").joinpath("topics.yml").read_text(encoding="utf-8"))
    # the title key has no spaces, so neither have the words (`joint use` matches `Joint Use`)
    return [(str(t["id"]), tuple(re.sub(r"\s+", "", str(w)).lower() for w in t["words"])) for t in data["topics"]]


def topic_id(title: str) -> str | None:
    """The id of the first topic whose words the title contains (`利用目的` -> `purposes`)."""
    key = title_key(title)
    if not key:
        return None
    for ident, words in _topics():
        if any(w in key for w in words):
            return ident
    return None


def slug(title: str) -> str | None:
    """`3. Use of Cookies` -> `use-cookies`; None when the title has no ASCII word."""
    text = _NUMBERING.sub("", unicodedata.normalize("NFKC", title).strip()).replace("ß", "ss")
    # letters with marks keep their letter (`Übermittlung` -> `ubermittlung`, not `bermittlung`)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _SLUG_DROP]
    if not words or not re.match(r"[a-z]", words[0]):
        return None
    return "-".join(words[:5])


def _english_first(at: list[tuple[str, str, str | None]]) -> list[str]:
    """The titles of one section, the English one first: the id is the English title's slug."""
    return [title for lang, title, _ in sorted(at, key=lambda item: item[0] != "en")]


@dataclass
class IdMemory:
    """The ids earlier revisions gave, by title key in any language (for a history)."""

    by_title: dict[str, str] = field(default_factory=dict)

    def remember(self, titles: list[str], ident: str) -> None:
        for title in titles:
            key = title_key(title)
            if key:
                self.by_title[key] = ident

    def recall(self, titles: list[str]) -> str | None:
        return next((self.by_title[k] for k in map(title_key, titles) if k in self.by_title), None)


def assign_ids(titles: dict[str, list[str]], given: dict[str, list[str | None]], languages: list[str],
               memory: IdMemory | None = None) -> dict[str, list[str]]:
    """The ids of every language's sections: `titles[lang][n]` and `given[lang][n]` are its n-th section's.

    A section keeps an ASCII id its source gives; the others are aligned by
    order. `languages` orders the preference (the controlling language first).
    """
    memory = memory if memory is not None else IdMemory()
    count = max((len(t) for t in titles.values()), default=0)
    by_position: list[str] = []
    for n in range(count):
        at = [(lang, titles[lang][n], given[lang][n]) for lang in languages if lang in titles and n < len(titles[lang])]
        names = [t for _, t, _ in at]
        ident = next((g for _, _, g in at if g and _ASCII_ID.match(g)), None) \
            or memory.recall(names) \
            or next((topic_id(t) for t in names if topic_id(t)), None) \
            or next((slug(t) for t in _english_first(at) if slug(t)), None) \
            or f"section-{n + 1}"
        unique, k = ident, 2
        while unique in by_position:
            unique, k = f"{ident}-{k}", k + 1
        by_position.append(unique)
        memory.remember(names, unique)
    out: dict[str, list[str]] = {}
    for lang in titles:
        own = [g if g and _ASCII_ID.match(g) else by_position[n] for n, g in enumerate(given[lang])]
        seen: set[str] = set()
        for n, ident in enumerate(own):
            unique, k = ident, 2
            while unique in seen:
                unique, k = f"{ident}-{k}", k + 1
            own[n] = unique
            seen.add(unique)
        out[lang] = own
    return out
