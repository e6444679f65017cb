"""Which revision is in force on a day, from effective dates alone.

One rule, used by the build (pages and policy.json), by the branch root
(revisions.json, feeds, notices to re-render) and mirrored in
assets/policy/policy.js (the reader's own clock): a revision is in force from
its effective date until the next revision's; before the first effective date
nothing is in force. Aliases never decide this: `latest` may name a revision
that is not in force yet (a new site whose first revision is announced ahead).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

IN_FORCE = "in-force"
UPCOMING = "upcoming"
SUPERSEDED = "superseded"


def in_force(effective: Mapping[str, dt.date], today: dt.date) -> str | None:
    """The revision in force on `today` (the newest effective on or before it), or None."""
    current = [(d, n) for n, d in effective.items() if d <= today]
    return max(current)[1] if current else None


def upcoming(effective: Mapping[str, dt.date], today: dt.date) -> str | None:
    """The next revision to take effect after `today`, or None."""
    future = [(d, n) for n, d in effective.items() if d > today]
    return min(future)[1] if future else None


def following(effective: Mapping[str, dt.date], name: str) -> str | None:
    """The revision that takes effect next after `name` (the one that supersedes it)."""
    later = [(d, n) for n, d in effective.items() if d > effective[name]]
    return min(later)[1] if later else None


def status(effective: Mapping[str, dt.date], name: str, today: dt.date) -> str:
    if effective[name] > today:
        return UPCOMING
    return IN_FORCE if in_force(effective, today) == name else SUPERSEDED


def notice_state(effective: Mapping[str, dt.date], name: str, today: dt.date) -> str:
    """What the static notice on `name`'s pages says on `today`, as a short key.

    `superseded:<next>`, `upcoming:<in force>` (or `upcoming:` when nothing is in
    force yet), `in-force:<upcoming>` (or `in-force:` when nothing is announced).
    Pages record the key they were rendered with (`data-policy-state`); a page
    whose key differs from today's needs its notices re-rendered.
    """
    st = status(effective, name, today)
    if st == SUPERSEDED:
        return f"{SUPERSEDED}:{following(effective, name) or ''}"
    if st == UPCOMING:
        return f"{UPCOMING}:{in_force(effective, today) or ''}"
    return f"{IN_FORCE}:{upcoming(effective, today) or ''}"
