"""Take the README's screenshots from the running app on the demo practice.

    .venv/bin/python scripts/screenshots.py        # writes docs/images/*.png

Starts its own server on a temporary database and secrets file; needs Chromium
(/usr/bin/chromium) and the development requirements.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import settings, startup  # noqa: E402
from dashboard.sample_data import demo  # noqa: E402
from tests.browser.server import CHROMIUM_ARGS, AppServer, chromium_path  # noqa: E402

OUT = ROOT / "docs" / "images"
SHOTS = [
    ("caseload.png", "", "Alerts in words"),
    ("couple.png", "/couple?couple=C-102", "Since the last session"),
]


def main() -> int:
    """Start a server, sign in as the demo clinician and save one screenshot per page."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        print("Chromium not found (apt-get install chromium)", file=sys.stderr)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="screenshots-"))
    os.environ["DASHBOARD_SECRETS"] = str(workdir / "secrets.toml")
    settings.ensure_secrets(workdir / "secrets.toml")
    startup.configure()  # like every entry point
    server = AppServer(workdir)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(server.url)
            page.get_by_role("textbox", name="Username").fill(demo.DEMO_USERNAME)
            page.get_by_role("textbox", name="Password").fill(demo.DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("heading", name="Caseload").wait_for()
            page.wait_for_function("document.cookie.includes('couples_dashboard_login')")
            for name, path, ready_text in SHOTS:
                page.goto(server.url + path)
                page.get_by_text(ready_text).first.wait_for()
                if "couple" in path:
                    page.locator(".vega-embed").first.wait_for(state="attached")
                page.wait_for_load_state("networkidle")
                # Streamlit shows a "Stop" control while the script still runs.
                page.get_by_role("button", name="Stop").wait_for(state="detached")
                page.screenshot(path=str(OUT / name), full_page=False)
                print(f"wrote {OUT / name}")
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
