"""On a phone, in German: the partner answers one question, sees their own four weeks, and
downloads a daily reminder their calendar can read; with large text nothing runs off screen."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest

from dashboard.data import links, services

pytestmark = pytest.mark.browser




CODES = iter(range(1, 100))


@pytest.fixture
def german_link(app_server):
    code = f"DE-{next(CODES):03d}"
    services.add_couple(db=app_server.db, clinician="demo", code=code, display_name="De",
                        partner_a=services.NewPartner("Lena Brandt", "pursuer", "de"),
                        partner_b=services.NewPartner("Jonas Weil", "withdrawer"))
    services.assign_exercise(db=app_server.db, clinician="demo", code=code,
                             exercise_id="ask-plainly", partner="A",
                             start=date.today() - timedelta(days=1), per_week=7)
    return links.issue_link(db=app_server.db, clinician="demo", code=code, partner="A",
                            base_url=app_server.url, days=60).url


def settled(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelectorAll('[data-stale=true]').length === 0")


def test_a_german_partner_checks_in_sees_their_weeks_and_takes_a_reminder(phone, german_link):
    phone.goto(german_link)
    phone.get_by_role("heading", name="Hallo Lena").wait_for()
    settled(phone)
    assert "Deine letzten vier Wochen" in phone.locator("body").inner_text()
    # One answer is enough; nothing else is invented.
    phone.locator("[data-testid=stButtonGroup] button").nth(7).click()
    settled(phone)
    phone.locator("[data-testid=stButton] button[kind=primary]").last.click()
    phone.locator("[data-testid=stAlertContentSuccess]").wait_for()
    settled(phone)
    phone.locator("[data-testid=stVegaLiteChart] svg, .vega-embed svg").first.wait_for()
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Erinnerung in meinen Kalender übernehmen").click()
    data = open(download.value.path(), "rb").read()
    assert download.value.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(data)
    event = next(iter(calendar.walk("VEVENT")))
    assert event["RRULE"]["FREQ"] == ["DAILY"]
    assert event["SUMMARY"] == "Dein täglicher Check-in"
    assert event.decoded("DTSTART").hour == 20
    assert b"Lena" not in data and b"t=" not in data


def test_large_text_keeps_the_page_on_the_screen(phone, german_link):
    phone.goto(german_link)
    phone.get_by_role("heading", name="Hallo Lena").wait_for()
    phone.add_style_tag(content="html { font-size: 200% !important; }")
    settled(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
