"""Configuration from the environment and `.streamlit/secrets.toml`, validated once."""

from __future__ import annotations

import os
import secrets as _secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "dashboard.db"
DEFAULT_SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"
EXAMPLE_MARKER = "replace-me"


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from outside, checked at start-up."""

    db_url: str
    secrets_path: Path
    cookie_key: str = ""
    encryption_keys: tuple[str, ...] = field(default_factory=tuple)
    cookie_name: str = "couples_dashboard_login"
    link_days: int = 60
    checkin_back_days: int = 14
    base_url: str = "http://127.0.0.1:8501"
    session_hours: int = 12
    idle_minutes: int = 30
    lockout_attempts: int = 5
    lockout_minutes: int = 15


def default_db_url() -> str:
    """The embedded default: an SQLite file under `data/`."""
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _int_env(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: must be a whole number (got {raw!r})") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}: must be between {low} and {high} (got {value})")
    return value


def read_secrets(path: Path) -> dict:
    """The secrets file as a dict; empty when the file does not exist."""
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML ({error})") from None


def load_settings(*, require_secrets: bool = False) -> Settings:
    """Read settings from the environment; with require_secrets, refuse missing or example keys."""
    db_url = os.environ.get("DASHBOARD_DB_URL") or default_db_url()
    if not (db_url.startswith("sqlite") or db_url.startswith("postgresql")):
        raise SettingsError(
            "DASHBOARD_DB_URL: only sqlite:/// and postgresql+psycopg:// URLs are supported"
        )
    secrets_path = Path(os.environ.get("DASHBOARD_SECRETS", DEFAULT_SECRETS_PATH))
    stored = read_secrets(secrets_path)
    cookie_key = str(stored.get("cookie_key", ""))
    encryption_keys = tuple(str(k) for k in stored.get("encryption_keys", []))
    if require_secrets:
        if not cookie_key:
            raise SettingsError(
                f"{secrets_path}: cookie_key is missing; run `python -m dashboard init`"
            )
        if EXAMPLE_MARKER in cookie_key or len(cookie_key) < 43:
            raise SettingsError(
                f"{secrets_path}: cookie_key must be at least 32 random bytes "
                "(not the example key); run `python -m dashboard init` to create one"
            )
    return Settings(
        db_url=db_url,
        secrets_path=secrets_path,
        cookie_key=cookie_key,
        encryption_keys=encryption_keys,
        link_days=_int_env("DASHBOARD_LINK_DAYS", 60, 1, 365),
        checkin_back_days=_int_env("DASHBOARD_CHECKIN_BACK_DAYS", 14, 0, 90),
        base_url=os.environ.get("DASHBOARD_BASE_URL", "http://127.0.0.1:8501"),
        session_hours=_int_env("DASHBOARD_SESSION_HOURS", 12, 1, 12),
        idle_minutes=_int_env("DASHBOARD_IDLE_MINUTES", 30, 1, 30),
        lockout_attempts=_int_env("DASHBOARD_LOCKOUT_ATTEMPTS", 5, 1, 20),
        lockout_minutes=_int_env("DASHBOARD_LOCKOUT_MINUTES", 15, 1, 1440),
    )


def ensure_secrets(path: Path) -> bool:
    """Write a secrets file with fresh random keys where none exists; True when written."""
    if path.exists():
        return False
    from cryptography.fernet import Fernet

    path.parent.mkdir(parents=True, exist_ok=True)
    cookie_key = _secrets.token_urlsafe(48)
    fernet_key = Fernet.generate_key().decode()
    path.write_text(
        "# Created by `python -m dashboard init`. Never commit this file.\n"
        f'cookie_key = "{cookie_key}"\n'
        f'encryption_keys = ["{fernet_key}"]\n',
        encoding="utf-8",
    )
    path.chmod(0o600)
    return True


_KEYS_CACHE: dict[tuple[str, float], tuple[str, ...]] = {}
_LAST_LOOK: dict[str, tuple[float, tuple[str, ...]]] = {}
KEYS_RECHECK_SECONDS = 1.0


def current_encryption_keys() -> tuple[str, ...]:
    """The encryption keys of the configured secrets file, re-read when the file changes.

    The file is looked at no more than once a second, so bulk writes pay nothing per row.
    """
    import time

    path = Path(os.environ.get("DASHBOARD_SECRETS", DEFAULT_SECRETS_PATH))
    now = time.monotonic()
    recent = _LAST_LOOK.get(str(path))
    if recent is not None and now - recent[0] < KEYS_RECHECK_SECONDS:
        return recent[1]
    try:
        stamp = (str(path), path.stat().st_mtime)
    except FileNotFoundError:
        return ()
    if stamp not in _KEYS_CACHE:
        keys = tuple(str(k) for k in read_secrets(path).get("encryption_keys", []))
        if any(EXAMPLE_MARKER in key for key in keys):
            raise SettingsError(f"{path}: encryption_keys holds the example key; run init")
        _KEYS_CACHE[stamp] = keys
    _LAST_LOOK[str(path)] = (now, _KEYS_CACHE[stamp])
    return _KEYS_CACHE[stamp]


def forget_encryption_keys() -> None:
    """Read the secrets file afresh on the next encryption (after keys were changed)."""
    _LAST_LOOK.clear()
