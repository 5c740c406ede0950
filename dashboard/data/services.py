"""Use cases that change a practice's data. Each owns its transaction, checks ownership first
and ends in `write.record_change` (data version and audit row)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dashboard import exercise_library
from dashboard.data.database import Database
from dashboard.data.passwords import PasswordRejected, check_password, hash_password
from dashboard.data.queries import active_clinician, owned_couple
from dashboard.data.write import audit, record_change
from dashboard.errors import InvalidInput, NotFound
from dashboard.validation import CheckInInput, check_in_problems, clean_text
from dashboard.vocabulary import (CODE_PATTERN, LANGUAGE_NAMES, LANGUAGES, LEANINGS, PARTNERS,
                                  couple_code)
from models import ROLES, Assignment, CheckIn, Clinician, Couple, Partner, TherapySession, utc_now

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
NOTES_MAX = 20000
FOCUS_MAX = 200
NAME_MAX = 120


def _name(value: str, field: str) -> str:
    text = " ".join(clean_text(value).split())
    if not text:
        raise InvalidInput(f"{field.replace('_', ' ')} must not be empty", field=field)
    if len(text) > NAME_MAX:
        raise InvalidInput(f"{field.replace('_', ' ')} must be at most {NAME_MAX} characters",
                           field=field)
    return text


def add_clinician(
    *, db: Database, username: str, name: str, password: str, role: str = "clinician",
    actor: str = "cli",
) -> int:
    """Create a clinician account with a bcrypt-hashed password; returns its id."""
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise InvalidInput(
            "username must be 2-64 characters: lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter", field="username",
        )
    name = _name(name, "name")
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}", field="role")
    try:
        check_password(password, username=username)
    except PasswordRejected as error:
        raise InvalidInput(str(error), field="password") from None
    with db.write() as session:
        if session.scalars(select(Clinician.id).where(Clinician.username == username)).first():
            raise InvalidInput(f"username {username!r} is already taken", field="username")
        clinician = Clinician(
            username=username, name=name, password_hash=hash_password(password), role=role
        )
        session.add(clinician)
        session.flush()
        audit(session, actor=actor, action="clinician.add", target_type="clinician",
              target_id=username, role=role)
        return clinician.id


@dataclass(frozen=True)
class NewPartner:
    """A partner as entered on the add-couple form or the couple's details; `language` is the
    language of their check-in page (one of vocabulary.LANGUAGES; English, the practice's)."""

    name: str
    leaning: str = "unknown"
    language: str = "en"


def _language(language: str, label: str) -> str:
    """The partner's page language, or InvalidInput naming the ones there are."""
    if language not in LANGUAGES:
        known = ", ".join(f"{code} ({LANGUAGE_NAMES[code]})" for code in LANGUAGES)
        raise InvalidInput(f"language of partner {label} must be one of {known}",
                           field=f"partner_{label.lower()}_language")
    return language


def add_couple(
    *, db: Database, clinician: str, code: str, display_name: str, partner_a: NewPartner,
    partner_b: NewPartner,
) -> int:
    """Create a couple with its partners A and B for the clinician; returns its id."""
    code = couple_code(code)
    if not CODE_PATTERN.match(code):
        raise InvalidInput(
            "code must be 2-32 letters, digits or '-', e.g. C-014", field="code"
        )
    display_name = _name(display_name, "display_name")
    partners = []
    for label, partner in (("A", partner_a), ("B", partner_b)):
        field = f"partner_{label.lower()}"
        if partner.leaning not in LEANINGS:
            raise InvalidInput(
                f"leaning of partner {label} must be one of {', '.join(LEANINGS)}",
                field=f"{field}_leaning",
            )
        partners.append(Partner(label=label, display_name=_name(partner.name, field),
                                leaning=partner.leaning,
                                language=_language(partner.language, label)))
    with db.write() as session:
        owner = active_clinician(session, clinician)
        if session.scalars(select(Couple.id).where(Couple.code == code)).first():
            raise InvalidInput(f"couple code {code!r} is already in use", field="code")
        couple = Couple(clinician_id=owner.id, code=code, display_name=display_name,
                        partners=partners)
        session.add(couple)
        try:
            session.flush()
        except IntegrityError:
            raise InvalidInput(f"couple code {code!r} is already in use", field="code") from None
        record_change(session, clinician_id=owner.id, actor=clinician, action="couple.add",
                      target_type="couple", target_id=code)
        return couple.id


def update_couple(
    *, db: Database, clinician: str, code: str, display_name: str,
    partners: dict[str, NewPartner], partner_progress: bool | None = None,
) -> None:
    """Change the couple's display name and its partners' names, leanings and page languages
    (each NewPartner given sets all three), and whether the partners see their own progress
    under the check-in form (None leaves that as it is)."""
    display_name = _name(display_name, "display_name")
    for label, partner in partners.items():
        _name(partner.name, f"partner_{label.lower()}")
        if partner.leaning not in LEANINGS:
            raise InvalidInput(f"leaning of partner {label} must be one of {', '.join(LEANINGS)}",
                               field=f"partner_{label.lower()}_leaning")
        _language(partner.language, label)
    with db.write() as session:
        couple = owned_couple(session, clinician, code)
        couple.display_name = display_name
        for row in couple.partners:
            if row.label in partners:
                row.display_name = _name(partners[row.label].name, f"partner_{row.label.lower()}")
                row.leaning = partners[row.label].leaning
                row.language = partners[row.label].language
        detail = {}
        if partner_progress is not None:
            couple.partner_progress = bool(partner_progress)
            detail["partner_progress"] = couple.partner_progress
        record_change(session, clinician_id=couple.clinician_id, actor=clinician,
                      action="couple.update", target_type="couple", target_id=couple.code,
                      **detail)


def set_partner_language(
    *, db: Database, clinician: str, code: str, partner: str, language: str
) -> None:
    """Set the language of one partner's check-in page (and of what else they read)."""
    if partner not in PARTNERS:
        raise InvalidInput("partner must be A or B", field="partner")
    language = _language(language, partner)
    with db.write() as session:
        couple = owned_couple(session, clinician, code)
        row = next(p for p in couple.partners if p.label == partner)
        row.language = language
        record_change(session, clinician_id=couple.clinician_id, actor=clinician,
                      action="partner.language", target_type="couple", target_id=couple.code,
                      partner=partner, language=language)


def set_couple_archived(*, db: Database, clinician: str, code: str, archived: bool) -> None:
    """Archive the couple (hidden from the caseload, nothing deleted) or bring it back."""
    with db.write() as session:
        couple = owned_couple(session, clinician, code)
        couple.archived_at = utc_now() if archived else None
        record_change(session, clinician_id=couple.clinician_id, actor=clinician,
                      action="couple.archive" if archived else "couple.restore",
                      target_type="couple", target_id=couple.code)


def add_session(
    *, db: Database, clinician: str, code: str, day: date, focus: str = "", notes: str = "",
    today: date | None = None,
) -> int:
    """Record a therapy session; refuses a future day or a second session on the same day."""
    today = today or date.today()
    if day > today:
        raise InvalidInput(f"session day {day.isoformat()} is in the future", field="day")
    focus = " ".join(clean_text(focus).split())
    notes = clean_text(notes)
    if len(focus) > FOCUS_MAX:
        raise InvalidInput(f"focus must be at most {FOCUS_MAX} characters", field="focus")
    if len(notes) > NOTES_MAX:
        raise InvalidInput(f"notes must be at most {NOTES_MAX} characters", field="notes")
    with db.write() as session:
        couple = owned_couple(session, clinician, code)
        clash = session.scalars(
            select(TherapySession.id).where(
                TherapySession.couple_id == couple.id, TherapySession.day == day,
                TherapySession.archived_at.is_(None),
            )
        ).first()
        if clash:
            raise InvalidInput(
                f"a session on {day.isoformat()} is already recorded for {couple.code}", field="day"
            )
        record = TherapySession(couple_id=couple.id, day=day, focus=focus, notes=notes)
        session.add(record)
        session.flush()
        record_change(session, clinician_id=couple.clinician_id, actor=clinician,
                      action="session.add", target_type="couple", target_id=couple.code,
                      day=day.isoformat())
        return record.id


def archive_session(*, db: Database, clinician: str, code: str, session_id: int) -> None:
    """Archive a session recorded by mistake; its interval boundary disappears."""
    with db.write() as session:
        couple = owned_couple(session, clinician, code)
        record = session.get(TherapySession, session_id)
        if record is None or record.couple_id != couple.id:
            raise NotFound("session not found", field="session")
        record.archived_at = utc_now()
        record_change(session, clinician_id=couple.clinician_id, actor=clinician,
                      action="session.archive", target_type="couple", target_id=couple.code,
                      day=record.day.isoformat())


def assign_exercise(
    *, db: Database, clinician: str, code: str, exercise_id: str, partner: str | None,
    start: date, per_week: int, due: date | None = None,
) -> int:
    """Give an exercise of the library to the couple, or to partner A or B of it."""
    if exercise_id not in exercise_library.library():
        raise InvalidInput(f"unknown exercise {exercise_id!r}", field="exercise")
    if partner not in (None, "A", "B"):
        raise InvalidInput("partner must be A, B or both", field="partner")
    if not 1 <= per_week <= 7:
        raise InvalidInput("frequency must be between 1 and 7 times a week", field="frequency")
    if due is not None and due < start:
        raise InvalidInput("due date must not be before the start date", field="due")
    with db.write() as session:
        couple = owned_couple(session, clinician, code)
        partner_id = None
        if partner is not None:
            partner_id = next(p.id for p in couple.partners if p.label == partner)
        record = Assignment(couple_id=couple.id, partner_id=partner_id, exercise_id=exercise_id,
                            start_day=start, per_week=per_week, due_day=due)
        session.add(record)
        session.flush()
        record_change(session, clinician_id=couple.clinician_id, actor=clinician,
                      action="assignment.add", target_type="couple", target_id=couple.code,
                      exercise=exercise_id, partner=partner or "both")
        return record.id


def end_assignment(
    *, db: Database, clinician: str, code: str, assignment_id: int, day: date
) -> None:
    """End an assignment; `day` is its last active day."""
    with db.write() as session:
        couple = owned_couple(session, clinician, code)
        record = session.get(Assignment, assignment_id)
        if record is None or record.couple_id != couple.id:
            raise NotFound("assignment not found", field="assignment")
        if day < record.start_day:
            raise InvalidInput("an assignment cannot end before it starts", field="day")
        record.ended_on = day
        record_change(session, clinician_id=couple.clinician_id, actor=clinician,
                      action="assignment.end", target_type="couple", target_id=couple.code,
                      assignment=assignment_id)


def new_check_in(
    partner: Partner, entry: CheckInInput, *, source: str, submitted_at: datetime | None = None
) -> CheckIn:
    """A CheckIn row for the partner (the caller has validated the entry)."""
    return CheckIn(
        couple_id=partner.couple_id, partner_id=partner.id, day=entry.day,
        pursue=entry.pursue, withdraw=entry.withdraw, anxiety=entry.anxiety,
        closeness=entry.closeness, cycle_noticed=entry.cycle_noticed,
        repaired=entry.repaired if entry.cycle_noticed else None,
        practised=";".join(entry.practised), reflection=clean_text(entry.reflection),
        source=source,
        submitted_at=submitted_at or utc_now(),
    )


def audit_couple_view(*, db: Database, clinician: str, code: str) -> bool:
    """Record that the clinician opened a couple; a code that is not theirs is audited as denied.

    Returns whether the couple is theirs (another clinician's couple counts as missing).
    """
    with db.write() as session:
        try:
            couple = owned_couple(session, clinician, code)
        except NotFound:
            audit(session, actor=clinician, action="couple.view", target_type="couple",
                  target_id=couple_code(code)[:32], outcome="denied")
            return False
        audit(session, actor=clinician, action="couple.view", target_type="couple",
              target_id=couple.code)
        return True


def add_check_in(
    *, db: Database, clinician: str, code: str, partner: str, entry: CheckInInput,
    source: str = "clinician", today: date | None = None,
) -> int:
    """Store a check-in for partner A or B of the clinician's couple (e.g. taken on paper)."""
    problems = check_in_problems(entry, today=today or date.today(),
                                 exercise_ids=exercise_library.library())
    if problems:
        field, reason = problems[0]
        raise InvalidInput(f"{field} {reason}", field=field)
    if partner not in PARTNERS:
        raise InvalidInput("partner must be A or B", field="partner")
    with db.write() as session:
        couple = owned_couple(session, clinician, code)
        row = next(p for p in couple.partners if p.label == partner)
        check_in = new_check_in(row, entry, source=source)
        session.add(check_in)
        session.flush()
        record_change(session, clinician_id=couple.clinician_id, actor=clinician,
                      action="checkin.add", target_type="couple", target_id=couple.code,
                      partner=partner, day=entry.day.isoformat())
        return check_in.id
