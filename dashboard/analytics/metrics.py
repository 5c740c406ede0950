"""Pattern metrics for one couple: intervals, stances, polarization, reliable change, alerts.

Pure pandas, no database and no Streamlit. The pages, the charts and
``python -m dashboard metrics --json`` all read :func:`compute_couple_metrics`, so they agree.
Formulas, thresholds and a worked example are in ``docs/metrics.md``.

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

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import cached_property

import numpy as np
import pandas as pd

PARTNERS = ("A", "B")
SCORES = ("pursue", "withdraw", "anxiety", "closeness")
PARTNER_CHANGE_METRICS = ("pursue", "withdraw", "anxiety", "closeness", "stance")
COUPLE_CHANGE_METRICS = ("polarization", "cycle_intensity")
LOWER_IS_BETTER = frozenset({"pursue", "withdraw", "anxiety", "polarization", "cycle_intensity"})
HIGHER_IS_BETTER = frozenset({"closeness", "repair_rate", "practice_rate"})
RELIABLE_Z = 1.96
MIN_VALUES_FOR_CHANGE = 3
METRIC_WORDS = {
    "polarization": "polarization",
    "cycle_intensity": "cycle intensity",
    "pursue": "pushing for closeness",
    "withdraw": "pulling back",
    "anxiety": "anxiety about the relationship",
    "closeness": "sense of closeness",
    "stance": "stance",
    "repair_rate": "repair rate",
    "practice_rate": "practice rate",
}

CYCLE_ESCALATING = "cycle_escalating"
SESSION_OVERDUE = "session_overdue"
QUIET_PARTNER = "quiet_partner"
EXERCISES_NOT_PRACTISED = "exercises_not_practised"
HIGH_ANXIETY = "high_anxiety"
ALERT_KINDS = (CYCLE_ESCALATING, SESSION_OVERDUE, QUIET_PARTNER, EXERCISES_NOT_PRACTISED,
               HIGH_ANXIETY)

_CHECK_IN_COLUMNS = ("partner", "day", "pursue", "withdraw", "anxiety", "closeness",
                     "cycle_noticed", "repaired", "practised")
_DAILY_COLUMNS = ("partner", "day", "interval", *SCORES, "stance", "cycle_noticed", "repaired",
                  "practised", "submitted_at")
_NS = "datetime64[ns]"


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


@dataclass(frozen=True)
class AlertThresholds:
    """The caseload alert settings."""

    quiet_days: int = 7
    practice_rate_min: float = 0.30
    practice_after_days: int = 7
    session_overdue_days: int = 21
    anxiety_window: int = 3
    anxiety_high: float = 8.0


@dataclass(frozen=True)
class Alert:
    """One reason a couple needs attention; partner is 'A' or 'B', None for the couple."""

    kind: str
    partner: str | None
    reason: str


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
    as_of_day = _day(as_of)
    daily = _latest_check_ins(checkins, as_of_day)
    first_day = daily["day"].min() if len(daily) else None
    intervals = _interval_table(first_day, _session_starts(session_days, as_of_day), as_of_day)
    position = _interval_position(daily["day"], intervals)
    daily.insert(2, "interval", intervals["interval"].to_numpy()[position])
    active = _assignments_by_partner(assignments, as_of_day)
    ticks = _practised_assignments(daily, active)
    paired = _paired_days(daily)
    return CoupleMetrics(
        as_of=as_of_day.date(),
        intervals=intervals,
        partners=_partner_table(daily, position, intervals, active, ticks, as_of_day),
        couple=_couple_table(paired, intervals),
        daily=daily,
        paired=paired,
        practice=_practice_table(intervals, active, ticks, position),
    )


def _day(value: date | datetime | pd.Timestamp) -> pd.Timestamp:
    """A date-like value as a midnight Timestamp."""
    return pd.Timestamp(value).normalize().as_unit("ns")


def _as_days(values: pd.Series) -> np.ndarray:
    """Dates, datetimes or None as midnight datetime64[ns] values (NaT for None)."""
    return pd.to_datetime(values).to_numpy().astype("datetime64[D]").astype(_NS)


def _latest_check_ins(checkins: pd.DataFrame | None, as_of: pd.Timestamp) -> pd.DataFrame:
    """The check-in that counts for each partner and day (the latest submitted), up to as_of."""
    if checkins is None or len(checkins) == 0:
        return pd.DataFrame({
            "partner": pd.Series(dtype="str"), "day": pd.Series(dtype=_NS),
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
    day = _as_days(checkins["day"])
    # In UTC, so naive (SQLite) and aware (PostgreSQL) submission times still sort together.
    submitted = (pd.to_datetime(checkins["submitted_at"], utc=True)
                 if "submitted_at" in checkins.columns else None)
    stamp = (np.full(len(checkins), np.iinfo(np.int64).min) if submitted is None
             else submitted.to_numpy(dtype=_NS).view(np.int64))  # NaT sorts first
    # The last of each partner's day by submission time, then row order (so without
    # submission times the last row of a day counts); sorted by day, then partner.
    rows = np.flatnonzero(day <= as_of.to_datetime64())
    side = (partner[rows] == PARTNERS[1]).astype(np.int64)
    order = np.lexsort((rows, stamp[rows], side, day[rows].view(np.int64)))
    rows, side = rows[order], side[order]
    last = np.ones(len(rows), dtype=bool)
    last[:-1] = (day[rows][1:] != day[rows][:-1]) | (side[1:] != side[:-1])
    take = rows[last]
    scores = {score: checkins[score].to_numpy()[take].astype(np.int64) for score in SCORES}
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


def _session_starts(session_days: Sequence[date] | None, as_of: pd.Timestamp) -> list:
    """Distinct session days up to as_of, in order."""
    days = {_day(day) for day in (session_days or ()) if day is not None and not pd.isna(day)}
    return sorted(day for day in days if day <= as_of)


def _interval_table(first_day, sessions: list, as_of: pd.Timestamp) -> pd.DataFrame:
    """Baseline (when check-ins precede the first session) and one interval per session."""
    return _interval_tables([first_day], [sessions], as_of, with_couple=False)


def _interval_tables(first_days: Sequence, sessions: Sequence, as_of: pd.Timestamp, *,
                     with_couple: bool = True) -> pd.DataFrame:
    """The interval tables of many couples, one after the other, with a `couple` position.

    first_days: each couple's first check-in day or None; sessions: each couple's distinct
    session days up to as_of, in order.
    """
    couples, numbers, starts = [], [], []
    for couple, (first_day, days) in enumerate(zip(first_days, sessions)):
        days = np.asarray(days, dtype=_NS)
        first = None if first_day is None else np.datetime64(first_day, "ns")
        baseline = first is not None and (not len(days) or first < days[0])
        couples.append(np.full(int(baseline) + len(days), couple, dtype=np.int64))
        numbers.append(np.arange(0 if baseline else 1, len(days) + 1, dtype=np.int64))
        starts.append(np.concatenate([[first], days]).astype(_NS) if baseline else days)
    couple = np.concatenate(couples) if couples else np.zeros(0, dtype=np.int64)
    number = np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)
    start = np.concatenate(starts).astype(_NS) if starts else np.zeros(0, dtype=_NS)
    # Each interval ends where the couple's next one starts; a couple's last one is open.
    last = np.append(couple[1:] != couple[:-1], True)[: len(couple)]
    end = np.where(last, np.datetime64("NaT"), np.roll(start, -1)).astype(_NS)
    last_day = np.where(np.isnat(end), as_of.to_datetime64(), end - np.timedelta64(1, "D"))
    days = start.astype("datetime64[D]").astype(object)  # datetime.date: cheap to format
    return pd.DataFrame({
        **({"couple": couple} if with_couple else {}),
        "interval": number,
        "start": start,
        "end": end,
        "last_day": last_day.astype(_NS),
        "calendar_days": ((last_day - start) // np.timedelta64(1, "D") + 1).astype(np.int64),
        "is_open": np.isnat(end),
        "label": pd.Series([_interval_label(n, day) for n, day in zip(number.tolist(), days)],
                           dtype="str"),
    })


def _interval_label(number: int, start: pd.Timestamp) -> str:
    """"Baseline" or "Since session 3 (3 Mar)"."""
    return "Baseline" if number == 0 else f"Since session {number} ({_short_date(start)})"


def _short_date(day) -> str:
    """3 Mar."""
    return f"{day.day} {day:%b}"


def _interval_position(days, intervals: pd.DataFrame) -> np.ndarray:
    """Row of `intervals` each day falls in (a session day opens its interval)."""
    return np.searchsorted(np.asarray(intervals["start"], dtype=_NS), np.asarray(days, dtype=_NS),
                           side="right") - 1


def _assignments_by_partner(assignments: pd.DataFrame | None, as_of: pd.Timestamp,
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
    end = _as_days(assignments["end"])
    until = np.minimum(np.where(np.isnat(end), as_of.to_datetime64(), end), as_of.to_datetime64())
    # An assignment without a partner is for both: one row for A, one for B.
    rows = [np.flatnonzero(pd.isna(partner) | (partner == label)) for label in PARTNERS]
    take = np.concatenate(rows)
    return pd.DataFrame({
        "assignment_id": assignments["assignment_id"].to_numpy(dtype=np.int64)[take],
        "exercise_id": pd.Series(assignments["exercise_id"].to_numpy(dtype=object)[take],
                                 dtype="str"),
        "partner": pd.Series(np.repeat(PARTNERS, [len(r) for r in rows]), dtype="str"),
        "start": _as_days(assignments["start"])[take],
        "active_until": until.astype(_NS)[take],
        "per_week": assignments["per_week"].to_numpy(dtype=np.int64)[take],
        **{column: assignments[column].to_numpy()[take] for column in keep},
    })


def _practised_assignments(daily: Mapping, active: Mapping):
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


def _due_sevenths(intervals: Mapping, active: Mapping, as_of: pd.Timestamp) -> np.ndarray:
    """Due practice per partner (rows A, B) and interval, in sevenths of a day (exact integers).

    intervals and active are frames or mappings of column arrays (intervals needs `start`).
    """
    starts = np.asarray(intervals["start"], dtype=_NS)
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
    position = _interval_position(first + np.arange(n_days).astype("timedelta64[D]"), intervals)
    return np.stack([np.bincount(position, weights=per_day[k], minlength=len(starts))
                     for k in range(len(PARTNERS))]).astype(np.int64)


def _interval_stats(position: np.ndarray, columns: Mapping[str, np.ndarray], size: int) -> dict:
    """Per interval: n (days), and each column's mean and sample SD over its day-level values."""
    count = np.bincount(position, minlength=size)
    stats = {"n": count}
    with np.errstate(invalid="ignore", divide="ignore"):
        for metric, values in columns.items():
            values = np.asarray(values, dtype=float)
            mean = np.bincount(position, weights=values, minlength=size) / count
            squares = np.bincount(position, weights=(values - mean[position]) ** 2,
                                  minlength=size)
            stats[metric] = mean
            stats[f"{metric}_sd"] = np.where(count > 1, np.sqrt(squares / (count - 1)), np.nan)
    return stats


def _partner_table(daily, position, intervals, active, ticks, as_of) -> pd.DataFrame:
    """Per-partner metrics for every interval and partner (days 0 when a partner was silent)."""
    size = len(intervals)
    due = _due_sevenths(intervals, active, as_of)
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


def _paired_days(daily: pd.DataFrame) -> pd.DataFrame:
    """Days both partners checked in, with that day's polarization and cycle intensity."""
    partner = daily["partner"].to_numpy(dtype=object)
    day = daily["day"].to_numpy()
    a, b = np.flatnonzero(partner == "A"), np.flatnonzero(partner == "B")
    _, in_a, in_b = np.intersect1d(day[a], day[b], assume_unique=True, return_indices=True)
    a, b = a[in_a], b[in_b]
    return _paired_values({f"{column}_{label}": daily[column].to_numpy()[rows]
                           for label, rows in (("A", a), ("B", b))
                           for column in ("pursue", "withdraw")},
                          day=day[a], interval=daily["interval"].to_numpy()[a])


def _paired_values(scores: Mapping[str, np.ndarray], *, day, interval=None) -> pd.DataFrame:
    """Paired days with both stances, polarization and cycle intensity, from the four scores."""
    pursue_a, withdraw_a, pursue_b, withdraw_b = (
        np.asarray(scores[name], dtype=np.int64)
        for name in ("pursue_A", "withdraw_A", "pursue_B", "withdraw_B"))
    stance_a, stance_b = pursue_a - withdraw_a, pursue_b - withdraw_b
    paired = pd.DataFrame({
        "day": pd.Series(np.asarray(day, dtype=_NS), dtype=_NS),
        **({} if interval is None else {"interval": interval}),
        "pursue_A": pursue_a, "withdraw_A": withdraw_a, "stance_A": stance_a,
        "pursue_B": pursue_b, "withdraw_B": withdraw_b, "stance_B": stance_b,
    })
    paired["polarization"] = np.abs(stance_a - stance_b) / 2
    paired["cycle_intensity"] = np.maximum(np.minimum(pursue_a, withdraw_b),
                                           np.minimum(pursue_b, withdraw_a)).astype(float)
    return paired


def _couple_table(paired: pd.DataFrame, intervals: pd.DataFrame) -> pd.DataFrame:
    """Per-couple metrics for every interval; means empty when no day was paired."""
    return _couple_tables(None, paired, intervals)


def _couple_tables(couple: np.ndarray | None, paired: pd.DataFrame,
                   intervals: pd.DataFrame) -> pd.DataFrame:
    """The couple tables of many couples: paired days of couple positions `couple`, intervals
    of `_interval_tables` (sorted by couple, then start); one couple when `couple` is None."""
    def key(couples, days):
        # One sortable number per couple and day.
        return (np.asarray(couples, dtype=np.int64) << 40) + np.asarray(
            days, dtype=_NS).astype("datetime64[D]").astype(np.int64)

    if couple is None:
        position = _interval_position(paired["day"], intervals)
    else:
        position = np.searchsorted(key(intervals["couple"], intervals["start"]),
                                   key(couple, paired["day"]), side="right") - 1
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


def _practice_table(intervals, active, ticks, position) -> pd.DataFrame:
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
    return _change_between(metric, partner, frm, to, metrics.rows[(frm, partner)],
                           metrics.rows[(to, partner)])


def _change_between(metric: str, partner: str | None, frm: int, to: int, before: Mapping,
                    after: Mapping) -> Change:
    """One Change from two interval rows (partner or couple rows of CoupleMetrics)."""
    count = "paired_days" if partner is None else "days"
    from_value, to_value = _plain(before[metric]), _plain(after[metric])
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


def metrics_json(couple_code: str, metrics: CoupleMetrics) -> dict:
    """The `metrics --json` object: the couple code and one entry per interval in time order."""
    partner_keys = ("days", *SCORES, "stance", "cycle_days", "repair_rate", "practice_rate")
    couple_keys = ("paired_days", "polarization", "cycle_intensity", "coverage")
    entries, previous = [], None
    for row in metrics.intervals.itertuples(index=False):
        number = int(row.interval)
        entries.append({
            "index": number,
            "start": row.start.date().isoformat(),
            "end": None if pd.isna(row.end) else row.end.date().isoformat(),
            "partners": {partner: {key: _plain(metrics.rows[(number, partner)][key])
                                   for key in partner_keys} for partner in PARTNERS},
            **{key: _plain(metrics.rows[(number, None)][key]) for key in couple_keys},
            "changes": (None if previous is None
                        else _changes_json(changes(metrics, previous, number))),
        })
        previous = number
    return {"couple": couple_code, "intervals": entries}


def _changes_json(found: list[Change]) -> dict:
    """Changes grouped as in the metrics JSON."""
    by_key = {(change.partner, change.metric): change.as_json() for change in found}
    return {
        **{metric: by_key[(None, metric)] for metric in COUPLE_CHANGE_METRICS},
        "partners": {partner: {metric: by_key[(partner, metric)]
                               for metric in PARTNER_CHANGE_METRICS}
                     for partner in PARTNERS},
    }


def _plain(value):
    """A JSON-safe python value: numpy scalars unwrapped, NaN and NA as None."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    return float(value)


def shift_sentences(
    metrics: CoupleMetrics, frm: int, to: int, names: Mapping[str, str] | None = None
) -> list[str]:
    """Plain sentences describing what changed from one interval to another."""
    found = changes(metrics, frm, to)
    sentences = []
    for change in found[: len(COUPLE_CHANGE_METRICS)]:
        subject = _capitalised(METRIC_WORDS[change.metric])
        if change.change is None:
            sentences.append(f"{subject} cannot be compared: there were no days on which both "
                             f"partners checked in {_missing_phrase(metrics, change)}.")
        else:
            sentences.append(_shift_sentence(subject, change))
    for partner in PARTNERS:
        name = _name(partner, names)
        own = [change for change in found if change.partner == partner]
        if own[0].change is None:
            sentences.append(f"{name}'s check-ins cannot be compared: {name} did not check in "
                             f"{_missing_phrase(metrics, own[0])}.")
            continue
        sentences += [_shift_sentence(f"{name}'s {METRIC_WORDS[c.metric]}", c) for c in own]
    return sentences


def _missing_phrase(metrics: CoupleMetrics, change: Change) -> str:
    """Where data is missing: "during the baseline" or "since session 2 (17 Mar)"."""
    return _interval_phrase(metrics, change.frm if change.from_value is None else change.to)


def _interval_phrase(metrics: CoupleMetrics, interval: int) -> str:
    """"during the baseline" or "since session 2 (17 Mar)", to follow a verb."""
    return _phrase(interval, metrics.label(interval))


def _phrase(interval: int, label: str) -> str:
    """An interval's label as a phrase to follow a verb."""
    return "during the baseline" if interval == 0 else label[:1].lower() + label[1:]


def _shift_sentence(subject: str, change: Change) -> str:
    """"Polarization fell from 6.2 to 3.9, a reliable change." and its variants."""
    before, after = _one_decimal(change.from_value), _one_decimal(change.to_value)
    if before == after:
        return f"{subject} stayed at {'about ' if change.change else ''}{before}."
    if change.metric == "stance":
        toward = "reaching out" if change.change > 0 else "pulling back"
        head = f"{subject} moved from {before} to {after} (toward {toward})"
    else:
        head = f"{subject} {'rose' if change.change > 0 else 'fell'} from {before} to {after}"
    tail = {True: ", a reliable change.",
            False: ", a change within the day-to-day ups and downs.",
            None: "; not enough check-ins to say whether that is a real change."}
    return head + tail[change.reliable]


def _one_decimal(value: float) -> str:
    """1 decimal, never "-0.0"."""
    return f"{round(value, 1) + 0.0:.1f}"


def _capitalised(text: str) -> str:
    """First letter upper case, the rest untouched."""
    return text[:1].upper() + text[1:]


def _name(partner: str, names: Mapping[str, str] | None) -> str:
    """The partner's display name, or "Partner A"."""
    return (names or {}).get(partner) or f"Partner {partner}"


def _days(count: int) -> str:
    """"1 day" or "9 days"."""
    return f"{count} day" if count == 1 else f"{count} days"


def couple_alerts(
    metrics: CoupleMetrics,
    checkins: pd.DataFrame | None,
    assignments: pd.DataFrame | None,
    session_days: Sequence[date] | None,
    *,
    as_of: date,
    thresholds: AlertThresholds = AlertThresholds(),
    names: Mapping[str, str] | None = None,
) -> list[Alert]:
    """The couple's caseload alerts as of a day, each with its reason in plain words."""
    as_of_day = _day(as_of)
    if as_of_day.date() != metrics.as_of:
        raise ValueError(f"metrics were computed as of {metrics.as_of}, not {as_of_day.date()}")
    current = None if metrics.intervals.empty else metrics.intervals.iloc[-1]
    practice = {} if current is None else {
        partner: metrics.rows[(int(current["interval"]), partner)] for partner in PARTNERS}
    return _alerts(table=_columns(metrics.couple), current=current, practice=practice,
                   daily=_columns(_latest_check_ins(checkins, as_of_day)),
                   active=_columns(_assignments_by_partner(assignments, as_of_day)),
                   sessions=_session_starts(session_days, as_of_day), as_of=as_of_day,
                   thresholds=thresholds, names=names)


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
    as_of_day = _day(as_of)
    codes = list(codes)
    number = {code: position for position, code in enumerate(codes)}
    daily = _counted_by_couple(recent, number, as_of_day)
    daily_bounds = np.searchsorted(daily["couple"], np.arange(len(codes) + 1))
    starts = _session_starts_by_couple(sessions, number, as_of_day)
    first_days = [daily["day"][low] if low < high else None
                  for low, high in zip(daily_bounds[:-1], daily_bounds[1:])]
    intervals = _interval_tables(first_days, starts, as_of_day)
    paired_couple = paired["code"].map(number).to_numpy()
    known = ~pd.isna(paired_couple)
    table = _couple_tables(paired_couple[known].astype(np.int64),
                           _paired_values(paired[known], day=_as_days(paired["day"][known])),
                           intervals)
    table_bounds = np.searchsorted(table["couple"].to_numpy(), np.arange(len(codes) + 1))
    active = _active_by_couple(assignments, number, as_of_day)
    active_bounds = np.searchsorted(active["couple"], np.arange(len(codes) + 1))
    table_columns = _columns(table)
    alerts = {}
    for position, code in enumerate(codes):
        own_table = _rows(table_columns, table_bounds, position)
        own_daily = _rows(daily, daily_bounds, position)
        own_active = _rows(active, active_bounds, position)
        current = None
        if len(own_table["interval"]):
            last = table_bounds[position + 1] - 1
            current = {"interval": intervals["interval"].iat[last],
                       "start": intervals["start"].iat[last],
                       "calendar_days": intervals["calendar_days"].iat[last]}
        alerts[code] = tuple(_alerts(
            table=own_table, current=current,
            practice=_open_interval_practice(own_daily, own_active, current, as_of_day),
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


def _columns(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """A frame as a mapping of column arrays: cheap to slice and compare, couple by couple."""
    return {name: frame[name].to_numpy() for name in frame.columns}


def _rows(columns: Mapping[str, np.ndarray], bounds: np.ndarray, position: int) -> dict:
    """The rows of one couple from column arrays sorted by couple."""
    low, high = bounds[position], bounds[position + 1]
    return {name: values[low:high] for name, values in columns.items()}


def _counted_by_couple(recent: pd.DataFrame, number: Mapping[str, int],
                       as_of: pd.Timestamp) -> dict[str, np.ndarray]:
    """Counted check-ins up to as_of as column arrays sorted by couple, day and partner."""
    couple = recent["code"].map(number).to_numpy()
    partner = recent["partner"].to_numpy(dtype=object)
    unknown = set(partner) - set(PARTNERS)
    if unknown:
        raise ValueError(f"check-ins have unknown partner labels: {sorted(unknown)}")
    day = _as_days(recent["day"])
    keep = ~pd.isna(couple) & (day <= as_of.to_datetime64())
    couple, partner, day = couple[keep].astype(np.int64), partner[keep], day[keep]
    order = np.lexsort(((partner == "B").astype(np.int64), day, couple))
    practised = np.empty(len(order), dtype=object)
    practised[:] = [tuple(filter(None, ids.split(";"))) if isinstance(ids, str) else tuple(ids)
                    for ids in recent["practised"].to_numpy(dtype=object)[keep][order]]
    return {"couple": couple[order], "partner": partner[order], "day": day[order],
            "anxiety": recent["anxiety"].to_numpy(dtype=np.int64)[keep][order],
            "practised": practised}


def _session_starts_by_couple(sessions: pd.DataFrame, number: Mapping[str, int],
                              as_of: pd.Timestamp) -> list[np.ndarray]:
    """Each couple's distinct session days up to as_of, in order (as _session_starts)."""
    couple = sessions["code"].map(number).to_numpy()
    day = _as_days(sessions["day"])
    keep = ~pd.isna(couple) & ~np.isnat(day) & (day <= as_of.to_datetime64())
    pairs = np.unique(np.column_stack([couple[keep].astype(np.int64),
                                       day[keep].astype(np.int64)]), axis=0).reshape(-1, 2)
    bounds = np.searchsorted(pairs[:, 0], np.arange(len(number) + 1))
    days = pairs[:, 1].astype(_NS)
    return [days[low:high] for low, high in zip(bounds[:-1], bounds[1:])]


def _active_by_couple(assignments: pd.DataFrame, number: Mapping[str, int],
                      as_of: pd.Timestamp) -> dict[str, np.ndarray]:
    """Assignments by partner (as _assignments_by_partner) as column arrays sorted by couple."""
    active = _assignments_by_partner(assignments, as_of, keep=("code",))
    couple = active.pop("code").map(number).to_numpy()
    active = active[~pd.isna(couple)].assign(couple=couple[~pd.isna(couple)].astype(np.int64))
    return _columns(active.sort_values("couple", kind="stable"))


def _open_interval_practice(daily, active, current, as_of) -> dict[str, dict]:
    """Practised days, due days and practice rate of each partner in the open interval."""
    if current is None:
        return {}
    start = np.datetime64(current["start"], "ns")
    # Due practice depends only on the interval's own days.
    due = _due_sevenths({"start": np.array([start])}, active, as_of)[:, 0]
    ticked = np.zeros(len(daily["day"]), dtype=bool)
    ticked[_practised_assignments(daily, active)[0]] = True
    ticked &= daily["day"] >= start
    practice = {}
    for row, label in enumerate(PARTNERS):
        practised_days = np.float64(np.count_nonzero(ticked & (daily["partner"] == label)))
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.minimum(1.0, practised_days * 7 / due[row]) if due[row] > 0 else np.nan
        practice[label] = {"practised_days": np.int64(practised_days), "due_days": due[row] / 7,
                           "practice_rate": rate}
    return practice


def _alerts(*, table, current, practice, daily, active, sessions, as_of, thresholds,
            names) -> list[Alert]:
    """Every alert of one couple in a fixed order; table, daily and active are column arrays."""
    alerts = _cycle_escalating(table) + _session_overdue(sessions, daily, as_of, thresholds)
    for kind, check in ((QUIET_PARTNER, _quiet_reason), (EXERCISES_NOT_PRACTISED, _practice_reason),
                        (HIGH_ANXIETY, _anxiety_reason)):
        for partner in PARTNERS:
            reason = check(partner, _name(partner, names), current=current, practice=practice,
                           daily=daily, active=active, as_of=as_of, thresholds=thresholds)
            if reason:
                alerts.append(Alert(kind, partner, reason))
    return alerts


def _cycle_escalating(table: Mapping[str, np.ndarray]) -> list[Alert]:
    """Polarization or cycle intensity reliably worse in the latest interval with paired days."""
    with_data = np.flatnonzero(table["paired_days"] > 0)
    if not len(with_data) or with_data[-1] == 0:
        return []
    position = int(with_data[-1])
    before = {name: values[position - 1] for name, values in table.items()}
    after = {name: values[position] for name, values in table.items()}
    previous, latest = int(before["interval"]), int(after["interval"])
    worse = [change for change in (_change_between(metric, None, previous, latest, before, after)
                                   for metric in COUPLE_CHANGE_METRICS)
             if change.reliable and change.direction == "worse"]
    if not worse:
        return []
    rises = " and ".join(f"{METRIC_WORDS[c.metric]} rose from {_one_decimal(c.from_value)} to "
                         f"{_one_decimal(c.to_value)}" for c in worse)
    verdict = "a reliable change" if len(worse) == 1 else "both reliable changes"
    reason = (f"{_capitalised(rises)} {_phrase(latest, str(after['label']))}, compared with the "
              f"interval before; {verdict}.")
    return [Alert(CYCLE_ESCALATING, None, reason)]


def _session_overdue(sessions, daily, as_of, thresholds) -> list[Alert]:
    """No session for too long; with no session at all, counted from the first check-in."""
    if len(sessions):
        last = pd.Timestamp(sessions[-1])
        waited = (as_of - last).days
        reason = f"No session for {_days(waited)}; the last was on {_short_date(last)}."
    elif len(daily["day"]):
        first = pd.Timestamp(daily["day"].min())
        waited = (as_of - first).days
        reason = (f"No session recorded yet; check-ins began {_days(waited)} ago "
                  f"({_short_date(first)}).")
    else:
        return []
    if waited < thresholds.session_overdue_days:
        return []
    return [Alert(SESSION_OVERDUE, None, reason)]


def _quiet_reason(partner, name, *, daily, active, as_of, thresholds, **_) -> str | None:
    """A partner silent for quiet_days while one of their assignments is active on as_of."""
    today = as_of.to_datetime64()
    assigned = ((active["partner"] == partner) & (active["start"] <= today)
                & (active["active_until"] >= today))
    if not assigned.any():
        return None
    own_days = daily["day"][daily["partner"] == partner]
    if not len(own_days):
        silent = (as_of - pd.Timestamp(active["start"][assigned].min())).days + 1
        reason = (f"{name} has not checked in at all in the {_days(silent)} since an exercise "
                  f"was assigned.")
    else:
        silent = (as_of - pd.Timestamp(own_days.max())).days
        reason = f"{name} has not checked in for {_days(silent)} while an exercise is assigned."
    return reason if silent >= thresholds.quiet_days else None


def _practice_reason(partner, name, *, current, practice, active, as_of, thresholds,
                     **_) -> str | None:
    """Practice rate under the minimum once exercises were due for long enough this interval."""
    if current is None or current["calendar_days"] < thresholds.practice_after_days:
        return None
    start = pd.Timestamp(current["start"])
    mine = (active["partner"] == partner) & (active["active_until"] >= start.to_datetime64())
    if not mine.any():
        return None
    # A newly assigned exercise gets the same grace period as a new interval.
    began = max(start, pd.Timestamp(active["start"][mine].min()))
    if (as_of - began).days + 1 < thresholds.practice_after_days:
        return None
    row = practice[partner]
    rate = _plain(row["practice_rate"])
    if rate is None or rate >= thresholds.practice_rate_min:
        return None
    due = row["due_days"]
    due_words = f"{due:.0f}" if float(due).is_integer() else f"about {due:.1f}"
    since = ("check-ins began" if current["interval"] == 0
             else f"the last session on {_short_date(start)}")
    return (f"{name} practised the assigned exercises on {_days(row['practised_days'])} out of "
            f"{due_words} due since {since} ({rate:.0%}).")


def _anxiety_reason(partner, name, *, daily, thresholds, **_) -> str | None:
    """A partner's last few check-ins average high anxiety; informational, not a risk score."""
    # daily is in day order, so the partner's last rows are their latest check-ins.
    own = np.flatnonzero(daily["partner"] == partner)
    recent = own[max(len(own) - thresholds.anxiety_window, 0):]
    if len(recent) < thresholds.anxiety_window or not len(recent):
        return None
    mean = float(daily["anxiety"][recent].mean())
    if mean < thresholds.anxiety_high:
        return None
    first, last = (pd.Timestamp(daily["day"][row]) for row in (recent[0], recent[-1]))
    return (f"{name}'s anxiety about the relationship averaged {_one_decimal(mean)} out of 10 over "
            f"the last {len(recent)} check-ins ({_short_date(first)} to {_short_date(last)}). "
            f"Something to ask about in session; it is a self-report, not a risk score.")
