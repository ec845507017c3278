"""A server that applies requests after the client gave up, and hold replies that get lost.

Each test is a finding of the black-box run against an independent server: it failed before
the settle window, the hidden-hold arithmetic and the evidence of later reads existed.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from app.api.errors import OutcomeUnknown
from app.core.journal import Journal
from app.core.journal_entry import State, Verdict
from app.core.teller import Teller
from app.core.teller_errors import EarlierOperationHappened, ReconciledUnknown, StillChecking
from app.i18n import translate
from app.sandbox import demo
from tests.conftest import set_fault
from tests.money.conftest import LATE_MS
from tests.money.test_fault_matrix import recheck_at_window_end

# Seconds each (a late server, a child process): left out of the per-mutant runs.
pytestmark = pytest.mark.slow

IVAN = demo.CLIENTS[0]
SPEND = Decimal(100)


def spend(teller: Teller, *, hold_ids: tuple[str, ...] = ()) -> None:
    client = teller.loyalty.search(IVAN.phone)
    teller.retail(client, IVAN.phone, Decimal(300), SPEND, hold_ids=hold_ids)


def test_late_server_then_immediate_repeat_is_refused(teller: Teller, sandbox) -> None:
    """Finding 1: the repeat that spent twice. Now it is refused while the first is checked,
    and the verdict after the window is "spent"."""
    set_fault(sandbox, mode="late", latency_ms=LATE_MS, routes=["retail"], count=1)
    with pytest.raises(ReconciledUnknown) as first:
        spend(teller)
    assert first.value.verdict is Verdict.CHECKING  # not "you may repeat"
    with pytest.raises(StillChecking):
        spend(teller)  # the cashier tries at once: nothing is sent
    time.sleep(LATE_MS / 1000 + 0.2)
    entry = recheck_at_window_end(teller, teller.journal.get(first.value.entry_id))
    assert (entry.state, entry.verdict) == (State.DONE, Verdict.SPENT)
    assert sandbox.store.balance(IVAN.id) == 878 - 100
    assert len(sandbox.store.operations(IVAN.id)) == 1


def test_a_repeat_whose_balance_shows_the_earlier_spend_stops_before_sending(
    teller: Teller, sandbox, journal: Journal
) -> None:
    """Even with a settle window too short for this server (2 s against 5 s), the repeat's own
    balance read proves the first spend went through: nothing is sent, the entry is settled."""
    set_fault(sandbox, mode="late", latency_ms=5000, routes=["retail"], count=1)
    with pytest.raises(ReconciledUnknown) as first:
        spend(teller)
    entry_id = first.value.entry_id
    entry = recheck_at_window_end(teller, journal.get(entry_id))
    assert entry.verdict is Verdict.NOT_HAPPENED  # wrong, and about to be found out
    deadline = time.monotonic() + 10
    while not sandbox.store.operations(IVAN.id):  # the server applies it now
        assert time.monotonic() < deadline
        time.sleep(0.1)
    with pytest.raises(EarlierOperationHappened) as stopped:
        spend(teller)
    assert stopped.value.entry.id == entry_id
    assert stopped.value.user_message() == translate("Teller", stopped.value.message_source)
    assert (journal.get(entry_id).state, journal.get(entry_id).verdict) == (
        State.DONE,
        Verdict.SPENT,
    )
    assert len(sandbox.store.operations(IVAN.id)) == 1
    assert sandbox.store.balance(IVAN.id) == 778


def test_a_later_search_settles_an_open_entry(teller: Teller, sandbox, journal: Journal) -> None:
    set_fault(sandbox, mode="late", latency_ms=2500, routes=["retail"], count=1)
    with pytest.raises(ReconciledUnknown) as first:
        spend(teller)
    time.sleep(2.7)
    client = teller.search(IVAN.phone)  # the next customer's search is evidence too
    assert client.balance == 778
    entry = journal.get(first.value.entry_id)
    assert (entry.state, entry.verdict) == (State.DONE, Verdict.SPENT)


def test_lost_hold_reply_then_lost_retail_reply_is_never_not_happened(
    teller: Teller, sandbox, journal: Journal
) -> None:
    """Finding 2: the hold was placed but its reply lost; the retail was applied (ending the
    orphan hold) and its reply lost too. Before and after balances are equal."""
    client = teller.loyalty.search(IVAN.phone)
    set_fault(sandbox, mode="drop", routes=["hold"], count=1)
    with pytest.raises(OutcomeUnknown):
        teller.hold(client, SPEND, 10)
    [orphan] = [h for h in sandbox.store.holds(IVAN.id) if h.state == "active"]
    set_fault(sandbox, mode="drop", routes=["retail"], count=1)
    with pytest.raises(ReconciledUnknown) as lost:
        spend(teller)
    assert sandbox.store.operations(IVAN.id)  # it happened
    entry = recheck_at_window_end(teller, journal.get(lost.value.entry_id))
    assert entry.verdict is Verdict.UNDECIDED  # 778 before and after: cannot tell
    assert entry.verdict is not Verdict.NOT_HAPPENED
    assert not entry.settled
    assert [h.state for h in sandbox.store.holds(IVAN.id) if h.id == orphan.id] == ["operation"]


def test_lost_hold_reply_of_another_size_still_lets_the_balance_decide(
    teller: Teller, sandbox, journal: Journal
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    set_fault(sandbox, mode="drop", routes=["hold"], count=1)
    with pytest.raises(OutcomeUnknown):
        teller.hold(client, Decimal(50), 10)
    set_fault(sandbox, mode="drop", routes=["retail"], count=1)
    client = teller.loyalty.search(IVAN.phone)
    teller.retail(client, IVAN.phone, Decimal(300), SPEND)  # proved spent: no exception
    [entry] = [e for e in journal.entries() if e.kind == "retail"]
    assert (entry.state, entry.verdict) == (State.DONE, Verdict.SPENT)
    assert sandbox.store.balance(IVAN.id) == 778
