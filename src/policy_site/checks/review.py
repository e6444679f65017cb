"""Requirements about time, not text: a policy reviewed at least every 12 months (`kind: annual-review`,
CCPA Civ. Code 1798.130(a)(5)).

The dates of the revisions are the evidence: a revision is the review made on its effective date
(or on the day the rule began, if later), and the next revision must take effect within 12 months
of it. `review_of` says when the review was made and when the next one is due, for the Disclosures
page ("Reviewed on D; next review due by D+12 months"); `review_findings` reports:

- a warning from `WARN_DAYS` days before the due date while no revision taking effect by then
  exists (time to prepare one);
- an error once the due date has passed with the revision still in force (overdue);
- a warning when the next revision is scheduled after the due date (it is not late yet), or when
  a superseded revision was in force too long (published history stays as it is).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..findings import Finding, Severity
from ..model.revisions import Revision, relative_path
from ..rules import Requirement
from .context import CheckContext

WARN_DAYS = 30
"""How long before the due date `check` starts warning that no newer revision takes effect in time."""

ReviewState = Literal["on-time", "due-soon", "overdue", "late"]


@dataclass(frozen=True)
class Review:
    """The review a revision stands for, and when the next one is due."""

    reviewed: dt.date  # the revision's effective date, or the rule's first day if later
    due: dt.date  # the next revision must take effect on this day at the latest
    successor: dt.date | None  # the next revision's effective date, if there is one
    state: ReviewState


def anniversary(day: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def review_of(req: Requirement, start: dt.date, end: dt.date | None, today: dt.date) -> Review | None:
    """The review of a revision in force from `start` to `end` (None: until further notice),
    as of `today`; None when the requirement is not in force during that period."""
    first = req.first_day_during(start, end)
    if first is None:
        return None
    due = anniversary(first)
    successor = end + dt.timedelta(days=1) if end is not None else None
    if req.required_until is not None and req.required_until < due:
        return Review(first, due, successor, "on-time")  # the rule ends before a review falls due
    if successor is not None and successor <= due:
        state: ReviewState = "on-time"
    elif today > due:
        state = "overdue" if successor is None or successor > today else "late"
    elif successor is not None:
        state = "late"  # scheduled after the due date, but the due date is still ahead
    elif today >= due - dt.timedelta(days=WARN_DAYS):
        state = "due-soon"
    else:
        state = "on-time"
    return Review(first, due, successor, state)


def review_findings(ctx: CheckContext, req: Requirement, rev: Revision, start: dt.date, end: dt.date | None,
                    notes: tuple[str, ...] = (), citation: str | None = None) -> list[Finding]:
    """What `check` says about the annual review of one revision (nothing while it is on time);
    `citation` is the article to cite (default: the one in force during the period)."""
    if start > ctx.today and (end is None or end + dt.timedelta(days=1) <= anniversary(start)):
        return []  # an upcoming revision starts a new 12 months
    review = review_of(req, start, end, ctx.today)
    if review is None or review.state == "on-time":
        return []
    label = req.label("en")
    superseded = ctx.corpus.status(rev, ctx.today) == "superseded"
    severity: Severity = "warning"
    if superseded:
        message = (f"{label}: this revision stayed in force from {start} to {end}, more than 12 months; "
                   f"no new revision took effect from {review.due + dt.timedelta(days=1)} to {end}")
        hint = ("published history stays as it is: nothing to change here; keep the current revision "
                "under 12 months old")
    elif review.state == "overdue":
        severity = "error"
        message = (f"{label}: this revision has been in force since {rev.effective}; a reviewed revision "
                   f"was due to take effect by {review.due}, and none has")
        hint = ("review the policy and publish a new revision (policy-site new-revision), even if little "
                "changes")
    elif review.state == "late":
        message = (f"{label}: the next revision takes effect on {review.successor}, more than 12 months "
                   f"after this one; a reviewed revision is due by {review.due}")
        hint = f"bring the next revision's effective date forward to {review.due} at the latest"
    else:  # due soon
        days = (review.due - ctx.today).days
        message = (f"{label}: this revision has been in force since {rev.effective}; a reviewed revision "
                   f"must take effect by {review.due} ({days} days from {ctx.today}), and none is scheduled")
        hint = (f"review the policy and add a revision effective on {review.due} at the latest "
                f"(policy-site new-revision {review.due}); after that day `check` reports an error")
    if req.id in ctx.downgrade:
        severity = "warning"
    rel = relative_path(Path(rev.path) / "revision.yml", ctx.corpus.root)
    return [Finding(req.id, severity, message, hint, file=rel, revision=rev.name,
                    citation=citation or req.citation_during(start, end), notes=notes)]
