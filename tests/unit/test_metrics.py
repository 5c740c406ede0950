"""Pattern metrics: hand-computed cases, JSON shape, sentences, alerts, the documented example."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analytics import alert_rules, interval_changes, metrics_json, wording
from dashboard.analytics.alert_rules import AlertThresholds
from dashboard.analytics.metrics import compute_couple_metrics
from dashboard.vocabulary import SCORES

DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"


def d(n: int) -> date:
    """Day n counted from 1 March 2025 (d(1) = 1 Mar, d(32) = 1 Apr)."""
    return date(2025, 3, 1) + timedelta(days=n - 1)


def ci(partner, day, pursue=5, withdraw=5, anxiety=5, closeness=5, *, cycle=False,
       repaired=None, practised=(), hour=20) -> dict:
    """One check-in row; day is a day number for d()."""
    when = d(day)
    return dict(partner=partner, day=when, pursue=pursue, withdraw=withdraw, anxiety=anxiety,
                closeness=closeness, cycle_noticed=cycle, repaired=repaired,
                practised=tuple(practised),
                submitted_at=datetime(when.year, when.month, when.day, hour))


def make_checkins(rows) -> pd.DataFrame:
    """Check-ins as the queries return them, with extra columns the metrics must ignore."""
    frame = pd.DataFrame(rows)
    frame.insert(0, "id", range(1, len(frame) + 1))
    frame["reflection"] = "private words"
    return frame


def task(exercise, partner=None, start=1, end=None, per_week=7, archived=False) -> dict:
    """One assignment row; start and end are day numbers (end None = still running)."""
    return dict(exercise_id=exercise, partner=partner, start=d(start),
                end=None if end is None else d(end), per_week=per_week, archived=archived)


def make_assignments(rows) -> pd.DataFrame:
    """Assignments as the queries return them."""
    frame = pd.DataFrame(rows, columns=["exercise_id", "partner", "start", "end", "per_week",
                                        "archived"])
    frame.insert(0, "assignment_id", range(1, len(frame) + 1))
    return frame


def compute(rows=(), sessions=(), tasks=(), as_of=10):
    """Metrics for small hand-made data."""
    return compute_couple_metrics(make_checkins(list(rows)), [d(n) for n in sessions],
                                  make_assignments(list(tasks)), as_of=d(as_of))


def observed(result, key):
    """The value a case's expectation key points at (NaN as None)."""
    if key == "intervals":
        return [(row.interval, row.start.date(), None if pd.isna(row.end) else row.end.date())
                for row in result.intervals.itertuples()]
    if key[0] == "change":
        _, frm, to, who, metric = key
        partner = None if who == "couple" else who
        change = next(c for c in interval_changes.changes(result, frm, to)
                      if c.partner == partner and c.metric == metric)
        return (change.change, change.reliable)
    interval, who, column = key
    value = result.rows[(interval, None if who == "couple" else who)][column]
    return None if pd.isna(value) else value


def assert_same(got, want):
    """Equal, with floats compared to 1e-9 and tuples element by element."""
    if isinstance(want, tuple):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert_same(g, w)
    elif want is None or isinstance(want, bool):
        assert got is want
    elif isinstance(want, float):
        assert got == pytest.approx(want, abs=1e-9)
    else:
        assert got == want


# A's stances 2, 6, 4 then 4, 8, 6 against B's 0 every day.
UNRELIABLE = ([ci("A", 1, 6, 4), ci("A", 2, 8, 2), ci("A", 3, 7, 3),
               ci("A", 4, 7, 3), ci("A", 5, 9, 1), ci("A", 6, 8, 2)]
              + [ci("B", n, 5, 5) for n in range(1, 7)])

CASES = [
    pytest.param(
        [ci("A", 1), ci("A", 3), ci("B", 2)], [], [], 5,
        {"intervals": [(0, d(1), None)],
         (0, "A", "days"): 2, (0, "B", "days"): 1,
         (0, "couple", "calendar_days"): 5,  # 1-5 Mar, as_of inclusive
         (0, "couple", "paired_days"): 0, (0, "couple", "polarization"): None},
        id="no sessions: one open baseline from the first check-in"),
    pytest.param(
        [ci("A", 1), ci("A", 5), ci("A", 6)], [5], [], 6,
        {"intervals": [(0, d(1), d(5)), (1, d(5), None)],
         (0, "A", "days"): 1, (1, "A", "days"): 2,  # the session-day check-in opens interval 1
         (0, "couple", "calendar_days"): 4, (1, "couple", "calendar_days"): 2},
        id="a check-in on a session day belongs to the new interval"),
    pytest.param(
        [ci("A", 3), ci("A", 4)], [3], [], 4,
        {"intervals": [(1, d(3), None)], (1, "A", "days"): 2},
        id="no check-in before the first session: no baseline, numbering starts at 1"),
    pytest.param(
        [], [3], [], 5,
        {"intervals": [(1, d(3), None)], (1, "A", "days"): 0, (1, "A", "pursue"): None},
        id="sessions without check-ins still make intervals"),
    pytest.param(
        [ci("A", 1), ci("A", 4)], [3, 10], [], 6,
        {"intervals": [(0, d(1), d(3)), (1, d(3), None)],
         (1, "couple", "calendar_days"): 4},  # 3-6 Mar; the session on 10 Mar is ignored
        id="sessions after as_of are ignored"),
    pytest.param(
        [ci("A", 1, pursue=2), ci("A", 9, pursue=10)], [], [], 5,
        {(0, "A", "days"): 1, (0, "A", "pursue"): 2.0},
        id="check-ins after as_of are ignored"),
    pytest.param(
        [ci("A", 1)], [6, 3, 3], [], 8,
        {"intervals": [(0, d(1), d(3)), (1, d(3), d(6)), (2, d(6), None)],
         (0, "couple", "calendar_days"): 2, (1, "couple", "calendar_days"): 3,
         (2, "couple", "calendar_days"): 3},
        id="unsorted and duplicate session days"),
    pytest.param(
        [ci("A", 1, pursue=9, hour=21), ci("A", 1, pursue=1, hour=8)], [], [], 1,
        {(0, "A", "days"): 1, (0, "A", "pursue"): 9.0},  # submitted 21:00 beats 08:00
        id="the latest check-in of the day wins"),
    pytest.param(
        [ci("A", 1, 8, 2, anxiety=7, closeness=3), ci("A", 2, 6, 4, anxiety=4, closeness=6)],
        [], [], 2,
        {(0, "A", "pursue"): 7.0, (0, "A", "withdraw"): 3.0, (0, "A", "anxiety"): 5.5,
         (0, "A", "closeness"): 4.5, (0, "A", "stance"): 4.0},  # stances 6 and 2
        id="partner means and stance"),
    pytest.param(
        [ci("A", 1, 8, 2), ci("B", 1, 1, 8), ci("A", 2, 5, 5), ci("B", 2, 5, 5)], [], [], 2,
        # day 1: |6 - (-7)| / 2 = 6.5; day 2: |0 - 0| / 2 = 0; mean 3.25
        {(0, "couple", "polarization"): 3.25, (0, "couple", "paired_days"): 2},
        id="polarization"),
    pytest.param(
        [ci("A", 1, 8, 2), ci("B", 1, 1, 8), ci("A", 2, 3, 6), ci("B", 2, 7, 2),
         ci("A", 3, 10, 10), ci("B", 3, 10, 10)], [], [], 3,
        # day 1: max(min(8, 8), min(1, 2)) = 8; day 2: max(min(3, 2), min(7, 6)) = 6;
        # day 3: max(10, 10) = 10; mean 24 / 3 = 8
        {(0, "couple", "cycle_intensity"): 8.0},
        id="cycle intensity"),
    pytest.param(
        [ci("A", n) for n in (1, 2, 3, 4)] + [ci("B", n) for n in (2, 4, 9)], [], [], 10,
        {(0, "couple", "paired_days"): 2, (0, "couple", "coverage"): 0.2},  # 2 / 10 days
        id="coverage"),
    pytest.param(
        [ci("A", 1), ci("A", 2)], [], [], 2,
        {(0, "A", "cycle_days"): 0, (0, "A", "repair_rate"): None},
        id="repair rate: no cycle days, no rate"),
    pytest.param(
        [ci("A", 1, cycle=True, repaired=True), ci("A", 2, cycle=True, repaired=False),
         ci("A", 3, cycle=True, repaired=True)], [], [], 3,
        {(0, "A", "cycle_days"): 3, (0, "A", "repair_rate"): 2 / 3},
        id="repair rate: partial"),
    pytest.param(
        [ci("A", 1, cycle=True, repaired=None), ci("A", 2, cycle=True, repaired=True),
         ci("A", 3, cycle=False, repaired=True)], [], [], 3,
        # day 1 empty counts as not repaired; day 3 had no cycle: 1 / 2
        {(0, "A", "cycle_days"): 2, (0, "A", "repair_rate"): 0.5},
        id="repair rate: missing repaired counts as not repaired"),
    pytest.param(
        [ci("A", 1, practised=["x"]), ci("A", 2, practised=["x"]), ci("A", 3),
         ci("A", 4, practised=["x"])], [], [task("x", "A")], 4,
        {(0, "A", "due_days"): 4.0, (0, "A", "practised_days"): 3,
         (0, "A", "practice_rate"): 0.75},  # daily over 1-4 Mar: 3 / 4
        id="practice rate: daily"),
    pytest.param(
        [ci("A", 1, practised=["x"]), ci("A", 3, practised=["x"])], [],
        [task("x", "A", per_week=3)], 7,
        {(0, "A", "due_days"): 3.0, (0, "A", "practice_rate"): 2 / 3},  # 7 x 3/7 = 3 due
        id="practice rate: three times a week"),
    pytest.param(
        [ci("A", 1, practised=["x"]), ci("A", 2, practised=["x", "y"]),
         ci("B", 1, practised=["x"]), ci("B", 2, practised=["y"])], [],
        [task("x", "A"), task("y", None, per_week=1)], 7,
        # A: min(1, 1 + 1/7) a day = 7 due, 2 days practised; B: 1/7 a day = 1 due, and
        # x is not B's exercise, so only day 2 counts: 1 / 1
        {(0, "A", "due_days"): 7.0, (0, "A", "practice_rate"): 2 / 7,
         (0, "B", "due_days"): 1.0, (0, "B", "practised_days"): 1,
         (0, "B", "practice_rate"): 1.0},
        id="practice rate: one partner's exercise versus both partners'"),
    pytest.param(
        [ci("A", n, practised=["x"]) for n in (1, 2, 3)], [],
        [task("x", "A", archived=True)], 3,
        {(0, "A", "due_days"): 0.0, (0, "A", "practised_days"): 0,
         (0, "A", "practice_rate"): None},
        id="practice rate: archived assignments are ignored"),
    pytest.param(
        [ci("A", 1), ci("A", 2, practised=["x"]), ci("A", 5, practised=["x"])], [],
        [task("x", "A", start=1, end=3)], 6,
        # due 1-3 Mar only; 5 Mar is after the end: 1 / 3
        {(0, "A", "due_days"): 3.0, (0, "A", "practice_rate"): 1 / 3},
        id="practice rate: ended assignment"),
    pytest.param(
        [ci("A", 1, practised=["x", "y"]), ci("A", 2, practised=["x"])], [],
        [task("x", "A"), task("y", "A")], 2,
        {(0, "A", "due_days"): 2.0, (0, "A", "practice_rate"): 1.0},  # a day is due at most once
        id="practice rate: overlapping assignments cap a day at 1"),
    pytest.param(
        [ci("A", n, practised=["x"]) for n in (1, 2, 3)], [], [task("x", "A", per_week=1)], 7,
        {(0, "A", "due_days"): 1.0, (0, "A", "practice_rate"): 1.0},  # 3 / 1, capped
        id="practice rate: capped at 1"),
    pytest.param(
        [ci("A", 1, 8, 2), ci("A", 2), ci("A", 3)], [], [], 3,
        {(0, "A", "days"): 3, (0, "A", "pursue"): 6.0, (0, "B", "days"): 0,
         (0, "B", "pursue"): None, (0, "B", "stance"): None,
         (0, "couple", "paired_days"): 0, (0, "couple", "polarization"): None,
         (0, "couple", "cycle_intensity"): None, (0, "couple", "coverage"): 0.0},
        id="only one partner checks in"),
    pytest.param(
        [ci(p, n) for p in "AB" for n in (1, 2, 4, 5, 6)], [4], [], 6,
        {("change", 0, 1, "couple", "polarization"): (0.0, None),  # 2 paired days before
         ("change", 0, 1, "A", "pursue"): (0.0, None)},
        id="fewer than 3 days: not enough data"),
    pytest.param(
        [ci("A", n, 9, 1) for n in (1, 2, 3)] + [ci("B", n, 1, 9) for n in (1, 2, 3)]
        + [ci(p, n, 5, 5) for p in "AB" for n in (4, 5, 6)], [4], [], 6,
        # polarization 8, 8, 8 then 0, 0, 0: both SDs 0, change -8 is reliable;
        # cycle intensity 9, 9, 9 then 5, 5, 5: -4, reliable
        {("change", 0, 1, "couple", "polarization"): (-8.0, True),
         ("change", 0, 1, "couple", "cycle_intensity"): (-4.0, True),
         ("change", 0, 1, "A", "pursue"): (-4.0, True)},
        id="a reliable change"),
    pytest.param(
        UNRELIABLE, [4], [], 6,
        # polarization 1, 3, 2 (mean 2, s² 1) then 2, 4, 3 (mean 3, s² 1):
        # needed t(df 4) x sqrt(1/3 + 1/3) = 2.776 x 0.816 = 2.27 > 1; same for A's pursue
        # 6, 8, 7 -> 7, 9, 8
        {("change", 0, 1, "couple", "polarization"): (1.0, False),
         ("change", 0, 1, "A", "pursue"): (1.0, False)},
        id="an unreliable change"),
    pytest.param(
        [ci(p, n, 7, 2) for p in "AB" for n in range(1, 7)], [4], [], 6,
        {("change", 0, 1, "couple", "polarization"): (0.0, False)},  # SDs 0 and no change
        id="no change is never reliable"),
    pytest.param(
        [], [], [], 5, {"intervals": []},
        id="empty couple"),
]


@pytest.mark.parametrize("rows, sessions, tasks, as_of, expected", CASES)
def test_metrics_match_hand_computed_values(rows, sessions, tasks, as_of, expected):
    result = compute(rows, sessions, tasks, as_of)
    for key, want in expected.items():
        assert_same(observed(result, key), want)


def test_empty_frames_without_columns_work():
    result = compute_couple_metrics(pd.DataFrame(), [], pd.DataFrame(), as_of=d(5))
    assert result.intervals.empty and result.partners.empty and result.daily.empty
    assert metrics_json.metrics_json("C-000", result) == {"couple": "C-000", "intervals": [],
                                                          "autocorrelation": 0.0}
    assert alert_rules.couple_alerts(result, pd.DataFrame(), pd.DataFrame(), [], as_of=d(5)) == []


def test_extra_columns_are_ignored_and_reflections_never_leave():
    result = compute([ci("A", 1)], as_of=1)
    assert "reflection" not in result.daily.columns
    assert "id" not in result.daily.columns


def test_missing_check_in_columns_are_named():
    with pytest.raises(ValueError, match="withdraw"):
        compute_couple_metrics(pd.DataFrame([{"partner": "A", "day": d(1), "pursue": 3}]), [],
                               None, as_of=d(1))


def test_daily_frame_for_the_timeline():
    result = compute([ci("B", 2, 1, 8), ci("A", 2, 6, 2), ci("A", 1, 4, 4)], [2], as_of=2)
    assert list(result.daily[["partner", "interval", "stance"]].itertuples(index=False,
                                                                           name=None)) == [
        ("A", 0, 0), ("A", 1, 4), ("B", 1, -7)]
    assert str(result.daily["day"].dtype) == "datetime64[ns]"


def test_practice_frame_counts_days_per_assignment():
    rows = [ci("A", 1, practised=["x"]), ci("A", 3, practised=["x", "y"]),
            ci("B", 3, practised=["y"])]
    result = compute(rows, [3], [task("x", "A", start=1), task("y", None, start=3, per_week=2)],
                     as_of=4)
    table = result.practice[["interval", "partner", "exercise_id", "active_days",
                             "due_days", "practised_days"]]
    assert [tuple(row) for row in table.itertuples(index=False)] == [
        (0, "A", "x", 2, 2.0, 1),
        (1, "A", "x", 2, 2.0, 1),
        (1, "A", "y", 2, 4 / 7, 1),
        (1, "B", "y", 2, 4 / 7, 1),
    ]


def three_intervals():
    """Baseline 1-3 Mar, interval 1 from 4 Mar, interval 2 from 7 Mar; polarization falls."""
    rows = ([ci("A", n, 9, 1) for n in (1, 2, 3)] + [ci("A", n, 7, 3) for n in (4, 5, 6)]
            + [ci("A", n, 5, 5) for n in (7, 8, 9)] + [ci("B", n, 5, 5) for n in range(1, 10)])
    return compute(rows, [4, 7], as_of=9)


def test_changes_against_previous_and_baseline():
    result = three_intervals()
    # polarization per interval: |8 - 0| / 2 = 4, then 2, then 0
    assert result.previous_interval(2) == 1 and result.first_interval == 0
    previous = interval_changes.changes(result, result.previous_interval(2), 2)[0]
    baseline = interval_changes.changes(result, result.first_interval, 2)[0]
    assert (previous.metric, previous.from_value, previous.change) == ("polarization", 2.0, -2.0)
    assert (baseline.from_value, baseline.change, baseline.direction) == (4.0, -4.0, "better")
    table = interval_changes.changes_table(result, against="baseline")
    assert set(table["frm"]) == {0} and set(table["to"]) == {1, 2}
    assert len(interval_changes.changes_table(result)) == 2 * 12


@pytest.mark.parametrize("metric, change, expected", [
    ("polarization", -1.0, "better"), ("cycle_intensity", 0.5, "worse"),
    ("anxiety", 0.0, "same"), ("closeness", 1.0, "better"), ("repair_rate", -0.1, "worse"),
    ("practice_rate", 0.2, "better"), ("stance", 3.0, None), ("pursue", None, None),
])
def test_direction(metric, change, expected):
    assert interval_changes.direction(metric, change) == expected


@pytest.mark.parametrize("before, after, expected", [
    ([1, 2], [5, 5, 5], None),
    # Welch: s² = 1 on both sides, df = 4, t = 2.776; needed = 2.776 x sqrt(1/3 + 1/3) = 2.267
    ([1, 2, 3], [7, 8, 9], True),
    ([1, 2, 3], [2, 3, 4], False),
    ([1, 2, 3], [3.26, 4.26, 5.26], False),  # 2.26 is within the ups and downs
    ([1, 2, 3], [3.27, 4.27, 5.27], True),  # 2.27 is just beyond them
    ([4, 4, 4], [5, 5, 5], True),
    ([4, 4, 4], [4, 4, 4], False),
])
def test_reliable_change(before, after, expected):
    assert interval_changes.reliable_change(before, after) is expected


def test_metrics_json_shape_and_types():
    rows = ([ci("A", n, 9, 1) for n in (1, 2, 3)] + [ci("B", n, 1, 9) for n in (1, 2, 3)]
            + [ci("A", n, 5, 5, cycle=True, repaired=True) for n in (4, 5, 6)])
    result = compute(rows, [4], [task("x", "A", start=4)], as_of=6)
    output = metrics_json.metrics_json("C-014", result)
    text = json.dumps(output, allow_nan=False)
    assert json.loads(text) == output
    assert list(output) == ["couple", "intervals", "autocorrelation"]
    assert output["couple"] == "C-014" and output["autocorrelation"] == 0.0
    first, second = output["intervals"]
    assert list(first) == ["index", "start", "end", "partners", "paired_days", "polarization",
                           "cycle_intensity", "coverage", "changes"]
    assert (first["index"], first["start"], first["end"]) == (0, "2025-03-01", "2025-03-04")
    assert (second["index"], second["start"], second["end"]) == (1, "2025-03-04", None)
    assert first["changes"] is None
    assert list(second["partners"]["A"]) == ["days", "pursue", "withdraw", "anxiety",
                                             "closeness", "stance", "cycle_days", "repair_rate",
                                             "practice_rate"]
    # B did not check in after the session: 0 days and empty means
    assert second["partners"]["B"] == {"days": 0, "pursue": None, "withdraw": None,
                                       "anxiety": None, "closeness": None, "stance": None,
                                       "cycle_days": 0, "repair_rate": None,
                                       "practice_rate": None}
    assert second["partners"]["A"]["practice_rate"] == 0.0
    assert second["paired_days"] == 0 and second["polarization"] is None
    assert second["coverage"] == 0.0
    changes = second["changes"]
    assert list(changes) == ["polarization", "cycle_intensity", "partners"]
    assert changes["polarization"] == {"from": 8.0, "to": None, "change": None,
                                       "reliable": None, "low": None, "high": None}
    assert list(changes["partners"]["A"]) == ["pursue", "withdraw", "anxiety", "closeness",
                                              "stance"]
    # 9, 9, 9 then 5, 5, 5: neither interval varied, so the interval of the change is the
    # change itself.
    assert changes["partners"]["A"]["pursue"] == {"from": 9.0, "to": 5.0, "change": -4.0,
                                                  "reliable": True, "low": -4.0, "high": -4.0}

    def assert_plain(value):
        assert type(value) in (dict, list, str, int, float, bool, type(None)), type(value)
        for child in value.values() if isinstance(value, dict) else (
                value if isinstance(value, list) else ()):
            assert_plain(child)

    assert_plain(output)


def test_shift_sentences_in_plain_words():
    rows = ([ci("A", n, 9, 1) for n in (1, 2, 3)] + [ci("B", n, 1, 9) for n in (1, 2, 3)]
            + [ci("A", 4, 5, 5), ci("B", 4, 5, 5)])
    result = compute(rows, [4], as_of=4)
    sentences = wording.shift_sentences(result, 0, 1, names={"A": "Sam"})
    assert sentences[0] == ("Polarization fell from 8.0 to 0.0; not enough check-ins to say "
                            "whether that is a real change.")
    assert "Sam's pushing for closeness fell from 9.0 to 5.0; not enough" in sentences[2]
    assert any(s.startswith("Sam's stance moved from 8.0 to 0.0 (toward pulling back)")
               for s in sentences)
    assert any(s.startswith("Partner B's pulling back fell from 9.0 to 5.0") for s in sentences)


def test_shift_sentences_reliable_unreliable_and_missing():
    reliable = wording.shift_sentences(three_intervals(), 0, 2)
    assert reliable[0] == "Polarization fell from 4.0 to 0.0, a reliable change."
    assert "Partner B's pulling back stayed at 5.0." in reliable
    unreliable = compute(UNRELIABLE, [4], as_of=6)
    assert wording.shift_sentences(unreliable, 0, 1)[0] == (
        "Polarization rose from 2.0 to 3.0, a change within the day-to-day ups and downs.")
    one_sided = compute([ci("A", 1), ci("A", 4)], [4], as_of=4)
    sentences = wording.shift_sentences(one_sided, 0, 1, names={"B": "Alex"})
    assert sentences[0] == ("Polarization cannot be compared: there were no days on which both "
                            "partners checked in during the baseline.")
    assert sentences[-1] == ("Alex's check-ins cannot be compared: Alex did not check in during "
                             "the baseline.")


# Alerts: each case looks at one kind of alert only.
ALERT_CASES = [
    pytest.param(
        [ci(p, n, 5, 5) for p in "AB" for n in (1, 2, 3)]
        + [ci("A", n, 9, 1) for n in (4, 5, 6)] + [ci("B", n, 1, 9) for n in (4, 5, 6)],
        [4], [], 6, {}, "cycle_escalating", [None],
        "Polarization rose from 0.0 to 8.0 and cycle intensity rose from 5.0 to 9.0 since "
        "session 1 (4 Mar), compared with the interval before; both reliable changes.",
        id="cycle escalating"),
    pytest.param(
        [ci("A", n, 9, 1) for n in (1, 2, 3)] + [ci("B", n, 1, 9) for n in (1, 2, 3)]
        + [ci(p, n, 5, 5) for p in "AB" for n in (4, 5, 6)],
        [4], [], 6, {}, "cycle_escalating", [], None,
        id="cycle calming: no escalation"),
    pytest.param(
        [ci(p, n, 5, 5) for p in "AB" for n in (1, 2, 3)]
        + [ci("A", n, 9, 1) for n in (4, 5)] + [ci("B", n, 1, 9) for n in (4, 5)],
        [4], [], 5, {}, "cycle_escalating", [], None,
        id="cycle escalating needs 3 paired days"),
    pytest.param(
        [], [1], [], 22, {}, "session_overdue", [None],
        "No session for 21 days; the last was on 1 Mar.",
        id="session overdue after 21 days"),
    pytest.param(
        [], [1], [], 21, {}, "session_overdue", [], None,
        id="session not overdue after 20 days"),
    pytest.param(
        [ci("A", 1)], [], [], 22, {}, "session_overdue", [None],
        "No session recorded yet; check-ins began 21 days ago (1 Mar).",
        id="no session at all, check-ins for 21 days"),
    pytest.param(
        [ci("A", 1)], [], [], 21, {}, "session_overdue", [], None,
        id="no session at all, check-ins for 20 days"),
    pytest.param(
        [ci("A", n) for n in range(1, 10)] + [ci("B", 1), ci("B", 2)], [1], [task("x")], 9,
        {}, "quiet_partner", ["B"],
        "Partner B has not checked in for 7 days while an exercise is assigned.",
        id="quiet partner after 7 days"),
    pytest.param(
        [ci("A", n) for n in range(1, 9)] + [ci("B", 1), ci("B", 2)], [1], [task("x")], 8,
        {}, "quiet_partner", [], None,
        id="not quiet after 6 days"),
    pytest.param(
        [ci("A", n) for n in range(1, 10)] + [ci("B", 1), ci("B", 2)], [1],
        [task("x", end=5)], 9, {}, "quiet_partner", [], None,
        id="quiet but no assignment running"),
    pytest.param(
        [ci("A", n) for n in range(3, 10)], [3], [task("x", start=3)], 9, {},
        "quiet_partner", ["B"],
        "Partner B has not checked in at all in the 7 days since an exercise was assigned.",
        id="never checked in since the assignment"),
    pytest.param(
        [ci("A", 1)] + [ci("B", n) for n in range(1, 5)],
        [1], [task("x", "A")], 4, {"quiet_days": 3}, "quiet_partner", ["A"],
        "Sam has not checked in for 3 days while an exercise is assigned.",
        id="quiet threshold is a setting"),
    pytest.param(
        [ci("A", 1, practised=["x"])] + [ci("A", n) for n in range(2, 8)], [1],
        [task("x", "A")], 7, {}, "exercises_not_practised", ["A"],
        "Sam practised the assigned exercises on 1 day out of 7 due since the last session "
        "on 1 Mar (14%).",
        id="exercises not practised"),
    pytest.param(
        [ci("A", 1, practised=["x"])] + [ci("A", n) for n in range(2, 7)], [1],
        [task("x", "A")], 6, {}, "exercises_not_practised", [], None,
        id="not practised, but the interval is only 6 days old"),
    pytest.param(
        [ci("A", n) for n in range(1, 13)], [1], [task("x", "A", start=8)], 12, {},
        "exercises_not_practised", [], None,
        id="not practised, but the exercise was assigned only 5 days ago"),
    pytest.param(
        [ci("A", n) for n in range(1, 15)], [1], [task("x", "A", start=8)], 14, {},
        "exercises_not_practised", ["A"],
        "Sam practised the assigned exercises on 0 days out of 7 due since the last session "
        "on 1 Mar (0%).",
        id="not practised in the 7 days since the exercise was assigned"),
    pytest.param(
        [ci("A", n, practised=["x"]) for n in (1, 3, 5)] + [ci("A", n) for n in (2, 4, 6, 7)],
        [1], [task("x", "A")], 7, {}, "exercises_not_practised", [], None,
        id="practised 3 of 7 days"),
    pytest.param(
        [ci("A", 1, anxiety=2), ci("A", 2, anxiety=8), ci("A", 3, anxiety=9),
         ci("A", 4, anxiety=8)], [], [], 4, {}, "high_anxiety", ["A"],
        "Sam's anxiety about the relationship averaged 8.3 out of 10 over the last 3 "
        "check-ins (2 Mar to 4 Mar). Something to ask about in session; it is a self-report, "
        "not a risk score.",
        id="high anxiety"),
    pytest.param(
        [ci("A", 1, anxiety=8), ci("A", 2, anxiety=8), ci("A", 3, anxiety=7)], [], [], 3, {},
        "high_anxiety", [], None,
        id="anxiety averaging 7.7"),
    pytest.param(
        [ci("B", 1, anxiety=10), ci("B", 2, anxiety=10)], [], [], 2, {}, "high_anxiety", [],
        None,
        id="high anxiety needs 3 check-ins"),
]


@pytest.mark.parametrize("rows, sessions, tasks, as_of, settings, kind, partners, reason",
                         ALERT_CASES)
def test_alerts(rows, sessions, tasks, as_of, settings, kind, partners, reason):
    checkins, assignments = make_checkins(rows), make_assignments(tasks)
    session_days = [d(n) for n in sessions]
    result = compute_couple_metrics(checkins, session_days, assignments, as_of=d(as_of))
    alerts = alert_rules.couple_alerts(result, checkins, assignments, session_days, as_of=d(as_of),
                                   thresholds=AlertThresholds(**settings),
                                   names={"A": "Sam"})
    found = [alert for alert in alerts if alert.kind == kind]
    assert [alert.partner for alert in found] == partners
    if reason is not None:
        assert found[0].reason == reason


def test_alerts_refuse_a_different_as_of():
    result = compute([ci("A", 1)], as_of=3)
    with pytest.raises(ValueError, match="as of"):
        alert_rules.couple_alerts(result, make_checkins([ci("A", 1)]), None, [], as_of=d(4))


def test_every_alert_setting_is_documented():
    text = DOC.read_text()
    for field in dataclasses.fields(AlertThresholds):
        # 0.3 may be written 0.30
        assert re.search(rf"`{field.name}` = {field.default:g}0*\b", text), field.name


# The worked example in docs/metrics.md, read from its tables so the two cannot drift.

def doc_table(name: str) -> list[dict[str, str]]:
    """The Markdown table after `<!-- example: name -->` as a list of rows."""
    lines = DOC.read_text().splitlines()
    start = lines.index(f"<!-- example: {name} -->") + 1
    header = doc_cells(lines[start])
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(dict(zip(header, doc_cells(line))))
    assert rows, f"no rows in the {name} table"
    return rows


def doc_cells(line: str) -> list[str]:
    """The cells of one Markdown table line, without code quotes."""
    return [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]


def doc_number(text: str):
    """A number as the doc writes it; 'none' as None."""
    return None if text == "none" else float(text)


def documented_example():
    """The worked example computed from the doc's own tables: (metrics, names, inputs)."""
    setup = {row["setting"]: row["value"] for row in doc_table("setup")}
    names = {setup["partner A"]: "A", setup["partner B"]: "B"}
    answer = {"yes": True, "no": False}
    checkins = pd.DataFrame([
        dict(partner=names[row["who"]], day=date.fromisoformat(row["day"]),
             submitted_at=datetime.fromisoformat(row["day"]),
             **{score: int(row[score]) for score in SCORES},
             cycle_noticed=answer[row["cycle noticed"]], repaired=answer.get(row["repaired"]),
             practised=tuple(filter(None, [row["practised"]])))
        for row in doc_table("checkins")
    ])
    assignments = pd.DataFrame([
        dict(assignment_id=number, exercise_id=row["exercise"],
             partner=None if row["for"] == "both" else names[row["for"]],
             start=date.fromisoformat(row["start"]),
             end=None if row["end"] == "open" else date.fromisoformat(row["end"]),
             per_week=int(row["per week"]), archived=False)
        for number, row in enumerate(doc_table("assignments"), start=1)
    ])
    inputs = dict(checkins=checkins, assignments=assignments,
                  session_days=[date.fromisoformat(setup["session"])],
                  as_of=date.fromisoformat(setup["as of"]))
    return compute_couple_metrics(**inputs), names, inputs


def test_worked_example_partner_tables_match_the_code():
    result, names, _ = documented_example()
    for interval in (0, 1):
        for row in doc_table(f"partners {interval}"):
            for name, label in names.items():
                got = result.rows[(interval, label)][row["metric"]]
                want = doc_number(row[name])
                if want is None:
                    assert math.isnan(got), (interval, name, row["metric"])
                else:
                    assert got == pytest.approx(want, abs=1e-9), (interval, name, row["metric"])


def test_worked_example_couple_table_matches_the_code():
    result, _, _ = documented_example()
    for row in doc_table("couple"):
        for interval in (0, 1):
            got = result.rows[(interval, None)][row["metric"]]
            assert got == pytest.approx(doc_number(row[f"interval {interval}"]), abs=1e-9)


def test_worked_example_changes_match_the_code():
    result, names, _ = documented_example()
    found = {(c.partner, c.metric): c for c in interval_changes.changes(result, 0, 1)}
    rows = doc_table("changes")
    assert len(rows) == len(found)
    for row in rows:
        change = found[(names.get(row["who"]), row["metric"])]
        assert change.from_value == pytest.approx(float(row["from"]), abs=1e-9)
        assert change.to_value == pytest.approx(float(row["to"]), abs=1e-9)
        assert change.change == pytest.approx(float(row["change"]), abs=1e-9)
        assert change.threshold == pytest.approx(float(row["needed"]), abs=0.005)
        assert change.reliable is {"yes": True, "no": False}[row["reliable"]]


def test_worked_example_has_no_alerts():
    result, _, inputs = documented_example()
    assert alert_rules.couple_alerts(result, **inputs) == []


def test_a_day_counts_for_a_number_only_where_its_inputs_were_answered():
    # Sam (A) leaves a different question open each day; Alex (B) answers everything.
    rows = [ci("A", 1, 8, None, 6, None), ci("A", 2, 6, 2, None, 4), ci("A", 3, None, 4, 2, 6),
            ci("B", 1, 2, 8), ci("B", 2, 1, 7), ci("B", 3, 3, 5)]
    result = compute(rows, [], [], as_of=3)
    sam = result.rows[(0, "A")]
    assert sam["days"] == 3
    assert (sam["pursue"], sam["withdraw"]) == (7.0, 3.0)  # (8+6)/2, (2+4)/2
    assert (sam["anxiety"], sam["closeness"]) == (4.0, 5.0)  # (6+2)/2, (4+6)/2
    assert sam["stance"] == 4.0  # only day 2 has both pursue and withdraw: 6 - 2
    couple = result.rows[(0, None)]
    # Only day 2 pairs: stances 4 and 1 - 7 = -6; polarization |4 + 6|/2 = 5; cycle intensity
    # max(min(6, 7), min(1, 2)) = 6; coverage 1 paired day of 3.
    assert couple["paired_days"] == 1
    assert (couple["polarization"], couple["cycle_intensity"]) == (5.0, 6.0)
    assert couple["coverage"] == pytest.approx(1 / 3)
    assert list(result.daily["pursue"].isna()) == [False, False, False, False, True, False]


def test_unanswered_anxiety_is_left_out_of_the_high_anxiety_alert():
    rows = [ci("A", n, anxiety=9) for n in (1, 2, 3)] + [ci("A", 4, anxiety=None)]
    result = compute(rows, [], [], as_of=4)
    reasons = [a.reason for a in alert_rules.couple_alerts(
        result, make_checkins(rows), make_assignments([]), [], as_of=d(4))]
    assert any("averaged 9.0 out of 10 over the last 3 check-ins (1 Mar to 3 Mar)" in r
               for r in reasons)


def test_sentences_say_a_question_was_not_answered_rather_than_nobody_checked_in():
    # Baseline: both answer everything; since session 1 Sam answers only anxiety.
    rows = ([ci("A", n, 7, 2) for n in (1, 2, 3)] + [ci("B", n, 2, 7) for n in (1, 2, 3)]
            + [ci("A", n, None, None, 4, None) for n in (4, 5, 6)]
            + [ci("B", n, 3, 5) for n in (4, 5, 6)])
    result = compute(rows, [4], [], as_of=6)
    found = wording.shift_sentences(result, 0, 1, {"A": "Sam", "B": "Alex"})
    assert found[0] == ("Polarization cannot be compared: there were no days on which both "
                        "partners checked in and answered the questions about pushing for "
                        "closeness and pulling back since session 1 (4 Mar).")
    assert ("Sam's pushing for closeness cannot be compared: it was not answered since session "
            "1 (4 Mar).") in found
    assert "Sam's anxiety about the relationship fell from 5.0 to 4.0" in " ".join(found)
    assert not any("did not check in" in sentence for sentence in found)
