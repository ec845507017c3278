"""A journal that another program holds (a backup tool, an antivirus scan, ``sqlite3`` left
open): the locking process is real (``BEGIN EXCLUSIVE`` from a second process), the server the
sandbox over HTTP. What the server did is what the till reports; nothing is sent unrecorded."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from app.api.http import NODELAY
from app.api.loyalty import LoyaltyClient
from app.core.journal.entry import Kind, State
from app.core.journal.store import Journal
from app.core.ledger.teller import Teller
from app.core.ledger.teller_errors import JournalRefused
from app.sandbox import demo
from app.sandbox.server import SandboxServer
from tests.money.conftest import QUICK, SETTLE

IVAN = demo.CLIENTS[0]
HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
db.execute("ROLLBACK")
"""


@contextmanager
def held(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the journal's write lock until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    try:
        yield holder
    finally:
        holder.communicate("", timeout=10)


class LockWhenTheRetailArrives(httpx.BaseTransport):
    """The retail reaches the sandbox; just before, another process locks the journal."""

    def __init__(self, path: Path) -> None:
        self._real = httpx.HTTPTransport(socket_options=NODELAY)
        self._path = path
        self.lock = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/retail") and self.lock is None:
            self.lock = held(self._path)
            self.lock.__enter__()
        return self._real.handle_request(request)

    def release(self) -> None:
        if self.lock is not None:
            self.lock.__exit__(None, None, None)


@pytest.fixture
def slow_to_lock(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal(tmp_path / "journal.sqlite3", busy_seconds=0.3)
    yield journal
    journal.close()


def teller_on(sandbox: SandboxServer, journal: Journal, transport=None) -> Teller:
    loyalty = LoyaltyClient(
        sandbox.url, demo.API_KEY, demo.POINT_ID, timeouts=QUICK, transport=transport
    )
    return Teller(loyalty, journal, server=sandbox.url, training=True, settle_seconds=SETTLE)


def test_an_outcome_the_journal_refuses_is_still_the_outcome(
    sandbox: SandboxServer, slow_to_lock: Journal
) -> None:
    """Finding 1: the spend was applied, writing its outcome failed, and the POS was told
    "cancelled" (it would charge in full although the points were spent)."""
    journal = slow_to_lock
    transport = LockWhenTheRetailArrives(journal.path)
    teller = teller_on(sandbox, journal, transport)
    client = teller.loyalty.search(IVAN.phone)
    try:
        retail = teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
        assert (retail.spend, retail.total) == (Decimal(100), Decimal(200))
        assert sandbox.store.balance(IVAN.id) == 778
        [entry] = journal.entries()  # this journal's reads already see the outcome
        assert (entry.state, entry.spend, entry.total) == (State.DONE, 100, 200)
        assert journal.deferred == 1
        assert journal.side_file.exists()
        assert journal.unsettled() == []  # nothing for the manager: it is known
        assert journal.flush_deferred() is False  # still locked: kept
    finally:
        transport.release()
    assert journal.flush_deferred() is True
    assert journal.deferred == 0
    assert not journal.side_file.exists()
    reader = journal.reader()
    [written] = reader.entries()
    reader.close()
    assert (written.state, written.spend, written.total) == (State.DONE, 100, 200)
    teller.loyalty.close()


def test_an_outcome_kept_in_the_side_file_is_written_at_the_next_start(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path, busy_seconds=0.3)
    transport = LockWhenTheRetailArrives(path)
    teller = teller_on(sandbox, journal, transport)
    client = teller.loyalty.search(IVAN.phone)
    teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    journal.close()  # the program stops with the file still held
    transport.release()
    again = Journal(path)
    [entry] = again.entries()
    assert (entry.state, entry.spend) == (State.DONE, Decimal(100))
    assert again.deferred == 0
    assert not again.side_file.exists()
    again.close()
    teller.loyalty.close()


def test_nothing_is_sent_when_the_intent_cannot_be_written(
    sandbox: SandboxServer, slow_to_lock: Journal
) -> None:
    """Finding 6: correct to send nothing, and the cashier must be told so and why."""
    teller = teller_on(sandbox, slow_to_lock)
    client = teller.loyalty.search(IVAN.phone)
    with held(slow_to_lock.path), pytest.raises(JournalRefused) as refused:
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
    assert "Nothing was sent" in refused.value.message_source
    assert sandbox.store.operations(IVAN.id) == []
    with held(slow_to_lock.path), pytest.raises(JournalRefused):
        teller.hold(client, Decimal(100), 5)
    assert sandbox.store.holds(IVAN.id) == []
    assert [e.kind for e in slow_to_lock.entries()] == []
    teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))  # free again: it works
    assert [e.kind for e in slow_to_lock.entries()] == [Kind.RETAIL]
    teller.loyalty.close()


@pytest.mark.skipif(
    sys.platform == "win32" or not Path("/proc/self/fd").is_dir(),
    reason="names a file by its descriptor through /proc (Wine maps it too, wrongly)",
)
def test_a_kept_outcome_is_on_disk_before_the_outcome_is_told(
    sandbox: SandboxServer, slow_to_lock: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The side file is the only copy of an outcome the journal refused: it must reach the
    disk (fsync) before the teller answers, or a power cut then loses a spend the POS was told
    of. A mutant without the fsync survived every test; a power cut cannot be made here, so
    the real fsync is watched instead."""
    import os

    from app.core.journal import store as journal_store

    synced: list[str] = []
    real_fsync = os.fsync

    def watched(fd: int) -> None:
        real_fsync(fd)
        synced.append(str(Path(f"/proc/self/fd/{fd}").readlink()))

    monkeypatch.setattr(journal_store.os, "fsync", watched)
    journal = slow_to_lock
    transport = LockWhenTheRetailArrives(journal.path)
    teller = teller_on(sandbox, journal, transport)
    client = teller.loyalty.search(IVAN.phone)
    try:
        teller.retail(client, IVAN.phone, Decimal(300), Decimal(100))
        assert journal.deferred == 1
        assert str(journal.side_file) in synced
        line = journal.side_file.read_text(encoding="utf-8").splitlines()[-1]
        assert '"state": "done"' in line and '"spend": "100"' in line
    finally:
        transport.release()
        teller.loyalty.close()
