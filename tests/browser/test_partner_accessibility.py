"""The partner's page in each language passes axe-core (WCAG 2.2 AA) on a phone: the form,
the refusal of an empty send, and the confirmation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashboard.data import links, services

pytestmark = pytest.mark.browser

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright",
                                     reason="axe-playwright-python is not installed")

GREETING = {"en": "Hello ", "de": "Hallo ", "es": "Hola, ", "fr": "Bonjour "}
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                  "wcag22aa"]}}


def serious(page) -> list[str]:
    """Every serious or critical axe-core violation on the page, with where it is, once the
    script has finished (elements of a running script are drawn faded)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelectorAll('[data-stale=true]').length === 0")
    page.wait_for_timeout(300)
    found = axe_playwright.Axe().run(page, options=OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['html'][:160] for n in v['nodes']][:3]}"
            for v in found if v["impact"] in ("serious", "critical")]



@pytest.mark.parametrize("language", ["en", "de", "es", "fr"])
def test_the_partner_page_has_no_serious_violation_in_any_state(phone, app_server, language):
    code = f"A11Y-{language.upper()}"
    services.add_couple(db=app_server.db, clinician="demo", code=code, display_name="A11y",
                        partner_a=services.NewPartner("Noor Vale", "pursuer", language),
                        partner_b=services.NewPartner("Ash Reed", "withdrawer"))
    services.assign_exercise(db=app_server.db, clinician="demo", code=code,
                             exercise_id="ask-plainly", partner="A",
                             start=date.today() - timedelta(days=1), per_week=7)
    issued = links.issue_link(db=app_server.db, clinician="demo", code=code, partner="A",
                              base_url=app_server.url, days=60)
    phone.goto(issued.url)
    phone.get_by_role("heading", name=f"{GREETING[language]}Noor").wait_for()
    phone.wait_for_load_state("networkidle")
    assert serious(phone) == []

    send = phone.locator("[data-testid=stButton] button[kind=primary]").last
    send.click()
    phone.locator("[data-testid=stAlert]").filter(
        has=phone.locator("[data-testid=stAlertContentError]")).first.wait_for()
    phone.wait_for_load_state("networkidle")
    assert serious(phone) == []

    phone.locator("[data-testid=stButtonGroup] button").nth(5).click()
    phone.wait_for_timeout(500)
    phone.locator("[data-testid=stButton] button[kind=primary]").last.click()
    phone.locator("[data-testid=stAlertContentSuccess]").wait_for()
    phone.wait_for_load_state("networkidle")
    assert serious(phone) == []
