"""Several tills spending from one customer at the same moment never overspend."""

from __future__ import annotations

import threading
from decimal import Decimal

from app.api import errors
from app.api.loyalty import LoyaltyClient
from app.sandbox import demo
from app.sandbox.server import SandboxServer

RICH = demo.CLIENTS[14]  # 100000 points, max spend 30 %


def test_many_tills_spending_at_once_never_overspend(sandbox: SandboxServer) -> None:
    sandbox.store.load_demo()
    start_balance = sandbox.store.balance(demo.REFERENCE_CLIENT_ID)  # 878 points
    tills, attempts_each = 8, 6
    spent: list[Decimal] = []
    refused: list[errors.ApiError] = []
    lock = threading.Lock()
    barrier = threading.Barrier(tills)

    def till(index: int) -> None:
        point = demo.POINT_ID if index % 2 else demo.SECOND_POINT_ID
        with LoyaltyClient(sandbox.url, demo.API_KEY, point) as client:
            barrier.wait()
            for _ in range(attempts_each):
                try:
                    retail = client.retail(demo.REFERENCE_CLIENT_ID, Decimal(100), Decimal(50))
                except errors.FieldRejected as exc:
                    with lock:
                        refused.append(exc)
                else:
                    with lock:
                        spent.append(retail.spend or Decimal(0))

    threads = [threading.Thread(target=till, args=(i,)) for i in range(tills)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    total = sum(spent, Decimal(0))
    assert total <= start_balance
    assert len(spent) == start_balance // 50  # every possible spend went through, no more
    assert len(spent) + len(refused) == tills * attempts_each
    assert sandbox.store.balance(demo.REFERENCE_CLIENT_ID) == start_balance - total
    assert len(sandbox.store.operations(demo.REFERENCE_CLIENT_ID)) == len(spent)


def test_concurrent_holds_never_hold_more_than_the_balance(sandbox: SandboxServer) -> None:
    held: list[Decimal] = []
    lock = threading.Lock()
    barrier = threading.Barrier(6)

    def till() -> None:
        with LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID) as client:
            barrier.wait()
            for _ in range(5):
                try:
                    hold = client.hold(demo.REFERENCE_CLIENT_ID, Decimal(40))
                except errors.FieldRejected:
                    continue
                with lock:
                    held.append(hold.amount)

    threads = [threading.Thread(target=till) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(held, Decimal(0)) <= 878
    assert len(held) == 878 // 40
