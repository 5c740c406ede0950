"""Hostile text in every free-text field, on every page, in a real Chromium: nothing runs,
nothing loads from outside, the layout holds."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from dashboard import validation
from dashboard.data import services
from tests.browser.helpers import sign_in
from tests.fixtures.hostile import PAYLOADS

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-test-phrase"
USERNAME = "hostile"


def _seed(db) -> list[str]:
    """A clinician whose couples carry a payload in every free-text field."""
    services.add_clinician(db=db, username=USERNAME, name="Dr. <b>Hostile</b> ![x](https://evil.example/n.png)",
                           password=PASSWORD)
    today = date.today()
    codes = []
    for number, payload in enumerate(PAYLOADS):
        code = f"H-{number:03d}"
        name = payload[:120].strip() or "blank"
        services.add_couple(
            db=db, clinician=USERNAME, code=code, display_name=name,
            partner_a=services.NewPartner(name, "pursuer"),
            partner_b=services.NewPartner(PAYLOADS[(number + 1) % len(PAYLOADS)][:120].strip()
                                          or "blank", "withdrawer"),
        )
        services.add_session(db=db, clinician=USERNAME, code=code, day=today - timedelta(days=6),
                             focus=payload[:200], notes=payload, today=today)
        for offset in range(1, 6):
            for partner in "AB":
                services.add_check_in(
                    db=db, clinician=USERNAME, code=code, partner=partner, today=today,
                    entry=validation.CheckInInput(today - timedelta(days=offset), 3 + offset, 2, 5,
                                                5, offset % 2 == 0, True if offset % 2 == 0
                                                else None, (), payload[:2000]),
                )
        codes.append(code)
    return codes


@pytest.fixture(scope="module")
def hostile_codes(app_server):
    return _seed(app_server.db)


def _guard(page, server_url: str) -> dict:
    """Block and record every request that leaves the machine, and every dialog."""
    seen = {"outside": [], "dialogs": []}
    local = urlparse(server_url).netloc

    def route(request_route):
        url = request_route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about") or parsed.netloc == local:
            request_route.continue_()
        else:
            seen["outside"].append(url)
            request_route.abort()

    page.context.route("**/*", route)
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    return seen


def _assert_clean(page, seen: dict, where: str) -> None:
    page.get_by_role("button", name="Stop").wait_for(state="detached")
    for frame in page.frames:
        try:
            clean = frame.evaluate("() => window.__pwned === undefined")
        except PlaywrightError as error:
            if "detached" not in str(error):
                raise
            continue  # a component's frame replaced while we looked: gone, nothing runs in it
        assert clean, f"script ran on {where}"
    assert seen["dialogs"] == [], f"dialog opened on {where}"
    assert seen["outside"] == [], f"outside request from {where}: {seen['outside'][:3]}"
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"layout overflows sideways by {overflow}px on {where}"


def test_hostile_text_is_inert_on_every_clinician_page(page, app_server, hostile_codes):
    seen = _guard(page, app_server.url)
    sign_in(page, app_server, USERNAME, PASSWORD)
    page.get_by_text("H-000").first.wait_for(state="attached")
    _assert_clean(page, seen, "the caseload")
    for path, ready in (("exercises", "Exercises"), ("account", "Your account")):
        page.goto(f"{app_server.url}/{path}")
        page.get_by_role("heading", name=ready).wait_for()
        _assert_clean(page, seen, path)
    for code in hostile_codes:
        page.goto(f"{app_server.url}/couple?couple={code}")
        page.get_by_role("heading", name=code, exact=False).first.wait_for()
        _assert_clean(page, seen, f"the couple page of {code}")
        # Tabs drawn only while open: the check-in log and the partners' links.
        for tab, ready in (("Check-ins", "Reflections are shown exactly as written"),
                           ("Check-in links", "Each partner checks in from their phone")):
            page.get_by_role("tab", name=tab).click()
            page.get_by_text(ready, exact=False).wait_for()
            _assert_clean(page, seen, f"the {tab} tab of {code}")


def test_hostile_text_is_inert_in_presentation_mode(page, app_server, hostile_codes):
    seen = _guard(page, app_server.url)
    sign_in(page, app_server, USERNAME, PASSWORD)
    for code in hostile_codes:
        page.goto(f"{app_server.url}/present?couple={code}")
        page.locator(".vega-embed").first.wait_for(state="attached")
        _assert_clean(page, seen, f"presentation mode of {code}")


def test_hostile_text_is_inert_on_the_partner_check_in_page(browser, app_server, hostile_codes):
    from dashboard.data import links

    for code in hostile_codes[:12]:
        issued = links.issue_link(db=app_server.db, clinician=USERNAME, code=code, partner="A",
                                  base_url=app_server.url, days=60)
        context = browser.new_context(viewport={"width": 375, "height": 812})
        phone = context.new_page()
        phone.set_default_timeout(30_000)
        seen = _guard(phone, app_server.url)
        phone.goto(issued.url)
        phone.get_by_text("not monitored", exact=False).first.wait_for()
        _assert_clean(phone, seen, f"the check-in page of {code}")
        context.close()
