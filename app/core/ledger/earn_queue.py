"""Posting the earns recorded while the loyalty server could not be reached.

An offline earn is a journal entry in state ``queued`` (:meth:`Teller.queue_earn`): the search
text, the amount, the receipt and the times. It *is* the queue, so it survives a crash and a
restart. :func:`post_queued` sends them, oldest first, the way a cashier would: find the
customer, preview the purchase for the points it earns, then a retail with spend 0 through the
teller, whose write-ahead journal and verdict rules apply unchanged:

* the retail's intent replaces ``queued`` with ``pending`` before it leaves; a crash then is
  the start's reconciliation, like any retail;
* a lost reply is reconciled, never sent again blindly. A balance never proves that an earn
  did not happen (a server may credit later, and the unchanged balance reads the same:
  app/core/ledger/verdicts.py), so a lost post ends with the manager, never back in the queue;
* a failure that proves nothing left the machine (:attr:`ApiError.never_left`) puts it back;
* a customer not found, a discount level (nothing to earn after the fact), or a server that
  refuses the retail (422) goes to the manager's list with the reason; a key or point the
  server refuses is IT's to correct, and every earn waits for it.

It stops at the first sign that the server is still away, so that a queue of fifty does not
make fifty failing calls; the caller tries again later (with backoff and jitter).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from app.api.errors import ApiError, ClientNotFound
from app.core.journal.entry import Entry
from app.core.ledger.figures import check_recalc
from app.core.ledger.outcome import Checking, NotHappened, NotSent, Unknown, Went, outcome_of
from app.core.ledger.teller_errors import StillChecking

if TYPE_CHECKING:
    from app.core.ledger.teller import Teller

log = logging.getLogger(__name__)


@dataclass
class QueueReport:
    """What one pass over the queue did."""

    posted: list[Entry] = field(default_factory=list)  # credited now
    to_manager: list[Entry] = field(default_factory=list)  # refused or undecided
    checking: list[Entry] = field(default_factory=list)  # reply lost; the sweep decides
    # Why the pass stopped before the end of the queue (the server still away), if it did.
    stopped: ApiError | None = None


def post_queued(teller: Teller) -> QueueReport:
    """Post this server's and point's queued earns, oldest first, until one cannot be."""
    report = QueueReport()
    for entry in teller.journal.queued_earns():
        if entry.server != teller.server or entry.point != teller.loyalty.point:
            continue  # another profile's: posted when that profile is in use
        try:
            _post(teller, entry, report)
        except ApiError as error:
            log.info("queued earn %d waits: %s", entry.id, error.log_line())
            report.stopped = error
            break
    return report


def _post(teller: Teller, entry: Entry, report: QueueReport) -> None:
    """Post one earn; raises the :class:`ApiError` that makes the rest of the queue wait."""
    journal, lookup, amount = teller.journal, entry.lookup, entry.amount
    if not lookup or amount is None or amount <= 0:  # never recorded so: a damaged journal
        journal.rejected(entry.id, "not credited: the queued earn lost its search text or amount")
        report.to_manager.append(journal.get(entry.id))
        return
    try:
        client = teller.search(lookup)
    except ClientNotFound as missing:  # (a point or key refused raises: every earn waits)
        journal.rejected(entry.id, f"not credited: {missing.log_line()}")
        report.to_manager.append(journal.get(entry.id))
        return
    if client.level.type == "discount":
        journal.rejected(entry.id, "not credited: the customer's level gives a discount")
        report.to_manager.append(journal.get(entry.id))
        return
    recalc = check_recalc(
        teller.loyalty.recalc(client.id, amount), amount=amount, balance=client.balance
    )
    outcome = outcome_of(
        lambda: teller.retail(
            client,
            lookup,
            amount,
            Decimal(0),
            expected_earn=recalc.earn,
            queued=entry.id,  # its receipt and times are the entry's already
        )
    )
    now = journal.get(entry.id)
    match outcome:
        case Went(_retail, None):
            log.info("queued earn %d credited", entry.id)
            report.posted.append(now)
        case Went():
            pass  # this customer's earlier retail proved to have gone through; this one waits
        case Checking():
            report.checking.append(now)
        case NotHappened() | Unknown():  # (an earn is never judged "did not happen", above)
            report.to_manager.append(now)
        case NotSent(error) if now.waiting:  # nothing sent (or IT's to correct); queued again
            if not isinstance(error, StillChecking):
                raise error
        case NotSent():  # the server refused this retail
            report.to_manager.append(now)
