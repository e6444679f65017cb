"""`parity-length`: a translation far longer or shorter than its own document's norm, a clause
said twice, a sentence cut off. Warnings, judged against the document itself."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import make_site_repo
from policy_site.checks import CheckContext, length
from policy_site.checks.garble import cut_off, repeated_clause
from policy_site.model.revisions import Corpus, Document, Revision, load_revisions

DOCS = Path(__file__).resolve().parents[1] / "docs"
FIXTURES = Path(__file__).parent / "data" / "bilingual"
TODAY = dt.date(2024, 1, 1)

JA_SENTENCES = ["当社は、お客様からお預かりした個人情報を適切に管理します。", "利用目的の範囲を超えて個人情報を取り扱うことはありません。",
                "従業者に対しては定期的に教育を実施しています。", "委託先に対しても必要かつ適切な監督を行います。"]
EN_WORDS = ("The company manages the personal information entrusted to it by customers with due care and "
            "handles it only within the scope of the purposes of use it has announced. ").split()


def ja_body(chars: int) -> str:
    text = ""
    while len(text) < chars:
        text += JA_SENTENCES[len(text) % len(JA_SENTENCES)]
    return text


def en_body(chars: int) -> str:
    words: list[str] = []
    while sum(len(w) for w in words) < chars:
        words.append(EN_WORDS[len(words) % len(EN_WORDS)])
    return " ".join(words).rstrip(".") + "."


def documents(sections: list[tuple[int, float]], intro_en: str = "") -> tuple[Document, Document]:
    """A Japanese document with sections of the given lengths, and an English one at the given ratios."""
    ja = "# 個人情報保護方針\n\n" + "".join(f"## 第{n}条 {{#s{n}}}\n\n{ja_body(size)}\n\n"
                                      for n, (size, _) in enumerate(sections, 1))
    en = f"# Privacy Policy\n\n{intro_en}\n\n" + "".join(
        f"## Article {n} {{#s{n}}}\n\n{en_body(round(len(ja_body(size)) * ratio))}\n\n"
        for n, (size, ratio) in enumerate(sections, 1))
    return (Document("index", "ja", Path("ja/index.md"), "docs/2024-04-01/ja/index.md", ja),
            Document("index", "en", Path("en/index.md"), "docs/2024-04-01/en/index.md", en))


def check(ja: Document, en: Document) -> list:
    revision = Revision("2024-04-01", dt.date(2024, 4, 1), Path("docs/2024-04-01"),
                        documents={"index": {"ja": ja, "en": en}})
    return length.check(CheckContext(Corpus(Path("."), [revision], []), ["ja", "en"], "ja", TODAY))


# As real translations run (BENCHMARKS.md, "Translation sanity"): most sections near the
# document's own ratio, the extremes on short sections, where a sentence more or less counts.
RATIOS = [1.5, 2.3, 2.5, 2.6, 2.7, 2.8, 3.0, 3.9]
SIZES = [60, 220, 160, 300, 140, 180, 120, 70]


def test_a_section_five_and_a_half_times_as_long_where_the_rest_run_1_5_to_3_9_is_reported() -> None:
    ja, en = documents([*zip(SIZES, RATIOS), (200, 5.5)])
    measured = [round(r.value, 1) for r in length.section_ratios(ja, en)]
    assert min(measured[:-1]) >= 1.4 and max(measured[:-1]) <= 4.0 and measured[-1] == pytest.approx(5.5, abs=0.15)
    (finding,) = check(ja, en)
    assert (finding.rule, finding.severity, finding.file, finding.lang) == (
        "parity-length", "warning", "docs/2024-04-01/en/index.md", "en")
    assert finding.line == en.text.split("\n").index("## Article 9 {#s9}") + 1
    assert finding.message.startswith(f"section `#s9`: the en text is {measured[-1]:.1f} times as long as the ja")
    assert "docs/2024-04-01/ja/index.md:" in finding.message and "this document's median is 2.7" in finding.message
    assert "compare the two texts" in finding.hint


def test_a_section_far_shorter_than_the_rest_is_reported_too() -> None:
    ja, en = documents([*zip(SIZES, RATIOS), (300, 0.9)])
    (finding,) = check(ja, en)
    assert "`#s9`" in finding.message and "far shorter" in finding.message


def test_uniformly_long_translations_are_that_translation_s_norm() -> None:
    ja, en = documents([(size, 5.5 + 0.1 * (i % 5)) for i, size in enumerate(SIZES)])
    assert check(ja, en) == []


def test_tiny_sections_and_short_documents_are_not_judged() -> None:
    assert check(*documents([*zip(SIZES, RATIOS), (20, 9.0)])) == []  # one sentence: noise
    assert check(*documents([(200, 2.5), (200, 2.6), (200, 2.4), (200, 8.0)])) == []  # four sections: too few


def test_the_example_site_and_the_bilingual_fixtures_give_no_warning() -> None:
    corpus = load_revisions(DOCS, ["ja", "en"])
    assert length.check(CheckContext(corpus, ["ja", "en"], "ja", TODAY)) == []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        ja, en = (Document("index", lang, folder / f"{lang}.md", f"{folder.name}/{lang}.md",
                           (folder / f"{lang}.md").read_text(encoding="utf-8")) for lang in ("ja", "en"))
        assert check(ja, en) == [], folder.name


# --- sentences -----------------------------------------------------------------------

def test_an_intro_that_repeats_a_clause_is_reported() -> None:
    intro = "We use your data to provide services, we use your data to provide services."
    ja, en = documents(list(zip(SIZES, RATIOS)), intro_en=intro)
    (finding,) = check(ja, en)
    assert finding.rule == "parity-length" and finding.severity == "warning"
    assert finding.line == 3 and finding.file == "docs/2024-04-01/en/index.md"
    assert finding.message == ("the text outside the sections (en) says a clause twice in one sentence: "
                               "“we use your data to provide services.”")


@pytest.mark.parametrize("sentence", [
    "We use your data to provide services, we use your data to provide services.",
    "We may share it with partners; we may share it with partners.",
    "We keep your data safe to provide services to provide services to you.",
    "当社は、お客様の情報を利用し、お客様の情報を利用し、サービスを提供します。",
    "当社は個人情報を適切に管理します個人情報を適切に管理します。",
])
def test_a_repeated_clause_is_found(sentence: str) -> None:
    assert repeated_clause(sentence)


@pytest.mark.parametrize("sentence", [
    "We use your name, address, and telephone number to deliver products and answer inquiries.",
    "当社は、当社の子会社に対し、当社の定める基準に従い、個人データを提供します。",
    "Contact us by phone, by e-mail, or by post, and we will reply.",
    "Name: Example Corporation; Address: Tokyo.",
])
def test_ordinary_sentences_repeat_nothing(sentence: str) -> None:
    assert repeated_clause(sentence) is None


def test_a_sentence_cut_off_midway_is_reported() -> None:
    assert cut_off("We share your personal data with our partners in order to") == "with our partners in order to"
    assert cut_off("当社は、お客様の個人情報を") == "当社は、お客様の個人情報を"
    for whole in ("We share data with partners.", "Name and address", "- To ship products", "個人情報の取扱いについて",
                  "Telephone: 03-5555-0100", "電話番号", "(a) to ship the products ordered; and",
                  "to answer inquiries, or", "お問い合わせは下記窓口へ"):
        assert cut_off(whole) is None
    en_cut = "We keep your data safe.\n\nWe share your personal data with our partners in order to"
    ja, en = documents(list(zip(SIZES, RATIOS)), intro_en=en_cut)
    (finding,) = check(ja, en)
    assert "stops mid-way" in finding.message and "in order to" in finding.message
    assert finding.line == 5


def test_a_repeat_is_reported_on_the_line_of_its_sentence() -> None:
    intro = "We respect your privacy.\nWe use your data to provide services, we use your data to provide services."
    (finding,) = check(*documents(list(zip(SIZES, RATIOS)), intro_en=intro))
    assert finding.line == 4


def test_a_paragraph_a_list_continues_is_not_cut_off() -> None:
    intro = "We collect information such as\n\n- your name\n- your address"
    assert check(*documents(list(zip(SIZES, RATIOS)), intro_en=intro)) == []


# --- the command -----------------------------------------------------------------------

def test_check_warns_on_a_garbled_translation_of_the_example_site_and_still_exits_0(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path)
    path = repo.path / "docs/2022-04-01/en/index.md"
    text = path.read_text(encoding="utf-8")
    added = ("Contractors are selected after a careful review of their security systems and their records of "
             "handling personal information. The review is repeated every year, and a contractor that no longer "
             "meets our standards is replaced. Contractors may not entrust the work to others without our written "
             "approval, and they must return or delete personal information when the work ends. We also ask them "
             "to report any incident to us immediately, and we may audit them at any time.")
    text = text.replace("manage personal information properly.\n", f"manage personal information properly.\n\n{added}\n")
    text = text.replace("We may entrust all or part", "We may entrust all or part, we may entrust all or part")
    path.write_text(text, encoding="utf-8")
    result = repo.run("check", "--format", "json", "2022-04-01")
    assert result.code == 0, result.err
    findings = [f for f in json.loads(result.out)["findings"] if f["rule"] == "parity-length"]
    lines = text.split("\n")
    assert [(f["severity"], f["file"], f["line"]) for f in findings] == [
        ("warning", "docs/2022-04-01/en/index.md", lines.index(next(ln for ln in lines if "{#entrustment}" in ln)) + 1),
        ("warning", "docs/2022-04-01/en/index.md", lines.index(next(ln for ln in lines if "we may entrust all" in ln)) + 1)]
    assert "section `#entrustment`: the en text is 5." in findings[0]["message"]
    assert "this document's median is 2.5 (its other sections run 1.9 to 3.0)" in findings[0]["message"]
    assert "“we may entrust all or part”" in findings[1]["message"]
