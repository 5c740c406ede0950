"""Writing a scale practice into the database fast: bulk inserts in chunks, encrypted texts,
and the plan recorded so the benchmark can tell what was loaded."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone

import numpy as np
import pandas as pd
from sqlalchemy import Connection, func, insert, select, text

from dashboard.data.database import Database
from dashboard.errors import InvalidInput
from dashboard.sample_data.scale import (
    CHUNK_ROWS,
    GENERATE_ACTION,
    SCALE_PASSWORD,
    ScalePlan,
    build_practice,
    username,
)
from models import Assignment, AuditEvent, Clinician, Couple, Partner, TherapySession, crypto


def recorded_plan(db: Database) -> ScalePlan | None:
    """The plan of the scale practice loaded into this database, or None."""
    with db.read() as session:
        detail = session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == GENERATE_ACTION)
            .order_by(AuditEvent.id.desc()).limit(1)
        ).first()
    if not detail:
        return None
    stored = json.loads(detail)
    return ScalePlan(clinicians=int(stored["clinicians"]), couples=int(stored["couples"]),
                     days=int(stored["days"]), seed=int(stored["seed"]),
                     end=date.fromisoformat(stored["end"]))


def load_practice(*, db: Database, plan: ScalePlan, progress=None) -> dict[str, int]:
    """Generate the practice and write it to the database; returns rows written per table."""
    from dashboard.data.passwords import hash_password
    from dashboard.data.write import audit

    say = progress or (lambda message: None)
    with db.read() as session:
        taken = session.scalar(select(func.count()).select_from(Clinician).where(
            Clinician.username.like("scale-%")))
    if taken:
        raise InvalidInput("this database already holds a scale practice; use an empty one",
                           field="database")
    say("drawing the practice")
    practice = build_practice(plan)
    couples, sessions, assignments, check_ins = (
        practice.couples, practice.sessions, practice.assignments, practice.check_ins)
    password_hash = hash_password(SCALE_PASSWORD)  # bcrypt once; every clinician shares it
    now = datetime.now(timezone.utc)
    counts = {}
    with db.write() as session:
        connection = session.connection()
        base = {model: (session.scalar(select(func.max(model.id))) or 0)
                for model in (Clinician, Couple, Partner)}
        clinician_ids = base[Clinician] + np.arange(1, plan.clinicians + 1)
        couple_ids = base[Couple] + np.arange(1, len(couples) + 1)
        # Partners A and B of couple i get ids base + 2i + 1 and base + 2i + 2.
        partner_ids = base[Partner] + 1 + 2 * np.arange(len(couples))[:, None] + np.arange(2)
        say("writing clinicians, couples, sessions and assignments")
        _insert(session, Clinician, [
            {"id": int(i), "username": username(n), "name": f"Scale Clinician {n}",
             "password_hash": password_hash, "role": "clinician", "active": True,
             "must_change_password": False, "created_at": now}
            for n, i in enumerate(clinician_ids, start=1)])
        _insert(session, Couple, [
            {"id": int(couple_ids[k]), "clinician_id": int(clinician_ids[row.clinician - 1]),
             "code": row.code, "display_name": row.display_name, "created_at": now}
            for k, row in enumerate(couples.itertuples(index=False))])
        _insert(session, Partner, [
            {"id": int(partner_ids[k, side]), "couple_id": int(couple_ids[k]), "label": label,
             "display_name": getattr(row, f"name_{label.lower()}"),
             "leaning": getattr(row, f"leaning_{label.lower()}")}
            for k, row in enumerate(couples.itertuples(index=False))
            for side, label in enumerate("AB")])
        _insert(session, TherapySession, [
            {"couple_id": int(couple_ids[row.couple]), "day": row.day,
             "focus": row.focus, "notes": row.notes, "created_at": now}
            for row in sessions.itertuples(index=False)])
        _insert(session, Assignment, [
            {"couple_id": int(couple_ids[row.couple]),
             "partner_id": None if pd.isna(row.partner)
             else int(partner_ids[row.couple, "AB".index(row.partner)]),
             "exercise_id": row.exercise_id, "start_day": row.start, "per_week": row.per_week,
             "due_day": None, "ended_on": row.ended_on, "created_at": now}
            for row in assignments.itertuples(index=False)])
        say(f"writing {len(check_ins):,} check-ins")
        _write_check_ins(connection, check_ins, couple_ids, partner_ids)
        if connection.dialect.name == "postgresql":
            for model in (Clinician, Couple, Partner):
                table = model.__tablename__
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"))
        counts = {"clinicians": plan.clinicians, "couples": len(couples),
                  "sessions": len(sessions), "assignments": len(assignments),
                  "check_ins": len(check_ins)}
        audit(session, actor="cli", action=GENERATE_ACTION, target_type="practice",
              **plan.as_json(), **{f"rows_{k}": v for k, v in counts.items()})
    say("updating the planner's statistics")
    if db.is_sqlite:
        with db.engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
    else:
        # VACUUM also marks the new pages all-visible, which index-only scans need; it cannot
        # run inside a transaction.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE) check_ins"))
            connection.execute(text("ANALYZE"))
    return counts


def _insert(session, model, rows: list[dict]) -> None:
    """One executemany of the rows (none at all for an empty list: not one row of defaults)."""
    if rows:
        session.execute(insert(model), rows)


CHECK_IN_TABLE_COLUMNS = ("couple_id", "partner_id", "day", "pursue", "withdraw", "anxiety",
                          "closeness", "cycle_noticed", "repaired", "practised", "reflection",
                          "source", "submitted_at")


def _write_check_ins(connection: Connection, check_ins: pd.DataFrame, couple_ids: np.ndarray,
                     partner_ids: np.ndarray) -> None:
    """Bulk-write check-ins: COPY on PostgreSQL, one executemany per chunk on SQLite."""
    rows = _check_in_rows(check_ins, couple_ids, partner_ids)
    columns = ", ".join(CHECK_IN_TABLE_COLUMNS)
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(
                f"COPY check_ins ({columns}) FROM STDIN") as copy:
            for chunk in rows:
                for row in chunk:
                    copy.write_row(row)
        return
    marks = ", ".join("?" for _ in CHECK_IN_TABLE_COLUMNS)
    cursor = raw.cursor()
    for chunk in rows:
        cursor.executemany(f"INSERT INTO check_ins ({columns}) VALUES ({marks})", chunk)
    cursor.close()


def _check_in_rows(check_ins: pd.DataFrame, couple_ids, partner_ids) -> Iterator[list[tuple]]:
    """Rows in the table's storage format (ISO text dates, naive UTC times), chunk by chunk."""
    for start in range(0, len(check_ins), CHUNK_ROWS):
        chunk = check_ins.iloc[start:start + CHUNK_ROWS]
        couple = chunk["couple"].to_numpy()
        side = (chunk["partner"].to_numpy() == "B").astype(int)
        repaired = chunk["repaired"].to_numpy(dtype=object, na_value=None)
        reflection = [crypto.encrypt(note) if note else "" for note in chunk["reflection"]]
        submitted = np.datetime_as_string(chunk["submitted_at"].to_numpy().astype(
            "datetime64[us]"), unit="us")
        yield list(zip(
            couple_ids[couple].tolist(), partner_ids[couple, side].tolist(),
            np.datetime_as_string(chunk["day"].to_numpy(), unit="D").tolist(),
            *(chunk[score].to_numpy().tolist()
              for score in ("pursue", "withdraw", "anxiety", "closeness")),
            chunk["cycle_noticed"].to_numpy().tolist(),
            [None if value is None else bool(value) for value in repaired],
            chunk["practised"].tolist(), reflection, chunk["source"].tolist(),
            [stamp.replace("T", " ") for stamp in submitted],
        ))


def describe(counts: dict[str, int]) -> Iterable[str]:
    """Lines for the command's output."""
    return (f"{table.replace('_', '-')}: {count:,}" for table, count in counts.items())
