"""Clinicians' credentials: password checks, lockout from the audit trail, server-side session
validity and password changes; what the sign-in adapter (web/sign_in.py) reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.database import Database
from dashboard.errors import InvalidInput
from dashboard.data.passwords import PasswordRejected, check_password, hash_password, verify_password
from dashboard.data.write import audit
from models import AuditEvent, Clinician, utc_now


@dataclass(frozen=True)
class SignedIn:
    """Who is using the app in this browser session."""

    username: str
    name: str
    role: str
    must_change_password: bool = False
    # What the clinician's couples look like now (models.Clinician.data_version): the pages'
    # caches are keyed by it.
    data_version: int = 0

    @property
    def is_admin(self) -> bool:
        """True for admin accounts."""
        return self.role == "admin"


def credentials(session: Session) -> dict:
    """Active accounts in streamlit-authenticator's credentials shape (bcrypt hashes only)."""
    rows = session.scalars(select(Clinician).where(Clinician.active.is_(True))).all()
    return {
        "usernames": {
            c.username: {"name": c.name, "password": c.password_hash, "email": "",
                         "roles": [c.role], "failed_login_attempts": 0, "logged_in": False}
            for c in rows
        }
    }


def account(session: Session, username: str) -> SignedIn | None:
    """The active account with this username, or None."""
    row = session.scalars(
        select(Clinician).where(Clinician.username == username, Clinician.active.is_(True))
    ).one_or_none()
    if row is None:
        return None
    return SignedIn(row.username, row.name, row.role, row.must_change_password,
                    row.data_version)


def locked_out(
    session: Session, username: str, *, attempts: int, minutes: int, now: datetime | None = None
) -> bool:
    """True when the username had `attempts` failed sign-ins in the last `minutes` minutes
    since its last successful one. Counted from the audit trail, so it holds across browser
    sessions and app processes and decays by itself; unknown usernames are counted alike."""
    now = now or utc_now()
    since = now - timedelta(minutes=minutes)
    attempts_of = (AuditEvent.action == "login", AuditEvent.target_id == username)
    last_success = session.scalar(
        select(func.max(AuditEvent.at)).where(*attempts_of, AuditEvent.outcome == "ok")
    )
    if last_success is not None and last_success > since:
        since = last_success
    failures = session.scalar(
        select(func.count()).select_from(AuditEvent)
        .where(*attempts_of, AuditEvent.outcome == "failed", AuditEvent.at > since)
    )
    return failures >= attempts


def check_login(session: Session, username: str, password: str) -> SignedIn | None:
    """The active account when the password matches its bcrypt hash, else None."""
    row = session.scalars(
        select(Clinician).where(Clinician.username == username, Clinician.active.is_(True))
    ).one_or_none()
    if row is None or not password or not verify_password(password, row.password_hash):
        return None
    return SignedIn(row.username, row.name, row.role, row.must_change_password,
                    row.data_version)


def session_still_valid(session: Session, username: str, signed_in_at: datetime) -> bool:
    """False when the account is gone or disabled, or its sessions were ended after sign-in."""
    row = session.scalars(select(Clinician).where(Clinician.username == username)).one_or_none()
    if row is None or not row.active:
        return False
    return row.sessions_valid_after is None or signed_in_at >= row.sessions_valid_after


def end_sessions(*, db: Database, username: str) -> None:
    """Refuse every login cookie and browser session of this account issued until now."""
    with db.write() as session:
        row = session.scalars(select(Clinician).where(Clinician.username == username)).one_or_none()
        if row is not None:
            row.sessions_valid_after = utc_now()
            audit(session, actor=username, action="logout", target_type="clinician",
                  target_id=username)


def record_login(*, db: Database, username: str, outcome: str) -> None:
    """Audit a sign-in attempt: outcome 'ok', 'failed' or 'locked'."""
    with db.write() as session:
        audit(session, actor=username[:80] or "(blank)", action="login",
              target_type="clinician", target_id=username[:80], outcome=outcome)


def change_password(*, db: Database, username: str, current: str, new: str, repeat: str) -> None:
    """Change the account's own password after checking the current one."""
    if new != repeat:
        raise InvalidInput("the two new passwords differ", field="repeat")
    try:
        check_password(new, username=username)
    except PasswordRejected as error:
        raise InvalidInput(str(error), field="new") from None
    with db.write() as session:
        row = session.scalars(select(Clinician).where(Clinician.username == username)).one()
        if not verify_password(current, row.password_hash):
            raise InvalidInput("the current password is not right", field="current")
        if verify_password(new, row.password_hash):
            raise InvalidInput("the new password must differ from the current one", field="new")
        row.password_hash = hash_password(new)
        row.must_change_password = False
        audit(session, actor=username, action="password.change", target_type="clinician",
              target_id=username)
