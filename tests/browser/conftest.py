"""Browser tests: headless Debian Chromium driven by Playwright, against the app served by a real
WSGI server (werkzeug) in a thread, on the test database. No browser is ever downloaded: Playwright
launches /usr/bin/chromium (``.ci/run`` installs it with apt-get when it is missing)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _needs_chromium():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")


@pytest.fixture(scope="session")
def live_url(app):
    """The app on 127.0.0.1 and a free port, served by werkzeug's WSGI server in a thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium, live_url):
    """``open_page()`` → a fresh page (its own cookies) on a desktop or, with ``phone=True``, a
    390×844 window; every page is closed after the test."""
    contexts = []

    def make(*, phone: bool = False):
        options = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True} if phone \
            else {"viewport": {"width": 1280, "height": 900}}
        context = chromium.new_context(base_url=live_url, locale="vi-VN", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, email: str, password: str):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login")


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
