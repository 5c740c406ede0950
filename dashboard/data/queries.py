"""Reads. Every function takes the session and the acting clinician and sees only their couples."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from dashboard.errors import NotFound
from models import Assignment, CheckIn, Clinician, Couple, Partner, TherapySession

CHECK_IN_COLUMNS = [
    "id", "partner", "day", "submitted_at", "pursue", "withdraw", "anxiety", "closeness",
    "cycle_noticed", "repaired", "practised", "source",
]
ASSIGNMENT_COLUMNS = [
    "assignment_id", "exercise_id", "partner", "start", "due", "ended_on", "end",
    "per_week", "archived",
]


@dataclass(frozen=True)
class PartnerView:
    """A partner as pages show it."""

    id: int
    label: str
    name: str
    leaning: str


@dataclass(frozen=True)
class CoupleView:
    """A couple as pages show it; plain data, safe to keep in a cache."""

    id: int
    code: str
    display_name: str
    archived: bool
    partners: tuple[PartnerView, ...]

    def partner(self, label: str) -> PartnerView:
        """The partner with label A or B."""
        return next(p for p in self.partners if p.label == label)

    @property
    def names(self) -> dict[str, str]:
        """Partner display names by label."""
        return {p.label: p.name for p in self.partners}


def active_clinician(session: Session, username: str) -> Clinician:
    """The active clinician with this username, or NotFound."""
    clinician = session.scalars(
        select(Clinician).where(Clinician.username == username, Clinician.active.is_(True))
    ).one_or_none()
    if clinician is None:
        raise NotFound(f"unknown clinician {username!r}", field="clinician")
    return clinician


def data_version(session: Session, clinician: str) -> int:
    """The clinician's data version (raised by every write to their couples); NotFound for an
    unknown or disabled account."""
    return active_clinician(session, clinician).data_version


def owned_couple(session: Session, clinician: str, code: str) -> Couple:
    """The clinician's couple with this code; another clinician's couple is NotFound too."""
    couple = session.scalars(
        select(Couple)
        .join(Clinician, Couple.clinician_id == Clinician.id)
        .where(
            Couple.code == code.strip().upper(),
            Clinician.username == clinician,
            Clinician.active.is_(True),
        )
    ).one_or_none()
    if couple is None:
        raise NotFound(f"couple {code!r} not found", field="couple")
    return couple


def couple_view(*, session: Session, clinician: str, code: str) -> CoupleView:
    """The couple with its partners, for display."""
    couple = owned_couple(session, clinician, code)
    partners = session.scalars(
        select(Partner).where(Partner.couple_id == couple.id).order_by(Partner.label)
    ).all()
    return CoupleView(
        id=couple.id,
        code=couple.code,
        display_name=couple.display_name,
        archived=couple.archived_at is not None,
        partners=tuple(PartnerView(p.id, p.label, p.display_name, p.leaning) for p in partners),
    )


def list_couples(*, session: Session, clinician: str, include_archived: bool = False) -> pd.DataFrame:
    """One row per couple: code, names, archived, last session, each partner's last check-in and name."""
    # Correlated maxima: one index seek per couple or partner instead of grouping every row.
    last_session = (
        select(func.max(TherapySession.day))
        .where(TherapySession.couple_id == Couple.id, TherapySession.archived_at.is_(None))
        .scalar_subquery()
    )
    query = (
        select(
            Couple.id,
            Couple.code,
            Couple.display_name,
            Couple.archived_at.is_not(None).label("archived"),
            last_session.label("last_session"),
        )
        .join(Clinician, Couple.clinician_id == Clinician.id)
        .where(Clinician.username == clinician)
        .order_by(Couple.code)
    )
    if not include_archived:
        query = query.where(Couple.archived_at.is_(None))
    couples = pd.DataFrame(
        session.execute(query).all(),
        columns=["id", "code", "display_name", "archived", "last_session"],
    )
    last_check_in = select(func.max(CheckIn.day)).where(
        CheckIn.partner_id == Partner.id).scalar_subquery()
    partner_rows = session.execute(
        select(Partner.couple_id, Partner.label, Partner.display_name, last_check_in)
        .join(Couple, Partner.couple_id == Couple.id)
        .join(Clinician, Couple.clinician_id == Clinician.id)
        .where(Clinician.username == clinician)
    ).all()
    names = {(couple_id, label): name for couple_id, label, name, _ in partner_rows}
    latest = {(couple_id, label): day for couple_id, label, _, day in partner_rows}
    couples["last_check_in_a"] = [latest.get((i, "A")) for i in couples["id"]]
    couples["last_check_in_b"] = [latest.get((i, "B")) for i in couples["id"]]
    couples["partner_a"] = [names.get((i, "A"), "Partner A") for i in couples["id"]]
    couples["partner_b"] = [names.get((i, "B"), "Partner B") for i in couples["id"]]
    return couples


def _check_ins_query(include_reflections: bool):
    columns = [
        CheckIn.id, Partner.label, CheckIn.day, CheckIn.submitted_at, CheckIn.pursue,
        CheckIn.withdraw, CheckIn.anxiety, CheckIn.closeness, CheckIn.cycle_noticed,
        CheckIn.repaired, CheckIn.practised, CheckIn.source,
    ]
    if include_reflections:
        columns.append(CheckIn.reflection)
    return select(*columns).join(Partner, CheckIn.partner_id == Partner.id)


def _check_ins_frame(rows, include_reflections: bool, extra: list[str] = ()) -> pd.DataFrame:
    names = list(CHECK_IN_COLUMNS) + (["reflection"] if include_reflections else []) + list(extra)
    frame = pd.DataFrame(rows, columns=names)
    frame["practised"] = [tuple(filter(None, text.split(";"))) for text in frame["practised"]]
    frame["repaired"] = frame["repaired"].astype(object).where(frame["repaired"].notna(), None)
    return frame


def check_ins_frame(
    *, session: Session, clinician: str, code: str, include_reflections: bool = False
) -> pd.DataFrame:
    """The couple's check-ins in day order, in the columns the metrics read."""
    couple = owned_couple(session, clinician, code)
    rows = session.execute(
        _check_ins_query(include_reflections)
        .where(CheckIn.couple_id == couple.id)
        .order_by(CheckIn.day, CheckIn.submitted_at, CheckIn.id)
    ).all()
    return _check_ins_frame(rows, include_reflections)


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
    check_ins = _check_ins_frame(
        session.execute(
            _check_ins_query(False)
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
            (code, i, ex, label, start, due, ended, _last_active_day(due, ended), per_week,
             archived)
            for code, i, ex, label, start, due, ended, per_week, archived in session.execute(
                select(couples.c.code, *_ASSIGNMENT_SELECT)
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
        which both partners checked in (their counted check-ins);
    recent: code, partner, day, anxiety, practised (';'-separated) of the counted check-ins
        since each couple's last session (all when there is none), each partner's last three
        and each couple's first;
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
        .where(CheckIn.partner_id == Partner.id, CheckIn.day <= as_of)
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


def session_days(*, session: Session, clinician: str, code: str) -> list[date]:
    """The days of the couple's (non-archived) therapy sessions, in order."""
    couple = owned_couple(session, clinician, code)
    return list(
        session.scalars(
            select(TherapySession.day)
            .where(TherapySession.couple_id == couple.id, TherapySession.archived_at.is_(None))
            .order_by(TherapySession.day)
        )
    )


def sessions_frame(*, session: Session, clinician: str, code: str) -> pd.DataFrame:
    """The couple's sessions with focus and notes, newest first (clinician-only data)."""
    couple = owned_couple(session, clinician, code)
    rows = session.execute(
        select(TherapySession.id, TherapySession.day, TherapySession.focus, TherapySession.notes)
        .where(TherapySession.couple_id == couple.id, TherapySession.archived_at.is_(None))
        .order_by(TherapySession.day.desc())
    ).all()
    return pd.DataFrame(rows, columns=["id", "day", "focus", "notes"])


def assignments_frame(
    *, session: Session, clinician: str, code: str, include_archived: bool = True
) -> pd.DataFrame:
    """The couple's assignments in the columns the metrics read (`end` = last active day)."""
    couple = owned_couple(session, clinician, code)
    query = (
        select(*_ASSIGNMENT_SELECT)
        .outerjoin(Partner, Assignment.partner_id == Partner.id)
        .where(Assignment.couple_id == couple.id)
        .order_by(Assignment.start_day, Assignment.id)
    )
    if not include_archived:
        query = query.where(Assignment.archived_at.is_(None))
    rows = session.execute(query).all()
    frame = pd.DataFrame(
        [
            (i, ex, label, start, due, ended, _last_active_day(due, ended), per_week, archived)
            for i, ex, label, start, due, ended, per_week, archived in rows
        ],
        columns=ASSIGNMENT_COLUMNS,
    )
    return frame


_ASSIGNMENT_SELECT = (
    Assignment.id, Assignment.exercise_id, Partner.label, Assignment.start_day,
    Assignment.due_day, Assignment.ended_on, Assignment.per_week,
    Assignment.archived_at.is_not(None),
)


def _last_active_day(due: date | None, ended_on: date | None) -> date | None:
    """The earlier of the due day and the day the assignment was ended."""
    days = [d for d in (due, ended_on) if d is not None]
    return min(days) if days else None
