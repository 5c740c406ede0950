"""Properties every couple's metrics keep, whatever the check-ins look like."""

from __future__ import annotations

import json
import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analytics import interval_changes, metrics_json
from dashboard.vocabulary import SCORES
from tests.unit.test_metrics import ci, compute, task

DAYS = 28
FAST = settings(max_examples=60, deadline=None)

# A score may be left unanswered (None): every property must hold with gaps too.
scores = st.integers(0, 10) | st.none()
check_ins = st.builds(
    ci,
    partner=st.sampled_from("AB"),
    day=st.integers(1, DAYS),
    pursue=scores, withdraw=scores, anxiety=scores, closeness=scores,
    cycle=st.booleans(),
    repaired=st.sampled_from([True, False, None]),
    practised=st.lists(st.sampled_from(["x", "y", "z"]), max_size=2),
    hour=st.integers(0, 23),
)
tasks = st.builds(
    task,
    exercise=st.sampled_from(["x", "y"]),
    partner=st.sampled_from(["A", "B", None]),
    start=st.integers(1, DAYS),
    end=st.none() | st.integers(1, DAYS),
    per_week=st.integers(1, 7),
    archived=st.booleans(),
)
couples = st.fixed_dictionaries({
    "rows": st.lists(check_ins, max_size=40),
    "sessions": st.lists(st.integers(1, DAYS + 7), max_size=4),
    "tasks": st.lists(tasks, max_size=3),
    "as_of": st.integers(1, DAYS),
})


def within(values: pd.Series, low: float, high: float) -> bool:
    """Every non-empty value lies in [low, high]."""
    present = values.dropna()
    return bool(((present >= low) & (present <= high)).all())


@FAST
@given(couples)
def test_every_metric_stays_in_its_range(couple):
    result = compute(**couple)
    partners, pairs = result.partners, result.couple
    for column in SCORES:
        assert within(partners[column], 0, 10), column
    assert within(partners["stance"], -10, 10)
    for column in ("repair_rate", "practice_rate"):
        assert within(partners[column], 0, 1), column
    for column in ("polarization", "cycle_intensity"):
        assert within(pairs[column], 0, 10), column
    assert within(pairs["coverage"], 0, 1)
    calendar_days = partners["interval"].map(dict(zip(pairs["interval"], pairs["calendar_days"])))
    assert (partners["days"] <= calendar_days).all()
    assert (pairs["paired_days"] <= pairs["calendar_days"]).all()
    json.dumps(metrics_json.metrics_json("C-001", result), allow_nan=False)


def swapped(rows: list[dict]) -> list[dict]:
    """The same check-ins with partners A and B exchanged."""
    return [{**row, "partner": "B" if row["partner"] == "A" else "A"} for row in rows]


@FAST
@given(couples)
def test_swapping_partners_keeps_polarization_and_cycle_intensity(couple):
    result = compute(**couple)
    mirror = compute(**{**couple, "rows": swapped(couple["rows"])})
    columns = ["interval", "paired_days", "polarization", "cycle_intensity", "coverage"]
    pd.testing.assert_frame_equal(result.couple[columns], mirror.couple[columns])


@FAST
@given(couples, check_ins, st.data())
def test_a_new_check_in_changes_only_its_own_interval(couple, extra, data):
    before = compute(**couple)
    if before.intervals.empty:
        return
    # A day inside the existing intervals, so the intervals themselves stay the same.
    first = before.intervals["start"].iloc[0].date()
    as_of = before.as_of
    day = data.draw(st.integers(first.toordinal(), as_of.toordinal()))
    extra = {**extra, "day": first.fromordinal(day)}
    extra["submitted_at"] = pd.Timestamp(extra["day"]) + pd.Timedelta(hours=23, minutes=59)
    after = compute(**{**couple, "rows": [*couple["rows"], extra]})
    own = int(after.daily.loc[after.daily["day"] == pd.Timestamp(extra["day"]), "interval"].iloc[0])
    pd.testing.assert_frame_equal(before.intervals, after.intervals)
    for frame in ("partners", "couple"):
        untouched = [getattr(m, frame) for m in (before, after)]
        untouched = [table[table["interval"] != own].reset_index(drop=True) for table in untouched]
        pd.testing.assert_frame_equal(*untouched)


@FAST
@given(couples)
def test_fewer_than_three_values_is_never_reliable(couple):
    result = compute(**couple)
    numbers = result.interval_numbers
    for frm, to in zip(numbers, numbers[1:]):
        for change in interval_changes.changes(result, frm, to):
            if min(change.n_from, change.n_to) < 3:
                assert change.reliable is None
            if change.reliable is not None:
                assert change.threshold is not None and not math.isnan(change.threshold)


@FAST
@given(st.lists(scores, max_size=2), st.lists(scores, max_size=10))
def test_reliable_change_needs_three_values_each(short, other):
    assert interval_changes.reliable_change(short, other) is None
    assert interval_changes.reliable_change(other, short) is None
