"""Every fault the sandbox can inject against every money operation.

After each, the journal and the sandbox's own records agree, nothing was spent or earned
twice, even when the cashier repeats an operation the program said did not happen, and no
"did not happen" turned out wrong. An outcome still being checked is checked again at the end
of its settle window, as the window does. The matrix (fault × operation → journal outcome) is
printed for the CI log.
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.api.errors import ApiError
from app.base.i18n import translate
from app.core.journal.entry import Entry, State, Verdict
from app.core.journal.store import Journal
from app.core.ledger.earn_queue import post_queued
from app.core.ledger.teller import Teller
from app.core.ledger.teller_errors import VERDICT_MESSAGES, ReconciledUnknown
from app.sandbox import demo
from app.sandbox.faults import Fault
from app.sandbox.server import SandboxServer
from tests.money.conftest import LATE_MS

IVAN = demo.CLIENTS[0]
FAULTS: list[tuple[str, dict[str, Any]]] = [
    ("none", {}),
    ("latency 300 ms", {"latency_ms": 300}),
    ("error500 before", {"mode": "error500", "phase": "before"}),
    ("error500 after", {"mode": "error500", "phase": "after"}),
    ("html502 before", {"mode": "html502"}),
    ("malformed after", {"mode": "malformed"}),
    ("hang before", {"mode": "hang"}),
    ("hang after", {"mode": "hang", "phase": "after"}),
    ("drop before", {"mode": "drop", "phase": "before"}),
    ("drop after", {"mode": "drop"}),
    ("late 1.5 s", {"mode": "late", "latency_ms": LATE_MS}),
]
OPERATIONS = ["hold", "release", "spend", "earn", "queued earn", "enrol"]
ROUTE = {
    "hold": "hold",
    "release": "release",
    "spend": "retail",
    "earn": "retail",
    "queued earn": "retail",  # recorded while the link was down, posted under the fault
    "enrol": "partner",
}


def outcome(entry: Entry) -> str:
    return f"{entry.state}/{entry.verdict}" if entry.verdict else str(entry.state)


def recheck_at_window_end(teller: Teller, entry: Entry) -> Entry:
    """What the window does for an outcome still being checked."""
    time.sleep(max(0.0, teller.settle_deadline(entry) - time.time()) + 0.05)
    try:
        teller.recheck(entry.id)
    except ReconciledUnknown as unknown:
        assert unknown.verdict is not Verdict.CHECKING
    return teller.journal.get(entry.id)


def run(op: str, teller: Teller, sandbox: SandboxServer, fault: dict[str, Any]) -> Entry:
    """Prepare, inject the fault for this operation's route only, run it, check invariants."""
    store, journal = sandbox.store, teller.journal
    if op == "queued earn":
        sandbox.link_down()
        teller.queue_earn(IVAN.phone, Decimal(300))
        sandbox.link_up()
    client = teller.loyalty.search(IVAN.phone)
    hold_id = teller.hold(client, Decimal(100), 10).id if op == "release" else None
    sandbox.injector.set(Fault.from_json({**fault, "routes": [ROUTE[op]]}))
    try:
        if op == "hold":
            teller.hold(client, Decimal(100), 10)
        elif op == "release":
            assert hold_id is not None
            teller.release(hold_id, client_id=client.id)
        elif op == "spend":
            teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
        elif op == "earn":
            teller.retail(client, IVAN.phone, Decimal(300), Decimal(0), expected_earn=Decimal(30))
        elif op == "queued earn":
            post_queued(teller)
        else:
            teller.enrol("matrix@example.ru", client_id=client.id)
    except ApiError:
        pass
    finally:
        sandbox.injector.clear()
    if fault.get("mode") == "late":
        time.sleep(LATE_MS / 1000 + 0.3)  # the server applies what the client gave up on
    entry = journal.entries()[-1]
    assert entry.state is not State.PENDING
    if entry.verdict is Verdict.CHECKING:
        entry = recheck_at_window_end(teller, entry)

    if op == "queued earn":
        check_queued_earn(teller, sandbox, entry)
    elif op in ("spend", "earn"):
        operations = store.operations(client.id)
        assert len(operations) <= 1
        happened = bool(operations)
        if happened:
            assert entry.state is State.DONE or entry.verdict is Verdict.UNDECIDED
            assert entry.verdict is not Verdict.NOT_HAPPENED
            expected = 878 - 100 if op == "spend" else 878 + 30
            assert store.balance(client.id) == expected
        else:
            assert entry.state is not State.DONE
            assert store.balance(client.id) == 878
        if entry.verdict is Verdict.NOT_HAPPENED:
            # The cashier repeats after the warned confirmation: exactly one operation results.
            teller.retail(
                client,
                IVAN.phone,
                Decimal(300),
                Decimal(100 if op == "spend" else 0),
                expected_earn=Decimal(0 if op == "spend" else 30),
            )
            assert len(store.operations(client.id)) == 1
    elif op == "hold":
        holds = [h for h in store.holds(client.id) if h.state == "active"]
        assert len(holds) <= 1
        if holds:
            assert entry.state in (State.DONE, State.UNKNOWN)
            # A hold that may exist counts in every reconciliation for this customer.
            assert [h.id for h in journal.hidden_holds(client.id, entry.point)] == [entry.id]
        else:
            assert entry.state is not State.DONE
        if entry.state is State.DONE:
            assert entry.hold_id == holds[0].id
    elif op == "release":
        state = next(h.state for h in store.holds(client.id) if h.id == hold_id)
        if entry.state is State.DONE:
            assert state == "released"
        if state == "active":
            assert entry.state is not State.DONE
            assert [h.hold_id for h in journal.holds_left_active()] == [hold_id]
    else:
        enrolled = "matrix@example.ru" in store.enrolled(demo.PARTNER_KEY)
        if entry.state is State.DONE:
            assert enrolled
        if not enrolled:
            assert entry.state is not State.DONE
    return entry


def check_queued_earn(teller: Teller, sandbox: SandboxServer, entry: Entry) -> None:
    """A queued earn posted under a fault is credited at most once; one that did not go
    through is back in the queue (provably not made) or with the manager, never lost."""
    operations = sandbox.store.operations(IVAN.id)
    assert len(operations) <= 1
    if operations:
        assert entry.state is State.DONE or entry.verdict is Verdict.UNDECIDED
        assert sandbox.store.balance(IVAN.id) == 878 + 30
    else:
        assert entry.state is not State.DONE
        assert entry.state is State.QUEUED or not entry.settled  # waits, or the manager decides
    if entry.state is State.QUEUED:  # the next pass, fault gone: credited exactly once
        assert [e.id for e in post_queued(teller).posted] == [entry.id]
        assert len(sandbox.store.operations(IVAN.id)) == 1


@pytest.mark.slow
def test_fault_matrix(teller: Teller, sandbox: SandboxServer, tmp_path: Path, capsys) -> None:
    matrix: dict[str, dict[str, str]] = {}
    for row, (name, fault) in enumerate(FAULTS):
        for op in OPERATIONS:
            sandbox.store.load_demo()  # a fresh server and a fresh till for every cell
            teller.journal = Journal(tmp_path / f"journal-{row}-{op}.sqlite3")
            matrix.setdefault(name, {})[op] = outcome(run(op, teller, sandbox, fault))
            teller.journal.close()
    width = max(len(name) for name, _ in FAULTS)
    lines = [
        "",
        "Fault matrix (journal outcome per operation; sandbox records agree):",
        " " * width + " | " + " | ".join(f"{op:<22}" for op in OPERATIONS),
    ]
    for name, row in matrix.items():
        lines.append(f"{name:<{width}} | " + " | ".join(f"{row[op]:<22}" for op in OPERATIONS))
    with capsys.disabled():
        print("\n".join(lines))
    assert matrix["none"] == {
        "hold": "done",
        "release": "done",
        "spend": "done",
        "earn": "done",
        "queued earn": "done",
        "enrol": "done",
    }
    assert matrix["drop after"]["spend"] == "done/spent"
    assert matrix["hang after"]["earn"] == "done/earned"
    assert matrix["drop before"]["spend"] == "unknown/not-happened"
    assert matrix["late 1.5 s"]["spend"] == "done/spent"
    assert matrix["late 1.5 s"]["earn"] == "done/earned"
    assert matrix["late 1.5 s"]["hold"] == "unknown"
    assert matrix["hang after"]["queued earn"] == "done/earned"
    assert matrix["error500 before"]["queued earn"] == "unknown/undecided"  # an earn cannot tell


def test_reconciled_unknown_tells_the_cashier_plainly(
    teller: Teller, sandbox: SandboxServer
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    sandbox.injector.set(Fault.from_json({"mode": "hang", "routes": ["retail"]}))
    with pytest.raises(ReconciledUnknown) as caught:
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    assert caught.value.verdict is Verdict.CHECKING
    assert caught.value.user_message() == translate("Teller", VERDICT_MESSAGES[Verdict.CHECKING])
    entry_id = caught.value.entry_id
    time.sleep(teller.settle_seconds)
    with pytest.raises(ReconciledUnknown) as caught:
        teller.recheck(entry_id)
    assert caught.value.verdict is Verdict.NOT_HAPPENED
    assert caught.value.user_message() == translate(
        "Teller", VERDICT_MESSAGES[Verdict.NOT_HAPPENED]
    )


def test_an_unknown_earn_with_unchanged_balance_is_undecided(
    teller: Teller, sandbox: SandboxServer, journal: Journal
) -> None:
    client = teller.loyalty.search(IVAN.phone)
    sandbox.injector.set(Fault.from_json({"mode": "hang", "routes": ["retail"]}))
    with pytest.raises(ReconciledUnknown) as caught:
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(0), expected_earn=Decimal(30))
    assert caught.value.verdict is Verdict.CHECKING
    entry = recheck_at_window_end(teller, journal.get(caught.value.entry_id))
    assert entry.verdict is Verdict.UNDECIDED
    assert [e.id for e in journal.unsettled()] == [caught.value.entry_id]
