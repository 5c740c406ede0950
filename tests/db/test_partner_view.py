"""A partner's own last four weeks: only their own counted check-ins, only while shown."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import add_check_in, robin_and_kim
from sqlalchemy import select

from dashboard.data import links, partner_view
from dashboard.data.database import Database
from models import Couple

TODAY = date(2026, 3, 31)


@pytest.fixture
def practice(app_env):
    db = robin_and_kim(Database.from_url(app_env))
    token = links.issue_link(db=db, clinician="robin", code="C-001", partner="A",
                             base_url="http://phone", days=30).url.split("t=")[1]
    return db, token


def test_only_the_partners_own_latest_check_in_of_each_day_in_the_last_28_days(practice):
    db, token = practice
    add_check_in(db, "C-001", "A", TODAY - timedelta(days=28), pursue=1)  # 29 days ago: out
    add_check_in(db, "C-001", "A", TODAY - timedelta(days=27), pursue=2)  # the first day in
    add_check_in(db, "C-001", "A", TODAY, pursue=3, hour=8)
    add_check_in(db, "C-001", "A", TODAY, pursue=9, hour=21)  # the later one of the day counts
    add_check_in(db, "C-001", "B", TODAY, pursue=7)  # the other partner: never shown
    found = partner_view.own_recent_days(db=db, token=token, as_of=TODAY)
    assert list(found.columns) == ["day", "pursue", "withdraw", "anxiety", "closeness"]
    assert list(zip(found["day"], found["pursue"])) == [(TODAY - timedelta(days=27), 2.0),
                                                        (TODAY, 9.0)]


def test_nothing_when_the_clinician_turned_it_off_or_the_link_does_not_work(practice):
    db, token = practice
    add_check_in(db, "C-001", "A", TODAY)
    with db.write() as session:
        session.scalars(select(Couple).where(Couple.code == "C-001")).one().partner_progress = False
    assert partner_view.own_recent_days(db=db, token=token, as_of=TODAY) is None
    assert partner_view.own_recent_days(db=db, token="x" * 43, as_of=TODAY) is None
