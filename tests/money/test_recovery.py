"""What the start does with the last session's loose ends, entry by entry (no subprocess)."""

from __future__ import annotations

import time
from decimal import Decimal

from app.core.journal.entry import Kind, State, Verdict
from app.core.journal.store import Journal
from app.core.ledger.recovery import recover
from app.core.ledger.teller import Teller
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from tests.conftest import set_fault

IVAN = demo.CLIENTS[0]


def where(teller: Teller, **changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "server": teller.server,
        "point": teller.loyalty.point,
        "training": True,
    }
    fields.update(changes)
    return fields


def pending_retail(teller: Teller, *, spend: int, earn: int = 0) -> int:
    """A retail the last session sent for Ivan and never heard back about."""
    client = teller.loyalty.search(IVAN.phone)
    return teller.journal.intent(
        Kind.RETAIL,
        client_id=client.id,
        lookup=IVAN.phone,
        amount=Decimal(300),
        spend=Decimal(spend),
        points=Decimal(earn),
        balance_before=client.balance,
        **where(teller),
    )


def test_another_profiles_entries_wait_for_that_profile(teller: Teller, journal: Journal) -> None:
    other_server = journal.intent(Kind.RETAIL, lookup=IVAN.phone, **where(teller, server="x"))
    other_point = journal.intent(Kind.HOLD, **where(teller, point="another-point"))
    report = recover(teller)
    assert report.empty
    assert journal.get(other_server).state is State.PENDING
    assert journal.get(other_point).state is State.PENDING


def test_an_interrupted_hold_release_or_enrolment_is_marked_unknown(
    teller: Teller, journal: Journal
) -> None:
    entries = [journal.intent(kind, **where(teller)) for kind in (Kind.HOLD, Kind.ENROL)]
    report = recover(teller)
    assert [e.id for e in report.interrupted] == entries
    for entry_id in entries:
        entry = journal.get(entry_id)
        assert entry.state is State.UNKNOWN
        assert entry.reason == "the program stopped before the reply came"
    assert report.reconciled == []
    assert not report.empty


def test_a_pending_retail_is_reconciled_and_reported(
    teller: Teller, journal: Journal, sandbox: SandboxServer
) -> None:
    entry = pending_retail(teller, spend=100, earn=0)
    report = recover(teller)
    [(reported, verdict)] = report.reconciled
    assert reported.id == entry
    assert verdict is Verdict.CHECKING  # sent moments ago: the settle window is not over
    assert reported.verdict is Verdict.CHECKING
    assert [e.id for e in report.checking] == [entry]
    assert report.undecided == []
    assert journal.get(entry).reason.startswith("balance before 878")
    [(_e, final)] = teller.recheck_due(now=time.time() + teller.settle_seconds + 1)
    assert final is Verdict.NOT_HAPPENED


def test_an_undecided_retail_from_before_is_looked_at_again(
    teller: Teller, journal: Journal
) -> None:
    entry = pending_retail(teller, spend=0, earn=30)
    journal.unknown(entry, "dropped")
    journal.reconciled(entry, Verdict.UNDECIDED, reason="re-read failed", balance_after=None)
    report = recover(teller)
    assert [(e.id, v) for e, v in report.reconciled] == [(entry, Verdict.CHECKING)]
    assert report.undecided == []


def test_holds_left_active_are_released_with_their_customer(
    teller: Teller, journal: Journal, sandbox: SandboxServer
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    held = teller.hold(client, Decimal(100), 10)
    report = recover(teller)
    assert [e.hold_id for e in report.released] == [held.id]
    [release] = [e for e in journal.entries() if e.kind is Kind.RELEASE]
    assert (release.hold_id, release.client_id, release.state) == (held.id, client.id, State.DONE)
    assert report.still_held == []


def test_a_hold_that_cannot_be_released_is_reported_and_kept(
    teller: Teller, journal: Journal, sandbox: SandboxServer
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    held = teller.hold(client, Decimal(100), 10)
    set_fault(sandbox, mode="error500", routes=["release"])
    report = recover(teller)
    assert [e.hold_id for e in report.still_held] == [held.id]
    assert report.released == []
    assert [h.hold_id for h in journal.holds_left_active()] == [held.id]


def test_holds_of_another_point_are_left_alone(teller: Teller, journal: Journal) -> None:
    other = journal.intent(Kind.HOLD, **where(teller, point="another-point"))
    journal.done(other, hold_id="h-other", hold_until=None)
    journal._update(other, hold_until=time.time() + 600)
    report = recover(teller)
    assert report.released == [] and report.still_held == []


def test_an_other_profiles_entry_first_does_not_stop_the_rest(
    teller: Teller, journal: Journal
) -> None:
    journal.intent(Kind.HOLD, **where(teller, server="https://other.example"))
    mine = journal.intent(Kind.ENROL, **where(teller))
    report = recover(teller)
    assert [e.id for e in report.interrupted] == [mine]


def test_an_other_points_hold_first_does_not_stop_the_release_of_ours(
    teller: Teller, journal: Journal
) -> None:
    other = journal.intent(Kind.HOLD, **where(teller, point="another-point"))
    journal.done(other, hold_id="h-other")
    journal._update(other, hold_until=time.time() + 600)
    client = teller.loyalty.search(IVAN.phone)
    held = teller.hold(client, Decimal(100), 10)
    report = recover(teller)
    assert [e.hold_id for e in report.released] == [held.id]


def test_a_pending_retail_becomes_unknown_with_its_verdict(
    teller: Teller, journal: Journal
) -> None:
    entry = pending_retail(teller, spend=100, earn=0)
    recover(teller)
    assert journal.get(entry).state is State.UNKNOWN
    assert journal.get(entry).verdict is Verdict.CHECKING


def test_an_undecided_sale_is_told_once_not_at_every_start(teller: Teller, sandbox) -> None:
    """The till's own computer, finding 6: the same old undecided sale was listed at 24 of 29
    restarts."""
    entry = pending_retail(teller, spend=0, earn=30)
    # sent without the balance read: no later read can ever decide it
    teller.journal._update(entry, balance_before=None)
    first = recover(teller)
    assert [(e.id, v) for e, v in first.reconciled] == [(entry, Verdict.UNDECIDED)]
    second = recover(teller)
    assert second.reconciled == []
    assert [e.id for e in teller.journal.unsettled()] == [entry]  # still the manager's
