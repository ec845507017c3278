"""IMSHOP history and invitation, and MOAB partner enrolment, against the sandbox."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.api import errors
from app.api.imshop import ImshopClient
from app.api.loyalty import LoyaltyClient
from app.api.partner import PartnerClient
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from tests.conftest import set_fault

IVAN = demo.REFERENCE_CLIENT_ID


def test_history_of_the_reference_customer(imshop: ImshopClient, sandbox) -> None:
    history = imshop.bonus_history(IVAN).bonuses
    assert len(history) == 4
    assert sum(e.added for e in history) == 978
    assert sum(e.expired for e in history) == 100
    now = datetime.fromtimestamp(sandbox.store.clock.now(), tz=UTC)
    assert any(e.expiration is None for e in history)
    assert any(e.expiration is not None and e.expiration < now for e in history)


def test_history_by_phone_works_like_by_id(imshop: ImshopClient) -> None:
    assert imshop.bonus_history("79200000001") == imshop.bonus_history(IVAN)


def test_history_grows_with_earned_operations(imshop, loyalty: LoyaltyClient) -> None:
    from decimal import Decimal

    before = len(imshop.bonus_history(IVAN).bonuses)
    loyalty.retail(IVAN, Decimal(500), Decimal(0))
    history = imshop.bonus_history(IVAN).bonuses
    assert len(history) == before + 1
    newest = max(history, key=lambda e: e.activation)
    assert newest.added == 50
    assert newest.expiration is not None


def test_unknown_user_has_an_empty_history(imshop: ImshopClient) -> None:
    assert imshop.bonus_history("nobody").bonuses == []


@pytest.mark.parametrize(
    ("mode", "error"), [("error500", errors.ServerError), ("malformed", errors.ProtocolError)]
)
def test_history_service_failure_is_reported(imshop, sandbox, mode, error) -> None:
    set_fault(sandbox, mode=mode, routes=["history"])
    with pytest.raises(error):
        imshop.bonus_history(IVAN)


def test_invitation_with_and_without_code(imshop: ImshopClient) -> None:
    with_code = imshop.invitation(IVAN)
    assert with_code.referral_code == "AAA123"
    assert with_code.url.startswith("https://")
    without = imshop.invitation(demo.CLIENTS[4].id)
    assert without.referral_code is None
    assert without.url.startswith("https://")


def test_invitation_for_an_unknown_user_is_a_protocol_error(imshop: ImshopClient) -> None:
    with pytest.raises(errors.ProtocolError):
        imshop.invitation("nobody")


def test_partner_enrolment_then_duplicate(partner: PartnerClient, sandbox) -> None:
    partner.enrol("new.customer@example.ru")
    assert "new.customer@example.ru" in sandbox.store.enrolled(demo.PARTNER_KEY)
    with pytest.raises(errors.PartnerRejected) as caught:
        partner.enrol("NEW.customer@example.ru")
    assert caught.value.code == 10
    assert caught.value.already_done


@pytest.mark.parametrize(
    ("key", "email", "code"),
    [
        ("", "a@example.ru", 2),
        ("not-a-guid", "a@example.ru", 3),
        (demo.PARTNER_KEY, "", 4),
        (demo.PARTNER_KEY, "not an email", 5),
        ("11111111-2222-3333-4444-555555555555", "a@example.ru", 6),
        (demo.PARTNER_KEY_NOT_STARTED, "a@example.ru", 7),
        (demo.PARTNER_KEY_ENDED, "a@example.ru", 8),
        (demo.PARTNER_KEY_FULL, "second@example.ru", 9),
        (demo.PARTNER_KEY, "already@example.ru", 10),
    ],
)
def test_partner_error_codes(sandbox: SandboxServer, key: str, email: str, code: int) -> None:
    with (
        PartnerClient(key, f"{sandbox.url}/api/Register/Add") as client,
        pytest.raises(errors.PartnerRejected) as caught,
    ):
        client.enrol(email)
    assert caught.value.code == code
    assert caught.value.user_message()


def test_partner_error_1_for_an_empty_body(sandbox: SandboxServer) -> None:
    import httpx

    reply = httpx.post(f"{sandbox.url}/api/Register/Add", content=b"")
    assert (reply.status_code, reply.json()) == (200, {"status": "fail", "error": 1})


def test_partner_error_11_injected(partner: PartnerClient, sandbox: SandboxServer) -> None:
    set_fault(sandbox, mode="partner_error", code=11, routes=["partner"])
    with pytest.raises(errors.PartnerRejected) as caught:
        partner.enrol("x@example.ru")
    assert caught.value.retry_later


def test_partner_timeout_is_at_least_15_seconds() -> None:
    from app.api.timeouts import Timeouts

    client = PartnerClient(demo.PARTNER_KEY, timeouts=Timeouts(read=2))
    assert client._api._client.timeout.read >= 15
    client.close()


def test_partner_enrolment_is_never_retried(partner, sandbox) -> None:
    set_fault(sandbox, mode="error500", routes=["partner"], count=3)
    with pytest.raises(errors.OutcomeUnknown):
        partner.enrol("x@example.ru")
    assert sandbox.injector.current().count == 2
