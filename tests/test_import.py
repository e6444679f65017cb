"""`policy-site import`: real policies' layouts become the content format, word for word.

The fixtures under tests/data/import/ are written for these tests, modelled on the
structures of real Japanese and English policies (pseudo-headings, （1） lists,
cross-references, a Japanese-only first revision, an English translation added
later); no third-party policy text is copied.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, SiteRepo, git, make_site_repo
from policy_site.importer.html import html_to_markdown
from policy_site.importer.reading import read_source
from policy_site.importer.structure import normalize_markdown
from policy_site.model.revisions import Document, load_revisions

DATA = Path(__file__).parent / "data" / "import"
HISTORY = DATA / "history"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def written_words(markdown: str) -> list[str]:
    """The words of imported Markdown less the markup import adds (attribute lists)."""
    return words("\n".join(re.sub(r"[ \t]*\{#[^{}]*\}[ \t]*$", "", ln) for ln in markdown.split("\n")))


def without_front_matter(text: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def convert(text: str) -> str:
    doc = normalize_markdown(text)
    return doc.markdown([f"s{n}" for n in range(len(doc.headings))], [[] for _ in doc.headings])


def empty_site(tmp_path: Path) -> SiteRepo:
    """The example site's configuration with no revision yet."""
    return make_site_repo(tmp_path, revisions=())


# --- structure ------------------------------------------------------------------


@pytest.mark.parametrize(("line", "title"), [
    ("＜利用目的＞", "利用目的"),
    ("【利用目的】", "利用目的"),
    ("**【利用目的】**", "利用目的"),
    ("**[Purposes of Use]**", "Purposes of Use"),
    ("〈利用目的〉", "利用目的"),
    ("■ 利用目的", "利用目的"),
    ("第2条（利用目的）", "第2条（利用目的）"),
    ("第二条 利用目的", "第二条 利用目的"),
    ("Article 2 (Purposes of Use)", "Article 2 (Purposes of Use)"),
    ("**Purposes of Use**", "Purposes of Use"),
    ("2. 利用目的", "2. 利用目的"),
    ("２．利用目的", "２．利用目的"),
    ("（利用目的）", "利用目的"),
    ("第２章 利用目的", "第２章 利用目的"),
])
def test_a_pseudo_heading_becomes_a_heading_and_keeps_its_words(line: str, title: str) -> None:
    doc = normalize_markdown(f"# プライバシーポリシー\n\n前文です。\n\n{line}\n当社は次の目的で利用します。\n")
    assert [(h.level, h.title) for h in doc.headings] == [(2, title)]
    assert f"## {title} {{#s0}}\n\n当社は次の目的で利用します。" in convert(
        f"# プライバシーポリシー\n\n前文です。\n\n{line}\n当社は次の目的で利用します。\n")


@pytest.mark.parametrize("lines", [
    "（1）氏名\n（2）住所", "(1) 氏名\n(2) 住所", "①氏名\n②住所", "ア）氏名\nイ）住所", "(a) name\n(b) address",
    "1) 氏名\n2) 住所",
])
def test_numbered_item_lines_become_list_items_not_headings(lines: str) -> None:
    out = convert(f"# T\n\n当社は次の情報を取得します。\n{lines}\n以上です。\n")
    first, second = lines.split("\n")
    assert f"当社は次の情報を取得します。\n\n- {first}\n- {second}\n\n以上です。" in out
    assert normalize_markdown(f"# T\n\n{lines}\n").headings == []


def test_lines_of_their_own_stay_lines() -> None:
    out = convert("# T\n\n株式会社サンプル\n〒100-0005 東京都千代田区\n代表取締役 山田\n\nA long English sentence that was soft-wrapped by its author at\nsome column stays one paragraph.\n")
    assert "株式会社サンプル  \n〒100-0005 東京都千代田区  \n代表取締役 山田\n" in out
    assert "author at\nsome column" in out


def test_bullets_become_list_items() -> None:
    assert "連絡先\n\n- 電話：03-5555-0101\n- メール：a@example.jp" in convert("# T\n\n連絡先\n・電話：03-5555-0101\n・メール：a@example.jp\n")


def test_a_run_of_numbered_lines_is_a_list_and_a_numbered_sentence_no_heading() -> None:
    out = convert("# T\n\n当社は次の目的で利用します。\n1. 発送\n2. 回答\n\n1. 当社は、個人情報を適切に取り扱います。\n")
    assert "利用します。\n\n1. 発送\n2. 回答" in out
    assert normalize_markdown(out).headings == []


def test_statute_style_captions_head_their_articles() -> None:
    doc = normalize_markdown("# 規程\n\n第1章 総則\n\n（目的）\n第1条 この規程は、個人情報の取扱いを定める。\n\n（定義）\n第2条 この規程で個人情報とは、法に定めるものをいう。\n")
    assert [(h.level, h.title) for h in doc.headings] == [(2, "第1章 総則"), (3, "目的"), (3, "定義")]


def test_standalone_numbered_titles_in_sequence_are_headings() -> None:
    doc = normalize_markdown("# T\n\n1. 個人情報の定義\n\n本文。\n\n2. 利用目的\n\n本文。\n\n1. 会員管理のため\n")
    assert [h.title for h in doc.headings] == ["1. 個人情報の定義", "2. 利用目的"]


@pytest.mark.parametrize(("numerals", "separator"), [
    (("I", "II", "III", "IV"), ". "), (("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"), "．"), (("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"), "　"),
])
def test_roman_numbered_titles_become_headings(numerals: tuple[str, ...], separator: str) -> None:
    titles = ["総則", "利用目的", "第三者提供", "お問い合わせ"]
    text = "# プライバシーポリシー\n\n前文です。\n\n" + "".join(
        f"{n}{separator}{t}\n当社は、{t}について次のとおり定めます。\n\n" for n, t in zip(numerals, titles))
    doc = normalize_markdown(text)
    assert [(h.level, h.title) for h in doc.headings] == [(2, f"{n}{separator}{t}".strip()) for n, t in
                                                          zip(numerals, titles)]
    assert written_words(convert(text)) == words(text)


def test_roman_parts_with_numbered_sections_nest_and_a_roman_sentence_stays_text() -> None:
    text = ("# Privacy Policy\n\nI. General Provisions\n\n1. Definitions\n\nText.\n\n2. Scope\n\nText.\n\n"
            "II. Use of Information\n\n1. Purposes\n\nText.\n\nI agree that this is a sentence\n\nV. Smith, Director\n")
    doc = normalize_markdown(text)
    assert [(h.level, h.title) for h in doc.headings] == [
        (2, "I. General Provisions"), (3, "1. Definitions"), (3, "2. Scope"), (2, "II. Use of Information"),
        (3, "1. Purposes")]


def test_a_numbered_title_followed_by_a_numbered_list_heads_it_and_the_list_stays_a_list() -> None:
    for gap in ("\n", "\n\n"):
        text = (f"# プライバシーポリシー\n\n前文です。\n\n1. 利用目的{gap}1. 商品の発送\n2. お問い合わせへの回答\n"
                f"3. 新商品のご案内\n\n2. 第三者提供{gap}当社は、個人データを第三者に提供しません。\n")
        doc = normalize_markdown(text)
        assert [h.title for h in doc.headings] == ["1. 利用目的", "2. 第三者提供"]
        out = convert(text)
        assert "## 1. 利用目的 {#s0}\n\n1. 商品の発送\n2. お問い合わせへの回答\n3. 新商品のご案内\n\n## 2. 第三者提供" in out
        sections = Document("index", "ja", Path("ja/index.md"), "ja/index.md", out).sections
        assert [s.list_items for s in sections] == [3, 0]
        assert written_words(out) == words(text)


def test_full_width_numbered_lines_are_titles_when_title_like_and_list_items_when_sentences() -> None:
    text = ("# プライバシーポリシー\n\n前文です。\n\n１．利用目的\n当社は、次の目的で利用します。\n"
            "１．ご注文いただいた商品を発送するため、お客様の住所を利用します。\n"
            "２．お問い合わせに回答するため、メールアドレスを利用します。\n\n"
            "２．取得する情報\n当社は次の情報を取得します。\n1．氏名\n2．住所\n")
    doc = normalize_markdown(text)
    assert [h.title for h in doc.headings] == ["１．利用目的", "２．取得する情報"]
    out = convert(text)
    assert ("当社は、次の目的で利用します。\n\n- １．ご注文いただいた商品を発送するため、お客様の住所を利用します。\n"
            "- ２．お問い合わせに回答するため、メールアドレスを利用します。\n\n## ２．取得する情報") in out
    assert "当社は次の情報を取得します。\n\n- 1．氏名\n- 2．住所\n" in out
    sections = Document("index", "ja", Path("ja/index.md"), "ja/index.md", out).sections
    assert [s.list_items for s in sections] == [2, 2]
    assert written_words(out) == words(text)


def test_front_matter_goes_and_one_h1_stays() -> None:
    doc = normalize_markdown("---\ntitle: x\n---\n# ポリシー\n\n本文。\n\n# 附則\n\n本文。\n")
    assert doc.title is not None and doc.title.title == "ポリシー"
    assert [(h.level, h.title) for h in doc.headings] == [(2, "附則")]
    assert "title: x" not in convert("---\ntitle: x\n---\n# ポリシー\n\n本文。\n")


def test_a_short_first_line_is_the_title_when_there_is_no_h1() -> None:
    doc = normalize_markdown("プライバシーポリシー\n\n当社は、次のとおり定めます。\n")
    assert doc.title is not None and doc.title.title == "プライバシーポリシー"


@pytest.mark.parametrize("path", sorted(HISTORY.glob("*.md")) + [DATA / "no-security.md"], ids=lambda p: p.name)
def test_the_words_of_the_input_are_the_words_of_the_output(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert written_words(convert(text)) == words(without_front_matter(text))


# --- the command ------------------------------------------------------------------


@pytest.fixture
def served() -> Iterator[str]:
    """tests/data/import over HTTP on 127.0.0.1 (a company's page, as import fetches it)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(DATA))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_import_one_revision_from_markdown_and_a_url(tmp_path: Path, served: str) -> None:
    site = empty_site(tmp_path)
    result = site.run("import", "--ja", f"{served}/company-page.html", "--en", str(HISTORY / "en-3.md"),
                      "--effective", "2024-04-01")
    assert result.code == 0, result.err
    ja = (site.path / "docs/2024-04-01/ja/index.md").read_text(encoding="utf-8")
    assert ja.startswith("# 個人情報の取扱いについて\n")
    assert "## 2. 利用目的 {#purposes" in ja and "製品情報" not in ja and "ニュースレター" not in ja
    assert "窓口：さくら電機株式会社 お客様相談室  \n電話：06-7777-0202" in ja
    html = (DATA / "company-page.html").read_text(encoding="utf-8")
    main = BeautifulSoup(html, "lxml").select_one("main")
    assert main is not None and written_words(ja) == words(main.get_text(" "))
    assert "review docs/2024-04-01/ja/index.md:" in result.out
    assert re.search(r"#purposes data-disclosure appi-purposes-of-use \(from: 利用目的\)", result.out)
    # the purposes section also publishes the purposes of the personal information acquired (Art.21)
    assert re.search(r"#purposes data-disclosure appi-purposes-published \(from: 利用目的\)", result.out)
    meta = yaml.safe_load((site.path / "docs/2024-04-01/revision.yml").read_text(encoding="utf-8"))
    assert set(meta["summary"]) == {"ja", "en"} and "languages" not in meta


def test_the_date_comes_from_the_text_when_not_given(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    result = site.run("import", "--ja", str(DATA / "no-security.md"))
    assert result.code == 0, result.err
    assert "effective date from a dated line" in result.out
    meta = yaml.safe_load((site.path / "docs/2024-05-01/revision.yml").read_text(encoding="utf-8"))
    assert meta["languages"] == ["ja"]


def test_check_still_reports_what_a_policy_lacks(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    assert site.run("import", "--ja", str(DATA / "no-security.md"), "--en", str(HISTORY / "en-3.md")).code == 0
    check = site.run("check", "--today", "2024-05-02")
    assert check.code == 1
    assert "appi-security-measures" in check.out  # no section proposed for what the text does not say


def test_import_errors_are_one_line(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    missing = site.run("import", "--ja", "nowhere.md", "--effective", "2024-04-01")
    assert missing.code == 1 and missing.err.count("\n") == 1
    assert missing.err.startswith("error: nowhere.md: no such file;")
    undated = site.run("import", "--ja", str(HISTORY / "en-3.md").replace("en-3", "ja-1"), "--en", str(DATA / "company-page.html"))
    assert undated.code == 0, undated.err  # ja-1 has 制定日
    again = site.run("import", "--ja", str(HISTORY / "ja-1.md"))
    assert again.code == 1 and "docs/2019-04-01/ja/index.md already exists" in again.err and "Traceback" not in again.err
    no_repo = site.run("import", "--git", str(tmp_path), "--ja", "policy.md")
    assert no_repo.code == 1 and "not a git repository" in no_repo.err
    assert site.run("import", "--source", "de=x.md").code == 2


# --- a history ------------------------------------------------------------------------


def make_history(tmp_path: Path) -> Path:
    """A company's website repository: the policy in four revisions, two of them Japanese-only,
    the English added in July to the April 2022 revision."""
    repo = tmp_path / "corporate-site"
    (repo / "privacy").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    steps = [("ja-1.md", None, "Add the privacy policy"), ("ja-2.md", None, "Joint use with the group"),
             ("ja-3.md", None, "Policy for the 2022 amendment"), (None, "en-3.md", "English translation"),
             ("ja-4.md", "en-4.md", "Fees and monitoring")]
    for ja, en, message in steps:
        for name, target in ((ja, "privacy/index.md"), (en, "privacy/en.md")):
            if name:
                (repo / target).write_text((HISTORY / name).read_text(encoding="utf-8"), encoding="utf-8")
        (repo / "README.md").write_text(message, encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", message)
    return repo


def test_a_four_revision_history_imports(tmp_path: Path) -> None:
    source = make_history(tmp_path)
    site = empty_site(tmp_path)
    result = site.run("import", "--git", str(source), "--ja", "privacy/index.md", "--en", "privacy/en.md")
    assert result.code == 0, result.err
    docs = site.path / "docs"
    assert sorted(p.name for p in docs.iterdir()) == ["2019-04-01", "2020-06-01", "2022-04-01", "2023-10-01"]
    metas = {p.name: yaml.safe_load((p / "revision.yml").read_text(encoding="utf-8")) for p in docs.iterdir()}
    assert [metas[d].get("languages") for d in sorted(metas)] == [["ja"], ["ja"], None, None]
    commits = git(source, "log", "--format=%H", "--reverse").split()
    assert metas["2019-04-01"]["published_elsewhere"].startswith(f"{source} commit {commits[0]}")
    assert commits[3] in metas["2022-04-01"]["published_elsewhere"]  # the English of July is that revision's
    corpus = load_revisions(docs, ["ja", "en"], root=site.path)
    ids = {r.name: [s.id for s in r.document("index", "ja").sections] for r in corpus.revisions}
    assert ids["2019-04-01"] == ["definitions", "purposes", "third-parties", "requests", "contact"]
    assert ids["2022-04-01"] == ["definitions", "purposes", "third-parties", "joint-use", "security", "requests",
                                 "contact", "operator"]
    assert ids["2023-10-01"] == ids["2022-04-01"]
    en = corpus.get("2022-04-01").document("index", "en")  # type: ignore[union-attr]
    assert [s.id for s in en.sections] == ids["2022-04-01"]
    diff = site.run("diff", "2022-04-01", "2023-10-01", "--lang", "ja", "--color", "never")
    assert diff.code == 0, diff.err
    assert "手数料は1件につき[-1,000-]{+1,100+}円です。" in diff.out
    assert "変更なし：プライバシーポリシー／第1条（個人情報の定義）／第2条（利用目的）" in diff.out
    first = site.run("diff", "2019-04-01", "2020-06-01", "--lang", "ja", "--color", "never")
    assert "新刊{+及びイベント+}のご案内" in first.out


# --- the round trip ------------------------------------------------------------------------


def test_a_built_policy_site_page_imports_back_with_the_same_sections_and_ids(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    original = make_site_repo(tmp_path / "a", revisions=("2022-04-01",))
    built = tmp_path / "built"
    assert original.run("build", "2022-04-01", "-d", str(built)).code == 0
    site = make_site_repo(tmp_path / "b", revisions=())
    result = site.run("import", "--ja", str(built / "index.html"), "--en", str(built / "en" / "index.html"),
                      "--effective", "2022-04-01")
    assert result.code == 0, result.err
    for lang in ("ja", "en"):
        before = Document("index", lang, REPO / f"docs/2022-04-01/{lang}/index.md", "",
                          (REPO / f"docs/2022-04-01/{lang}/index.md").read_text(encoding="utf-8"))
        after_path = site.path / f"docs/2022-04-01/{lang}/index.md"
        after = Document("index", lang, after_path, "", after_path.read_text(encoding="utf-8"))
        assert after.title == before.title
        assert [(s.id, s.title, s.level, s.disclosures) for s in after.sections] == \
            [(s.id, s.title, s.level, s.disclosures) for s in before.sections]
        assert written_words(after.text) == written_words(before.text)
    assert site.run("check", "--today", "2022-05-01").code == 0


# --- inputs ------------------------------------------------------------------------------


def test_html_keeps_the_article_and_its_own_header_and_footer_only() -> None:
    page = ("<html><body><header><nav>Menu</nav>Company</header><article><header><h1>Privacy</h1></header>"
            "<p>Text.</p><footer>Last updated: 2024-04-01</footer></article><footer>(c) Company</footer></body></html>")
    assert html_to_markdown(page) == "# Privacy\n\nText.\n\nLast updated: 2024-04-01\n"
    bare = "<html><body><header>Company</header><h1>Privacy</h1><p>Text.</p><footer>(c) Company</footer></body></html>"
    assert html_to_markdown(bare) == "# Privacy\n\nText.\n"


def test_shift_jis_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes("＜利用目的＞\n当社は、ご案内のために利用します。\n".encode("cp932"))
    assert read_source(str(path)).markdown.startswith("＜利用目的＞\n当社は")


def test_a_long_english_article_title_is_a_heading_as_its_japanese_one() -> None:
    """English titles run about twice as long as Japanese ones; sections stay aligned."""
    ja = normalize_markdown("# T\n\n前文。\n\n**第5条（認定個人情報保護団体）**\n\n当社は対象事業者です。\n")
    en = normalize_markdown("# T\n\nIntro.\n\n**Article 5 (Accredited Personal Information Protection Organization)**\n\n"
                            "The Company is a target business.\n")
    assert [h.title for h in ja.headings] == ["第5条（認定個人情報保護団体）"]
    assert [h.title for h in en.headings] == ["Article 5 (Accredited Personal Information Protection Organization)"]
