"""Each fault the sandbox injects produces the right error; writes are never repeated."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from app.api import errors
from app.api.loyalty import LoyaltyClient
from app.api.timeouts import Timeouts
from app.core.link.state import link_down
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from tests.conftest import set_fault
from tests.tcp_link import black_hole

IVAN = demo.REFERENCE_CLIENT_ID


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("error500", errors.ServerError),
        ("html502", errors.ServerError),
        ("malformed", errors.ProtocolError),
        ("hang", errors.ApiTimeout),
        ("drop", errors.ConnectionFailed),
    ],
)
def test_read_faults_become_their_error_class_after_bounded_retries(
    loyalty: LoyaltyClient, sandbox: SandboxServer, mode: str, error: type[errors.ApiError]
) -> None:
    set_fault(sandbox, mode=mode, routes=["client"])
    with pytest.raises(error) as caught:
        loyalty.search("79200000001")
    assert type(caught.value) is error
    assert caught.value.api == "loyalty"
    assert caught.value.operation == "search"
    assert caught.value.user_message()
    assert caught.value.detail


def test_html_page_detail_is_kept_for_the_log(loyalty: LoyaltyClient, sandbox) -> None:
    set_fault(sandbox, mode="html502", routes=["recalc"])
    with pytest.raises(errors.ServerError) as caught:
        loyalty.recalc(IVAN, Decimal(10))
    assert caught.value.status == 502
    assert "Bad Gateway" in caught.value.log_line()


def test_a_transient_read_failure_is_retried_and_succeeds(loyalty, sandbox) -> None:
    set_fault(sandbox, mode="error500", routes=["client"], count=2)
    assert loyalty.search("79200000001").id == IVAN
    assert sandbox.injector.current().count == 0


def test_read_retries_are_bounded(loyalty: LoyaltyClient, sandbox: SandboxServer) -> None:
    set_fault(sandbox, mode="error500", routes=["recalc"], count=10)
    with pytest.raises(errors.ServerError):
        loyalty.recalc(IVAN, Decimal(10))
    assert sandbox.injector.current().count == 7  # three attempts, no more


def test_protocol_errors_are_not_retried(loyalty: LoyaltyClient, sandbox) -> None:
    set_fault(sandbox, mode="malformed", routes=["client"], count=5)
    with pytest.raises(errors.ProtocolError):
        loyalty.search("79200000001")
    assert sandbox.injector.current().count == 4


@pytest.mark.parametrize(
    ("mode", "phase", "committed", "cause"),
    [
        ("drop", "after", True, errors.ConnectionFailed),
        ("malformed", "after", True, errors.ProtocolError),
        ("hang", "after", True, errors.ApiTimeout),
        ("error500", "after", True, errors.ServerError),
        ("html502", "before", False, errors.ServerError),
        ("hang", "before", False, errors.ApiTimeout),
        ("drop", "before", False, errors.ConnectionFailed),
    ],
)
def test_an_interrupted_retail_is_outcome_unknown_and_never_repeated(
    loyalty: LoyaltyClient,
    sandbox: SandboxServer,
    mode: str,
    phase: str,
    committed: bool,
    cause: type[errors.ApiError],
) -> None:
    set_fault(sandbox, mode=mode, phase=phase, routes=["retail"])
    with pytest.raises(errors.OutcomeUnknown) as caught:
        loyalty.retail(IVAN, Decimal(100), Decimal(50))
    assert type(caught.value.cause) is cause
    assert caught.value.operation == "retail"
    sandbox.injector.clear()
    operations = sandbox.store.operations(IVAN)
    assert len(operations) == (1 if committed else 0)  # one request at most reached the server
    assert sandbox.store.balance(IVAN) == (828 if committed else 878)


def test_retail_is_not_retried_even_on_a_server_error(loyalty, sandbox) -> None:
    set_fault(sandbox, mode="error500", routes=["retail"], count=3)
    with pytest.raises(errors.OutcomeUnknown):
        loyalty.retail(IVAN, Decimal(100), Decimal(0))
    assert sandbox.injector.current().count == 2


def test_a_retail_that_cannot_connect_is_known_not_to_have_happened() -> None:
    with (
        LoyaltyClient("http://127.0.0.1:9", demo.API_KEY, demo.POINT_ID) as client,
        pytest.raises(errors.ConnectionFailed),
    ):
        client.retail(IVAN, Decimal(100), Decimal(0))


def test_hold_is_never_retried(loyalty: LoyaltyClient, sandbox: SandboxServer) -> None:
    set_fault(sandbox, mode="drop", routes=["hold"])
    with pytest.raises(errors.OutcomeUnknown):
        loyalty.hold(IVAN, Decimal(100))
    assert len(sandbox.store.holds(IVAN)) == 1  # the one the server made before the drop


def test_release_is_retried(loyalty: LoyaltyClient, sandbox: SandboxServer) -> None:
    held = loyalty.hold(IVAN, Decimal(100))
    set_fault(sandbox, mode="error500", routes=["release"], count=1)
    loyalty.release(held.id)
    assert [h.state for h in sandbox.store.holds(IVAN)] == ["released"]


def test_latency_is_added(loyalty: LoyaltyClient, sandbox: SandboxServer) -> None:
    set_fault(sandbox, latency_ms=300, routes=["client"])
    started = time.monotonic()
    loyalty.search("79200000001")
    assert time.monotonic() - started >= 0.3


def test_fault_only_touches_its_routes(loyalty: LoyaltyClient, sandbox: SandboxServer) -> None:
    set_fault(sandbox, mode="error500", routes=["retail"])
    assert loyalty.recalc(IVAN, Decimal(100)).spend == 100


def test_connection_refused_is_connection_failed() -> None:
    with (
        LoyaltyClient("http://127.0.0.1:9", demo.API_KEY, demo.POINT_ID) as client,
        pytest.raises(errors.ConnectionFailed),
    ):
        client.search("79200000001")


# What is proved never to have left the machine, and why each is safe to call "not sent":
# no TCP connection was made (refused: nothing listens; no such host: no address to send to),
# or the URL could not be used. A connect timeout (no SYN-ACK in time) is the same, but the
# sandbox on loopback cannot produce one: that row uses httpx's own exception, as its
# transport raises it. Everything after the connection was made may have reached the server.
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9",  # refused
        "http://no-such-host.invalid",  # RFC 2606: never resolves
        "ftp://127.0.0.1:9",  # an unusable URL
    ],
)
def test_a_request_that_found_no_server_never_left(url: str) -> None:
    with LoyaltyClient(url, demo.API_KEY, demo.POINT_ID) as client:
        for call in (lambda: client.search("79200000001"), lambda: client.hold(IVAN, Decimal(1))):
            with pytest.raises(errors.ApiError) as caught:
                call()
            assert caught.value.never_left, caught.value.log_line()
            assert not isinstance(caught.value, errors.OutcomeUnknown)  # even for a write


def test_a_handshake_nobody_answers_is_a_connect_timeout_that_never_left() -> None:
    """A link that drops packets: the connection never opens, so no byte of the request was
    written; the till may offer the offline earn (the link is down)."""
    with (
        black_hole() as url,
        LoyaltyClient(
            url, demo.API_KEY, demo.POINT_ID, timeouts=Timeouts(connect=0.3, read=5.0)
        ) as client,
    ):
        for call in (
            lambda: client.search("79200000001"),
            lambda: client.retail(IVAN, Decimal(100), Decimal(0)),
        ):
            with pytest.raises(errors.ConnectTimeout) as caught:  # not the read timeout's
                call()
            assert caught.value.never_left and link_down(caught.value)


@pytest.mark.parametrize(("mode", "routes"), [("hang", ["client"]), ("drop", ["client"])])
def test_a_request_that_reached_a_server_did_leave(
    loyalty: LoyaltyClient, sandbox: SandboxServer, mode: str, routes: list[str]
) -> None:
    """A read timeout or a connection dropped mid-exchange: the server may have it."""
    set_fault(sandbox, mode=mode, routes=routes)
    with pytest.raises(errors.ApiError) as caught:
        loyalty.search("79200000001")
    assert not caught.value.never_left
    set_fault(sandbox, mode=mode, routes=["hold"])
    with pytest.raises(errors.OutcomeUnknown) as unknown:
        loyalty.hold(IVAN, Decimal(1))
    assert not unknown.value.never_left


def test_admin_route_sets_and_clears_faults(sandbox: SandboxServer) -> None:
    import httpx

    headers = {"apikey": demo.API_KEY}
    reply = httpx.post(
        f"{sandbox.url}/_sandbox/faults",
        headers=headers,
        json={"mode": "html502", "routes": ["client"], "count": 1},
    )
    assert reply.status_code == 200
    assert sandbox.injector.current().mode == "html502"
    bad = httpx.post(f"{sandbox.url}/_sandbox/faults", headers=headers, json={"mode": "nope"})
    assert bad.status_code == 422
    assert httpx.post(f"{sandbox.url}/_sandbox/faults", json={"mode": "hang"}).status_code == 401
    assert httpx.delete(f"{sandbox.url}/_sandbox/faults", headers=headers).json()["mode"] == "none"
