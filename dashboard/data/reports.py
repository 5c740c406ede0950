"""What the pages and commands show: a couple's full picture and the caseload, from one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analytics import alert_rules, caseload_figures, metrics, metrics_json
from dashboard.analytics.alert_rules import Alert, AlertThresholds
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.data import caseload_queries, queries
from dashboard.data.queries import CoupleView

EMPTY_SESSIONS = pd.DataFrame(columns=["code", "day"])


@dataclass(frozen=True)
class CoupleReport:
    """One couple as of a day: partners, check-ins, sessions, assignments, metrics, alerts."""

    couple: CoupleView
    as_of: date
    check_ins: pd.DataFrame
    sessions: pd.DataFrame
    assignments: pd.DataFrame
    metrics: CoupleMetrics
    alerts: tuple[Alert, ...]

    @property
    def session_days(self) -> list[date]:
        """The session days in order."""
        return sorted(self.sessions["day"])


def couple_report(
    *, session: Session, clinician: str, code: str, as_of: date,
    thresholds: AlertThresholds = AlertThresholds(), include_reflections: bool = True,
) -> CoupleReport:
    """Everything about one of the clinician's couples; NotFound for anyone else's."""
    couple = queries.couple_view(session=session, clinician=clinician, code=code)
    check_ins = queries.check_ins_frame(session=session, clinician=clinician, code=code,
                                        include_reflections=include_reflections)
    sessions = queries.sessions_frame(session=session, clinician=clinician, code=code)
    assignments = queries.assignments_frame(session=session, clinician=clinician, code=code)
    days = sorted(sessions["day"])
    couple_metrics = metrics.compute_couple_metrics(check_ins, days, assignments, as_of=as_of)
    alerts = alert_rules.couple_alerts(couple_metrics, check_ins, assignments, days, as_of=as_of,
                                   thresholds=thresholds, names=couple.names)
    return CoupleReport(couple, as_of, check_ins, sessions, assignments, couple_metrics,
                        tuple(alerts))


def couple_metrics_json(*, session: Session, clinician: str, code: str, as_of: date) -> dict:
    """The metrics JSON of PRODUCT.md for one couple (same numbers as the pages)."""
    report = couple_report(session=session, clinician=clinician, code=code, as_of=as_of,
                           include_reflections=False)
    return metrics_json.metrics_json(report.couple.code, report.metrics)


@dataclass(frozen=True)
class Caseload:
    """The caseload table (one row per couple) and cycle intensity per interval for sparklines."""

    couples: pd.DataFrame
    sparklines: pd.DataFrame


def caseload(
    *, session: Session, clinician: str, as_of: date, include_archived: bool = False,
    thresholds: AlertThresholds = AlertThresholds(),
) -> Caseload:
    """Every couple of the clinician with days since contact, latest metrics and alerts."""
    couples = queries.list_couples(session=session, clinician=clinician,
                                   include_archived=include_archived)
    # The database pairs and counts the check-ins; only each couple's recent rows come back.
    facts = caseload_queries.caseload_facts(session=session, clinician=clinician, as_of=as_of,
                                   include_archived=include_archived)
    found = caseload_figures.caseload_metrics(
        couples["code"], facts.paired, facts.recent, facts.sessions, facts.assignments,
        as_of=as_of, thresholds=thresholds,
        names={couple.code: _names(couple) for couple in couples.itertuples()},
    )
    latest = found.couple.drop_duplicates("code", keep="last").set_index("code")
    rows = []
    for couple in couples.itertuples():
        alerts = found.alerts[couple.code]
        rows.append({
            "code": couple.code,
            "display_name": couple.display_name,
            "archived": bool(couple.archived),
            "days_since_session": _days_since(couple.last_session, as_of),
            "days_since_check_in_a": _days_since(couple.last_check_in_a, as_of),
            "days_since_check_in_b": _days_since(couple.last_check_in_b, as_of),
            "polarization": _latest(latest, couple.code, "polarization"),
            "cycle_intensity": _latest(latest, couple.code, "cycle_intensity"),
            "alerts": tuple(a.reason for a in alerts),
            "alert_kinds": tuple(sorted({a.kind for a in alerts})),
        })
    sparks = pd.DataFrame({
        "code": pd.Series(found.couple["code"].to_numpy(dtype=object), dtype="str"),
        "interval": found.couple["interval"].to_numpy(dtype="int64"),
        "cycle_intensity": found.couple["cycle_intensity"].to_numpy(dtype=float),
    })
    return Caseload(
        pd.DataFrame(rows, columns=[
            "code", "display_name", "archived", "days_since_session", "days_since_check_in_a",
            "days_since_check_in_b", "polarization", "cycle_intensity", "alerts", "alert_kinds",
        ]),
        sparks,
    )


def _latest(latest: pd.DataFrame, code: str, column: str) -> float | None:
    """The value in the couple's newest interval; None without intervals or paired days."""
    return _number(latest.at[code, column]) if code in latest.index else None


def _names(couple) -> dict[str, str]:
    return {"A": couple.partner_a, "B": couple.partner_b}


def _days_since(day: date | None, as_of: date) -> int | None:
    if day is None or pd.isna(day):
        return None
    return (as_of - day).days


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def interval_labels(found: CoupleMetrics, days: pd.Series) -> pd.Series:
    """The label of the interval each day falls in (empty before the first interval)."""
    import numpy as np

    if found.intervals.empty or days.empty:
        return pd.Series([None] * len(days), index=days.index, dtype=object)
    starts = pd.to_datetime(found.intervals["start"]).to_numpy()
    position = np.searchsorted(starts, pd.to_datetime(days).to_numpy(), side="right") - 1
    labels = found.intervals["label"].to_numpy()
    return pd.Series(
        [labels[p] if p >= 0 else None for p in position], index=days.index, dtype=object
    )


def check_in_log(report: CoupleReport, titles: dict[str, str]) -> pd.DataFrame:
    """The couple's check-ins newest first, as the log shows them: the interval each falls in,
    the partner's label (`label`) and name (`partner`), practised exercises by title."""
    log = report.check_ins.sort_values(["day", "submitted_at"], ascending=False)
    return log.assign(
        interval=interval_labels(report.metrics, log["day"]),
        label=log["partner"],
        partner=log["partner"].map(report.couple.names),
        practised=log["practised"].map(lambda ids: ", ".join(titles.get(i, i) for i in ids)),
    ).reset_index(drop=True)


def assignment_table(report: CoupleReport, titles: dict[str, str]) -> pd.DataFrame:
    """The couple's live assignments with who they are for, days due and practised, and status."""
    from dashboard.exercise_library import format_frequency

    assignments = report.assignments[~report.assignments["archived"].astype(bool)]
    names = report.couple.names
    practice = report.metrics.practice.groupby("assignment_id")[
        ["practised_days", "due_days"]].sum()
    table = assignments.assign(
        exercise=assignments["exercise_id"].map(lambda i: titles.get(i, i)),
        assigned_to=assignments["partner"].map(lambda p: names.get(p, "Both") if p else "Both"),
        frequency=assignments["per_week"].map(format_frequency),
        practised=assignments["assignment_id"].map(practice["practised_days"]).fillna(0),
        due=assignments["assignment_id"].map(practice["due_days"]).fillna(0),
        status=["ended" if end is not None and not pd.isna(end) and end < report.as_of
                else "active" for end in assignments["end"]],
    )
    table["practice_rate"] = (table["practised"] / table["due"]).where(table["due"] > 0)
    return table
