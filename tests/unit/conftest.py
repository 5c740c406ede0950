"""The unit tier: pure functions only. No database (not even an SQLite file), no app, no
browser; it runs alone with `make test-fast`."""

from __future__ import annotations

import pytest
import sqlalchemy


class DatabaseInUnitTest(AssertionError):
    """A unit test reached for a database: it belongs in tests/db."""


@pytest.fixture(autouse=True)
def _no_database(monkeypatch):
    """Any engine a unit test makes fails at once, naming the tier it belongs to."""
    def refuse(*args, **kwargs):
        raise DatabaseInUnitTest("unit tests use no database; move this test to tests/db")

    monkeypatch.setattr(sqlalchemy, "create_engine", refuse)
    monkeypatch.setattr("dashboard.data.database.create_engine", refuse)


@pytest.fixture(params=["unit"])
def db(request):
    """Unit tests have no database; asking for one is a mistake of tier."""
    raise DatabaseInUnitTest("unit tests use no database; move this test to tests/db")


app_env = db
