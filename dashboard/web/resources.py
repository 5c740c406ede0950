"""The app process's settings, database and clock, made once per process."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import streamlit as st

from dashboard import startup
from dashboard.data.database import Database
from dashboard.settings import Settings, load_settings


@st.cache_resource
def app_settings() -> Settings:
    """Settings read and validated once per process; refuses missing or example secrets.

    The app's start-up: the encrypted columns learn where their keys are here.
    """
    found = load_settings(require_secrets=True)
    startup.configure()
    return found


@st.cache_resource
def _database(url: str) -> Database:
    return Database.from_url(url)


def database() -> Database:
    """The process-wide Database for the configured URL."""
    return _database(app_settings().db_url)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def today():
    """The day the pages compute metrics as of (the server's local date)."""
    from datetime import date

    return date.today()


def day_start(day, *, next_day: bool = False):
    """Midnight UTC at the start of a day (or of the day after), for time filters; None stays."""
    if day is None:
        return None
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return start + timedelta(days=1) if next_day else start
