"""unsafe-html and raw-html, judged on the HTML the site publishes for each document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_site.checks import CheckContext, html_safety, safety
from policy_site.model.render import MarkdownSettings
from policy_site.model.revisions import load_revisions

DATA = Path(__file__).parent / "data"
PAYLOADS = yaml.safe_load((DATA / "xss_payloads.yml").read_text(encoding="utf-8"))
# The example site's markdown_extensions (MkDocs adds toc, tables and fenced_code itself).
SITE = MarkdownSettings.from_list(["attr_list", {"toc": {"permalink": True}}, "md_in_html"])
HEAD = "# ポリシー\n\n## 事業者 {#operator}\n\n本文です。\n\n"  # the payload starts on line 7


def judge(text: str, allowed: tuple[str, ...] = (), settings: MarkdownSettings = SITE) -> list[tuple[str, int]]:
    return [(rule, line) for rule, line, _, _ in safety.judge(text, settings, frozenset(allowed))]


def test_the_corpus_holds_at_least_sixty_public_payloads() -> None:
    assert len(PAYLOADS) >= 60 and len({p["id"] for p in PAYLOADS}) == len(PAYLOADS)
    assert all(p["source"] for p in PAYLOADS)


@pytest.mark.parametrize("case", PAYLOADS, ids=[p["id"] for p in PAYLOADS])
def test_every_payload_is_unsafe_html_on_its_own_line(case: dict) -> None:
    payload = case["payload"].rstrip("\n")
    text = HEAD + payload + "\n\n## 次の節 {#next}\n\n終わり。\n"
    findings = judge(text, tuple(case.get("allow_html", ())))
    unsafe = [line for rule, line in findings if rule == "unsafe-html"]
    assert unsafe, f"{case['id']} not refused: {findings}"
    last = 7 + payload.count("\n")
    assert all(7 <= line <= last for line in unsafe), (case["id"], findings)


def test_the_issue_cases_name_the_right_line() -> None:
    text = HEAD + "段落。\n\n<!--><img src=x onerror=alert(1)>-->\n\n後の段落。\n\n<!-- x --!><img src=x onerror=alert(2)> -->\n"
    found = judge(text)
    assert ("unsafe-html", 9) in found and ("unsafe-html", 13) in found
    assert {line for _, line in found} == {9, 13}
    div = HEAD + "<div>\n`<img src=x onerror=alert(1)>`\n</div>\n"
    assert judge(div, ("div",)) == [("unsafe-html", 8)]


def test_script_shown_in_code_is_text_and_the_real_one_further_down_is_found() -> None:
    text = HEAD + "```html\n<script>alert(1)</script>\n```\n\n`<script>` は使えません。\n\n<script>alert(2)</script>\n"
    assert judge(text) == [("unsafe-html", 13)]


def test_meta_data_holding_html_is_unsafe() -> None:
    text = '---\ntitle: Policy\ndescription: x"><img src=x onerror=alert(1)>\n---\n\n# Policy\n'
    assert judge(text) == [("unsafe-html", 3)]
    shifted = "---\ntitle: Policy\n---\n\n# Policy\n\n<img src=x onerror=alert(1)>\n"
    assert judge(shifted) == [("unsafe-html", 7)]


@pytest.mark.parametrize("markup", [
    "`<script>alert(1)</script>`", "``a `<script>` b``", "```\n<script>alert(1)</script>\n```",
    "```html\n<div onclick=\"x()\">x</div>\n```", "    <script>indented code</script>",
    "[x](https://example.com/javascript:)", "[mail](mailto:info@example.com)", "<https://example.com/a?b=1>",
    "<info@example.com>", "![logo](data:image/png;base64,iVBORw0KGgo=)", "a < b and c > d", "5<6",
    "Paragraph.\n{: #id .class data-x=\"1\" }", "<!-- a note for editors -->", "<!-- 旧版: <b>太字</b> -->", "[JavaScript の説明](https://example.com/js)",
    "| 項目 | 内容 |\n|---|---|\n| 電話 | 03-1234-5678 |\n| URL | [サイト](https://example.com/) |",
    "1. 一\n2. 二\n    - 三", "> 引用 <br>".replace(" <br>", ""), "![図: データの流れ](flow.png)",
    "[お問い合わせ窓口](#contact)", "脚注のような [^1] 記号",
])
def test_ordinary_content_is_not_refused(markup: str) -> None:
    assert judge(HEAD + markup + "\n") == []


def test_a_plain_allowed_element_passes_and_others_are_raw_html() -> None:
    text = HEAD + "<div class=\"note\">注記</div>\n\n<details><summary>詳細</summary>本文</details>\n"
    assert judge(text, ("div", "details", "summary")) == []
    assert judge(text, ("div",)) == [("raw-html", 9), ("raw-html", 9)]
    assert judge(text) == [("raw-html", 7), ("raw-html", 9), ("raw-html", 9)]


def test_allow_html_cannot_allow_script_or_event_handlers() -> None:
    text = HEAD + "<script>track()</script>\n\n<div onclick=\"x()\">x</div>\n"
    assert judge(text, ("script", "div")) == [("unsafe-html", 7), ("unsafe-html", 9)]


def test_without_the_site_extensions_attr_lists_are_text() -> None:
    text = HEAD + "Paragraph.\n{: onclick=\"alert(1)\" }\n"
    assert judge(text, settings=MarkdownSettings()) == []
    assert judge(text) == [("unsafe-html", 8)]


def test_check_reports_file_line_rule_and_language(tmp_path: Path) -> None:
    docs = tmp_path / "docs" / "2024-04-01"
    for lang, extra in (("ja", ""), ("en", "\n<img src=x onerror=alert(1)>\n")):
        (docs / lang).mkdir(parents=True)
        (docs / lang / "index.md").write_text(HEAD + extra, encoding="utf-8")
    (docs / "revision.yml").write_text("summary: {ja: 改定, en: Revised}\n", encoding="utf-8")
    corpus = load_revisions(tmp_path / "docs", ["ja", "en"], root=tmp_path)
    ctx = CheckContext(corpus, ["ja", "en"], "ja", dt.date(2025, 1, 1))
    (finding,) = safety.check(ctx)
    assert (finding.rule, finding.file, finding.line, finding.lang, finding.severity) == (
        "unsafe-html", "docs/2024-04-01/en/index.md", 8, "en", "error")
    assert "onerror" in finding.message and "`allow_html` cannot allow it" in finding.hint


def test_the_example_site_is_clean() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs"
    corpus = load_revisions(docs, ["ja", "en"])
    ctx = CheckContext(corpus, ["ja", "en"], "ja", dt.date(2024, 1, 1))
    assert safety.check(ctx) == []


def test_icons_a_markdown_extension_draws_are_not_refused_but_raw_svg_is() -> None:
    from material.extensions import emoji

    icons = MarkdownSettings.from_list(
        ["attr_list", {"pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}}])
    text = HEAD + "お問い合わせ :material-email: はこちら。\n"
    assert judge(text, settings=icons) == []
    assert safety.refusal(safety.markdown_for(icons).convert(text), text, icons, "x.md") is None
    assert {line for _, line in judge(text + "\n<svg><circle r=1 /></svg>\n", settings=icons)} == {9}


TAGS = ["p", "a", "img", "div", "span", "script", "iframe", "form", "table", "td", "input", "button", "object"]
NOT_SIMPLE = {"script", "iframe"}  # of TAGS, the ones whose content browsers do not read as HTML: the parsers read those
ATTRS = ["href", "src", "title", "onclick", "onerror", "style", "formaction", "srcdoc", "action", "data", "alt",
         "id", "xlink:href", "srcset", "background"]
VALUES = ["x", "https://example.com/", "javascript:alert(1)", "java&#x09;script:x", "&#106;avascript:x", " JAVASCRIPT:x",
          "data:text/html,x", "data:image/png;base64,AA", "expression(x)", "#top", "&amp;", "a, javascript:x 2x", ""]


@given(st.lists(st.tuples(st.sampled_from(TAGS), st.lists(st.tuples(st.sampled_from(ATTRS), st.sampled_from(VALUES)),
                                                          max_size=3, unique_by=lambda a: a[0]),
                          st.sampled_from(["text", "", "a &amp; b"])), max_size=6))
@settings(max_examples=150, deadline=None)
def test_the_fast_reading_of_markdown_output_equals_html5lib(elements: list) -> None:
    html = "".join("<" + tag + "".join(f' {k}="{v}"' for k, v in attrs) + f">{text}</{tag}>"
                   for tag, attrs, text in elements)
    if not {tag for tag, _, _ in elements} & NOT_SIMPLE:
        assert html_safety.reads_fast(html)  # the fast reading is the one compared
    slow = html_safety.parsed_problems(html)
    assert {p.key for p in html_safety.problems(html)} == {p.key for p in slow}


FRAGMENTS = ["本文", "Plain words", "## 見出し {#contact data-disclosure=\"appi-x\"}", "{: .note #n }", "{: title=\"t\" }",
             "{: onclick=\"x()\" }", "{: style=\"color:red\" }", "{:ONMOUSEOVER=x}", "[link](https://example.com/)",
             "[js](javascript:alert(1))", "[js](JAVA SCRIPT:x)", "![img](data:text/html,x)", "![i](pic.png)",
             "[r][ref]", "[ref]: vbscript:x", "`code`", "```\ncode\n```", "> quote", "- item", "1. item", "| a | b |",
             "|---|---|", "| 1 | 2 |", "*em* **strong**", "\\{: onclick=x }", "{", "}", "=", "on", "data", ":", "\t"]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12), st.sampled_from(["\n", "\n\n", " "]))
@settings(max_examples=200, deadline=None)
def test_pages_the_check_does_not_render_hold_nothing_it_would_report(parts: list[str], joint: str) -> None:
    body = "# T\n\n" + joint.join(parts) + "\n"
    if not safety.needs_rendering(body):
        html = safety.render_body(body, SITE)
        assert html_safety.problems(html) == [] and "<script" not in html
