"""Signing in and out, who is signed in, and which pages they may open.

streamlit-authenticator runs on credentials read from the database, never from a file; the
cookie, lifetime, idle and server-side checks are here."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import streamlit as st

from dashboard.data import credentials
from dashboard.web.resources import app_settings, database, utc_now

COOKIE_RUNS = 2


def _authenticator():
    """streamlit-authenticator on credentials read from the database (never from a file)."""
    import streamlit_authenticator as stauth

    with database().read() as session:
        known = credentials.credentials(session)
    settings = app_settings()
    return stauth.Authenticate(
        known,
        cookie_name=settings.cookie_name,
        cookie_key=settings.cookie_key,
        cookie_expiry_days=settings.session_hours / 24,
        auto_hash=False,
        # We throttle sign-ins ourselves; the library's pause only slows every page.
        login_sleep_time=0,
    )


def _sign_out(authenticator, *, end_everywhere: bool) -> None:
    username = st.session_state.get("username")
    authenticator.authentication_controller.logout()
    if username and end_everywhere:
        credentials.end_sessions(db=database(), username=username)
    for key in ("signed_in_at", "last_seen", "cookie_runs"):
        st.session_state.pop(key, None)


def _has_login_cookie() -> bool:
    return app_settings().cookie_name in st.context.cookies


def signed_in_user() -> credentials.SignedIn | None:
    """Who is signed in, after the cookie, lifetime, idle and server-side checks; None if nobody."""
    if not st.session_state.get("authentication_status") and not _has_login_cookie():
        # No authenticator (and so no cookie component) on the bare sign-in page: the
        # component's first report triggers a rerun that can swallow a quick form submit.
        return None
    authenticator = _authenticator()
    st.session_state["_authenticator"] = authenticator
    now = utc_now()
    if not st.session_state.get("authentication_status"):
        token = authenticator.cookie_controller.get_cookie()
        valid = False
        if token:
            issued = datetime.fromtimestamp(token["exp_date"], timezone.utc) - timedelta(
                hours=app_settings().session_hours
            )
            with database().read() as session:
                valid = credentials.session_still_valid(session, token["username"], issued)
            if valid:
                authenticator.authentication_controller.login(token=token)
                st.session_state["signed_in_at"] = issued
                st.session_state["last_seen"] = now
        if not valid:
            authenticator.cookie_controller.delete_cookie()
    if not st.session_state.get("authentication_status"):
        return None
    username = st.session_state["username"]
    signed_in_at = st.session_state.get("signed_in_at", now)
    last_seen = st.session_state.get("last_seen", now)
    with database().read() as session:
        user = credentials.account(session, username)
        valid = user is not None and credentials.session_still_valid(session, username,
                                                                     signed_in_at)
    expired = now - signed_in_at > timedelta(hours=app_settings().session_hours)
    idle = now - last_seen > timedelta(minutes=app_settings().idle_minutes)
    if not valid or expired or idle:
        _sign_out(authenticator, end_everywhere=False)
        authenticator.cookie_controller.delete_cookie()
        st.session_state["signed_out_reason"] = (
            f"You were signed out after {app_settings().idle_minutes} minutes without activity."
            if idle and valid
            else "Your session has ended. Please sign in again."
        )
        return None
    st.session_state["last_seen"] = now
    if st.session_state.get("cookie_runs", 0) > 0:
        # Set on the runs after the form login, twice: the cookie component's first report
        # reruns the script, which can cut short the run that sets it.
        st.session_state["cookie_runs"] -= 1
        authenticator.cookie_controller.set_cookie()
    return user


def login_form() -> None:
    """The sign-in form; on success the app reruns with the clinician's pages."""
    reason = st.session_state.pop("signed_out_reason", None)
    if reason:
        st.info(reason)
    with st.form("login", enter_to_submit=True):
        st.subheader("Sign in")
        username = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    username = username.strip().lower()
    # Checked without building the authenticator here: its cookie component would mount in
    # this run and its first report reruns the script, cutting this run short.
    settings = app_settings()
    with database().read() as session:
        locked = credentials.locked_out(session, username, attempts=settings.lockout_attempts,
                                 minutes=settings.lockout_minutes)
        user = None if locked else credentials.check_login(session, username, password)
    credentials.record_login(db=database(), username=username,
                      outcome="locked" if locked else "ok" if user else "failed")
    if locked:
        st.error(f"Too many failed sign-ins for this username. Try again in "
                 f"{settings.lockout_minutes} minutes.")
        return
    if user is None:
        st.error("That username and password do not match an active account.")
        return
    now = utc_now()
    st.session_state.update(
        after_sign_in=st.query_params.to_dict(),
        authentication_status=True, username=user.username, name=user.name, logout=None,
        signed_in_at=now, last_seen=now, cookie_runs=COOKIE_RUNS,
    )
    st.rerun()


def open_requested_couple() -> None:
    """After signing in from a deep link (`?couple=CODE`), go on to that couple."""
    requested = st.session_state.pop("after_sign_in", None) or {}
    if requested.get("couple"):
        st.switch_page("pages/couple.py", query_params={"couple": requested["couple"]})


def logout_button() -> None:
    """A sidebar button that signs out here and ends the account's sessions on the server."""
    if st.sidebar.button("Sign out", width="stretch"):
        authenticator = st.session_state.get("_authenticator") or _authenticator()
        _sign_out(authenticator, end_everywhere=True)
        authenticator.cookie_controller.delete_cookie()
        st.rerun()


def require_user(*, admin: bool = False) -> credentials.SignedIn:
    """The signed-in user the router checked on this run; stops the page for anyone else.

    The router never lists a page outside the user's role; this guard also covers a page script
    that runs without the router (Streamlit's first run of a process may execute `pages/` files).
    """
    run_through_router()
    user = st.session_state.get("user")
    if user is None or (admin and not user.is_admin):
        st.error("Page not found.")
        st.markdown("[Open the dashboard's start page](/)")
        st.stop()
    return user


def couple_visible(clinician: str, code: str) -> bool:
    """Whether the couple is the clinician's; audits the first view per browser session and
    every denied one."""
    from dashboard.data import services

    seen = st.session_state.setdefault("_couples_viewed", set())
    key = code.strip().upper()
    if key in seen:
        return True
    if services.audit_couple_view(db=database(), clinician=clinician, code=key):
        seen.add(key)
        return True
    return False




def run_through_router() -> None:
    """Rerun through app.py when a page script was started without it.

    Until the router has called st.navigation once in a process, Streamlit runs a `pages/`
    script by itself, with a sidebar listing every page (the first visitor after a restart may
    arrive by a deep link). Switch that mode off, as st.navigation does, and rerun once.
    """
    if "user" in st.session_state or st.session_state.get("_rerouted"):
        return
    from streamlit.runtime.pages_manager import PagesManager

    st.session_state["_rerouted"] = True
    PagesManager.uses_pages_directory = False
    st.rerun()
