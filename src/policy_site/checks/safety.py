"""`unsafe-html` and `raw-html`: each document judged on the HTML the site publishes for it.

Rule ids:

- ``unsafe-html`` (error): anything in the rendered page that can run script or
  take the reader elsewhere (see `html_safety`): `script`, `iframe`, `object`,
  `embed`, `frame`, `base`, `meta`, `link`, `form`, SVG and MathML, event-handler
  attributes, `formaction`/`action`/`srcdoc`/`http-equiv`, `javascript:`,
  `vbscript:` and `data:` URLs (a raster image's `data:` URL in an `<img>` is
  fine) in any URL attribute once entities and whitespace are removed, script
  in `style`, and comments that HTML5 closes early. Markdown links, images,
  reference definitions and `{: attribute lists }` count, because they are
  judged after rendering. Meta-data at the top of a page (`title:`,
  `description:`) holding `<`, `>` or `"` counts too: the theme writes it into
  the page unescaped. Never allowed, whatever `allow_html` says.
- ``raw-html`` (error): a raw HTML element, in the rendered page, that is not
  listed in `allow_html` (comparing the page with the same page rendered with
  raw HTML turned off).

Each document is rendered by `model.render` exactly as MkDocs renders it. The
line of a finding is found by looking for the tag, attribute or URL scheme in
the source and checking, by rendering the document with that spot defaced, that
the problem goes away with it. The `policy` plugin refuses to write a page with
an `unsafe-html` problem (`refusal`), so a build that never ran `check` cannot
publish it either.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from ..findings import Finding
from ..model import store
from ..model.document import INIT_SETTINGS
from ..model.render import MarkdownSettings, Source, markdown_for, render_body, split_source
from .context import CheckContext
from .html_safety import problems, start_tags

UNSAFE_HINT = ("remove it: policy pages never run script or send readers elsewhere, and `allow_html` cannot allow "
               "it; to show such code as text, put it in a code span or a fenced code block")
META_HINT = "remove the `<`, `>` and `\"` characters from the page's meta-data (the lines at the top of the file)"


def check(ctx: CheckContext) -> list[Finding]:
    allowed = frozenset(name.lower() for name in ctx.allow_html)
    findings: list[Finding] = []
    for revision in ctx.corpus.revisions:
        for by_lang in revision.documents.values():
            for document in by_lang.values():
                findings += [Finding(rule, "error", message, hint, file=document.rel, line=line,
                                     revision=revision.name, lang=document.lang)
                             for rule, line, message, hint in
                             judge(document.text, document.markdown or INIT_SETTINGS, allowed)]
    return findings


@dataclass
class _Page:
    """A document rendered as the site renders it, and rendered with raw HTML turned off."""

    source: Source
    settings: MarkdownSettings
    _rendered: dict[str, str] = field(default_factory=dict)

    def html(self, body: str) -> str:
        if body not in self._rendered:
            self._rendered[body] = render_body(body, self.settings)
        return self._rendered[body]

    def plain_html(self, body: str) -> str:
        if "<" not in body:  # no raw HTML is possible: the same page (and one render fewer)
            return self.html(body)
        md = markdown_for(self.settings)
        md.preprocessors.deregister("html_block", strict=False)
        md.inlinePatterns.deregister("html", strict=False)
        return md.convert(body)

    def unsafe(self, body: str) -> Counter[tuple[str, str]]:
        return Counter(p.key for p in problems(self.html(body)))

    def made_by_extensions(self, body: str) -> Counter[tuple[str, str]]:
        """The SVG and MathML a Markdown extension made (e.g. Material's emoji icons), not the author."""
        return Counter(p.key for p in problems(self.plain_html(body)) if p.key[0] == "foreign")

    def raw(self, body: str) -> Counter[str]:
        if "<" not in body:
            return Counter()
        return start_tags(self.html(body)) - start_tags(self.plain_html(body))


_CACHE: dict[tuple[str, str, frozenset[str]], list[tuple[str, int, str, str]]] = {}


def judge(text: str, settings: MarkdownSettings, allowed: Collection[str] = ()) -> list[tuple[str, int, str, str]]:
    """(rule, line, message, hint) for one document's text, as the file holds it."""
    key = (text, settings.key(), frozenset(allowed))
    if key not in _CACHE:  # and across runs, in the site's cache folder
        _CACHE[key] = store.cached("safety", (text, key[1], "\0".join(sorted(key[2]))),
                                   lambda: _judge(text, settings, key[2]))
    return _CACHE[key]


# Attribute-list keys that are a problem whatever their value (see `html_safety.attribute_problem`);
# attr_list reads a key as anything up to `=` (`[^ =}]+`).
_KEY = re.compile(r"([^\s=}]+)\s*=")
_RISKY_KEYS = ("on", "style", "srcdoc", "formaction", "action", "http-equiv")
_SCHEMES = ("javascript", "vbscript", "livescript", "mocha", "data:")


def needs_rendering(body: str) -> bool:
    """Whether rendering `body` can yield anything `unsafe-html` or `raw-html` reports.

    A shortcut, not a judge: it only lets `check` skip rendering pages that cannot hold a
    problem (most revisions of most policies), and it errs towards rendering. Without `<` there
    is no raw HTML; without `&` no character reference can spell a scheme; a dangerous URL
    needs its scheme's letters (whitespace and control characters aside); and Markdown gives an
    element other attributes only through `{: attribute lists }`."""
    if "<" in body or "&" in body:
        return True
    invisible = {ord(ch): None for ch in set(body)
                 if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")}  # each character once
    letters = body.translate(invisible).lower()
    if any(scheme in letters for scheme in _SCHEMES):
        return True
    keys = (re.sub(r"^[^a-z]+", "", key.lower()) for line in re.findall(r"\{[^\n]*", body)
            for key in _KEY.findall(line))
    return any(key.startswith(_RISKY_KEYS) for key in keys)


def _judge(text: str, settings: MarkdownSettings, allowed: frozenset[str]) -> list[tuple[str, int, str, str]]:
    page = _Page(split_source(text), settings)
    body = page.source.body
    out = [("unsafe-html", line, message, META_HINT) for line, message in _meta_problems(text, page.source)]
    if not needs_rendering(body):
        return out
    found = problems(page.html(body))
    by_key: dict[tuple[str, str], list] = {}
    for problem in found:
        by_key.setdefault(problem.key, []).append(problem)
    for made_key, made in page.made_by_extensions(body).items():
        del by_key.get(made_key, [])[:made]
    by_key = {k: group for k, group in by_key.items() if group}
    unplaced = []
    for problem_key, group in by_key.items():
        lines = _locate(body, group[0].needles, lambda b, k=problem_key: page.unsafe(b)[k], len(group))
        if lines is None:  # made by the parser from something else (html5lib turns <isindex> into a <form>)
            unplaced += group
            continue
        out += [("unsafe-html", page.source.file_line(line), p.message, UNSAFE_HINT) for p, line in zip(group, lines)]
    fallback = min((line for rule, line, _, _ in out if rule == "unsafe-html"), default=page.source.first_line)
    out += [("unsafe-html", fallback, p.message, UNSAFE_HINT) for p in unplaced]
    unsafe_lines = {line for rule, line, _, _ in out if rule == "unsafe-html"}
    unsafe_tags = {k[1] for k in by_key if k[0] in ("element", "foreign")}
    for tag, count in sorted(page.raw(body).items()):
        if tag in allowed or tag in unsafe_tags:
            continue
        lines = _locate(body, (f"<{tag}",), lambda b, t=tag: page.raw(b)[t], count) or [1] * count
        out += [("raw-html", page.source.file_line(line), f"raw HTML element <{tag}> is not allowed",
                 f"write it in Markdown, or allow it in mkdocs.yml: `plugins: - policy: allow_html: [{tag}]`")
                for line in lines if page.source.file_line(line) not in unsafe_lines]
    return sorted(set(out), key=lambda f: (f[1], f[0], f[2]))


def _normal(line: str) -> str:
    """A line as a browser reads a value in it: entities decoded, no whitespace or control characters."""
    return "".join(ch for ch in html_lib.unescape(line)
                   if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")).lower()


def _deface(line: str, needle: str) -> str:
    if needle in line.lower():
        return re.sub(re.escape(needle), "x" * len(needle), line, flags=re.IGNORECASE)
    stripped = line.lstrip()
    return line[: len(line) - len(stripped)] + "x" * len(stripped)


def _locate(body: str, needles: Sequence[str], count: Callable[[str], int], wanted: int) -> list[int] | None:
    """The 1-based body lines of `wanted` occurrences of a problem that `count` counts.

    A line holding a needle is the problem's line when defacing the needle there
    makes `count` drop (so a `<script>` shown in a code block is not mistaken for
    a real one further down). Falls back to the first line with a needle; None
    when no line holds one."""
    lines = body.split("\n")
    total = count(body)
    found: list[int] = []
    first_candidate: int | None = None
    for needle in needles:
        for number, line in enumerate(lines):
            if needle not in _normal(line):
                continue
            first_candidate = number + 1 if first_candidate is None else first_candidate
            trial = lines[:number] + [_deface(line, needle)] + lines[number + 1:]
            drop = total - count("\n".join(trial))
            found += [number + 1] * max(0, drop)
            if len(found) >= wanted:
                return sorted(found)[:wanted]
        if found:
            break
    fallback = found[-1] if found else first_candidate
    return None if fallback is None else sorted(found + [fallback] * (wanted - len(found)))


def _meta_problems(text: str, source: Source) -> list[tuple[int, str]]:
    """Meta-data values the theme would write into the page as HTML."""
    bad: list[tuple[int, str]] = []

    def visit(key: str, value: object) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                visit(str(k), v)
        elif isinstance(value, list):
            for v in value:
                visit(key, v)
        elif isinstance(value, str) and re.search(r'[<>"]', value):
            line = next((n for n, raw in enumerate(text.splitlines()[: source.first_line], 1)
                         if re.match(rf"\s*{re.escape(key)}\s*:", raw, re.IGNORECASE)), 1)
            bad.append((line, f"meta-data `{key}` holds HTML, which the theme writes into the page unescaped"))

    for k, v in source.meta.items():
        visit(str(k), v)
    return bad


def refusal(content_html: str, text: str, settings: MarkdownSettings, rel: str) -> str | None:
    """Why the plugin must not write this page (None: it may).

    `content_html` is the page body MkDocs rendered; `text` the file it came from.
    The body itself is judged, so a page is refused even when its source could
    not be mapped; the source only gives the line."""
    source = split_source(text)
    found = problems(content_html)
    if found:
        page = _Page(source, settings)
        made, kept = page.made_by_extensions(source.body), []
        for problem in found:
            if made[problem.key] > 0:
                made[problem.key] -= 1
            else:
                kept.append(problem)
        found = kept
    if not found and not _meta_problems(text, source):
        return None
    located = [f for f in judge(text, settings) if f[0] == "unsafe-html"]
    if located:
        _, line, message, hint = located[0]
        more = f" (and {len(located) - 1} more)" if len(located) > 1 else ""
        return f"{rel}:{line}: {message}{more} [unsafe-html]; {hint}; run `policy-site check` for the full list"
    return f"{rel}: {found[0].message} [unsafe-html]; {UNSAFE_HINT}"
