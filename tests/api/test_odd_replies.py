"""Replies a real server plausibly sends, over real HTTP: the sandbox's own fault modes, and
its replies rewritten where a sandbox by construction never sends them (tests/tampering.py).
Each one becomes one sentence in the cashier's words, and a write's outcome stays honest."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from app.api.errors import (
    ClientNotFound,
    FieldRejected,
    OutcomeUnknown,
    ProtocolError,
    Redirected,
    ServerBusy,
    ServerRefused,
)
from app.api.loyalty import LoyaltyClient
from app.api.models import Client, Held
from app.api.reply_text import sentence
from app.core.settings.model import url_problem
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from tests.conftest import set_fault
from tests.tampering import rewrite_reply

IVAN = demo.CLIENTS[0]


def test_429_and_a_503_page_say_the_server_is_busy(loyalty: LoyaltyClient, sandbox) -> None:
    set_fault(sandbox, mode="busy429", routes=["client"])
    with pytest.raises(ServerBusy) as busy:
        loyalty.search(IVAN.phone)
    assert (busy.value.status, busy.value.retry_after) == (429, 7)
    assert busy.value.user_message() == "The server is busy. Try again in 7 s."
    set_fault(sandbox, mode="maintenance503", routes=["client"])
    with pytest.raises(ServerBusy) as maintenance:
        loyalty.search(IVAN.phone)
    assert (maintenance.value.status, maintenance.value.retry_after) == (503, 120)
    assert "busy" in maintenance.value.user_message()


def test_a_429_to_a_write_did_nothing_a_503_to_a_write_is_unknown(
    loyalty: LoyaltyClient, sandbox: SandboxServer
) -> None:
    set_fault(sandbox, mode="busy429", routes=["retail"], count=1)
    with pytest.raises(ServerBusy):
        loyalty.retail(IVAN.id, Decimal(100), Decimal(0))
    set_fault(sandbox, mode="maintenance503", routes=["retail"], count=1)
    with pytest.raises(OutcomeUnknown):  # a proxy's page may stand in front of a server that acted
        loyalty.retail(IVAN.id, Decimal(100), Decimal(0))
    assert sandbox.store.operations(IVAN.id) == []


def test_a_redirect_names_the_address_as_the_problem(loyalty: LoyaltyClient, sandbox) -> None:
    set_fault(sandbox, mode="redirect307", routes=["client"])
    with pytest.raises(Redirected) as moved:
        loyalty.search(IVAN.phone)
    assert "address" in moved.value.user_message()
    assert "new-loyalty.example.ru" in moved.value.detail


def test_success_false_on_200_shows_the_servers_words(loyalty: LoyaltyClient, sandbox) -> None:
    set_fault(sandbox, mode="refused", routes=["client", "retail"])
    with pytest.raises(ServerRefused) as refused:
        loyalty.search(IVAN.phone)
    assert refused.value.user_message() == (
        "The server refused: Operation temporarily unavailable for this point"
    )
    with pytest.raises(ServerRefused):  # a write refused: nothing happened, not "unknown"
        loyalty.retail(IVAN.id, Decimal(100), Decimal(0))


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("Spend can't be more 100", "Spend can't be more 100"),
        (["Too much", "Try 100"], "Too much; Try 100"),
        ({"message": "Too much", "code": 17}, "Too much"),
        ([{"field": "spend", "message": "Too much"}], "Too much"),
        ({"errors": [{"msg": "a"}, {"msg": "b"}]}, "a; b"),
        ("   many\n  spaces  ", "many spaces"),
        (12, "12"),
    ],
)
def test_an_explanation_of_any_shape_is_one_sentence(body: object, said: str) -> None:
    assert sentence(body) == said
    assert len(sentence(["x" * 500])) == 200


def test_a_422_with_a_list_body_is_one_sentence(loyalty: LoyaltyClient) -> None:
    odd = [{"message": "Bad amount"}]
    with (
        rewrite_reply(loyalty, "recalc", {}, status=422, body=odd),
        pytest.raises(FieldRejected) as rejected,
    ):
        loyalty.recalc(IVAN.id, Decimal(100))
    assert rejected.value.user_message() == "Bad amount"


@pytest.mark.parametrize("unit", [1, 1000])
def test_a_hold_until_in_seconds_or_milliseconds_is_read_by_magnitude(
    loyalty: LoyaltyClient, unit: int
) -> None:
    """A hold reply in milliseconds was taken as a lost reply: the hold could not be released
    and the customer's next four sales ended "cannot tell"."""
    until = int(datetime.now(tz=UTC).timestamp()) + 600
    with rewrite_reply(loyalty, "hold", {"until": until * unit}):
        held = loyalty.hold(IVAN.id, Decimal(100), minutes=10)
    assert held.until == datetime.fromtimestamp(until, tz=UTC)
    assert 590 <= held.lasts <= 600
    loyalty.release(held.id)


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        ({"balance": "878,5"}, lambda c: c.balance == Decimal("878.5")),
        ({"balance": " 1 000 "}, lambda c: c.balance == Decimal(1000)),
        ({"id": 12345}, lambda c: c.id == "12345"),
    ],
)
def test_figures_and_ids_as_a_russian_server_may_write_them(
    loyalty: LoyaltyClient, changes: dict, check
) -> None:
    with rewrite_reply(loyalty, "client", changes):
        assert check(loyalty.search(IVAN.phone))


def test_a_null_balance_is_refused_with_a_reason(loyalty: LoyaltyClient) -> None:
    with rewrite_reply(loyalty, "client", {"balance": None}), pytest.raises(ProtocolError) as bad:
        loyalty.search(IVAN.phone)
    assert "balance" in bad.value.detail


def test_a_level_without_a_spend_limit_is_not_stated() -> None:
    client = Client.model_validate(
        {"id": "c", "level": {"type": "cashback", "percent": 10}, "balance": 5}
    )
    assert client.level.max_spend_percent is None


def test_times_in_either_unit() -> None:
    second = 1_796_160_000
    for value in (second, second * 1000, str(second), str(second * 1000)):
        assert Held(id="h", until=value, amount=1).until.timestamp() == second


def test_a_password_inside_the_server_address_is_refused() -> None:
    assert url_problem("https://user:secret@loyalty.example.ru", []) is not None
    assert url_problem("https://loyalty.example.ru", []) is None


def test_client_not_found_is_still_not_found(loyalty: LoyaltyClient) -> None:
    with pytest.raises(ClientNotFound):
        loyalty.search("79990000000")
