"""The one write path: every use case that changes a clinician's data ends in `record_change`,
which raises their data version (every cached page of their couples is stale from the commit
on, in every app process) and appends the hash-chained audit row, in the same transaction."""

from __future__ import annotations

import json

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from models import AuditEvent, Clinician, utc_now
from models.audit import GENESIS

AUDIT_CHAIN_LOCK = 727_001


def record_change(
    session: Session, *, clinician_id: int, actor: str, action: str, target_type: str = "",
    target_id: object = "", **detail: object,
) -> None:
    """Raise the clinician's data version, then audit the change (in the caller's transaction).

    The version's row lock comes before the audit chain's lock, the order every writer keeps
    (PostgreSQL), so two writers never wait for each other in a circle.
    """
    session.execute(update(Clinician).where(Clinician.id == clinician_id)
                    .values(data_version=Clinician.data_version + 1))
    audit(session, actor=actor, action=action, target_type=target_type, target_id=target_id,
          **detail)


def audit(
    session: Session, *, actor: str, action: str, target_type: str = "", target_id: object = "",
    outcome: str = "ok", **detail: object,
) -> None:
    """Append a hash-chained audit event in the caller's write transaction; for events that
    change no clinical data (sign-ins, views, exports) or change accounts only.

    Never pass free text or tokens: only who, what, which record and the outcome.
    """
    if session.get_bind().dialect.name == "postgresql":
        # Writers take turns at the chain's end; SQLite's BEGIN IMMEDIATE already serializes.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})
    previous = session.scalars(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    event = AuditEvent(
        at=utc_now(), actor=actor[:80], action=action, target_type=target_type,
        target_id=str(target_id)[:80], outcome=outcome,
        detail=json.dumps(detail, sort_keys=True, default=str) if detail else "",
        prev_hash=previous or GENESIS,
    )
    event.hash = event.compute_hash()
    session.add(event)
    session.flush()
