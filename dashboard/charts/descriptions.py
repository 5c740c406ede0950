"""Each chart's text alternative: what the chart shows, in one or two plain sentences."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard.analytics.metrics import CoupleMetrics
from dashboard.charts import (
    NOTE_WORDS,
    SERIES,
    checked_in,
    partner_names,
    practice_frame,
    reliable_marks,
)
from dashboard.vocabulary import PARTNERS


def describe_timeline(metrics: CoupleMetrics, names: Mapping[str, str] | None = None) -> str:
    """The timeline in words: days, sessions and each partner's first and latest average."""
    shown = partner_names(names)
    sessions = _count(int((metrics.intervals["interval"] > 0).sum()), "session")
    days = metrics.daily["day"]
    if days.empty:
        return f"No check-ins yet, so there is no stance to show; {sessions}."
    span = _span(days.min(), days.max())
    sentences = [f"Stance of {shown['A']} and {shown['B']} on {_count(days.nunique(), 'day')} "
                 f"{span}; {sessions}. Stance runs from -10 (pulling back) through 0 (balanced) "
                 f"to +10 (reaching out)."]
    for partner in PARTNERS:
        rows = checked_in(metrics, partner)
        name = shown[partner]
        if rows.empty:
            sentences.append(f"{name} has not checked in yet.")
        elif len(rows) == 1:
            sentences.append(f"{name}'s average stance was {_one(rows['stance'].iloc[0])} "
                             f"{_during(rows['label'].iloc[0])}.")
        else:
            first, last = rows.iloc[0], rows.iloc[-1]
            sentences.append(f"{name}'s average stance went from {_one(first['stance'])} "
                             f"{_during(first['label'])} to {_one(last['stance'])} "
                             f"{_during(last['label'])}.")
    return " ".join(sentences)


def describe_dance_map(metrics: CoupleMetrics, names: Mapping[str, str] | None = None) -> str:
    """The dance map in words: each partner's averages per interval and the way they moved."""
    shown = partner_names(names)
    sentences = [f"Where {shown['A']} and {shown['B']} stood in each interval, as averages from "
                 f"0 to 10 of pulling back and reaching out; the calm corner is low on both."]
    for partner in PARTNERS:
        rows = checked_in(metrics, partner)
        name = shown[partner]
        if rows.empty:
            sentences.append(f"{name} has not checked in yet.")
            continue
        points = "; ".join(f"{row.label}: pulling back {_one(row.withdraw)}, reaching out "
                           f"{_one(row.pursue)}" for row in rows.itertuples())
        sentences.append(f"{name} — {points}.")
        if len(rows) > 1:
            start, end = (float(np.hypot(r["withdraw"], r["pursue"]))
                          for r in (rows.iloc[0], rows.iloc[-1]))
            if round(start, 1) != round(end, 1):
                way = "closer to" if end < start else "further from"
                sentences.append(f"{name} ended {way} the calm corner than at first.")
    return " ".join(sentences)


def describe_interval_comparison(metrics: CoupleMetrics) -> str:
    """The interval comparison in words: both measures per interval and the reliable changes."""
    couple = metrics.couple
    if couple.empty:
        return "No intervals yet, so there is nothing to compare."
    if not couple["paired_days"].any():
        return ("Polarization and cycle intensity need days on which both partners checked in; "
                "there are none yet.")
    marks = {(row.label, row.measure): row.note for row in reliable_marks(metrics).itertuples()}
    sentences = [f"Polarization (how far apart the two stood) and cycle intensity (how strongly "
                 f"one pushed while the other pulled away), from 0 (calm) to 10 (strong), in "
                 f"{_count(len(couple), 'interval')}."]
    for column, measure in SERIES.items():
        parts = []
        for label, value in zip(couple["label"], couple[column]):
            shown = "no day both checked in" if pd.isna(value) else _one(value)
            note = marks.get((label, measure))
            parts.append(f"{label} {shown}" + (f" ({NOTE_WORDS[note]})" if note else ""))
        sentences.append(f"{measure}: {'; '.join(parts)}.")
    return " ".join(sentences)


def describe_practice(
    metrics: CoupleMetrics, exercise_titles: Mapping[str, str],
    names: Mapping[str, str] | None = None,
) -> str:
    """The practice chart in words: days practised out of days due, per partner and exercise."""
    shown = partner_names(names)
    frame = practice_frame(metrics, exercise_titles, shown)
    if frame.empty:
        return "No exercises were assigned, so there is no practice to show."
    sentences = ["Days each exercise was practised, out of the days it was due."]
    for name in shown.values():
        own = frame[frame["partner"] == name]
        if own.empty:
            sentences.append(f"{name}: no exercises assigned.")
            continue
        parts = [f"{row.exercise}, {_during(row.label)}: {row.practised_days} of "
                 f"{_days_due(row.due_days)} days" for row in own.itertuples()]
        sentences.append(f"{name}: {'; '.join(parts)}.")
    return " ".join(sentences)


def describe_sparkline(frame: pd.DataFrame) -> str:
    """Sparklines in words: each couple's cycle intensity per interval."""
    if frame.empty:
        return "No cycle intensity to show yet."
    groups = (frame.groupby("code", sort=False) if "code" in frame.columns
              else [(None, frame)])
    sentences = []
    for code, own in groups:
        values = ", ".join(
            f"{'baseline' if interval == 0 else f'after session {interval}'} "
            f"{'no day both checked in' if pd.isna(value) else _one(value)}"
            for interval, value in zip(own["interval"], own["cycle_intensity"]))
        sentences.append(f"{code}: {values}." if code is not None else f"{_capital(values)}.")
    count = len(sentences)
    head = (f"Cycle intensity per interval, from 0 (calm) to 10 (strong), for "
            f"{_count(count, 'couple')}." if "code" in frame.columns
            else "Cycle intensity per interval, from 0 (calm) to 10 (strong).")
    return " ".join([head, *sentences])


def _during(label: str) -> str:
    """"in the baseline" or "since session 2 (17 Mar)", to follow a number."""
    return "in the baseline" if label == "Baseline" else label[:1].lower() + label[1:]


def _span(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """"from 3 Mar to 12 Jun", with years when they differ; "(3 Mar)" for one day."""
    if first == last:
        return f"({first.day} {first:%b})"
    year = (lambda day: "") if first.year == last.year else (lambda day: f" {day.year}")
    return f"from {first.day} {first:%b}{year(first)} to {last.day} {last:%b}{year(last)}"


def _one(value: float) -> str:
    """One decimal, never "-0.0"."""
    return f"{round(float(value), 1) + 0.0:.1f}"


def _days_due(value: float) -> str:
    """Whole days as "7", fractions as "about 4.3"."""
    return f"{value:.0f}" if float(value).is_integer() else f"about {value:.1f}"


def _count(count: int, noun: str) -> str:
    """"1 session" or "5 sessions"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _capital(text: str) -> str:
    """First letter upper case."""
    return text[:1].upper() + text[1:]
