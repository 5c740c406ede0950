"""Clinician accounts: who logs in, with which role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utc_now

ROLES = ("clinician", "admin")


class Clinician(Base):
    """A therapist (or admin) account; owns couples."""

    __tablename__ = "clinicians"
    __table_args__ = (
        CheckConstraint("role IN ('clinician', 'admin')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="clinician")
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Login cookies issued before this moment are refused (logout, disable, reset).
    sessions_valid_after: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # Raised by every write to the clinician's couples (write.record_change): the pages' caches are
    # keyed by it, so every app process shows a change on its next page run.
    data_version: Mapped[int] = mapped_column(default=0, server_default="0")

    couples: Mapped[list["Couple"]] = relationship(back_populates="clinician")  # noqa: F821
