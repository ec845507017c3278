"""The sandbox's "link down": the port refuses connections, so a till's request provably never
leaves it; the link back up answers at the same address with the same data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.api import errors
from app.api.loyalty import LoyaltyClient
from app.sandbox import demo
from app.sandbox.server import SandboxServer

IVAN = demo.CLIENTS[0]


def test_a_link_down_refuses_and_a_link_up_answers_with_the_same_data(
    sandbox: SandboxServer, loyalty: LoyaltyClient
) -> None:
    before = loyalty.search(IVAN.phone).balance
    sandbox.link_down()
    with pytest.raises(errors.Unreachable) as read:
        loyalty.search(IVAN.phone)
    with pytest.raises(errors.Unreachable) as write:
        loyalty.retail(IVAN.id, Decimal(100), Decimal(0))  # never "outcome unknown"
    assert read.value.never_left and write.value.never_left
    assert sandbox.store.operations(IVAN.id) == []  # nothing arrived
    sandbox.link_up()
    assert loyalty.search(IVAN.phone).balance == before
    assert loyalty.retail(IVAN.id, Decimal(100), Decimal(0)).earn is not None
