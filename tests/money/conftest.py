from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.api.loyalty import LoyaltyClient
from app.api.partner import PartnerClient
from app.api.timeouts import RetryPolicy, Timeouts
from app.core.journal.store import Journal
from app.core.ledger.teller import Teller
from app.sandbox import demo
from app.sandbox.server import SandboxServer

QUICK = Timeouts(connect=1.0, read=1.0)
SETTLE = 2.0  # the settle window for the tests: two read timeouts (default: three + connect)
LATE_MS = 1500  # a late server applies the request after the client gave up, inside SETTLE
FAST_RETRY = RetryPolicy(attempts=3, first_wait=0.01, max_wait=0.05)


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal(tmp_path / "journal.sqlite3")
    yield journal
    journal.close()


@pytest.fixture
def teller(sandbox: SandboxServer, journal: Journal) -> Iterator[Teller]:
    loyalty = LoyaltyClient(
        sandbox.url, demo.API_KEY, demo.POINT_ID, timeouts=QUICK, retry=FAST_RETRY
    )
    partner = PartnerClient(demo.PARTNER_KEY, f"{sandbox.url}/api/Register/Add")
    partner._api._client.timeout = QUICK.for_httpx()  # the matrix cannot wait 20 s per hang
    yield Teller(
        loyalty, journal, server=sandbox.url, training=True, partner=partner, settle_seconds=SETTLE
    )
    loyalty.close()
    partner.close()
