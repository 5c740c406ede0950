"""What a partner sees of their own check-ins on their page: their last four weeks, nothing else.

The token is the partner's credential, checked again here; the rows are the partner's own
counted check-ins (their latest of each day), never the other partner's and never a reflection.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import select

from dashboard.data.database import Database
from dashboard.data.links import open_link
from dashboard.vocabulary import SCORES
from models import CheckIn, Couple, Partner

PROGRESS_DAYS = 28
COLUMNS = ("day", *SCORES)


def own_recent_days(*, db: Database, token: str, as_of: date, days: int = PROGRESS_DAYS,
                    now: datetime | None = None) -> pd.DataFrame | None:
    """The partner's own latest check-in of each of the last `days` days up to as_of (columns
    day and the four scores, NaN where unanswered), or None when the link does not work or the
    clinician has turned the partners' progress view off for this couple."""
    access = open_link(db=db, token=token, now=now)
    if access is None:
        return None
    with db.read() as session:
        shown = session.execute(
            select(Couple.partner_progress).join(Partner, Partner.couple_id == Couple.id)
            .where(Partner.id == access.partner_id)).scalar_one()
        if not shown:
            return None
        rows = session.execute(
            select(CheckIn.day, *(getattr(CheckIn, score) for score in SCORES))
            .where(CheckIn.partner_id == access.partner_id,
                   CheckIn.day.between(as_of - timedelta(days=days - 1), as_of))
            .order_by(CheckIn.day, CheckIn.submitted_at, CheckIn.id)
        ).all()
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    # The latest check-in of a day counts, as everywhere else.
    frame = frame.drop_duplicates("day", keep="last").reset_index(drop=True)
    for score in SCORES:
        frame[score] = pd.to_numeric(frame[score], errors="coerce").astype(float)
    return frame
