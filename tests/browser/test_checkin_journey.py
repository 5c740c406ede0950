"""The partner's journey in a real Chromium: a link made on the couple page, opened on a phone.

The server runs with Streamlit's logger at debug level (STREAMLIT_LOGGER_LEVEL, the same option
as `--logger.level debug`), and its whole log is searched for the token afterwards.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest

from dashboard.data import links
from dashboard.data import reports
from dashboard.data import services
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
CODE = "C-900"
REFLECTION = "We named the cycle out loud and laughed about it."


@pytest.fixture(scope="module")
def debug_server(request):
    """The module's app server, started with Streamlit's logger at debug level."""
    previous = os.environ.get("STREAMLIT_LOGGER_LEVEL")
    os.environ["STREAMLIT_LOGGER_LEVEL"] = "debug"
    try:
        server = request.getfixturevalue("app_server")
    finally:
        if previous is None:
            os.environ.pop("STREAMLIT_LOGGER_LEVEL", None)
        else:
            os.environ["STREAMLIT_LOGGER_LEVEL"] = previous
    services.add_couple(
        db=server.db, clinician="demo", code=CODE, display_name="Journey couple",
        partner_a=services.NewPartner("Robin Lake", "pursuer"),
        partner_b=services.NewPartner("Kai Moss", "withdrawer"),
    )
    services.assign_exercise(db=server.db, clinician="demo", code=CODE,
                             exercise_id="ask-plainly", partner="A",
                             start=date.today() - timedelta(days=1), per_week=7)
    return server



def create_link(page, server) -> str:
    """The clinician makes partner A's link on the couple page; returns the URL shown."""
    sign_in(page, server)
    page.goto(f"{server.url}/couple?couple={CODE}")
    page.get_by_role("heading", name=f"{CODE} · Journey couple").wait_for()
    page.get_by_role("tab", name="Check-in links").click()
    page.get_by_role("button", name="Create link").first.click()
    page.get_by_text("New check-in link for Robin.").wait_for()
    # The tab stays open, showing the URL to copy and the QR code to scan.
    assert page.get_by_role("tab", selected=True).inner_text() == "Check-in links"
    code = page.locator("[data-testid=stCode] code").first
    code.wait_for()
    url = code.inner_text().strip()
    assert url.startswith(f"{server.url}/checkin?t=")
    page.locator("[data-testid=stImage] img").wait_for()  # the QR code
    return url


def no_sidebar(tab) -> bool:
    """Neither a sidebar nor the button that opens one."""
    return tab.locator("[data-testid=stSidebar], [data-testid=stSidebarNav], "
                       "[data-testid=stExpandSidebarButton]").count() == 0


def test_a_partner_who_is_the_servers_first_visitor_sees_no_page_list(phone, debug_server):
    """Runs first in this module, on a fresh server (Streamlit's first session differs)."""
    issued = links.issue_link(db=debug_server.db, clinician="demo", code=CODE, partner="B",
                              base_url=debug_server.url, days=60)
    phone.goto(issued.url)
    phone.get_by_role("heading", name="Hello Kai").wait_for()
    phone.get_by_text("Your check-in", exact=True).wait_for()
    assert no_sidebar(phone)
    assert "caseload" not in phone.locator("body").inner_text().lower()


def test_a_partner_checks_in_from_a_phone_and_the_clinician_sees_it(page, phone, debug_server):
    server = debug_server
    url = create_link(page, server)
    token = url.split("t=", 1)[1]

    # The partner: only the link, a phone-sized screen, no account.
    phone.goto(url)
    phone.get_by_role("heading", name="Hello Robin").wait_for()
    phone.get_by_text("not monitored in real time").wait_for()
    assert no_sidebar(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert "Kai" not in phone.locator("body").inner_text()

    # No link to another site, and no Referer that could carry the token anywhere.
    phone.wait_for_function(
        "document.querySelector('meta[name=referrer]')?.content === 'no-referrer'")
    origin = server.url
    for href in phone.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
        assert href.startswith(origin), href
    sent_referers = []

    def outside(route):
        sent_referers.append(route.request.headers.get("referer"))
        route.fulfill(status=204)

    phone.route("http://outside.test/**", outside)
    phone.evaluate("fetch('http://outside.test/ping', {mode: 'no-cors'}).catch(() => null)")
    assert sent_referers == [None]

    # The form: the first question answered 8 (the others left out), the cycle noticed and
    # repaired, an exercise, a note. Every number is a target of at least 24x24 px on the phone.
    numbers = phone.get_by_role("radio", name="8", exact=True)
    numbers.nth(3).wait_for()
    assert numbers.count() == 4
    for box in (phone.get_by_role("radio", name=str(n), exact=True).nth(i).bounding_box()
                for n in range(11) for i in range(4)):
        assert box["width"] >= 24 and box["height"] >= 24
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"]
    numbers.first.click()
    phone.get_by_text("We got caught in the push-pull today").click()
    phone.get_by_text("Yes", exact=True).click()
    phone.get_by_text("Ask for closeness as a plain request", exact=True).last.click()
    phone.get_by_role("textbox", name="A few words, if you like (optional)").fill(REFLECTION)
    phone.get_by_text("0/2000").or_(phone.get_by_text(f"{len(REFLECTION)}/2000")).first.wait_for()
    phone.get_by_role("button", name="Send my check-in").click()
    phone.get_by_text("Thank you, Robin.").wait_for()
    phone.get_by_role("button", name="Correct this check-in").wait_for()

    # The partner's link opens nothing else.
    phone.goto(f"{server.url}/caseload")
    phone.get_by_role("button", name="Sign in").wait_for()
    phone.goto(f"{server.url}/checkin?t={links.new_token()}")
    phone.get_by_text("This check-in link does not work.").wait_for()

    # The clinician sees it in the check-in log and in the metrics.
    page.goto(f"{server.url}/couple?couple={CODE}")
    page.get_by_role("tab", name="Check-ins").click()
    page.locator("[role=gridcell]", has_text=REFLECTION).first.wait_for(state="attached")
    with server.db.read() as session:
        found = reports.couple_metrics_json(session=session, clinician="demo", code=CODE,
                                            as_of=date.today())
    robin = found["intervals"][-1]["partners"]["A"]
    assert (robin["days"], robin["pursue"], robin["cycle_days"], robin["repair_rate"]) == (
        1, 8, 1, 1.0)
    assert robin["practice_rate"] == pytest.approx(1.0)

    # Nothing of the token in the server's debug log.
    log = server.log.read_text()
    assert "Running script" in log  # debug messages were written
    assert token not in log and links.token_hash(token) not in log
    assert not re.search(r"t=[A-Za-z0-9_-]{43}", log)
