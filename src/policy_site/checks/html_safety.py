"""What in a page's HTML can run script or take the reader elsewhere, read as a browser reads it.

`problems(html)` parses the HTML twice with html5lib, which implements the
WHATWG parsing algorithm browsers use:

- as a tree (with scripting on, as in a browser: `<noscript>` holds raw text),
  so comments that HTML5 closes early, raw-text elements (`xmp`, `noembed`,
  `noscript`) and foreign content (SVG, MathML) end where a browser ends them;
- as the bare stream of tokens, which sees every tag the author wrote even where
  the tree builder drops it but a newer browser keeps it (Chromium's
  customizable `<select>` keeps an `<img>` inside it; `<body onload>` merges into
  the page's own body).

A problem found by either counts. Nothing here knows Markdown or file lines:
`checks.safety` maps problems back to the source.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from xml.etree import ElementTree

import html5lib
from html5lib._tokenizer import HTMLTokenizer  # html5lib 1.1 (pinned): the parser's own tokenizer
from html5lib.constants import namespaces, tokenTypes

# Elements that run or load script or whole documents, replace the page's base URL,
# post the reader's input elsewhere or redirect: refused even when `allow_html` lists them.
UNSAFE_ELEMENTS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "meta",
    "link", "portal", "fencedframe", "svg", "math",
})
# Attributes whose value is a URL a browser may load or navigate to (local names: `xlink:href` is `href`).
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset", "imagesrcset",
    "lowsrc", "dynsrc", "longdesc", "ping", "manifest", "codebase", "archive", "classid", "icon", "profile",
    "usemap", "code", "from", "to", "values", "by",
})
# Attributes that navigate or replace the document whatever their value.
NAVIGATING_ATTRIBUTES = {
    "formaction": "sends the reader's input to another address",
    "action": "sends the reader's input to another address",
    "srcdoc": "holds a whole HTML document",
    "http-equiv": "can redirect the reader or change how the page is handled",
}
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "mocha", "data"})
SAFE_IMAGE_DATA = re.compile(r"^data:image/(?:png|jpeg|jpg|gif|webp|avif|bmp);")
UNSAFE_CSS = re.compile(r"expression\(|javascript:|vbscript:|behavior:|-moz-binding|-o-link")
# Tokenizer errors of comments and comment-like constructs that browsers end at a
# different place than a reader (or Python-Markdown) would think: `<!-->`, `--!>`,
# an unclosed comment, `<?...>`, `<![CDATA[`, `</ ...>`.
COMMENT_ERRORS = frozenset({
    "incorrect-comment", "unexpected-bang-after-double-dash-in-comment", "eof-in-comment",
    "eof-in-comment-double-dash", "eof-in-comment-end-dash", "eof-in-comment-end-bang-state",
    "eof-in-comment-end-space-state", "expected-tag-name-but-got-question-mark", "expected-dashes-or-doctype",
    "expected-closing-tag-but-got-char",
})
FOREIGN = {namespaces["svg"]: "SVG", namespaces["mathml"]: "MathML"}
FOREIGN_ROOTS = {"svg": "SVG", "math": "MathML"}
HTML_NS = namespaces["html"]
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


@dataclass(frozen=True)
class Problem:
    """One thing in the HTML that can run script or navigate away.

    `key` identifies what it is (the same problem found in the tree and in the
    tokens has one key); `needles` are lower-case strings to look for in the
    Markdown source, the most telling first."""

    key: tuple[str, str]
    message: str
    needles: tuple[str, ...]


def url_scheme(value: str) -> str:
    """The scheme a browser would read in a URL attribute's (entity-decoded) value,
    lower case, with the whitespace and control characters browsers skip removed."""
    plain = "".join(ch for ch in value if unicodedata.category(ch) not in _INVISIBLE and not ch.isspace())
    scheme, colon, _ = plain.partition(":")
    return scheme.lower() if colon and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*", scheme) else ""


def _css_runs_script(css: str) -> bool:
    css = re.sub(r"\\([0-9a-fA-F]{1,6})\s?", lambda m: chr(int(m.group(1), 16)) if int(m.group(1), 16) < 0x110000 else "",
                 css)
    css = re.sub(r"/\*.*?\*/|\\|\s", "", css, flags=re.S).lower()
    return bool(UNSAFE_CSS.search(css))


def attribute_problem(tag: str, name: str, value: str) -> Problem | None:
    """The problem with one attribute (`name` without namespace prefix, lower case), if any."""
    if name.startswith("on"):
        return Problem(("attr", name), f"<{tag}>: the `{name}` event handler attribute runs script", (name,))
    if name in NAVIGATING_ATTRIBUTES:
        return Problem(("attr", name), f"<{tag}>: the `{name}` attribute {NAVIGATING_ATTRIBUTES[name]}", (name,))
    if name == "style" and _css_runs_script(value):
        return Problem(("style", tag), f"<{tag}>: the `style` attribute runs script", ("style",))
    if name in URL_ATTRIBUTES:
        parts = [p.strip().split(" ")[0] for p in value.split(",")] if name.endswith("srcset") else [value]
        for part in parts:
            scheme = url_scheme(part)
            if scheme not in SCRIPT_SCHEMES:
                continue
            if scheme == "data" and tag in ("img", "source") and name in ("src", "srcset") and \
                    SAFE_IMAGE_DATA.match(part.strip().lower()):
                continue
            shown = re.sub(r"\s+", " ", part).strip()
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            return Problem(("url", scheme), f"<{tag}>: `{name}` holds a {scheme}: URL, which runs script or "
                           f"replaces the page ({shown})", (scheme, name))
    return None


def _element_problem(tag: str) -> Problem:
    if tag in FOREIGN_ROOTS:
        return _foreign_problem(tag, FOREIGN_ROOTS[tag])
    return Problem(("element", tag), f"<{tag}>: the element can run script or load other pages into this one",
                   (f"<{tag}",))


def _foreign_problem(tag: str, language: str) -> Problem:
    """SVG or MathML: key `("foreign", tag)`, so that what a Markdown extension made (Material's
    icons) can be told apart from what the author wrote (`checks.safety` compares the counts)."""
    return Problem(("foreign", tag), f"<{tag}>: {language} in a page can run script (event handlers, animated "
                   f"links, script elements)", (f"<{tag}",))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _hidden_in_comment(text: str, depth: int) -> list[Problem]:
    """A comment holding markup that would run script if the comment ended elsewhere (an
    IE conditional comment, a tool or an older parser that reads comments differently)."""
    if depth > 2 or "<" not in text:
        return []
    inner = problems(text, depth + 1)
    if not inner:
        return []
    return [Problem(("comment", "hides"), f"a comment hides markup that can run script ({inner[0].message}): "
                    "browsers and tools that end comments elsewhere would run it", ("<!--",))]


def _tree_problems(html: str, depth: int = 0) -> list[Problem]:
    root = html5lib.HTMLParser(namespaceHTMLElements=True).parse(f"<!DOCTYPE html><body>{html}", scripting=True)
    found: list[Problem] = []

    def walk(element: ElementTree.Element) -> None:
        if not isinstance(element.tag, str):  # a comment
            found.extend(_hidden_in_comment(element.text or "", depth))
            return
        ns, _, tag = element.tag[1:].partition("}") if element.tag.startswith("{") else ("", "", element.tag)
        if ns in FOREIGN:
            found.append(_foreign_problem(tag, FOREIGN[ns]))
            return  # one finding for the whole SVG or MathML island
        if tag in UNSAFE_ELEMENTS:
            found.append(_element_problem(tag))
        for name, value in element.attrib.items():
            problem = attribute_problem(tag, _local(name), value)
            if problem:
                found.append(problem)
        if tag == "style" and _css_runs_script(element.text or ""):
            found.append(Problem(("style", "style"), "<style>: the style sheet runs script", ("<style",)))
        for child in element:
            walk(child)

    body = root.find(f"{{{HTML_NS}}}body")
    walk(body if body is not None else root)
    html_element = root  # `<html onmouseover>` in the content merges into the page's own html element
    for name, value in html_element.attrib.items():
        problem = attribute_problem("html", _local(name), value)
        if problem:
            found.append(problem)
    return found


def _token_problems(html: str, depth: int = 0) -> list[Problem]:
    found: list[Problem] = []
    for token in HTMLTokenizer(html):
        kind = token["type"]
        if kind == tokenTypes["Comment"]:
            found += _hidden_in_comment(token["data"], depth)
        elif kind == tokenTypes["ParseError"] and token["data"] in COMMENT_ERRORS:
            found.append(Problem(("comment", "early"), "a comment or comment-like markup (`<!-->`, `--!>`, `<?`, "
                                 "`<![CDATA[`) that browsers end early: what follows it is read as HTML",
                                 ("<!--", "--!>", "<?", "<!", "</")))
        elif kind in (tokenTypes["StartTag"], tokenTypes["EmptyTag"]):
            tag = "img" if token["name"] == "image" else token["name"].lower()
            if tag in UNSAFE_ELEMENTS:
                found.append(_element_problem(tag))
            for name, value in token["data"].items():
                problem = attribute_problem(tag, _local(name), value)
                if problem:
                    found.append(problem)
    return found


# Markup as Python-Markdown serializes its own tree: tags with double-quoted attributes whose
# values hold no `<`, `>` or stray `&`, and text with no `<`. Raw HTML that keeps to it too is read
# here in one pass; anything else (comments, `<!`, `<?`, quotes of other kinds, raw-text, foreign or
# page-level elements) goes to html5lib. Hand-written because html5lib costs ~50 ms a page and
# `check` reads every revision: the two give the same tags and attributes on this subset.
_SIMPLE_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[ \t\n\r\f]+[a-zA-Z_][-a-zA-Z0-9_.:]*(?:="[^"<>]*")?)*)'
                         r'[ \t\n\r\f]*/?>')
_SIMPLE_ATTR = re.compile(r'([a-zA-Z_][-a-zA-Z0-9_.:]*)(?:="([^"]*)")?')
_SIMPLE_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_NOT_SIMPLE = frozenset({
    "html", "head", "body", "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    "noscript", "plaintext", "select", "template", "svg", "math", "image", "frameset", "listing",
})


def _simple_tags(html: str) -> list[tuple[str, dict[str, str]]] | None:
    """The start tags of `html` when it keeps to the subset above, else None."""
    tags: list[tuple[str, dict[str, str]]] = []
    position = 0
    for match in _SIMPLE_TAG.finditer(html):
        if "<" in html[position:match.start()]:
            return None
        position = match.end()
        closing, name = match.group(1), match.group(2).lower()
        if name in _NOT_SIMPLE:
            return None
        if closing:
            continue
        attrs: dict[str, str] = {}
        for attr in _SIMPLE_ATTR.finditer(match.group(3)):
            value = attr.group(2) or ""
            if "&" in _SIMPLE_ENTITY.sub("", value) or attr.group(1).lower() in attrs:
                return None
            attrs[attr.group(1).lower()] = html_lib.unescape(value)
        tags.append((name, attrs))
    return None if "<" in html[position:] else tags


def problems(html: str, depth: int = 0) -> list[Problem]:
    """Every problem in a page body, by the tree and by the tokens (each key as often as the
    pass that found it most often). `depth` counts comments inside comments."""
    simple = _simple_tags(html)
    if simple is not None:
        found: list[Problem] = []
        for tag, attrs in simple:
            if tag in UNSAFE_ELEMENTS:
                found.append(_element_problem(tag))
            found += [p for name, value in attrs.items() if (p := attribute_problem(tag, _local(name), value))]
        return found
    return parsed_problems(html, depth)


def reads_fast(html: str) -> bool:
    """Whether `problems` takes the fast reading (plain tags of the safe subset) for `html`."""
    return _simple_tags(html) is not None


def parsed_problems(html: str, depth: int = 0) -> list[Problem]:
    """The problems html5lib's tree builder and tokenizer find: what `problems` gives for any
    HTML outside the fast reading's subset, and what the fast reading must agree with."""
    tree, tokens = _tree_problems(html, depth), _token_problems(html, depth)
    counts = Counter(p.key for p in tree) | Counter(p.key for p in tokens)
    out: list[Problem] = []
    for problem in tree + tokens:
        if counts[problem.key] > sum(1 for p in out if p.key == problem.key):
            out.append(problem)
    return out


def start_tags(html: str) -> Counter[str]:
    """How many start tags of each element the HTML holds, as written (not as the tree builder
    completes them: a `<table>` without `<tbody>` counts no `tbody`)."""
    simple = _simple_tags(html)
    if simple is not None:
        return Counter(tag for tag, _ in simple)
    return Counter(("img" if t["name"] == "image" else t["name"].lower()) for t in HTMLTokenizer(html)
                   if t["type"] in (tokenTypes["StartTag"], tokenTypes["EmptyTag"]))
