"""Money operations with the journal around them, and reconciliation of unknown outcomes.

Every hold, release, retail and enrolment goes through :class:`Teller`: the intent is journaled
before the request leaves, the outcome after. A retail's outcome is unknown when its reply is
lost (timeout, dropped connection, unreadable reply) or its figures contradict the request.
Then the teller reads the customer again and asks :mod:`app.core.ledger.verdicts` what the balance
proves, allowing for every hold of this customer that may still count and that nobody named.

Three rules keep a verdict honest (the README's "Unknown outcomes" table has the cases):

* **"Did not happen" waits for the settle window** (by default three read timeouts plus a
  connect timeout since the request left): a server may apply a request after the client gave
  up. Until the window is over the verdict is ``checking``: the entry stays open, the cashier
  may not repeat, and a re-check at the window's end decides.
* **Every later balance read is evidence.** A search for a customer whose latest retail is
  open re-examines it; a repeat whose balance read shows the earlier spend stops before
  anything is sent.
* **The balance read before a retail is one quick attempt.** If it fails, nothing is sent and
  the cashier chooses whether to send without it (the outcome, if lost, then goes to the
  manager).

Undecided operations are never repeated by the program; the manager settles them from the
journal. A concurrent operation for the same customer on another till can still mislead the
arithmetic; the warned confirmation before a repeat is the last guard.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.api.errors import (
    ApiError,
    ApiTimeout,
    ConnectionFailed,
    FieldRejected,
    FiguresRejected,
    KeyRejected,
    OutcomeUnknown,
    PartnerRejected,
    PointNotFound,
)
from app.base.privacy import mask_email, mask_lookup, mask_phone
from app.core.journal.entry import Entry, Kind, State, Verdict
from app.core.journal.store import Journal, JournalUnwritable
from app.core.ledger.figures import check_retail
from app.core.ledger.teller_errors import (
    BalanceUnread,
    EarlierOperationHappened,
    JournalRefused,
    ReconciledUnknown,
    ServerAway,
    StillChecking,
    proved_retail,
)
from app.core.ledger.verdicts import decide

if TYPE_CHECKING:
    from app.api.loyalty import Granted, LoyaltyClient
    from app.api.models import Client, Retail
    from app.api.partner import PartnerClient

log = logging.getLogger(__name__)

# A later read re-examines an open or "did not happen" retail for this long after it; beyond
# it, other tills' operations make a matching balance a coincidence rather than evidence.
EVIDENCE_SECONDS = 3600.0
# When a "did not happen" retail's customer is read again in the background, in seconds
# since the request left: no finite settle window is proof, so the hour of evidence is
# watched at growing intervals (a late server is likeliest in the first minutes).
WATCH_READS_AT = (60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, EVIDENCE_SECONDS - 60.0)

PRE_READ_SECONDS_MAX = 3.0
# The default settle window: a retail is judged "did not happen" no sooner than this after it
# left. The gateways in front of real servers keep forwarding a request that long and the
# server behind may still apply it: nginx's proxy_read_timeout and an AWS load balancer's idle
# timeout default to 60 s, Cloudflare's proxy read timeout to 100 s (its error 524). 120 s is
# the longest of these with a margin; a profile's settle_seconds overrides it (docs/money.md).
GATEWAY_SETTLE_SECONDS = 120.0


def customer_label(client: Client) -> str:
    """How the journal names a customer: masked, enough for a manager to recognise."""
    return mask_phone(client.phone) or f"ID …{client.id[-4:]}"


@contextmanager
def _journal_refuses() -> Iterator[None]:
    """The journal refused an intent: the request is not sent, and the caller hears why."""
    try:
        yield
    except JournalUnwritable as refused:
        raise JournalRefused(refused) from refused


class Teller:
    """The money operations, each journaled around its request, and the reconciliation of a
    retail whose reply was lost (the second half of the class)."""

    def __init__(
        self,
        loyalty: LoyaltyClient,
        journal: Journal,
        *,
        server: str,
        training: bool,
        partner: PartnerClient | None = None,
        settle_seconds: float | None = None,
    ) -> None:
        self.loyalty = loyalty
        self.journal = journal
        self.partner = partner
        self.server = server
        self.training = training
        timeouts = loyalty.timeouts
        if settle_seconds is None:
            settle_seconds = max(GATEWAY_SETTLE_SECONDS, 3 * timeouts.read + timeouts.connect)
        self.settle_seconds = settle_seconds
        self.watch_schedule = WATCH_READS_AT
        self.watch_reads: dict[int, int] = {}
        self.pre_read_seconds = min(PRE_READ_SECONDS_MAX, timeouts.read)

    def _intent(self, kind: Kind, **fields: Any) -> int:
        with _journal_refuses():
            return self.journal.intent(
                kind,
                server=self.server,
                point=self.loyalty.point,
                training=self.training,
                server_time=self._server_now(),
                **fields,
            )

    def _server_now(self) -> float | None:
        """The server's time now, by the offset of its latest reply (None before one)."""
        return self.loyalty.clock.now()

    # ---- hold and release ------------------------------------------------------------------

    def hold(self, client: Client, amount: Decimal, minutes: int) -> Granted:
        # If the reply is lost the hold may exist without a known ID; it can count against
        # the balance until it expires, measured from when a late server might make it.
        may_count_until = time.time() + minutes * 60 + self.settle_seconds
        entry = self._intent(
            Kind.HOLD,
            client_id=client.id,
            customer=customer_label(client),
            points=amount,
            hold_until=may_count_until,
        )
        try:
            held = self.loyalty.hold(client.id, amount, minutes=minutes)
        except ApiError as error:
            self._settle_failure(entry, error)
            raise
        # The journal's times are this till's: the hold counts until the till's now plus what
        # is left of it (never the server's ``until``, which is in the server's clock).
        self.journal.done(
            entry,
            hold_id=held.id,
            hold_until=datetime.fromtimestamp(time.time() + held.lasts).astimezone(),
            points=held.amount,
            server_time=self._server_now(),
        )
        return held

    def release(self, hold_id: str, *, client_id: str | None = None) -> None:
        """Release a hold; the journal's release names the customer and the points the hold
        entry recorded (when this till made it)."""
        hold = self.journal.hold_entry(hold_id)
        entry = self._intent(
            Kind.RELEASE,
            client_id=client_id or (hold.client_id if hold else None),
            customer=hold.customer if hold else "",
            points=hold.points if hold else None,
            hold_id=hold_id,
        )
        try:
            self.loyalty.release(hold_id)
        except ApiError as error:
            # Release is repeated by the API layer; whatever failed at the end may have acted.
            if isinstance(error, FieldRejected | KeyRejected):
                self.journal.rejected(entry, error.log_line())
            else:
                self.journal.unknown(entry, error.log_line())
            raise
        self.journal.done(entry)
        self.journal.released(hold_id)

    def release_all(self, hold_ids: Sequence[str]) -> None:
        """Release each hold, best effort (the program is closing): a failure is logged, and
        the hold ends by itself."""
        for hold_id in hold_ids:
            try:
                self.release(hold_id)
            except ApiError as error:
                log.warning("hold %s not released at exit: %s", hold_id, error.log_line())

    # ---- reads -----------------------------------------------------------------------------

    def search(self, lookup: str, *, hold_ids: Sequence[str] = ()) -> Client:
        """Find a customer; the balance read is evidence for their latest open retail."""
        client = self.loyalty.search(lookup, hold_ids=hold_ids)
        if client.level.type != "discount":
            self.examine(client.id, client.balance)
        return client

    # ---- retail ----------------------------------------------------------------------------

    def retail(
        self,
        client: Client,
        lookup: str,
        amount: Decimal,
        spend: Decimal,
        *,
        hold_ids: Sequence[str] = (),
        expected_earn: Decimal = Decimal(0),
        without_balance: bool = False,
        receipt: str | None = None,
        queued: int | None = None,
        to_pay: Decimal | None = None,
    ) -> Retail:
        """Create the operation. On an unknown outcome, reconcile: return the operation if the
        balance proves it happened, else raise :class:`ReconciledUnknown` with the verdict.

        Raises :class:`BalanceUnread` (unless ``without_balance``), :class:`StillChecking` or
        :class:`EarlierOperationHappened` before anything is sent.

        ``to_pay`` is what the confirmation showed the customer pays (a verdict or a
        manager's decision records it; a discount level's differs from amount − spend).

        ``queued`` is the entry of an offline earn being posted: it becomes the intent, and a
        failure that proves nothing left the machine, or a key or point the server refuses (IT's
        to correct, not the earn's), puts it back in the queue."""
        balance_before = self._balance_before(client, lookup, hold_ids, without_balance)
        self._clear_to_send(client, balance_before)
        if queued is None:
            entry = self._intent(
                Kind.RETAIL,
                client_id=client.id,
                customer=customer_label(client),
                lookup=lookup,
                amount=amount,
                spend=spend,
                points=expected_earn,
                hold_ids=hold_ids,
                balance_before=balance_before,
                receipt=receipt,
                to_pay=to_pay,
            )
        else:
            entry = queued
            self._posting(queued, client, expected_earn, balance_before)
        try:
            retail = check_retail(
                self.loyalty.retail(client.id, amount, spend, hold_ids=hold_ids),
                amount=amount,
                spend=spend,
            )
        except FiguresRejected as wrong:
            return self._lost(entry, OutcomeUnknown(wrong))
        except OutcomeUnknown as unknown:
            return self._lost(entry, unknown)
        except ApiError as error:
            if queued is not None and (
                error.never_left or isinstance(error, KeyRejected | PointNotFound)
            ):
                self.journal.requeue(entry, error.log_line())
            else:
                self._settle_failure(entry, error)
            raise
        self.journal.done(
            entry,
            spend=retail.spend,
            earn=retail.earn,
            total=retail.total,
            server_time=self._server_now(),
        )
        self.journal.operation_made(self.journal.get(entry))
        return retail

    def _posting(
        self, entry: int, client: Client, earn: Decimal, balance_before: Decimal | None
    ) -> None:
        with _journal_refuses():
            self.journal.posting(
                entry,
                client_id=client.id,
                customer=customer_label(client),
                points=earn,
                balance_before=balance_before,
                server_time=self._server_now(),
            )

    def queue_earn(self, lookup: str, amount: Decimal, *, receipt: str | None = None) -> int:
        """Record an earn while the server cannot be reached: nothing is sent now; it is
        posted later (:mod:`app.core.ledger.earn_queue`). Its server time is an estimate, by the
        offset of the server's last reply."""
        return self._intent(
            Kind.RETAIL,
            customer=mask_lookup(lookup),
            lookup=lookup,
            amount=amount,
            spend=Decimal(0),
            receipt=receipt,
            queued=True,
            to_pay=amount,  # an earn: the customer pays it all
        )

    def _lost(self, entry_id: int, unknown: OutcomeUnknown) -> Retail:
        self.journal.unknown(entry_id, unknown.log_line())
        verdict = self.reconcile(self.journal.get(entry_id))
        log.warning("retail %d outcome unknown; reconciled: %s", entry_id, verdict)
        return self._outcome(entry_id, verdict, unknown.cause)

    def recheck(self, entry_id: int) -> Retail:
        """Reconcile an open retail again (at the end of its settle window); the same contract
        as :meth:`retail`: the operation if it happened, else :class:`ReconciledUnknown`."""
        entry = self.journal.get(entry_id)
        verdict = entry.verdict or Verdict.UNDECIDED
        if not entry.settled:
            verdict = self.reconcile(entry)
        cause = ApiError(entry.reason, api="loyalty", operation="retail")
        return self._outcome(entry_id, verdict, cause)

    def _outcome(self, entry_id: int, verdict: Verdict, cause: ApiError) -> Retail:
        entry = self.journal.get(entry_id)
        if verdict in (Verdict.SPENT, Verdict.EARNED):
            return proved_retail(entry, verdict)
        reached = entry.balance_after is not None
        raise ReconciledUnknown(cause, verdict, entry_id, server_reachable=reached)

    def _balance_before(
        self, client: Client, lookup: str, hold_ids: Sequence[str], without_balance: bool
    ) -> Decimal | None:
        """The balance the reconciliation will compare with, read just before the retail: one
        quick attempt, never a retry loop that keeps the customer waiting.

        A discount level's balance tells nothing (always 0). A failed read raises
        :class:`BalanceUnread` unless the cashier chose to send without it (``None``: a lost
        reply is then undecided rather than wrong)."""
        if client.level.type == "discount":
            return None
        try:
            return self.loyalty.search(
                lookup, hold_ids=hold_ids, quick=self.pre_read_seconds
            ).balance
        except ApiError as error:
            log.warning("balance before retail not read: %s", error.log_line())
            if without_balance:
                return None
            if error.never_left:  # no server to send to: never offer a blind send
                raise ServerAway(error) from error
            raise BalanceUnread(error) from error

    # ---- partner enrolment -----------------------------------------------------------------

    def enrol(self, email: str, *, client_id: str | None = None) -> None:
        if self.partner is None:
            raise ValueError("no partner client configured")
        entry = self._intent(Kind.ENROL, client_id=client_id, customer=mask_email(email))
        try:
            self.partner.enrol(email)
        except PartnerRejected as rejected:
            if rejected.already_done:
                self.journal.done(entry, reason="already enrolled (error 10)")
            else:
                self.journal.rejected(entry, rejected.log_line())
            raise
        except ApiError as error:
            self._settle_failure(entry, error)
            raise
        self.journal.done(entry)

    def _settle_failure(self, entry: int, error: ApiError) -> None:
        """Record a failure: unknown if the request may have acted, else it did nothing."""
        if isinstance(error, OutcomeUnknown):
            self.journal.unknown(entry, error.log_line())
        elif isinstance(error, ConnectionFailed | ApiTimeout):
            self.journal.failed(entry, error.log_line())
        else:
            self.journal.rejected(entry, error.log_line())

    # ---- reconciling a retail whose reply was lost: the customer read again, the verdict
    # recorded, and every later balance read taken as evidence ----

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
