"""Reconciling a retail whose reply was lost: the customer read again, the verdict recorded,
and every later balance read taken as evidence (see :mod:`app.core.teller` for the rules).

:class:`~app.core.teller.Teller` is a :class:`Reconciler`: it brings the loyalty client, the
journal, the server and the settle window."""

from __future__ import annotations

import logging
import time
from decimal import Decimal
from typing import TYPE_CHECKING

from app.api.errors import ApiError
from app.core.journal_entry import Entry, Kind, State, Verdict
from app.core.teller_errors import EarlierOperationHappened, StillChecking
from app.core.verdicts import decide

if TYPE_CHECKING:
    from app.api.loyalty import LoyaltyClient
    from app.api.models import Client
    from app.core.journal import Journal

log = logging.getLogger(__name__)

# A later read re-examines an open or "did not happen" retail for this long after it; beyond
# it, other tills' operations make a matching balance a coincidence rather than evidence.
EVIDENCE_SECONDS = 3600.0
# When a "did not happen" retail's customer is read again in the background, in seconds
# since the request left: no finite settle window is proof, so the hour of evidence is
# watched at growing intervals (a late server is likeliest in the first minutes).
WATCH_READS_AT = (60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, EVIDENCE_SECONDS - 60.0)


class Reconciler:
    loyalty: LoyaltyClient
    journal: Journal
    server: str
    settle_seconds: float
    watch_schedule: tuple[float, ...]  # when a "did not happen" is read again (WATCH_READS_AT)
    watch_reads: dict[int, int]  # entry → background reads done of its schedule

    def examine(
        self, client_id: str, balance: Decimal, *, now: float | None = None
    ) -> tuple[Entry, Verdict] | None:
        """Judge the customer's latest retail again with a fresh ``balance``, if it is open
        or was judged "did not happen" recently. Returns it and its verdict now."""
        moment = time.time() if now is None else now
        latest = self.journal.latest_retail(client_id, self.server, self.loyalty.point)
        if latest is None or latest.state is not State.UNKNOWN or latest.verdict is None:
            return None  # nothing open: settled, or still in flight (pending)
        before = latest.verdict
        if moment - latest.sent.timestamp() > EVIDENCE_SECONDS:
            return None
        verdict = self._judge(latest, balance, moment)
        if verdict is before or verdict is Verdict.CHECKING:
            return latest, before
        if before is Verdict.NOT_HAPPENED and verdict is not Verdict.UNDECIDED:
            log.error("retail %d judged not-happened is now proved %s", latest.id, verdict)
        if verdict in (Verdict.SPENT, Verdict.EARNED) or before is Verdict.CHECKING:
            self.journal.reconciled(
                latest.id,
                verdict,
                balance_after=balance,
                reason=f"a later read: balance before {latest.balance_before}, now {balance}",
            )
        return latest, verdict

    def watch(self, *, now: float | None = None) -> list[Entry]:
        """Read again, when due, the customer of every retail of this server and point judged
        "did not happen" by the balance within the last hour: one that a late server applied
        after all becomes spent (or earned) and is marked ``proved_late`` for the manager.
        Returns those. A read that fails is the next one's to make; past the hour the lookup
        goes."""
        moment = time.time() if now is None else now
        proved = []
        for entry in self.journal.under_watch():
            if entry.server != self.server or entry.point != self.loyalty.point:
                continue
            since = moment - entry.sent.timestamp()
            if since > EVIDENCE_SECONDS:
                self.journal.watch_over(entry.id)
                self.watch_reads.pop(entry.id, None)
                continue
            latest = self.journal.latest_retail(entry.client_id or "", entry.server, entry.point)
            if latest is None or latest.id != entry.id:  # a newer sale's reads judge that one
                self.journal.watch_over(entry.id)
                continue
            due = sum(1 for at in self.watch_schedule if since >= at)
            if due <= self.watch_reads.get(entry.id, 0) or entry.client_id is None:
                continue
            self.watch_reads[entry.id] = due
            try:
                balance = self.loyalty.search(entry.lookup or "", hold_ids=entry.hold_ids).balance
            except ApiError as error:
                log.info("retail %d not read again: %s", entry.id, error.log_line())
                continue
            judged = self.examine(entry.client_id, balance, now=moment)
            if judged is not None and judged[1] in (Verdict.SPENT, Verdict.EARNED):
                proved.append(self.journal.get(entry.id))  # examine judged this, the latest
        return proved

    def watching(self) -> bool:
        """Whether a "did not happen" retail of this server and point is still watched."""
        return any(
            entry.server == self.server and entry.point == self.loyalty.point
            for entry in self.journal.under_watch()
        )

    def settle_deadline(self, entry: Entry) -> float:
        """When "did not happen" may become final for ``entry`` (a Unix time)."""
        return entry.sent.timestamp() + self.settle_seconds

    def _clear_to_send(self, client: Client, balance: Decimal | None) -> None:
        """Refuse a retail while the customer's previous one is still being checked, or when
        the balance just read proves that one went through (a repeat would spend twice)."""
        if balance is not None:
            judged = self.examine(client.id, balance)
            if judged is not None:
                entry, verdict = judged
                if verdict in (Verdict.SPENT, Verdict.EARNED) and entry.verdict not in (
                    Verdict.SPENT,
                    Verdict.EARNED,
                ):
                    raise EarlierOperationHappened(entry, verdict)
        latest = self.journal.latest_retail(client.id, self.server, self.loyalty.point)
        if latest is not None and (
            latest.state is State.PENDING or latest.verdict is Verdict.CHECKING
        ):
            raise StillChecking(latest.id)

    def reconcile(self, entry: Entry, *, now: float | None = None) -> Verdict:
        """Re-read the customer of an open retail and record the verdict."""
        if entry.kind is not Kind.RETAIL:
            raise ValueError(f"only a retail can be reconciled, not {entry.kind}")
        moment = time.time() if now is None else now
        if not entry.lookup:
            self.journal.reconciled(
                entry.id,
                Verdict.UNDECIDED,
                balance_after=None,
                reason="no way to find the customer again",
            )
            return Verdict.UNDECIDED
        try:
            after = self.loyalty.search(entry.lookup, hold_ids=entry.hold_ids).balance
        except ApiError as error:
            verdict = Verdict.CHECKING if self._in_window(entry, moment) else Verdict.UNDECIDED
            self.journal.reconciled(
                entry.id, verdict, balance_after=None, reason=f"re-read failed: {error.log_line()}"
            )
            return verdict
        verdict = self._judge(entry, after, moment)
        self.journal.reconciled(
            entry.id,
            verdict,
            balance_after=after,
            reason=f"balance before {entry.balance_before}, after {after}",
        )
        return verdict

    def recheck_due(self, *, now: float | None = None) -> list[tuple[Entry, Verdict]]:
        """Reconcile every open retail of this server and point whose settle window is over."""
        moment = time.time() if now is None else now
        results = []
        for entry in self.journal.unsettled():
            if entry.kind is not Kind.RETAIL or entry.verdict is not Verdict.CHECKING:
                continue
            if entry.server != self.server or entry.point != self.loyalty.point:
                continue
            if self._in_window(entry, moment):
                continue
            results.append((entry, self.reconcile(entry, now=moment)))
        return results

    def still_checking(self) -> bool:
        """Whether a retail of this server and point still waits for its settle window."""
        return any(
            entry.verdict is Verdict.CHECKING
            and entry.server == self.server
            and entry.point == self.loyalty.point
            for entry in self.journal.unsettled()
        )

    def _in_window(self, entry: Entry, moment: float) -> bool:
        return moment < self.settle_deadline(entry)

    def _judge(self, entry: Entry, after: Decimal, moment: float) -> Verdict:
        hidden = [
            hold.points or Decimal(0)
            for hold in self.journal.hidden_holds(
                entry.client_id or "",
                entry.point,
                named=entry.hold_ids,
                now=entry.sent.timestamp(),
                made_before=entry.sent,
            )
        ]
        return decide(
            entry.balance_before,
            after,
            spend=entry.spend or Decimal(0),
            earn=entry.points or Decimal(0),
            hidden_holds=hidden,
            window_over=not self._in_window(entry, moment),
        )
