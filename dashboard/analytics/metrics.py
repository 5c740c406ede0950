"""One couple's pattern metrics as of a day: :func:`compute_couple_metrics` and what it returns.

The pages, the charts, the report and ``python -m dashboard metrics --json`` all read
:class:`CoupleMetrics`, so they agree. Formulas, thresholds and a worked example are in
``docs/metrics.md``.

Inputs (extra columns are ignored):

- check-ins: ``partner`` ('A'|'B'), ``day``, ``submitted_at``, ``pursue``, ``withdraw``,
  ``anxiety``, ``closeness`` (0-10), ``cycle_noticed``, ``repaired`` (bool or empty),
  ``practised`` (tuple of exercise ids);
- session days: any sequence of dates;
- assignments: ``assignment_id``, ``exercise_id``, ``partner`` ('A'|'B', empty = both),
  ``start``, ``end`` (last active day, inclusive; empty = open), ``per_week`` (1-7),
  ``archived`` (archived assignments are ignored entirely).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from dashboard.analytics.carry_over import CYCLE_SCORES, CoupleDays, by_interval
from dashboard.analytics.check_in_days import latest_check_ins, paired_check_ins
from dashboard.analytics.interval_stats import couple_table, partner_table
from dashboard.analytics.intervals import (
    interval_position,
    interval_table,
    midnight,
    session_starts,
)
from dashboard.analytics.measures import COUPLE_CHANGE_METRICS, PARTNER_CHANGE_METRICS
from dashboard.analytics.practice import (
    assignments_by_partner,
    practice_table,
    practised_assignments,
)
from dashboard.vocabulary import PARTNERS


@dataclass(frozen=True, eq=False, repr=False)
class CoupleMetrics:
    """Everything the pages, charts and JSON show about one couple, as of one day.

    intervals: interval, start, end (exclusive; NaT when open), last_day, calendar_days,
        is_open, label.
    partners: one row per interval and partner (A before B): interval, label, partner, days,
        pursue, withdraw, anxiety, closeness, stance (means; NaN when days is 0), cycle_days,
        repaired_days, repair_rate, practised_days, due_days, practice_rate, and the sample
        SD of each mean's daily values (pursue_sd ... stance_sd; NaN below 2 days).
    couple: one row per interval: interval, label, calendar_days, paired_days, polarization,
        cycle_intensity (NaN without paired days), coverage, polarization_sd,
        cycle_intensity_sd.
    daily: the check-in that counts for each partner and day: partner, day, interval, pursue,
        withdraw, anxiety, closeness, stance, cycle_noticed, repaired, practised, submitted_at.
    paired: one row per day both partners checked in: day, interval, pursue_A, withdraw_A,
        stance_A, pursue_B, withdraw_B, stance_B, polarization, cycle_intensity.
    practice: one row per interval, partner and assignment active in it: interval, label,
        partner, assignment_id, exercise_id, per_week, active_days, due_days, practised_days.
    """

    as_of: date
    intervals: pd.DataFrame
    partners: pd.DataFrame
    couple: pd.DataFrame
    daily: pd.DataFrame
    paired: pd.DataFrame
    practice: pd.DataFrame

    def __repr__(self) -> str:
        return f"CoupleMetrics(as_of={self.as_of}, intervals={self.interval_numbers})"

    @property
    def interval_numbers(self) -> list[int]:
        """Interval indices in time order."""
        return [int(i) for i in self.intervals["interval"]]

    @property
    def first_interval(self) -> int | None:
        """The first interval (the baseline when there is one)."""
        return self.interval_numbers[0] if len(self.intervals) else None

    @property
    def latest_interval(self) -> int | None:
        """The open interval, "since the last session"."""
        return self.interval_numbers[-1] if len(self.intervals) else None

    def previous_interval(self, interval: int) -> int | None:
        """The interval just before this one, or None for the first."""
        numbers = self.interval_numbers
        position = numbers.index(interval)
        return numbers[position - 1] if position > 0 else None

    def label(self, interval: int) -> str:
        """The interval's label, e.g. "Since session 2 (17 Mar)"."""
        return str(self.rows[(interval, None)]["label"])

    @cached_property
    def rows(self) -> dict[tuple[int, str | None], dict]:
        """Partner rows as dicts keyed (interval, 'A'|'B'), couple rows keyed (interval, None)."""
        rows = {(row["interval"], row["partner"]): row for row in self.partners.to_dict("records")}
        rows.update({(row["interval"], None): row for row in self.couple.to_dict("records")})
        return rows

    @cached_property
    def couple_days(self) -> CoupleDays:
        """The couple metrics day by day per interval, and the couple's carry-over."""
        columns = ("day", *CYCLE_SCORES, *COUPLE_CHANGE_METRICS)
        return CoupleDays.of({name: self.paired[name].to_numpy() for name in columns},
                             self._positions(self.paired["interval"]),
                             self.intervals["start"].to_numpy(),
                             self.intervals["calendar_days"].to_numpy())

    @property
    def autocorrelation(self) -> float:
        """How strongly one day's scores carry over to the next (pooled lag-1 autocorrelation
        of the cycle scores on paired days; see :mod:`carry_over`), 0 without enough days."""
        return self.couple_days.autocorrelation

    def series(self, interval: int, partner: str | None, metric: str) -> np.ndarray:
        """One metric's values in one interval, day by day (NaN on days without one): a
        partner's own check-in days, or the paired days for a couple metric (partner None)."""
        position = self.interval_numbers.index(interval)
        if partner is None:
            return self.couple_days.series[metric][position]
        return self._partner_series[(partner, metric)][position]

    @cached_property
    def _partner_series(self) -> dict[tuple[str, str], list[np.ndarray]]:
        starts = self.intervals["start"].to_numpy()
        lengths = self.intervals["calendar_days"].to_numpy()
        found = {}
        for partner in PARTNERS:
            own = self.daily[self.daily["partner"] == partner]
            for metric in PARTNER_CHANGE_METRICS:
                found[(partner, metric)] = by_interval(
                    own["day"].to_numpy(), own[metric].to_numpy(),
                    self._positions(own["interval"]), starts, lengths)
        return found

    def _positions(self, intervals: pd.Series) -> np.ndarray:
        """Row of `self.intervals` for each interval number."""
        return np.searchsorted(self.intervals["interval"].to_numpy(), intervals.to_numpy())


def compute_couple_metrics(
    checkins: pd.DataFrame | None,
    session_days: Sequence[date] | None,
    assignments: pd.DataFrame | None,
    *,
    as_of: date,
) -> CoupleMetrics:
    """All pattern metrics of one couple as of a day (inclusive); formulas in docs/metrics.md.

    Practice rate: a day's due amount is min(1, sum of per_week / 7 over the partner's
    assignments active that day); due = the sum over the interval's days up to as_of;
    practised = days whose check-in lists an exercise assigned to that partner and active
    that day; rate = min(1, practised / due), empty when nothing was due.
    """
    as_of_day = midnight(as_of)
    daily = latest_check_ins(checkins, as_of_day)
    first_day = daily["day"].min() if len(daily) else None
    intervals = interval_table(first_day, session_starts(session_days, as_of_day), as_of_day)
    position = interval_position(daily["day"], intervals)
    daily.insert(2, "interval", intervals["interval"].to_numpy()[position])
    active = assignments_by_partner(assignments, as_of_day)
    ticks = practised_assignments(daily, active)
    paired = paired_check_ins(daily)
    return CoupleMetrics(
        as_of=as_of_day.date(),
        intervals=intervals,
        partners=partner_table(daily, position, intervals, active, ticks, as_of_day),
        couple=couple_table(paired, intervals),
        daily=daily,
        paired=paired,
        practice=practice_table(intervals, active, ticks, position),
    )
