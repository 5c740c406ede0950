"""A couple's check-ins as a CSV file in PRODUCT.md's columns, every cell formula-safe."""

from __future__ import annotations

import pandas as pd

from dashboard.csv_format import COLUMNS, escaped_column
from dashboard.data import queries
from dashboard.data.database import Database
from dashboard.data.write import audit
from dashboard.vocabulary import SCORES


def check_ins_csv(code: str, check_ins: pd.DataFrame, *, include_reflections: bool) -> str:
    """One couple's check-ins (queries.check_ins_frame columns) as CSV in PRODUCT.md's columns."""
    # By day and partner; a partner's check-ins of one day stay in the order they were sent.
    rows = check_ins.sort_values(["day", "partner"], kind="stable")
    words = {True: "yes", False: "no"}
    table = pd.DataFrame({
        "couple": code, "partner": rows["partner"].astype("str"),
        "day": [day.isoformat() for day in rows["day"]],
        # An unanswered score stays empty.
        **{score: rows[score].astype("Int64").astype("str").replace("<NA>", "")
           for score in SCORES},
        "cycle_noticed": rows["cycle_noticed"].map(words),
        "repaired": [words.get(v, "") if v is not None and not pd.isna(v) else ""
                     for v in rows["repaired"]],
        "practised": [";".join(ids) for ids in rows["practised"]],
        "reflection": (rows["reflection"].fillna("") if include_reflections
                       and "reflection" in rows else ""),
    }, columns=list(COLUMNS)).astype("str")
    # Only free text can start with a formula sign, but every cell gets the same rule.
    table = table.apply(escaped_column)
    return table.to_csv(index=False, lineterminator="\n")


def export_check_ins(*, db: Database, clinician: str, code: str,
                     include_reflections: bool = False) -> str:
    """The couple's check-ins as CSV for the clinician (NotFound for anyone else's); audited."""
    with db.write() as session:
        queries.active_clinician(session, clinician)
        couple = queries.couple_view(session=session, clinician=clinician, code=code)
        frame = queries.check_ins_frame(session=session, clinician=clinician, code=code,
                                        include_reflections=include_reflections)
        audit(session, actor=clinician, action="checkins.export", target_type="couple",
              target_id=couple.code, rows=len(frame), reflections=include_reflections)
    return check_ins_csv(couple.code, frame, include_reflections=include_reflections)
