"""`policy-site fmt` cleans the text of the sources; `new-revision` starts the next revision."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

import pytest

from policy_site.errors import PolicySiteError
from policy_site.fmt import format_docs
from policy_site.model.revisions import load_revisions
from policy_site.scaffold import new_revision

DOCS = Path(__file__).resolve().parents[1] / "docs"
CLEAN = "# ポリシー\n\n## ガイド {#guide}\n\nデータ\n"


def text_format_findings(docs: Path) -> list[str]:
    return [f.file or "" for f in load_revisions(docs, ["ja", "en"]).findings if f.rule == "text-format"]


# --- fmt ------------------------------------------------------------------------------

@pytest.mark.parametrize("dirty", [
    b"\xef\xbb\xbf" + CLEAN.encode(),
    CLEAN.replace("\n", "\r\n").encode(),
    CLEAN.replace("\n", "\r").encode(),
    unicodedata.normalize("NFD", CLEAN).encode(),  # ガ and デ typed as kana + combining dakuten
])
def test_fmt_rewrites_what_the_check_warns_about(tmp_path: Path, dirty: bytes) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS / "2022-04-01", docs / "2022-04-01")
    target = docs / "2022-04-01/ja/index.md"
    target.write_bytes(dirty)
    assert text_format_findings(docs)
    assert format_docs(docs).changed == [target]
    assert target.read_bytes() == CLEAN.encode()
    assert text_format_findings(docs) == []
    assert format_docs(docs).changed == []


def test_fmt_cleans_revision_yml_too_and_leaves_clean_files_untouched(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    meta = docs / "2016-06-01/revision.yml"
    meta.write_bytes(meta.read_bytes().replace(b"\n", b"\r\n"))
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    assert format_docs(docs).changed == [meta]
    assert b"\r" not in meta.read_bytes()
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")} == before


def test_fmt_leaves_files_that_are_not_utf8_alone_and_lists_them(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    sjis = docs / "2024-04-01/ja/index.md"
    sjis.parent.mkdir(parents=True)
    data = "# プライバシーポリシー\r\n".encode("shift_jis")
    sjis.write_bytes(data)
    result = format_docs(docs)
    assert (result.changed, result.not_utf8) == ([], [sjis])
    assert sjis.read_bytes() == data


def test_fmt_can_leave_published_revisions_alone(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    for md in docs.rglob("index.md"):
        md.write_bytes(b"\xef\xbb\xbf" + md.read_bytes())
    changed = format_docs(docs, skip_revisions={"2016-06-01"}).changed
    assert sorted(p.relative_to(docs).as_posix() for p in changed) == ["2022-04-01/en/index.md", "2022-04-01/ja/index.md"]


# --- new-revision ---------------------------------------------------------------------

def test_a_new_revision_copies_the_newest_and_asks_for_a_summary(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    folder = new_revision(docs, dt.date(2025, 4, 1), ["ja", "en"], today=dt.date(2025, 2, 1))
    assert folder == docs / "2025-04-01"
    for lang in ("ja", "en"):
        assert (folder / lang / "index.md").read_bytes() == (docs / "2022-04-01" / lang / "index.md").read_bytes()
    meta = (folder / "revision.yml").read_text(encoding="utf-8")
    assert "# announced: 2025-02-01" in meta
    corpus = load_revisions(docs, ["ja", "en"])
    assert [r.name for r in corpus.revisions] == ["2016-06-01", "2022-04-01", "2025-04-01"]
    assert corpus.get("2025-04-01").announced is None  # type: ignore[union-attr]
    assert sorted((f.rule, f.lang, f.file) for f in corpus.findings) == [
        ("missing-summary", "en", "docs/2025-04-01/revision.yml"), ("missing-summary", "ja", "docs/2025-04-01/revision.yml")]


def test_the_first_revision_starts_from_a_title_per_language(tmp_path: Path) -> None:
    folder = new_revision(tmp_path / "docs", dt.date(2025, 4, 1), ["ja", "en"])
    assert (folder / "ja/index.md").read_text(encoding="utf-8") == "# プライバシーポリシー\n"
    assert (folder / "en/index.md").read_text(encoding="utf-8") == "# Privacy Policy\n"


def test_a_new_revision_must_take_effect_after_the_newest(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    for date in (dt.date(2022, 3, 31), dt.date(2020, 1, 1)):
        with pytest.raises(PolicySiteError, match="is not after the newest revision, 2022-04-01"):
            new_revision(docs, date, ["ja", "en"])
    assert sorted(p.name for p in docs.iterdir()) == ["2016-06-01", "2022-04-01"]


def test_an_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "2025-04-01").mkdir(parents=True)
    with pytest.raises(PolicySiteError, match=r"^docs/2025-04-01/ already exists"):
        new_revision(docs, dt.date(2025, 4, 1), ["ja", "en"])
    assert list((docs / "2025-04-01").iterdir()) == []
