"""Proposed `data-disclosure` annotations, from the wording of each section.

A proposal carries the words that suggested it, so the report can show a person
why; `disclosures.yml` holds the wording (data, not code). Only rules the site
checks are proposed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..facts import find_facts, has_address


@dataclass(frozen=True)
class Proposal:
    """One rule id proposed for one section, and the words that suggested it."""

    rule: str
    words: tuple[str, ...]
    given: bool = False  # the source annotated it already (a policy-site page imported back)


@dataclass(frozen=True)
class _Wording:
    rule: str
    title: tuple[str, ...]
    body: tuple[str, ...]
    body_alone: bool
    needs: str | None


@lru_cache(maxsize=1)
def _wordings() -> tuple[_Wording, ...]:
    text = resources.files("policy_site.importer").joinpath("disclosures.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)["proposals"]
    return tuple(_Wording(rule, tuple(str(w).lower() for w in spec.get("title", [])),
                          tuple(str(w).lower() for w in spec.get("body", [])),
                          bool(spec.get("body_alone")), spec.get("needs"))
                 for rule, spec in data.items())


_NEEDS = {"address": "(an address)", "money": "(an amount of money)",
          "address-or-reference": "(an address or a reference to another section)"}
# a reference to another section, which `check` follows: a quoted title or an in-page link
_REFERENCE = re.compile(r"「[^「」]{1,80}」|『[^『』]{1,80}』|“[^“”]{1,80}”|\"[^\"]{1,80}\"|\]\(#[^)]+\)")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def propose(title: str, body: str, rules: Collection[str]) -> list[Proposal]:
    """The rules (among `rules`) that the section's title and text suggest it discloses."""
    folded_title, folded_body = _fold(title), _fold(body)
    proposals = []
    for wording in _wordings():
        if wording.rule not in rules:
            continue
        in_title = [w for w in wording.title if w in folded_title]
        in_body = [w for w in wording.body if w in folded_body]
        if not in_title and not (in_body and wording.body_alone):
            continue
        if wording.body and not wording.body_alone and not in_body:
            continue
        if wording.needs == "address" and not has_address(body):
            continue
        if wording.needs == "address-or-reference" and not (has_address(body) or _REFERENCE.search(body)):
            continue
        if wording.needs == "money" and not any(f.kind == "money" for f in find_facts(body)):
            continue
        words = tuple(dict.fromkeys([*in_title, *in_body] + ([_NEEDS[wording.needs]] if wording.needs else [])))
        proposals.append(Proposal(wording.rule, words))
    return proposals
