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

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from app.api.constants import HOLD_MINUTES_DEFAULT, HOLD_MINUTES_MAX
from app.api.errors import ApiError, FieldRejected
from app.core.checkout_choice import NOTHING_TO_SPEND, CheckoutChoice
from app.core.checkout_state import (
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
from app.core.sale_outcome import (
    Checking,
    NotHappened,
    NotSent,
    Queued,
    SaleOutcome,
    Unknown,
    Went,
)
from app.core.teller_errors import BalanceUnread
from app.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.api.loyalty import Granted
    from app.api.models import Client, Retail

# A check that finds the hold gone this close to its expected end means it expired: the end
# is known to a second or two (whole-second Date and until, and the reply's latency).
EXPIRY_MARGIN_SECONDS = 5.0
# A sale for the same customer and amount within this long of a completed one is warned about.
REPEAT_WARNING_SECONDS = 10 * 60.0


@dataclass
class Checkout(CheckoutChoice):
    """The checkout: the cashier's choice, its holds, and the sale F9 sends."""

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
