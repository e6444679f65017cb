"""`policy-site rules`: the requirements in force on a day, as a table for a terminal."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import unicodedata
from typing import Sequence

from .model import Requirement, RuleSet


# --- `policy-site rules` -----------------------------------------------------------

def rules_in_force(ruleset: RuleSet, on: dt.date, law: str | None = None,
                   lang: str | None = None) -> list[tuple[Requirement, str]]:
    """Each requirement in force on a day, with its citation on that day ("" if none is known), in
    `lang`'s form where the rule data has one (`citation_ja`: 法第32条第1項第1号), else the English one."""
    return [(req, req.citation_on(on, lang) or "") for req in ruleset.in_force_on(on, law)]


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
    """One line per `;`-separated part where it fits; never break inside "11 CCR" or "Civ. Code".
    A Japanese citation (法第32条第1項第3号、施行令第12条) breaks after 、 and by terminal columns."""
    if _width(citation) != len(citation):
        return [line for part in re.findall(r"[^、]+、?", citation) for line in _wrap(part, width)]
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
    """Terminal columns: East Asian wide characters take two (the standard library's table;
    `wcwidth` would add a dependency for this one line)."""
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
