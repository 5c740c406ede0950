"""Practice: which assignments are active for each partner, what was due and what was practised."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from dashboard.analytics.intervals import NS_DTYPE, as_days, interval_position
from dashboard.vocabulary import PARTNERS


def assignments_by_partner(assignments: pd.DataFrame | None, as_of: pd.Timestamp,
                            keep: Sequence[str] = ()) -> pd.DataFrame:
    """Non-archived assignments, one row per partner they apply to, active_until capped at as_of.

    Columns named in `keep` are carried over as they are.
    """
    if assignments is None or len(assignments) == 0:
        assignments = pd.DataFrame(columns=["assignment_id", "exercise_id", "partner", "start",
                                            "end", "per_week", *keep])
    elif "archived" in assignments.columns:
        assignments = assignments[~assignments["archived"].fillna(False).astype(bool)]
    partner = assignments["partner"].to_numpy(dtype=object)
    end = as_days(assignments["end"])
    until = np.minimum(np.where(np.isnat(end), as_of.to_datetime64(), end), as_of.to_datetime64())
    # An assignment without a partner is for both: one row for A, one for B.
    rows = [np.flatnonzero(pd.isna(partner) | (partner == label)) for label in PARTNERS]
    take = np.concatenate(rows)
    return pd.DataFrame({
        "assignment_id": assignments["assignment_id"].to_numpy(dtype=np.int64)[take],
        "exercise_id": pd.Series(assignments["exercise_id"].to_numpy(dtype=object)[take],
                                 dtype="str"),
        "partner": pd.Series(np.repeat(PARTNERS, [len(r) for r in rows]), dtype="str"),
        "start": as_days(assignments["start"])[take],
        "active_until": until.astype(NS_DTYPE)[take],
        "per_week": assignments["per_week"].to_numpy(dtype=np.int64)[take],
        **{column: assignments[column].to_numpy()[take] for column in keep},
    })


def practised_assignments(daily: Mapping, active: Mapping):
    """(check-in rows, assignment rows): pairs where the check-in lists the assignment's
    exercise, assigned to that partner and running that day.

    daily and active are frames or mappings of column arrays.
    """
    practised = np.asarray(daily["practised"], dtype=object)
    row = np.repeat(np.arange(len(practised)), [len(ids) for ids in practised])
    # Compare integer codes, not strings: exercise id and partner in one key.
    ticked = (np.array([i for ids in practised for i in ids], dtype=object).astype(str) + "|"
              + np.asarray(daily["partner"], dtype=object)[row].astype(str))
    assigned = (np.asarray(active["exercise_id"], dtype=object).astype(str) + "|"
                + np.asarray(active["partner"], dtype=object).astype(str))
    codes, _ = pd.factorize(np.concatenate([ticked, assigned]))
    day = np.asarray(daily["day"])[row]
    # Every ticked exercise against every assignment: a few thousand by a few dozen at most.
    match = ((codes[: len(row), None] == codes[None, len(row):])
             & (day[:, None] >= np.asarray(active["start"])[None, :])
             & (day[:, None] <= np.asarray(active["active_until"])[None, :]))
    tick, assignment = np.nonzero(match)
    pairs = np.unique(np.column_stack([row[tick], assignment]), axis=0).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def due_sevenths(intervals: Mapping, active: Mapping, as_of: pd.Timestamp) -> np.ndarray:
    """Due practice per partner (rows A, B) and interval, in sevenths of a day (exact integers).

    intervals and active are frames or mappings of column arrays (intervals needs `start`).
    """
    starts = np.asarray(intervals["start"], dtype=NS_DTYPE)
    if not len(starts):
        return np.zeros((len(PARTNERS), 0), dtype=np.int64)
    first = starts[0]
    n_days = int((as_of.to_datetime64() - first) // np.timedelta64(1, "D")) + 1
    load = np.zeros((len(PARTNERS), n_days + 1), dtype=np.int64)
    rows = np.array([PARTNERS.index(label) for label in active["partner"]], dtype=np.int64)
    low = np.clip((np.asarray(active["start"]) - first) // np.timedelta64(1, "D"), 0, n_days)
    high = np.clip((np.asarray(active["active_until"]) - first) // np.timedelta64(1, "D") + 1,
                   0, n_days)
    weight = np.asarray(active["per_week"], dtype=np.int64)
    keep = low < high
    # A difference array: +per_week on the first active day, -per_week the day after the last.
    np.add.at(load, (rows[keep], low[keep]), weight[keep])
    np.add.at(load, (rows[keep], high[keep]), -weight[keep])
    per_day = np.minimum(np.cumsum(load, axis=1)[:, :n_days], 7)
    position = interval_position(first + np.arange(n_days).astype("timedelta64[D]"), intervals)
    return np.stack([np.bincount(position, weights=per_day[k], minlength=len(starts))
                     for k in range(len(PARTNERS))]).astype(np.int64)


def practice_table(intervals, active, ticks, position) -> pd.DataFrame:
    """Days practised per assignment, partner and interval, for every assignment active in it."""
    # Overlap of every assignment (rows) with every interval (columns), in days.
    first = np.maximum(active["start"].to_numpy()[:, None], intervals["start"].to_numpy()[None, :])
    last = np.minimum(active["active_until"].to_numpy()[:, None],
                      intervals["last_day"].to_numpy()[None, :])
    overlap = (last - first) // np.timedelta64(1, "D") + 1
    practised = np.zeros(overlap.shape, dtype=np.int64)
    check_in, assignment = ticks
    np.add.at(practised, (assignment, position[check_in]), 1)
    rows, columns = np.nonzero(overlap > 0)
    # In order of interval, partner (A before B) and assignment: one row each, so no ties.
    order = np.lexsort((active["assignment_id"].to_numpy()[rows],
                        active["partner"].to_numpy(dtype=object)[rows] == PARTNERS[1],
                        intervals["interval"].to_numpy()[columns]))
    rows, columns = rows[order], columns[order]
    active_days = overlap[rows, columns].astype(np.int64)
    per_week = active["per_week"].to_numpy()[rows]
    return pd.DataFrame({
        "interval": intervals["interval"].to_numpy()[columns],
        "label": pd.Series(intervals["label"].to_numpy(dtype=object)[columns], dtype="str"),
        "partner": active["partner"].to_numpy()[rows],
        "assignment_id": active["assignment_id"].to_numpy()[rows],
        "exercise_id": active["exercise_id"].to_numpy()[rows],
        "per_week": per_week,
        "active_days": active_days,
        "due_days": active_days * per_week / 7,
        "practised_days": practised[rows, columns],
    })


def open_interval_practice(daily, active, current, as_of) -> dict[str, dict]:
    """Practised days, due days and practice rate of each partner in the open interval."""
    if current is None:
        return {}
    start = np.datetime64(current["start"], "ns")
    # Due practice depends only on the interval's own days.
    due = due_sevenths({"start": np.array([start])}, active, as_of)[:, 0]
    ticked = np.zeros(len(daily["day"]), dtype=bool)
    ticked[practised_assignments(daily, active)[0]] = True
    ticked &= daily["day"] >= start
    practice = {}
    for row, label in enumerate(PARTNERS):
        practised_days = np.float64(np.count_nonzero(ticked & (daily["partner"] == label)))
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.minimum(1.0, practised_days * 7 / due[row]) if due[row] > 0 else np.nan
        practice[label] = {"practised_days": np.int64(practised_days), "due_days": due[row] / 7,
                           "practice_rate": rate}
    return practice
