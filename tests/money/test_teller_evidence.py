"""The teller's verdict logic, fast: journal entries set up directly, the clock passed in."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from app.core.journal.entry import Kind, State, Verdict
from app.core.journal.store import Journal
from app.core.ledger.teller import EVIDENCE_SECONDS, GATEWAY_SETTLE_SECONDS, Teller
from app.core.ledger.teller_errors import BalanceUnread, EarlierOperationHappened, StillChecking
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from tests.conftest import set_fault
from tests.tampering import rewrite_reply

IVAN = demo.CLIENTS[0]
SPEND = Decimal(100)


def open_retail(
    teller: Teller, verdict: Verdict, *, spend: int = 100, earn: int = 0, before: int = 878
) -> int:
    """An unanswered retail for Ivan (balance ``before`` it), with ``verdict`` recorded."""
    journal = teller.journal
    entry = journal.intent(
        Kind.RETAIL,
        server=teller.server,
        point=teller.loyalty.point,
        training=True,
        client_id=IVAN.id,
        lookup=IVAN.phone,
        amount=Decimal(300),
        spend=Decimal(spend),
        points=Decimal(earn),
        balance_before=Decimal(before),
    )
    journal.unknown(entry, "no reply")
    journal.reconciled(entry, verdict, reason="test", balance_after=None)
    return entry


def later(teller: Teller, entry_id: int, seconds: float) -> float:
    return teller.journal.get(entry_id).created.timestamp() + seconds


def test_a_later_read_proving_the_spend_settles_it(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.CHECKING)
    judged = teller.examine(IVAN.id, Decimal(778))
    assert judged is not None
    assert judged[1] is Verdict.SPENT
    settled = teller.journal.get(entry)
    assert (settled.state, settled.verdict, settled.total) == (
        State.DONE,
        Verdict.SPENT,
        Decimal(200),
    )
    assert settled.balance_after == Decimal(778)
    assert settled.lookup is None


def test_an_unchanged_balance_inside_the_window_changes_nothing(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.CHECKING)
    judged = teller.examine(IVAN.id, Decimal(878), now=later(teller, entry, 1))
    assert judged is not None
    assert judged[1] is Verdict.CHECKING
    assert teller.journal.get(entry).verdict is Verdict.CHECKING


def test_after_the_window_an_unchanged_balance_settles_did_not_happen(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.CHECKING)
    moment = later(teller, entry, teller.settle_seconds + 0.01)
    judged = teller.examine(IVAN.id, Decimal(878), now=moment)
    assert judged is not None
    assert judged[1] is Verdict.NOT_HAPPENED
    assert teller.journal.get(entry).verdict is Verdict.NOT_HAPPENED


def test_the_window_ends_exactly_at_the_deadline(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.CHECKING)
    deadline = teller.settle_deadline(teller.journal.get(entry))
    assert deadline == pytest.approx(later(teller, entry, teller.settle_seconds))
    assert teller.examine(IVAN.id, Decimal(878), now=deadline - 0.001) == (
        teller.journal.get(entry),
        Verdict.CHECKING,
    )
    judged = teller.examine(IVAN.id, Decimal(878), now=deadline)
    assert judged is not None
    assert judged[1] is Verdict.NOT_HAPPENED


def test_a_did_not_happen_proved_wrong_is_revised(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.NOT_HAPPENED)
    judged = teller.examine(IVAN.id, Decimal(778))
    assert judged is not None
    assert judged[1] is Verdict.SPENT
    assert teller.journal.get(entry).state is State.DONE


def test_an_undecided_entry_is_not_turned_into_did_not_happen(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.UNDECIDED)
    moment = later(teller, entry, teller.settle_seconds + 1)
    judged = teller.examine(IVAN.id, Decimal(878), now=moment)
    assert judged is not None
    assert judged[1] is Verdict.NOT_HAPPENED  # what this read says...
    assert teller.journal.get(entry).verdict is Verdict.UNDECIDED  # ...not enough to settle


def test_old_or_settled_entries_are_not_evidence(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.CHECKING)
    assert (
        teller.examine(IVAN.id, Decimal(778), now=later(teller, entry, EVIDENCE_SECONDS + 1))
        is None
    )
    assert teller.journal.get(entry).verdict is Verdict.CHECKING
    done = teller.journal.intent(
        Kind.RETAIL,
        server=teller.server,
        point=teller.loyalty.point,
        training=True,
        client_id=IVAN.id,
        amount=Decimal(10),
        spend=Decimal(0),
    )
    teller.journal.done(done, earn=Decimal(1), total=Decimal(10))
    assert teller.examine(IVAN.id, Decimal(1)) is None  # the latest retail went through
    assert teller.examine("someone-else", Decimal(1)) is None


def test_a_pending_retail_is_not_judged_by_a_read(teller: Teller) -> None:
    teller.journal.intent(
        Kind.RETAIL,
        server=teller.server,
        point=teller.loyalty.point,
        training=True,
        client_id=IVAN.id,
        lookup=IVAN.phone,
        amount=Decimal(300),
        spend=Decimal(100),
        balance_before=Decimal(878),
    )
    assert teller.examine(IVAN.id, Decimal(778)) is None


def test_a_retail_while_the_previous_is_checked_is_not_sent(
    teller: Teller, sandbox: SandboxServer
) -> None:
    open_retail(teller, Verdict.CHECKING)
    client = teller.loyalty.search(IVAN.phone)
    with pytest.raises(StillChecking):
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    assert sandbox.store.operations(IVAN.id) == []
    assert [e.kind for e in teller.journal.entries()] == [Kind.RETAIL]  # no new intent


def test_a_repeat_whose_balance_shows_the_earlier_one_is_not_sent(
    teller: Teller, sandbox: SandboxServer
) -> None:
    # Judged "did not happen" at 978; Ivan's balance is now 878: the spend of 100 went through.
    entry = open_retail(teller, Verdict.NOT_HAPPENED, before=978)
    client = teller.loyalty.search(IVAN.phone)
    with pytest.raises(EarlierOperationHappened) as stopped:
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    assert stopped.value.entry.id == entry
    assert stopped.value.retail.spend == Decimal(100)
    assert sandbox.store.operations(IVAN.id) == []  # the repeat was not sent
    assert teller.journal.get(entry).state is State.DONE
    assert len(teller.journal.entries()) == 1  # and no intent was written for it


def test_a_repeat_whose_balance_agrees_is_sent(teller: Teller, sandbox: SandboxServer) -> None:
    entry = open_retail(teller, Verdict.NOT_HAPPENED)  # 878 before, 878 now
    client = teller.loyalty.search(IVAN.phone)
    teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    assert len(sandbox.store.operations(IVAN.id)) == 1
    assert teller.journal.get(entry).verdict is Verdict.NOT_HAPPENED


def test_a_failed_balance_read_sends_nothing_unless_the_cashier_chooses(
    teller: Teller, sandbox: SandboxServer
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    teller.pre_read_seconds = 0.3
    set_fault(sandbox, mode="hang", routes=["client"], count=1)
    started = time.monotonic()
    with pytest.raises(BalanceUnread):
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    assert time.monotonic() - started < 2  # one quick attempt, no retries
    assert sandbox.store.operations(IVAN.id) == []
    assert teller.journal.entries() == []
    set_fault(sandbox, mode="hang", routes=["client"], count=1)
    retail = teller.retail(client, IVAN.phone, Decimal(300), Decimal(100), without_balance=True)
    assert retail.spend == Decimal(100)
    [entry] = teller.journal.entries()
    assert entry.balance_before is None


def test_the_pre_read_is_capped_at_three_seconds(teller: Teller, journal: Journal) -> None:
    assert teller.pre_read_seconds == min(3.0, teller.loyalty.timeouts.read)

    def with_timeouts(connect: float, read: float) -> Teller:
        loyalty = type(teller.loyalty)(
            "http://127.0.0.1:1",
            demo.API_KEY,
            demo.POINT_ID,
            timeouts=type(teller.loyalty.timeouts)(connect=connect, read=read),
        )
        return Teller(loyalty, journal, server="s", training=True)

    slow = with_timeouts(1, 10)
    assert slow.pre_read_seconds == 3.0
    # The settle window: the gateways' 120 s, or three reads and a connect when longer.
    assert slow.settle_seconds == GATEWAY_SETTLE_SECONDS == 120.0
    assert with_timeouts(2, 50).settle_seconds == 3 * 50 + 2


def test_reconcile_without_a_lookup_or_a_read_is_undecided_or_checking(
    teller: Teller, sandbox: SandboxServer
) -> None:
    journal = teller.journal
    entry = open_retail(teller, Verdict.CHECKING)
    journal._update(entry, lookup=None)
    assert teller.reconcile(journal.get(entry)) is Verdict.UNDECIDED
    other = open_retail(teller, Verdict.CHECKING)
    set_fault(sandbox, mode="error500", routes=["client"])
    assert teller.reconcile(journal.get(other)) is Verdict.CHECKING  # inside the window
    moment = later(teller, other, teller.settle_seconds + 1)
    assert teller.reconcile(journal.get(other), now=moment) is Verdict.UNDECIDED
    assert journal.get(other).reason.startswith("re-read failed")


def test_recheck_due_takes_only_this_servers_entries_whose_window_is_over(
    teller: Teller,
) -> None:
    mine = open_retail(teller, Verdict.CHECKING)
    elsewhere = teller.journal.intent(
        Kind.RETAIL,
        server="https://other.example",
        point=teller.loyalty.point,
        training=True,
        client_id=IVAN.id,
        lookup=IVAN.phone,
        amount=Decimal(1),
        spend=Decimal(1),
        balance_before=Decimal(1),
    )
    teller.journal.unknown(elsewhere, "x")
    teller.journal.reconciled(elsewhere, Verdict.CHECKING, reason="x", balance_after=None)
    assert teller.recheck_due(now=later(teller, mine, 0.5)) == []
    due = teller.recheck_due(now=later(teller, mine, teller.settle_seconds + 1))
    assert [(e.id, v) for e, v in due] == [(mine, Verdict.NOT_HAPPENED)]
    assert teller.journal.get(elsewhere).verdict is Verdict.CHECKING


def test_a_lost_hold_counts_until_its_minutes_and_the_window_are_over(
    teller: Teller, sandbox: SandboxServer
) -> None:
    from app.api.errors import OutcomeUnknown

    client = teller.loyalty.search(IVAN.phone)
    set_fault(sandbox, mode="drop", routes=["hold"], count=1)
    sent = time.time()
    with pytest.raises(OutcomeUnknown):
        teller.hold(client, Decimal(50), 10)
    [hold] = teller.journal.entries()
    assert hold.hold_until is not None
    bound = hold.hold_until.timestamp() - sent
    assert 600 + teller.settle_seconds - 1 < bound < 600 + teller.settle_seconds + 1
    assert [h.id for h in teller.journal.hidden_holds(IVAN.id, teller.loyalty.point)] == [hold.id]
    assert teller.journal.hidden_holds(IVAN.id, teller.loyalty.point, now=sent + bound + 1) == []


def test_recheck_due_leaves_undecided_and_other_entries_alone(teller: Teller) -> None:
    undecided = open_retail(teller, Verdict.UNDECIDED)
    hold = teller.journal.intent(
        Kind.HOLD, server=teller.server, point=teller.loyalty.point, training=True
    )
    checking = open_retail(teller, Verdict.CHECKING)
    moment = later(teller, checking, teller.settle_seconds + 1)
    due = teller.recheck_due(now=moment)
    assert [e.id for e, _v in due] == [checking]  # not stopped by the two before it
    assert teller.journal.get(undecided).verdict is Verdict.UNDECIDED
    assert teller.journal.get(hold).state is State.PENDING
    assert teller.recheck_due() == []  # by the clock: nothing left whose window is over


def test_a_proved_earn_and_spend_carry_the_asked_figures(teller: Teller) -> None:
    from app.core.ledger.teller_errors import proved_retail

    spend = teller.journal.get(open_retail(teller, Verdict.CHECKING, spend=100))
    spent = proved_retail(spend, Verdict.SPENT)
    assert (spent.amount, spent.total, spent.spend, spent.earn, spent.type) == (
        Decimal(300),
        Decimal(200),
        Decimal(100),
        None,
        "cashback",
    )
    earn = teller.journal.get(open_retail(teller, Verdict.CHECKING, spend=0, earn=30))
    earned = proved_retail(earn, Verdict.EARNED)
    assert (earned.amount, earned.total, earned.spend, earned.earn, earned.type) == (
        Decimal(300),
        Decimal(300),
        None,
        Decimal(30),
        "cashback",
    )


def test_a_hold_is_journaled_with_its_figures(teller: Teller, sandbox: SandboxServer) -> None:
    client = teller.loyalty.search(IVAN.phone)
    held = teller.hold(client, Decimal(50), 5)
    [entry] = teller.journal.entries()
    assert (entry.kind, entry.state, entry.hold_id, entry.points) == (
        Kind.HOLD,
        State.DONE,
        held.id,
        Decimal(50),
    )
    assert entry.customer == "+7 920 ***-**-01"
    [row] = sandbox.store.holds(IVAN.id)
    assert 4 * 60 < row.until - time.time() <= 5 * 60  # the minutes asked, not the default
    # The journal keeps the till's time: now plus what the server gave, not its ``until``.
    assert entry.hold_until is not None
    assert abs(entry.hold_until.timestamp() - (time.time() + held.lasts)) < 2


def test_a_hold_is_journaled_in_the_tills_time_when_the_servers_clock_differs(
    teller: Teller, sandbox: SandboxServer
) -> None:
    """The server 7 minutes behind the till: its ``until`` is 2 minutes in the till's past,
    yet the hold counts (against a lost reply's balance) for the 5 minutes it was given."""
    sandbox.store.clock.offset = -7 * 60
    client = teller.loyalty.search(IVAN.phone)
    held = teller.hold(client, Decimal(50), 5)
    assert held.until.timestamp() < time.time()  # by the till's wall clock: already over
    assert held.lasts == pytest.approx(300, abs=1)
    assert teller.loyalty.clock.offset == pytest.approx(-420, abs=2)
    [entry] = teller.journal.entries()
    assert entry.hold_until is not None
    assert 4 * 60 < entry.hold_until.timestamp() - time.time() <= 5 * 60
    assert [h.hold_id for h in teller.journal.hidden_holds(IVAN.id, entry.point)] == [held.id]


def test_a_refused_retail_is_journaled_as_refused(teller: Teller, sandbox: SandboxServer) -> None:
    from app.api.errors import FieldRejected

    client = teller.loyalty.search(IVAN.phone)
    with pytest.raises(FieldRejected):
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(5000))
    [entry] = teller.journal.entries()
    assert entry.state is State.REJECTED
    assert entry.lookup is None


# ---- the normal path and odd replies, fast --------------------------------------------------


def test_a_spend_and_an_earn_are_journaled_with_the_replys_figures(
    teller: Teller, sandbox: SandboxServer
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    held = teller.hold(client, Decimal(100), 10)
    retail = teller.retail(client, IVAN.phone, Decimal(300), Decimal(100), hold_ids=[held.id])
    assert (retail.spend, retail.total) == (Decimal(100), Decimal(200))
    spent = teller.journal.entries()[-1]
    assert (spent.kind, spent.state, spent.client_id, spent.customer) == (
        Kind.RETAIL,
        State.DONE,
        IVAN.id,
        "+7 920 ***-**-01",
    )
    assert (spent.amount, spent.spend, spent.earn, spent.total) == (
        Decimal(300),
        Decimal(100),
        None,
        Decimal(200),
    )
    assert spent.hold_ids == (held.id,)
    assert spent.balance_before == Decimal(878)  # read naming the hold: its points count
    assert spent.lookup is None
    client = teller.loyalty.search(IVAN.phone)
    teller.retail(client, IVAN.phone, Decimal(250), Decimal(0), expected_earn=Decimal(25))
    earned = teller.journal.entries()[-1]
    assert (earned.spend, earned.earn, earned.total, earned.points) == (
        Decimal(0),
        Decimal(25),
        Decimal(250),
        Decimal(25),
    )


def test_a_lost_reply_proved_by_the_balance_returns_the_operation(
    teller: Teller, sandbox: SandboxServer
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    set_fault(sandbox, mode="drop", routes=["retail"], count=1)  # committed, reply lost
    retail = teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    assert (retail.spend, retail.total) == (Decimal(100), Decimal(200))
    [entry] = teller.journal.entries()
    assert (entry.state, entry.verdict, entry.balance_after) == (
        State.DONE,
        Verdict.SPENT,
        Decimal(778),
    )
    assert teller.recheck(entry.id).spend == Decimal(100)  # a settled entry stays settled


def test_a_lost_reply_not_yet_decided_says_checking_with_its_entry(
    teller: Teller, sandbox: SandboxServer
) -> None:
    from app.core.ledger.teller_errors import ReconciledUnknown

    client = teller.loyalty.search(IVAN.phone)
    set_fault(sandbox, mode="drop", phase="before", routes=["retail"], count=1)
    with pytest.raises(ReconciledUnknown) as lost:
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    [entry] = teller.journal.entries()
    assert (lost.value.verdict, lost.value.entry_id) == (Verdict.CHECKING, entry.id)
    assert lost.value.server_reachable  # the re-read answered
    assert entry.state is State.UNKNOWN
    moment = later(teller, entry.id, teller.settle_seconds + 1)
    teller.reconcile(entry, now=moment)
    with pytest.raises(ReconciledUnknown) as again:
        teller.recheck(entry.id)
    assert again.value.verdict is Verdict.NOT_HAPPENED
    assert (again.value.api, again.value.operation) == ("loyalty", "retail")
    assert again.value.detail == teller.journal.get(entry.id).reason


def test_a_retail_reply_with_wrong_figures_is_an_unknown_outcome(
    teller: Teller, sandbox, journal: Journal
) -> None:
    """Finding 4: a reply that spent something else than asked is never shown as such; the
    balance decides."""
    client = teller.loyalty.search(IVAN.phone)
    with rewrite_reply(teller.loyalty, "retail", {"spend": 10}):
        retail = teller.retail(client, IVAN.phone, Decimal(300), SPEND)
    assert retail.spend == SPEND  # what the balance proves, not what the reply claimed
    [entry] = [e for e in journal.entries() if e.kind == "retail"]
    assert (entry.state, entry.verdict) == (State.DONE, Verdict.SPENT)
    assert len(sandbox.store.operations(IVAN.id)) == 1


@pytest.mark.parametrize(
    "changes",
    [{"spend": -50}, {"total": 350}, {"amount": 30}, {"spend": 100, "earn": -5}],
)
def test_a_retail_reply_with_wrong_figures_is_never_taken_as_done(
    teller: Teller, sandbox, journal: Journal, changes
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    with rewrite_reply(teller.loyalty, "retail", changes):
        retail = teller.retail(client, IVAN.phone, Decimal(300), SPEND)
    assert (retail.amount, retail.spend, retail.total) == (300, SPEND, 200)
    [entry] = [e for e in journal.entries() if e.kind == "retail"]
    assert (entry.spend, entry.total, entry.verdict) == (SPEND, Decimal(200), Verdict.SPENT)


# ---- what mutation testing found unguarded --------------------------------------------------


def lost_hold(teller: Teller, points: int) -> int:
    """A hold of Ivan's whose reply never came: it may count until its bound."""
    entry = teller.journal.intent(
        Kind.HOLD,
        server=teller.server,
        point=teller.loyalty.point,
        training=True,
        client_id=IVAN.id,
        points=Decimal(points),
        hold_until=time.time() + 600,
    )
    teller.journal.unknown(entry, "no reply")
    return entry


def test_a_hidden_hold_makes_an_unchanged_balance_undecided(teller: Teller) -> None:
    lost_hold(teller, 100)
    entry = open_retail(teller, Verdict.CHECKING)  # 878 before, spend 100
    moment = later(teller, entry, teller.settle_seconds + 1)
    # 878 after: not happened (878) or happened with the hold's 100 back (878 - 100 + 100).
    assert teller.reconcile(teller.journal.get(entry), now=moment) is Verdict.UNDECIDED


def test_without_hidden_holds_the_same_balance_is_did_not_happen(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.CHECKING)
    moment = later(teller, entry, teller.settle_seconds + 1)
    assert teller.reconcile(teller.journal.get(entry), now=moment) is Verdict.NOT_HAPPENED


def test_the_re_read_names_the_holds_the_retail_named(
    teller: Teller, sandbox: SandboxServer
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    held = teller.hold(client, Decimal(100), 10)
    entry = teller.journal.intent(
        Kind.RETAIL,
        server=teller.server,
        point=teller.loyalty.point,
        training=True,
        client_id=IVAN.id,
        lookup=IVAN.phone,
        amount=Decimal(300),
        spend=Decimal(100),
        hold_ids=[held.id],
        balance_before=Decimal(878),  # read naming the hold
    )
    teller.journal.unknown(entry, "no reply")
    moment = later(teller, entry, teller.settle_seconds + 1)
    # Unnamed, the held 100 would be missing (778) and look like the spend.
    assert teller.reconcile(teller.journal.get(entry), now=moment) is Verdict.NOT_HAPPENED


def test_reconcile_without_a_lookup_records_why(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.CHECKING)
    teller.journal._update(entry, lookup=None)
    teller.reconcile(teller.journal.get(entry))
    recorded = teller.journal.get(entry)
    assert (recorded.verdict, recorded.reason) == (
        Verdict.UNDECIDED,
        "no way to find the customer again",
    )
    with pytest.raises(ValueError, match="only a retail"):
        teller.reconcile(teller.journal.get(lost_hold(teller, 10)))


def test_a_settled_entry_is_no_longer_evidence_and_the_horizon_is_inclusive(
    teller: Teller,
) -> None:
    entry = open_retail(teller, Verdict.CHECKING)
    assert teller.examine(IVAN.id, Decimal(878), now=later(teller, entry, EVIDENCE_SECONDS))
    teller.examine(IVAN.id, Decimal(778))  # proves it
    assert teller.examine(IVAN.id, Decimal(778)) is None  # settled: nothing to examine


def test_a_discount_sale_reads_no_balance_before(teller: Teller, sandbox: SandboxServer) -> None:
    discount = demo.CLIENTS[3]
    client = teller.loyalty.search(discount.phone)
    assert client.level.type == "discount"
    teller.retail(client, discount.phone, Decimal(1000), Decimal(0))
    [entry] = teller.journal.entries()
    assert entry.balance_before is None


def test_refusals_carry_their_entry(teller: Teller) -> None:
    entry = open_retail(teller, Verdict.CHECKING)
    client = teller.loyalty.search(IVAN.phone)
    with pytest.raises(StillChecking) as refused:
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    assert refused.value.entry_id == entry
    assert str(entry) in refused.value.log_line()
