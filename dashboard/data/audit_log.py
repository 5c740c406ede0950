"""Reading and checking the audit trail: the admin's view, its CSV export, and verify-audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent
from models.audit import GENESIS

COLUMNS = ["id", "at", "actor", "action", "target_type", "target_id", "outcome", "detail"]


@dataclass(frozen=True)
class ChainProblem:
    """One place where the audit chain does not hold."""

    event_id: int
    reason: str


def verify_chain(session: Session, *, batch: int = 5000) -> list[ChainProblem]:
    """Every audit row whose hash or link to the row before it does not match."""
    problems: list[ChainProblem] = []
    previous = GENESIS
    last_id = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            return problems
        for row in rows:
            if row.prev_hash != previous:
                problems.append(ChainProblem(
                    row.id, "does not link to the row before it (a row was deleted or edited)"
                ))
            if row.hash != row.compute_hash():
                problems.append(ChainProblem(row.id, "its contents were changed after writing"))
            previous = row.hash
            last_id = row.id
        session.expunge_all()


def events(
    *, session: Session, admin: str, actor: str = "", action: str = "", since: datetime | None = None,
    until: datetime | None = None, limit: int = 5000,
) -> pd.DataFrame:
    """Audit events newest first, filtered by actor, action prefix and time (admin only)."""
    from dashboard.data.accounts import require_admin

    require_admin(session, admin)
    query = select(*(getattr(AuditEvent, c) for c in COLUMNS)).order_by(AuditEvent.id.desc())
    if actor:
        query = query.where(AuditEvent.actor == actor.strip().lower())
    if action:
        query = query.where(AuditEvent.action.startswith(action.strip()))
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    return pd.DataFrame(session.execute(query.limit(limit)).all(), columns=COLUMNS)
