"""How each number moved between two intervals, with the reliable-change verdict."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from dashboard.analytics.measures import (
    COUPLE_CHANGE_METRICS,
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    PARTNER_CHANGE_METRICS,
)
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.vocabulary import PARTNERS

RELIABLE_Z = 1.96
MIN_VALUES_FOR_CHANGE = 3


@dataclass(frozen=True)
class Change:
    """The shift of one metric between two intervals, with the reliable-change verdict."""

    metric: str
    partner: str | None  # None for couple metrics
    frm: int
    to: int
    from_value: float | None
    to_value: float | None
    change: float | None
    threshold: float | None  # 1.96 x standard error; None when there is not enough data
    reliable: bool | None  # None: fewer than 3 day-level values in one interval
    direction: str | None  # 'better', 'worse', 'same'; None for stance or missing data
    n_from: int
    n_to: int

    def as_json(self) -> dict:
        """The change as in the metrics JSON: from, to, change, reliable."""
        return {"from": self.from_value, "to": self.to_value, "change": self.change,
                "reliable": self.reliable}


def direction(metric: str, change: float | None) -> str | None:
    """'better', 'worse' or 'same' for a change; None for stance (no better side) or no data."""
    if change is None or metric not in LOWER_IS_BETTER | HIGHER_IS_BETTER:
        return None
    if change == 0:
        return "same"
    return "better" if (change < 0) == (metric in LOWER_IS_BETTER) else "worse"


def reliable_change(before: Sequence[float], after: Sequence[float]) -> bool | None:
    """Whether the mean moved by more than 1.96 standard errors; None below 3 values each."""
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    if min(len(before), len(after)) < MIN_VALUES_FOR_CHANGE:
        return None
    return _verdict(float(after.mean() - before.mean()), len(before), before.std(ddof=1),
                    len(after), after.std(ddof=1))[1]


def _verdict(shift: float, n_from: int, sd_from: float, n_to: int, sd_to: float):
    """(threshold, reliable) for a change, or (None, None) below 3 values in either interval."""
    if min(n_from, n_to) < MIN_VALUES_FOR_CHANGE:
        return None, None
    threshold = RELIABLE_Z * math.sqrt(sd_from**2 / n_from + sd_to**2 / n_to)
    return threshold, abs(shift) > threshold


def changes(metrics: CoupleMetrics, frm: int, to: int) -> list[Change]:
    """Changes of polarization, cycle intensity, then partner A's and B's scores, frm -> to."""
    for interval in (frm, to):
        if (interval, None) not in metrics.rows:
            raise ValueError(f"this couple has no interval {interval}")
    measured = [(None, COUPLE_CHANGE_METRICS)] + [(p, PARTNER_CHANGE_METRICS) for p in PARTNERS]
    return [_change(metrics, metric, partner, frm, to)
            for partner, names in measured for metric in names]


def _change(metrics: CoupleMetrics, metric: str, partner: str | None, frm: int, to: int) -> Change:
    """One Change from the two intervals' means, day counts and standard deviations."""
    return change_between(metric, partner, frm, to, metrics.rows[(frm, partner)],
                           metrics.rows[(to, partner)])


def change_between(metric: str, partner: str | None, frm: int, to: int, before: Mapping,
                    after: Mapping) -> Change:
    """One Change from two interval rows (partner or couple rows of CoupleMetrics)."""
    count = "paired_days" if partner is None else "days"
    from_value, to_value = json_value(before[metric]), json_value(after[metric])
    shift = None if from_value is None or to_value is None else to_value - from_value
    threshold, reliable = (None, None) if shift is None else _verdict(
        shift, before[count], before[f"{metric}_sd"], after[count], after[f"{metric}_sd"])
    return Change(metric=metric, partner=partner, frm=frm, to=to, from_value=from_value,
                  to_value=to_value, change=shift, threshold=threshold, reliable=reliable,
                  direction=direction(metric, shift), n_from=int(before[count]),
                  n_to=int(after[count]))


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
