"""Revisions as a record: dated, summarised, announced in time, unchanged once published."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from policy_site.checks import CheckContext, PublishedRevision, integrity
from policy_site.findings import Finding
from policy_site.model.revisions import load_revisions

DOCS = Path(__file__).resolve().parents[1] / "docs"
JA = "# ポリシー\n\n## 事業者 {#operator}\n\n株式会社例示\n"
EN = "# Policy\n\n## Operator {#operator}\n\nExample Corporation\n"
SUMMARY = "summary:\n  ja: 改定\n  en: Revised\n"


def write_revision(docs: Path, name: str, *, meta: str | None = SUMMARY, ja: str = JA, en: str = EN) -> Path:
    folder = docs / name
    for lang, text in (("ja", ja), ("en", en)):
        (folder / lang).mkdir(parents=True, exist_ok=True)
        (folder / lang / "index.md").write_text(text, encoding="utf-8")
    if meta is not None:
        (folder / "revision.yml").write_text(meta, encoding="utf-8")
    return folder


def context(root: Path, today: dt.date = dt.date(2025, 1, 1), **options: object) -> CheckContext:
    corpus = load_revisions(root / "docs", ["ja", "en"], root=root)
    return CheckContext(corpus, ["ja", "en"], "ja", today, **options)  # type: ignore[arg-type]


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_the_example_revisions_are_sound() -> None:
    corpus = load_revisions(DOCS, ["ja", "en"])
    ctx = CheckContext(corpus, ["ja", "en"], "ja", dt.date(2024, 1, 1), established=dt.date(2005, 3, 31))
    assert corpus.findings == []
    assert integrity.check(ctx) == []


# --- invalid-revision-date and missing-summary (read by revisions.py) --------------------

@pytest.mark.parametrize("name", ["2025-13-01", "2025-4-1", "２０２５-０４-０１", "draft", "2025-02-30"])
def test_a_folder_not_named_by_a_real_iso_date_is_refused(tmp_path: Path, name: str) -> None:
    write_revision(tmp_path / "docs", "2024-04-01")
    write_revision(tmp_path / "docs", name)
    corpus = load_revisions(tmp_path / "docs", ["ja", "en"], root=tmp_path)
    (finding,) = corpus.findings
    assert (finding.rule, finding.severity, finding.file) == ("invalid-revision-date", "error", f"docs/{name}")
    assert "YYYY-MM-DD" in finding.hint
    assert [r.name for r in corpus.revisions] == ["2024-04-01"]


def test_a_revision_without_revision_yml_has_no_summary(tmp_path: Path) -> None:
    write_revision(tmp_path / "docs", "2024-04-01", meta=None)
    (finding,) = load_revisions(tmp_path / "docs", ["ja", "en"], root=tmp_path).findings
    assert (finding.rule, finding.file) == ("missing-summary", "docs/2024-04-01/revision.yml")


@pytest.mark.parametrize("meta", ["summary:\n  ja: 改定\n", "summary:\n  ja: 改定\n  en: ''\n", "summary:\n  ja: 改定\n  en:\n"])
def test_a_summary_missing_in_one_language_is_reported_for_that_language(tmp_path: Path, meta: str) -> None:
    write_revision(tmp_path / "docs", "2024-04-01", meta=meta)
    (finding,) = load_revisions(tmp_path / "docs", ["ja", "en"], root=tmp_path).findings
    assert (finding.rule, finding.lang, finding.line) == ("missing-summary", "en", 1)


# --- notice-period -------------------------------------------------------------------

def test_an_upcoming_revision_that_was_not_announced_is_a_warning(tmp_path: Path) -> None:
    write_revision(tmp_path / "docs", "2024-04-01")
    (finding,) = integrity.check(context(tmp_path, dt.date(2024, 3, 20), notice_period=30))
    assert (finding.rule, finding.severity) == ("notice-period", "warning")
    assert finding.file == "docs/2024-04-01/revision.yml"
    assert "announce it by 2024-03-02" in finding.hint and "`announced: YYYY-MM-DD`" in finding.hint


def test_a_revision_announced_too_late_is_a_warning_at_its_announced_line(tmp_path: Path) -> None:
    write_revision(tmp_path / "docs", "2024-04-01", meta=SUMMARY + "announced: 2024-03-20\n")
    (finding,) = integrity.check(context(tmp_path, dt.date(2024, 3, 25)))
    assert (finding.rule, finding.line) == ("notice-period", 4)
    assert "12 day(s) before" in finding.message and "announce by 2024-03-02" in finding.message
    assert "2024-04-19" in finding.hint


@pytest.mark.parametrize(("announced", "today", "period"), [
    ("2024-03-02", dt.date(2024, 3, 20), 30),  # exactly the notice period
    (None, dt.date(2024, 4, 1), 30),  # in force already: nothing left to announce
    (None, dt.date(2024, 3, 20), 0),  # no notice period
])
def test_no_notice_period_warning(tmp_path: Path, announced: str | None, today: dt.date, period: int) -> None:
    write_revision(tmp_path / "docs", "2024-04-01", meta=SUMMARY + (f"announced: {announced}\n" if announced else ""))
    assert integrity.check(context(tmp_path, today, notice_period=period)) == []


# --- establishment-date --------------------------------------------------------------

def test_an_establishment_after_the_first_revision_is_an_error_in_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - policy:\n      established: 2024-05-01\n")
    write_revision(tmp_path / "docs", "2024-04-01")
    (finding,) = integrity.check(context(tmp_path, established=dt.date(2024, 5, 1)))
    assert (finding.rule, finding.severity, finding.file, finding.line) == ("establishment-date", "error", "mkdocs.yml", 4)
    assert "2024-04-01" in finding.message


@pytest.mark.parametrize("established", [dt.date(2024, 4, 1), dt.date(2005, 3, 31), None])
def test_an_establishment_on_or_before_the_first_revision_is_fine(tmp_path: Path, established: dt.date | None) -> None:
    write_revision(tmp_path / "docs", "2024-04-01")
    assert integrity.check(context(tmp_path, established=established)) == []


# --- published-revision-changed ------------------------------------------------------

@pytest.fixture
def published_site(tmp_path: Path) -> tuple[Path, dict[str, PublishedRevision]]:
    """A site whose two revisions were published as they are now."""
    write_revision(tmp_path / "docs", "2023-04-01")
    write_revision(tmp_path / "docs", "2024-04-01")
    corpus = load_revisions(tmp_path / "docs", ["ja", "en"], root=tmp_path)
    return tmp_path, {r.name: PublishedRevision(r.name, r.source_hash(), r.source_hashes()) for r in corpus.revisions}


def test_published_revisions_left_alone_are_fine(published_site: tuple[Path, dict[str, PublishedRevision]]) -> None:
    root, published = published_site
    assert integrity.check(context(root, published=published)) == []


@pytest.mark.parametrize(("edit", "file", "what"), [
    (lambda d: (d / "en/index.md").write_text(EN + "\nA new sentence.\n", encoding="utf-8"), "en/index.md", "was changed"),
    (lambda d: (d / "ja/cookies.md").write_text("# クッキー\n", encoding="utf-8"), "ja/cookies.md", "was added"),
    (lambda d: (d / "revision.yml").unlink(), "revision.yml", "was removed"),
])
def test_an_edit_to_a_published_revision_is_an_error_naming_the_file(
        published_site: tuple[Path, dict[str, PublishedRevision]], edit, file: str, what: str) -> None:  # type: ignore[no-untyped-def]
    root, published = published_site
    edit(root / "docs/2023-04-01")
    findings = by_rule(integrity.check(context(root, published=published)), "published-revision-changed")
    assert [(f.file, f.severity, f.revision) for f in findings] == [(f"docs/2023-04-01/{file}", "error", "2023-04-01")]
    assert what in findings[0].message
    assert "`policy-site new-revision YYYY-MM-DD`" in findings[0].hint


def test_a_deleted_published_revision_is_an_error(published_site: tuple[Path, dict[str, PublishedRevision]]) -> None:
    root, published = published_site
    shutil.rmtree(root / "docs/2023-04-01")
    (finding,) = integrity.check(context(root, published=published))
    assert (finding.rule, finding.file) == ("published-revision-changed", "docs/2023-04-01")
    assert "deleted" in finding.message


def test_a_published_revision_that_no_longer_loads_is_still_compared(
        published_site: tuple[Path, dict[str, PublishedRevision]]) -> None:
    root, published = published_site
    for lang in ("ja", "en"):
        (root / f"docs/2023-04-01/{lang}/index.md").write_bytes("# ポリシー\n".encode("shift_jis"))
    findings = by_rule(integrity.check(context(root, published=published)), "published-revision-changed")
    assert sorted(f.file for f in findings) == ["docs/2023-04-01/en/index.md", "docs/2023-04-01/ja/index.md"]


def test_a_change_is_found_by_the_revision_hash_when_no_file_hashes_were_published(
        published_site: tuple[Path, dict[str, PublishedRevision]]) -> None:
    root, published = published_site
    legacy = {name: PublishedRevision(p.name, p.source_hash, {}) for name, p in published.items()}
    assert integrity.check(context(root, published=legacy)) == []
    (root / "docs/2024-04-01/ja/index.md").write_text(JA + "追記\n", encoding="utf-8")
    (finding,) = integrity.check(context(root, published=legacy))
    assert (finding.rule, finding.file) == ("published-revision-changed", "docs/2024-04-01")


def test_a_revision_published_from_a_newer_checkout_is_a_warning_not_an_error(tmp_path) -> None:
    """Two CI runs of consecutive commits: the older one sees the newer one's revision published."""
    from policy_site.checks import CheckContext, PublishedRevision, integrity
    from policy_site.model.revisions import load_revisions

    docs = tmp_path / "docs"
    for name in ("2016-06-01",):
        (docs / name / "ja").mkdir(parents=True)
        (docs / name / "ja" / "index.md").write_text("# t\n\n## a {#a}\n\ntext\n")
        (docs / name / "revision.yml").write_text("summary: {ja: s}\n")
    corpus = load_revisions(docs, ["ja"], root=tmp_path)
    published = {n: PublishedRevision(n, "x", {}) for n in ("2015-01-01", "2030-01-01")}
    ctx = CheckContext(corpus=corpus, languages=["ja"], controlling_language="ja",
                       today=__import__("datetime").date(2026, 11, 27), published=published)
    found = {(f.rule, f.revision, f.severity) for f in integrity.check(ctx)}
    assert ("published-revision-ahead", "2030-01-01", "warning") in found
    assert ("published-revision-changed", "2015-01-01", "error") in found
