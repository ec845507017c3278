"""Arbitrary replies never crash a client: they become a taxonomy error.

The replies come from an in-memory transport: the sandbox cannot be made to send arbitrary bytes.
"""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api import errors
from app.api.imshop import ImshopClient
from app.api.loyalty import LoyaltyClient
from app.api.partner import PartnerClient

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
statuses = st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 422, 429, 500, 502, 503])


def clients(status: int, body: bytes) -> list:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    loyalty = LoyaltyClient("http://loyalty.test", "k", "p", transport=transport)
    loyalty._api.retry = loyalty._api.retry.__class__(attempts=1)
    imshop = ImshopClient("http://irp.test/h", "http://irp.test/i", transport=transport)
    imshop._api.retry = loyalty._api.retry
    partner = PartnerClient("k", "http://moab.test/api/Register/Add", transport=transport)
    return [
        lambda: loyalty.search("79200000001"),
        lambda: loyalty.recalc("c", Decimal(10)),
        lambda: loyalty.hold("c", Decimal(10)),
        lambda: loyalty.release("h"),
        lambda: loyalty.retail("c", Decimal(10), Decimal(0)),
        lambda: imshop.bonus_history("u"),
        lambda: imshop.invitation("u"),
        lambda: partner.enrol("a@b.ru"),
    ]


def exercise(status: int, body: bytes) -> None:
    for call in clients(status, body):
        try:
            call()
        except errors.ApiError as exc:
            assert exc.detail
            assert exc.log_line()


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(status=statuses, body=st.binary(max_size=300))
def test_arbitrary_bytes(status: int, body: bytes) -> None:
    exercise(status, body)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(status=statuses, value=json_values)
def test_arbitrary_json(status: int, value: object) -> None:
    exercise(status, json.dumps(value).encode())


@settings(max_examples=100, deadline=None)
@given(value=json_values)
def test_arbitrary_json_inside_a_plausible_reply(value: object) -> None:
    for key in ("client", "recalc", "held", "retail", "bonuses", "url", "status", "error"):
        exercise(200, json.dumps({"success": True, key: value}).encode())
