"""What became of each hold, and whose hold a release was: the journal (F11), its CSV and the
chain's copy read them. A 20-point hold that expired unused read «резерв · проведено», and a
release row named nobody."""

from __future__ import annotations

import sqlite3
import time
from decimal import Decimal
from pathlib import Path

import pytest

from app.api.loyalty import LoyaltyClient
from app.base import i18n
from app.core.journal.entry import Fate, Kind
from app.core.journal.store import Journal
from app.core.journal.text import row
from app.core.ledger.teller import Teller
from app.sandbox import demo
from app.sandbox.server import SandboxServer

IVAN, MARIA = demo.CLIENTS[0], demo.CLIENTS[1]


@pytest.fixture(autouse=True)
def russian(qapp) -> None:
    i18n.install(qapp, "ru")


def _client(teller: Teller, who: demo.DemoClient):
    return teller.search(who.phone)


def _holds(journal: Journal) -> list:
    return [e for e in journal.entries() if e.kind is Kind.HOLD]


def test_a_released_hold_and_its_release_name_the_customer_and_the_points(
    teller: Teller, journal: Journal
) -> None:
    held = teller.hold(_client(teller, IVAN), Decimal(20), 5)
    teller.release(held.id)
    [hold] = _holds(journal)
    [release] = [e for e in journal.entries() if e.kind is Kind.RELEASE]
    assert hold.fate is Fate.RELEASED
    assert (release.client_id, release.customer, release.points) == (
        IVAN.id,
        hold.customer,
        Decimal(20),
    )
    assert hold.customer.startswith("+7 920")
    assert (row(hold).outcome, row(hold).attempted) == ("снят", "резерв 20")
    assert row(release).attempted == "резерв 20"


def test_a_hold_the_sale_named_was_used_and_another_at_the_point_was_ended(
    teller: Teller, journal: Journal, sandbox: SandboxServer
) -> None:
    ivan, maria = _client(teller, IVAN), _client(teller, MARIA)
    mine = teller.hold(ivan, Decimal(100), 5)
    other = teller.hold(maria, Decimal(30), 5)
    teller.retail(ivan, IVAN.phone, Decimal(500), Decimal(100), hold_ids=[mine.id])
    fates = {e.hold_id: e.fate for e in _holds(journal)}
    assert fates == {mine.id: Fate.USED, other.id: Fate.ENDED}
    # The server agrees: any operation at the point ends its holds (document 003).
    assert {h.id: h.state for h in sandbox.store.holds()} == {
        mine.id: "operation",
        other.id: "operation",
    }
    by_id = {e.hold_id: row(e).outcome for e in _holds(journal)}
    assert by_id == {mine.id: "использован покупкой", other.id: "снят другой операцией"}


def test_a_hold_nobody_ended_reads_held_then_expired_unused(
    teller: Teller, journal: Journal
) -> None:
    teller.hold(_client(teller, IVAN), Decimal(20), 1)
    [hold] = _holds(journal)
    assert hold.fate is None
    assert row(hold, now=time.time()).outcome == "действует"
    later = hold.hold_until.timestamp() + 1
    assert row(hold, now=later).outcome == "истёк, не использован"
    assert row(hold, now=later).attempted == "резерв 20"


def test_a_hold_found_gone_early_was_ended_elsewhere_and_near_its_end_expired(
    teller: Teller, journal: Journal
) -> None:
    ivan = _client(teller, IVAN)
    early = teller.hold(ivan, Decimal(10), 5)
    journal.hold_gone(early.id, expired=False)
    late = teller.hold(ivan, Decimal(11), 5)
    journal.hold_gone(late.id, expired=True)
    fates = {e.hold_id: e.fate for e in _holds(journal)}
    assert fates == {early.id: Fate.ENDED, late.id: None}


def test_a_fate_is_a_new_revision_for_the_chains_copy(teller: Teller, journal: Journal) -> None:
    held = teller.hold(_client(teller, IVAN), Decimal(20), 5)
    [before] = _holds(journal)
    teller.release(held.id)
    [after] = _holds(journal)
    assert after.revision == before.revision + 1


def test_a_version_3_journal_keeps_its_managers_decisions_as_decided(tmp_path: Path) -> None:
    """Version 3 said "decided by the manager" only in the reason's prefix."""
    path = tmp_path / "v3.sqlite3"
    Journal(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 3")
        for column in ("to_pay", "decided_by", "fate"):
            db.execute(f"ALTER TABLE entries DROP COLUMN {column}")
        now = time.time()
        db.execute(
            "INSERT INTO entries (created, updated, kind, state, training, server, point, "
            "amount, spend, total, verdict, reason) VALUES (?, ?, 'retail', 'done', 0, 's', "
            "'p', '100', '0', '100', 'earned', 'manager: called support')",
            (now, now),
        )
    journal = Journal(path)
    try:
        [entry] = journal.entries()
        assert (entry.decided_by, entry.reason) == ("manager", "called support")
    finally:
        journal.close()


def test_another_tills_hold_is_not_ours_to_mark(teller: Teller, journal: Journal, sandbox) -> None:
    other_till = LoyaltyClient(sandbox.url, demo.API_KEY, demo.POINT_ID)
    try:
        foreign = other_till.hold(IVAN.id, Decimal(5), minutes=5)
    finally:
        other_till.close()
    teller.release(foreign.id)
    [release] = [e for e in journal.entries() if e.kind is Kind.RELEASE]
    assert (release.customer, release.points) == ("", None)
    assert _holds(journal) == []
