"""What `policy-site import` prints: what it wrote and what a person must review.

Every proposed `data-disclosure` is listed with the file and line of its heading
and the words that suggested it: import writes proposals on the headings so a
compliant policy checks as such, but nobody should trust one unread. The report
ends by pointing at `policy-site check`, which tells what is left.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..model.revisions import relative_path
from .revision import PlannedRevision


def _heading_lines(markdown: str) -> list[int]:
    """1-based line numbers of the section headings (level 2 and deeper) in written Markdown."""
    return [n for n, line in enumerate(markdown.split("\n"), 1) if line.startswith("##")]


def report(plans: list[PlannedRevision], docs_dir: Path, root: Path) -> str:
    out: list[str] = []
    review = 0
    for plan in plans:
        folder = docs_dir / plan.effective.isoformat()
        langs = ", ".join(plan.documents)
        line = f"{relative_path(folder, root)}/: {plan.name} in {langs}"
        if plan.date_from:
            line += f"; effective date from {plan.date_from}"
        out.append(line)
        if plan.missing:
            out.append(f"  languages: [{', '.join(plan.documents)}] (no {', '.join(plan.missing)} text in this revision)")
        if plan.published_elsewhere:
            out.append(f"  published_elsewhere: {plan.published_elsewhere}")
        for lang, doc in plan.documents.items():
            styles = Counter(h.source for h in doc.document.headings if h.source != "markdown")
            made = ", ".join(f"{n} {style}" for style, n in sorted(styles.items()))
            path = folder / lang / f"{plan.name}.md"
            out.append(f"  {relative_path(path, root)}: {len(doc.document.headings)} sections"
                       + (f" (headings made from pseudo-headings: {made})" if made else ""))
            lines = _heading_lines(doc.markdown)
            for number, heading, ident, proposals in zip(lines, doc.document.headings, doc.ids, doc.proposals):
                given = [p.rule for p in proposals if p.given]
                if given:
                    out.append(f"    kept {relative_path(path, root)}:{number} #{ident} data-disclosure {' '.join(given)}"
                               " (given in the source)")
                for proposal in (p for p in proposals if not p.given):
                    review += 1
                    out.append(f"    review {relative_path(path, root)}:{number} #{ident} data-disclosure {proposal.rule}"
                               f" (from: {', '.join(proposal.words)})")
        out += [f"  note: {note}" for note in plan.notes]
    out.append(f"{review} proposed annotation(s) to review: keep the ones the section really makes, delete the "
               "others; rewrite each revision.yml summary; then run `policy-site check` to see what is left")
    return "\n".join(out)
