"""Japanese redlines as a reviewer needs them: characters inside a changed run,
numbers whole, white space never a change, the same bytes on any machine."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

from policy_site.redline import compare_documents, render_html, render_markdown, render_text
from policy_site.redline.diff import Op, Span, diff_text, same_text, tokenize
from policy_site.model.revisions import Document

D: Op = "delete"
I: Op = "insert"
E: Op = "equal"


def wdiff(old: str, new: str) -> str:
    return "".join(s.text if s.op == "equal" else f"[-{s.text}-]" if s.op == "delete" else f"{{+{s.text}+}}"
                   for s in diff_text(old, new))


def doc(text: str, lang: str = "ja") -> Document:
    return Document("index", lang, Path(f"{lang}/index.md"), f"docs/x/{lang}/index.md", text)


# An operator section of the kind Japanese policies carry, in six sections.
SECTIONS = [
    ("operator", "事業者", "株式会社サンプル商会\n〒107-0052 東京都港区赤坂６丁目２番５号\n代表取締役 山田太郎"),
    ("purposes", "利用目的", "当社は、取得した個人情報を次の目的で利用します。\n\n- （1）商品の発送のため\n- （2）お問い合わせへの回答のため"),
    ("provision", "第三者提供", "当社は、法令に基づく場合を除き、あらかじめご本人の同意を得ないで個人データを第三者に提供しません。"),
    ("fees", "手数料", "利用目的の通知又は開示の請求1件につき1,000円を申し受けます。"),
    ("security", "安全管理措置", "当社は、当社規則に従い、個人データの漏えいを防止するための措置を講じます。"),
    ("contact", "お問い合わせ窓口", "下記「お問い合わせ窓口」までご連絡ください。\n電話：03-1234-5678（平日10時から17時まで）"),
]


def policy(sections: list[tuple[str, str, str]]) -> Document:
    return doc("# プライバシーポリシー\n\n" + "\n".join(f"## {t} {{#{i}}}\n\n{b}\n" for i, t, b in sections))


def test_a_doubled_place_name_shows_as_one_inserted_word_and_the_numbers_change() -> None:
    assert wdiff("東京都港区赤坂６丁目２番５号", "東京都港区赤坂赤坂６丁目４番１５号") == \
        "東京都港区赤坂{+赤坂+}６丁目[-２-]{+４+}番[-５-]{+１５+}号"


def test_a_changed_word_inside_a_kanji_compound_shows_only_its_characters() -> None:
    assert wdiff("当社規則に従い", "当社告示に従い") == "当社[-規則-]{+告示+}に従い"
    assert diff_text("規則", "告示") == [Span(D, "規則"), Span(I, "告示")]
    assert wdiff("個人情報保護方針", "個人データ保護方針") == "個人[-情報-]{+データ+}保護方針"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("1,000円", "1,100円", "[-1,000-]{+1,100+}円"),
    ("１，０００円", "１，１００円", "[-１，０００-]{+１，１００+}円"),
    ("fee of 1,000 yen", "fee of 1,100 yen", "fee of [-1,000-]{+1,100+} yen"),
    ("第3.5版", "第3.6版", "第[-3.5-]{+3.6+}版"),
    ("2016年6月1日", "2022年4月1日", "[-2016-]{+2022+}年[-6-]{+4+}月1日"),
])
def test_a_number_is_one_token(old: str, new: str, expected: str) -> None:
    assert wdiff(old, new) == expected


def test_numbers_with_separators_tokenize_whole() -> None:
    assert tokenize("1,000円と１，０００円、3.5%") == ["1,000", "円", "と", "１，０００", "円", "、", "3.5", "%"]


@pytest.mark.parametrize("new", [
    "〒 107-0052 東京都港区",          # a half-width space after 〒
    "〒107-0052　東京都港区",           # a full-width space instead of a half-width one
    "〒107-0052\n東京都港区",           # split into two lines
    "〒107-0052東京都港区",             # joined
    "〒107-0052  \n\n東京都  港区",     # a hard break, a new paragraph, two spaces
])
def test_a_change_of_white_space_only_is_no_change(new: str) -> None:
    old = "〒107-0052 東京都港区"
    assert same_text(old, new)
    assert diff_text(old, new) == [Span(E, new)]


def test_white_space_is_not_marked_beside_a_real_change() -> None:
    assert wdiff("〒107-0052 東京都港区赤坂", "〒 107-0052　東京都港区赤坂赤坂") == "〒 107-0052　東京都港区赤坂{+赤坂+}"


def test_words_joined_or_split_in_english_are_a_change() -> None:
    assert not same_text("data protection", "dataprotection")
    assert same_text("data  protection", "data\nprotection")


def test_sections_whose_white_space_changed_count_as_unchanged_and_are_not_marked() -> None:
    spaced = [(i, t, b.replace("〒", "〒 ").replace("、", "、\n").replace("：", "： ").replace("株式会社", "株式会社　"))
              for i, t, b in SECTIONS]
    assert sum(a != b for a, b in zip(SECTIONS, spaced)) == 5  # five of the six sections were re-spaced
    red = compare_documents(policy(SECTIONS), policy(spaced), "ja")
    counts = red.counts
    assert (counts.changed, counts.unchanged, counts.inserted_chars, counts.deleted_chars) == (0, 6, 0, 0)
    text = render_text(red)
    assert "{+" not in text and "[-" not in text
    assert "<ins>" not in render_html(red) and "<del>" not in render_markdown(red)


def test_a_real_change_among_re_spaced_sections_is_the_only_one_marked() -> None:
    new = [(i, t, b.replace("〒", "〒 ").replace("赤坂６丁目２番５号", "赤坂赤坂６丁目４番１５号")
            .replace("1,000円", "1,100円").replace("当社規則", "当社告示")) for i, t, b in SECTIONS]
    red = compare_documents(policy(SECTIONS), policy(new), "ja")
    kinds = {s.id: s.kind for s in red.sections}
    assert kinds == {"operator": "changed", "purposes": "unchanged", "provision": "unchanged",
                     "fees": "changed", "security": "changed", "contact": "unchanged"}
    text = render_text(red)
    assert "〒 107-0052 東京都港区赤坂{+赤坂+}６丁目[-２-]{+４+}番[-５-]{+１５+}号" in text
    assert "[-1,000-]{+1,100+}円" in text and "当社[-規則-]{+告示+}に従い" in text


def test_the_redline_does_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loaded machine is a clock that jumps: the result must be the same bytes."""
    body = "".join(b for _, _, b in SECTIONS) * 3
    edited = "".join("◆" if n % 7 == 3 else c for n, c in enumerate(body))  # edits everywhere: no half-match
    old, new = policy([("all", "全文", body)]), policy([("all", "全文", edited)])
    calm = render_html(compare_documents(old, new, "ja"))
    dmp_module = sys.modules["diff_match_patch.diff_match_patch"]
    ticks = itertools.count()
    monkeypatch.setattr(dmp_module.time, "time", lambda: next(ticks) * 60.0)  # a minute passes at every look
    loaded = render_html(compare_documents(old, new, "ja"))
    assert loaded == calm


def test_an_edit_larger_than_the_refinement_bound_is_shown_replaced() -> None:
    old = "当社は" + "個人情報を適切に取り扱います。" * 40
    new = "弊社は" + "個人データを厳重に管理いたします。" * 40
    spans = diff_text(old, new)
    assert "".join(s.text for s in spans if s.op != "delete") == new
    assert "".join(s.text for s in spans if s.op != "insert") == old
