"""Settings come from the environment and the secrets file, and bad values stop start-up."""

from __future__ import annotations

import tomllib

import pytest

from dashboard import settings


def test_ensure_secrets_writes_fresh_keys_once(tmp_path):
    path = tmp_path / "secrets.toml"
    assert settings.ensure_secrets(path) is True
    first = tomllib.loads(path.read_text())
    assert len(first["cookie_key"]) >= 43 and len(first["encryption_keys"]) == 1
    assert settings.ensure_secrets(path) is False
    assert tomllib.loads(path.read_text()) == first
    assert path.stat().st_mode & 0o077 == 0
    other = tmp_path / "other.toml"
    settings.ensure_secrets(other)
    assert tomllib.loads(other.read_text())["cookie_key"] != first["cookie_key"]


@pytest.mark.parametrize(
    "content, reason",
    [
        ("", "cookie_key is missing"),
        ('cookie_key = "replace-me-with-at-least-32-random-bytes"', "at least 32 random bytes"),
        ('cookie_key = "short"', "at least 32 random bytes"),
        ("cookie_key = ", "not valid TOML"),
    ],
)
def test_app_refuses_missing_short_or_example_cookie_keys(tmp_path, monkeypatch, content, reason):
    path = tmp_path / "secrets.toml"
    path.write_text(content)
    monkeypatch.setenv("DASHBOARD_SECRETS", str(path))
    with pytest.raises(settings.SettingsError, match=reason):
        settings.load_settings(require_secrets=True)


def test_committed_example_is_refused(monkeypatch):
    monkeypatch.setenv("DASHBOARD_SECRETS", str(settings.PROJECT_ROOT / ".streamlit" / "secrets.example.toml"))
    with pytest.raises(settings.SettingsError, match="example"):
        settings.load_settings(require_secrets=True)
