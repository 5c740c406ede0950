"""Security and reliability: lockout, sessions, audit chain, encryption at rest, backups, load."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import create_clinician, create_couple
from sqlalchemy import func, select, text, update

from dashboard import validation
from dashboard.cli import main
from dashboard.data import accounts, backup, credentials, services
from dashboard.data.audit_log import verify_chain
from dashboard.data.database import Database
from models import AuditEvent, CheckIn, TherapySession

MARKERS = ("MARKER-REFLECTION-7f3a9c", "MARKER-NOTE-51be02")


def count(db, model, *where) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_lockout_decays_by_itself_and_success_resets_it(db):
    create_clinician(db, "jo")
    for _ in range(5):
        credentials.record_login(db=db, username="jo", outcome="failed")
    now = datetime.now(timezone.utc)
    with db.read() as session:
        assert credentials.locked_out(session, "jo", attempts=5, minutes=15, now=now)
        assert not credentials.locked_out(session, "jo", attempts=5, minutes=15,
                                   now=now + timedelta(minutes=16))
    credentials.record_login(db=db, username="jo", outcome="ok")
    with db.read() as session:
        assert not credentials.locked_out(session, "jo", attempts=5, minutes=15)


def test_ended_sessions_refuse_older_sign_ins(db):
    create_clinician(db, "jo")
    signed_in_at = datetime.now(timezone.utc) - timedelta(minutes=5)
    with db.read() as session:
        assert credentials.session_still_valid(session, "jo", signed_in_at)
    credentials.end_sessions(db=db, username="jo")
    with db.read() as session:
        assert not credentials.session_still_valid(session, "jo", signed_in_at)


def test_only_admins_reach_admin_functions(db):
    create_clinician(db, "jo")
    create_clinician(db, "kim")
    from dashboard.errors import NotFound

    with pytest.raises(NotFound):
        accounts.reset_password(db=db, admin="jo", username="kim")
    with pytest.raises(NotFound), db.read() as session:
        accounts.accounts(session=session, admin="jo")


def _audited_practice(db):
    create_couple(db, create_clinician(db, "jo"))
    services.add_session(db=db, clinician="jo", code="C-001", day=date(2026, 3, 1),
                         notes=MARKERS[1])
    services.add_check_in(db=db, clinician="jo", code="C-001", partner="A",
                          entry=validation.CheckInInput(date(2026, 3, 2), 5, 5, 5, 5, False,
                                                      reflection=MARKERS[0]),
                          today=date(2026, 3, 3))


def test_audit_chain_holds_and_never_holds_free_text(db, capsys):
    _audited_practice(db)
    with db.read() as session:
        assert verify_chain(session) == []
        details = " ".join(session.scalars(select(AuditEvent.detail)))
    assert all(marker not in details for marker in MARKERS)
    assert main(["verify-audit"]) == 0
    assert "intact" in capsys.readouterr().out


@pytest.mark.parametrize("tamper", ["edit", "delete"])
def test_verify_audit_finds_an_edited_or_deleted_row(db, capsys, tamper):
    _audited_practice(db)
    with db.write() as session:
        second = session.scalars(select(AuditEvent.id).order_by(AuditEvent.id).offset(1)).first()
        if tamper == "edit":
            session.execute(update(AuditEvent).where(AuditEvent.id == second)
                            .values(outcome="denied"))
        else:
            session.execute(text("DELETE FROM audit_events WHERE id = :i"), {"i": second})
    assert main(["verify-audit"]) == 1
    out = capsys.readouterr().out
    reason = "were changed" if tamper == "edit" else "does not link"
    assert reason in out


def _sqlite_files(db: Database) -> list[Path]:
    path = Path(db.engine.url.database)
    return [p for p in (path, Path(f"{path}-wal")) if p.exists()]


def test_reflections_and_notes_are_encrypted_in_the_file_wal_and_backup(db, tmp_path):
    if not db.is_sqlite:
        pytest.skip("reads SQLite's files; PostgreSQL stores the same ciphertext")
    _audited_practice(db)
    with db.read() as session:  # the app still reads plain text
        assert session.scalars(select(CheckIn.reflection)).one() == MARKERS[0]
        assert session.scalars(select(TherapySession.notes)).one() == MARKERS[1]
    copy = backup.backup(db, tmp_path / "backup.db")
    for path in [*_sqlite_files(db), copy]:
        raw = path.read_bytes()
        assert all(marker.encode() not in raw for marker in MARKERS), path


def test_stored_text_is_ciphertext_on_every_backend(db):
    _audited_practice(db)
    with db.read() as session:
        stored = session.execute(text("SELECT reflection FROM check_ins")).scalar()
    assert stored.startswith("enc1:") and MARKERS[0] not in stored


def test_rotate_keys_re_encrypts_and_old_keys_can_go(db, tmp_path, monkeypatch, capsys):
    from dashboard import settings

    secrets = tmp_path / "rotate-secrets.toml"
    secrets.write_text(Path(settings.load_settings().secrets_path).read_text())
    monkeypatch.setenv("DASHBOARD_SECRETS", str(secrets))
    _audited_practice(db)
    with db.read() as session:
        before = session.execute(text("SELECT reflection FROM check_ins")).scalar()
    assert main(["rotate-keys", "--drop-old"]) == 0
    assert "Re-encrypted 2 texts" in capsys.readouterr().out
    with db.read() as session:
        after = session.execute(text("SELECT reflection FROM check_ins")).scalar()
        assert after != before
        assert session.scalars(select(CheckIn.reflection)).one() == MARKERS[0]
    assert secrets.read_text().count("=") >= 2


def _writer(url: str, stop: threading.Event, counter: list[int]) -> None:
    db = Database.from_url(url)
    day = date(2026, 1, 1)
    while not stop.is_set():
        services.add_check_in(db=db, clinician="jo", code="C-001", partner="A",
                              entry=validation.CheckInInput(day, 5, 5, 5, 5, False),
                              today=date(2027, 1, 1))
        counter[0] += 1
    db.dispose()


def test_backup_during_writes_restores_consistently(db, tmp_path, capsys):
    if not db.is_sqlite:
        pytest.skip("PostgreSQL backups use pg_dump (docs/security.md)")
    create_couple(db, create_clinician(db, "jo"))
    stop, counter = threading.Event(), [0]
    writer = threading.Thread(target=_writer, args=(str(db.engine.url), stop, counter))
    writer.start()
    while counter[0] < 20:
        threading.Event().wait(0.01)
    assert main(["backup", str(tmp_path / "drill.db")]) == 0
    stop.set()
    writer.join()
    assert backup.integrity_problems(tmp_path / "drill.db") == []
    copy = Database.from_url(f"sqlite:///{tmp_path / 'drill.db'}")
    backed_up = count(copy, CheckIn)
    copy.dispose()
    assert 20 <= backed_up <= counter[0]
    assert count(db, CheckIn) == counter[0]
    assert main(["restore", str(tmp_path / "drill.db"), "--yes"]) == 0
    assert count(db, CheckIn) == backed_up
    with db.read() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert verify_chain(session) == []


def test_restore_refuses_a_damaged_backup(db, tmp_path, capsys):
    if not db.is_sqlite:
        pytest.skip("SQLite restore")
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096)
    assert main(["restore", str(damaged), "--yes"]) == 2
    assert "integrity check" in capsys.readouterr().err


WRITERS, PER_WRITER = 8, 250


def _submit_many(url: str, writer: int, secrets: str) -> int:
    import os

    from dashboard import startup

    os.environ["DASHBOARD_SECRETS"] = secrets
    startup.configure()  # a spawned process starts like any entry point
    db = Database.from_url(url)
    errors = 0
    for n in range(PER_WRITER):
        try:
            services.add_check_in(
                db=db, clinician="jo", code="C-001", partner="AB"[writer % 2],
                entry=validation.CheckInInput(date(2026, 1, 1) + timedelta(days=n % 300),
                                            n % 11, writer, 5, 5, False,
                                            reflection=f"writer {writer} note {n}"),
                today=date(2027, 1, 1))
        except Exception:  # noqa: BLE001 - counted, the test fails on any
            errors += 1
    db.dispose()
    return errors


def test_eight_writer_processes_lose_nothing(db):
    import os

    create_couple(db, create_clinician(db, "jo"))
    context = multiprocessing.get_context("spawn")
    with context.Pool(WRITERS) as pool:
        errors = pool.starmap(
            _submit_many,
            [(str(db.engine.url.render_as_string(hide_password=False)), w,
              os.environ["DASHBOARD_SECRETS"]) for w in range(WRITERS)],
        )
    assert errors == [0] * WRITERS
    assert count(db, CheckIn) == WRITERS * PER_WRITER
    with db.read() as session:
        assert verify_chain(session) == []


def test_postgresql_backup_and_restore_with_its_own_tools(db, tmp_path, capsys):
    import shutil

    if db.is_sqlite:
        pytest.skip("the PostgreSQL route")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore are not installed")
    _audited_practice(db)
    assert main(["backup", str(tmp_path / "practice.dump")]) == 0
    services.add_session(db=db, clinician="jo", code="C-001", day=date(2026, 3, 2))
    assert count(db, TherapySession) == 2
    db.dispose()
    assert main(["restore", str(tmp_path / "practice.dump"), "--yes"]) == 0
    assert count(db, TherapySession) == 1
    with db.read() as session:
        assert session.scalars(select(CheckIn.reflection)).one() == MARKERS[0]
        assert verify_chain(session) == []
