"""The one date parser and the one "today": every day the site reads is YYYY-MM-DD, in the site's zone."""
from __future__ import annotations

import datetime as dt

import pytest

from policy_site.config import parse_date, today_in
from policy_site.site.build import today_from_env
from policy_site.errors import PolicySiteError


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-02-29", dt.date(2024, 2, 29)),
    (dt.date(2024, 1, 1), dt.date(2024, 1, 1)),
    ("2024-02-30", None), ("20240101", None), ("2024-W01-1", None), (" 2024-01-01", None), ("2024-1-5", None),
    (dt.datetime(2024, 1, 1, 9, 0), None), (20240101, None), (None, None),
])
def test_a_day_is_written_one_way(value, expected):
    assert parse_date(value) == expected


def test_today_is_the_day_in_the_sites_zone():
    now = dt.datetime.now(dt.timezone.utc)
    ahead, behind = today_in("Pacific/Kiritimati"), today_in("Pacific/Pago_Pago")  # UTC+14 and UTC-11
    assert ahead == (now + dt.timedelta(hours=14)).date() and behind == (now - dt.timedelta(hours=11)).date()
    assert ahead > behind  # 25 hours apart: never the same day


class _Policy:
    timezone = "Asia/Tokyo"

    def today(self) -> dt.date:
        return today_in(self.timezone)


def test_the_build_takes_today_from_the_environment_written_one_way(monkeypatch):
    monkeypatch.setenv("POLICY_SITE_TODAY", "2024-04-01")
    assert today_from_env(_Policy()) == dt.date(2024, 4, 1)
    monkeypatch.setenv("POLICY_SITE_TODAY", "20240401")
    with pytest.raises(PolicySiteError, match="POLICY_SITE_TODAY='20240401' is not a date; use YYYY-MM-DD"):
        today_from_env(_Policy())
    monkeypatch.delenv("POLICY_SITE_TODAY")
    assert today_from_env(_Policy()) == today_in("Asia/Tokyo")
