"""A till process for the SIGKILL test: sends one journaled retail and waits for its reply."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from app.api.loyalty import LoyaltyClient
from app.api.timeouts import Timeouts
from app.core.journal import Journal
from app.core.teller import Teller
from app.sandbox import demo


def main(url: str, journal_path: str) -> None:
    loyalty = LoyaltyClient(url, demo.API_KEY, demo.POINT_ID, timeouts=Timeouts(read=120))
    teller = Teller(loyalty, Journal(Path(journal_path)), server=url, training=True)
    client = loyalty.search(demo.CLIENTS[0].phone)
    print("searching done", flush=True)
    teller.retail(client, demo.CLIENTS[0].phone, Decimal(300), Decimal(100))
    print("retail returned: the test expected to kill us before", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
