"""The couple aggregate: a couple, its two partners, sessions and assignments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utc_now
from models.crypto import EncryptedText



class Couple(Base):
    """A client unit of two partners, shown by a pseudonymous code."""

    __tablename__ = "couples"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("clinicians.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # Whether the partners see their own last four weeks under the check-in form.
    partner_progress: Mapped[bool] = mapped_column(default=True, server_default=sa_true())

    clinician: Mapped["Clinician"] = relationship(back_populates="couples")  # noqa: F821
    partners: Mapped[list[Partner]] = relationship(
        back_populates="couple", order_by="Partner.label"
    )
    sessions: Mapped[list[TherapySession]] = relationship(
        back_populates="couple", order_by="TherapySession.day"
    )
    assignments: Mapped[list[Assignment]] = relationship(back_populates="couple")


class Partner(Base):
    """One member of a couple: label A or B, a display name and a leaning."""

    __tablename__ = "partners"
    __table_args__ = (
        UniqueConstraint("couple_id", "label", name="uq_partners_couple_label"),
        CheckConstraint("label IN ('A', 'B')", name="label_a_or_b"),
        CheckConstraint(
            "leaning IN ('pursuer', 'withdrawer', 'mixed', 'unknown')", name="leaning_known"
        ),
        CheckConstraint("language IN ('en', 'de', 'es', 'fr')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"))
    label: Mapped[str] = mapped_column(String(1))
    display_name: Mapped[str] = mapped_column(String(120))
    leaning: Mapped[str] = mapped_column(String(16), default="unknown")
    # The language of the partner's check-in page and reminder (dashboard.vocabulary.LANGUAGES).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")

    couple: Mapped[Couple] = relationship(back_populates="partners")


class TherapySession(Base):
    """A therapy session with the couple: its day, focus and private notes."""

    __tablename__ = "therapy_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"), index=True)
    day: Mapped[date]
    focus: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(EncryptedText, default="")
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    couple: Mapped[Couple] = relationship(back_populates="sessions")


class Assignment(Base):
    """An exercise given to a couple, or to one partner of it (partner_id set)."""

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("per_week BETWEEN 1 AND 7", name="per_week_range"),
        CheckConstraint("due_day IS NULL OR due_day >= start_day", name="due_after_start"),
        Index("ix_assignments_couple", "couple_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    exercise_id: Mapped[str] = mapped_column(String(80))
    start_day: Mapped[date]
    per_week: Mapped[int] = mapped_column(default=7)
    due_day: Mapped[date | None]
    ended_on: Mapped[date | None]
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    couple: Mapped[Couple] = relationship(back_populates="assignments")
    partner: Mapped[Partner | None] = relationship()
