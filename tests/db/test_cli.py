"""`python -m dashboard`: every command works, and bad input exits non-zero with one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from factories import PASSWORD, create_clinician, create_couple
from factories import run_command as run
from sqlalchemy import func, select

from dashboard.settings import PROJECT_ROOT
from models import Clinician, Couple, TherapySession


def count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_help_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "dashboard", "--help"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, check=True)
    for name in ("init", "demo", "add-clinician", "add-couple", "add-session", "list-couples"):
        assert name in result.stdout


@pytest.mark.parametrize("name", ["init", "demo", "add-clinician", "add-couple", "add-session",
                                  "list-couples"])
def test_each_command_has_help(capsys, name):
    code, out, _ = run(capsys, name, "--help")
    assert code == 0 and "usage: python -m dashboard " + name in out


def test_init_creates_database_and_secrets(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{tmp_path / 'new' / 'x.db'}")
    monkeypatch.setenv("DASHBOARD_SECRETS", str(tmp_path / "secrets.toml"))
    code, out, _ = run(capsys, "init")
    assert code == 0 and "Database ready" in out and "Created" in out
    assert (tmp_path / "new" / "x.db").exists() and (tmp_path / "secrets.toml").exists()
    code, out, _ = run(capsys, "init")
    assert code == 0 and "Created" not in out


def test_add_clinician_reads_password_from_environment(db, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_PASSWORD", PASSWORD)
    code, out, _ = run(capsys, "add-clinician", "jo", "--name", "Jo Lee")
    assert code == 0 and "Added clinician jo" in out
    with db.read() as session:
        stored = session.scalars(select(Clinician)).one()
    assert stored.name == "Jo Lee" and stored.password_hash.startswith("$2")
    assert PASSWORD not in stored.password_hash


def test_add_clinician_without_password_source_refuses(db, capsys, monkeypatch):
    monkeypatch.delenv("DASHBOARD_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    code, _, err = run(capsys, "add-clinician", "jo")
    assert code == 2 and "DASHBOARD_PASSWORD" in err
    assert count(db, Clinician) == 0


@pytest.mark.parametrize(
    "argv, password, reason",
    [
        (["add-clinician", "jo"], "short", "at least 12 characters"),
        (["add-clinician", "jo"], "password1234", "too common"),
        (["add-clinician", "jo"], "x" * 73, "at most 72 bytes"),
        (["add-clinician", "Jo Lee"], PASSWORD, "username must be"),
    ],
)
def test_add_clinician_bad_input_writes_nothing(db, capsys, monkeypatch, argv, password, reason):
    monkeypatch.setenv("DASHBOARD_PASSWORD", password)
    code, out, err = run(capsys, *argv)
    assert code == 2 and reason in err and err.count("\n") == 1 and out == ""
    assert count(db, Clinician) == 0


def test_add_clinician_twice_refuses_the_second(db, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_PASSWORD", PASSWORD)
    assert run(capsys, "add-clinician", "jo")[0] == 0
    code, _, err = run(capsys, "add-clinician", "jo")
    assert code == 2 and "already taken" in err and count(db, Clinician) == 1


def test_add_couple_and_list(db, capsys):
    create_clinician(db, "jo")
    code, out, _ = run(capsys, "add-couple", "--clinician", "jo", "--code", "c-014",
                       "--partner-a", "Sam", "--partner-b", "Alex", "--leaning-a", "pursuer")
    assert code == 0 and "C-014" in out
    code, out, _ = run(capsys, "list-couples", "--clinician", "jo")
    assert code == 0 and "C-014" in out and "Sam & Alex" in out


@pytest.mark.parametrize(
    "argv, reason",
    [
        (["--clinician", "nobody", "--code", "C-2"], "unknown clinician 'nobody'"),
        (["--clinician", "jo", "--code", "C-001"], "already in use"),
        (["--clinician", "jo", "--code", "bad code!"], "code must be"),
    ],
)
def test_add_couple_bad_input_writes_nothing(db, capsys, argv, reason):
    create_couple(db, create_clinician(db, "jo"))
    code, _, err = run(capsys, "add-couple", *argv, "--partner-a", "A", "--partner-b", "B")
    assert code == 2 and reason in err
    assert count(db, Couple) == 1


def test_add_session_records_it(db, capsys):
    create_couple(db, create_clinician(db, "jo"))
    code, out, _ = run(capsys, "add-session", "--clinician", "jo", "--couple", "C-001",
                       "--day", "2026-01-05", "--focus", "first session")
    assert code == 0 and "2026-01-05" in out
    assert count(db, TherapySession) == 1


@pytest.mark.parametrize(
    "argv, reason",
    [
        (["--day", "2026-13-01"], "not a date"),
        (["--day", "2999-01-01"], "in the future"),
    ],
)
def test_add_session_bad_day_writes_nothing(db, capsys, argv, reason):
    create_couple(db, create_clinician(db, "jo"))
    code, _, err = run(capsys, "add-session", "--clinician", "jo", "--couple", "C-001", *argv)
    assert code == 2 and reason in err
    assert count(db, TherapySession) == 0


def test_commands_see_only_the_clinicians_own_couples(db, capsys):
    create_couple(db, create_clinician(db, "jo"))
    create_clinician(db, "kim")
    code, _, err = run(capsys, "add-session", "--clinician", "kim", "--couple", "C-001",
                       "--day", "2026-01-05")
    assert code == 2 and "couple 'C-001' not found" in err
    code, out, _ = run(capsys, "list-couples", "--clinician", "kim")
    assert code == 0 and "C-001" not in out


def test_commands_refuse_an_unmigrated_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DB_URL", f"sqlite:///{tmp_path / 'blank.db'}")
    code, _, err = run(capsys, "list-couples", "--clinician", "jo")
    assert code == 2 and "python -m dashboard init" in err


def test_argument_errors_are_one_line(capsys):
    code, out, err = run(capsys, "add-session", "--clinician", "jo", "--couple", "C-1",
                         "--day", "someday")
    assert code == 2 and out == "" and err.count("\n") == 1 and "not a date" in err


def test_metrics_json_has_the_documented_shape(db, capsys):
    import json
    from datetime import date

    from factories import add_check_in

    create_couple(db, create_clinician(db, "jo"))
    for offset, (a, b) in enumerate([((8, 1), (1, 8)), ((6, 2), (2, 6)), ((5, 5), (5, 5))]):
        add_check_in(db, "C-001", "A", date(2026, 3, 1 + offset), pursue=a[0], withdraw=a[1])
        add_check_in(db, "C-001", "B", date(2026, 3, 1 + offset), pursue=b[0], withdraw=b[1])
    run(capsys, "add-session", "--clinician", "jo", "--couple", "C-001", "--day", "2026-03-03")
    code, out, _ = run(capsys, "metrics", "--clinician", "jo", "--couple", "c-001", "--json",
                       "--as-of", "2026-03-04")
    assert code == 0
    found = json.loads(out)
    assert found["couple"] == "C-001"
    baseline, since = found["intervals"]
    assert (baseline["index"], baseline["start"], baseline["end"]) == (0, "2026-03-01", "2026-03-03")
    assert (since["start"], since["end"]) == ("2026-03-03", None)
    # Baseline stances: A +7, +4; B -7, -4 -> |diff|/2 = 7, 4 -> mean 5.5.
    assert baseline["polarization"] == 5.5
    # cycle intensity: max(min(8, 8), min(1, 1)) = 8; max(min(6, 6), min(2, 2)) = 6 -> 7.
    assert baseline["cycle_intensity"] == 7.0
    assert baseline["paired_days"] == 2 and baseline["coverage"] == 1.0
    assert baseline["changes"] is None
    assert since["polarization"] == 0.0 and since["coverage"] == 0.5
    assert since["changes"]["polarization"] == {"from": 5.5, "to": 0.0, "change": -5.5,
                                                "reliable": None, "low": None, "high": None}
    assert found["autocorrelation"] == 0.0  # two paired days: no consecutive pair to pool
    assert set(since["partners"]["A"]) == {"days", "pursue", "withdraw", "anxiety", "closeness",
                                           "stance", "cycle_days", "repair_rate", "practice_rate"}


def test_metrics_refuses_another_clinicians_couple(db, capsys):
    create_couple(db, create_clinician(db, "jo"))
    create_clinician(db, "kim")
    code, out, err = run(capsys, "metrics", "--clinician", "kim", "--couple", "C-001", "--json")
    assert code == 2 and out == "" and "couple 'C-001' not found" in err
