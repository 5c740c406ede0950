"""Tests for the demo practice: idempotent, deterministic, and each couple tells its story."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from dashboard import exercise_library
from dashboard.analytics import alert_rules, interval_changes, metrics
from dashboard.data import migrate, queries
from dashboard.data.database import Database
from dashboard.data.passwords import check_password, verify_password
from dashboard.sample_data import demo, demo_notes, demo_stories
from models import Assignment, Base, CheckIn, Clinician, Couple, Partner, TherapySession

TODAY = date(2026, 11, 23)


COMPARED_TABLES = ("clinicians", "couples", "partners", "therapy_sessions", "assignments",
                   "check_ins")


CODES = ("C-101", "C-102", "C-103", "C-104", "C-105", "C-106")


def empty_database(path) -> Database:
    """A migrated, empty SQLite database in the file."""
    db = Database.from_url(f"sqlite:///{path}")
    migrate.upgrade(db)
    return db


def table_rows(db: Database) -> dict[str, list[tuple]]:
    """Every row of the compared tables in id order, without password hashes."""
    rows = {}
    with db.read() as session:
        for name in COMPARED_TABLES:
            table = Base.metadata.tables[name]
            columns = [c for c in table.columns if c.name != "password_hash"]
            rows[name] = [tuple(row) for row in session.execute(
                select(*columns).order_by(table.c.id))]
    return rows


@pytest.fixture
def fresh_db(tmp_path):
    """An empty, migrated SQLite database for one test."""
    db = empty_database(tmp_path / "demo.db")
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """A database with the demo loaded as of TODAY, shared by the read-only tests."""
    db = empty_database(tmp_path_factory.mktemp("demo") / "demo.db")
    assert demo.load_demo(db=db, today=TODAY) is True
    yield db
    db.dispose()


def couple_metrics(db: Database, code: str):
    """(metrics, alerts as {(kind, partner)}, session days) of a demo couple as of TODAY."""
    with db.read() as session:
        who = {"session": session, "clinician": demo.DEMO_USERNAME, "code": code}
        check_ins = queries.check_ins_frame(**who)
        days = queries.session_days(**who)
        assignments = queries.assignments_frame(**who)
    result = metrics.compute_couple_metrics(check_ins, days, assignments, as_of=TODAY)
    alerts = alert_rules.couple_alerts(result, check_ins, assignments, days, as_of=TODAY)
    return result, {(alert.kind, alert.partner) for alert in alerts}, days


def couple_change(result, metric: str, frm: int, to: int):
    """The couple-level Change of polarization or cycle intensity between two intervals."""
    return next(c for c in interval_changes.changes(result, frm, to) if c.partner is None
                and c.metric == metric)


def last_check_in_days_ago(db: Database, code: str) -> dict[str, int]:
    """Days since each partner's newest check-in."""
    with db.read() as session:
        rows = session.execute(
            select(Partner.label, func.max(CheckIn.day))
            .join(CheckIn, CheckIn.partner_id == Partner.id)
            .join(Couple, Partner.couple_id == Couple.id)
            .where(Couple.code == code).group_by(Partner.label)
        ).all()
    return {label: (TODAY - day).days for label, day in rows}


def test_demo_clinician_logs_in_with_the_documented_password(demo_db):
    check_password(demo.DEMO_PASSWORD, username=demo.DEMO_USERNAME)
    with demo_db.read() as session:
        clinician = session.scalars(
            select(Clinician).where(Clinician.username == demo.DEMO_USERNAME)).one()
    assert clinician.name == demo.DEMO_NAME
    assert clinician.role == "clinician" and clinician.active
    assert verify_password(demo.DEMO_PASSWORD, clinician.password_hash)
    assert not verify_password("steady-harbour-2025", clinician.password_hash)


def test_six_couples_with_named_partners_and_leanings(demo_db):
    with demo_db.read() as session:
        couples = session.scalars(select(Couple).order_by(Couple.code)).all()
        leanings = [tuple(p.leaning for p in couple.partners) for couple in couples]
        labels = [tuple(p.label for p in couple.partners) for couple in couples]
    assert tuple(c.code for c in couples) == CODES
    assert all(c.display_name and c.created_at.tzinfo is not None for c in couples)
    assert labels == [("A", "B")] * 6
    assert sum(set(pair) == {"pursuer", "withdrawer"} for pair in leanings) == 5
    assert set(leanings[-1]) <= {"mixed", "unknown"}


def test_newest_check_ins_are_from_the_last_few_days(demo_db):
    with demo_db.read() as session:
        newest = session.scalar(select(func.max(CheckIn.day)))
        latest_submission = session.scalar(select(func.max(CheckIn.submitted_at)))
    assert 0 <= (TODAY - newest).days <= 3
    assert latest_submission.date() <= TODAY
    for code in CODES:
        assert min(last_check_in_days_ago(demo_db, code).values()) <= 3, code


def test_check_ins_are_plausible(demo_db):
    library = exercise_library.library()
    with demo_db.read() as session:
        check_ins = session.scalars(select(CheckIn)).all()
        assigned = set(session.scalars(select(Assignment.exercise_id)))
        sessions = session.scalars(select(TherapySession)).all()
    assert 800 <= len(check_ins) <= 1400
    for check_in in check_ins:
        for score in (check_in.pursue, check_in.withdraw, check_in.anxiety, check_in.closeness):
            assert isinstance(score, int) and 0 <= score <= 10
        assert check_in.repaired is None or check_in.cycle_noticed
        assert check_in.submitted_at.date() == check_in.day
        assert check_in.day < TODAY
        assert set(filter(None, check_in.practised.split(";"))) <= assigned
    assert assigned <= set(library)
    assert all(s.day <= TODAY and s.focus for s in sessions)
    cycle_days = [c for c in check_ins if c.cycle_noticed]
    assert {c.repaired for c in cycle_days} == {True, False}
    reflections = [c.reflection for c in check_ins if c.reflection]
    assert 0.1 * len(check_ins) <= len(reflections) <= 0.4 * len(check_ins)
    assert len(set(reflections)) >= 30
    assert all(len(text) <= 2000 and "{" not in text for text in reflections)


def test_assignments_suit_the_partner_they_are_given_to(demo_db):
    library = exercise_library.library()
    with demo_db.read() as session:
        rows = session.execute(
            select(Assignment.exercise_id, Partner.leaning)
            .outerjoin(Partner, Assignment.partner_id == Partner.id)).all()
    assert rows
    planned = {plan.exercise_id for story in demo_stories.STORIES for plan in story.assignments}
    assert planned <= set(demo_notes.EXERCISE_NOTES)
    for exercise_id, leaning in rows:
        side = library[exercise_id].side
        assert side == "both" if leaning is None else library[exercise_id].suits(leaning)


@pytest.mark.parametrize(
    ("code", "expected", "absent"),
    [
        ("C-101", set(), set(alert_rules.ALERT_KINDS)),
        ("C-102", {("cycle_escalating", None), ("high_anxiety", "A")},
         {"session_overdue", "quiet_partner"}),
        ("C-103", {("session_overdue", None), ("exercises_not_practised", "A"),
                   ("exercises_not_practised", "B")}, {"cycle_escalating", "quiet_partner"}),
        ("C-104", {("quiet_partner", "B")}, {"cycle_escalating", "session_overdue"}),
        ("C-105", set(), set(alert_rules.ALERT_KINDS)),
        ("C-106", set(), set(alert_rules.ALERT_KINDS)),
    ],
)
def test_each_story_raises_its_alerts(demo_db, code, expected, absent):
    _, alerts, _ = couple_metrics(demo_db, code)
    assert expected <= alerts
    assert not {kind for kind, _ in alerts} & absent


def test_improving_couple_falls_every_interval_and_beats_the_baseline(demo_db):
    result, _, _ = couple_metrics(demo_db, "C-101")
    for metric in ("polarization", "cycle_intensity"):
        values = list(result.couple[metric])
        assert all(later < earlier for earlier, later in zip(values, values[1:])), metric
        change = couple_change(result, metric, result.first_interval, result.latest_interval)
        assert change.reliable is True and change.direction == "better", metric


def test_escalating_couple_is_reliably_worse_since_the_last_session(demo_db):
    result, _, days = couple_metrics(demo_db, "C-102")
    latest = result.latest_interval
    assert 8 <= (TODAY - days[-1]).days <= 10
    assert result.couple.set_index("interval").at[latest, "paired_days"] >= 5
    for metric in ("polarization", "cycle_intensity"):
        change = couple_change(result, metric, result.previous_interval(latest), latest)
        assert change.reliable is True and change.direction == "worse", metric


def test_stuck_couple_is_flat_and_rarely_practises(demo_db):
    result, _, days = couple_metrics(demo_db, "C-103")
    assert (TODAY - days[-1]).days > 21
    numbers = result.interval_numbers
    for frm, to in zip(numbers, numbers[1:]):
        for metric in ("polarization", "cycle_intensity"):
            assert couple_change(result, metric, frm, to).reliable is not True, (metric, frm, to)
    open_interval = result.partners[result.partners["interval"] == result.latest_interval]
    assert (open_interval["practice_rate"] < 0.3).all()
    assert (result.couple["polarization"].between(3.5, 6.5)).all()


def test_quiet_partner_stops_while_the_other_keeps_checking_in(demo_db):
    days_ago = last_check_in_days_ago(demo_db, "C-104")
    assert 9 <= days_ago["B"] <= 12
    assert days_ago["A"] <= 2


def test_turnaround_couple_improves_after_the_space_and_return_exercise(demo_db):
    result, _, days = couple_metrics(demo_db, "C-105")
    with demo_db.read() as session:
        given = session.scalars(
            select(Assignment.start_day).join(Couple)
            .where(Couple.code == "C-105", Assignment.exercise_id == "space-and-return")).one()
    turn = days.index(given) + 1  # the interval that starts at that session
    before, after = result.interval_numbers[:turn], result.interval_numbers[turn - 1:]
    for frm, to in zip(before, before[1:]):
        for metric in ("polarization", "cycle_intensity"):
            assert couple_change(result, metric, frm, to).reliable is not True, (metric, frm, to)
    practice = result.practice[result.practice["exercise_id"] == "space-and-return"]
    assert practice["practised_days"].sum() >= 0.7 * practice["due_days"].sum()
    for metric in ("polarization", "cycle_intensity"):
        values = list(result.couple.set_index("interval").loc[after, metric])
        assert all(later < earlier for earlier, later in zip(values, values[1:])), metric
        change = couple_change(result, metric, turn - 1, result.latest_interval)
        assert change.reliable is True and change.direction == "better", metric


def test_new_couple_has_baseline_only(demo_db):
    result, _, days = couple_metrics(demo_db, "C-106")
    assert days == []
    assert result.interval_numbers == [0]
    assert 10 <= result.intervals.iloc[0]["calendar_days"] <= 12
    assert (result.partners["days"] >= 7).all()


def test_demo_module_stays_away_from_streamlit():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(demo))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert "streamlit" not in imported
