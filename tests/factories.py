"""Small factories that build a practice through the service layer, as the app does."""

from __future__ import annotations

from datetime import date, datetime, timezone

from dashboard import validation
from dashboard.data import services
from dashboard.data.database import Database
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

    entry = validation.CheckInInput(day=day, pursue=pursue, withdraw=withdraw, anxiety=anxiety,
                                  closeness=closeness, cycle_noticed=cycle_noticed,
                                  repaired=repaired, practised=practised, reflection=reflection)
    with db.write() as session:
        partner = session.scalars(
            select(Partner).join(Couple).where(Couple.code == code, Partner.label == label)
        ).one()
        submitted = datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)
        session.add(services.new_check_in(partner, entry, source="test", submitted_at=submitted))


def robin_and_kim(db: Database) -> Database:
    """Clinician robin with couple C-001 (Sam Rivers = A, Alex = B); kim owns K-001."""
    from sqlalchemy import select

    from models import Couple

    create_couple(db, create_clinician(db, "robin"), "C-001")
    create_couple(db, create_clinician(db, "kim"), "K-001")
    with db.write() as session:
        sam = session.scalars(select(Partner).join(Couple).where(
            Couple.code == "C-001", Partner.label == "A")).one()
        sam.display_name = "Sam Rivers"
    return db


def run_command(capsys, *argv: str) -> tuple[int, str, str]:
    """`python -m dashboard ARGV...` in this process: exit code, stdout and stderr."""
    from dashboard.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
