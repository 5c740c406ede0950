"""What every command shares: the one-line refusal, dates on the command line, the database."""

from __future__ import annotations

import argparse
from datetime import date

from dashboard import settings as settings_module
from dashboard.data.database import Database


class CommandError(Exception):
    """A one-line reason a command refused its input."""


def parse_day(text: str) -> date:
    """An ISO date (YYYY-MM-DD) for argparse."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (use YYYY-MM-DD): {text!r}") from None


def open_database(*, migrate: bool = False) -> Database:
    """The configured database; with migrate, brought to the newest schema first."""
    from dashboard.data import migrate as migrations

    db = Database.from_url(settings_module.load_settings().db_url)
    if migrate:
        migrations.upgrade(db)
    elif migrations.current_revision(db) != migrations.head_revision():
        raise CommandError("the database is not set up or is out of date; "
                           "run `python -m dashboard init`")
    return db


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose refusals are one line: `error: <reason>` (see --help)."""

    def error(self, message: str):
        self.exit(2, f"error: {self.prog}: {message} (see --help)\n")


def format_number(value: float | None) -> str:
    """A metric with one decimal, or a dash when there is none."""
    return "—" if value is None else f"{value:.1f}"
