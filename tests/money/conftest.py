from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.api.loyalty import LoyaltyClient
from app.api.partner import PartnerClient
from app.api.timeouts import RetryPolicy, Timeouts
from app.core.journal import Journal
from app.core.teller import Teller
from app.sandbox import demo
from app.sandbox.server import SandboxServer

QUICK = Timeouts(connect=1.0, read=1.0)
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
    yield Teller(loyalty, journal, server=sandbox.url, training=True, partner=partner)
    loyalty.close()
    partner.close()
