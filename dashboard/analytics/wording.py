"""The numbers in plain words: the sentences of the couple page, presentation mode and report."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.analytics.interval_changes import Change, changes
from dashboard.analytics.measures import COUPLE_CHANGE_METRICS
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.vocabulary import PARTNERS, SCORE_WORDS, partner_name

METRIC_WORDS = SCORE_WORDS
# What "reliable" means, where a clinician reads or hovers over it.
RELIABLE_HELP = ("Reliable means the change is bigger than this couple's ordinary day-to-day "
                 "ups and downs would produce 19 times out of 20. A good or bad day tends to "
                 "carry over into the next, and the check allows for that, so a run of similar "
                 "days is not mistaken for real change.")


def shift_sentences(
    metrics: CoupleMetrics, frm: int, to: int, names: Mapping[str, str] | None = None
) -> list[str]:
    """Plain sentences describing what changed from one interval to another."""
    found = changes(metrics, frm, to)
    sentences = []
    for change in found[: len(COUPLE_CHANGE_METRICS)]:
        subject = capitalised(METRIC_WORDS[change.metric])
        if change.change is None:
            interval = _missing_interval(change)
            why = ("both partners checked in and answered the questions about pushing for "
                   "closeness and pulling back" if both_checked_in(metrics, interval)
                   else "both partners checked in")
            sentences.append(f"{subject} cannot be compared: there were no days on which {why} "
                             f"{_interval_phrase(metrics, interval)}.")
        else:
            sentences.append(_shift_sentence(subject, change))
    for partner in PARTNERS:
        name = partner_name(partner, names)
        own = [change for change in found if change.partner == partner]
        if all(change.change is None for change in own):
            silent = [interval for interval in (frm, to)
                      if not metrics.rows[(interval, partner)]["days"]]
            if silent:
                sentences.append(f"{name}'s check-ins cannot be compared: {name} did not check "
                                 f"in {_interval_phrase(metrics, silent[0])}.")
                continue
        for change in own:
            subject = f"{name}'s {METRIC_WORDS[change.metric]}"
            if change.change is None:
                # They checked in, but left this question (or one of its inputs) unanswered.
                when = _interval_phrase(metrics, _missing_interval(change))
                sentences.append(f"{capitalised(subject)} cannot be compared: it was not "
                                 f"answered {when}.")
            else:
                sentences.append(_shift_sentence(subject, change))
    return sentences


def _missing_interval(change: Change) -> int:
    """The interval whose value is missing (the earlier one when both are)."""
    return change.frm if change.from_value is None else change.to


def both_checked_in(metrics: CoupleMetrics, interval: int) -> bool:
    """Whether both partners checked in on at least one same day of the interval."""
    own = metrics.daily[metrics.daily["interval"] == interval]
    days = [set(own.loc[own["partner"] == partner, "day"]) for partner in PARTNERS]
    return bool(days[0] & days[1])


def _interval_phrase(metrics: CoupleMetrics, interval: int) -> str:
    """"during the baseline" or "since session 2 (17 Mar)", to follow a verb."""
    return label_phrase(interval, metrics.label(interval))


def label_phrase(interval: int, label: str) -> str:
    """An interval's label as a phrase to follow a verb."""
    return "during the baseline" if interval == 0 else label[:1].lower() + label[1:]


def _shift_sentence(subject: str, change: Change) -> str:
    """"Polarization fell from 6.2 to 3.9, a reliable change." and its variants."""
    before, after = one_decimal(change.from_value), one_decimal(change.to_value)
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


def one_decimal(value: float) -> str:
    """1 decimal, never "-0.0"."""
    return f"{round(value, 1) + 0.0:.1f}"


def capitalised(text: str) -> str:
    """First letter upper case, the rest untouched."""
    return text[:1].upper() + text[1:]


def day_count(count: int) -> str:
    """"1 day" or "9 days"."""
    return f"{count} day" if count == 1 else f"{count} days"
