"""The ``metrics --json`` object of one couple."""

from __future__ import annotations

import pandas as pd

from dashboard.analytics.interval_changes import Change, changes, json_value
from dashboard.analytics.measures import COUPLE_CHANGE_METRICS, PARTNER_CHANGE_METRICS
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.vocabulary import PARTNERS, SCORES


def metrics_json(couple_code: str, metrics: CoupleMetrics) -> dict:
    """The `metrics --json` object: the couple code, one entry per interval in time order, and
    the couple's day-to-day carry-over (`autocorrelation`) the reliable-change verdicts allow for.

    Each change also gives `low` and `high`, the 95% interval of the change (null without a
    verdict): reliable exactly when the interval leaves out 0."""
    partner_keys = ("days", *SCORES, "stance", "cycle_days", "repair_rate", "practice_rate")
    couple_keys = ("paired_days", "polarization", "cycle_intensity", "coverage")
    entries, previous = [], None
    for row in metrics.intervals.itertuples(index=False):
        number = int(row.interval)
        entries.append({
            "index": number,
            "start": row.start.date().isoformat(),
            "end": None if pd.isna(row.end) else row.end.date().isoformat(),
            "partners": {partner: {key: json_value(metrics.rows[(number, partner)][key])
                                   for key in partner_keys} for partner in PARTNERS},
            **{key: json_value(metrics.rows[(number, None)][key]) for key in couple_keys},
            "changes": (None if previous is None
                        else _changes_json(changes(metrics, previous, number))),
        })
        previous = number
    return {"couple": couple_code, "intervals": entries,
            "autocorrelation": json_value(metrics.autocorrelation)}


def _changes_json(found: list[Change]) -> dict:
    """Changes grouped as in the metrics JSON."""
    by_key = {(change.partner, change.metric): change.as_json() for change in found}
    return {
        **{metric: by_key[(None, metric)] for metric in COUPLE_CHANGE_METRICS},
        "partners": {partner: {metric: by_key[(partner, metric)]
                               for metric in PARTNER_CHANGE_METRICS}
                     for partner in PARTNERS},
    }
