"""Partners' check-in links: secret tokens and the use cases around them (the throttling of bad
tokens is in `dashboard/link_throttle.py`).

A link is `BASE_URL/checkin?t=TOKEN`. The token carries 256 random bits from `secrets`; only its
SHA-256 hex digest is stored (with that much entropy a slow password hash adds nothing), so
neither the database, the audit log nor a backup can give a link back. A token is bound to one
partner of one couple, expires after `DASHBOARD_LINK_DAYS` days and stops working on the next
request once revoked, renewed, expired, or when its couple is archived.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import exercise_library
from dashboard.data.database import Database
from dashboard.errors import InvalidInput
from dashboard.data.queries import active_clinician, owned_couple
from dashboard.data.services import new_check_in
from dashboard.data.write import audit, record_change
from dashboard.validation import CheckInInput, check_in_problems, first_problems
from dashboard.vocabulary import first_name
from models import Assignment, CheckInLink, Couple, Partner, utc_now

TOKEN_BYTES = 32
# token_urlsafe(32) is 43 characters; anything else cannot be one of ours.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")

log = logging.getLogger(__name__)


def new_token() -> str:
    """A fresh token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256 hex digest."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def checkin_url(base_url: str, token: str) -> str:
    """The partner's check-in address under the app's base URL."""
    return f"{base_url.rstrip('/')}/checkin?t={token}"


def qr_png(url: str) -> bytes:
    """A QR code of the URL as PNG bytes, drawn in memory."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=3)
    return buffer.getvalue()


@dataclass(frozen=True)
class IssuedLink:
    """A link just created: the only moment its URL is known."""

    code: str
    label: str
    name: str
    expires_at: datetime
    renewed: bool
    url: str = field(repr=False)


@dataclass(frozen=True)
class LinkStatus:
    """A partner's newest link as the couple page shows it (never the URL)."""

    label: str
    name: str
    state: str  # "active", "expired", "revoked" or "none"
    created_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


def describe(status: LinkStatus) -> str:
    """The link's state in a few words, e.g. 'active, expires 22 Jan 2027'."""
    if status.state == "none":
        return "no link yet"
    if status.state == "revoked":
        return f"link revoked on {status.revoked_at:%d %b %Y}"
    verb = "expired" if status.state == "expired" else "active, expires"
    return f"{verb} {status.expires_at:%d %b %Y}"


def _partner(session: Session, clinician: str, code: str, label: str, *, lock: bool = False):
    couple = owned_couple(session, clinician, code)
    if label not in ("A", "B"):
        raise InvalidInput("partner must be A or B", field="partner")
    query = select(Partner).where(Partner.couple_id == couple.id, Partner.label == label)
    if lock:
        # Serializes two renewals of the same partner on PostgreSQL (SQLite's writes already are).
        query = query.with_for_update()
    return couple, session.scalars(query).one()


def _revoke_open(session: Session, partner_id: int, now: datetime) -> bool:
    """Revoke the partner's unrevoked links; True when one of them still worked."""
    still_working = False
    for link in session.scalars(
        select(CheckInLink).where(CheckInLink.partner_id == partner_id,
                                  CheckInLink.revoked_at.is_(None))
    ):
        still_working = still_working or link.expires_at > now
        link.revoked_at = now
    return still_working


def issue_link(
    *, db: Database, clinician: str, code: str, partner: str, base_url: str, days: int,
    now: datetime | None = None,
) -> IssuedLink:
    """Create the partner's link, revoking any earlier one (a renewal); returns its URL once."""
    now = now or utc_now()
    if days < 1:
        raise InvalidInput("a link must stay valid for at least one day", field="days")
    if not re.match(r"https?://[^/?#\s]+", base_url or ""):
        raise InvalidInput(f"base URL must start with http:// or https:// (got {base_url!r})",
                           field="base_url")
    token = new_token()
    with db.write() as session:
        owner = active_clinician(session, clinician)
        couple, row = _partner(session, clinician, code, partner, lock=True)
        renewed = _revoke_open(session, row.id, now)
        link = CheckInLink(partner_id=row.id, token_hash=token_hash(token), created_by=owner.id,
                           created_at=now, expires_at=now + timedelta(days=days))
        session.add(link)
        session.flush()
        audit(session, actor=clinician, action="link.renew" if renewed else "link.create",
              target_type="couple", target_id=couple.code, partner=partner, link=link.id,
              expires=link.expires_at.date().isoformat())
        return IssuedLink(couple.code, partner, first_name(row.display_name), link.expires_at,
                          renewed, checkin_url(base_url, token))


def revoke_link(
    *, db: Database, clinician: str, code: str, partner: str, now: datetime | None = None
) -> bool:
    """Stop the partner's link from working; False when there was no working link."""
    now = now or utc_now()
    with db.write() as session:
        couple, row = _partner(session, clinician, code, partner, lock=True)
        revoked = _revoke_open(session, row.id, now)
        audit(session, actor=clinician, action="link.revoke", target_type="couple",
              target_id=couple.code, partner=partner, outcome="ok" if revoked else "none")
        return revoked


def link_statuses(
    *, db: Database, clinician: str, code: str, now: datetime | None = None
) -> list[LinkStatus]:
    """Each partner's newest link: active, expired, revoked or none."""
    now = now or utc_now()
    with db.read() as session:
        couple = owned_couple(session, clinician, code)
        found = []
        for row in couple.partners:
            link = session.scalars(
                select(CheckInLink).where(CheckInLink.partner_id == row.id)
                .order_by(CheckInLink.created_at.desc(), CheckInLink.id.desc()).limit(1)
            ).first()
            name = first_name(row.display_name)
            if link is None:
                found.append(LinkStatus(row.label, name, "none"))
                continue
            state = ("revoked" if link.revoked_at is not None
                     else "expired" if link.expires_at <= now else "active")
            found.append(LinkStatus(row.label, name, state, link.created_at, link.expires_at,
                                    link.revoked_at))
        return found


@dataclass(frozen=True)
class Assigned:
    """One of the partner's assignments: an exercise and the days it is active."""

    exercise_id: str
    start: date
    last_day: date | None

    def active_on(self, day: date) -> bool:
        """Whether the assignment runs on this day."""
        return self.start <= day and (self.last_day is None or day <= self.last_day)


@dataclass(frozen=True)
class PartnerAccess:
    """What a valid token opens: one partner of one couple, and nothing else."""

    link_id: int
    partner_id: int
    code: str
    label: str
    name: str
    assignments: tuple[Assigned, ...] = ()
    language: str = "en"  # the language of the partner's page (vocabulary.LANGUAGES)
    partner_progress: bool = True  # whether the couple's partners see their own progress

    def exercises_on(self, day: date) -> list[exercise_library.Exercise]:
        """The library exercises assigned to this partner (or to both) active on the day."""
        library = exercise_library.library()
        ids = {a.exercise_id for a in self.assignments if a.active_on(day)}
        return [exercise for exercise_id, exercise in library.items() if exercise_id in ids]


def _access(session: Session, token: str, now: datetime) -> PartnerAccess | None:
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        return None
    found = session.execute(
        select(CheckInLink, Partner, Couple)
        .join(Partner, CheckInLink.partner_id == Partner.id)
        .join(Couple, Partner.couple_id == Couple.id)
        .where(CheckInLink.token_hash == token_hash(token))
    ).first()
    if found is None:
        return None
    link, partner, couple = found
    if link.revoked_at is not None or link.expires_at <= now or couple.archived_at is not None:
        return None
    rows = session.execute(
        select(Assignment.exercise_id, Assignment.start_day, Assignment.due_day,
               Assignment.ended_on)
        .where(Assignment.couple_id == couple.id, Assignment.archived_at.is_(None),
               (Assignment.partner_id == partner.id) | Assignment.partner_id.is_(None))
        .order_by(Assignment.start_day, Assignment.id)
    ).all()
    assigned = tuple(
        Assigned(exercise_id, start, min((d for d in (due, ended) if d is not None), default=None))
        for exercise_id, start, due, ended in rows
    )
    return PartnerAccess(link.id, partner.id, couple.code, partner.label,
                         first_name(partner.display_name), assigned, language=partner.language,
                         partner_progress=couple.partner_progress)


def open_link(*, db: Database, token: str, now: datetime | None = None) -> PartnerAccess | None:
    """The partner a token opens; None for a wrong, expired or revoked one (never saying which)."""
    with db.read() as session:
        return _access(session, token, now or utc_now())


class LinkNotValid(InvalidInput):
    """The token does not open a check-in (wrong, expired or revoked: never said which)."""


class CheckInRefused(InvalidInput):
    """A check-in with one or more invalid fields; `problems` maps each field to its reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        first_field, first_reason = next(iter(problems.items()))
        super().__init__(f"{first_field} {first_reason}", field=first_field)
        self.problems = problems


def submit_check_in(
    *, db: Database, token: str, entry: CheckInInput, today: date, back_days: int,
    now: datetime | None = None,
) -> int:
    """Store the partner's check-in (source "link") after re-checking the token; returns its id."""
    now = now or utc_now()
    with db.write() as session:
        access = _access(session, token, now)
        if access is None:
            raise LinkNotValid("this link does not work", field="token")
        problems = first_problems(check_in_problems(
            entry, today=today, exercise_ids=exercise_library.library(), back_days=back_days))
        offered = {exercise.id for exercise in access.exercises_on(entry.day)}
        foreign = [e for e in entry.practised if e not in offered]
        if foreign and "practised" not in problems:
            problems["practised"] = "lists an exercise that is not assigned to you on that day"
        if problems:
            raise CheckInRefused(problems)
        partner = session.get(Partner, access.partner_id)
        row = new_check_in(partner, entry, source="link", submitted_at=now)
        session.add(row)
        session.flush()
        record_change(session, clinician_id=partner.couple.clinician_id,
                      actor=f"partner {access.label} of {access.code}", action="checkin.submit",
                      target_type="couple", target_id=access.code, partner=access.label,
                      day=entry.day.isoformat(), link=access.link_id, check_in=row.id)
        return row.id
