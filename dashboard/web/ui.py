"""The one module of dashboard/ that imports streamlit: cached engine, login adapter, shared widgets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import streamlit as st

from dashboard import escaping, startup
from dashboard.data import credentials
from dashboard.data.database import Database
from dashboard.errors import InvalidInput
from dashboard.settings import Settings, load_settings

COOKIE_RUNS = 2


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


def _now() -> datetime:
    return datetime.now(timezone.utc)


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
    now = _now()
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
        valid = user is not None and credentials.session_still_valid(session, username, signed_in_at)
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
    now = _now()
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


def show_error(error: InvalidInput, *, where=None) -> None:
    """Show a refused input as an error naming what is wrong."""
    (where or st).error(escaping.markdown_escaped(str(error)[:1].upper() + str(error)[1:] + "."))


def plain_text(text: str, *, where=None) -> None:
    """Show partners' or clinicians' free text exactly as typed: never HTML, never Markdown."""
    (where or st).text(text)


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


def today():
    """The day the pages compute metrics as of (the server's local date)."""
    from datetime import date

    return date.today()


# Each app process keeps its own caches, keyed by the clinician's data version: every write to
# their couples raises it (write.record_change), in whichever process or command made it, so the next
# page run anywhere reads afresh. A write also clears this process's caches at once
# (data_changed); entries of older versions leave after this time or when the cache is full.
CACHE_SECONDS = 600


def data_version(clinician: str) -> int:
    """The clinician's data version: read with the signed-in account on this run (the router
    reads it from the database on every run), or from the database for anyone else."""
    user = st.session_state.get("user")
    if user is not None and user.username == clinician:
        return user.data_version
    from dashboard.data import queries

    with database().read() as session:
        return queries.data_version(session, clinician)


def load_caseload(clinician: str, as_of, include_archived: bool, db_url: str):
    """The clinician's caseload (`reports.caseload`), cached per clinician and data version."""
    return _caseload(clinician, as_of, include_archived, db_url, data_version(clinician))


def load_couple(clinician: str, code: str, as_of, db_url: str):
    """One couple's report for the clinician, cached per clinician and data version."""
    return _couple(clinician, code, as_of, db_url, data_version(clinician))


def load_couple_tables(clinician: str, code: str, as_of, db_url: str):
    """The couple page's check-in log and assignment table (`reports.check_in_log`,
    `reports.assignment_table`), derived once from the cached report."""
    return _couple_tables(clinician, code, as_of, db_url, data_version(clinician))


def load_slides(clinician: str, code: str, as_of, db_url: str,
                names: tuple[tuple[str, str], ...]):
    """The couple's charts and captions under these partner names (`slides.slides`).

    Cached like the report they are drawn from: building and validating the charts costs
    several times more than drawing their specs, whose data are kept as tables for the page.
    """
    return _slides(clinician, code, as_of, db_url, names, data_version(clinician))


@st.cache_data(show_spinner=False, max_entries=200, ttl=CACHE_SECONDS)
def _caseload(clinician: str, as_of, include_archived: bool, db_url: str, version: int):
    from dashboard.data import reports

    with database().read() as session:
        return reports.caseload(session=session, clinician=clinician, as_of=as_of,
                                include_archived=include_archived)


@st.cache_data(show_spinner=False, max_entries=200, ttl=CACHE_SECONDS)
def _couple(clinician: str, code: str, as_of, db_url: str, version: int):
    from dashboard.data import reports

    with database().read() as session:
        return reports.couple_report(session=session, clinician=clinician, code=code, as_of=as_of)


@st.cache_data(show_spinner=False, max_entries=200, ttl=CACHE_SECONDS)
def _couple_tables(clinician: str, code: str, as_of, db_url: str, version: int):
    from dashboard.data import reports

    report = _couple(clinician, code, as_of, db_url, version)
    titles = exercise_titles()
    return reports.check_in_log(report, titles), reports.assignment_table(report, titles)


@st.cache_data(show_spinner=False, max_entries=200, ttl=CACHE_SECONDS)
def _slides(clinician: str, code: str, as_of, db_url: str, names: tuple[tuple[str, str], ...],
            version: int):
    from dataclasses import replace

    import pandas as pd

    from dashboard.charts import slides

    def with_frames(spec: dict) -> dict:
        # Tables, not rows, are what a chart's data becomes on its way to the browser.
        datasets = {name: pd.DataFrame.from_records(rows)
                    for name, rows in spec.get("datasets", {}).items()}
        return {**spec, "datasets": datasets} if datasets else spec

    report = _couple(clinician, code, as_of, db_url, version)
    return [replace(slide, chart=replace(slide.chart, spec=with_frames(slide.chart.spec)))
            for slide in slides.slides(report.metrics, dict(names), exercise_titles())]


def exercise_titles() -> dict[str, str]:
    """Each exercise id's title, from the library (validated and kept once per process)."""
    from dashboard import exercise_library

    return {exercise_id: exercise.title for exercise_id, exercise in exercise_library.library().items()}


def draw_chart(chart, *, where=None) -> None:
    """One of the couple's charts (`slides.CoupleChart`), page-wide, with its description."""
    (where or st).vega_lite_chart(spec=chart.spec, width="stretch", alt=chart.description)


def data_changed() -> None:
    """Forget this process's cached practice data after a write (other processes key theirs
    by the data version the write raised)."""
    for cached in (_caseload, _couple, _couple_tables, _slides):
        cached.clear()


def form_errors(form: str) -> dict[str, str]:
    """The field errors kept for a form from its last refused submit."""
    return st.session_state.get(f"{form}:errors", {})


def field_error(form: str, field: str) -> None:
    """Show the refused reason right under the field it concerns."""
    message = form_errors(form).get(field)
    if message:
        st.error(message, icon=":material/error:")


def refuse(form: str, error: InvalidInput) -> None:
    """Keep the error for its field and rerun so it shows next to that field."""
    text = escaping.markdown_escaped(str(error)[:1].upper() + str(error)[1:] + ".")
    st.session_state[f"{form}:errors"] = {error.field or "_form": text}
    st.rerun()


def accepted(form: str, message: str) -> None:
    """Clear a form's errors, forget cached data and show what was saved on the next run."""
    st.session_state.pop(f"{form}:errors", None)
    st.session_state["flash"] = message
    data_changed()
    st.rerun()


def flash() -> None:
    """Show the success message of the last saved form, once."""
    message = st.session_state.pop("flash", None)
    if message:
        st.success(escaping.markdown_escaped(message), icon=":material/check_circle:")


def form_error_banner(form: str) -> None:
    """A general error for a form whose problem has no single field."""
    errors = form_errors(form)
    if "_form" in errors:
        st.error(f"Nothing was saved. {errors['_form']}", icon=":material/error:")
    elif errors:
        st.error("Nothing was saved: please correct the field marked below.",
                 icon=":material/error:")


def day_start(day, *, next_day: bool = False):
    """Midnight UTC at the start of a day (or of the day after), for time filters; None stays."""
    if day is None:
        return None
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return start + timedelta(days=1) if next_day else start


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
