"""Backups that are safe while the app writes, and restores that check before they replace.

SQLite uses its online backup API (a consistent copy while writers keep going). PostgreSQL uses
its own tools, `pg_dump --format=custom` and `pg_restore`, run here when they are installed.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from dashboard.data.database import Database
from dashboard.errors import InvalidInput


def _libpq_url(db: Database) -> str:
    url = make_url(db.engine.url.render_as_string(hide_password=False))
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def backup(db: Database, target: Path) -> Path:
    """Write a consistent copy of the database to `target` (refuses to overwrite)."""
    target = Path(target)
    if target.exists():
        raise InvalidInput(f"{target} already exists; choose a new file name", field="out")
    target.parent.mkdir(parents=True, exist_ok=True)
    if db.is_sqlite:
        destination = sqlite3.connect(target)
        try:
            raw = db.engine.raw_connection()
            try:
                raw.driver_connection.backup(destination, pages=1024)
            finally:
                raw.close()
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        return target
    if shutil.which("pg_dump") is None:
        raise InvalidInput("pg_dump is not installed; see docs/security.md for PostgreSQL backups",
                           field="out")
    subprocess.run(["pg_dump", "--format=custom", "--file", str(target), _libpq_url(db)],
                   check=True, capture_output=True)
    return target


def integrity_problems(path: Path) -> list[str]:
    """SQLite's own integrity and foreign-key checks on a backup file; empty when sound."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        problems = [] if result == ["ok"] else result
        problems += [f"foreign key broken in {row[0]}"
                     for row in connection.execute("PRAGMA foreign_key_check")]
        return problems
    except sqlite3.DatabaseError as error:
        return [f"not an SQLite database ({error})"]
    finally:
        connection.close()


def restore(db: Database, source: Path) -> None:
    """Replace the database's contents with a backup, after checking the backup is sound."""
    source = Path(source)
    if not source.exists():
        raise InvalidInput(f"{source} does not exist", field="backup")
    if db.is_sqlite:
        problems = integrity_problems(source)
        if problems:
            raise InvalidInput(f"{source} failed its integrity check: {problems[0]}",
                               field="backup")
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            raw = db.engine.raw_connection()
            try:
                origin.backup(raw.driver_connection)
            finally:
                raw.close()
        finally:
            origin.close()
        db.engine.dispose()
        return
    if shutil.which("pg_restore") is None:
        raise InvalidInput("pg_restore is not installed; see docs/security.md", field="backup")
    subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--dbname",
                    _libpq_url(db), str(source)], check=True, capture_output=True)
