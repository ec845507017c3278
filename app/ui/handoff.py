"""The window's side of the hand-off: an amount from the POS goes into the amount field, and the
sale's end goes back to whoever is waiting.

The amount is put in the field as if typed and the preview starts; the cashier still chooses
and confirms. A sale handed over before a customer is on screen waits for the next card. A
hand-off is refused while a confirmation is open or a sale is being sent, so it never mixes
into the sale in progress; a newer hand-off replaces one that has not been sent (the older
waiter hears "cancelled"). The end is read from the checkout's state after every change: a
completed sale, an unknown outcome, or the customer leaving first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.core.checkout import Phase
from app.core.journal_text import money_number, plain_number
from app.core.teller import customer_label
from app.handoff import HandoffProblem, Outcome, receipt_id, sale_amount
from app.ui import format as fmt

if TYPE_CHECKING:
    from app.api.models import Client
    from app.core.checkout import Checkout
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

OutcomeCallback = Callable[[Outcome], None]


@dataclass
class Ticket:
    amount: Decimal
    receipt: str | None
    on_end: OutcomeCallback | None
    generation: int | None = None  # the customer it went to; None while it waits for one
    # The customer whose sale was sent and not yet known to have failed: leaving them then
    # is not a cancel, as a late server may still apply it.
    sent_to: Client | None = None


class HandoffDesk(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ticket: Ticket | None = None
        window.controller.changed.connect(self._follow)

    # ---- calls -----------------------------------------------------------------------------

    def show(self) -> None:
        """Bring the window to the front, with the keyboard."""
        w = self.window
        if w.isMinimized():
            w.showNormal()
        else:
            w.show()
        w.reactivate()

    def sale(self, amount: str, receipt: str | None, on_end: OutcomeCallback | None) -> str:
        """Take a sale; returns "filled" (a customer is on screen) or "waiting" (for one).
        Raises :class:`HandoffProblem` when refused."""
        value = sale_amount(amount)
        kept = receipt_id(receipt)
        w, c = self.window, self.window.checkout
        if w.confirm_dialog is not None:
            raise HandoffProblem("busy", "a confirmation is open in the till: finish it first")
        if QApplication.activeModalWidget() is not None:  # the PIN, settings, a message
            raise HandoffProblem("busy", "a dialog is open in the till: close it first")
        if c.phase in (Phase.SUBMITTING, Phase.CHECKING):
            raise HandoffProblem("busy", "a sale is being sent: wait for its result")
        if self.ticket is not None:  # replaced before it was sent
            old = self.ticket
            self._end(Outcome("cancelled", amount=money_number(old.amount), receipt=old.receipt))
        self.ticket = Ticket(value, kept, on_end)
        log.info("hand-off: %s, receipt %s", value, kept or "-")
        self.show()
        if c.phase is Phase.CUSTOMER:
            self._fill(c)
            return "filled"
        w.show_handoff_waiting()
        return "waiting"

    def drop_waiting(self) -> None:
        """The cashier dismissed an amount that waits for a customer: the sale is cancelled."""
        ticket = self.ticket
        if ticket is not None and ticket.generation is None:
            self._end(
                Outcome("cancelled", amount=money_number(ticket.amount), receipt=ticket.receipt)
            )
            self.window.show_handoff_waiting()  # redraw the next-step line without it

    @property
    def waiting(self) -> Decimal | None:
        """The amount handed over and not yet in a customer's field, if any."""
        if self.ticket is None or self.ticket.generation is not None:
            return None
        return self.ticket.amount

    # ---- following the sale ----------------------------------------------------------------

    def _fill(self, c: Checkout) -> None:
        ticket = self.ticket
        assert ticket is not None
        ticket.generation = c.generation
        c.receipt = ticket.receipt
        self.window.fill_amount(fmt.amount_input(ticket.amount))

    def _follow(self) -> None:
        ticket, c = self.ticket, self.window.checkout
        if ticket is None:
            return
        if ticket.generation is None:
            if c.phase is Phase.CUSTOMER and self.window.confirm_dialog is None:
                self._fill(c)
            return
        if c.generation != ticket.generation:
            if ticket.sent_to is not None:
                self._end(self._unknown(ticket.sent_to, ticket))
            else:
                amount = money_number(ticket.amount)
                self._end(Outcome("cancelled", amount=amount, receipt=ticket.receipt))
        elif c.phase is Phase.DONE and c.result is not None:
            self._end(self._completed(c, ticket))
        elif c.phase is Phase.UNKNOWN and c.client is not None:
            self._end(self._unknown(c.client, ticket))
        elif c.phase in (Phase.SUBMITTING, Phase.CHECKING):
            ticket.sent_to = c.client
        elif c.phase is Phase.CUSTOMER:
            ticket.sent_to = None  # refused, or proved not to have happened: may be repeated

    def _end(self, outcome: Outcome) -> None:
        ticket, self.ticket = self.ticket, None
        log.info("hand-off ended: %s", outcome.outcome)
        if ticket is not None and ticket.on_end is not None:
            ticket.on_end(outcome)

    def _journal_id(self, client: Client) -> int | None:
        teller = self.window.teller
        if teller is None:
            return None
        entry = self.window.controller.reader.latest_retail(
            client.id, teller.server, teller.loyalty.point
        )
        return entry.id if entry is not None else None

    def _completed(self, c: Checkout, ticket: Ticket) -> Outcome:
        result = c.result
        assert result is not None
        assert c.client is not None
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
            customer=customer_label(c.client),
            journal_id=self._journal_id(c.client),
            receipt=ticket.receipt,
        )

    def _unknown(self, client: Client, ticket: Ticket) -> Outcome:
        return Outcome(
            "unknown",
            amount=money_number(ticket.amount),
            customer=customer_label(client),
            journal_id=self._journal_id(client),
            receipt=ticket.receipt,
        )
