"""The scale practice generator, and the caseload's database-side aggregation agreeing with the
full metrics of every couple (what the caseload computed before it moved into SQL)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from dashboard import exercise_library
from dashboard.analytics import alert_rules, caseload_figures, metrics
from dashboard.data import caseload_queries, queries, reports
from dashboard.errors import InvalidInput
from dashboard.sample_data import scale
from tests.unit.test_metrics import d, make_assignments, make_checkins
from tests.unit.test_metrics_properties import couples as random_couples

END = date(2026, 3, 31)


TINY = scale.ScalePlan(clinicians=2, couples=3, days=40, seed=3, end=END)


@pytest.fixture(scope="module")
def tiny() -> scale.ScalePractice:
    return scale.build_practice(TINY)


def test_the_same_plan_draws_the_same_practice(tiny):
    again = scale.build_practice(TINY)
    for name in ("couples", "sessions", "assignments", "check_ins"):
        pd.testing.assert_frame_equal(getattr(tiny, name), getattr(again, name))
    other = scale.build_practice(scale.ScalePlan(**{**TINY.as_json(), "seed": 4, "end": END}))
    scores = ["pursue", "withdraw"]
    assert not other.check_ins[scores].equals(tiny.check_ins[scores])


def test_a_practice_has_the_planned_shape(tiny):
    couples, check_ins = tiny.couples, tiny.check_ins
    assert list(couples["code"]) == ["S01-01", "S01-02", "S01-03", "S02-01", "S02-02", "S02-03"]
    assert set(check_ins["partner"]) == {"A", "B"}
    days = check_ins["day"].dt.date
    assert days.min() >= END - timedelta(days=TINY.days - 1) and days.max() <= END
    # Nearly daily: most partner-days have a check-in, a few have two.
    per_day = check_ins.groupby(["couple", "partner", "day"]).size()
    assert len(per_day) > 0.85 * len(couples) * 2 * TINY.days
    assert per_day.max() <= 2
    for score in ("pursue", "withdraw", "anxiety", "closeness"):
        assert check_ins[score].between(0, 10).all()
    assert check_ins.loc[~check_ins["cycle_noticed"], "repaired"].isna().all()
    # Check-ins are stored in arrival order, day by day across the practice.
    assert check_ins["day"].is_monotonic_increasing


def test_sessions_come_every_one_or_two_weeks_and_assignments_use_the_library(tiny):
    for _, days in tiny.sessions.groupby("couple")["day"]:
        gaps = {(b - a).days for a, b in zip(list(days)[:-1], list(days)[1:])}
        assert gaps <= {7, 14}
    library = exercise_library.library()
    assert set(tiny.assignments["exercise_id"]) <= set(library)
    practised = {i for ids in tiny.check_ins["practised"] for i in ids.split(";") if i}
    assert practised and practised <= set(tiny.assignments["exercise_id"])


def test_a_plan_below_two_weeks_is_refused():
    with pytest.raises(InvalidInput):
        scale.build_practice(scale.ScalePlan(clinicians=1, couples=1, days=5, seed=1, end=END))


def full_metrics_caseload(session, clinician: str, as_of: date) -> tuple[list, list]:
    """The caseload as computed before: every couple's full metrics and alerts in Python."""
    couples = queries.list_couples(session=session, clinician=clinician)
    check_ins, sessions, assignments = caseload_queries.caseload_frames(session=session,
                                                               clinician=clinician)
    rows, sparks = [], []
    for couple in couples.itertuples():
        own_check_ins = check_ins[check_ins["code"] == couple.code]
        days = sorted(sessions.loc[sessions["code"] == couple.code, "day"])
        own_assignments = assignments[assignments["code"] == couple.code]
        found = metrics.compute_couple_metrics(own_check_ins, days, own_assignments, as_of=as_of)
        alerts = alert_rules.couple_alerts(found, own_check_ins, own_assignments, days, as_of=as_of,
                                       names={"A": couple.partner_a, "B": couple.partner_b})
        latest = found.couple.iloc[-1] if len(found.couple) else {}
        rows.append((couple.code, tuple(a.reason for a in alerts),
                     latest.get("polarization"), latest.get("cycle_intensity")))
        sparks += [(couple.code, int(i), v) for i, v in zip(found.couple["interval"],
                                                            found.couple["cycle_intensity"])]
    return rows, sparks


def assert_same_caseload(session, clinician: str, as_of: date) -> reports.Caseload:
    fast = reports.caseload(session=session, clinician=clinician, as_of=as_of)
    rows, sparks = full_metrics_caseload(session, clinician, as_of)
    got = list(zip(fast.couples["code"], fast.couples["alerts"], fast.couples["polarization"],
                   fast.couples["cycle_intensity"]))
    assert [(c, a) for c, a, *_ in got] == [(c, a) for c, a, *_ in rows]
    for (_, _, *numbers), (_, _, *expected) in zip(got, rows):
        np.testing.assert_array_equal(np.array(numbers, dtype=float),
                                      np.array(expected, dtype=float))
    assert list(zip(fast.sparklines["code"], fast.sparklines["interval"])) == [
        (c, i) for c, i, _ in sparks]
    np.testing.assert_array_equal(fast.sparklines["cycle_intensity"].to_numpy(dtype=float),
                                  np.array([v for *_, v in sparks], dtype=float))
    return fast


def counted(rows: list[dict], as_of: date) -> list[dict]:
    """Each partner's latest check-in of a day up to as_of (ties: the later row)."""
    latest = {}
    for position, row in sorted(enumerate(rows), key=lambda p: (p[1]["submitted_at"], p[0])):
        if row["day"] <= as_of:
            latest[(row["partner"], row["day"])] = row
    return sorted(latest.values(), key=lambda row: (row["day"], row["partner"]))


def database_facts(rows: list[dict], sessions: list[date], as_of: date):
    """What caseload_queries.caseload_facts returns for one couple, computed the simple way."""
    daily = counted(rows, as_of)
    by_day = {}
    for row in daily:
        by_day.setdefault(row["day"], {})[row["partner"]] = row
    paired = pd.DataFrame(
        [{"code": "C", "day": day, "pursue_A": both["A"]["pursue"],
          "withdraw_A": both["A"]["withdraw"], "pursue_B": both["B"]["pursue"],
          "withdraw_B": both["B"]["withdraw"]}
         for day, both in sorted(by_day.items()) if len(both) == 2
         and all(row[score] is not None for row in both.values()
                 for score in ("pursue", "withdraw"))],
        columns=["code", "day", "pursue_A", "withdraw_A", "pursue_B", "withdraw_B"])
    last_session = max((day for day in sessions if day <= as_of), default=None)
    keep = set()
    for label in "AB":
        own = [r for r in daily if r["partner"] == label]
        # From the third latest day that answered anxiety on (every row when there are fewer).
        answered = sorted({r["day"] for r in own if r["anxiety"] is not None})
        since = answered[-3] if len(answered) >= 3 else None
        keep |= {id(row) for row in own if since is None or row["day"] >= since}
    keep |= {id(row) for row in daily[:1]}
    recent = pd.DataFrame(
        [{"code": "C", "partner": row["partner"], "day": row["day"], "anxiety": row["anxiety"],
          "practised": ";".join(row["practised"])}
         for row in daily
         if id(row) in keep or last_session is None or row["day"] >= last_session],
        columns=["code", "partner", "day", "anxiety", "practised"])
    return paired, recent


@settings(max_examples=80, deadline=None)
@given(random_couples)
def test_caseload_metrics_agree_with_the_full_metrics(couple):
    rows, as_of = couple["rows"], d(couple["as_of"])
    sessions = [d(n) for n in couple["sessions"]]
    assignments = make_assignments(couple["tasks"])
    full = metrics.compute_couple_metrics(make_checkins(rows), sessions,
                                          assignments, as_of=as_of)
    alerts = alert_rules.couple_alerts(full, make_checkins(rows), assignments,
                                   sessions, as_of=as_of, names={"A": "Sam", "B": "Alex"})
    paired, recent = database_facts(rows, sessions, as_of)
    fast = caseload_figures.caseload_metrics(
        ["C"], paired, recent, pd.DataFrame({"code": "C", "day": sessions},
                                            columns=["code", "day"]),
        assignments.assign(code="C"), as_of=as_of, names={"C": {"A": "Sam", "B": "Alex"}})
    pd.testing.assert_frame_equal(fast.couple.drop(columns="code").reset_index(drop=True),
                                  full.couple.reset_index(drop=True), check_dtype=False)
    assert fast.alerts["C"] == tuple(alerts)


def test_caseload_metrics_keep_couples_apart_and_in_order():
    rows = [{"partner": p, "day": d(n), "pursue": 8, "withdraw": 1, "anxiety": 9,
             "closeness": 2, "cycle_noticed": True, "repaired": None, "practised": (),
             "submitted_at": datetime(2025, 3, n, 20)} for n in (1, 2, 3) for p in "AB"]
    paired, recent = database_facts(rows, [], d(3))
    both = caseload_figures.caseload_metrics(
        ["Z", "C", "EMPTY"], pd.concat([paired, paired.assign(code="Z")]),
        pd.concat([recent, recent.assign(code="Z")]), pd.DataFrame(columns=["code", "day"]),
        pd.DataFrame(columns=["code", "assignment_id", "exercise_id", "partner", "start", "end",
                              "per_week"]), as_of=d(3))
    assert list(both.couple["code"]) == ["Z", "C"]
    assert set(both.alerts) == {"Z", "C", "EMPTY"} and both.alerts["EMPTY"] == ()
    assert both.alerts["Z"] == both.alerts["C"] and both.alerts["C"]


def test_benchmark_figures_report_their_floor_ratio_and_targets():
    from tests.benchmarks import bench

    reached = bench.Figure("caseload_page_warm", "Caseload page, warm", 0.12, 0.1, 0.25, 2.0)
    missed = bench.Figure("csv_import", "Import", 4.0, 0.5, 3.0, 5.0)
    absent = bench.Figure("csv_import", "Import", None, None, 3.0, 5.0, note="not measured: x")
    assert reached.as_json() == {"name": "caseload_page_warm", "seconds": 0.12,
                                 "floor_seconds": 0.1, "ratio": 1.2, "target_seconds": 0.25,
                                 "target_ratio": 2.0}
    assert (reached.met, missed.met, absent.met) == (True, False, None)
    assert absent.as_json()["note"] == "not measured: x" and absent.as_json()["ratio"] is None
    shown = bench.table([reached, missed, absent], 350.0, "Practice: test",
                        {"pages": 300.0}).splitlines()
    assert shown[0] == "Practice: test"
    assert "| Caseload page, warm | 0.120 | 0.100 | 1.2x | < 0.25 s, ≤ 2x floor | yes |" in shown
    assert "| Import | — | — | — | < 3 s, ≤ 5x floor | not measured: x |" in shown
    assert any(line.startswith("| Peak memory") and "350 MB" in line for line in shown)
