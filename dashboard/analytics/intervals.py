"""Session intervals: the runs of days between session dates, their labels, and which
interval each day falls in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import numpy as np
import pandas as pd

NS_DTYPE = "datetime64[ns]"


def midnight(value: date | datetime | pd.Timestamp) -> pd.Timestamp:
    """A date-like value as a midnight Timestamp."""
    return pd.Timestamp(value).normalize().as_unit("ns")


def as_days(values: pd.Series) -> np.ndarray:
    """Dates, datetimes or None as midnight datetime64[ns] values (NaT for None)."""
    return pd.to_datetime(values).to_numpy().astype("datetime64[D]").astype(NS_DTYPE)


def session_starts(session_days: Sequence[date] | None, as_of: pd.Timestamp) -> list:
    """Distinct session days up to as_of, in order."""
    days = {midnight(day) for day in (session_days or ()) if day is not None and not pd.isna(day)}
    return sorted(day for day in days if day <= as_of)


def interval_table(first_day, sessions: list, as_of: pd.Timestamp) -> pd.DataFrame:
    """Baseline (when check-ins precede the first session) and one interval per session."""
    return interval_tables([first_day], [sessions], as_of, with_couple=False)


def interval_tables(first_days: Sequence, sessions: Sequence, as_of: pd.Timestamp, *,
                     with_couple: bool = True) -> pd.DataFrame:
    """The interval tables of many couples, one after the other, with a `couple` position.

    first_days: each couple's first check-in day or None; sessions: each couple's distinct
    session days up to as_of, in order.
    """
    couples, numbers, starts = [], [], []
    for couple, (first_day, days) in enumerate(zip(first_days, sessions)):
        days = np.asarray(days, dtype=NS_DTYPE)
        first = None if first_day is None else np.datetime64(first_day, "ns")
        baseline = first is not None and (not len(days) or first < days[0])
        couples.append(np.full(int(baseline) + len(days), couple, dtype=np.int64))
        numbers.append(np.arange(0 if baseline else 1, len(days) + 1, dtype=np.int64))
        starts.append(np.concatenate([[first], days]).astype(NS_DTYPE) if baseline else days)
    couple = np.concatenate(couples) if couples else np.zeros(0, dtype=np.int64)
    number = np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)
    start = np.concatenate(starts).astype(NS_DTYPE) if starts else np.zeros(0, dtype=NS_DTYPE)
    # Each interval ends where the couple's next one starts; a couple's last one is open.
    last = np.append(couple[1:] != couple[:-1], True)[: len(couple)]
    end = np.where(last, np.datetime64("NaT"), np.roll(start, -1)).astype(NS_DTYPE)
    last_day = np.where(np.isnat(end), as_of.to_datetime64(), end - np.timedelta64(1, "D"))
    days = start.astype("datetime64[D]").astype(object)  # datetime.date: cheap to format
    return pd.DataFrame({
        **({"couple": couple} if with_couple else {}),
        "interval": number,
        "start": start,
        "end": end,
        "last_day": last_day.astype(NS_DTYPE),
        "calendar_days": ((last_day - start) // np.timedelta64(1, "D") + 1).astype(np.int64),
        "is_open": np.isnat(end),
        "label": pd.Series([_interval_label(n, day) for n, day in zip(number.tolist(), days)],
                           dtype="str"),
    })


def _interval_label(number: int, start: pd.Timestamp) -> str:
    """"Baseline" or "Since session 3 (3 Mar)"."""
    return "Baseline" if number == 0 else f"Since session {number} ({short_date(start)})"


def short_date(day) -> str:
    """3 Mar."""
    return f"{day.day} {day:%b}"


def interval_position(days, intervals: pd.DataFrame) -> np.ndarray:
    """Row of `intervals` each day falls in (a session day opens its interval)."""
    starts = np.asarray(intervals["start"], dtype=NS_DTYPE)
    return np.searchsorted(starts, np.asarray(days, dtype=NS_DTYPE), side="right") - 1
