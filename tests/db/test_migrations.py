"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from dashboard.data import migrate
from dashboard.data.database import Database
from models import Base


def test_empty_database_migrates_to_head_and_matches_the_models(empty_db_url):
    db = Database.from_url(empty_db_url)
    assert migrate.current_revision(db) is None
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    db.dispose()
    assert differences == []


def test_upgrade_twice_is_harmless(empty_db_url):
    db = Database.from_url(empty_db_url)
    migrate.upgrade(db)
    migrate.upgrade(db)
    tables = set(inspect(db.engine).get_table_names())
    db.dispose()
    assert {"clinicians", "couples", "partners", "check_ins", "audit_events"} <= tables
