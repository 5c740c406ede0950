"""Tests for the demo practice: idempotent, deterministic, and each couple tells its story. (against a real database)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from factories import create_clinician, create_couple
from sqlalchemy import select

from dashboard.errors import InvalidInput
from dashboard.sample_data import demo
from models import CheckIn
from tests.unit.test_demo import (  # noqa: F401
    COMPARED_TABLES,
    TODAY,
    demo_db,
    empty_database,
    fresh_db,
    table_rows,
)


def test_loads_once_then_adds_nothing(fresh_db):
    assert demo.load_demo(db=fresh_db, today=TODAY) is True
    before = table_rows(fresh_db)
    assert demo.load_demo(db=fresh_db, today=TODAY) is False
    assert demo.load_demo(db=fresh_db, today=TODAY + timedelta(days=30)) is False
    assert table_rows(fresh_db) == before


def test_refuses_a_practice_that_already_uses_a_demo_code(fresh_db):
    create_couple(fresh_db, create_clinician(fresh_db), "C-103")
    with pytest.raises(InvalidInput, match="C-103"):
        demo.load_demo(db=fresh_db, today=TODAY)
    assert not demo.is_loaded(db=fresh_db)


def test_two_empty_databases_get_identical_rows(tmp_path):
    first, second = empty_database(tmp_path / "one.db"), empty_database(tmp_path / "two.db")
    try:
        demo.load_demo(db=first, today=TODAY)
        demo.load_demo(db=second, today=TODAY)
        rows_one, rows_two = table_rows(first), table_rows(second)
    finally:
        first.dispose()
        second.dispose()
    for name in COMPARED_TABLES:
        assert rows_one[name], name
        assert rows_one[name] == rows_two[name], name


def test_the_numbers_do_not_depend_on_the_calendar(demo_db, fresh_db):
    later = TODAY + timedelta(days=101)
    demo.load_demo(db=fresh_db, today=later)
    score_columns = (CheckIn.pursue, CheckIn.withdraw, CheckIn.anxiety, CheckIn.closeness,
                     CheckIn.cycle_noticed, CheckIn.repaired, CheckIn.practised)

    def shifted(db, today):
        with db.read() as session:
            rows = session.execute(select(CheckIn.day, *score_columns).order_by(CheckIn.id)).all()
        return [((today - day).days, *rest) for day, *rest in rows]

    assert shifted(fresh_db, later) == shifted(demo_db, TODAY)


def test_load_takes_well_under_a_few_seconds(fresh_db):
    import time

    started = time.perf_counter()
    demo.load_demo(db=fresh_db, today=TODAY)
    assert time.perf_counter() - started < 5
