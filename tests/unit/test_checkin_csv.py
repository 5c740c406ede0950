"""Check-in CSV: export escaping, validation of every row, all-or-nothing import, round trips."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from factories import create_clinician, create_couple
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from dashboard import csv_format
from dashboard.data import check_in_import, check_in_rows, migrate
from dashboard.data.check_in_rows import ImportLimits
from dashboard.data.database import Database
from models import CheckIn

FIXTURES = Path(__file__).parents[1] / "fixtures" / "csv"


TODAY = date(2025, 6, 1)


HEADER = ",".join(csv_format.COLUMNS)


def count(db, *where) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(CheckIn).where(*where))


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    """A small CSV file (UTF-8) from row strings."""
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def do_import(db, data: bytes, clinician: str = "robin", **options):
    return check_in_import.import_check_ins(db=db, clinician=clinician, data=data, today=TODAY,
                                        **options)


@pytest.fixture
def couple(db) -> str:
    """Clinician robin's couple C-001 (Sam is A, Alex is B)."""
    return create_couple(db, create_clinician(db), "C-001")


@pytest.fixture
def other_db(db, request, tmp_path) -> Database:
    """A second empty, migrated database on the same backend as `db`."""
    if db.is_sqlite:
        path = tmp_path / "other.db"
        shutil.copy(request.getfixturevalue("migrated_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres").create()
    database = Database.from_url(url)
    if not db.is_sqlite:
        migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.mark.parametrize("text, escaped", [
    ("=1+1", "'=1+1"),
    ("+44 7700", "'+44 7700"),
    ("-3 felt low", "'-3 felt low"),
    ("@home", "'@home"),
    ("'=already quoted", "''=already quoted"),
    ("''-two", "'''-two"),
    ("'tis fine", "'tis fine"),
    ("a = b", "a = b"),
    ("", ""),
    ("5", "5"),
])
def test_formula_cells_get_one_apostrophe_and_lose_exactly_that_one(text, escaped):
    assert csv_format.escape_cell(text) == escaped
    assert csv_format.unescape_cell(escaped) == text


@given(st.text())
def test_unescape_undoes_escape_for_any_text(text):
    escaped = csv_format.escape_cell(text)
    assert csv_format.unescape_cell(escaped) == text
    assert not escaped[:1] in ("=", "+", "-", "@")


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_MB", "5")
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_ROWS", "1000")
    assert check_in_rows.import_limits() == ImportLimits(5 * 2**20, 1000)
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_ROWS", "lots")
    with pytest.raises(ValueError, match="DASHBOARD_IMPORT_MAX_ROWS"):
        check_in_rows.import_limits()


def upload(at, data: bytes, name: str = "check-ins.csv"):
    at.file_uploader[0].upload(name, data, "text/csv").run()
    return at
