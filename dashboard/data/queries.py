"""Reads of one couple. Every function takes the session and the acting clinician and sees only
their couples (the caseload's reads of all couples at once are in caseload_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import func, select
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
    language: str = "en"  # of their check-in page


@dataclass(frozen=True)
class CoupleView:
    """A couple as pages show it; plain data, safe to keep in a cache."""

    id: int
    code: str
    display_name: str
    archived: bool
    partners: tuple[PartnerView, ...]
    partner_progress: bool = True  # partners see their own progress under the check-in form

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
        partners=tuple(PartnerView(p.id, p.label, p.display_name, p.leaning, p.language)
                       for p in partners),
        partner_progress=bool(couple.partner_progress),
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


def check_ins_select(include_reflections: bool):
    """The columns of CHECK_IN_COLUMNS (and the reflection) of check-ins joined to partners."""
    columns = [
        CheckIn.id, Partner.label, CheckIn.day, CheckIn.submitted_at, CheckIn.pursue,
        CheckIn.withdraw, CheckIn.anxiety, CheckIn.closeness, CheckIn.cycle_noticed,
        CheckIn.repaired, CheckIn.practised, CheckIn.source,
    ]
    if include_reflections:
        columns.append(CheckIn.reflection)
    return select(*columns).join(Partner, CheckIn.partner_id == Partner.id)


def check_ins_frame_of(rows, include_reflections: bool, extra: list[str] = ()) -> pd.DataFrame:
    """check_ins_select rows as a frame, `practised` as tuples and an empty `repaired` as None."""
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
        check_ins_select(include_reflections)
        .where(CheckIn.couple_id == couple.id)
        .order_by(CheckIn.day, CheckIn.submitted_at, CheckIn.id)
    ).all()
    return check_ins_frame_of(rows, include_reflections)


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
        select(*ASSIGNMENT_SELECT)
        .outerjoin(Partner, Assignment.partner_id == Partner.id)
        .where(Assignment.couple_id == couple.id)
        .order_by(Assignment.start_day, Assignment.id)
    )
    if not include_archived:
        query = query.where(Assignment.archived_at.is_(None))
    rows = session.execute(query).all()
    frame = pd.DataFrame(
        [
            (i, ex, label, start, due, ended, last_active_day(due, ended), per_week, archived)
            for i, ex, label, start, due, ended, per_week, archived in rows
        ],
        columns=ASSIGNMENT_COLUMNS,
    )
    return frame


ASSIGNMENT_SELECT = (
    Assignment.id, Assignment.exercise_id, Partner.label, Assignment.start_day,
    Assignment.due_day, Assignment.ended_on, Assignment.per_week,
    Assignment.archived_at.is_not(None),
)


def last_active_day(due: date | None, ended_on: date | None) -> date | None:
    """The earlier of the due day and the day the assignment was ended."""
    days = [d for d in (due, ended_on) if d is not None]
    return min(days) if days else None
