"""The checks read what readers get: headings Python-Markdown makes are sections, ids name
one section each, and no document takes the name of a generated page."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_disclosures import both, context, keyed, policy, site

from policy_site.checks import run_checks
from policy_site.checks import structure
from policy_site.checks.parity import compare_documents
from policy_site.model.render import MarkdownSettings
from policy_site.model.revisions import Document


def pair(ja: str, en: str, settings: MarkdownSettings | None = None) -> tuple[Document, Document]:
    return (Document("index", "ja", Path("ja/index.md"), "docs/2024-04-01/ja/index.md", ja, settings),
            Document("index", "en", Path("en/index.md"), "docs/2024-04-01/en/index.md", en, settings))


def parity(ja: str, en: str, settings: MarkdownSettings | None = None) -> set[tuple[str, int | None]]:
    return {(f.rule, f.line) for f in compare_documents(*pair(ja, en, settings), "2024-04-01")}


JA = "# ポリシー\n\n## 連絡先 {#contact}\n\n電話：03-1234-5678\n"


def test_a_heading_without_a_space_is_a_section_and_its_wrong_phone_number_is_caught() -> None:
    ja = "# ポリシー\n\n##住所 {#address}\n\n電話：03-1234-5678\n"
    en = "# Policy\n\n##Address {#address}\n\nPhone: 03-9999-9999\n"
    assert parity(ja, en) == {("parity-facts", 3)}


def test_a_setext_heading_is_a_section_and_its_wrong_phone_number_is_caught() -> None:
    ja = "ポリシー\n====\n\n連絡先 {#contact}\n------\n\n電話：03-1234-5678\n"
    en = "Policy\n======\n\nContact {#contact}\n-------\n\nPhone: 03-9999-9999\n"
    assert parity(ja, en) == {("parity-facts", 4)}


def test_a_heading_between_backtick_lines_is_a_section_only_where_they_are_no_fence() -> None:
    text = "# T\n\n```\n## Hidden {#hidden}\n\n03-1234-5678\n```\n"
    plain = MarkdownSettings(("attr_list",))  # Python-Markdown without fenced_code
    ja, en = pair(text, text.replace("03-1234-5678", "03-9999-9999"), plain)
    assert [s.id for s in ja.sections] == ["hidden"]
    assert {(f.rule, f.line) for f in compare_documents(ja, en, "x")} == {("parity-facts", 4)}
    ja, _ = pair(text, text)  # MkDocs always enables fenced_code: a code block, no section
    assert ja.sections == []


def test_a_duplicated_id_is_an_error_and_the_second_block_is_compared_too(tmp_path) -> None:
    second = {"ja": "### 連絡先 {#complaints}\n\n電話：03-1234-5678\n",
              "en": "### Contact {#complaints}\n\nPhone: 03-0000-0000, mail: wrong@example.net\n"}
    texts = {lang: policy(lang, extra=second[lang]) for lang in ("ja", "en")}
    findings = run_checks(context(site(tmp_path, {"2022-04-01": texts})))
    dup = [f for f in findings if f.rule == "duplicate-section-id"]
    assert {(f.lang, f.severity) for f in dup} == {("ja", "error"), ("en", "error")}
    en_text = texts["en"].split("\n")
    assert next(f for f in dup if f.lang == "en").line == \
        max(n for n, ln in enumerate(en_text, 1) if "{#complaints" in ln)
    facts = [f for f in findings if f.rule == "parity-facts"]
    assert any("03-0000-0000" in f.message for f in facts) and any("wrong@example.net" in f.message for f in facts)


def test_a_heading_without_an_id_is_a_warning_at_its_line(tmp_path) -> None:
    extra = {"ja": "### 補足\n\n追加の説明です。\n", "en": "### Note\n\nMore words.\n"}
    texts = {lang: policy(lang, extra=extra[lang]) for lang in ("ja", "en")}
    findings = structure.check(context(site(tmp_path, {"2022-04-01": texts})))
    assert keyed(findings) == {("section-without-id", "ja", "warning"), ("section-without-id", "en", "warning")}
    en = next(f for f in findings if f.lang == "en")
    assert en.line == texts["en"].split("\n").index("### Note") + 1
    assert "“Note” has no id" in en.message and "{#note}" in en.hint


@pytest.mark.parametrize("name", ["history", "changes", "disclosures", "404", "en"])
def test_a_document_named_like_a_generated_page_is_an_error(tmp_path, name: str) -> None:
    files = {**both(), f"ja/{name}": "# 別文書\n\n## 本文 {#body}\n\nテキスト\n",
             f"en/{name}": "# Other\n\n## Body {#body}\n\nText\n"}
    findings = structure.check(context(site(tmp_path, {"2022-04-01": files})))
    assert keyed(findings) == {("reserved-document-name", "ja", "error"), ("reserved-document-name", "en", "error")}
    assert all(f.file.endswith(f"/{name}.md") for f in findings)


def test_the_example_site_has_no_structure_findings() -> None:
    from test_disclosures import DOCS, LANGS
    from policy_site.model.revisions import load_revisions
    corpus = load_revisions(DOCS, LANGS)
    assert structure.check(context(corpus)) == []
