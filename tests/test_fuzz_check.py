"""Whatever an author saves, the check reports findings; it never crashes."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_site.checks import CheckContext, PublishedRevision, integrity, parity, safety
from policy_site.facts import contact_channels, extract_facts, has_address
from policy_site.findings import Finding

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
ident = st.from_regex(r"\A[a-z][a-z0-9\-]{0,8}\Z")
attribute = st.one_of(
    ident.map(lambda i: f"#{i}"), ident.map(lambda i: f".{i}"),
    st.tuples(st.sampled_from(["data-disclosure", "onclick", "href", "title", "lang"]), words).map(
        lambda kv: f'{kv[0]}="{kv[1]}"'),
)
heading = st.tuples(st.integers(1, 7), words, st.lists(attribute, max_size=3), st.booleans()).map(
    lambda h: "#" * h[0] + " " + h[1] + (" {" + (": " if h[3] else "") + " ".join(h[2]) + "}" if h[2] else ""))
tag = st.sampled_from(["script", "iframe", "div", "a", "img", "svg", "details", "br", "p", "span", "x:y", "!--", "?php"])
html_fragment = st.tuples(tag, st.lists(st.tuples(st.sampled_from(["href", "src", "onload", "style", "class", "srcset"]),
                                                  st.sampled_from(["javascript:x", "java&#115;cript:", "data:text/html,x",
                                                                   "https://e.example", "", "\"", "&#", "<"])), max_size=2),
                          st.booleans()).map(
    lambda t: "<" + t[0] + "".join(f' {k}="{v}"' for k, v in t[1]) + (">" if t[2] else ""))
fact_like = st.sampled_from([
    "〒106-6224", "0570-088-335", "+81 3 1234 5678", "+", "+81", "2024年4月1日", "令和元年5月1日", "April 1, 2024",
    "2024-02-30", "1万2,000円", "¥", "5％", "info@mail.dmm.com", "https://[::1", "http://x:99999/", "www.", "[x](javascript:",
    "[r]: <javascript:", "](<", "```", "~~~", "`", "``x``", "\\<", "- item", "1. item", "    code", "{#", "{: onclick=x}",
])
line = st.one_of(heading, html_fragment, fact_like, words, st.lists(st.one_of(words, fact_like, html_fragment), max_size=4).map(" ".join))
markdown = st.tuples(st.lists(line, max_size=25), st.sampled_from(["\n", "\r\n", "\r"])).map(lambda t: t[1].join(t[0]))


def run_all(files: dict[str, bytes], published: dict[str, PublishedRevision] | None = None) -> list[Finding]:
    """Write `files` under docs/, then read and check them the way `policy-site check` does."""
    from policy_site.model.revisions import load_revisions

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, data in files.items():
            path = root / "docs" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        corpus = load_revisions(root / "docs", ["ja", "en"], root=root)
        ctx = CheckContext(corpus, ["ja", "en"], "ja", dt.date(2024, 3, 1), established=dt.date(2024, 1, 1),
                           allow_html=["p"], published=published or {})
        findings = corpus.findings + parity.check(ctx) + integrity.check(ctx) + safety.check(ctx)
    assert all(isinstance(f, Finding) and f.rule and f.message for f in findings)
    return findings


@FUZZ
@given(st.binary(max_size=400), st.binary(max_size=200))
def test_random_bytes_never_crash_the_check(document: bytes, meta: bytes) -> None:
    run_all({"2024-04-01/ja/index.md": document, "2024-04-01/en/index.md": document[::-1],
             "2024-04-01/revision.yml": meta})


@FUZZ
@given(markdown, markdown, st.sampled_from([b"", b"\xef\xbb\xbf"]))
def test_random_markdown_never_crashes_the_check(ja: str, en: str, bom: bytes) -> None:
    meta = "summary:\n  ja: 改定\n  en: Revised\nannounced: 2024-03-01\n".encode()
    findings = run_all({"2024-04-01/ja/index.md": bom + ja.encode("utf-8", "surrogatepass"),
                        "2024-04-01/en/index.md": en.encode("utf-8", "surrogatepass"),
                        "2024-04-01/revision.yml": meta},
                       published={"2024-04-01": PublishedRevision("2024-04-01", "0" * 64, {"ja/index.md": "0" * 64})})
    assert any(f.rule == "published-revision-changed" for f in findings)


@FUZZ
@given(st.lists(st.one_of(words, fact_like, html_fragment, st.text(max_size=30)), max_size=10).map("".join))
def test_random_text_never_crashes_the_fact_reader(text: str) -> None:
    for fact in extract_facts(text, "ja"):
        assert fact.value and fact.raw
        assert fact.raw in text
    assert all(channel for channel in contact_channels(text))
    assert has_address(text) in (True, False)
