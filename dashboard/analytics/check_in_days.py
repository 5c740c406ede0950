"""The check-in that counts for each partner and day, and the days both partners checked in."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.analytics.intervals import NS_DTYPE, as_days
from dashboard.vocabulary import PARTNERS, SCORES

_CHECK_IN_COLUMNS = ("partner", "day", "pursue", "withdraw", "anxiety", "closeness",
                     "cycle_noticed", "repaired", "practised")
_DAILY_COLUMNS = ("partner", "day", "interval", *SCORES, "stance", "cycle_noticed", "repaired",
                  "practised", "submitted_at")


def latest_check_ins(checkins: pd.DataFrame | None, as_of: pd.Timestamp) -> pd.DataFrame:
    """The check-in that counts for each partner and day (the latest submitted), up to as_of."""
    if checkins is None or len(checkins) == 0:
        return pd.DataFrame({
            "partner": pd.Series(dtype="str"), "day": pd.Series(dtype=NS_DTYPE),
            **{column: pd.Series(dtype="int64") for column in (*SCORES, "stance")},
            "cycle_noticed": pd.Series(dtype="bool"), "repaired": pd.Series(dtype="boolean"),
            "practised": pd.Series(dtype=object),
            "submitted_at": pd.Series(dtype="datetime64[ns, UTC]"),
        })
    missing = [column for column in _CHECK_IN_COLUMNS if column not in checkins.columns]
    if missing:
        raise ValueError(f"check-ins are missing columns: {', '.join(missing)}")
    partner = checkins["partner"].to_numpy(dtype=object)
    known = (partner == PARTNERS[0]) | (partner == PARTNERS[1])
    if not known.all():
        raise ValueError(f"check-ins have unknown partner labels: "
                         f"{list(pd.unique(partner[~known]))}")
    day = as_days(checkins["day"])
    # In UTC, so naive (SQLite) and aware (PostgreSQL) submission times still sort together.
    submitted = (pd.to_datetime(checkins["submitted_at"], utc=True)
                 if "submitted_at" in checkins.columns else None)
    stamp = (np.full(len(checkins), np.iinfo(np.int64).min) if submitted is None
             else submitted.to_numpy(dtype=NS_DTYPE).view(np.int64))  # NaT sorts first
    # The last of each partner's day by submission time, then row order (so without
    # submission times the last row of a day counts); sorted by day, then partner.
    rows = np.flatnonzero(day <= as_of.to_datetime64())
    side = (partner[rows] == PARTNERS[1]).astype(np.int64)
    order = np.lexsort((rows, stamp[rows], side, day[rows].view(np.int64)))
    rows, side = rows[order], side[order]
    last = np.ones(len(rows), dtype=bool)
    last[:-1] = (day[rows][1:] != day[rows][:-1]) | (side[1:] != side[:-1])
    take = rows[last]
    # Floats, NaN where the partner left a score unanswered; stance needs both of its inputs.
    scores = {score: pd.to_numeric(checkins[score], errors="coerce").to_numpy(dtype=float)[take]
              for score in SCORES}
    cycle = checkins["cycle_noticed"].fillna(False).to_numpy(dtype=bool)[take]
    repaired = pd.Series(checkins["repaired"].to_numpy(dtype=object)[take], dtype="boolean")
    return pd.DataFrame({
        "partner": pd.Series(partner[take], dtype="str"),
        "day": day[take],
        **scores,
        "stance": scores["pursue"] - scores["withdraw"],
        "cycle_noticed": cycle,
        "repaired": repaired.where(cycle),
        "practised": checkins["practised"].to_numpy(dtype=object)[take],
        "submitted_at": pd.NaT if submitted is None else submitted.array.take(take),
    })


def paired_check_ins(daily: pd.DataFrame) -> pd.DataFrame:
    """Paired days: days both partners checked in and both answered pursue and withdraw (the
    inputs of polarization and cycle intensity), with that day's couple numbers."""
    partner = daily["partner"].to_numpy(dtype=object)
    day = daily["day"].to_numpy()
    answered = (daily["pursue"].notna() & daily["withdraw"].notna()).to_numpy()
    a = np.flatnonzero((partner == "A") & answered)
    b = np.flatnonzero((partner == "B") & answered)
    _, in_a, in_b = np.intersect1d(day[a], day[b], assume_unique=True, return_indices=True)
    a, b = a[in_a], b[in_b]
    return paired_values({f"{column}_{label}": daily[column].to_numpy()[rows]
                           for label, rows in (("A", a), ("B", b))
                           for column in ("pursue", "withdraw")},
                          day=day[a], interval=daily["interval"].to_numpy()[a])


def paired_values(scores: Mapping[str, np.ndarray], *, day, interval=None) -> pd.DataFrame:
    """Paired days with both stances, polarization and cycle intensity, from the four scores."""
    pursue_a, withdraw_a, pursue_b, withdraw_b = (
        np.asarray(scores[name], dtype=np.int64)
        for name in ("pursue_A", "withdraw_A", "pursue_B", "withdraw_B"))
    stance_a, stance_b = pursue_a - withdraw_a, pursue_b - withdraw_b
    paired = pd.DataFrame({
        "day": pd.Series(np.asarray(day, dtype=NS_DTYPE), dtype=NS_DTYPE),
        **({} if interval is None else {"interval": interval}),
        "pursue_A": pursue_a, "withdraw_A": withdraw_a, "stance_A": stance_a,
        "pursue_B": pursue_b, "withdraw_B": withdraw_b, "stance_B": stance_b,
    })
    paired["polarization"] = np.abs(stance_a - stance_b) / 2
    paired["cycle_intensity"] = np.maximum(np.minimum(pursue_a, withdraw_b),
                                           np.minimum(pursue_b, withdraw_a)).astype(float)
    return paired
