"""The cache of document models on disk: a second `check` reads what the first one rendered,
and never a result that another text, other settings or other code would give."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_site.checks import safety
from policy_site.model import document, store
from policy_site.model.render import MarkdownSettings

REPO = Path(__file__).resolve().parent.parent
TEXT = "# Policy\n\n## Contact {#contact}\n\nWrite to privacy@example.com.\n"
POLICY_SITE = str(Path(sys.executable).parent / "policy-site")


@pytest.fixture
def cache(tmp_path: Path):
    """A cache folder in use, and the in-process caches emptied as in a new process."""
    folder = tmp_path / "cache"
    previous = store.directory()
    store.use_directory(folder)
    document.forget_read_documents()
    safety._CACHE.clear()
    yield folder
    store.use_directory(previous)
    document.forget_read_documents()
    safety._CACHE.clear()


def entries(folder: Path, kind: str) -> list[Path]:
    return sorted(p for p in (folder / kind).rglob("*") if p.is_file() and not p.name.startswith("."))


def forbid_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    def render(*_: object) -> None:
        raise AssertionError("rendered although the cache holds the model")
    monkeypatch.setattr(document, "_render_model", render)


def test_a_new_process_reads_the_model_back_without_rendering(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = document.read_document(TEXT)
    assert len(entries(cache, "models")) == 1
    document.forget_read_documents()
    forbid_rendering(monkeypatch)
    again = document.read_document(TEXT)
    assert again == first and [s.id for s in again.sections] == ["contact"]


def test_another_text_or_other_settings_are_rendered_again(cache: Path) -> None:
    document.read_document(TEXT)
    edited = document.read_document(TEXT.replace("privacy@", "dpo@"))
    assert "dpo@" in edited.sections[0].text
    plain = document.read_document(TEXT, MarkdownSettings.from_list([]))  # no attr_list: {#contact} is text
    assert plain.sections == [] and "{#contact}" in plain.headings[1].title
    assert len(entries(cache, "models")) == 3


def test_other_code_never_reads_an_entry(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document.read_document(TEXT)
    monkeypatch.setattr(store, "fingerprint", lambda: "another version of policy_site")
    document.forget_read_documents()
    document.read_document(TEXT)
    assert len(entries(cache, "models")) == 2


def test_a_damaged_entry_is_rendered_again(cache: Path) -> None:
    first = document.read_document(TEXT)
    (entry,) = entries(cache, "models")
    entry.write_bytes(b"half an entry")
    document.forget_read_documents()
    assert document.read_document(TEXT) == first
    assert entry.read_bytes() != b"half an entry"


def test_no_cache_folder_keeps_nothing(tmp_path: Path) -> None:
    previous = store.directory()
    store.use_directory(None)
    try:
        document.forget_read_documents()
        assert document.read_document(TEXT).sections[0].id == "contact"
    finally:
        store.use_directory(previous)
    assert list(tmp_path.iterdir()) == []


def test_safety_judgment_is_cached_with_what_html_is_allowed(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = TEXT + "\n<div>raw</div>\n"
    settings = MarkdownSettings.from_list(["attr_list", "md_in_html"])
    refused = safety.judge(text, settings)
    allowed = safety.judge(text, settings, {"div"})
    assert [f[0] for f in refused] == ["raw-html"] and allowed == []
    safety._CACHE.clear()
    monkeypatch.setattr(safety, "_judge", lambda *_: pytest.fail("judged again although the cache holds it"))
    assert safety.judge(text, settings) == refused and safety.judge(text, settings, {"div"}) == allowed


def test_check_twice_gives_the_same_report_and_git_ignores_the_cache(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, site / name)
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    runs = [subprocess.run([POLICY_SITE, "check", "--today", "2026-11-27", "--format", "json"], cwd=site,
                           capture_output=True, text=True) for _ in range(2)]
    assert runs[0].returncode == runs[1].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    folder = site / store.CACHE_FOLDER
    assert entries(folder, "models") and entries(folder, "safety")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=site,
                            capture_output=True, text=True, check=True).stdout
    assert ".cache" not in status and "docs/" in status
