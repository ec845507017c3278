"""The loyalty client against the sandbox over real HTTP: every endpoint, error and hold rule."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from app.api import errors
from app.api.loyalty import LoyaltyClient
from app.sandbox import demo
from app.sandbox.server import SandboxServer

IVAN = demo.REFERENCE_CLIENT_ID
SILVER = demo.CLIENTS[1]  # 1500 points, max spend 50 %
GOLD = demo.CLIENTS[2]  # 2400 points, max spend 30 %, 7 %
DISCOUNT = demo.CLIENTS[3]  # 5 % discount


@pytest.mark.parametrize(
    "typed",
    [
        "79200000001",
        "+7 (920) 000-00-01",
        "8 920 0000001",
        "9200000001",
        "7000000000000001",
        "100001",
        " 89200000001 ",
    ],
)
def test_search_by_phone_card_or_app_code(loyalty: LoyaltyClient, typed: str) -> None:
    from app.core.sale.search import normalise_search

    client = loyalty.search(normalise_search(typed))
    assert client.id == IVAN
    assert client.name == "ИВАН"
    assert client.balance == Decimal(878)
    assert client.level.title == "Бонусы"
    assert client.phone == "79200000001"


def test_search_unknown_client(loyalty: LoyaltyClient) -> None:
    with pytest.raises(errors.ClientNotFound) as caught:
        loyalty.search("79999999999")
    assert caught.value.fields == {"client": "Client not found."}


def test_unknown_point(sandbox: SandboxServer) -> None:
    with (
        LoyaltyClient(sandbox.url, demo.API_KEY, "000000000000000000000000") as client,
        pytest.raises(errors.PointNotFound) as caught,
    ):
        client.search("79200000001")
    assert caught.value.fields == {"point": "Point not found."}


@pytest.mark.parametrize("key", ["", "wrong"])
def test_wrong_or_missing_key_is_refused(sandbox: SandboxServer, key: str) -> None:
    with (
        LoyaltyClient(sandbox.url, key, demo.POINT_ID) as client,
        pytest.raises(errors.KeyRejected),
    ):
        client.search("79200000001")


def test_recalc_cashback_limits(loyalty: LoyaltyClient) -> None:
    recalc = loyalty.recalc(IVAN, Decimal(100))
    assert (recalc.spend, recalc.earn, recalc.percent, recalc.type) == (100, 10, 10, "cashback")
    big = loyalty.recalc(IVAN, Decimal("5000.50"))
    assert big.spend == 878  # limited by the balance
    assert big.earn == 500  # 500.05 rounded down to whole points


def test_recalc_max_spend_percent(loyalty: LoyaltyClient) -> None:
    assert loyalty.recalc(SILVER.id, Decimal(1000)).spend == 500
    assert loyalty.recalc(GOLD.id, Decimal("999.99")).spend == 299


def test_discount_level(loyalty: LoyaltyClient) -> None:
    client = loyalty.search(DISCOUNT.phone)
    assert (client.level.type, client.balance) == ("discount", 0)
    recalc = loyalty.recalc(DISCOUNT.id, Decimal("1234.50"))
    assert (recalc.spend, recalc.percent, recalc.type) == (0, 5, "discount")
    retail = loyalty.retail(DISCOUNT.id, Decimal("1234.50"), Decimal(0))
    assert retail.total == Decimal("1172.77")  # 61.725 discount rounded half up
    with pytest.raises(errors.FieldRejected) as caught:
        loyalty.retail(DISCOUNT.id, Decimal(100), Decimal(1))
    assert caught.value.fields == {"spend": "Spend can't be more 0"}


def test_retail_spend_and_earn_change_the_balance(
    loyalty: LoyaltyClient, sandbox: SandboxServer
) -> None:
    spent = loyalty.retail(IVAN, Decimal(100), Decimal(100))
    assert (spent.spend, spent.earn, spent.total) == (100, None, 0)
    assert sandbox.store.balance(IVAN) == 778
    earned = loyalty.retail(IVAN, Decimal("250.00"), Decimal(0))
    assert (earned.spend, earned.earn, earned.total) == (None, 25, 250)
    assert loyalty.search("79200000001").balance == 803


def test_spend_over_the_limit_is_a_field_rejection(loyalty: LoyaltyClient) -> None:
    with pytest.raises(errors.FieldRejected) as caught:
        loyalty.retail(IVAN, Decimal(100), Decimal(101))
    assert caught.value.fields == {"spend": "Spend can't be more 100"}
    assert caught.value.field_message("spend") is not None
    assert "100" in caught.value.field_message("spend")


def test_unknown_client_in_recalc_and_retail(loyalty: LoyaltyClient) -> None:
    with pytest.raises(errors.ClientNotFound):
        loyalty.recalc("62a999999999999999999999", Decimal(10))
    with pytest.raises(errors.ClientNotFound):
        loyalty.retail("62a999999999999999999999", Decimal(10), Decimal(0))


@pytest.mark.parametrize(
    ("amount", "field"),
    [(Decimal(0), "amount"), (Decimal(-5), "amount"), (Decimal("1.001"), "amount")],
)
def test_nonsense_amounts_are_rejected_at_their_field(
    loyalty: LoyaltyClient, amount: Decimal, field: str
) -> None:
    with pytest.raises(errors.FieldRejected) as caught:
        loyalty.recalc(IVAN, amount)
    assert field in caught.value.fields


def test_hold_counts_against_the_balance_until_named(
    loyalty: LoyaltyClient, sandbox: SandboxServer
) -> None:
    held = loyalty.hold(IVAN, Decimal(300))
    assert held.amount == 300
    assert 595 <= (held.until.timestamp() - sandbox.store.clock.now()) <= 601
    assert loyalty.search("79200000001").balance == 578
    assert loyalty.search("79200000001", hold_ids=[held.id]).balance == 878
    assert loyalty.recalc(IVAN, Decimal(2000)).spend == 578
    assert loyalty.recalc(IVAN, Decimal(2000), hold_ids=[held.id]).spend == 878


def test_hold_then_retail_with_the_hold(loyalty: LoyaltyClient, sandbox: SandboxServer) -> None:
    held = loyalty.hold(IVAN, Decimal(878))
    with pytest.raises(errors.FieldRejected):
        loyalty.retail(IVAN, Decimal(1000), Decimal(878))  # without naming the hold: 0 available
    retail = loyalty.retail(IVAN, Decimal(1000), Decimal(878), hold_ids=[held.id])
    assert retail.spend == 878
    assert sandbox.store.balance(IVAN) == 0
    assert [h.state for h in sandbox.store.holds(IVAN)] == ["operation"]


def test_hold_more_than_available_is_refused(loyalty: LoyaltyClient) -> None:
    with pytest.raises(errors.FieldRejected) as caught:
        loyalty.hold(IVAN, Decimal(879))
    assert "amount" in caught.value.fields


@pytest.mark.parametrize("minutes", [0, 31, 100])
def test_hold_duration_outside_1_to_30_is_refused_by_the_server(
    sandbox: SandboxServer, minutes: int
) -> None:
    body = {"client": IVAN, "point": demo.POINT_ID, "amount": 10, "duration": minutes}
    reply = httpx.post(
        f"{sandbox.url}/integration/general/bonuses/hold",
        json=body,
        headers={"apikey": demo.API_KEY},
    )
    assert reply.status_code == 422
    assert set(reply.json()) == {"duration"}


def test_hold_duration_is_checked_before_sending(loyalty: LoyaltyClient, sandbox) -> None:
    with pytest.raises(ValueError, match=r"1\.\.30"):
        loyalty.hold(IVAN, Decimal(10), minutes=31)
    assert sandbox.store.holds(IVAN) == []


def test_hold_custom_duration_and_expiry(loyalty: LoyaltyClient, sandbox: SandboxServer) -> None:
    held = loyalty.hold(IVAN, Decimal(100), minutes=30)
    assert 1795 <= held.until.timestamp() - sandbox.store.clock.now() <= 1801
    sandbox.store.clock.offset += 29 * 60
    assert loyalty.search("79200000001").balance == 778
    sandbox.store.clock.offset += 2 * 60
    assert loyalty.search("79200000001").balance == 878
    assert [h.state for h in sandbox.store.holds(IVAN)] == ["expired"]


def test_release_ends_a_hold_and_succeeds_for_unknown_holds(
    loyalty: LoyaltyClient, sandbox: SandboxServer
) -> None:
    held = loyalty.hold(IVAN, Decimal(100))
    loyalty.release(held.id)
    loyalty.release(held.id)  # again: still success
    loyalty.release("no-such-hold")
    assert [h.state for h in sandbox.store.holds(IVAN)] == ["released"]
    assert loyalty.search("79200000001").balance == 878


def test_retail_at_the_point_ends_every_hold_there(
    loyalty: LoyaltyClient, sandbox: SandboxServer
) -> None:
    ivan_hold = loyalty.hold(IVAN, Decimal(100))
    silver_hold = loyalty.hold(SILVER.id, Decimal(200))
    with LoyaltyClient(sandbox.url, demo.API_KEY, demo.SECOND_POINT_ID) as other_till:
        elsewhere = other_till.hold(GOLD.id, Decimal(300))
    loyalty.retail(DISCOUNT.id, Decimal(50), Decimal(0))  # another customer, same point
    states = {h.id: h.state for h in sandbox.store.holds()}
    assert states == {
        ivan_hold.id: "operation",
        silver_hold.id: "operation",
        elsewhere.id: "active",
    }
    assert loyalty.search(SILVER.phone).balance == 1500


def test_a_new_hold_does_not_end_other_holds(loyalty: LoyaltyClient, sandbox) -> None:
    first = loyalty.hold(IVAN, Decimal(100))
    loyalty.hold(SILVER.id, Decimal(100))
    assert {h.id: h.state for h in sandbox.store.holds(IVAN)} == {first.id: "active"}


def test_points_are_whole_numbers(sandbox: SandboxServer) -> None:
    body = {"client": IVAN, "point": demo.POINT_ID, "amount": 100, "spend": 10.5}
    reply = httpx.post(
        f"{sandbox.url}/integration/general/retail", json=body, headers={"apikey": demo.API_KEY}
    )
    assert reply.status_code == 422
    assert set(reply.json()) == {"spend"}


def test_request_body_that_is_not_json(sandbox: SandboxServer) -> None:
    reply = httpx.post(
        f"{sandbox.url}/integration/general/recalc",
        content=b"{oops",
        headers={"apikey": demo.API_KEY},
    )
    assert reply.status_code == 422
    assert set(reply.json()) == {"body"}


def test_photo_is_served_for_clients_with_a_photo(loyalty: LoyaltyClient) -> None:
    client = loyalty.search("79200000001")
    assert client.photo is not None
    reply = httpx.get(client.photo)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("image/svg+xml")
    assert loyalty.search(demo.CLIENTS[8].phone).photo is None


def test_demo_customers_cover_what_a_cashier_meets(loyalty: LoyaltyClient, sandbox) -> None:
    found = [loyalty.search(c.phone) for c in demo.CLIENTS]
    assert len(found) >= 21
    assert {c.level.type for c in found} == {"cashback", "discount"}
    assert {c.level.max_spend_percent for c in found} >= {Decimal(100), Decimal(50), Decimal(30)}
    assert any(c.balance == 0 and c.level.type == "cashback" for c in found)
    assert any(c.photo is None for c in found)
    assert any(c.email is None for c in found)
    assert any(
        c.birthday
        and (c.birthday.month, c.birthday.day)
        == (sandbox.store.today().month, sandbox.store.today().day)
        for c in found
    )
    assert max(len(c.name) for c in found) > 40
