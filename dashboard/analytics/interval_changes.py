"""How each number moved between two intervals, with the reliable-change verdict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from dashboard.analytics import reliable_change as reliable_change_rule
from dashboard.analytics.measures import (
    COUPLE_CHANGE_METRICS,
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    PARTNER_CHANGE_METRICS,
)
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.vocabulary import PARTNERS

MIN_VALUES_FOR_CHANGE = reliable_change_rule.MIN_VALUES


@dataclass(frozen=True)
class Change:
    """The shift of one metric between two intervals, with the reliable-change verdict.

    The verdict allows for day-to-day carry-over (see :mod:`reliable_change`): reliable when
    |change| is strictly greater than ``threshold``, the 95% half-width; ``low`` and ``high``
    are the 95% interval of the change.
    """

    metric: str
    partner: str | None  # None for couple metrics
    frm: int
    to: int
    from_value: float | None
    to_value: float | None
    change: float | None
    threshold: float | None  # t x standard error; None when there is not enough data
    reliable: bool | None  # None: fewer than 3 day-level values in one interval
    direction: str | None  # 'better', 'worse', 'same'; None for stance or missing data
    n_from: int
    n_to: int
    low: float | None = None  # the 95% interval of the change, None without a verdict
    high: float | None = None

    def as_json(self) -> dict:
        """The change as in the metrics JSON: from, to, change, reliable, low, high."""
        return {"from": self.from_value, "to": self.to_value, "change": self.change,
                "reliable": self.reliable, "low": self.low, "high": self.high}


def direction(metric: str, change: float | None) -> str | None:
    """'better', 'worse' or 'same' for a change; None for stance (no better side) or no data."""
    if change is None or metric not in LOWER_IS_BETTER | HIGHER_IS_BETTER:
        return None
    if change == 0:
        return "same"
    return "better" if (change < 0) == (metric in LOWER_IS_BETTER) else "worse"


def reliable_change(before: Sequence[float], after: Sequence[float], *,
                    autocorrelation: float = 0.0) -> bool | None:
    """Whether the mean moved reliably from `before` to `after` (each one interval, day by
    day, NaN on days without a value); None below 3 values on either side."""
    return reliable_change_rule.verdict(np.asarray(before, dtype=float),
                                        np.asarray(after, dtype=float), autocorrelation).reliable


def changes(metrics: CoupleMetrics, frm: int, to: int) -> list[Change]:
    """Changes of polarization, cycle intensity, then partner A's and B's scores, frm -> to."""
    for interval in (frm, to):
        if (interval, None) not in metrics.rows:
            raise ValueError(f"this couple has no interval {interval}")
    measured = [(partner, metric) for partner, names in
                [(None, COUPLE_CHANGE_METRICS)] + [(p, PARTNER_CHANGE_METRICS) for p in PARTNERS]
                for metric in names]
    days = [np.vstack([metrics.series(interval, partner, metric)
                       for partner, metric in measured]) for interval in (frm, to)]
    # All twelve verdicts at once: the same rule as change_between, one call.
    found = reliable_change_rule.verdicts(*days, np.full(len(measured),
                                                         metrics.autocorrelation))
    return [_change(metric, partner, frm, to, metrics.rows[(frm, partner)],
                    metrics.rows[(to, partner)], threshold=found["threshold"][row],
                    reliable=bool(found["reliable"][row]),
                    counts=(int(found["n_before"][row]), int(found["n_after"][row])))
            for row, (partner, metric) in enumerate(measured)]


def change_between(metric: str, partner: str | None, frm: int, to: int, before: Mapping,
                   after: Mapping, *, days: tuple[np.ndarray, np.ndarray],
                   autocorrelation: float) -> Change:
    """One Change from two interval rows (partner or couple rows of CoupleMetrics) and the
    metric's day-by-day values in each (`days`: before, after)."""
    found = reliable_change_rule.verdict(*days, autocorrelation)
    return _change(metric, partner, frm, to, before, after,
                   threshold=np.nan if found.threshold is None else found.threshold,
                   reliable=bool(found.reliable), counts=(found.n_before, found.n_after))


def _change(metric: str, partner: str | None, frm: int, to: int, before: Mapping,
            after: Mapping, *, threshold: float, reliable: bool,
            counts: tuple[int, int]) -> Change:
    """One Change from the interval rows and its verdict (threshold NaN: no verdict)."""
    from_value, to_value = json_value(before[metric]), json_value(after[metric])
    shift = None if from_value is None or to_value is None else to_value - from_value
    judged = shift is not None and not np.isnan(threshold)
    threshold = float(threshold) if judged else None
    low, high = (shift - threshold, shift + threshold) if judged else (None, None)
    return Change(metric=metric, partner=partner, frm=frm, to=to, from_value=from_value,
                  to_value=to_value, change=shift, threshold=threshold,
                  reliable=reliable if judged else None, direction=direction(metric, shift),
                  n_from=counts[0], n_to=counts[1], low=low, high=high)


def changes_table(metrics: CoupleMetrics, *, against: str = "previous") -> pd.DataFrame:
    """Every interval's changes against the previous interval or the first ("baseline")."""
    if against not in ("previous", "baseline"):
        raise ValueError("against must be 'previous' or 'baseline'")
    numbers = metrics.interval_numbers
    rows = [asdict(change)
            for position, to in enumerate(numbers[1:], start=1)
            for change in changes(metrics, numbers[position - 1 if against == "previous" else 0],
                                  to)]
    return pd.DataFrame(rows, columns=list(Change.__dataclass_fields__))


def json_value(value):
    """A JSON-safe python value: numpy scalars unwrapped, NaN and NA as None."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    return float(value)
