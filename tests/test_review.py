"""The annual review (ccpa-annual-update): shown as dates, warned 30 days ahead, an error only when overdue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policy_site.checks.disclosures import check, checklist
from policy_site.checks.review import anniversary
from policy_site.findings import Finding
from test_disclosures import both, context, site


def review(tmp_path: Path, revisions: tuple[str, ...], today: dt.date, **settings) -> list[Finding]:
    corpus = site(tmp_path, {name: both() for name in revisions})
    return [f for f in check(context(corpus, laws=["ccpa"], today=today, **settings))
            if f.rule == "ccpa-annual-update"]


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2027, 5, 1), []),                      # 31 days before the due date: quiet
    (dt.date(2027, 5, 2), [("warning", "30 days from 2027-05-02")]),
    (dt.date(2027, 5, 31), [("warning", "1 days from 2027-05-31")]),
    (dt.date(2027, 6, 1), [("warning", "0 days from 2027-06-01")]),  # the last day is still on time
    (dt.date(2027, 6, 2), [("error", "was due to take effect by 2027-06-01, and none has")]),
    (dt.date(2028, 1, 1), [("error", "was due to take effect by 2027-06-01, and none has")]),
])
def test_a_single_revision_is_warned_30_days_ahead_and_overdue_the_day_after(
        tmp_path: Path, today: dt.date, expected: list[tuple[str, str]]) -> None:
    findings = review(tmp_path, ("2026-06-01",), today)
    assert [(f.severity, next((e for _, e in expected if e in f.message), f.message)) for f in findings] == expected
    for f in findings:
        assert f.file == "docs/2026-06-01/revision.yml" and f.revision == "2026-06-01"
        assert f.citation == "CCPA Civ. Code 1798.130(a)(5)"
    if expected and expected[0][0] == "warning":
        assert "policy-site new-revision 2027-06-01" in findings[0].hint


def test_an_upcoming_revision_in_time_silences_the_warning_and_a_late_one_does_not(tmp_path: Path) -> None:
    assert review(tmp_path / "a", ("2026-06-01", "2027-06-01"), dt.date(2027, 5, 20)) == []
    late = review(tmp_path / "b", ("2026-06-01", "2027-06-02"), dt.date(2027, 5, 20))
    assert [(f.revision, f.severity) for f in late] == [("2026-06-01", "warning")]
    assert "the next revision takes effect on 2027-06-02" in late[0].message
    # still scheduled too late once the due date has passed: the revision in force is overdue
    overdue = review(tmp_path / "c", ("2026-06-01", "2027-07-01"), dt.date(2027, 6, 2))
    assert [(f.revision, f.severity) for f in overdue] == [("2026-06-01", "error")]
    # once the late revision is in force, the old one is history: a warning that cannot be fixed
    history = review(tmp_path / "d", ("2026-06-01", "2027-07-01"), dt.date(2027, 7, 1))
    assert [(f.revision, f.severity) for f in history] == [("2026-06-01", "warning")]
    assert "published history stays as it is" in history[0].hint


def test_a_downgraded_review_is_never_an_error(tmp_path: Path) -> None:
    findings = review(tmp_path, ("2026-06-01",), dt.date(2027, 8, 1),
                      downgrade={"ccpa-annual-update": "reviewed by counsel, see ticket 12"})
    assert [f.severity for f in findings] == ["warning"]


def test_29_february_is_due_on_28_february() -> None:
    assert anniversary(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert anniversary(dt.date(2026, 6, 1)) == dt.date(2027, 6, 1)


def test_the_disclosures_page_shows_the_review_dates_not_not_disclosed(tmp_path: Path) -> None:
    corpus = site(tmp_path, {"2026-06-01": both()})
    rev = corpus.get("2026-06-01")
    for today, status in ((dt.date(2026, 6, 1), "met"), (dt.date(2027, 6, 1), "met"), (dt.date(2027, 6, 2), "missing")):
        items = {i.rule: i for i in checklist(context(corpus, laws=["ccpa"], today=today), rev, "en")}
        item = items["ccpa-annual-update"]
        assert (item.reviewed, item.review_due, item.status) == (dt.date(2026, 6, 1), dt.date(2027, 6, 1), status)
