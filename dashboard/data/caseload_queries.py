"""Reads for the caseload: all of a clinician's couples at once, aggregated in the database.

Every function takes the session and the acting clinician and sees only their couples.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from dashboard.data.queries import (
    ASSIGNMENT_COLUMNS, ASSIGNMENT_SELECT, check_ins_frame_of, check_ins_select, last_active_day,
)
from models import Assignment, CheckIn, Clinician, Couple, Partner, TherapySession


def _clinician_couples(clinician: str, include_archived: bool):
    """The clinician's couples (id, code) as a subquery."""
    couples = (
        select(Couple.id, Couple.code)
        .join(Clinician, Couple.clinician_id == Clinician.id)
        .where(Clinician.username == clinician)
    )
    if not include_archived:
        couples = couples.where(Couple.archived_at.is_(None))
    return couples.subquery()


def caseload_frames(*, session: Session, clinician: str, include_archived: bool = False):
    """All of the clinician's check-ins, session days and assignments, each with a `code` column."""
    couples = _clinician_couples(clinician, include_archived)
    check_ins = check_ins_frame_of(
        session.execute(
            check_ins_select(False)
            .add_columns(couples.c.code)
            .join(couples, couples.c.id == CheckIn.couple_id)
            .order_by(CheckIn.couple_id, CheckIn.day, CheckIn.submitted_at, CheckIn.id)
        ).all(),
        False,
        ["code"],
    )
    return check_ins, _sessions_of(session, couples), _assignments_of(session, couples)


def _sessions_of(session: Session, couples) -> pd.DataFrame:
    """Session days (code, day) of the couples in the subquery."""
    return pd.DataFrame(
        session.execute(
            select(couples.c.code, TherapySession.day)
            .join(couples, couples.c.id == TherapySession.couple_id)
            .where(TherapySession.archived_at.is_(None))
        ).all(),
        columns=["code", "day"],
    )


def _assignments_of(session: Session, couples) -> pd.DataFrame:
    """Assignments (code and the metrics' columns) of the couples in the subquery."""
    return pd.DataFrame(
        [
            (code, i, ex, label, start, due, ended, last_active_day(due, ended), per_week,
             archived)
            for code, i, ex, label, start, due, ended, per_week, archived in session.execute(
                select(couples.c.code, *ASSIGNMENT_SELECT)
                .join(couples, couples.c.id == Assignment.couple_id)
                .outerjoin(Partner, Assignment.partner_id == Partner.id)
            ).all()
        ],
        columns=["code", *ASSIGNMENT_COLUMNS],
    )


@dataclass(frozen=True)
class CaseloadFacts:
    """What the caseload reads, aggregated in the database; every frame has a `code` column.

    paired: code, day, pursue_A, withdraw_A, pursue_B, withdraw_B for every day up to as_of on
        which both partners checked in and answered pursue and withdraw (their counted
        check-ins);
    recent: code, partner, day, anxiety (None where unanswered), practised (';'-separated) of
        the counted check-ins since each couple's last session (all when there is none), each
        partner's last three days that answered anxiety, and each couple's first;
    sessions: code, day; assignments: code and ASSIGNMENT_COLUMNS.
    """

    paired: pd.DataFrame
    recent: pd.DataFrame
    sessions: pd.DataFrame
    assignments: pd.DataFrame


def caseload_facts(
    *, session: Session, clinician: str, as_of: date, include_archived: bool = False
) -> CaseloadFacts:
    """The clinician's paired days and recent check-ins, instead of every check-in's row.

    A check-in counts when it is its partner's latest for that day (by submission time, then
    id), as in the metrics. Counting and pairing read only ix_check_ins_caseload; the table is
    read for the few recent rows alone.
    """
    couples = _clinician_couples(clinician, include_archived)
    codes = dict(session.execute(select(couples.c.id, couples.c.code)).all())
    counted = _counted_check_ins(couples, as_of)

    def score(column, label):
        return func.max(case((Partner.label == label, column)))

    # Grouped by couple id (not code): no join to couples for each of the rows.
    paired = session.execute(
        select(counted.c.couple_id, counted.c.day,
               *(score(getattr(counted.c, name), label).label(f"{name}_{label}")
                 for label in ("A", "B") for name in ("pursue", "withdraw")))
        .join(Partner, Partner.id == counted.c.partner_id)
        # A day pairs only where both answered pursue and withdraw (the couple numbers' inputs).
        .where(counted.c.pursue.is_not(None), counted.c.withdraw.is_not(None))
        .group_by(counted.c.couple_id, counted.c.day)
        .having(func.count() == 2)
    ).all()
    # From what day each partner's rows are recent: the earlier of the couple's last session
    # and the partner's third latest day (every row when either is missing); plus the couple's
    # first day. One index seek each, so the filter needs no window over all the rows.
    last_session = (
        select(func.max(TherapySession.day))
        .where(TherapySession.couple_id == Partner.couple_id,
               TherapySession.archived_at.is_(None), TherapySession.day <= as_of)
        .scalar_subquery()
    )
    third_latest = (
        select(CheckIn.day).distinct()
        # The anxiety alert reads the last check-ins that answered it.
        .where(CheckIn.partner_id == Partner.id, CheckIn.day <= as_of,
               CheckIn.anxiety.is_not(None))
        .order_by(CheckIn.day.desc()).limit(1).offset(2)
        .scalar_subquery()
    )
    first_day = (
        select(func.min(CheckIn.day))
        .where(CheckIn.couple_id == Partner.couple_id, CheckIn.day <= as_of)
        .scalar_subquery()
    )
    bounds = (
        select(Partner.id.label("partner_id"), Partner.label,
               last_session.label("last_session"), third_latest.label("third_latest"),
               first_day.label("first_day"))
        .where(Partner.couple_id.in_(select(couples.c.id)))
        # Computed once per partner, not once per row.
        .cte("bounds").prefix_with("MATERIALIZED")
    )
    kept = (
        select(counted.c.id, counted.c.couple_id, counted.c.day, bounds.c.label)
        .join(bounds, bounds.c.partner_id == counted.c.partner_id)
        .where(or_(bounds.c.last_session.is_(None), bounds.c.third_latest.is_(None),
                   counted.c.day >= bounds.c.last_session,
                   counted.c.day >= bounds.c.third_latest,
                   counted.c.day == bounds.c.first_day))
        # Filtered before the table is read for the few rows kept.
        .cte("kept").prefix_with("MATERIALIZED")
    )
    recent = session.execute(
        select(kept.c.couple_id, kept.c.label, kept.c.day, CheckIn.anxiety, CheckIn.practised)
        .join(CheckIn, CheckIn.id == kept.c.id)
    ).all()
    paired = _frame(paired, ["couple_id", "day", "pursue_A", "withdraw_A", "pursue_B",
                             "withdraw_B"])
    recent = _frame(recent, ["couple_id", "partner", "day", "anxiety", "practised"])
    return CaseloadFacts(
        paired=_with_codes(paired, codes),
        recent=_with_codes(recent, codes),
        sessions=_sessions_of(session, couples),
        assignments=_assignments_of(session, couples),
    )


def _with_codes(frame: pd.DataFrame, codes: dict[int, str]) -> pd.DataFrame:
    """The frame with its couple ids replaced by the couples' codes (column `code`, first)."""
    frame.insert(0, "code", frame.pop("couple_id").map(codes))
    return frame


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    """Result rows as a frame, built column by column (much faster than row by row)."""
    return pd.DataFrame(dict(zip(columns, zip(*rows))) if rows else {c: [] for c in columns},
                        columns=columns)


def _counted_check_ins(couples, as_of: date):
    """The check-ins that count up to as_of: each partner's latest of each day (a subquery).

    Reads only columns of ix_check_ins_caseload (an index-only read), already nearly in the
    window's order.
    """
    later = func.lead(CheckIn.id).over(
        partition_by=(CheckIn.couple_id, CheckIn.day, CheckIn.partner_id),
        order_by=(CheckIn.submitted_at, CheckIn.id),
    )
    every = (
        select(CheckIn.id, CheckIn.couple_id, CheckIn.partner_id, CheckIn.day, CheckIn.pursue,
               CheckIn.withdraw, later.label("later"))
        .where(CheckIn.couple_id.in_(select(couples.c.id)), CheckIn.day <= as_of)
        .subquery()
    )
    return select(every).where(every.c.later.is_(None)).subquery("counted")
