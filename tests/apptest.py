"""Helpers to drive app.py with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")

TIMEOUT = 30


def run_the_router_every_time():
    """Make AppTest behave like a running server, where st.navigation switches off v1 pages;
    gives back what it replaced.

    AppTest resets Streamlit's "uses the pages/ directory" flag before every run, so from the
    second run on it would execute page scripts directly instead of app.py. A server sets the
    flag once per process; the page scripts also guard themselves (see login.require_user).
    """
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.pages_manager import PagesManager

    class NavigationPagesManager(PagesManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    original, app_test.PagesManager = app_test.PagesManager, NavigationPagesManager
    return original


def new_app() -> AppTest:
    """A fresh browser session on the router."""
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def sign_in(username: str, password: str, at: AppTest | None = None) -> AppTest:
    """Run the app and sign in through the form."""
    at = (at or new_app()).run()
    inputs = {t.label: t for t in at.text_input}
    inputs["Username"].input(username)
    inputs["Password"].input(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    return at


def open_page(at: AppTest, path: str, **query) -> AppTest:
    """Switch to a page script (as a click in the sidebar would) with query parameters."""
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page(path).run()


def open_tab(at: AppTest, label: str, key: str = "couple_tabs") -> AppTest:
    """Open a tab of tabs that rerun on a switch (a click on the tab in a browser)."""
    at.session_state[key] = label
    return at.run()


def texts(at: AppTest) -> str:
    """Every piece of text on the page, joined, for assertions on what a user reads."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "text", "caption", "info",
                 "warning", "error", "success"):
        parts += [str(element.value) for element in getattr(at, kind)]
    return "\n".join(parts)


def button(at: AppTest, label: str):
    """The button with this label."""
    return next(b for b in at.button if b.label == label)
