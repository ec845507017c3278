"""Money operations with the journal around them, and reconciliation of unknown outcomes.

Every hold, release, retail and enrolment goes through :class:`Teller`: the intent is journaled
before the request leaves, the outcome after. When a retail's outcome is unknown (timeout,
dropped connection, unreadable reply) the teller reconciles at once: it reads the customer again
with the same hold IDs and compares the balance with the one read just before the retail.

What the comparison decides (the README says the same):

* spend S: balance fell by exactly S → the points were spent; balance unchanged → nothing
  happened, the cashier may repeat after a warned confirmation; anything else → undecided.
* earn E: balance rose by exactly E (E > 0) → earned. An unchanged balance is **not** taken as
  "nothing happened": a real server may credit earned points later, and repeating would earn
  twice. So it is undecided, like any other difference.
* a discount level's balance is always 0 and tells nothing: undecided.

Undecided operations are never repeated by the program; the manager settles them from the
journal. The comparison cannot see a concurrent operation for the same customer on another
till that exactly cancels ours; the warned confirmation before a repeat is the last guard.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.api.errors import (
    ApiError,
    ApiTimeout,
    ConnectionFailed,
    FieldRejected,
    KeyRejected,
    OutcomeUnknown,
    PartnerRejected,
)
from app.core.journal import Entry, Journal, Kind, Verdict
from app.core.privacy import mask_email, mask_phone
from app.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from app.api.loyalty import LoyaltyClient
    from app.api.models import Client, Held, Retail
    from app.api.partner import PartnerClient

log = logging.getLogger(__name__)

VERDICT_MESSAGES = {
    Verdict.NOT_HAPPENED: QT_TRANSLATE_NOOP(
        "Teller",
        "The server did not answer, but the balance has not changed: the operation did not "
        "happen. You may repeat it.",
    ),
    Verdict.UNDECIDED: QT_TRANSLATE_NOOP(
        "Teller",
        "Cannot tell whether the operation happened. Do not repeat it: the manager will check "
        "it in the journal.",
    ),
}


class ReconciledUnknown(OutcomeUnknown):
    """A retail whose reply was lost, after the teller re-read the customer."""

    def __init__(
        self, cause: ApiError, verdict: Verdict, entry_id: int, *, server_reachable: bool = False
    ) -> None:
        super().__init__(cause)
        self.verdict = verdict
        self.entry_id = entry_id
        self.server_reachable = server_reachable  # the re-read after the failure worked

    def user_message(self) -> str:
        return translate("Teller", VERDICT_MESSAGES[self.verdict])


def customer_label(client: Client) -> str:
    """How the journal names a customer: masked, enough for a manager to recognise."""
    return mask_phone(client.phone) or f"ID …{client.id[-4:]}"


def decide(entry: Entry, balance_after: Decimal) -> Verdict:
    """The verdict for an unknown retail, from the balance before and after (see module doc)."""
    before = entry.balance_before
    if before is None:
        return Verdict.UNDECIDED
    spend = entry.spend or Decimal(0)
    if spend > 0:
        if balance_after == before - spend:
            return Verdict.SPENT
        if balance_after == before:
            return Verdict.NOT_HAPPENED
        return Verdict.UNDECIDED
    expected_earn = entry.points or Decimal(0)
    if expected_earn > 0 and balance_after == before + expected_earn:
        return Verdict.EARNED
    return Verdict.UNDECIDED


class Teller:
    def __init__(
        self,
        loyalty: LoyaltyClient,
        journal: Journal,
        *,
        server: str,
        training: bool,
        partner: PartnerClient | None = None,
    ) -> None:
        self.loyalty = loyalty
        self.journal = journal
        self.partner = partner
        self.server = server
        self.training = training

    def _intent(self, kind: Kind, **fields: Any) -> int:
        return self.journal.intent(
            kind, server=self.server, point=self.loyalty.point, training=self.training, **fields
        )

    # ---- hold and release ------------------------------------------------------------------

    def hold(self, client: Client, amount: Decimal, minutes: int) -> Held:
        entry = self._intent(
            Kind.HOLD, client_id=client.id, customer=customer_label(client), points=amount
        )
        try:
            held = self.loyalty.hold(client.id, amount, minutes=minutes)
        except ApiError as error:
            self._settle_failure(entry, error)
            raise
        self.journal.done(entry, hold_id=held.id, hold_until=held.until, points=held.amount)
        return held

    def release(self, hold_id: str, *, client_id: str | None = None) -> None:
        entry = self._intent(Kind.RELEASE, client_id=client_id, hold_id=hold_id)
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
    ) -> Retail:
        """Create the operation. On an unknown outcome, reconcile: return the operation if the
        balance proves it happened, else raise :class:`ReconciledUnknown` with the verdict."""
        balance_before = self._balance_before(client, lookup, hold_ids)
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
        )
        try:
            retail = self.loyalty.retail(client.id, amount, spend, hold_ids=hold_ids)
        except OutcomeUnknown as unknown:
            from app.api.models import Retail

            self.journal.unknown(entry, unknown.log_line())
            verdict = self.reconcile(self.journal.get(entry))
            log.warning("retail %d outcome unknown; reconciled: %s", entry, verdict)
            if verdict is Verdict.SPENT:
                return Retail(
                    amount=amount,
                    total=amount - spend,
                    percent=client.level.percent,
                    type=client.level.type,
                    spend=spend,
                )
            if verdict is Verdict.EARNED:
                return Retail(
                    amount=amount,
                    total=amount,
                    percent=client.level.percent,
                    type=client.level.type,
                    earn=expected_earn,
                )
            reached = self.journal.get(entry).balance_after is not None
            raise ReconciledUnknown(
                unknown.cause, verdict, entry, server_reachable=reached
            ) from unknown
        except ApiError as error:
            self._settle_failure(entry, error)
            raise
        self.journal.done(entry, spend=retail.spend, earn=retail.earn, total=retail.total)
        return retail

    def _balance_before(
        self, client: Client, lookup: str, hold_ids: Sequence[str]
    ) -> Decimal | None:
        """The balance the reconciliation will compare with, read just before the retail.

        A discount level's balance tells nothing (always 0); a failed read leaves ``None``,
        which makes a later reconciliation undecided rather than wrong."""
        if client.level.type == "discount":
            return None
        try:
            return self.loyalty.search(lookup, hold_ids=hold_ids).balance
        except ApiError as error:
            log.warning("balance before retail not read: %s", error.log_line())
            return None

    def reconcile(self, entry: Entry) -> Verdict:
        """Re-read the customer of an unsettled retail and record the verdict."""
        if entry.kind is not Kind.RETAIL:
            raise ValueError(f"only a retail can be reconciled, not {entry.kind}")
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
            self.journal.reconciled(
                entry.id,
                Verdict.UNDECIDED,
                balance_after=None,
                reason=f"re-read failed: {error.log_line()}",
            )
            return Verdict.UNDECIDED
        verdict = decide(entry, after)
        self.journal.reconciled(
            entry.id,
            verdict,
            balance_after=after,
            reason=f"balance before {entry.balance_before}, after {after}",
        )
        return verdict

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
