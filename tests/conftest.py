"""Shared fixtures: a real database per test (SQLite always, PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dashboard.data import migrate
from dashboard.data.database import Database
from models import Base

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


@pytest.fixture(autouse=True, scope="session")
def _test_secrets(tmp_path_factory) -> Iterator[Path]:
    """One secrets file (cookie and encryption keys) for the whole run, as `init` makes it."""
    from dashboard import settings, startup

    startup.configure()
    path = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    settings.ensure_secrets(path)
    previous = os.environ.get("DASHBOARD_SECRETS")
    os.environ["DASHBOARD_SECRETS"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("DASHBOARD_SECRETS", None)
    else:
        os.environ["DASHBOARD_SECRETS"] = previous
BACKENDS = ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"]


class PostgresServer:
    """Creates throw-away databases on the test server and drops them at the end."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def create(self) -> str:
        """A new empty database's URL."""
        name = f"dashboard_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        """Drop every database this run created."""
        with self.admin.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The PostgreSQL test server, or a skip when TEST_DATABASE_URL is not set."""
    if not TEST_DATABASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    server = PostgresServer(TEST_DATABASE_URL)
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file migrated to head once per run; tests get copies."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database.from_url(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def migrated_postgres_url(postgres) -> str:
    """A PostgreSQL database migrated to head once per run; tests start from empty tables."""
    url = postgres.create()
    db = Database.from_url(url)
    migrate.upgrade(db)
    db.dispose()
    return url


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, monkeypatch) -> str:
    """The URL of an empty, migrated database; also set as DASHBOARD_DB_URL for commands and pages."""
    if request.param == "sqlite":
        path = tmp_path / "dashboard.db"
        shutil.copy(request.getfixturevalue("migrated_sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("migrated_postgres_url")
        _truncate_all(url)
    monkeypatch.setenv("DASHBOARD_DB_URL", url)
    return url


@pytest.fixture
def db(db_url) -> Iterator[Database]:
    """A Database on the empty, migrated test database."""
    database = Database.from_url(db_url)
    yield database
    database.dispose()


@pytest.fixture(params=BACKENDS)
def empty_db_url(request, tmp_path) -> str:
    """The URL of a database with no tables at all."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("postgres").create()


@pytest.fixture(autouse=True, scope="session")
def _apptest_runs_the_router_every_time():
    """AppTest reruns app.py as a server does (see apptest.run_the_router_every_time)."""
    import streamlit.testing.v1.app_test as app_test

    from apptest import run_the_router_every_time

    original = run_the_router_every_time()
    yield
    app_test.PagesManager = original


@pytest.fixture
def app_env(db_url, tmp_path):
    """Secrets and fresh Streamlit caches for running app.py under AppTest."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield db_url
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def demo_db(app_env):
    """The demo practice loaded as of today, on the test database."""
    from datetime import date

    from dashboard.sample_data import demo

    database = Database.from_url(app_env)
    demo.load_demo(db=database, today=date.today())
    yield database
    database.dispose()
