"""The cashier's checkout as a plain state machine, with no widgets and no network.

The window asks this object for a request (``search``, ``enter_amount``, ``hold_request``,
``submit``), runs it in the background, and hands the reply back with the :class:`Token` it was
given. A reply whose token no longer matches the current customer, amount or step is dropped:
this is how a late preview for an older amount or an older customer never reaches the screen.

Two promises about figures live here:

* **A figure the cashier chose never changes under them.** A spend is chosen against one
  preview; when a later preview for the same amount (a hold ended, the server was asked again)
  would make F9 send another spend, the choice is dropped (:attr:`Checkout.choice_lost`) and F9
  waits for a new one. A new amount typed by the cashier keeps "spend the maximum" (the maximum
  of the new amount, shown as it arrives) but not a typed number above the new limit.
* **What is sent is what the confirmation showed.** :meth:`Checkout.sale` is the operation F9
  would send; the confirmation is drawn from it and :meth:`Checkout.submit` sends it only while
  it is still exactly that.

Time: a hold's end is counted on the monotonic clock (``clock``, injectable for tests) from its
reply's arrival; the till's wall clock is never compared with the server's ``until``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from typing import TYPE_CHECKING

from app.api.constants import HOLD_MINUTES_DEFAULT, HOLD_MINUTES_MAX
from app.api.errors import ApiError, FieldRejected, FiguresRejected
from app.base.i18n import QT_TRANSLATE_NOOP
from app.core.ledger.figures import check_recalc
from app.core.ledger.outcome import (
    Checking,
    NotHappened,
    NotSent,
    Queued,
    SaleOutcome,
    Unknown,
    Went,
)
from app.core.ledger.teller_errors import BalanceUnread
from app.core.link.state import link_down
from app.core.sale.money import AmountProblem, parse_amount, parse_points
from app.core.sale.scanning import as_scanned
from app.core.sale.search import normalise_search, search_problem
from app.core.sale.state import (
    Ask,
    HoldState,
    HoldStatus,
    InputProblem,
    Phase,
    RecentSale,
    Sale,
    SpendMode,
    Token,
)

if TYPE_CHECKING:
    from app.api.loyalty import Granted
    from app.api.models import Client, Recalc, Retail

# A check that finds the hold gone this close to its expected end means it expired: the end
# is known to a second or two (whole-second Date and until, and the reply's latency).
EXPIRY_MARGIN_SECONDS = 5.0
# A sale for the same customer and amount within this long of a completed one is warned about.
REPEAT_WARNING_SECONDS = 10 * 60.0
NOTHING_TO_SPEND = QT_TRANSLATE_NOOP(
    "Checkout", "No points can be spent on this purchase: F4 earns points instead."
)


# What a customer's leaving keeps: the phase (its caller sets the next), the clocks, the recent
# sales (a repeat is checked across customers) and the token counters. Every other field of
# the checkout is the customer's and starts over, a field added later included.
OUTLIVES_THE_CUSTOMER = frozenset(
    {
        "phase",
        "clock",
        "wall_clock",
        "recent",
        "_customer_gen",
        "_amount_gen",
        "_holds_gen",
        "_serial",
        "_pending",
    }
)


@dataclass
class Checkout:
    """The checkout: the cashier's choice (the customer, the amount, its preview and the spend,
    with the request tokens that tell a current reply from a late one), its holds, and the sale
    F9 sends. One state machine, so one class; over 600 lines because every field and rule of
    the sale's state lives here and nowhere else.
    """

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
        for each in fields(self):  # every field not named as outliving the customer
            if each.name not in OUTLIVES_THE_CUSTOMER:
                fresh = (
                    each.default_factory() if each.default_factory is not MISSING else each.default
                )
                setattr(self, each.name, fresh)
        return to_release

    # ---- the holds and the sale --------------------------------------------------------------

    def hold_request(self, minutes: int = HOLD_MINUTES_DEFAULT) -> tuple[Token, Decimal]:
        if not 1 <= minutes <= HOLD_MINUTES_MAX:
            raise InputProblem(
                "Checkout", QT_TRANSLATE_NOOP("Checkout", "Hold for 1 to 30 minutes.")
            )
        if self.phase is Phase.OFFLINE:
            raise InputProblem(
                "Checkout",
                QT_TRANSLATE_NOOP("Checkout", "Points cannot be held without the server."),
            )
        if self.phase is not Phase.CUSTOMER or self.recalc is None:
            raise InputProblem(
                "Checkout", QT_TRANSLATE_NOOP("Checkout", "Enter the amount before holding points.")
            )
        if self.hold and self.hold.status in (HoldStatus.PENDING, HoldStatus.ACTIVE):
            raise InputProblem(
                "Checkout", QT_TRANSLATE_NOOP("Checkout", "Points are already held (F8 releases).")
            )
        if self.field_errors:
            raise InputProblem(
                "Checkout", QT_TRANSLATE_NOOP("Checkout", "Correct the marked field first.")
            )
        if self.spend <= 0:
            raise InputProblem(
                "Checkout", QT_TRANSLATE_NOOP("Checkout", "Choose points to spend before holding.")
            )
        self.hold = HoldState(self.spend)
        self.holds_changed()
        return self.issue(Ask.HOLD), self.spend

    def held(self, token: Token, held: Granted) -> bool:
        """The server made the hold. Returns ``False`` when the hold is no longer wanted: the
        caller must then release it (the customer changed while the reply was on its way)."""
        if not self.accept(token) or token.customer != self._customer_gen or self.hold is None:
            return False
        self.hold.held = held
        self.hold.status = HoldStatus.ACTIVE
        self.holds_changed()
        return True

    def hold_failed(self, token: Token, error: ApiError) -> bool:
        if not self.accept(token) or token.customer != self._customer_gen:
            return False
        self.hold = None
        self.holds_changed()
        self.error = error
        if isinstance(error, FieldRejected) and "amount" in error.fields:
            self.field_errors["spend"] = error.fields["amount"]
        return True

    def release_request(self) -> tuple[Token, str] | None:
        """Release the active hold: its token and ID to send, or ``None`` if there is none.

        Until the release is answered the server may still count the hold, so the preview
        on screen (asked with the hold) is dropped and a new one is asked only then
        (:meth:`released`): "spend the maximum" never meets a limit the hold still cut."""
        if self.hold is None or self.hold.status is not HoldStatus.ACTIVE or not self.hold.id:
            return None
        self.hold.status = HoldStatus.RELEASED
        self.holds_changed()
        self.recalc = None
        return self.issue(Ask.RELEASE), self.hold.id

    def released(self, token: Token) -> bool:
        """The release of the hold on screen was answered (or failed: the hold then ends by
        itself); ``False`` when the customer has left since."""
        return self.accept(token) and token.customer == self._customer_gen

    def hold_left(self) -> float | None:
        """Seconds until the active hold ends, by the monotonic clock; ``None`` without one."""
        hold = self.hold
        if hold is None or hold.status is not HoldStatus.ACTIVE or hold.held is None:
            return None
        return max(0.0, hold.held.ends_at - self.clock())

    def expire_holds(self) -> bool:
        """Mark the hold expired when its time is up; ``True`` when that just happened."""
        left = self.hold_left()
        if left is not None and left <= 0 and self.hold is not None:
            self.hold.status = HoldStatus.EXPIRED
            self.holds_changed()
            return True
        return False

    def hold_ended_elsewhere(self, hold_id: str) -> bool:
        """A check found the server no longer counts the hold. Near its expected end it
        expired; before that, an operation at this point (from another till) ended it.
        ``True`` when that changed the state."""
        left = self.hold_left()
        if self.hold is None or self.hold.id != hold_id or left is None:
            return False
        expired = left <= EXPIRY_MARGIN_SECONDS
        self.hold.status = HoldStatus.EXPIRED if expired else HoldStatus.ENDED_BY_OPERATION
        self.holds_changed()
        return True

    # ---- confirm ---------------------------------------------------------------------------

    def confirm_problem(self) -> str | None:
        """Why the operation cannot be confirmed now (source text, context ``Checkout``)."""
        if self.phase is Phase.UNKNOWN:
            return QT_TRANSLATE_NOOP(
                "Checkout", "The last operation's outcome is unknown: do not repeat it."
            )
        if self.phase is Phase.CHECKING:
            return QT_TRANSLATE_NOOP(
                "Checkout", "Still checking whether the last operation went through: wait."
            )
        if self.phase is Phase.SUBMITTING:
            return QT_TRANSLATE_NOOP("Checkout", "The operation is being sent: wait.")
        if self.phase is Phase.OFFLINE:
            if self.amount is None:
                return QT_TRANSLATE_NOOP("Checkout", "Enter the purchase amount.")
            return None
        if self.phase is not Phase.CUSTOMER or self.client is None:
            return QT_TRANSLATE_NOOP("Checkout", "Find the customer first.")
        if self.amount is None:
            return QT_TRANSLATE_NOOP("Checkout", "Enter the purchase amount.")
        if self.busy(Ask.RELEASE):
            return QT_TRANSLATE_NOOP("Checkout", "Wait for the hold to be released.")
        if self.recalc is None or self.busy(Ask.RECALC):
            return QT_TRANSLATE_NOOP("Checkout", "Wait for the preview.")
        if self.field_errors:
            return QT_TRANSLATE_NOOP("Checkout", "Correct the marked field first.")
        if self.choice_lost is not None:
            return QT_TRANSLATE_NOOP(
                "Checkout", "The points to spend changed: choose again (F4, F6 or F7)."
            )
        if self.busy(Ask.HOLD):
            return QT_TRANSLATE_NOOP("Checkout", "Wait for the hold to finish.")
        if self.spend_mode is SpendMode.MAX and self.spend <= 0:
            return NOTHING_TO_SPEND  # "spend the maximum" never sends an earn
        return None

    def sale(self) -> Sale | None:
        """What F9 would send now, or ``None`` when it may not be sent."""
        if self.confirm_problem() is not None:
            return None
        assert self.amount is not None
        if self.phase is Phase.OFFLINE:  # an earn only; its points are the server's to count
            zero = Decimal(0)
            return Sale("", self.amount, zero, zero, zero, self.amount, (), offline=True)
        assert self.client is not None
        to_pay = self.to_pay
        assert to_pay is not None
        return Sale(
            self.client.id,
            self.amount,
            self.spend,
            self.earn,
            self.discount,
            to_pay,
            tuple(self.active_hold_ids),
        )

    def repeat_of(self, sale: Sale) -> RecentSale | None:
        """A completed sale this one may repeat: same customer and amount, minutes ago."""
        now = self.clock()
        for earlier in reversed(self.recent):
            if now - earlier.at > REPEAT_WARNING_SECONDS:
                break
            if earlier.client_id == sale.client_id and earlier.amount == sale.amount:
                return earlier
        return None

    def submit(self, expected: Sale) -> Token:
        """Send ``expected``, the sale the cashier confirmed, only if it is still what F9
        would send; refused (nothing sent) when anything changed while they looked."""
        problem = self.confirm_problem()
        if problem:
            raise InputProblem("Checkout", problem)
        if self.sale() != expected:
            raise InputProblem(
                "Checkout",
                QT_TRANSLATE_NOOP(
                    "Checkout",
                    "The figures changed while the confirmation was open; nothing was sent. "
                    "Check them and confirm again (F9).",
                ),
            )
        self.phase = Phase.SUBMITTING
        self.error = None
        return self.issue(Ask.RETAIL)

    def sale_ended(self, token: Token, outcome: SaleOutcome) -> bool:
        """What became of the sale (or its re-check); ``False`` when the reply is not current."""
        if not self.accept(token):
            return False
        self.checking_entry = None
        match outcome:  # every case says what the cashier reads (the error; none for a sale)
            case Went(retail, earlier):
                # ``earlier``: the operation being repeated had gone through; it is the result.
                self._remember(retail)
                self.result = retail
                self.phase = Phase.DONE
                self.error = earlier
                if earlier is None:
                    self.without_balance = False
                    if self.hold and self.hold.status is HoldStatus.ACTIVE:
                        self.hold.status = HoldStatus.ENDED_BY_OPERATION
                        self.holds_changed()
            case Checking(error):
                self.error = error
                self.phase = Phase.CHECKING  # no repeat until the settle window has spoken
                self.checking_entry = error.entry_id
            case NotHappened(error):
                # Nothing happened, by the balance: the cashier may repeat, after a warning.
                self.error = error
                self.phase = Phase.CUSTOMER
                self.repeat_warning = True
            case Unknown(error):
                self.error = error
                self.phase = Phase.UNKNOWN
                self.repeat_warning = False
            case NotSent(error):
                self.error = error
                if isinstance(error, BalanceUnread) and not error.server_away:
                    # The server answers but the read failed: the cashier may send without
                    # it, and the next confirmation states the consequence. A server that
                    # does not answer is asked again by F9 instead of sent to blindly.
                    self.without_balance = True
                if isinstance(error, FieldRejected):
                    self.field_errors.update(error.fields)
                self.phase = Phase.CUSTOMER if self.client is not None else Phase.OFFLINE
            case Queued(entry_id):
                self.error = None
                self.phase = Phase.QUEUED
                self.queued_entry = entry_id
        return True

    def _remember(self, retail: Retail) -> None:
        if self.client is None:
            return
        spend, earn = retail.spend or Decimal(0), retail.earn or Decimal(0)
        now = self.clock()
        self.recent = [r for r in self.recent if now - r.at <= REPEAT_WARNING_SECONDS]
        self.recent.append(
            RecentSale(self.client.id, retail.amount, spend, earn, now, self.wall_clock())
        )

    def recheck_request(self) -> tuple[Token, int] | None:
        """At the end of the settle window: a token and the entry to check again."""
        if self.phase is not Phase.CHECKING or self.checking_entry is None:
            return None
        return self.issue(Ask.RETAIL), self.checking_entry

    def balance_request(self) -> Token | None:
        """After a retail, read the customer again for the new balance."""
        if self.phase is not Phase.DONE or self.client is None:
            return None
        return self.issue(Ask.BALANCE)

    def balance_read(self, token: Token, client: Client) -> bool:
        if not self.accept(token) or token.customer != self._customer_gen:
            return False
        self.balance_after = client.balance
        return True

    # ---- cancel ----------------------------------------------------------------------------

    def cancel(self) -> list[str]:
        """Clear the screen for the next customer; returns hold IDs to release on the server.

        Refused while a retail is on its way: its outcome must be seen first."""
        if self.phase is Phase.SUBMITTING:
            raise InputProblem(
                "Checkout", QT_TRANSLATE_NOOP("Checkout", "Wait for the operation to finish.")
            )
        to_release = self._leave_customer()
        self.phase = Phase.IDLE
        return to_release

    def for_pos(self) -> tuple[Decimal, Decimal] | None:
        """F1: what the POS takes ("to pay", and the points off) from a *completed* sale only:
        a preview's figures pasted into a POS would give a discount for a sale never sent.
        ``None`` until the sale is made (or recorded offline: the full amount)."""
        if self.phase is Phase.DONE and self.result is not None:
            return self.result.total, self.result.spend or Decimal(0)
        if self.phase is Phase.QUEUED and self.amount is not None:
            return self.amount, Decimal(0)  # the full amount: nothing is spent offline
        return None

    def for_pos_refusal(self) -> str:
        """Why F1 copied nothing (source text, context ``Checkout``)."""
        if self.phase in (Phase.CUSTOMER, Phase.OFFLINE, Phase.SUBMITTING, Phase.CHECKING):
            return QT_TRANSLATE_NOOP(
                "Checkout",
                "Nothing copied: F1 copies the figures of a completed sale. Make the sale "
                "first (F9).",
            )
        if self.phase is Phase.UNKNOWN:
            return QT_TRANSLATE_NOOP(
                "Checkout", "Nothing copied: the sale's outcome is unknown (journal, F11)."
            )
        return QT_TRANSLATE_NOOP("Checkout", "Nothing to copy yet: no sale made.")
