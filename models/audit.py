"""The audit trail: who did what to which record, when, with which outcome; hash-chained."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utc_now

GENESIS = "0" * 64


class AuditEvent(Base):
    """One audited action; never holds note or reflection text, never a token.

    Each row stores the hash of the row before it and its own hash over its fields and that
    previous hash, so an edited or deleted row breaks the chain (`verify-audit` finds it).
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        # Sign-in lockout counts recent failures per username.
        Index("ix_audit_events_action_target_at", "action", "target_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(80), default="")
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)
    hash: Mapped[str] = mapped_column(String(64), default="")

    def compute_hash(self) -> str:
        """SHA-256 over the row's fields and the previous row's hash."""
        fields = (self.at.isoformat(timespec="microseconds"), self.actor, self.action,
                  self.target_type, self.target_id, self.outcome, self.detail, self.prev_hash)
        return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()
