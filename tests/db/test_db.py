"""The database itself enforces what must always hold; SQLite runs in WAL with foreign keys."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from factories import create_clinician, create_couple
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from models import CheckIn, Couple, Partner

DAY = date(2026, 11, 2)


def _partner(session, code="C-001", label="A") -> Partner:
    return session.scalars(
        select(Partner).join(Couple).where(Couple.code == code, Partner.label == label)
    ).one()


def _check_in(partner: Partner, **overrides) -> CheckIn:
    values = dict(couple_id=partner.couple_id, partner_id=partner.id, day=DAY, pursue=5,
                  withdraw=5, anxiety=5, closeness=5, cycle_noticed=False, repaired=None,
                  submitted_at=datetime(2026, 11, 2, 20, tzinfo=timezone.utc))
    values.update(overrides)
    return CheckIn(**values)


@pytest.fixture
def couple(db):
    create_couple(db, create_clinician(db))
    return "C-001"


@pytest.mark.parametrize(
    "overrides",
    [
        {"pursue": 11},
        {"withdraw": -1},
        {"anxiety": 12},
        {"closeness": -3},
        {"repaired": True, "cycle_noticed": False},
        {"partner_id": 999_999},
    ],
    ids=["pursue>10", "withdraw<0", "anxiety>10", "closeness<0", "repaired-without-cycle",
         "unknown-partner"],
)
def test_database_refuses_impossible_check_ins(db, couple, overrides):
    with pytest.raises(IntegrityError):
        with db.write() as session:
            session.add(_check_in(_partner(session), **overrides))
    with db.read() as session:
        assert session.scalars(select(CheckIn)).all() == []


def test_a_valid_check_in_round_trips_with_utc_timestamps(db, couple):
    with db.write() as session:
        session.add(_check_in(_partner(session), cycle_noticed=True, repaired=False))
    with db.read() as session:
        stored = session.scalars(select(CheckIn)).one()
    assert (stored.day, stored.cycle_noticed, stored.repaired) == (DAY, True, False)
    assert stored.submitted_at == datetime(2026, 11, 2, 20, tzinfo=timezone.utc)


def test_only_one_partner_a_per_couple(db, couple):
    with pytest.raises(IntegrityError):
        with db.write() as session:
            couple_id = _partner(session).couple_id
            session.add(Partner(couple_id=couple_id, label="A", display_name="X"))


def test_partner_label_must_be_a_or_b(db, couple):
    with pytest.raises(IntegrityError):
        with db.write() as session:
            session.add(Partner(couple_id=_partner(session).couple_id, label="C", display_name="X"))


def test_couple_codes_are_unique_in_the_practice(db, couple):
    with pytest.raises(IntegrityError):
        with db.write() as session:
            clinician_id = session.scalars(select(Couple.clinician_id)).one()
            session.add(Couple(clinician_id=clinician_id, code="C-001", display_name="Other"))


def test_sqlite_runs_in_wal_with_foreign_keys(db):
    if not db.is_sqlite:
        pytest.skip("SQLite pragmas")
    with db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_sqlite_write_transactions_take_the_write_lock_up_front(db):
    """A second writer waits for (here: times out on) the first instead of failing mid-way."""
    if not db.is_sqlite:
        pytest.skip("SQLite locking")
    import sqlite3

    path = db.engine.url.database
    with db.write() as session:
        session.execute(text("SELECT 1"))
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
