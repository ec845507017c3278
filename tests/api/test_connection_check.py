"""The connection check passes only on an answer of the documented shape."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from app.core.link.connection_check import Verdict, check_imshop, check_partner
from app.core.settings.model import Profile
from app.sandbox import demo
from tests.conftest import set_fault
from tests.local_http import serve


class Hostile(BaseHTTPRequestHandler):
    """What answers at a wrong address: a redirect, a login page, a 404."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:1/login")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path.startswith("/login"):
            body, status, kind = b"<html><body>Sign in</body></html>", 200, "text/html"
        else:
            body, status, kind = b"<html>Not Found</html>", 404, "text/html"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    with serve(Hostile) as url:
        yield url


def profile(**urls: str) -> Profile:
    return Profile(base_url="http://127.0.0.1:1", point="p1", read_timeout=2, **urls)


def test_the_sandbox_invitation_and_history_pass(sandbox) -> None:
    results = check_imshop(
        profile(
            history_url=f"{sandbox.url}/irp/bonus-history",
            invitation_url=f"{sandbox.url}/irp/invitation",
        ),
        True,
        None,
    )
    assert [(r.api, r.verdict) for r in results] == [
        ("history", Verdict.OK),
        ("invitation", Verdict.OK),
    ]


@pytest.mark.parametrize("path", ["/redirect", "/login", "/missing"])
def test_a_wrong_invitation_address_fails(hostile: str, path: str) -> None:
    [result] = check_imshop(profile(invitation_url=f"{hostile}{path}"), True, None)
    assert result.verdict is Verdict.FAILED
    expected = "another address" if path == "/redirect" else "not in the documented shape"
    assert expected in result.text()


@pytest.mark.parametrize("path", ["/redirect", "/login", "/missing"])
def test_a_wrong_history_address_fails(hostile: str, path: str) -> None:
    [result] = check_imshop(profile(history_url=f"{hostile}{path}"), True, None)
    assert result.verdict is Verdict.FAILED


@pytest.mark.parametrize("path", ["/redirect", "/login"])
def test_the_partner_probe_on_a_wrong_address_is_worded_as_a_probe(hostile: str, path: str) -> None:
    result = check_partner(profile(partner_url=f"{hostile}{path}"), "key", True)
    assert result.verdict is Verdict.FAILED
    assert "nothing was enrolled" in result.message
    assert "not known whether" not in result.text()


def test_the_partner_probe_against_the_sandbox_passes(sandbox) -> None:
    result = check_partner(
        profile(partner_url=f"{sandbox.url}/api/Register/Add"), demo.PARTNER_KEY, True
    )
    assert result.verdict is Verdict.OK


def test_a_partner_server_error_is_worded_as_a_probe(sandbox) -> None:
    set_fault(sandbox, mode="error500", routes=["partner"])
    result = check_partner(profile(partner_url=f"{sandbox.url}/api/Register/Add"), "key", True)
    assert result.verdict is Verdict.FAILED
    assert "nothing was enrolled" in result.message


@pytest.mark.parametrize(
    ("server_ahead", "verdict", "said"),
    [
        (0.0, Verdict.OK, "agrees"),
        (7 * 60.0, Verdict.WARNING, "7 min behind"),
        (-7 * 60.0, Verdict.WARNING, "7 min ahead"),
    ],
)
def test_the_check_compares_the_tills_clock_with_the_servers(
    sandbox, server_ahead: float, verdict: Verdict, said: str
) -> None:
    """The sandbox's clock is moved: its replies' Date is what a server's own clock says."""
    from app.core.link.connection_check import check_all

    sandbox.store.clock.offset = server_ahead
    checked = Profile(base_url=sandbox.url, point=demo.POINT_ID, read_timeout=2)
    results = check_all(
        "p", checked, lambda _profile, key: demo.API_KEY if key == "loyalty" else None
    )
    [clock] = [r for r in results if r.api == "clock"]
    assert clock.verdict is verdict
    assert said in clock.text()
    assert float(clock.detail.split()[2]) == pytest.approx(server_ahead, abs=2)
