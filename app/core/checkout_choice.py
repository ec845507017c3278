"""What the cashier chose for the customer on screen: the customer, the amount, its preview and
the spend, with the request tokens that tell a current reply from a late one.

:class:`~app.core.checkout.Checkout` builds on this with the holds and the sale itself. The
promise kept here: a figure the cashier chose never changes under them (see
:meth:`CheckoutChoice.recalculated`).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from app.api.errors import ApiError, FieldRejected, FiguresRejected
from app.core.checkout_state import (
    Ask,
    HoldState,
    HoldStatus,
    InputProblem,
    Phase,
    RecentSale,
    SpendMode,
    Token,
)
from app.core.figures import check_recalc
from app.core.link import link_down
from app.core.money import AmountProblem, parse_amount, parse_points
from app.core.scanning import as_scanned
from app.core.search import normalise_search, search_problem
from app.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.api.models import Client, Recalc, Retail


NOTHING_TO_SPEND = QT_TRANSLATE_NOOP(
    "Checkout", "No points can be spent on this purchase: F4 earns points instead."
)


@dataclass
class CheckoutChoice:
    phase: Phase = Phase.IDLE
    client: Client | None = None
    search_text: str = ""
    amount: Decimal | None = None
    amount_problem: str | None = None
    recalc: Recalc | None = None
    spend_mode: SpendMode = SpendMode.NONE
    custom_spend: Decimal = Decimal(0)
    hold: HoldState | None = None
    result: Retail | None = None
    balance_after: Decimal | None = None
    error: ApiError | None = None
    field_errors: dict[str, str] = field(default_factory=dict)
    repeat_warning: bool = False  # the last attempt's outcome was unknown; it did not happen
    checking_entry: int | None = None  # the journal entry being checked (phase CHECKING)
    queued_entry: int | None = None  # the offline earn recorded (phase QUEUED)
    # What became of it since, as the background pass found: credited (with its points) or
    # refused (the manager's); ``None`` while it waits.
    queued_fate: tuple[bool, Decimal | None] | None = None
    without_balance: bool = False  # the cashier chose to send without the balance read
    receipt: str | None = None  # the POS's receipt ID of a handed-over sale, for the journal
    handed: Decimal | None = None  # the amount the POS handed over with ``receipt``
    # A reply changed the spend the cashier chose: (what they chose, what may be spent now).
    choice_lost: tuple[Decimal, Decimal] | None = None
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    recent: list[RecentSale] = field(default_factory=list)  # survives the customer leaving
    _chosen: Decimal | None = None  # the spend the cashier saw when choosing
    _customer_gen: int = 0
    _amount_gen: int = 0
    _holds_gen: int = 0
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _pending: dict[Ask, Token] = field(default_factory=dict)

    # ---- tokens ----------------------------------------------------------------------------

    def issue(self, kind: Ask) -> Token:
        token = Token(
            kind, self._customer_gen, self._amount_gen, next(self._serial), self._holds_gen
        )
        self._pending[kind] = token
        return token

    def accept(self, token: Token) -> bool:
        """True (and forgotten) when ``token`` is the latest request of its kind."""
        if self._pending.get(token.kind) != token:
            return False
        del self._pending[token.kind]
        return True

    @property
    def generation(self) -> int:
        """Changes whenever the customer on screen changes."""
        return self._customer_gen

    def busy(self, kind: Ask) -> bool:
        return kind in self._pending

    def _current_preview(self, token: Token) -> bool:
        """A preview's reply counts only for the amount and the holds it was asked with."""
        return (
            self.accept(token)
            and token.amount == self._amount_gen
            and token.holds == self._holds_gen
        )

    @property
    def holds_settled(self) -> bool:
        """No hold is being placed or released: the server's view of what this customer may
        spend is the one a preview asked now would get (a release that has not been answered
        may still count for the server, and a hold being placed may already)."""
        return not (self.busy(Ask.HOLD) or self.busy(Ask.RELEASE))

    def holds_changed(self) -> None:
        """A hold was asked for, placed, released, expired or ended: every preview asked before
        answers for a state that is gone, and the figures on screen with it."""
        self._holds_gen += 1
        self._pending.pop(Ask.RECALC, None)

    @property
    def sale_in_flight(self) -> bool:
        """A sale was sent and its outcome is not known yet: the one answer to "is a sale in
        flight?" (the hand-off refuses, the window waits, nothing is repeated)."""
        return self.phase in (Phase.SUBMITTING, Phase.CHECKING)

    # ---- search ----------------------------------------------------------------------------

    def search(self, text: str) -> tuple[Token, str, list[str]]:
        """Start a search for a new customer: the token, the normalised search, and the
        previous customer's hold IDs, which the caller releases on the server."""
        problem = search_problem(text)
        if problem:
            raise InputProblem("Search", problem)
        if self.phase is Phase.SUBMITTING:
            raise InputProblem(
                "Checkout", QT_TRANSLATE_NOOP("Checkout", "Wait for the operation to finish.")
            )
        to_release = self._leave_customer()
        self.search_text = text.strip()
        self.phase = Phase.SEARCHING
        return self.issue(Ask.SEARCH), normalise_search(text), to_release

    def searched(self, token: Token, client: Client) -> bool:
        if not self.accept(token):
            return False
        self.client = client
        self.phase = Phase.CUSTOMER
        return True

    def search_failed(self, token: Token, error: ApiError) -> bool:
        if not self.accept(token):
            return False
        self.error = error
        self.phase = Phase.OFFLINE if link_down(error) else Phase.IDLE
        return True

    @property
    def lookup(self) -> str:
        """How to find this customer again (to reconcile): the phone, else what was searched."""
        if self.client is not None and self.client.phone:
            return self.client.phone
        if self.client is None:  # an offline earn: no code has Russian letters, so a code
            return normalise_search(as_scanned(self.search_text))  # typed via ЙЦУКЕН is Latin
        return normalise_search(self.search_text)

    # ---- the POS's hand-off ----------------------------------------------------------------

    def hand_over(self, amount: Decimal, receipt: str | None) -> None:
        """The POS handed this sale over: its amount, and its receipt for the journal."""
        self.handed = amount
        self.receipt = receipt

    def detached(self) -> bool:
        """The cashier changed the POS's amount: the sale is no longer the POS's receipt (a
        3 000 ₽ purchase must not be journaled as receipt TO-3 of 102 ₽). ``True`` when the
        hand-off was just let go."""
        if self.handed is None or self.amount == self.handed:
            return False
        self.handed = None
        self.receipt = None
        return True

    # ---- amount and preview ----------------------------------------------------------------

    def enter_amount(self, text: str) -> Token | None:
        """A new amount was typed: a recalc token, or ``None`` when there is nothing to ask."""
        self._amount_gen += 1
        if self.spend_mode is SpendMode.MAX:
            self._chosen = None  # the maximum of the new amount, whatever it is
        self.recalc = None
        self.field_errors.pop("amount", None)
        self.field_errors.pop("spend", None)
        self._pending.pop(Ask.RECALC, None)
        offline = self.phase is Phase.OFFLINE
        if not offline and (self.phase is not Phase.CUSTOMER or self.client is None):
            return None
        try:
            self.amount = parse_amount(text)
        except AmountProblem as problem:
            self.amount = None
            self.amount_problem = None if not text.strip() else problem.source
            return None
        self.amount_problem = None
        return None if offline else self.issue(Ask.RECALC)  # offline: nobody to preview

    def recalculated(self, token: Token, recalc: Recalc) -> bool:
        if not self._current_preview(token):
            return False
        assert self.amount is not None
        assert self.client is not None
        try:
            check_recalc(recalc, amount=self.amount, balance=self.client.balance)
        except FiguresRejected as wrong:
            self.error = wrong
            return True
        self.recalc = recalc
        self.error = None
        self._keep_choice_honest(recalc)
        return True

    def _keep_choice_honest(self, recalc: Recalc) -> None:
        """Drop the spend the cashier chose when this preview would make F9 send another."""
        if self.spend_mode is SpendMode.NONE:
            return
        wanted = recalc.spend if self.spend_mode is SpendMode.MAX else self.custom_spend
        if self._chosen is None and wanted <= recalc.spend:
            self._chosen = wanted  # chosen before any preview, or "maximum" of a new amount
            return
        if wanted == self._chosen and wanted <= recalc.spend:
            return
        self.choice_lost = (self._chosen if self._chosen is not None else wanted, recalc.spend)
        self.spend_mode = SpendMode.NONE
        self.custom_spend = Decimal(0)
        self._chosen = None

    def recalc_failed(self, token: Token, error: ApiError) -> bool:
        if not self._current_preview(token):
            return False
        self.error = error
        if isinstance(error, FieldRejected):
            self.field_errors.update(error.fields)
        return True

    def refresh_recalc(self) -> Token | None:
        """Ask again for the current amount (after a hold, or when the server is back)."""
        if self.phase is not Phase.CUSTOMER or self.amount is None:
            return None
        return self.issue(Ask.RECALC)

    # ---- spend -----------------------------------------------------------------------------

    @property
    def is_discount(self) -> bool:
        return self.client is not None and self.client.level.type == "discount"

    def choose_spend(self, mode: SpendMode, custom: str = "") -> None:
        self.field_errors.pop("spend", None)
        self.choice_lost = None
        self._chosen = None
        if self.phase is Phase.OFFLINE and mode is not SpendMode.NONE:
            raise InputProblem(
                "Checkout",
                QT_TRANSLATE_NOOP(
                    "Checkout",
                    "Spending points needs the server: without it only an earn can be "
                    "recorded (F4).",
                ),
            )
        if self.is_discount and mode is not SpendMode.NONE:
            raise InputProblem(
                "Checkout", QT_TRANSLATE_NOOP("Checkout", "A discount level does not spend points.")
            )
        if mode is SpendMode.CUSTOM:
            # Nothing is shown or sent from a value the cashier has not finished: an invalid
            # field counts as no spend, and confirming or holding waits for a valid one.
            self.spend_mode = mode
            self.custom_spend = Decimal(0)
            try:
                value = parse_points(custom)
            except AmountProblem as problem:
                self.field_errors["spend"] = problem.source
                raise InputProblem("Amount", problem.source) from problem
            if self.recalc is not None and value > self.recalc.spend:
                self.field_errors["spend"] = QT_TRANSLATE_NOOP(
                    "Checkout", "At most %1 points can be spent on this purchase."
                )
                raise InputProblem("Checkout", self.field_errors["spend"])
            self.custom_spend = value
            self._chosen = value
        elif mode is SpendMode.MAX and self.recalc is not None:
            if self.recalc.spend <= 0:
                raise InputProblem("Checkout", NOTHING_TO_SPEND)
            self._chosen = self.recalc.spend
        self.spend_mode = mode

    @property
    def spend(self) -> Decimal:
        """Points to spend now; never above the preview's limit."""
        if self.recalc is None or self.is_discount:
            return Decimal(0)
        if self.spend_mode is SpendMode.MAX:
            return self.recalc.spend
        if self.spend_mode is SpendMode.CUSTOM:
            return min(self.custom_spend, self.recalc.spend)
        return Decimal(0)

    @property
    def discount(self) -> Decimal:
        if self.recalc is None or not self.is_discount or self.amount is None:
            return Decimal(0)
        return (self.amount * self.recalc.percent / 100).quantize(Decimal("0.01"))

    @property
    def to_pay(self) -> Decimal | None:
        if self.amount is None or self.recalc is None or "spend" in self.field_errors:
            return None
        if self.choice_lost is not None:
            return None  # cleared visibly until the cashier chooses again
        return self.amount - self.spend - self.discount

    @property
    def earn(self) -> Decimal:
        if self.recalc is None or self.spend > 0:
            return Decimal(0)
        return self.recalc.earn

    # ---- holds -----------------------------------------------------------------------------

    @property
    def active_hold_ids(self) -> list[str]:
        if self.hold and self.hold.status is HoldStatus.ACTIVE and self.hold.id:
            return [self.hold.id]
        return []

    def _leave_customer(self) -> list[str]:
        """Forget the customer on screen; returns the active hold IDs to release.

        A hold still on its way is refused by held() when it arrives, and released then."""
        to_release = self.active_hold_ids
        self._customer_gen += 1
        self._pending.clear()
        self.client = None
        self.search_text = ""
        self.amount = None
        self.amount_problem = None
        self.recalc = None
        self.spend_mode = SpendMode.NONE
        self.custom_spend = Decimal(0)
        self.hold = None
        self.result = None
        self.balance_after = None
        self.error = None
        self.field_errors = {}
        self.repeat_warning = False
        self.checking_entry = None
        self.queued_entry = None
        self.queued_fate = None
        self.without_balance = False
        self.receipt = None
        self.handed = None
        self.choice_lost = None
        self._chosen = None
        return to_release
