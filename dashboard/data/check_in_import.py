"""All-or-nothing import of check-ins from CSV in PRODUCT.md's columns (`csv_format`).

It reads the whole file, validates every row at once (vectorised with pandas) and writes
nothing unless every row is good; a row equal to a stored check-in (same partner, day and
values) is skipped, so importing the same file twice adds nothing the second time.
Reading and checking the rows is :mod:`check_in_rows`; this module plans and writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
from sqlalchemy import Text, insert, select, type_coerce
from sqlalchemy.orm import Session

from dashboard import exercise_library
from dashboard.csv_format import COLUMNS
from dashboard.data import queries
from dashboard.data.check_in_rows import (
    CoupleIds,
    ImportLimits,
    ImportRefused,
    decode_csv,
    read_rows,
    validate_rows,
)
from dashboard.data.database import Database
from dashboard.data.write import audit, record_change
from dashboard.vocabulary import SCORES
from models import CheckIn, Clinician, Couple, Partner
from models.crypto import decrypt

SOURCE = "import"
IMPORT_HOUR = 12  # imported rows are dated at noon UTC of their day (plus a second per repeat)
INSERT_BATCH = 5000


Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: the new rows (one per check-in) and the stored ones it skips."""

    rows: pd.DataFrame  # couple, partner, day, scores, cycle_noticed, repaired, practised, ...
    skipped: int

    @property
    def added(self) -> int:
        """How many check-ins the import adds."""
        return len(self.rows)

    def per_couple(self) -> dict[str, int]:
        """New check-ins per couple code, in code order."""
        return {str(k): int(v) for k, v in self.rows["couple"].value_counts().sort_index().items()}

    def preview(self, limit: int = 200) -> pd.DataFrame:
        """The first new check-ins in the CSV's columns, for a look before importing."""
        return self.rows.loc[:, list(COLUMNS)].head(limit)

    def summary(self) -> str:
        """The plan in one sentence."""
        if self.rows.empty:
            head = "No new check-ins"
        else:
            couples = ", ".join(f"{code} ({count})" for code, count in self.per_couple().items())
            head = (f"{self.added} new check-in{'s' if self.added != 1 else ''} for {couples}, "
                    f"from {self.rows['day'].min():%d %b %Y} to {self.rows['day'].max():%d %b %Y}")
        skipped = (f"; {self.skipped} row{'s' if self.skipped != 1 else ''} already stored "
                   f"{'are' if self.skipped != 1 else 'is'} skipped" if self.skipped else "")
        return head + skipped + "."


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: check-ins added per couple and rows skipped as already stored."""

    added: int
    skipped: int
    per_couple: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """The result in one sentence."""
        skipped = (f"; skipped {self.skipped} row{'s' if self.skipped != 1 else ''} already "
                   f"stored" if self.skipped else "")
        return f"Imported {self.added} check-in{'s' if self.added != 1 else ''}{skipped}."


def clinician_couples(session: Session, clinician: str) -> dict[str, CoupleIds]:
    """The clinician's couples by code (archived ones too), with partner ids."""
    queries.active_clinician(session, clinician)
    rows = session.execute(
        select(Couple.code, Couple.id, Partner.label, Partner.id)
        .join(Clinician, Couple.clinician_id == Clinician.id)
        .join(Partner, Partner.couple_id == Couple.id)
        .where(Clinician.username == clinician)
    ).all()
    found: dict[str, CoupleIds] = {}
    for code, couple_id, label, partner_id in rows:
        found.setdefault(code, CoupleIds(couple_id, {})).partners[label] = partner_id
    return found


_KEY = ("partner_id", "day", *SCORES, "cycle_noticed", "repaired", "practised")


def stored_duplicates(session: Session, rows: pd.DataFrame) -> np.ndarray:
    """Which rows equal a stored check-in: same partner, day and every value (reflection too)."""
    if rows.empty:
        return np.zeros(0, dtype=bool)
    reflection = type_coerce(CheckIn.__table__.c.reflection, Text())  # ciphertext, not decrypted
    stored = session.execute(
        select(CheckIn.partner_id, CheckIn.day, *(getattr(CheckIn, s) for s in SCORES),
               CheckIn.cycle_noticed, CheckIn.repaired, CheckIn.practised, reflection)
        .where(CheckIn.couple_id.in_([int(i) for i in rows["couple_id"].unique()]),
               CheckIn.day.between(rows["day"].min(), rows["day"].max()))
    ).all()
    if not stored:
        return np.zeros(len(rows), dtype=bool)
    incoming = list(zip(*(rows[c].tolist() for c in _KEY)))
    wanted = set(incoming)
    # Only rows that match on everything else need their reflection decrypted.
    full = {(*_normal(row[:-1]), decrypt(row[-1] or "")) for row in stored
            if _normal(row[:-1]) in wanted}
    return np.fromiter(((*key, text) in full for key, text
                        in zip(incoming, rows["reflection"].tolist())), dtype=bool,
                       count=len(rows))


def _normal(key) -> tuple:
    """A stored row's key with plain Python values, as the incoming rows have them."""
    partner_id, day, *scores, cycle, repaired, practised = key
    return (int(partner_id), day, *(None if s is None else int(s) for s in scores), bool(cycle),
            None if repaired is None else bool(repaired), practised or "")


def plan_import(
    session: Session, *, clinician: str, data: bytes, today: date,
    limits: ImportLimits = ImportLimits(), only_couple: str | None = None,
) -> ImportPlan:
    """Decode, read and validate the file against the clinician's couples; nothing is written."""
    rows, errors = read_rows(decode_csv(data, limits), limits)
    couples = clinician_couples(session, clinician)
    checked, problems = validate_rows(rows, couples=couples, exercise_ids=exercise_library.library(),
                                      today=today, only_couple=only_couple)
    if errors or problems:
        raise ImportRefused(sorted(errors + problems, key=lambda e: e.line))
    duplicate = stored_duplicates(session, checked)
    return ImportPlan(checked[~duplicate].reset_index(drop=True), int(duplicate.sum()))


def preview_import(
    *, db: Database, clinician: str, data: bytes, today: date,
    limits: ImportLimits = ImportLimits(), only_couple: str | None = None,
) -> ImportPlan:
    """What importing the file would add and skip; ImportRefused lists every bad row."""
    with db.read() as session:
        return plan_import(session, clinician=clinician, data=data, today=today, limits=limits,
                           only_couple=only_couple)


def import_check_ins(
    *, db: Database, clinician: str, data: bytes, today: date,
    limits: ImportLimits = ImportLimits(), only_couple: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the file into the clinician's couples in one transaction: every row or none."""
    report = progress or (lambda fraction, text: None)
    report(0.0, "Reading the file")
    with db.write() as session:
        plan = plan_import(session, clinician=clinician, data=data, today=today, limits=limits,
                           only_couple=only_couple)
        report(0.3, "Checked every row")
        connection = session.connection()
        total = len(plan.rows)
        for done, (statement, records) in _batches(session, plan.rows):
            connection.exec_driver_sql(statement, records)
            report(0.3 + 0.7 * done / total, f"Saved {done:,} of {total:,}")
        owner = queries.active_clinician(session, clinician).id
        for code, count in plan.per_couple().items():
            record_change(session, clinician_id=owner, actor=clinician,
                          action="checkins.import", target_type="couple", target_id=code,
                          added=count)
        if not total:
            audit(session, actor=clinician, action="checkins.import", added=0,
                  skipped=plan.skipped)
    report(1.0, "Done")
    return ImportResult(plan.added, plan.skipped, plan.per_couple())


def _batches(session: Session, rows: pd.DataFrame) -> Iterator[tuple[int, tuple[str, list]]]:
    """The rows INSERT_BATCH at a time as the driver takes them, with how many are done after
    each batch; converted batch by batch, so only one batch is ever held as Python objects."""
    # A partner's repeated rows of a day get a second more each: the last row of a day counts.
    repeat = rows.groupby(["partner_id", "day"], sort=False).cumcount().to_numpy()
    for start in range(0, len(rows), INSERT_BATCH):
        end = min(start + INSERT_BATCH, len(rows))
        yield end, _driver_rows(session, _columns(rows.iloc[start:end], repeat[start:end]))


def _columns(rows: pd.DataFrame, repeat) -> dict[str, list]:
    """The new check-ins column by column, each submitted at IMPORT_HOUR plus `repeat` seconds."""
    repeat = repeat.tolist()
    columns = {c: rows[c].tolist() for c in ("couple_id", "partner_id", "day", *SCORES,
                                              "cycle_noticed", "repaired", "practised",
                                              "reflection")}
    for c in ("couple_id", "partner_id"):
        columns[c] = [int(v) for v in columns[c]]
    for c in SCORES:
        columns[c] = [None if v is None else int(v) for v in columns[c]]
    columns["cycle_noticed"] = [bool(v) for v in columns["cycle_noticed"]]
    columns["source"] = [SOURCE] * len(rows)
    columns["submitted_at"] = [
        datetime(d.year, d.month, d.day, IMPORT_HOUR, tzinfo=timezone.utc) + timedelta(seconds=r)
        for d, r in zip(columns["day"], repeat)]
    return columns


def _driver_rows(session: Session, columns: dict[str, list]) -> tuple[str, list]:
    """The INSERT and its rows as the database driver takes them, for one executemany.

    Each column's own type converts the whole column in one pass (dates, UTC timestamps,
    encryption of reflections): what SQLAlchemy does row by row, at a fraction of the cost.
    """
    dialect = session.get_bind().dialect
    table = CheckIn.__table__
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    for name, values in columns.items():
        convert = table.c[name].type.bind_processor(dialect)
        if convert is not None:
            columns[name] = list(map(convert, values))
    if dialect.positional:
        return str(compiled), list(zip(*(columns[name] for name in compiled.positiontup)))
    names = list(columns)
    return str(compiled), [dict(zip(names, row)) for row in zip(*columns.values())]
