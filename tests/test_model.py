"""The one reader: the model of a document is what a real MkDocs build gives readers.

The corpus below is rendered by `mkdocs build` (one build per Markdown
configuration) and the headings of each built page are compared with the
model's. A property test does the same for random Markdown against
Python-Markdown configured from a real MkDocs config.
"""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from policy_site.model.document import read_document
from policy_site.model.render import MarkdownSettings, markdown_for

CONFIGS: dict[str, list] = {
    "mkdocs-defaults": [],  # toc, tables, fenced_code: MkDocs adds them to every site
    "init": ["attr_list", {"toc": {"permalink": True}}, "md_in_html"],
    "superfences": ["attr_list", "md_in_html", "footnotes", "pymdownx.superfences", "def_list", "admonition"],
}

CORPUS: dict[str, str] = {
    "fence-heading": "# T\n\n```\n## Hidden {#hidden}\n```\n\n## After {#after}\n\ntext\n",
    "tilde-fence": "# T\n\n~~~~\n## Hidden {#hidden}\n~~~~\n\n## After {#after}\n",
    "unclosed-fence": "# T\n\n```\n## Inside {#inside}\n\ntext\n",
    "no-space": "# T\n\n##住所 {#address}\n\n東京都港区\n\n###電話{#phone}\n\n03-1234-5678\n",
    "setext": "T\n=\n\nOperator {#operator}\n--------\n\nName\n\nContact\n---\n\nmail\n",
    "in-list": "# T\n\n- item\n\n    ## In a list {#in-list}\n\n- other\n  ## lazy {#lazy}\n",
    "in-quote": "# T\n\n> ## Quoted {#quoted}\n>\n> text\n\n>## tight{#tight}\n",
    "attr-variants": ("# T {#top}\n\n## A {: #a .x }\n\n## B {:#b}\n\n## C {#c data-disclosure=\"appi-fees\"}\n\n"
                      "## D { #d }\n\n## E {#e}  \n\n## F {#f} ##\n\n## G {.cls}\n\n## H {#h key='v w'}\n"),
    "duplicates": "# T\n\n## One {#same}\n\nx\n\n## Two {#same}\n\ny\n\n## Same\n\n## Same\n",
    "md-in-html": "# T\n\n<div markdown=\"1\">\n## Inside div {#inside-div}\n\ntext\n</div>\n\n<div>\n## Raw div {#raw}\n</div>\n",
    "html-heading": "# T\n\n<h2 id=\"html-h\">HTML heading</h2>\n\n## After {#after}\n",
    "table": "# T\n\n| a | b |\n|---|---|\n| ## x | y |\n\n## After {#after}\n",
    "footnotes": "# T\n\nText[^1]\n\n[^1]: ## not a heading {#fn-h}\n\n## After {#after}\n",
    "indented-code": "# T\n\n    ## Code {#code}\n\n## Real {#real}\n",
    "html-comment": "# T\n\n<!--\n## Commented {#commented}\n-->\n\n## Visible {#visible}\n",
    "hash-in-text": "# T\n\n#hashtag\n\n####### seven\n\n\\## escaped {#esc}\n\n## Fine {#fine}\n",
    "empty-heading": "# T\n\n## {#empty}\n\n##\n\n## Last {#last}\n",
    "japanese": "# プライバシーポリシー\n\n## 1. 事業者 {#operator}\n\n名称：株式会社\n\n## （1）苦情\n",
}


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.found.append((int(tag[1]), dict(attrs).get("id")))


def html_headings(html: str) -> list[tuple[int, str | None]]:
    parser = _Headings()
    parser.feed(html)
    parser.close()
    return parser.found


def model_headings(text: str, settings: MarkdownSettings) -> list[tuple[int, str | None]]:
    return [(h.level, h.rendered_id) for h in read_document(text, settings).headings]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, MarkdownSettings]]:
    """A real `mkdocs build` of the corpus for each configuration; a theme that prints the content only."""
    out = {}
    for name, extensions in CONFIGS.items():
        root = tmp_path_factory.mktemp(name)
        (root / "docs").mkdir()
        (root / "theme").mkdir()
        (root / "theme" / "main.html").write_text("{{ page.content }}")
        for case, text in CORPUS.items():
            (root / "docs" / f"{case}.md").write_text(text, encoding="utf-8")
        (root / "docs" / "index.md").write_text("# index\n")
        config = {"site_name": "corpus", "theme": {"name": None, "custom_dir": "theme"},
                  "markdown_extensions": extensions}
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config))
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
                       check=True, cwd=root, capture_output=True)
        out[name] = (root / "site", MarkdownSettings.from_mkdocs(load_config(str(root / "mkdocs.yml"))))
    return out


@pytest.mark.parametrize("config", sorted(CONFIGS))
@pytest.mark.parametrize("case", sorted(CORPUS))
def test_the_model_has_the_headings_and_ids_of_the_built_page(built, config: str, case: str) -> None:
    site, settings = built[config]
    page = (site / case / "index.html").read_text(encoding="utf-8")
    assert model_headings(CORPUS[case], settings) == html_headings(page)


def test_a_meta_data_block_is_not_read_and_lines_still_count_from_the_file() -> None:
    text = "---\ntitle: x\n---\n# T\n\n## A {#a}\n"
    assert sections(text) == [("a", 6)]


def test_settings_from_a_real_mkdocs_config_include_mkdocs_builtins(built) -> None:
    _, settings = built["mkdocs-defaults"]
    assert {"toc", "tables", "fenced_code"} <= set(settings.extensions)


# --- what the checks see ------------------------------------------------------------------

def sections(text: str, settings: MarkdownSettings | None = None) -> list[tuple[str, int]]:
    return [(s.id, s.line) for s in read_document(text, settings).sections]


def test_a_fence_is_code_on_an_mkdocs_site_and_text_without_fenced_code() -> None:
    text = "# T\n\n```\n## Heading {#inside}\n```\n\n## After {#after}\n"
    assert sections(text) == [("after", 7)]  # MkDocs always enables fenced_code
    assert sections(text, MarkdownSettings(("attr_list",))) == [("inside", 4), ("after", 7)]


def test_a_heading_without_a_space_and_a_setext_heading_are_sections_at_their_lines() -> None:
    text = "# T\n\n##住所 {#address}\n\n東京都\n\nContact {#contact}\n-------\n\nmail\n"
    assert sections(text) == [("address", 3), ("contact", 7)]


def test_headings_in_lists_and_quotes_are_sections_where_python_markdown_makes_them() -> None:
    text = "# T\n\n- item\n\n    ## In list {#in-list}\n\n> ## Quoted {#quoted}\n"
    assert sections(text) == [("in-list", 5), ("quoted", 7)]


def test_a_duplicated_id_gives_two_sections_and_each_line_is_right() -> None:
    text = "# T\n\n## Contact {#contact}\n\n03-1111-1111\n\n## Contact {#contact}\n\n03-2222-2222\n"
    model = read_document(text)
    assert [(s.id, s.line, s.text) for s in model.sections] == [
        ("contact", 3, "03-1111-1111"), ("contact", 7, "03-2222-2222")]


def test_a_heading_text_repeated_earlier_in_a_paragraph_keeps_its_own_line() -> None:
    text = "# T\n\nSee Contact below.\n\n## Contact {#contact}\n\nx\n"
    assert sections(text) == [("contact", 5)]


def test_blocks_read_items_rows_code_and_links() -> None:
    text = ("# T\n\n## S {#s}\n\n- one\n- [お問い合わせ窓口](#contact)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "```\ncode\n```\n")
    (section,) = read_document(text).sections
    assert [(b.kind, b.text, b.line) for b in section.blocks] == [
        ("item", "one", 5), ("item", "お問い合わせ窓口", 6), ("row", "a | b", 8), ("row", "1 | 2", 10),
        ("code", "code", 13)]
    assert section.links == ("contact",)
    assert section.list_items == 2


def test_declared_disclosures_and_other_attributes_come_from_attr_list() -> None:
    (section,) = read_document('# T\n\n## A {#a .note data-disclosure="appi-fees appi-x" lang=en}\n\nx\n').sections
    assert section.disclosures == ("appi-fees", "appi-x")
    assert section.attrs == {"class": "note", "data-disclosure": "appi-fees appi-x", "lang": "en"}


def test_a_heading_without_an_id_keeps_the_one_toc_gives_it_apart() -> None:
    (heading,) = [h for h in read_document("# T\n\n## Plain\n").headings if h.level == 2]
    assert (heading.id, heading.rendered_id) == (None, "plain")


def test_crlf_text_has_the_same_lines() -> None:
    text = "# T\r\n\r\n## A {#a}\r\n\r\nx\r\n\r\n## B {#b}\r\n"
    assert sections(text) == [("a", 3), ("b", 7)]


# --- random Markdown ------------------------------------------------------------------

_words = st.sampled_from(["policy", "個人情報", "Contact", "当社", "x", "A B", "住所", "1."])
_ids = st.sampled_from(["a", "b", "contact", "x-1", "住所"])
_attr = st.one_of(st.just(""), _ids.map(lambda i: f" {{#{i}}}"), _ids.map(lambda i: f"{{#{i}}}"),
                  _ids.map(lambda i: f" {{: #{i} .c }}"), st.just(' {data-disclosure="appi-fees"}'))
_fragment = st.one_of(
    st.tuples(st.integers(1, 6), st.sampled_from(["", " "]), _words, _attr).map(
        lambda t: f"{'#' * t[0]}{t[1]}{t[2]}{t[3]}"),
    st.tuples(_words, _attr, st.sampled_from(["===", "---"])).map(lambda t: f"{t[0]}{t[1]}\n{t[2]}"),
    st.sampled_from(["```", "~~~", "    code line", "> ## q {#q}", "- item", "1. item", "  ## indented {#i}",
                     "| a | b |\n|---|---|\n| c | d |", "<div markdown=\"1\">", "</div>", "<!-- c -->",
                     "<h3 id=\"h\">H</h3>", "text [link](#a)", "***", "", "\\## no"]),
    _words,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fragment, min_size=1, max_size=14), st.sampled_from(sorted(CONFIGS)))
def test_random_markdown_gives_the_same_headings_and_ids_as_python_markdown(fragments: list[str], config: str) -> None:
    text = "\n\n".join(fragments) + "\n"
    settings_ = MarkdownSettings.from_list(CONFIGS[config])
    assert model_headings(text, settings_) == html_headings(markdown_for(settings_).convert(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fragment, min_size=1, max_size=14), st.sampled_from(sorted(CONFIGS)), st.sampled_from(["\n\n", "\n"]))
def test_random_markdown_puts_each_heading_with_an_id_on_the_line_that_writes_it(
        fragments: list[str], config: str, separator: str) -> None:
    text = separator.join(fragments) + "\n"
    lines = text.split("\n")
    for heading in read_document(text, MarkdownSettings.from_list(CONFIGS[config])).headings:
        if heading.id:
            assert f"#{heading.id}" in lines[heading.line - 1] or f'id="{heading.id}"' in lines[heading.line - 1]
