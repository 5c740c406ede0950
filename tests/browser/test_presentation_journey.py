"""Presenting, downloading and importing in a real Chromium, offline and without leaving the app."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pypdf
import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import func, select

from models import CheckIn, Couple, Partner, TherapySession
from dashboard.sample_data import demo

pytestmark = pytest.mark.browser

MARKERS = ("REFLECTION-MARKER-7", "NOTE-MARKER-7", "FOCUS-MARKER-7")
HEADER = ("couple,partner,day,pursue,withdraw,anxiety,closeness,cycle_noticed,repaired,practised,"
          "reflection")


@pytest.fixture(scope="module")
def server(app_server):
    """The app server with a reflection, a session note and a focus marked on C-102."""
    with app_server.db.write() as session:
        couple_id = session.scalar(select(Couple.id).where(Couple.code == "C-102"))
        for row in session.scalars(select(CheckIn).where(CheckIn.couple_id == couple_id)):
            row.reflection = MARKERS[0]
        for row in session.scalars(select(TherapySession).where(
                TherapySession.couple_id == couple_id)):
            row.notes, row.focus = MARKERS[1], MARKERS[2]
    return app_server


@pytest.fixture
def offline(page, server):
    """The page; the test fails if any tab of it requests anything outside the app's server."""
    outside = []
    page.context.on("request", lambda request: outside.append(request.url)
                    if not request.url.startswith((server.url, "data:", "blob:")) else None)
    yield page
    assert outside == []


def sign_in(page, server) -> None:
    """helpers.sign_in, waiting on the first "Caseload" heading: while the page reruns after
    signing in, two can be on the page for a moment."""
    page.goto(server.url)
    page.get_by_role("textbox", name="Username").fill(demo.DEMO_USERNAME)
    page.get_by_role("textbox", name="Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Caseload").first.wait_for()
    page.wait_for_function("document.cookie.includes('couples_dashboard_login')")


def settle(page) -> None:
    """Wait until the app has finished its current run."""
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(
        state="attached")


def download(page, target, name: str):
    """Click a download button and return the finished download of that file name.

    Files are made on the server when clicked. A click that lands while the page reruns (the
    sign-in cookie's component reruns it once after loading) can lose the request or get
    another button's file, so the click is repeated once the run is over.
    """
    for attempt in range(3):
        settle(page)
        try:
            with page.expect_download(timeout=15_000) as started:
                target.click()
        except PlaywrightTimeout:
            continue
        if started.value.suggested_filename == name:
            started.value.path()  # waits for the whole file
            return started.value
    raise AssertionError(f"no download of {name}")


def other_couples(server) -> set[str]:
    with server.db.read() as session:
        rows = session.execute(select(Couple.code, Couple.display_name, Partner.display_name)
                               .join(Partner).where(Couple.code != "C-102")).all()
    return {text for row in rows for text in row}


def shown(page) -> str:
    return page.locator("body").inner_text()


def assert_nothing_private(page, server) -> None:
    text = shown(page)
    for private in (*MARKERS, *other_couples(server), "C-102", "Leila & Marcus"):
        assert not re.search(rf"\b{re.escape(private)}\b", text), private


def test_present_a_couple_with_no_sidebar_no_notes_and_no_other_couple(offline, server):
    sign_in(offline, server)
    offline.goto(f"{server.url}/couple?couple=C-102")
    offline.get_by_role("heading", name="C-102 · ").wait_for()
    # Presentation mode opens in its own tab, signed in by the same cookie.
    with offline.context.expect_page() as opened:
        offline.get_by_role("link", name="Present to the couple").click()
    page = opened.value
    page.get_by_role("heading", name="Our pattern since the last session").wait_for()
    assert page.url == f"{server.url}/present?couple=C-102"
    page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for()
    assert page.locator("[data-testid=stSidebar]").count() == 0
    assert page.get_by_role("link", name="Caseload").count() == 0
    assert page.get_by_role("button", name="Sign out").count() == 0
    page.get_by_text("The push-pull showed up on").wait_for()
    assert_nothing_private(page, server)

    page.get_by_role("button", name="Next").click()
    page.get_by_text("Chart 2 of 4").wait_for()
    page.get_by_text("Leila", exact=False).first.wait_for()
    page.get_by_text("Show first names").click()
    page.get_by_text(re.compile(r"^The cycle pulled Partner A|^Partner A (moved|stayed)")
                     ).wait_for()
    assert "Leila" not in shown(page)
    assert_nothing_private(page, server)

    page.get_by_role("heading", name="Our pattern since the last session").click()
    page.keyboard.press("ArrowRight")
    page.get_by_text("Chart 3 of 4").wait_for()
    page.get_by_text("apart on a scale from 0 to 10").wait_for()
    assert_nothing_private(page, server)
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Chart 4 of 4").wait_for()
    assert_nothing_private(page, server)

    page.get_by_role("link", name="Back to the clinician view").click()
    page.get_by_role("heading", name="C-102 · ").wait_for()
    page.locator("[data-testid=stSidebar]").wait_for()


def test_chart_downloads_are_png_at_twice_the_svg_size(offline, server):
    page = offline
    sign_in(page, server)
    page.goto(f"{server.url}/couple?couple=C-101")
    page.get_by_role("heading", name="C-101 · ").wait_for()
    page.get_by_test_id("stDownloadButton").first.wait_for()
    files = {kind: download(page, page.get_by_test_id("stDownloadButton").filter(has_text=kind)
                            .first, f"C-101-timeline.{kind.lower()}") for kind in ("PNG", "SVG")}
    svg = open(files["SVG"].path(), encoding="utf-8").read()
    head = re.search(r"<svg[^>]*>", svg).group(0)
    width, height = (float(re.search(rf'{side}="([\d.]+)"', head).group(1))
                     for side in ("width", "height"))
    with Image.open(files["PNG"].path()) as image:
        assert image.format == "PNG" and image.size == (round(width * 2), round(height * 2))
    assert not re.search(r"(href|src)=\"https?:", svg)


def count(server, code: str) -> int:
    with server.db.read() as session:
        return session.scalar(select(func.count()).select_from(CheckIn).join(Couple)
                              .where(Couple.code == code))


def test_import_preview_confirm_and_export_from_the_couple_page(offline, server, tmp_path):
    page = offline
    days = [date.today() - timedelta(days=n) for n in (60, 59, 58)]
    good = "\n".join([HEADER] + [f"C-106,A,{day},3,2,4,6,no,,,Imported row" for day in days])
    bad = "\n".join([HEADER, f"C-106,A,{days[0]},3,2,4,6,no,,,",
                     f"C-106,B,{days[0]},13,2,4,6,no,,,", f"C-101,B,{days[1]},3,2,4,6,maybe,,,"])
    (tmp_path / "good.csv").write_text(good, encoding="utf-8-sig")
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    before = count(server, "C-106")

    sign_in(page, server)
    page.goto(f"{server.url}/couple?couple=C-106")
    page.get_by_role("heading", name="C-106 · ").wait_for()
    page.get_by_role("tab", name="Import & export").click()
    uploader = page.locator("input[type=file]")

    uploader.set_input_files(str(tmp_path / "bad.csv"))
    page.get_by_text("Nothing can be imported: 2 rows have problems").wait_for()
    assert count(server, "C-106") == before

    uploader.set_input_files(str(tmp_path / "good.csv"))
    page.get_by_text("3 new check-ins for C-106 (3)").wait_for()
    page.get_by_role("button", name="Import 3 check-ins").click()
    page.get_by_text("Imported 3 check-ins.").wait_for()
    assert count(server, "C-106") == before + 3

    page.get_by_role("tab", name="Import & export").click()
    page.locator("input[type=file]").set_input_files(str(tmp_path / "good.csv"))
    page.get_by_text("No new check-ins; 3 rows already stored are skipped.").wait_for()
    assert page.get_by_role("button", name=re.compile(r"^Import \d")).count() == 0

    csv_file = download(page, page.get_by_role("button", name="Download check-ins (CSV)"),
                        "C-106-check-ins.csv")
    exported = open(csv_file.path(), encoding="utf-8").read()
    assert exported.splitlines()[0] == HEADER
    assert f"C-106,A,{days[0]},3,2,4,6,no,,," in exported.splitlines()

    pdf = download(page, page.get_by_role("button", name="Download progress report (PDF)"),
                   f"C-106-progress-report-{date.today().isoformat()}.pdf")
    reader = pypdf.PdfReader(io.BytesIO(open(pdf.path(), "rb").read()))
    assert len(reader.pages) == 6
    assert "Couple C-106" in reader.pages[0].extract_text()
