"""The window's side of the hand-off: an amount from the POS goes into the amount field, and the
sale's end goes back to whoever is waiting.

The amount is put in the field as if typed and the preview starts; the cashier still chooses
and confirms. A sale handed over before a customer is on screen waits for the next card. A
hand-off is refused while a confirmation is open or a sale is being sent, so it never mixes
into the sale in progress; a newer hand-off replaces one that has not been sent (the older
waiter hears "cancelled") and always takes the field.

A hand-off's life follows the workflow's events (:mod:`app.core.sale.workflow`): the card shown,
the sale sent, the sale ended, the customer left. It ends exactly once. Whoever waits for it
(a ``sale --wait`` command, an HTTP request, nobody) may go away at any moment: a
:class:`Waiter` that left is simply not told, and the sale on screen goes on untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.base.i18n import QT_TRANSLATE_NOOP
from app.core.journal.text import money_number, plain_number
from app.core.ledger.teller import customer_label
from app.core.sale.effects import (
    CustomerLeft,
    CustomerShown,
    HandoffDetached,
    SaleEnded,
    SaleNotSent,
    SaleQueued,
    SaleSent,
)
from app.core.sale.state import Phase
from app.handoff.protocol import HandoffProblem, Outcome, receipt_id, sale_amount
from app.ui.widgets import format as fmt

if TYPE_CHECKING:
    from app.api.models import Client, Retail
    from app.ui.cashier.controller import TillController

log = logging.getLogger(__name__)


class Waiter(Protocol):
    """Whoever waits for a hand-off's outcome. ``deliver`` is called at most once and must
    not fail when the waiter has gone (it then does nothing)."""

    def deliver(self, outcome: Outcome) -> None: ...


@dataclass
class Ticket:
    amount: Decimal
    receipt: str | None
    waiter: Waiter | None
    generation: int | None = None  # the customer it went to; None while it waits for one
    # The customer whose sale was sent and not yet known to have failed: leaving them then
    # is not a cancel, as a late server may still apply it.
    sent_to: Client | None = None


class Counter(Protocol):
    """What the hand-off needs of the cashier window, and nothing more."""

    @property
    def confirm_open(self) -> bool: ...

    def fill_amount(self, text: str) -> None: ...

    def show_handoff_waiting(self) -> None: ...

    def bring_to_front(self) -> None: ...


class HandoffDesk(QObject):
    """The hand-off, following ``till``'s events; the window is reached only as a
    :class:`Counter`, the sale only through the controller's checkout and journal reader."""

    def __init__(self, counter: Counter, till: TillController, parent: QObject) -> None:
        super().__init__(parent)
        self.counter = counter
        self.till = till
        self.ticket: Ticket | None = None
        till.happened.connect(self._happened)

    # ---- calls -----------------------------------------------------------------------------

    def show(self) -> None:
        """Bring the window to the front, with the keyboard."""
        self.counter.bring_to_front()

    def sale(self, amount: str, receipt: str | None, waiter: Waiter | None) -> str:
        """Take a sale; returns "filled" (a customer is on screen) or "waiting" (for one).
        Raises :class:`HandoffProblem` when refused."""
        value = sale_amount(amount)
        kept = receipt_id(receipt)
        c = self.till.checkout
        if self.counter.confirm_open:
            raise HandoffProblem(
                "busy",
                QT_TRANSLATE_NOOP(
                    "Handoff", "A confirmation is open in the till: finish it first."
                ),
            )
        if QApplication.activeModalWidget() is not None:  # the PIN, settings, a message
            raise HandoffProblem(
                "busy",
                QT_TRANSLATE_NOOP("Handoff", "A window is open in the till: close it first."),
            )
        if c.sale_in_flight:
            raise HandoffProblem(
                "busy", QT_TRANSLATE_NOOP("Handoff", "A sale is being sent: wait for its result.")
            )
        if self.ticket is not None:  # replaced before it was sent
            self._end(self._cancelled(self.ticket))
        self.ticket = Ticket(value, kept, waiter)
        log.info("hand-off: %s, receipt %s", value, kept or "-")
        self.show()
        if c.phase in (Phase.CUSTOMER, Phase.OFFLINE):
            self._fill()
            return "filled"
        self.counter.show_handoff_waiting()
        return "waiting"

    def drop_waiting(self) -> None:
        """The cashier dismissed an amount that waits for a customer: the sale is cancelled."""
        ticket = self.ticket
        if ticket is not None and ticket.generation is None:
            self._end(self._cancelled(ticket))
            self.counter.show_handoff_waiting()  # redraw the next-step line without it

    def forget(self, waiter: Waiter) -> None:
        """``waiter`` stopped waiting (timed out, hung up): it hears nothing more; the sale
        goes on in the window and ends in the journal as usual."""
        if self.ticket is not None and self.ticket.waiter is waiter:
            log.info("hand-off waiter left; the sale goes on in the window")
            self.ticket.waiter = None

    @property
    def waiting(self) -> Decimal | None:
        """The amount handed over and not yet in a customer's field, if any."""
        if self.ticket is None or self.ticket.generation is not None:
            return None
        return self.ticket.amount

    # ---- following the sale ----------------------------------------------------------------

    def _fill(self) -> None:
        ticket, c = self.ticket, self.till.checkout
        assert ticket is not None
        ticket.generation = c.generation
        self.till.hand_over(ticket.amount, ticket.receipt)
        self.counter.fill_amount(fmt.amount_input(ticket.amount))

    def _happened(self, event: object) -> None:
        ticket = self.ticket
        if ticket is None:
            return
        if isinstance(event, CustomerShown):
            if ticket.generation is None and not self.counter.confirm_open:
                self._fill()
            return
        if getattr(event, "generation", None) != ticket.generation:
            return
        match event:
            case SaleSent():
                ticket.sent_to = self.till.checkout.client
            case SaleNotSent():
                ticket.sent_to = None  # refused, or proved not to have happened: may be repeated
            case SaleEnded(client=client, retail=None):
                self._end(self._unknown(client, ticket))
            case SaleEnded(client=client, retail=retail) if retail is not None:
                self._end(self._completed(client, retail, ticket))
            case SaleQueued():
                self._end(self._queued(event, ticket))
            case HandoffDetached():
                self._end(self._cancelled(ticket))
            case CustomerLeft(client=client, in_doubt=in_doubt):
                sent = ticket.sent_to or (client if in_doubt else None)
                self._end(self._unknown(sent, ticket) if sent else self._cancelled(ticket))

    def _end(self, outcome: Outcome) -> None:
        """End the hand-off once: the ticket goes first, then its waiter (if still there) is
        told; a waiter's failure never reaches the sale on screen."""
        ticket, self.ticket = self.ticket, None
        log.info("hand-off ended: %s", outcome.outcome)
        if ticket is None or ticket.waiter is None:
            return
        try:
            ticket.waiter.deliver(outcome)
        except Exception:
            log.exception("hand-off outcome %s could not be delivered", outcome.outcome)

    @staticmethod
    def _cancelled(ticket: Ticket) -> Outcome:
        """Nothing was made of the POS's sale: nothing spent, earned or discounted."""
        return Outcome(
            "cancelled",
            amount=money_number(ticket.amount),
            points_spent="0",
            points_earned="0",
            discount="0.00",
            receipt=ticket.receipt,
        )

    def _journal_id(self, client: Client) -> int | None:
        teller = self.till.teller
        if teller is None:
            return None
        entry = self.till.reader.latest_retail(client.id, teller.server, teller.loyalty.point)
        return entry.id if entry is not None else None

    def _completed(self, client: Client, result: Retail, ticket: Ticket) -> Outcome:
        spent = result.spend or Decimal(0)
        earned = result.earn or Decimal(0)
        if result.type == "discount":
            kind = "discount"
        elif spent > 0:
            kind = "spent"
        else:
            kind = "earned"
        return Outcome(
            kind,
            amount=money_number(result.amount),
            to_pay=money_number(result.total),
            points_spent=plain_number(spent),
            points_earned=plain_number(earned),
            discount=money_number(
                result.amount - result.total if kind == "discount" else Decimal(0)
            ),
            customer=customer_label(client),
            journal_id=self._journal_id(client),
            receipt=ticket.receipt,
        )

    @staticmethod
    def _queued(event: SaleQueued, ticket: Ticket) -> Outcome:
        """An earn recorded offline: the full amount to pay, the points credited later."""
        return Outcome(
            "queued",
            amount=money_number(event.amount),
            to_pay=money_number(event.amount),
            points_spent="0",
            discount="0.00",  # points_earned: the server's to count, not known yet
            customer=event.customer,
            journal_id=event.entry_id,
            receipt=ticket.receipt,
        )

    def _unknown(self, client: Client, ticket: Ticket) -> Outcome:
        """Nobody knows what happened: every figure is unknown (null), never 0."""
        return Outcome(
            "unknown",
            amount=money_number(ticket.amount),
            customer=customer_label(client),
            journal_id=self._journal_id(client),
            receipt=ticket.receipt,
        )
