"""The caseload's numbers for many couples in one pass, from what the database aggregated.

The same definitions as :mod:`metrics` and :mod:`alert_rules` (they call the same functions),
without each couple's full history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.analytics.alert_rules import Alert, AlertThresholds, alerts_from
from dashboard.analytics.carry_over import CYCLE_SCORES, CoupleDays
from dashboard.analytics.check_in_days import paired_values
from dashboard.analytics.interval_stats import (
    column_arrays,
    couple_rows,
    couple_tables,
    interval_rows,
)
from dashboard.analytics.intervals import NS_DTYPE, as_days, interval_tables, midnight
from dashboard.analytics.measures import COUPLE_CHANGE_METRICS
from dashboard.analytics.practice import assignments_by_partner, open_interval_practice
from dashboard.vocabulary import PARTNERS


@dataclass(frozen=True, eq=False)
class CaseloadMetrics:
    """The caseload's numbers for many couples at once.

    couple: every couple's couple table (`code`, then the columns of CoupleMetrics.couple), the
        couples in the order given and each couple's intervals in time order;
    alerts: each couple's alerts by code, as couple_alerts gives them.
    """

    couple: pd.DataFrame
    alerts: dict[str, tuple[Alert, ...]]


def caseload_metrics(
    codes: Sequence[str],
    paired: pd.DataFrame,
    recent: pd.DataFrame,
    sessions: pd.DataFrame,
    assignments: pd.DataFrame,
    *,
    as_of: date,
    thresholds: AlertThresholds = AlertThresholds(),
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> CaseloadMetrics:
    """Many couples' couple tables and alerts from what the database aggregated, in one pass.

    The same numbers as compute_couple_metrics and the same alerts as couple_alerts, without
    each couple's full history. Every frame has a ``code`` column. `paired`: every paired day up
    to as_of with the counted check-ins' scores (``day``, ``pursue_A``, ``withdraw_A``,
    ``pursue_B``, ``withdraw_B``). `recent`: counted check-ins (each partner's latest of a day;
    ``partner``, ``day``, ``anxiety``, ``practised`` as ids or ';'-separated text), at least
    every one since the couple's last session (all when there is none), each partner's last
    three and the couple's first. `sessions`: ``day``. `assignments`: as for
    compute_couple_metrics. `names`: partner names by couple code.
    """
    as_of_day = midnight(as_of)
    codes = list(codes)
    number = {code: position for position, code in enumerate(codes)}
    daily = _counted_by_couple(recent, number, as_of_day)
    daily_bounds = np.searchsorted(daily["couple"], np.arange(len(codes) + 1))
    starts = _session_starts_by_couple(sessions, number, as_of_day)
    first_days = [daily["day"][low] if low < high else None
                  for low, high in zip(daily_bounds[:-1], daily_bounds[1:])]
    intervals = interval_tables(first_days, starts, as_of_day)
    paired_couple = paired["code"].map(number).to_numpy()
    known = ~pd.isna(paired_couple)
    couple_of = paired_couple[known].astype(np.int64)
    values = paired_values(paired[known], day=as_days(paired["day"][known]))
    table = couple_tables(couple_of, values, intervals)
    table_bounds = np.searchsorted(table["couple"].to_numpy(), np.arange(len(codes) + 1))
    couple_days = _couple_days(couple_of, values, intervals, table_bounds)
    active = _active_by_couple(assignments, number, as_of_day)
    active_bounds = np.searchsorted(active["couple"], np.arange(len(codes) + 1))
    table_columns = column_arrays(table)
    alerts = {}
    for position, code in enumerate(codes):
        own_table = couple_rows(table_columns, table_bounds, position)
        own_daily = couple_rows(daily, daily_bounds, position)
        own_active = couple_rows(active, active_bounds, position)
        current = None
        if len(own_table["interval"]):
            last = table_bounds[position + 1] - 1
            current = {"interval": intervals["interval"].iat[last],
                       "start": intervals["start"].iat[last],
                       "calendar_days": intervals["calendar_days"].iat[last]}
        alerts[code] = tuple(alerts_from(
            table=own_table, days=couple_days(position), current=current,
            practice=open_interval_practice(own_daily, own_active, current, as_of_day),
            daily=own_daily, active=own_active, sessions=starts[position], as_of=as_of_day,
            thresholds=thresholds, names=(names or {}).get(code)))
    return CaseloadMetrics(
        table.drop(columns="couple").assign(
            code=np.asarray(codes, dtype=object)[table["couple"].to_numpy()])
        .loc[:, ["code", *COUPLE_TABLE_COLUMNS]],
        alerts,
    )


COUPLE_TABLE_COLUMNS = ("interval", "label", "calendar_days", "paired_days", "polarization",
                        "cycle_intensity", "coverage", "polarization_sd", "cycle_intensity_sd")


def _couple_days(couple_of: np.ndarray, paired: pd.DataFrame, intervals: pd.DataFrame,
                 bounds: np.ndarray):
    """CoupleDays of the couple at a position, from every couple's paired days."""
    rows = interval_rows(couple_of, paired["day"], intervals)
    order = np.argsort(couple_of, kind="stable")
    paired_bounds = np.searchsorted(couple_of[order], np.arange(len(bounds)))
    columns = {name: paired[name].to_numpy()[order]
               for name in ("day", *CYCLE_SCORES, *COUPLE_CHANGE_METRICS)}
    rows = rows[order]
    starts, lengths = intervals["start"].to_numpy(), intervals["calendar_days"].to_numpy()

    def of(position: int) -> CoupleDays:
        low, high = bounds[position], bounds[position + 1]
        own = slice(paired_bounds[position], paired_bounds[position + 1])
        return CoupleDays.of({name: values[own] for name, values in columns.items()},
                             rows[own] - low, starts[low:high], lengths[low:high])

    return of


def _counted_by_couple(recent: pd.DataFrame, number: Mapping[str, int],
                       as_of: pd.Timestamp) -> dict[str, np.ndarray]:
    """Counted check-ins up to as_of as column arrays sorted by couple, day and partner."""
    couple = recent["code"].map(number).to_numpy()
    partner = recent["partner"].to_numpy(dtype=object)
    unknown = set(partner) - set(PARTNERS)
    if unknown:
        raise ValueError(f"check-ins have unknown partner labels: {sorted(unknown)}")
    day = as_days(recent["day"])
    keep = ~pd.isna(couple) & (day <= as_of.to_datetime64())
    couple, partner, day = couple[keep].astype(np.int64), partner[keep], day[keep]
    order = np.lexsort(((partner == "B").astype(np.int64), day, couple))
    practised = np.empty(len(order), dtype=object)
    practised[:] = [tuple(filter(None, ids.split(";"))) if isinstance(ids, str) else tuple(ids)
                    for ids in recent["practised"].to_numpy(dtype=object)[keep][order]]
    return {"couple": couple[order], "partner": partner[order], "day": day[order],
            # NaN where the check-in left anxiety unanswered.
            "anxiety": pd.to_numeric(recent["anxiety"], errors="coerce")
            .to_numpy(dtype=float)[keep][order],
            "practised": practised}


def _session_starts_by_couple(sessions: pd.DataFrame, number: Mapping[str, int],
                              as_of: pd.Timestamp) -> list[np.ndarray]:
    """Each couple's distinct session days up to as_of, in order (as session_starts)."""
    couple = sessions["code"].map(number).to_numpy()
    day = as_days(sessions["day"])
    keep = ~pd.isna(couple) & ~np.isnat(day) & (day <= as_of.to_datetime64())
    pairs = np.unique(np.column_stack([couple[keep].astype(np.int64),
                                       day[keep].astype(np.int64)]), axis=0).reshape(-1, 2)
    bounds = np.searchsorted(pairs[:, 0], np.arange(len(number) + 1))
    days = pairs[:, 1].astype(NS_DTYPE)
    return [days[low:high] for low, high in zip(bounds[:-1], bounds[1:])]


def _active_by_couple(assignments: pd.DataFrame, number: Mapping[str, int],
                      as_of: pd.Timestamp) -> dict[str, np.ndarray]:
    """Assignments by partner (as assignments_by_partner) as column arrays sorted by couple."""
    active = assignments_by_partner(assignments, as_of, keep=("code",))
    couple = active.pop("code").map(number).to_numpy()
    active = active[~pd.isna(couple)].assign(couple=couple[~pd.isna(couple)].astype(np.int64))
    return column_arrays(active.sort_values("couple", kind="stable"))
