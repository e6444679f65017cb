"""stale-revision-date: a date the text labels as the revision's own must be its effective date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from policy_site.checks import PublishedRevision
from policy_site.checks.revision_dates import check
from test_disclosures import context, policy, site

DATES = {"ja": "最終改定：2026年12月2日", "en": "Last updated: December 2, 2026"}


def test_a_copied_last_updated_line_in_a_new_revision_is_a_warning_in_each_language(tmp_path: Path) -> None:
    corpus = site(tmp_path, {
        "2026-12-02": {lang: policy(lang, stamp=DATES[lang]) for lang in ("ja", "en")},
        "2027-06-01": {lang: policy(lang, stamp=DATES[lang]) for lang in ("ja", "en")},
    })
    findings = check(context(corpus, today=dt.date(2027, 5, 1)))
    assert [(f.rule, f.severity, f.revision, f.lang) for f in findings] == [
        ("stale-revision-date", "warning", "2027-06-01", "ja"), ("stale-revision-date", "warning", "2027-06-01", "en")]
    en = findings[1]
    assert en.file == "docs/2027-06-01/en/index.md"
    text = (tmp_path / en.file).read_text(encoding="utf-8")
    assert text.split("\n")[en.line - 1] == "Last updated: December 2, 2026"
    assert "“December 2, 2026” as “Last updated”" in en.message and "2027-06-01" in en.message
    assert "2027-06-01" in en.hint


def test_the_right_date_other_labels_and_dates_elsewhere_are_quiet(tmp_path: Path) -> None:
    ok = {
        "ja": "最終改定：2027年6月1日  \n制定：2005年3月31日\n\n<!-- 最終改定：2020年1月1日 -->\n\n"
              "改定は公表した時点（別途施行日を定めた場合は、当該施行日）から適用します。2020年1月1日",
        "en": "**Effective date:** June 1, 2027\n\nEstablished: March 31, 2005\n\n"
              "Effective immediately, the changes we announced on January 1, 2020 apply.\n\n"
              "```\nLast updated: 2020-01-01\n```",
    }
    corpus = site(tmp_path, {"2027-06-01": {lang: policy(lang, stamp=ok[lang]) for lang in ("ja", "en")}})
    assert check(context(corpus, today=dt.date(2027, 5, 1))) == []


def test_a_month_is_enough_when_the_text_gives_only_a_month(tmp_path: Path) -> None:
    stamps = {"ja": "最終更新日：2027年6月1日", "en": "- *Last revised* June 2027"}
    corpus = site(tmp_path, {"2027-06-01": {lang: policy(lang, stamp=stamps[lang]) for lang in ("ja", "en")}})
    assert check(context(corpus, today=dt.date(2027, 5, 1))) == []
    stamps["en"] = "- *Last revised* May 2027"
    other = site(tmp_path / "b", {"2027-06-01": {lang: policy(lang, stamp=stamps[lang]) for lang in ("ja", "en")}})
    assert [f.lang for f in check(context(other, today=dt.date(2027, 5, 1)))] == ["en"]


def test_published_and_superseded_revisions_are_left_alone(tmp_path: Path) -> None:
    corpus = site(tmp_path, {
        "2025-01-01": {lang: policy(lang, stamp=DATES[lang]) for lang in ("ja", "en")},
        "2026-01-01": {lang: policy(lang, stamp=DATES[lang]) for lang in ("ja", "en")},
        "2027-06-01": {lang: policy(lang, stamp=DATES[lang]) for lang in ("ja", "en")},
    })
    published = {"2026-01-01": PublishedRevision("2026-01-01", "x", {})}
    findings = check(context(corpus, today=dt.date(2026, 6, 1), published=published))
    assert {f.revision for f in findings} == {"2027-06-01"}


def test_a_history_of_revision_dates_is_judged_by_its_latest_line(tmp_path: Path) -> None:
    """A text that lists its history (制定日, then one 改定日 per revision, each a line of its
    own) dates this revision by its last line; a history whose last line is an older
    revision's date is still stale."""
    history = {"ja": "制定日：2015年10月1日  \n改定日：2022年4月1日  \n改定日：2027年6月1日",
               "en": "Established: October 1, 2015  \nRevised: April 1, 2022  \nRevised: June 1, 2027"}
    corpus = site(tmp_path, {"2027-06-01": {lang: policy(lang, stamp=history[lang]) for lang in ("ja", "en")}})
    assert check(context(corpus, today=dt.date(2027, 5, 1))) == []
    stale = {lang: text.rsplit("  \n", 1)[0] for lang, text in history.items()}
    other = site(tmp_path / "b", {"2027-06-01": {lang: policy(lang, stamp=stale[lang]) for lang in ("ja", "en")}})
    findings = check(context(other, today=dt.date(2027, 5, 1)))
    assert [(f.lang, f.message.split("”")[0]) for f in findings] == [("ja", "the text labels “2022年4月1日"),
                                                                     ("en", "the text labels “April 1, 2022")]
