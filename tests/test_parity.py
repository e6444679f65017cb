"""The translation says what the controlling (ja) text says: documents, sections, items, facts."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_site.checks import CheckContext, parity
from policy_site.findings import Finding
from policy_site.model.revisions import Corpus, Document, Revision, load_revisions

DOCS = Path(__file__).resolve().parents[1] / "docs"
TODAY = dt.date(2024, 1, 1)

JA = """# プライバシーポリシー

## 事業者 {#operator}

名称：株式会社例示
住所：〒106-6224 東京都港区六本木三丁目2番1号

## 利用目的 {#purposes}

1. 商品の配送のため
2. 本人確認のため

## お問い合わせ {#inquiries}

電話番号：0570-088-335
"""

EN = """# Privacy Policy

## Operator {#operator}

Name: Example Corporation
Address: 3-2-1 Roppongi, Minato-ku, Tokyo 106-6224, Japan

## Purposes of Use {#purposes}

1. To deliver products
2. To confirm identity

## Inquiries {#inquiries}

Telephone: +81-570-088-335
"""


def site(tmp_path: Path, files: dict[str, str]) -> CheckContext:
    """A site whose docs/ holds `files` (path under docs/ -> text), plus a revision.yml per revision."""
    docs = tmp_path / "docs"
    for rel, text in files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        meta = docs / rel.split("/")[0] / "revision.yml"
        if not meta.exists():
            meta.write_text("summary:\n  ja: 改定\n  en: Revised\n", encoding="utf-8")
    return CheckContext(load_revisions(docs, ["ja", "en"], root=tmp_path), ["ja", "en"], "ja", TODAY)


def line_of(text: str, line: str) -> int:
    return text.split("\n").index(line) + 1


def rules(findings: list[Finding]) -> list[str]:
    return sorted(f.rule for f in findings)


def test_the_example_revisions_are_faithful_translations() -> None:
    corpus = load_revisions(DOCS, ["ja", "en"])
    assert [r.name for r in corpus.revisions] == ["2016-06-01", "2022-04-01"]
    assert parity.check(CheckContext(corpus, ["ja", "en"], "ja", TODAY)) == []


def test_the_example_revisions_copied_elsewhere_are_faithful_too(tmp_path: Path) -> None:
    shutil.copytree(DOCS, tmp_path / "docs")
    ctx = CheckContext(load_revisions(tmp_path / "docs", ["ja", "en"]), ["ja", "en"], "ja", TODAY)
    assert parity.check(ctx) == []


def test_a_matching_translation_has_no_findings(tmp_path: Path) -> None:
    assert parity.check(site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": EN})) == []


# --- parity-documents ------------------------------------------------------------------

def test_a_missing_translation_is_an_error_naming_where_it_belongs(tmp_path: Path) -> None:
    ctx = site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": EN,
                          "2024-04-01/ja/cookies.md": "# クッキー\n\n本文\n"})
    (finding,) = parity.check(ctx)
    assert finding.rule == "parity-documents" and finding.is_error
    assert finding.file == "docs/2024-04-01/en/cookies.md"
    assert finding.lang == "en" and finding.revision == "2024-04-01"
    assert "translate docs/2024-04-01/ja/cookies.md" in finding.hint


def test_a_translation_without_controlling_text_is_an_error(tmp_path: Path) -> None:
    ctx = site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": EN,
                          "2024-04-01/en/cookies.md": "# Cookies\n\nText\n"})
    (finding,) = parity.check(ctx)
    assert finding.rule == "parity-documents"
    assert finding.file == "docs/2024-04-01/ja/cookies.md"
    assert "docs/2024-04-01/en/cookies.md" in finding.message


def test_an_unreadable_translation_is_reported_once_as_invalid_not_as_missing(tmp_path: Path) -> None:
    ctx = site(tmp_path, {"2024-04-01/ja/index.md": JA})
    (tmp_path / "docs/2024-04-01/en").mkdir()
    (tmp_path / "docs/2024-04-01/en/index.md").write_bytes(EN.replace("Operator", "事業者").encode("shift_jis"))
    ctx = CheckContext(load_revisions(tmp_path / "docs", ["ja", "en"], root=tmp_path), ["ja", "en"], "ja", TODAY)
    assert [f.rule for f in ctx.corpus.findings] == ["invalid-file"]
    assert parity.check(ctx) == []


# --- parity-sections -----------------------------------------------------------------

def test_a_section_the_translation_lacks_is_reported_at_the_controlling_heading(tmp_path: Path) -> None:
    en = EN.replace("## Purposes of Use {#purposes}\n\n1. To deliver products\n2. To confirm identity\n\n", "")
    (finding,) = parity.check(site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": en}))
    assert finding.rule == "parity-sections"
    assert (finding.file, finding.line, finding.lang) == ("docs/2024-04-01/ja/index.md", line_of(JA, "## 利用目的 {#purposes}"), "en")
    assert "`#purposes`" in finding.message
    assert "docs/2024-04-01/en/index.md" in finding.hint and "after `#operator`" in finding.hint


def test_a_section_only_the_translation_has_is_reported_at_its_heading(tmp_path: Path) -> None:
    en = EN + "\n## Cookies {#cookies}\n\nWe use cookies.\n"
    (finding,) = parity.check(site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": en}))
    assert finding.rule == "parity-sections"
    assert (finding.file, finding.line) == ("docs/2024-04-01/en/index.md", line_of(en, "## Cookies {#cookies}"))
    assert "`#cookies`" in finding.message


def test_a_renamed_id_is_one_missing_and_one_extra_section(tmp_path: Path) -> None:
    en = EN.replace("{#inquiries}", "{#contact}")
    findings = parity.check(site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": en}))
    assert rules(findings) == ["parity-sections", "parity-sections"]
    assert {f.file for f in findings} == {"docs/2024-04-01/ja/index.md", "docs/2024-04-01/en/index.md"}


def test_sections_in_another_order_are_reported(tmp_path: Path) -> None:
    blocks = EN.split("\n## ")
    en = "\n## ".join([blocks[0], blocks[2], blocks[1].rstrip("\n") + "\n", blocks[3]])
    findings = parity.check(site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": en}))
    assert rules(findings) == ["parity-sections"]
    assert "out of order" in findings[0].message
    assert findings[0].file == "docs/2024-04-01/en/index.md"
    assert findings[0].line == line_of(en, "## Operator {#operator}")


# --- parity-items --------------------------------------------------------------------

def test_a_dropped_list_item_is_reported(tmp_path: Path) -> None:
    en = EN.replace("2. To confirm identity\n", "")
    (finding,) = parity.check(site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": en}))
    assert finding.rule == "parity-items"
    assert (finding.file, finding.line) == ("docs/2024-04-01/en/index.md", line_of(en, "## Purposes of Use {#purposes}"))
    assert (f"2 list item(s) in ja (docs/2024-04-01/ja/index.md:{line_of(JA, '## 利用目的 {#purposes}')}, items on "
            f"lines 10-11) but 1 in en (docs/2024-04-01/en/index.md:{finding.line}, items on line 10)") in finding.message


def test_items_merged_into_one_paragraph_are_reported(tmp_path: Path) -> None:
    en = EN.replace("1. To deliver products\n2. To confirm identity\n", "To deliver products and to confirm identity.\n")
    assert rules(parity.check(site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": en}))) == [
        "parity-items"]


# --- parity-facts --------------------------------------------------------------------

def test_a_changed_phone_number_names_both_sides(tmp_path: Path) -> None:
    en = EN.replace("+81-570-088-335", "+81-570-088-336")
    findings = parity.check(site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": en}))
    messages = sorted(f.message for f in findings)
    assert rules(findings) == ["parity-facts", "parity-facts"]
    assert messages == ["section `#inquiries`: en says +81-570-088-336; ja has no such phone number",
                        "section `#inquiries`: ja says 0570-088-335; en has no such phone number"]
    assert {(f.file, f.line) for f in findings} == {("docs/2024-04-01/en/index.md", line_of(en, "## Inquiries {#inquiries}"))}


def test_a_fact_in_another_section_is_not_the_same_fact(tmp_path: Path) -> None:
    en = EN.replace("Telephone: +81-570-088-335\n", "").replace("Name: Example", "Telephone: 0570-088-335\nName: Example")
    findings = parity.check(site(tmp_path, {"2024-04-01/ja/index.md": JA, "2024-04-01/en/index.md": en}))
    assert sorted((f.rule, f.line) for f in findings) == [
        ("parity-facts", line_of(en, "## Operator {#operator}")), ("parity-facts", line_of(en, "## Inquiries {#inquiries}"))]


def test_facts_outside_sections_are_compared_too(tmp_path: Path) -> None:
    ja = JA.replace("# プライバシーポリシー\n", "# プライバシーポリシー\n\n2024年4月1日施行\n")
    en = EN.replace("# Privacy Policy\n", "# Privacy Policy\n\nIn force from April 2, 2024\n")
    findings = parity.check(site(tmp_path, {"2024-04-01/ja/index.md": ja, "2024-04-01/en/index.md": en}))
    assert rules(findings) == ["parity-facts", "parity-facts"]
    assert all("outside the sections" in f.message for f in findings)


# Each kind of fact written the ja way and the en way.
FACT_FORMS = {
    "email": (st.from_regex(r"\A[a-z]{1,8}@[a-z]{1,8}\.(jp|com)\Z"), lambda v: v, lambda v: v),
    "phone": (st.integers(10_000_000, 99_999_999), lambda v: f"03-{v // 10_000}-{v % 10_000:04d}",
              lambda v: f"+81 3 {v // 10_000} {v % 10_000:04d}"),
    "url": (st.from_regex(r"\A[a-z]{1,10}\Z"), lambda v: f"https://example.com/{v}/", lambda v: f"https://example.com/{v}"),
    "postal-code": (st.integers(1_000_000, 9_999_999), lambda v: f"〒{v // 10_000}-{v % 10_000:04d}",
                    lambda v: f"Tokyo {v // 10_000}-{v % 10_000:04d}, Japan"),
    "date": (st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)), lambda d: f"{d.year}年{d.month}月{d.day}日",
             lambda d: d.strftime("%B ") + f"{d.day}, {d.year}"),
    "money": (st.integers(1, 10**8), lambda v: f"{v:,}円", lambda v: f"JPY {v:,}"),
    "percent": (st.integers(0, 100), lambda v: f"{v}％", lambda v: f"{v} percent"),
}


def documents(ja_fact: str, en_fact: str) -> tuple[Document, Document]:
    ja = f"# ポリシー\n\n## 窓口 {{#contact}}\n\n窓口：{ja_fact}\n"
    en = f"# Policy\n\n## Contact {{#contact}}\n\nDesk: {en_fact}\n"
    return (Document("index", "ja", Path("ja/index.md"), "docs/2024-04-01/ja/index.md", ja),
            Document("index", "en", Path("en/index.md"), "docs/2024-04-01/en/index.md", en))


def context(ja: Document, en: Document) -> CheckContext:
    revision = Revision("2024-04-01", dt.date(2024, 4, 1), Path("docs/2024-04-01"),
                        documents={"index": {"ja": ja, "en": en}})
    return CheckContext(Corpus(Path("."), [revision], []), ["ja", "en"], "ja", TODAY)


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(sorted(FACT_FORMS)), st.data())
def test_any_fact_changed_in_one_language_alone_is_caught(kind: str, data: st.DataObject) -> None:
    values, ja_form, en_form = FACT_FORMS[kind]
    value = data.draw(values)
    assert parity.check(context(*documents(ja_form(value), en_form(value)))) == []

    changed = data.draw(values.filter(lambda other: other != value))
    in_english = data.draw(st.booleans())
    ja, en = documents(ja_form(value), en_form(changed)) if in_english else documents(ja_form(changed), en_form(value))
    findings = parity.check(context(ja, en))
    assert rules(findings) == ["parity-facts", "parity-facts"]
    assert all(f.file == "docs/2024-04-01/en/index.md" and f.line == 3 and f.lang == "en" for f in findings)
    assert any(kind_label in f.message for f in findings for kind_label in (
        "email address", "phone number", "URL", "postal code", "date", "amount", "percentage"))
