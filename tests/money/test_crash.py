"""Killing the till (SIGKILL) between sending a retail and its reply; the next start settles it."""

from __future__ import annotations

import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from app.api.loyalty import LoyaltyClient
from app.core.journal.entry import Kind, State, Verdict
from app.core.journal.store import Journal
from app.core.ledger.earn_queue import post_queued
from app.core.ledger.recovery import recover
from app.core.ledger.teller import Teller
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from tests.conftest import set_fault

# Seconds each (a late server, a child process): left out of the per-mutant runs.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
IVAN = demo.CLIENTS[0]


def kill_mid_retail(
    sandbox: SandboxServer,
    journal_path: Path,
    *,
    committed: bool,
    late_ms: int = 0,
    mode: str = "retail",
) -> None:
    if late_ms:
        set_fault(sandbox, mode="late", latency_ms=late_ms, routes=["retail"])
    else:
        set_fault(sandbox, mode="hang", phase="after" if committed else "before", routes=["retail"])
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.money.till_child", sandbox.url, str(journal_path), mode],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    try:
        while True:
            assert child.poll() is None, child.stdout.read() if child.stdout else ""
            assert time.monotonic() < deadline, "the child never reached the retail"
            if journal_path.exists():
                with _Peek(journal_path) as peek:
                    pending = peek.pending_retail()
                if pending and (not committed or sandbox.store.operations()):
                    break
            time.sleep(0.05)
        time.sleep(0.2)  # the request is on the wire and the server is holding it
    finally:
        child.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no chance to clean up
        child.wait(timeout=10)
    assert child.returncode != 0
    sandbox.injector.clear()


class _Peek:
    """Read the journal as another process would, without the Journal's own retention run."""

    def __init__(self, path: Path) -> None:
        import sqlite3

        self.db = sqlite3.connect(path)

    def __enter__(self) -> _Peek:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    def pending_retail(self) -> bool:
        try:
            row = self.db.execute(
                "SELECT COUNT(*) FROM entries WHERE kind = 'retail' AND state = 'pending'"
            ).fetchone()
        except Exception:  # the table may not exist yet
            return False
        return bool(row[0])


SETTLE = 30.0  # the recovering till's settle window; the tests move the clock past it


@pytest.mark.parametrize(
    ("committed", "at_start", "verdict", "balance"),
    [
        (True, Verdict.SPENT, Verdict.SPENT, 778),
        # Not committed when the till died: "did not happen" only after the settle window.
        (False, Verdict.CHECKING, Verdict.NOT_HAPPENED, 878),
    ],
)
def test_sigkill_between_retail_and_reply(
    sandbox: SandboxServer,
    tmp_path: Path,
    committed: bool,
    at_start: Verdict,
    verdict: Verdict,
    balance: int,
) -> None:
    path = tmp_path / "journal.sqlite3"
    kill_mid_retail(sandbox, path, committed=committed)

    journal = Journal(path)  # the next start
    [left] = journal.unsettled()
    assert (left.kind, left.state, left.spend) == (Kind.RETAIL, State.PENDING, Decimal(100))
    with LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID) as loyalty:
        teller = Teller(loyalty, journal, server=sandbox.url, training=True, settle_seconds=SETTLE)
        report = recover(teller)
        assert [(e.id, v) for e, v in report.reconciled] == [(left.id, at_start)]
        assert [e.id for e in report.checking] == (
            [left.id] if at_start is Verdict.CHECKING else []
        )
        later = teller.recheck_due(now=time.time() + SETTLE)
    assert [v for _e, v in later] == ([verdict] if at_start is Verdict.CHECKING else [])
    assert journal.unsettled() == []
    assert sandbox.store.balance(IVAN.id) == balance
    assert len(sandbox.store.operations(IVAN.id)) == (1 if committed else 0)
    journal.close()


def test_sigkill_then_a_server_that_applies_the_retail_late(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Finding 1, crash variant: killed at once, restarted at once; the server applies the
    retail seconds later. The start must not say "did not happen"."""
    path = tmp_path / "journal.sqlite3"
    kill_mid_retail(sandbox, path, committed=False, late_ms=2000)
    journal = Journal(path)
    with LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID) as loyalty:
        teller = Teller(loyalty, journal, server=sandbox.url, training=True, settle_seconds=SETTLE)
        report = recover(teller)
        [(entry, at_start)] = report.reconciled
        assert at_start is Verdict.CHECKING
        assert entry.lookup  # kept for the re-check
        deadline = time.monotonic() + 10
        while not sandbox.store.operations(IVAN.id):
            assert time.monotonic() < deadline, "the late server never applied the retail"
            time.sleep(0.1)
        [(_entry, verdict)] = teller.recheck_due(now=time.time() + SETTLE)
    assert verdict is Verdict.SPENT
    assert journal.get(entry.id).state is State.DONE
    assert journal.unsettled() == []
    assert sandbox.store.balance(IVAN.id) == 778
    journal.close()


def test_holds_not_released_at_exit_are_released_at_the_next_start(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    with LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID) as loyalty:
        teller = Teller(loyalty, journal, server=sandbox.url, training=True)
        client = loyalty.search(IVAN.phone)
        held = teller.hold(client, Decimal(100), 10)
        # ...the program is killed here: no release at exit...
        report = recover(teller)
    assert [e.hold_id for e in report.released] == [held.id]
    assert [h.state for h in sandbox.store.holds(IVAN.id)] == ["released"]
    assert journal.holds_left_active() == []
    journal.close()


def test_sigkill_while_queued_earns_are_posted(sandbox: SandboxServer, tmp_path: Path) -> None:
    """Three earns queued offline; the till dies while the first one's retail is applied and
    unanswered. The next start reconciles it and posts the other two: three earns, once each."""
    path = tmp_path / "journal.sqlite3"
    kill_mid_retail(sandbox, path, committed=True, mode="queued")
    journal = Journal(path)
    [first, second, third] = journal.entries()
    assert (first.state, second.state, third.state) == (State.PENDING, State.QUEUED, State.QUEUED)
    with LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID) as loyalty:
        teller = Teller(loyalty, journal, server=sandbox.url, training=True, settle_seconds=SETTLE)
        report = recover(teller)
        assert [(e.id, v) for e, v in report.reconciled] == [(first.id, Verdict.EARNED)]
        posted = post_queued(teller).posted
    assert [e.id for e in posted] == [second.id, third.id]
    assert [e.state for e in journal.entries()] == [State.DONE] * 3
    for client, earned in zip(demo.CLIENTS[:3], (30, 50, 3), strict=True):
        assert [o["earn"] for o in sandbox.store.operations(client.id)] == [earned]
    journal.close()
