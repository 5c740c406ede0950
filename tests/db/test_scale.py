"""The scale practice generator, and the caseload's database-side aggregation agreeing with the (against a real database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from dashboard import cli
from dashboard.analytics import alert_rules
from dashboard.data.passwords import verify_password
from dashboard.errors import InvalidInput
from dashboard.sample_data import scale, scale_loader
from models import Assignment, CheckIn, Clinician, Couple, TherapySession
from tests.unit.test_scale import END, TINY, assert_same_caseload, tiny  # noqa: F401


def test_loading_writes_every_row_once_and_records_the_plan(db, tiny):
    counts = scale_loader.load_practice(db=db, plan=TINY)
    with db.read() as session:
        stored = {model: session.scalar(select(func.count()).select_from(model))
                  for model in (Clinician, Couple, TherapySession, Assignment, CheckIn)}
        password_hashes = set(session.scalars(select(Clinician.password_hash)))
        first = session.execute(select(CheckIn.day, CheckIn.submitted_at)
                                .order_by(CheckIn.id).limit(1)).one()
    assert counts == {"clinicians": 2, "couples": 6, "sessions": len(tiny.sessions),
                      "assignments": len(tiny.assignments), "check_ins": len(tiny.check_ins)}
    assert stored == {Clinician: 2, Couple: 6, TherapySession: len(tiny.sessions),
                      Assignment: len(tiny.assignments), CheckIn: len(tiny.check_ins)}
    assert len(password_hashes) == 1  # hashed once
    assert verify_password(scale.SCALE_PASSWORD, password_hashes.pop())
    assert first.day == tiny.check_ins["day"].iloc[0].date()
    assert first.submitted_at.replace(tzinfo=None) == tiny.check_ins["submitted_at"].iloc[0]
    assert scale_loader.recorded_plan(db) == TINY
    with pytest.raises(InvalidInput, match="already holds a scale practice"):
        scale_loader.load_practice(db=db, plan=TINY)


def test_the_command_loads_a_small_practice(db_url, capsys):
    code = cli.main(["generate-scale", "--clinicians", "1", "--couples", "2", "--days", "20",
                     "--seed", "5", "--end", "2026-01-31"])
    out = capsys.readouterr().out
    assert code == 0
    assert "couples: 2" in out and "scale-01" in out and scale.SCALE_PASSWORD in out


def test_caseload_of_a_scale_practice_matches_the_full_metrics(db):
    scale_loader.load_practice(db=db, plan=TINY)
    with db.read() as session:
        for as_of in (END, END - timedelta(days=9)):
            for number in (1, 2):
                fast = assert_same_caseload(session, scale.username(number), as_of)
                assert len(fast.couples) == 3 and len(fast.sparklines) > 3


def test_caseload_of_the_demo_practice_matches_the_full_metrics(demo_db):
    with demo_db.read() as session:
        fast = assert_same_caseload(session, "demo", date.today())
    kinds = {kind for kinds in fast.couples["alert_kinds"] for kind in kinds}
    assert kinds == set(alert_rules.ALERT_KINDS)  # every alert is exercised
