"""Each interval's numbers day by day, and how strongly a couple's days carry over.

Reliable change (:mod:`reliable_change`) needs each interval's values in calendar order, with
a gap on every day without a value, and one lag-1 autocorrelation for the couple. That
autocorrelation is pooled over the four scores of the cycle (each partner's pursue and
withdraw) on the days both partners checked in, in every interval of the couple's history: the
one couple page and the whole caseload both hold exactly these days, so both give the same
number, and the same verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from dashboard.analytics.measures import COUPLE_CHANGE_METRICS
from dashboard.analytics.reliable_change import pooled_autocorrelation

CYCLE_SCORES = ("pursue_A", "withdraw_A", "pursue_B", "withdraw_B")
_DAY = np.timedelta64(1, "D")


def by_interval(days: np.ndarray, values: np.ndarray, position: np.ndarray, starts: np.ndarray,
                lengths: np.ndarray) -> list[np.ndarray]:
    """One array per interval, `lengths[i]` calendar days from `starts[i]`, NaN on days without
    a value; `position` is the interval of each of `days` (datetime64) and `values`."""
    lengths = np.asarray(lengths, dtype=np.int64)
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    flat = np.full(int(bounds[-1]), np.nan)
    position = np.asarray(position, dtype=np.int64)
    if len(position):
        offset = (np.asarray(days, dtype="datetime64[ns]")
                  - np.asarray(starts, dtype="datetime64[ns]")[position]) // _DAY
        flat[bounds[position] + offset.astype(np.int64)] = np.asarray(values, dtype=float)
    return np.split(flat, bounds[1:-1])


def couple_autocorrelation(paired: Mapping[str, np.ndarray], position: np.ndarray,
                           starts: np.ndarray, lengths: np.ndarray) -> float:
    """The couple's pooled lag-1 autocorrelation from its paired days (``day`` and the four
    cycle scores), every interval's series of every score."""
    series = [one for score in CYCLE_SCORES
              for one in by_interval(paired["day"], paired[score], position, starts, lengths)]
    return pooled_autocorrelation(series)


@dataclass(frozen=True, eq=False)
class CoupleDays:
    """A couple's paired days interval by interval: each couple metric day by day (one array
    per interval, in time order) and the couple's carry-over."""

    series: Mapping[str, list[np.ndarray]]
    autocorrelation: float

    @classmethod
    def of(cls, paired: Mapping[str, np.ndarray], position: np.ndarray, starts: np.ndarray,
           lengths: np.ndarray) -> CoupleDays:
        """From the paired days (``day``, the four cycle scores, polarization and cycle
        intensity) and the interval (row) of each; `starts`/`lengths` of every interval."""
        return cls(
            series={metric: by_interval(paired["day"], paired[metric], position, starts,
                                        lengths) for metric in COUPLE_CHANGE_METRICS},
            autocorrelation=couple_autocorrelation(paired, position, starts, lengths))
