"""A compliant bilingual policy, as a mid-size Japanese company's website publishes it, checks
clean once imported: no edit to its words, only the team's `applies`/`not_applicable` in
mkdocs.yml (what the policy really does: joint use, a US cloud, a fee), and the annotations
`import` proposes, each of which a lawyer reviewing it would keep.

The fixture (tests/data/import/probe-ja/, written for this project) is HTML in a style of its
own: `<h2>1. 個人情報の取得</h2>` headings, a `<table>` of purposes and one of the joint-use
items, （1） lines joined by `<br>`, 【…】 sub-headings of the security measures (外的環境の把握
naming the United States), the fee as one item of an `<ol>` request procedure, and a history
of 制定日/改定日 lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import SiteRepo
from policy_site.model.render import MarkdownSettings, render
from test_import import convert, empty_site, words, written_words

PROBE = Path(__file__).parent / "data" / "import" / "probe-ja"
TODAY = "2026-12-02"
APPLIES = ["appi-representative-name", "appi-fees", "appi-joint-use",
           "appi-joint-use-manager-address-representative", "appi-security-foreign-environment"]
NOT_APPLICABLE = {
    "appi-foreign-transfer-information": "no personal data is provided to a third party abroad; the US cloud only stores it",
    "appi-opt-out-provision": "no provision by opt-out",
    "appi-anonymized-information": "no anonymously processed information is created",
    "appi-pseudonymized-information": "no pseudonymously processed information is created",
    "appi-accredited-organization": "not a target business of an accredited organization",
}


def configure(site: SiteRepo) -> None:
    """What the team writes in mkdocs.yml: the conditions the policy really meets, and why the others do not hold."""
    path = site.path / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    block = ("      applies: " + json.dumps(APPLIES) + "\n      not_applicable:\n"
             + "".join(f"        {rule}: {json.dumps(reason)}\n" for rule, reason in NOT_APPLICABLE.items()))
    new, count = re.subn(r"      applies:.*?\n(      not_applicable:.*?\n(        .*\n)*)?", lambda _: block, text)
    assert count == 1
    path.write_text(new, encoding="utf-8")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteRepo, str]:
    site = empty_site(tmp_path_factory.mktemp("probe"))
    result = site.run("import", "--ja", str(PROBE / "ja.html"), "--en", str(PROBE / "en.html"),
                      "--effective", "2024-04-01")
    assert result.code == 0, result.err
    configure(site)
    return site, result.out


def site_html(site: SiteRepo, lang: str) -> str:
    """The imported page as Python-Markdown renders it with the site's settings."""
    config = yaml.safe_load((site.path / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = MarkdownSettings.from_list(config["markdown_extensions"])
    return render((site.path / "docs/2024-04-01" / lang / "index.md").read_text(encoding="utf-8"), settings)


def test_the_policy_imports_word_for_word(imported: tuple[SiteRepo, str]) -> None:
    """Readers of the site get the company page's words: the Markdown, and the page it renders to."""
    site, _ = imported
    for lang in ("ja", "en"):
        written = (site.path / "docs/2024-04-01" / lang / "index.md").read_text(encoding="utf-8")
        main = BeautifulSoup((PROBE / f"{lang}.html").read_text(encoding="utf-8"), "lxml").select_one("article")
        assert main is not None
        original = words(main.get_text(" "))
        assert written_words(re.sub(r"(?m)^\d+\. ", "", written)) == original  # <ol>'s numbers are the list's
        shown = BeautifulSoup(site_html(site, lang), "lxml")
        for link in shown.select("a.headerlink"):
            link.decompose()
        assert words(shown.get_text(" ")) == original


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


def test_the_compliant_policy_checks_clean(imported: tuple[SiteRepo, str]) -> None:
    site, _ = imported
    report = site.run("check", "--today", TODAY, "--format", "json")
    findings = json.loads(report.out)["findings"]
    assert [(f["lang"], f["rule"], f["message"]) for f in findings] == []
    assert report.code == 0


def test_a_backslash_line_end_of_a_markdown_source_becomes_a_break_python_markdown_reads() -> None:
    """CommonMark's `\\` hard break is text to Python-Markdown: import writes two spaces instead;
    an escaped backslash (`\\\\`) stays, and a list item before the next one needs no break mark."""
    out = convert("# T\n\n株式会社サンプル\\\n〒100-0005 東京都千代田区\n\nC:\\\\\n\n- （1）法令\\\n- （2）同意\n")
    assert "株式会社サンプル  \n〒100-0005" in out
    assert "C:\\\\\n" in out
    assert "- （1）法令\n- （2）同意" in out
