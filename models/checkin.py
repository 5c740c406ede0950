"""Partners' check-ins and the secret links that let them submit check-ins."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dashboard.vocabulary import SCORES
from models.base import Base, utc_now
from models.crypto import EncryptedText



class CheckIn(Base):
    """One partner's short report on one day."""

    __tablename__ = "check_ins"
    __table_args__ = (
        *(CheckConstraint(f"{s} BETWEEN 0 AND 10", name=f"{s}_range") for s in SCORES),
        CheckConstraint(
            "repaired IS NULL OR cycle_noticed", name="repaired_only_when_cycle"
        ),
        Index("ix_check_ins_partner_day", "partner_id", "day"),
        # A couple's rows in day order, what every metric and page reads; it also covers the
        # caseload's pairing query: see migrations 0004 and 0005 and caseload_queries.caseload_facts.
        Index("ix_check_ins_caseload", "couple_id", "day", "partner_id", "submitted_at",
              "pursue", "withdraw", postgresql_include=["id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # couple_id repeats partner.couple_id so that a couple's rows are read with one index.
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    day: Mapped[date]
    # Each score is NULL when the partner left it unanswered.
    pursue: Mapped[int | None]
    withdraw: Mapped[int | None]
    anxiety: Mapped[int | None]
    closeness: Mapped[int | None]
    cycle_noticed: Mapped[bool] = mapped_column(default=False)
    repaired: Mapped[bool | None]
    # Exercise ids practised that day, ';'-separated as in the CSV format.
    practised: Mapped[str] = mapped_column(String(1000), default="")
    reflection: Mapped[str] = mapped_column(EncryptedText, default="")
    source: Mapped[str] = mapped_column(String(16), default="link")
    submitted_at: Mapped[datetime] = mapped_column(default=utc_now)

    partner: Mapped["Partner"] = relationship()  # noqa: F821


class CheckInLink(Base):
    """A secret URL for one partner; only the token's hash is stored."""

    __tablename__ = "check_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("clinicians.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    partner: Mapped["Partner"] = relationship()  # noqa: F821
