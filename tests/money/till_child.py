"""A till process for the SIGKILL tests: sends one journaled retail and waits for its reply,
or (``queued``) records three offline earns and posts them."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from app.api.loyalty import LoyaltyClient
from app.api.timeouts import Timeouts
from app.core.journal.store import Journal
from app.core.ledger.earn_queue import post_queued
from app.core.ledger.teller import Teller
from app.sandbox import demo


def main(url: str, journal_path: str, mode: str = "retail") -> None:
    loyalty = LoyaltyClient(url, demo.API_KEY, demo.POINT_ID, timeouts=Timeouts(read=120))
    teller = Teller(loyalty, Journal(Path(journal_path)), server=url, training=True)
    if mode == "queued":
        for client, amount in zip(demo.CLIENTS[:3], (300, 1000, 50), strict=True):
            teller.queue_earn(client.phone, Decimal(amount))
        print("queued", flush=True)
        post_queued(teller)
        print("posted: the test expected to kill us before", flush=True)
        return
    client = loyalty.search(demo.CLIENTS[0].phone)
    print("searching done", flush=True)
    teller.retail(client, demo.CLIENTS[0].phone, Decimal(300), Decimal(100))
    print("retail returned: the test expected to kill us before", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
