"""Presentation mode's content: the couple's charts as slides with captions in plain words. Pure.

Captions speak to both partners at once ("you") and make the cycle, never either partner, the
problem: the push-pull "showed up", "pushed you further apart" or "pulled" someone away from the
calm corner. They use only the couple's own metrics: no notes, no reflections, no other couple.
The same chart list feeds the couple page's downloads and the progress report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.analytics.interval_changes import Change, changes
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.analytics.wording import both_checked_in
from dashboard.charts import descriptions
from dashboard.vocabulary import PARTNERS

CHART_KEYS = ("timeline", "dance", "comparison", "practice")
CHART_TITLES = {
    "timeline": "Day by day",
    "dance": "The dance",
    "comparison": "How far apart",
    "practice": "Practice",
}
NEUTRAL_NAMES = {"A": "Partner A", "B": "Partner B"}
CALM_MOVE = 0.5  # a move toward or away from the calm corner smaller than this is "about the same"


@dataclass(frozen=True)
class CoupleChart:
    """One of the couple's charts with a short title, a file-name key and a text alternative.

    The chart is kept as its Vega-Lite spec (`charts.spec`): plain data that pages cache and draw
    with `st.vega_lite_chart`, and that exports render.
    """

    key: str
    title: str
    spec: dict
    description: str


@dataclass(frozen=True)
class Slide:
    """One step of presentation mode: a chart and what it says in plain sentences."""

    chart: CoupleChart
    captions: tuple[str, ...]


def couple_charts(
    metrics: CoupleMetrics, names: Mapping[str, str], exercise_titles: Mapping[str, str],
    keys: Sequence[str] = CHART_KEYS,
) -> list[CoupleChart]:
    """The couple's charts in `keys` order, each with its description."""
    builders = {
        "timeline": lambda: (charts.cycle_timeline(metrics, names),
                             descriptions.describe_timeline(metrics, names)),
        "dance": lambda: (charts.dance_map(metrics, names),
                          descriptions.describe_dance_map(metrics, names)),
        "comparison": lambda: (charts.interval_comparison(metrics),
                               descriptions.describe_interval_comparison(metrics)),
        "practice": lambda: (charts.practice_chart(metrics, exercise_titles, names),
                             descriptions.describe_practice(metrics, exercise_titles, names)),
    }
    built = {key: builders[key]() for key in keys}
    return [CoupleChart(key, CHART_TITLES[key], charts.spec(chart), description)
            for key, (chart, description) in built.items()]


def file_name(code: str, key: str, extension: str) -> str:
    """A download's file name, e.g. "C-101-timeline.png"."""
    return f"{code}-{key}.{extension}"


def shown_names(names: Mapping[str, str], *, first_names: bool) -> dict[str, str]:
    """Each partner's first name, or the neutral "Partner A" and "Partner B"."""
    if not first_names:
        return dict(NEUTRAL_NAMES)
    return {p: (str(names.get(p) or "").split() or [NEUTRAL_NAMES[p]])[0] for p in PARTNERS}


def default_keys(metrics: CoupleMetrics) -> list[str]:
    """The charts worth showing: every chart, the practice one only when exercises were due."""
    return [key for key in CHART_KEYS if key != "practice" or not metrics.practice.empty]


def heading(metrics: CoupleMetrics) -> str:
    """A neutral heading that names no one: "Our pattern since the last session"."""
    latest = metrics.latest_interval
    if latest is None:
        return "Our pattern"
    return "Our pattern since the last session" if latest > 0 else "Our pattern so far"


def slides(
    metrics: CoupleMetrics, names: Mapping[str, str], exercise_titles: Mapping[str, str],
    keys: Sequence[str] = CHART_KEYS,
) -> list[Slide]:
    """The chosen charts in order, each with its captions."""
    captions = {
        "timeline": lambda: [TIMELINE_INTRO, *_present(cycle_days_caption(metrics),
                                                       repair_caption(metrics))],
        "dance": lambda: [DANCE_INTRO, *dance_captions(metrics, names)],
        "comparison": lambda: distance_captions(metrics),
        "practice": lambda: [practice_caption(metrics)],
    }
    return [Slide(chart, tuple(captions[chart.key]()))
            for chart in couple_charts(metrics, names, exercise_titles, keys)]


TIMELINE_INTRO = ("Each line shows where one of you stood each day: above the middle is reaching "
                  "out, below is pulling back. Both are ways of coping with the same cycle.")
DANCE_INTRO = ("Reaching out and pulling back are two ways of handling the same worry. The calm "
               "corner, low on both, is where neither move is needed.")


def cycle_days_caption(metrics: CoupleMetrics) -> str | None:
    """"The push-pull showed up on 3 of the 12 days you checked in since our last session, down
    from 7 of 14."; None before any check-in."""
    latest = metrics.latest_interval
    if latest is None:
        return None
    days = couple_days(metrics)
    now = days.get(latest)
    when = _since(latest)
    if now is None:
        return f"No check-ins {when} yet."
    cycle, total = now
    head = (f"The push-pull did not show up on any of the {_days(total)} you checked in {when}"
            if cycle == 0 else
            f"The push-pull showed up on {cycle} of the {_days(total)} you checked in {when}")
    previous = metrics.previous_interval(latest)
    before = days.get(previous) if previous is not None else None
    if before is None:
        return head + "."
    move = _share_move(cycle / total, before[0] / before[1])
    return head + f", {move} {before[0]} of {before[1]}."


def repair_caption(metrics: CoupleMetrics) -> str | None:
    """How often the couple found their way back after the push-pull showed up, latest interval."""
    latest = metrics.latest_interval
    found = couple_days(metrics).get(latest) if latest is not None else None
    if not found or found[0] == 0:
        return None
    repaired = repaired_days(metrics).get(latest, 0)
    cycle = found[0]
    if repaired == 0:
        return (f"Coming back to each other afterwards is the next step: no repair was noted "
                f"on those {_days(cycle)}.")
    if cycle == 1:
        return "When it showed up, you found your way back to each other afterwards."
    return (f"When it showed up, you found your way back to each other on {repaired} of "
            f"those {cycle} days.")


def distance_captions(metrics: CoupleMetrics) -> list[str]:
    """How far apart the two stood and how strongly the push-pull gripped, with the verdict."""
    latest = metrics.latest_interval
    if latest is None:
        return ["No check-ins yet."]
    row = metrics.rows[(latest, None)]
    when = _since(latest)
    if not row["paired_days"]:
        both = ("you both checked in and answered the questions about reaching out and pulling "
                "back" if both_checked_in(metrics, latest) else "you both checked in")
        return [f"There are no days {when} on which {both}, so the distance between you "
                f"cannot be shown yet."]
    previous = metrics.previous_interval(latest)
    found = {c.metric: c for c in changes(metrics, previous, latest)[:2]} if previous is not None \
        else {}
    apart, grip = float(row["polarization"]), float(row["cycle_intensity"])
    sentences = []
    change = found.get("polarization")
    if change is None or change.from_value is None:
        sentences.append(f"On the days you both checked in {when}, you stood {_one(apart)} apart "
                         f"on a scale from 0 to 10.")
    else:
        move = _move(change)
        sentences.append({
            "down": f"On the days you both checked in, you stood closer together {when}: "
                    f"{_one(apart)} apart on a scale from 0 to 10, down from "
                    f"{_one(change.from_value)}.",
            "up": f"On the days you both checked in, the cycle pushed you further apart {when}: "
                  f"{_one(apart)} apart on a scale from 0 to 10, up from "
                  f"{_one(change.from_value)}.",
            "same": f"On the days you both checked in, you stood about as far apart {when} as "
                    f"before: {_one(apart)} on a scale from 0 to 10.",
        }[move])
        sentences.append(_verdict(change))
    change = found.get("cycle_intensity")
    head = f"How strongly the push-pull gripped you on those days {when}: {_one(grip)} out of 10"
    if change is None or change.from_value is None:
        sentences.append(head + ".")
    else:
        move = _move(change)
        sentences.append(head + {"down": f", down from {_one(change.from_value)}.",
                                 "up": f", up from {_one(change.from_value)}.",
                                 "same": ", about the same as before."}[move])
        sentences.append(_verdict(change))
    return sentences


def dance_captions(metrics: CoupleMetrics, names: Mapping[str, str]) -> list[str]:
    """Each partner's move toward or away from the calm corner since the interval before."""
    latest = metrics.latest_interval
    if latest is None:
        return []
    previous = metrics.previous_interval(latest)
    when = _since(latest)
    sentences = []
    for partner in PARTNERS:
        name = names.get(partner) or NEUTRAL_NAMES[partner]
        now = metrics.rows[(latest, partner)]
        if not now["days"]:
            sentences.append(f"There are no check-ins from {name} {when} to show yet.")
            continue
        before = metrics.rows[(previous, partner)] if previous is not None else None
        if before is None or not before["days"]:
            continue
        shift = _calm_distance(now) - _calm_distance(before)
        if shift <= -CALM_MOVE:
            sentences.append(f"{name} moved closer to the calm corner {when}.")
        elif shift >= CALM_MOVE:
            sentences.append(f"The cycle pulled {name} a little further from the calm corner "
                             f"{when}.")
        else:
            sentences.append(f"{name} stayed about where they were {when}.")
    return sentences


def practice_caption(metrics: CoupleMetrics) -> str:
    """Practice days out of days due in the latest interval, both partners together."""
    latest = metrics.latest_interval
    if latest is None:
        return "No exercises were due yet."
    when = _since(latest)
    now = _practice(metrics, latest)
    if now is None:
        return f"No exercises were due {when}."
    head = (f"Between you, you practised on {now[0]} of {_due(now[1], 'the')} days an "
            f"exercise was due {when}")
    previous = metrics.previous_interval(latest)
    before = _practice(metrics, previous) if previous is not None else None
    if before is None:
        return head + "."
    return (head + f", {_share_move(now[0] / now[1], before[0] / before[1])} "
                   f"{before[0]} of {_due(before[1])}.")


def couple_days(metrics: CoupleMetrics) -> dict[int, tuple[int, int]]:
    """Per interval: (days the push-pull showed up for either partner, days with a check-in)."""
    daily = metrics.daily
    if daily.empty:
        return {}
    per_day = daily.groupby(["interval", "day"])["cycle_noticed"].any().groupby("interval")
    cycle, total = per_day.sum(), per_day.size()
    return {int(i): (int(cycle[i]), int(total[i])) for i in total.index}


def repaired_days(metrics: CoupleMetrics) -> dict[int, int]:
    """Per interval: cycle days on which either partner said they came back to each other."""
    daily = metrics.daily
    if daily.empty:
        return {}
    repaired = daily.assign(repaired=daily["repaired"].fillna(False).astype(bool))
    per_day = repaired.groupby(["interval", "day"])["repaired"].any().groupby("interval").sum()
    return {int(i): int(n) for i, n in per_day.items()}


def _present(*captions: str | None) -> list[str]:
    return [caption for caption in captions if caption]


def _since(interval: int) -> str:
    """"since our last session", or "so far" before the first session."""
    return "since our last session" if interval > 0 else "so far"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _one(value: float) -> str:
    return f"{round(float(value), 1) + 0.0:.1f}"


def _due(value: float, article: str = "") -> str:
    """Whole days as "14" (or "the 14"), fractions as "about 14"."""
    if float(value).is_integer():
        return f"{article} {value:.0f}".strip()
    return f"about {round(value):.0f}"


def _share_move(now: float, before: float) -> str:
    """"down from", "up from" or "about the same share as before,": compares two shares."""
    if abs(now - before) < 0.005:
        return "about the same share as before,"
    return "down from" if now < before else "up from"


def _move(change: Change) -> str:
    """'down', 'up' or 'same', as the numbers shown (one decimal) read."""
    if _one(change.to_value) == _one(change.from_value):
        return "same"
    return "down" if change.to_value < change.from_value else "up"


def _verdict(change: Change) -> str:
    """Whether the change is bigger than ordinary ups and downs, in words."""
    if change.reliable is None:
        return "There are too few shared days yet to say whether that is a real change."
    if change.reliable:
        return "That is a clear change, bigger than the ordinary ups and downs."
    return "That is within the ordinary day-to-day ups and downs."


def _calm_distance(row: Mapping) -> float:
    """How far a partner's averages sit from the calm corner (no push, no pull)."""
    return math.hypot(float(row["withdraw"]), float(row["pursue"]))


def _practice(metrics: CoupleMetrics, interval: int) -> tuple[int, float] | None:
    """(practised days, due days) of both partners in an interval; None when nothing was due."""
    rows = [metrics.rows[(interval, partner)] for partner in PARTNERS]
    due = sum(float(row["due_days"]) for row in rows)
    if due <= 0 or pd.isna(due):
        return None
    return sum(int(row["practised_days"]) for row in rows), due
