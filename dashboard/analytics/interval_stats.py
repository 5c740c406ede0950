"""Each interval's numbers: the partners' means and SDs, polarization and cycle intensity."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.analytics.intervals import NS_DTYPE, interval_position
from dashboard.analytics.measures import COUPLE_CHANGE_METRICS, PARTNER_CHANGE_METRICS
from dashboard.analytics.practice import due_sevenths
from dashboard.vocabulary import PARTNERS


def _interval_stats(position: np.ndarray, columns: Mapping[str, np.ndarray], size: int) -> dict:
    """Per interval: n (days), and each column's mean and sample SD over its day-level values.

    A day counts for a column only where that column has a value (NaN: unanswered), so each
    mean and SD rests on the days its inputs were answered."""
    stats = {"n": np.bincount(position, minlength=size)}
    with np.errstate(invalid="ignore", divide="ignore"):
        for metric, values in columns.items():
            values = np.asarray(values, dtype=float)
            known = ~np.isnan(values)
            count = np.bincount(position[known], minlength=size)
            mean = np.bincount(position[known], weights=values[known], minlength=size) / count
            squares = np.bincount(position[known],
                                  weights=(values[known] - mean[position[known]]) ** 2,
                                  minlength=size)
            stats[metric] = mean
            stats[f"{metric}_sd"] = np.where(count > 1, np.sqrt(squares / (count - 1)), np.nan)
    return stats


def partner_table(daily, position, intervals, active, ticks, as_of) -> pd.DataFrame:
    """Per-partner metrics for every interval and partner (days 0 when a partner was silent)."""
    size = len(intervals)
    due = due_sevenths(intervals, active, as_of)
    partner = daily["partner"].to_numpy(dtype=object)
    cycle = daily["cycle_noticed"].to_numpy(dtype=float)
    repaired = daily["repaired"].fillna(False).to_numpy(dtype=float)
    practised = np.zeros(len(daily))
    practised[np.unique(ticks[0])] = 1
    columns = {}
    for row, label in enumerate(PARTNERS):
        own = partner == label
        stats = _interval_stats(position[own], {metric: daily[metric].to_numpy()[own]
                                                for metric in PARTNER_CHANGE_METRICS}, size)
        cycle_days, repaired_days, practised_days = (
            np.bincount(position[own], weights=flags[own], minlength=size)
            for flags in (cycle, repaired, practised))
        with np.errstate(invalid="ignore", divide="ignore"):
            repair_rate = np.where(cycle_days > 0, repaired_days / cycle_days, np.nan)
            # Sevenths keep 3-per-week over a week exactly 1.0 instead of 0.9999999.
            practice_rate = np.where(due[row] > 0,
                                     np.minimum(1.0, practised_days * 7 / due[row]), np.nan)
        columns[label] = {
            "days": stats["n"], **{metric: stats[metric] for metric in PARTNER_CHANGE_METRICS},
            "cycle_days": cycle_days.astype(np.int64),
            "repaired_days": repaired_days.astype(np.int64), "repair_rate": repair_rate,
            "practised_days": practised_days.astype(np.int64), "due_days": due[row] / 7,
            "practice_rate": practice_rate,
            **{f"{metric}_sd": stats[f"{metric}_sd"] for metric in PARTNER_CHANGE_METRICS},
        }
    # Rows interval by interval, A before B.
    return pd.DataFrame({
        "interval": np.repeat(intervals["interval"].to_numpy(), len(PARTNERS)),
        "label": pd.Series(np.repeat(intervals["label"].to_numpy(dtype=object), len(PARTNERS)),
                           dtype="str"),
        "partner": pd.Series(np.tile(PARTNERS, size), dtype="str"),
        **{name: np.column_stack([columns[label][name] for label in PARTNERS]).ravel()
           for name in columns[PARTNERS[0]]},
    })


def couple_table(paired: pd.DataFrame, intervals: pd.DataFrame) -> pd.DataFrame:
    """Per-couple metrics for every interval; means empty when no day was paired."""
    return couple_tables(None, paired, intervals)


def couple_tables(couple: np.ndarray | None, paired: pd.DataFrame,
                   intervals: pd.DataFrame) -> pd.DataFrame:
    """The couple tables of many couples: paired days of couple positions `couple`, intervals
    of `interval_tables` (sorted by couple, then start); one couple when `couple` is None."""
    position = interval_rows(couple, paired["day"], intervals)
    stats = _interval_stats(position, {metric: paired[metric] for metric in COUPLE_CHANGE_METRICS},
                            len(intervals))
    calendar_days = intervals["calendar_days"].to_numpy()
    return pd.DataFrame({
        **({} if couple is None else {"couple": intervals["couple"].to_numpy()}),
        "interval": intervals["interval"], "label": intervals["label"],
        "calendar_days": calendar_days, "paired_days": stats["n"],
        **{metric: stats[metric] for metric in COUPLE_CHANGE_METRICS},
        "coverage": stats["n"] / np.maximum(calendar_days, 1),
        **{f"{metric}_sd": stats[f"{metric}_sd"] for metric in COUPLE_CHANGE_METRICS},
    })


def interval_rows(couple: np.ndarray | None, days, intervals: pd.DataFrame) -> np.ndarray:
    """The row of `intervals` each day falls in: one couple's intervals when `couple` is None,
    else many couples' (`interval_tables`), `couple` giving each day's couple position."""
    if couple is None:
        return interval_position(days, intervals)

    def key(couples, days):
        # One sortable number per couple and day.
        return (np.asarray(couples, dtype=np.int64) << 40) + np.asarray(
            days, dtype=NS_DTYPE).astype("datetime64[D]").astype(np.int64)

    return np.searchsorted(key(intervals["couple"], intervals["start"]), key(couple, days),
                           side="right") - 1


def column_arrays(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """A frame as a mapping of column arrays: cheap to slice and compare, couple by couple."""
    return {name: frame[name].to_numpy() for name in frame.columns}


def couple_rows(columns: Mapping[str, np.ndarray], bounds: np.ndarray, position: int) -> dict:
    """The rows of one couple from column arrays sorted by couple."""
    low, high = bounds[position], bounds[position + 1]
    return {name: values[low:high] for name, values in columns.items()}
