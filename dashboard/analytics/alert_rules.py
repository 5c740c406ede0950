"""The caseload alerts: which couples need attention, and why, in plain words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.analytics.carry_over import CoupleDays
from dashboard.analytics.check_in_days import latest_check_ins
from dashboard.analytics.interval_changes import change_between, json_value
from dashboard.analytics.interval_stats import column_arrays
from dashboard.analytics.intervals import midnight, session_starts, short_date
from dashboard.analytics.measures import COUPLE_CHANGE_METRICS
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.analytics.practice import assignments_by_partner
from dashboard.analytics.wording import (
    METRIC_WORDS,
    capitalised,
    day_count,
    label_phrase,
    one_decimal,
)
from dashboard.vocabulary import PARTNERS, partner_name

CYCLE_ESCALATING = "cycle_escalating"
SESSION_OVERDUE = "session_overdue"
QUIET_PARTNER = "quiet_partner"
EXERCISES_NOT_PRACTISED = "exercises_not_practised"
HIGH_ANXIETY = "high_anxiety"
ALERT_KINDS = (CYCLE_ESCALATING, SESSION_OVERDUE, QUIET_PARTNER, EXERCISES_NOT_PRACTISED,
               HIGH_ANXIETY)


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
    as_of_day = midnight(as_of)
    if as_of_day.date() != metrics.as_of:
        raise ValueError(f"metrics were computed as of {metrics.as_of}, not {as_of_day.date()}")
    current = None if metrics.intervals.empty else metrics.intervals.iloc[-1]
    practice = {} if current is None else {
        partner: metrics.rows[(int(current["interval"]), partner)] for partner in PARTNERS}
    return alerts_from(table=column_arrays(metrics.couple), days=metrics.couple_days,
                       current=current, practice=practice,
                   daily=column_arrays(latest_check_ins(checkins, as_of_day)),
                   active=column_arrays(assignments_by_partner(assignments, as_of_day)),
                   sessions=session_starts(session_days, as_of_day), as_of=as_of_day,
                   thresholds=thresholds, names=names)


def alerts_from(*, table, days: CoupleDays, current, practice, daily, active, sessions, as_of,
                thresholds, names) -> list[Alert]:
    """Every alert of one couple in a fixed order; table, daily and active are column arrays,
    `days` the couple metrics day by day in the intervals of `table`."""
    alerts = _cycle_escalating(table, days) + _session_overdue(sessions, daily, as_of, thresholds)
    for kind, check in ((QUIET_PARTNER, _quiet_reason), (EXERCISES_NOT_PRACTISED, _practice_reason),
                        (HIGH_ANXIETY, _anxiety_reason)):
        for partner in PARTNERS:
            reason = check(partner, partner_name(partner, names), current=current,
                           practice=practice, daily=daily, active=active, as_of=as_of,
                           thresholds=thresholds)
            if reason:
                alerts.append(Alert(kind, partner, reason))
    return alerts


def _cycle_escalating(table: Mapping[str, np.ndarray], days: CoupleDays) -> list[Alert]:
    """Polarization or cycle intensity reliably worse in the latest interval with paired days."""
    with_data = np.flatnonzero(table["paired_days"] > 0)
    if not len(with_data) or with_data[-1] == 0:
        return []
    position = int(with_data[-1])
    before = {name: values[position - 1] for name, values in table.items()}
    after = {name: values[position] for name, values in table.items()}
    previous, latest = int(before["interval"]), int(after["interval"])
    found = (change_between(metric, None, previous, latest, before, after,
                            days=(days.series[metric][position - 1], days.series[metric][position]),
                            autocorrelation=days.autocorrelation)
             for metric in COUPLE_CHANGE_METRICS)
    worse = [change for change in found if change.reliable and change.direction == "worse"]
    if not worse:
        return []
    rises = " and ".join(f"{METRIC_WORDS[c.metric]} rose from {one_decimal(c.from_value)} to "
                         f"{one_decimal(c.to_value)}" for c in worse)
    verdict = "a reliable change" if len(worse) == 1 else "both reliable changes"
    when = label_phrase(latest, str(after["label"]))
    reason = f"{capitalised(rises)} {when}, compared with the interval before; {verdict}."
    return [Alert(CYCLE_ESCALATING, None, reason)]


def _session_overdue(sessions, daily, as_of, thresholds) -> list[Alert]:
    """No session for too long; with no session at all, counted from the first check-in."""
    if len(sessions):
        last = pd.Timestamp(sessions[-1])
        waited = (as_of - last).days
        reason = f"No session for {day_count(waited)}; the last was on {short_date(last)}."
    elif len(daily["day"]):
        first = pd.Timestamp(daily["day"].min())
        waited = (as_of - first).days
        reason = (f"No session recorded yet; check-ins began {day_count(waited)} ago "
                  f"({short_date(first)}).")
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
        reason = (f"{name} has not checked in at all in the {day_count(silent)} since an exercise "
                  f"was assigned.")
    else:
        silent = (as_of - pd.Timestamp(own_days.max())).days
        reason = f"{name} has not checked in for {day_count(silent)} while an exercise is assigned."
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
    rate = json_value(row["practice_rate"])
    if rate is None or rate >= thresholds.practice_rate_min:
        return None
    due = row["due_days"]
    due_words = f"{due:.0f}" if float(due).is_integer() else f"about {due:.1f}"
    since = ("check-ins began" if current["interval"] == 0
             else f"the last session on {short_date(start)}")
    return (f"{name} practised the assigned exercises on {day_count(row['practised_days'])} out of "
            f"{due_words} due since {since} ({rate:.0%}).")


def _anxiety_reason(partner, name, *, daily, thresholds, **_) -> str | None:
    """A partner's last few check-ins average high anxiety; informational, not a risk score."""
    # daily is in day order, so the partner's last rows are their latest check-ins; only
    # check-ins that answered the anxiety question count.
    anxiety = np.asarray(daily["anxiety"], dtype=float)
    own = np.flatnonzero((daily["partner"] == partner) & ~np.isnan(anxiety))
    recent = own[max(len(own) - thresholds.anxiety_window, 0):]
    if len(recent) < thresholds.anxiety_window or not len(recent):
        return None
    mean = float(anxiety[recent].mean())
    if mean < thresholds.anxiety_high:
        return None
    first, last = (pd.Timestamp(daily["day"][row]) for row in (recent[0], recent[-1]))
    return (f"{name}'s anxiety about the relationship averaged {one_decimal(mean)} out of 10 over "
            f"the last {len(recent)} check-ins ({short_date(first)} to {short_date(last)}). "
            f"Something to ask about in session; it is a self-report, not a risk score.")
