"""Small factories that build a practice through the service layer, as the app does."""

from __future__ import annotations

from datetime import date, datetime, timezone

from dashboard import services
from dashboard.db import Database
from models import Partner

PASSWORD = "a-long-enough-test-phrase"


def create_clinician(db: Database, username: str = "robin", *, role: str = "clinician") -> str:
    """A clinician with the shared test password; returns the username."""
    services.add_clinician(db=db, username=username, name=username.title(), password=PASSWORD,
                           role=role)
    return username


def create_couple(
    db: Database, clinician: str, code: str = "C-001", *, leanings=("pursuer", "withdrawer")
) -> str:
    """A couple with partners Sam (A) and Alex (B); returns its code."""
    services.add_couple(
        db=db, clinician=clinician, code=code, display_name=f"Couple {code}",
        partner_a=services.NewPartner("Sam", leanings[0]),
        partner_b=services.NewPartner("Alex", leanings[1]),
    )
    return code


def add_check_in(
    db: Database, code: str, label: str, day: date, *, pursue: int = 5, withdraw: int = 5,
    anxiety: int = 5, closeness: int = 5, cycle_noticed: bool = False,
    repaired: bool | None = None, practised: tuple[str, ...] = (), reflection: str = "",
    hour: int = 20,
) -> None:
    """Store one check-in for partner A or B of the couple, bypassing the link page."""
    from sqlalchemy import select

    from models import Couple

    entry = services.CheckInInput(day=day, pursue=pursue, withdraw=withdraw, anxiety=anxiety,
                                  closeness=closeness, cycle_noticed=cycle_noticed,
                                  repaired=repaired, practised=practised, reflection=reflection)
    with db.write() as session:
        partner = session.scalars(
            select(Partner).join(Couple).where(Couple.code == code, Partner.label == label)
        ).one()
        submitted = datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)
        session.add(services.new_check_in(partner, entry, source="test", submitted_at=submitted))
