"""Sessions end on the server: a login cookie copied before sign-out no longer signs in."""

from __future__ import annotations

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def test_copied_login_cookie_is_refused_after_sign_out(browser, page, app_server):
    sign_in(page, app_server)
    copied = [c for c in page.context.cookies() if c["name"] == "couples_dashboard_login"]
    assert copied

    # Before sign-out the copied cookie signs a fresh browser in...
    other = browser.new_context()
    other.add_cookies(copied)
    tab = other.new_page()
    tab.goto(app_server.url)
    tab.get_by_role("heading", name="Caseload").first.wait_for()
    other.close()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()

    # ...afterwards the same cookie is refused on the server, whatever the browser keeps.
    replay = browser.new_context()
    replay.add_cookies(copied)
    tab = replay.new_page()
    tab.goto(app_server.url)
    tab.get_by_role("button", name="Sign in").wait_for()
    assert tab.get_by_role("heading", name="Caseload").count() == 0
    replay.close()
