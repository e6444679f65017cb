"""`parity-items` counts list items as readers see them: a `<li>` and a `（1）` line alike.

Japanese policies write their items as marked lines of a paragraph (`（1）...`, `①...`,
`・...`), English translations as Markdown lists; the two styles compare equal, and a
dropped or merged item is still caught, in either style.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policy_site.checks import CheckContext, parity
from policy_site.model.document import read_document
from policy_site.model.items import starts_with_marker
from policy_site.model.revisions import Corpus, Document, Revision

TODAY = dt.date(2024, 1, 1)
PURPOSES_JA = ["会員登録の受付", "商品の発送", "料金の請求", "お問い合わせへの回答", "新サービスのご案内", "不正利用の防止"]
PURPOSES_EN = ["To accept registrations", "To ship products", "To bill charges", "To answer inquiries",
               "To announce new services", "To prevent misuse"]


def ja_text(body: str) -> str:
    return f"# プライバシーポリシー\n\n## 利用目的 {{#purposes}}\n\n{body}\n\n## 窓口 {{#contact}}\n\n下記までご連絡ください。\n"


def en_text(body: str) -> str:
    return f"# Privacy Policy\n\n## Purposes of use {{#purposes}}\n\n{body}\n\n## Contact {{#contact}}\n\nPlease write to us.\n"


def check(ja: str, en: str) -> list:
    docs = {"ja": Document("index", "ja", Path("ja/index.md"), "docs/2024-04-01/ja/index.md", ja),
            "en": Document("index", "en", Path("en/index.md"), "docs/2024-04-01/en/index.md", en)}
    revision = Revision("2024-04-01", dt.date(2024, 4, 1), Path("docs/2024-04-01"), documents={"index": docs})
    return parity.check(CheckContext(Corpus(Path("."), [revision], []), ["ja", "en"], "ja", TODAY))


EN_LIST = "We use personal information:\n\n" + "\n".join(f"1. {p}" for p in PURPOSES_EN)


def test_japanese_lines_in_one_paragraph_match_an_english_markdown_list() -> None:
    ja = "当社は、個人情報を次の目的で利用します。\n" + "\n".join(f"（{n}）{p}" for n, p in enumerate(PURPOSES_JA, 1))
    assert check(ja_text(ja), en_text(EN_LIST)) == []


def test_five_lines_against_six_items_names_both_counts_and_where() -> None:
    ja_body = "当社は、個人情報を次の目的で利用します。\n" + "\n".join(
        f"（{n}）{p}" for n, p in enumerate(PURPOSES_JA[:5], 1))
    ja, en = ja_text(ja_body), en_text(EN_LIST)
    (finding,) = check(ja, en)
    heading_ja = ja.split("\n").index("## 利用目的 {#purposes}") + 1
    heading_en = en.split("\n").index("## Purposes of use {#purposes}") + 1
    first_ja = ja.split("\n").index("（1）会員登録の受付") + 1
    first_en = en.split("\n").index("1. To accept registrations") + 1
    assert (finding.rule, finding.severity, finding.file, finding.line) == (
        "parity-items", "error", "docs/2024-04-01/en/index.md", heading_en)
    assert finding.message == (
        f"section `#purposes` has 5 list item(s) in ja (docs/2024-04-01/ja/index.md:{heading_ja}, items on lines "
        f"{first_ja}-{first_ja + 4}) but 6 in en (docs/2024-04-01/en/index.md:{heading_en}, items on lines "
        f"{first_en}-{first_en + 5})")


@pytest.mark.parametrize("style", [
    "（{n}）{p}", "({n}) {p}", "{n}. {p}", "{w}．{p}", "{n}．{p}", "{c}{p}", "・{p}", "- {p}", "* {p}",
    "{a}) {p}", "{k}）{p}", "({a}) {p}", "({r}) {p}", "（{k}）{p}", "{c}　{p}",
], ids=lambda s: s.split("{p}")[0].strip() or "plain")
@pytest.mark.parametrize("layout", ["lines", "paragraphs"])
def test_every_marker_style_counts_as_items_in_either_layout(style: str, layout: str) -> None:
    lines = [style.format(n=n, w=chr(0xFF10 + n), c=chr(0x245F + n), a="abcdef"[n - 1], k="アイウエオカ"[n - 1],
                          r=["i", "ii", "iii", "iv", "v", "vi"][n - 1], p=p) for n, p in enumerate(PURPOSES_JA, 1)]
    body = "当社は、個人情報を次の目的で利用します。\n\n" + ("\n" if layout == "lines" else "\n\n").join(lines)
    assert check(ja_text(body), en_text(EN_LIST)) == []
    assert [f.rule for f in check(ja_text(body.replace(lines[2], "")), en_text(EN_LIST))] == ["parity-items"]


def test_separate_paragraphs_of_marked_lines_match_a_list() -> None:
    ja = "\n\n".join(f"（{n}）{p}" for n, p in enumerate(PURPOSES_JA, 1))
    assert check(ja_text(ja), en_text(EN_LIST)) == []


def test_nested_items_count_flat_in_either_style() -> None:
    ja = "（1）お客様の情報\n①氏名\n②住所\n（2）取引の情報\n①購入履歴"
    en = "1. Your information\n    - Name\n    - Address\n2. Transactions\n    - Purchase history"
    assert check(ja_text(ja), en_text(en)) == []
    assert [f.rule for f in check(ja_text(ja.replace("\n②住所", "")), en_text(en))] == ["parity-items"]


def test_a_marker_inside_a_sentence_or_a_number_is_no_item() -> None:
    ja = "上記（1）の目的のほか、1.5倍の期間保存します。\n2024年4月1日から適用します。"
    en = "Besides purpose (1) above, we keep it for 1.5 times the period.\nThis applies from April 1, 2024."
    assert check(ja_text(ja), en_text(en)) == []
    assert not any(starts_with_marker(t) for t in ("1.5倍", "2024. It", "（注）", "※ 注記", "-5 度", "第1条"))


def test_a_markdown_item_that_keeps_its_marker_as_text_is_one_item() -> None:
    # what `policy-site import` writes: `- （1）氏名`, one <li>, one item
    model = read_document(ja_text("- （1）氏名\n- （2）住所"))
    assert [s.list_items for s in model.sections] == [2, 0]


def test_the_bilingual_fixtures_are_faithful_in_either_list_style() -> None:
    # tests/data/bilingual: Japanese （1） lines in a paragraph, (1) paragraphs, tables and bullets,
    # against English Markdown lists, (1) paragraphs, tables and bullets
    folders = sorted(p for p in (Path(__file__).parent / "data" / "bilingual").iterdir() if p.is_dir())
    assert len(folders) == 4
    for folder in folders:
        ja, en = ((folder / f"{lang}.md").read_text(encoding="utf-8") for lang in ("ja", "en"))
        assert check(ja, en) == [], folder.name
    shop = read_document((folders[3] / "ja.md").read_text(encoding="utf-8"))
    assert folders[3].name == "shop" and [s.list_items for s in shop.sections][:2] == [5, 7]
