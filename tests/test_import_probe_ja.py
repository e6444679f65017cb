"""A compliant bilingual policy, as a mid-size Japanese company's website publishes it, checks
clean once imported: no edit to its words, only the team's `applies`/`not_applicable` in
mkdocs.yml (what each policy really does: joint use, a US cloud, a fee, an accredited organization), and the annotations
`import` proposes, each of which a lawyer reviewing it would keep.

The fixture (tests/data/import/probe-ja/, written for this project) is HTML in a style of its
own: `<h2>1. 個人情報の取得</h2>` headings, a `<table>` of purposes and one of the joint-use
items, （1） lines joined by `<br>`, 【…】 sub-headings of the security measures (外的環境の把握
naming the United States), the fee as one item of an `<ol>` request procedure, and a history
of 制定日/改定日 lines. The second (probe-ja-articles/) is a pharmacy's page of `<div>`s with bold
第N条（…）/Article N (…) lines for headings (one English title 68 characters long), ① lines, a
target business of an accredited organization, and a request section that cites
第6条（お問い合わせ窓口） without quotes for where to send requests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import SiteRepo
from policy_site.importer.html import html_to_markdown
from policy_site.model.render import MarkdownSettings, render
from test_import import convert, empty_site, words, written_words

DATA = Path(__file__).parent / "data" / "import"
PROBE = DATA / "probe-ja"
TODAY = "2026-12-02"
NONE = {
    "appi-foreign-transfer-information": "no personal data is provided to a third party abroad",
    "appi-opt-out-provision": "no provision by opt-out",
    "appi-anonymized-information": "no anonymously processed information is created",
    "appi-pseudonymized-information": "no pseudonymously processed information is created",
}
# Each policy: its folder, the element holding its text, and what the team writes in mkdocs.yml.
POLICIES = {
    # a manufacturer: joint use with a subsidiary, data stored on a US cloud, a fee by bank transfer
    "probe-ja": ("article", ["appi-representative-name", "appi-fees", "appi-joint-use",
                             "appi-joint-use-manager-address-representative", "appi-security-foreign-environment"],
                 {**NONE, "appi-accredited-organization": "not a target business of an accredited organization"}),
    # the same manufacturer, whose joint-use manager cell sends the reader to 「10. 事業者の名称等」
    # for the address and the representative's name
    "probe-ja-reference": ("article", ["appi-representative-name", "appi-fees", "appi-joint-use",
                                       "appi-joint-use-manager-address-representative",
                                       "appi-security-foreign-environment"],
                           {**NONE, "appi-accredited-organization": "not a target business of an accredited organization"}),
    # a pharmacy: 第N条 bold pseudo-headings, ① and （1） lines, a target business of an accredited
    # organization, data kept in Japan, the request section citing 第6条（お問い合わせ窓口） unquoted
    "probe-ja-articles": ("#content", ["appi-representative-name", "appi-fees", "appi-accredited-organization"],
                          {**NONE, "appi-joint-use": "no joint use",
                           "appi-security-foreign-environment": "personal data is kept only on servers in Japan"}),
}


# A policy made from another by changing its text in one place per language: (its base, {lang: (old, new)}).
VARIANTS = {
    "probe-ja-reference": ("probe-ja", {
        "ja": ('株式会社あさぎ精工<br>〒460-0008 愛知県名古屋市中区栄五丁目12番3号<br>代表取締役社長\u3000浅木 誠一',
               '株式会社あさぎ精工（住所及び代表者の氏名は、下記「10. 事業者の名称等」をご覧ください。）'),
        "en": ('ASAGI SEIKO Co., Ltd.<br>5-12-3 Sakae, Naka-ku, Nagoya, Aichi 460-0008, Japan<br>Seiichi Asaki, President and Representative Director',
               'ASAGI SEIKO Co., Ltd. (for its address and the name of its representative, see "10. Name of the Business Operator" below)'),
    }),
}


def policy_file(name: str, lang: str, folder: Path) -> Path:
    """The company page of `name` in `lang` (a variant is written into `folder`)."""
    if name not in VARIANTS:
        return DATA / name / f"{lang}.html"
    base, changes = VARIANTS[name]
    old, new = changes[lang]
    text = (DATA / base / f"{lang}.html").read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = folder / f"{name}-{lang}.html"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def configure(site: SiteRepo, applies: list[str], not_applicable: dict[str, str]) -> None:
    """What the team writes in mkdocs.yml: the conditions the policy really meets, and why the others do not hold."""
    path = site.path / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    block = ("      applies: " + json.dumps(applies) + "\n      not_applicable:\n"
             + "".join(f"        {rule}: {json.dumps(reason)}\n" for rule, reason in not_applicable.items()))
    new, count = re.subn(r"      applies:.*?\n(      not_applicable:.*?\n(        .*\n)*)?", lambda _: block, text)
    assert count == 1
    path.write_text(new, encoding="utf-8")


def import_policy(tmp_path: Path, name: str) -> tuple[SiteRepo, str]:
    _, applies, not_applicable = POLICIES[name]
    site = empty_site(tmp_path)
    result = site.run("import", "--ja", str(policy_file(name, "ja", tmp_path)), "--en", str(policy_file(name, "en", tmp_path)),
                      "--effective", "2024-04-01")
    assert result.code == 0, result.err
    configure(site, applies, not_applicable)
    return site, result.out


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteRepo, str]:
    return import_policy(tmp_path_factory.mktemp("probe"), "probe-ja")


def site_html(site: SiteRepo, lang: str) -> str:
    """The imported page as Python-Markdown renders it with the site's settings."""
    config = yaml.safe_load((site.path / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = MarkdownSettings.from_list(config["markdown_extensions"])
    return render((site.path / "docs/2024-04-01" / lang / "index.md").read_text(encoding="utf-8"), settings)


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_the_policy_imports_word_for_word_and_checks_clean(tmp_path: Path, name: str) -> None:
    """Readers of the site get the company page's words (the Markdown, and the page it renders
    to), and the compliant policy has no finding at all."""
    site, _ = import_policy(tmp_path, name)
    for lang in ("ja", "en"):
        written = (site.path / "docs/2024-04-01" / lang / "index.md").read_text(encoding="utf-8")
        page = BeautifulSoup(policy_file(name, lang, tmp_path).read_text(encoding="utf-8"), "lxml")
        main = page.select_one(POLICIES[name][0])
        assert main is not None
        original = words(main.get_text(" "))
        assert written_words(re.sub(r"(?m)^\d+\. ", "", written)) == original  # <ol>'s numbers are the list's
        shown = BeautifulSoup(site_html(site, lang), "lxml")
        assert "\\" not in shown.get_text()
        assert words(shown.get_text(" ")) == original
    report = site.run("check", "--today", TODAY, "--format", "json")
    findings = json.loads(report.out)["findings"]
    assert [(f["lang"], f["rule"], f["message"]) for f in findings] == []
    assert report.code == 0


def test_line_breaks_reach_readers_as_breaks_not_backslashes(imported: tuple[SiteRepo, str]) -> None:
    """`<br>` lines (an address block, （1） lines) are lines for Python-Markdown as the site configures it."""
    site, _ = imported
    html = site_html(site, "ja")
    assert "\\" not in BeautifulSoup(html, "lxml").get_text()
    assert "個人情報相談窓口<br />\n〒460-0008" in html
    assert "<li>（1）法令に基づく場合</li>" in html


def test_import_proposes_the_annotations_a_lawyer_keeps(imported: tuple[SiteRepo, str]) -> None:
    _, out = imported
    for lang, words_ in (("ja", "手数料"), ("en", "fee")):
        assert re.search(rf"{lang}/index.md:\d+ #requests data-disclosure appi-fees \(from: {words_}, \(an amount of money\)\)", out)
        assert re.search(rf"{lang}/index.md:\d+ #joint-use data-disclosure appi-joint-use-manager-address-representative", out)
        assert re.search(rf"{lang}/index.md:\d+ #understanding-external-environment data-disclosure "
                         r"appi-security-foreign-environment", out)


def test_a_backslash_line_end_of_a_markdown_source_becomes_a_break_python_markdown_reads() -> None:
    """CommonMark's `\\` hard break is text to Python-Markdown: import writes two spaces instead;
    an escaped backslash (`\\\\`) stays, and a list item before the next one needs no break mark."""
    out = convert("# T\n\n株式会社サンプル\\\n〒100-0005 東京都千代田区\n\nC:\\\\\n\n- （1）法令\\\n- （2）同意\n")
    assert "株式会社サンプル  \n〒100-0005" in out
    assert "C:\\\\\n" in out
    assert "- （1）法令\n- （2）同意" in out


def test_a_definition_list_reads_as_term_and_definition_lines() -> None:
    """A joint-use `<dl>`: each term and its definition are lines of one paragraph for the site's
    Python-Markdown (no `: definition` syntax of an extension it does not enable)."""
    html = ("<main><h1>方針</h1><h2>共同利用</h2><dl><dt>共同して利用する者の範囲</dt><dd>当社及び子会社</dd>"
            "<dt>管理責任者</dt><dd>株式会社サンプル<br>代表取締役　山田 太郎</dd></dl></main>")
    markdown = html_to_markdown(html)
    assert "共同して利用する者の範囲  \n当社及び子会社\n\n管理責任者  \n株式会社サンプル  \n代表取締役　山田 太郎" in markdown
    shown = render(markdown, MarkdownSettings(("attr_list", "toc", "md_in_html"), {}))
    assert "<p>管理責任者<br />\n株式会社サンプル<br />\n代表取締役　山田 太郎</p>" in shown and ":" not in shown


def test_a_logo_heading_in_the_banner_of_a_page_without_main_is_not_the_title() -> None:
    """A CMS page with no <main>/<article>: the site's name in an `<h1><a href="/">` is its banner;
    the policy's own H1 is the title, and a heading linking within the page stays."""
    html = ('<html><body><header><h1 class="logo"><a href="/">ASAGI</a></h1><nav><a href="/">トップ</a></nav></header>'
            '<div class="entry"><h1>個人情報保護方針</h1><p>前文。</p><h2><a href="#purposes">利用目的</a></h2>'
            '<p>次の目的で利用します。</p></div><footer>© ASAGI</footer></body></html>')
    markdown = html_to_markdown(html)
    assert markdown.startswith("# 個人情報保護方針\n") and "ASAGI" not in markdown
    assert "## [利用目的](#purposes)" in markdown
