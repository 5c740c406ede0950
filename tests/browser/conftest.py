"""Browser tests: a real `streamlit run` on a free port, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.server import CHROMIUM_ARGS, ROOT, AppServer, chromium_path

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium found at /usr/bin/chromium (apt-get install chromium); "
                    ".ci/run installs it so CI runs these tests")
    return path


@pytest.fixture(scope="module")
def app_server(tmp_path_factory, chromium_executable) -> Iterator[AppServer]:
    server = AppServer(tmp_path_factory.mktemp("browser"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_executable,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context (no cookies); saves a screenshot when the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


# A phone as the partners hold it; a module may set its own PHONE (e.g. a narrower one).
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


@pytest.fixture
def phone(browser, request):
    """A fresh phone-sized browser context (no cookies, no login; downloads kept)."""
    context = browser.new_context(**getattr(request.module, "PHONE", PHONE),
                                  accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
