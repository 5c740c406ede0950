"""Admin use cases: list, add, disable and enable accounts. Every function checks the admin role."""

from __future__ import annotations

import secrets

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.write import audit
from dashboard.data import services
from dashboard.data.passwords import hash_password
from dashboard.data.database import Database
from dashboard.errors import InvalidInput, NotFound
from models import Clinician, Couple, utc_now


def require_admin(session: Session, username: str) -> Clinician:
    """The active admin account, or NotFound for anyone else."""
    row = session.scalars(
        select(Clinician).where(Clinician.username == username, Clinician.active.is_(True))
    ).one_or_none()
    if row is None or row.role != "admin":
        raise NotFound("page not found", field="admin")
    return row


def accounts(*, session: Session, admin: str) -> pd.DataFrame:
    """Every account with its role, state and number of couples (no clinical data)."""
    require_admin(session, admin)
    couples = (
        select(Couple.clinician_id, func.count().label("couples"))
        .group_by(Couple.clinician_id).subquery()
    )
    rows = session.execute(
        select(Clinician.username, Clinician.name, Clinician.role, Clinician.active,
               func.coalesce(couples.c.couples, 0))
        .outerjoin(couples, couples.c.clinician_id == Clinician.id)
        .order_by(Clinician.username)
    ).all()
    return pd.DataFrame(rows, columns=["username", "name", "role", "active", "couples"])


def add_account(*, db: Database, admin: str, username: str, name: str, password: str,
                role: str) -> int:
    """Create an account as the admin."""
    with db.read() as session:
        require_admin(session, admin)
    return services.add_clinician(db=db, username=username, name=name, password=password,
                                  role=role, actor=admin)


def _other_account(session: Session, admin: str, username: str, own_refusal: str) -> Clinician:
    """Another account the admin acts on; refuses the admin's own and unknown usernames."""
    require_admin(session, admin)
    if username == admin:
        raise InvalidInput(own_refusal, field="username")
    row = session.scalars(select(Clinician).where(Clinician.username == username)).one_or_none()
    if row is None:
        raise NotFound(f"unknown account {username!r}", field="username")
    return row


def set_active(*, db: Database, admin: str, username: str, active: bool) -> None:
    """Disable (ending its sessions at once) or enable another account."""
    with db.write() as session:
        row = _other_account(session, admin, username, "you cannot disable your own account")
        row.active = active
        if not active:
            row.sessions_valid_after = utc_now()
        audit(session, actor=admin, action="clinician.enable" if active else "clinician.disable",
                       target_type="clinician", target_id=username)


def reset_password(*, db: Database, admin: str, username: str) -> str:
    """Give another account a one-time temporary password (shown once, to be changed at the
    next sign-in) and end its sessions; returns the temporary password."""
    temporary = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    with db.write() as session:
        row = _other_account(session, admin, username,
                             "change your own password on the Account page")
        row.password_hash = hash_password(temporary)
        row.must_change_password = True
        row.sessions_valid_after = utc_now()
        audit(session, actor=admin, action="clinician.reset_password",
                       target_type="clinician", target_id=username)
    return temporary


def record_audit_export(*, db: Database, admin: str, rows: int) -> None:
    """Audit that the admin exported the audit log."""
    with db.write() as session:
        require_admin(session, admin)
        audit(session, actor=admin, action="audit.export", target_type="audit",
                       rows=rows)
