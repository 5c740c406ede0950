"""Create or upgrade the database schema with Alembic (run before the app starts)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from dashboard.data.database import Database

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "models" / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the migrations kept in `models/`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(db: Database) -> None:
    """Bring the database to the newest revision."""
    config = alembic_config(db.engine.url.render_as_string(hide_password=False))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(db: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision in the migrations folder."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()
