"""Guards of the money code that mutation testing showed no fast test held: the hidden holds
counted in a verdict are only those made before the retail; F9 waits for a hold's reply; and
the intent is committed before the retail leaves the machine (seen by another connection at
the moment the server receives the request)."""

from __future__ import annotations

import time
from decimal import Decimal

import httpx
import pytest

from app.api.http import NODELAY
from app.api.loyalty import LoyaltyClient
from app.core.journal.entry import Kind, State, Verdict
from app.core.journal.store import Journal
from app.core.ledger.teller import Teller
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from tests.money.conftest import QUICK, SETTLE
from tests.money.test_teller_evidence import lost_hold, open_retail

IVAN = demo.CLIENTS[0]


@pytest.mark.parametrize(
    ("hold_first", "verdict"), [(True, Verdict.UNDECIDED), (False, Verdict.NOT_HAPPENED)]
)
def test_only_holds_made_before_the_retail_are_counted_against_its_verdict(
    teller: Teller, hold_first: bool, verdict: Verdict
) -> None:
    """The balance stays 878 after a lost spend of 100. A lost hold of 100 made before the
    retail could explain that too (the spend happened and ended the hold, whose points came
    back): cannot tell. A hold made after the retail was never in the balance it saw: the
    spend did not happen."""
    if hold_first:
        lost_hold(teller, 100)
        time.sleep(0.01)
    entry = open_retail(teller, Verdict.CHECKING)
    if not hold_first:
        time.sleep(0.01)
        lost_hold(teller, 100)
    judged = teller.examine(IVAN.id, Decimal(878), now=time.time() + SETTLE + 1)
    assert judged is not None
    assert (judged[0].id, judged[1]) == (entry, verdict)


class Witness(httpx.BaseTransport):
    """Passes every request to the sandbox; when the retail arrives, first looks at the journal
    through a connection of its own, as a crash at that instant would leave it."""

    def __init__(self, journal: Journal) -> None:
        self._real = httpx.HTTPTransport(socket_options=NODELAY)
        self._journal = journal
        self.seen: list[tuple[Kind, State, Decimal | None]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/retail"):
            reader = self._journal.reader()
            try:
                self.seen = [(e.kind, e.state, e.spend) for e in reader.entries()]
            finally:
                reader.close()
        return self._real.handle_request(request)


def test_the_intent_is_committed_before_the_retail_leaves(
    sandbox: SandboxServer, journal: Journal
) -> None:
    witness = Witness(journal)
    loyalty = LoyaltyClient(
        sandbox.url, demo.API_KEY, demo.POINT_ID, timeouts=QUICK, transport=witness
    )
    teller = Teller(loyalty, journal, server=sandbox.url, training=True, settle_seconds=SETTLE)
    client = loyalty.search(IVAN.phone)
    teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    assert witness.seen == [(Kind.RETAIL, State.PENDING, Decimal(100))]
    [entry] = journal.entries()
    assert (entry.state, entry.spend) == (State.DONE, Decimal(100))
    loyalty.close()
