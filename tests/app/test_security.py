"""Security and reliability: lockout, sessions, audit chain, encryption at rest, backups, load. (through the app (AppTest))."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from apptest import button, new_app, sign_in, texts
from factories import PASSWORD, create_clinician

from dashboard.data import accounts
from dashboard.data.database import Database


def test_five_failures_lock_the_username_even_with_the_right_password(app_env):
    db = Database.from_url(app_env)
    create_clinician(db, "jo")
    at = new_app()
    for _ in range(5):
        at = sign_in("jo", "wrong-password-123", at)
        assert "do not match an active account" in texts(at)
    at = sign_in("jo", PASSWORD, at)
    assert "Too many failed sign-ins" in texts(at)
    assert "Caseload" not in [t.value for t in at.title]
    # A new browser session (or another app process) sees the same lockout: it is in the DB.
    assert "Too many failed sign-ins" in texts(sign_in("jo", PASSWORD))
    db.dispose()


def test_unknown_usernames_get_the_same_messages(app_env):
    at = new_app()
    for _ in range(5):
        at = sign_in("nobody", "wrong-password-123", at)
        assert "do not match an active account" in texts(at)
    assert "Too many failed sign-ins" in texts(sign_in("nobody", "wrong-password-123", at))


def test_idle_session_is_signed_out(app_env):
    db = Database.from_url(app_env)
    create_clinician(db, "jo")
    at = sign_in("jo", PASSWORD)
    assert "Caseload" in [t.value for t in at.title]
    at.session_state["last_seen"] = datetime.now(timezone.utc) - timedelta(minutes=31)
    at.run()
    assert "signed out after 30 minutes without activity" in texts(at)
    db.dispose()


def test_absolute_session_lifetime(app_env):
    db = Database.from_url(app_env)
    create_clinician(db, "jo")
    at = sign_in("jo", PASSWORD)
    at.session_state["signed_in_at"] = datetime.now(timezone.utc) - timedelta(hours=12, minutes=1)
    at.run()
    assert "Sign in" in texts(at) and "Caseload" not in [t.value for t in at.title]
    db.dispose()


def test_reset_password_forces_a_change_at_next_sign_in(app_env):
    db = Database.from_url(app_env)
    create_clinician(db, "ada", role="admin")
    create_clinician(db, "jo")
    temporary = accounts.reset_password(db=db, admin="ada", username="jo")
    at = sign_in("jo", temporary)
    assert [t.value for t in at.title] == ["Your account"]
    with pytest.raises(ValueError):
        at.switch_page("pages/caseload.py")
    fields = {t.label: t for t in at.text_input}
    fields["Current password"].input(temporary)
    fields["New password"].input("my-own-new-passphrase")
    fields["Repeat new password"].input("my-own-new-passphrase")
    button(at, "Change password").click().run()
    assert "Caseload" in [t.value for t in sign_in("jo", "my-own-new-passphrase").title]
    db.dispose()
