"""Steps shared by the browser journeys."""

from __future__ import annotations

from dashboard.sample_data import demo


def sign_in(page, server, username: str = demo.DEMO_USERNAME,
            password: str = demo.DEMO_PASSWORD) -> None:
    """Sign in through the form and wait for the caseload."""
    page.goto(server.url)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Caseload").first.wait_for()
    # The login cookie is written by a component after the caseload shows; later page loads
    # in this browser rely on it.
    page.wait_for_function("document.cookie.includes('couples_dashboard_login')")
