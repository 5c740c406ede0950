"""Settings come from the environment and the secrets file, and bad values stop start-up. (against a real database)."""

from __future__ import annotations

import pytest

from dashboard import settings


def test_default_is_an_sqlite_file_under_data(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DB_URL", raising=False)
    url = settings.load_settings().db_url
    assert url.startswith("sqlite:///") and url.endswith("data/dashboard.db")


@pytest.mark.parametrize(
    "name, value, reason",
    [
        ("DASHBOARD_DB_URL", "mysql://x", "only sqlite"),
        ("DASHBOARD_LINK_DAYS", "sixty", "whole number"),
        ("DASHBOARD_LINK_DAYS", "0", "between 1 and 365"),
    ],
)
def test_bad_environment_values_name_the_variable(monkeypatch, name, value, reason):
    monkeypatch.setenv(name, value)
    with pytest.raises(settings.SettingsError, match=f"{name}.*{reason}"):
        settings.load_settings()
