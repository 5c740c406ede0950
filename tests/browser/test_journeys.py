"""Whole journeys in a real Chromium: what only a browser shows (charts drawn, cookies, links)."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def test_sign_in_open_a_couple_and_see_the_charts_drawn(page, app_server):
    sign_in(page, app_server)
    page.get_by_text("Alerts in words").wait_for()
    page.goto(f"{app_server.url}/couple?couple=C-102")
    page.get_by_role("heading", name="C-102 · ").wait_for()
    page.get_by_text("Since the last session", exact=True).wait_for()
    # Vega-Embed draws each chart into a canvas or an SVG inside .vega-embed.
    page.locator(".vega-embed").nth(3).wait_for()
    assert page.locator(".vega-embed").count() >= 4
    assert page.locator(".vega-embed canvas, .vega-embed svg").count() >= 4


def test_assign_an_exercise_and_see_it_on_the_couple_page(page, app_server):
    sign_in(page, app_server)
    page.goto(f"{app_server.url}/exercises?couple=C-106")
    # A search with one match selects it, with no click racing the page's rerun.
    page.get_by_role("textbox", name="Search").fill("space come back")
    page.get_by_role("textbox", name="Search").press("Enter")
    page.get_by_text(re.compile(r"^1 of 18 exercises$")).wait_for()
    page.get_by_role("heading", name="Say you need space, and when you will come back").wait_for()
    page.get_by_role("button", name="Stop").wait_for(state="detached")
    page.get_by_role("button", name="Assign exercise").click()
    page.get_by_text("Assigned “Say you need space").wait_for()
    page.goto(f"{app_server.url}/couple?couple=C-106")
    page.get_by_role("tab", name="Exercises").click()
    # The table is drawn on a canvas; its accessible grid cells carry the text.
    page.locator("[role=gridcell]", has_text="Say you need space, and when you will come back"
                 ).first.wait_for(state="attached")


def test_record_a_session_and_see_a_new_interval_start(page, app_server):
    sign_in(page, app_server)
    page.goto(f"{app_server.url}/couple?couple=C-106")
    page.get_by_text("the shift appears after the next session").wait_for()
    page.get_by_role("tab", name="Sessions").click()
    page.get_by_role("textbox", name="Focus").fill("first session: naming the cycle")
    page.get_by_role("button", name="Record session").click()
    page.get_by_text("a new interval starts that day").wait_for()
    page.get_by_text("Since the last session", exact=True).wait_for()


def test_a_half_typed_session_note_survives_a_look_at_another_tab(page, app_server):
    sign_in(page, app_server)
    page.goto(f"{app_server.url}/couple?couple=C-101")
    page.get_by_role("tab", name="Sessions").click()
    notes = page.get_by_role("textbox", name="Private notes")
    notes.fill("They both named the cycle before I did")
    page.get_by_role("tab", name="Check-ins").click()
    page.get_by_text("Reflections are shown exactly as written").wait_for()
    page.get_by_role("button", name="Stop").wait_for(state="detached")
    page.get_by_role("tab", name="Sessions").click()
    assert notes.input_value() == "They both named the cycle before I did"


def test_sign_in_survives_a_reload_and_sign_out_ends_it(page, app_server):
    sign_in(page, app_server)
    page.wait_for_function("document.cookie.includes('couples_dashboard_login')")
    page.reload()
    page.get_by_role("heading", name="Caseload").first.wait_for()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()
    page.reload()
    page.get_by_role("button", name="Sign in").wait_for()
