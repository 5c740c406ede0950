"""The caseload reads check-ins through indexes, never by scanning the table (query plans)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, text

from dashboard.data import reports
from dashboard.sample_data import demo, scale, scale_loader

PLAN = scale.ScalePlan(clinicians=2, couples=3, days=30, seed=11, end=date(2026, 2, 28))


def caseload_statements(db, clinician: str, as_of: date) -> list[tuple[str, object]]:
    """Every SELECT (with its parameters) that building the clinician's caseload runs."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.read() as session:
            reports.caseload(session=session, clinician=clinician, as_of=as_of)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def plan_lines(db, statement: str, parameters) -> list[str]:
    """The query plan, one line per step, as the backend explains it."""
    with db.engine.connect() as connection:
        if db.is_sqlite:
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return [row[3] for row in rows]
        # Tiny tables make a sequential scan cheapest; forbid it to see the index choice.
        connection.execute(text("SET enable_seqscan = off"))
        rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        return [row[0].strip() for row in rows]


@pytest.fixture(params=["scale", "demo"])
def practice(request, db):
    """A small scale practice (statistics gathered), or the demo as `demo` loads it (none)."""
    if request.param == "scale":
        scale_loader.load_practice(db=db, plan=PLAN)
        return db, scale.username(1), PLAN.end
    demo.load_demo(db=db, today=PLAN.end)
    return db, demo.DEMO_USERNAME, PLAN.end


def test_the_caseload_pairs_check_ins_from_the_covering_index(practice):
    practice, clinician, as_of = practice
    statements = caseload_statements(practice, clinician, as_of)
    pairing = [s for s in statements if "pursue_A" in s[0]]
    assert len(pairing) == 1
    lines = plan_lines(practice, *pairing[0])
    if practice.is_sqlite:
        # The covering index: no table reads at all.
        assert any("USING COVERING INDEX ix_check_ins_caseload" in line for line in lines), lines
    else:
        # With tiny tables PostgreSQL may prefer the narrower (couple_id, day) index; at practice
        # scale it takes an index-only scan of ix_check_ins_caseload (see docs/deploy.md).
        assert any(line.startswith(("Index Scan", "Index Only Scan", "->  Index Scan",
                                    "->  Index Only Scan", "->  Bitmap Index Scan"))
                   and "check_ins" in line for line in lines), lines


def test_no_caseload_query_scans_the_check_ins_table(practice):
    practice, clinician, as_of = practice
    statements = caseload_statements(practice, clinician, as_of)
    assert len(statements) >= 5
    for statement, parameters in statements:
        lines = plan_lines(practice, statement, parameters)
        if practice.is_sqlite:
            scans = [line for line in lines
                     if line.startswith("SCAN check_ins") or line == "SCAN c"]
        else:
            scans = [line for line in lines if "Seq Scan on check_ins" in line]
        assert not scans, (statement, lines)
        if "check_ins" in statement:
            assert any("INDEX" in line.upper() for line in lines), (statement, lines)
