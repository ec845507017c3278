"""A web POS in a real headless Chromium hands a sale to the till (#37): the example page
(docs/examples/pos_page.html) served from an origin on the till's allow-list signs its request
with WebCrypto, the cashier confirms in the window with real keys, and the page reads the
till's signed outcome; the same page from an origin not on the list is refused by the browser
(no readable reply) and nothing reaches the till.

Debian's ``chromium`` (``.ci/run`` installs it); without it the test is skipped, except under
CI, where it fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest

from app.core.sale.state import Phase
from app.handoff.desk import HandoffDesk
from app.sandbox import demo
from app.ui.cashier.main_window import MainWindow
from tests.ui.test_cashier_flow import confirm, find

PAGE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "pos_page.html"
TOKEN = "browser-pos-token-0123456789abcdef"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class PageServer:
    """Serves the example page and takes the page's report of what happened."""

    def __init__(self) -> None:
        self.reports: list[dict[str, object]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                data = PAGE.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                server.reports.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium (see .ci/run)")
        pytest.skip("no chromium here")
    return CHROMIUM


@pytest.fixture
def pages() -> Iterator[PageServer]:
    server = PageServer()
    yield server
    server.close()


def open_in_chromium(chromium: str, url: str, profile: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            chromium,
            "--headless=new",
            "--no-sandbox",  # root in CI
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            url,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_web_pos_sale_through_a_real_browser(
    qtbot, window: MainWindow, sandbox, pages: PageServer, chromium: str, tmp_path: Path
) -> None:
    from app.handoff.http_endpoint import HttpEndpoint

    allowed = f"http://127.0.0.1:{pages.port}"
    window.handoff = HandoffDesk(window, window.controller, window)
    endpoint = HttpEndpoint(window.handoff, 0, TOKEN, origins=[allowed]).start()
    query = {"till": endpoint.port, "token": TOKEN, "amount": "250,00", "receipt": "WEB-1"}
    browsers = []
    try:
        # The same page from an origin not on the list: the browser reads nothing back
        stranger = f"http://localhost:{pages.port}/?" + urlencode(
            {**query, "auto": 1, "report": f"http://localhost:{pages.port}/report"}
        )
        browsers.append(open_in_chromium(chromium, stranger, tmp_path / "stranger"))
        qtbot.waitUntil(lambda: len(pages.reports) == 1, timeout=60000)
        assert "error" in pages.reports[0], pages.reports[0]
        assert "Failed to fetch" in str(pages.reports[0]["error"])
        assert window.handoff.ticket is None  # nothing reached the till

        page = f"{allowed}/?" + urlencode({**query, "auto": 1, "report": f"{allowed}/report"})
        browsers.append(open_in_chromium(chromium, page, tmp_path / "pos"))
        qtbot.waitUntil(lambda: window.handoff.waiting is not None, timeout=60000)
        find(qtbot, window, demo.CLIENTS[0].phone)
        qtbot.waitUntil(lambda: window.controller.checkout.recalc is not None)
        confirm(qtbot, window)
        qtbot.waitUntil(lambda: window.controller.checkout.phase is Phase.DONE)
        qtbot.waitUntil(lambda: len(pages.reports) == 2, timeout=60000)
    finally:
        for browser in browsers:
            browser.kill()
            browser.wait(timeout=20)
        endpoint.stop()
    said = pages.reports[1]
    assert said["status"] == 200, said
    outcome = said["outcome"]
    assert isinstance(outcome, dict)
    assert (outcome["outcome"], outcome["receipt"], outcome["points_earned"]) == (
        "earned",
        "WEB-1",
        "25",
    )
    assert sandbox.store.balance(demo.REFERENCE_CLIENT_ID) == 903
