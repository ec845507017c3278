"""The cashier's checkout as a plain state machine, with no widgets and no network.

The window asks this object for a request (``search``, ``enter_amount``, ``hold_request``,
``submit``), runs it in the background, and hands the reply back with the :class:`Token` it was
given. A reply whose token no longer matches the current customer, amount or step is dropped:
this is how a late preview for an older amount or an older customer never reaches the screen.
"""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from app.api.constants import HOLD_MINUTES_DEFAULT, HOLD_MINUTES_MAX
from app.api.errors import ApiError, FieldRejected, FiguresRejected, OutcomeUnknown
from app.core.figures import check_recalc
from app.core.journal import Verdict
from app.core.money import AmountProblem, parse_amount, parse_points
from app.core.search import normalise_search, search_problem
from app.core.teller import BalanceUnread, EarlierOperationHappened, ReconciledUnknown
from app.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.api.models import Client, Held, Recalc, Retail


class Phase(enum.Enum):
    IDLE = "idle"  # nobody on screen
    SEARCHING = "searching"
    CUSTOMER = "customer"  # card shown, amount and spend being chosen
    SUBMITTING = "submitting"  # retail sent, reply awaited
    CHECKING = "checking"  # reply lost; re-checked at the end of the settle window
    DONE = "done"  # result on screen until the next customer
    UNKNOWN = "unknown"  # retail outcome unknown: nothing may be repeated from here


class SpendMode(enum.Enum):
    NONE = "none"  # earn
    MAX = "max"
    CUSTOM = "custom"


class HoldStatus(enum.Enum):
    PENDING = "pending"
    ACTIVE = "active"
    EXPIRED = "expired"
    RELEASED = "released"
    ENDED_BY_OPERATION = "ended-by-operation"


@dataclass(frozen=True)
class Token:
    """Which request a reply belongs to: its kind and the generations it was made in."""

    kind: str
    customer: int
    amount: int
    serial: int


@dataclass
class HoldState:
    amount: Decimal
    status: HoldStatus = HoldStatus.PENDING
    held: Held | None = None

    @property
    def id(self) -> str | None:
        return self.held.id if self.held else None


class InputProblem(ValueError):
    """Input the cashier must correct; ``context``/``source`` make the translated message."""

    def __init__(self, context: str, source: str) -> None:
        super().__init__(source)
        self.context = context
        self.source = source


@dataclass
class Checkout:
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
    without_balance: bool = False  # the cashier chose to send without the balance read
    receipt: str | None = None  # the POS's receipt ID of a handed-over sale, for the journal
    _customer_gen: int = 0
    _amount_gen: int = 0
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _pending: dict[str, Token] = field(default_factory=dict)

    # ---- tokens ----------------------------------------------------------------------------

    def issue(self, kind: str) -> Token:
        token = Token(kind, self._customer_gen, self._amount_gen, next(self._serial))
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

    def busy(self, kind: str) -> bool:
        return kind in self._pending

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
        return self.issue("search"), normalise_search(text), to_release

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
        self.phase = Phase.IDLE
        return True

    @property
    def lookup(self) -> str:
        """How to find this customer again (to reconcile): the phone, else what was searched."""
        if self.client is not None and self.client.phone:
            return self.client.phone
        return normalise_search(self.search_text)

    # ---- amount and preview ----------------------------------------------------------------

    def enter_amount(self, text: str) -> Token | None:
        """A new amount was typed: a recalc token, or ``None`` when there is nothing to ask."""
        self._amount_gen += 1
        self.recalc = None
        self.field_errors.pop("amount", None)
        self.field_errors.pop("spend", None)
        self._pending.pop("recalc", None)
        if self.phase is not Phase.CUSTOMER or self.client is None:
            return None
        try:
            self.amount = parse_amount(text)
        except AmountProblem as problem:
            self.amount = None
            self.amount_problem = None if not text.strip() else problem.source
            return None
        self.amount_problem = None
        return self.issue("recalc")

    def recalculated(self, token: Token, recalc: Recalc) -> bool:
        if not self.accept(token) or token.amount != self._amount_gen:
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
        if self.spend_mode is SpendMode.CUSTOM and self.custom_spend > recalc.spend:
            self.field_errors["spend"] = QT_TRANSLATE_NOOP(
                "Checkout", "More than may be spent on this purchase."
            )
        return True

    def recalc_failed(self, token: Token, error: ApiError) -> bool:
        if not self.accept(token) or token.amount != self._amount_gen:
            return False
        self.error = error
        if isinstance(error, FieldRejected):
            self.field_errors.update(error.fields)
        return True

    def refresh_recalc(self) -> Token | None:
        """Ask again for the current amount (after a hold, or when the server is back)."""
        if self.phase is not Phase.CUSTOMER or self.amount is None:
            return None
        return self.issue("recalc")

    # ---- spend -----------------------------------------------------------------------------

    @property
    def is_discount(self) -> bool:
        return self.client is not None and self.client.level.type == "discount"

    def choose_spend(self, mode: SpendMode, custom: str = "") -> None:
        self.field_errors.pop("spend", None)
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
                    "Checkout", "More than may be spent on this purchase."
                )
                raise InputProblem("Checkout", self.field_errors["spend"])
            self.custom_spend = value
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

    def hold_request(self, minutes: int = HOLD_MINUTES_DEFAULT) -> tuple[Token, Decimal]:
        if not 1 <= minutes <= HOLD_MINUTES_MAX:
            raise InputProblem(
                "Checkout", QT_TRANSLATE_NOOP("Checkout", "Hold for 1 to 30 minutes.")
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
        return self.issue("hold"), self.spend

    def held(self, token: Token, held: Held) -> bool:
        """The server made the hold. Returns ``False`` when the hold is no longer wanted: the
        caller must then release it (the customer changed while the reply was on its way)."""
        if not self.accept(token) or token.customer != self._customer_gen or self.hold is None:
            return False
        self.hold.held = held
        self.hold.status = HoldStatus.ACTIVE
        return True

    def hold_failed(self, token: Token, error: ApiError) -> bool:
        if not self.accept(token) or token.customer != self._customer_gen:
            return False
        self.hold = None
        self.error = error
        if isinstance(error, FieldRejected) and "amount" in error.fields:
            self.field_errors["spend"] = error.fields["amount"]
        return True

    def release_request(self) -> str | None:
        """Release the active hold: returns its ID to send, or ``None`` if there is none."""
        if self.hold is None or self.hold.status is not HoldStatus.ACTIVE or not self.hold.id:
            return None
        self.hold.status = HoldStatus.RELEASED
        return self.hold.id

    def expire_holds(self, now: datetime) -> bool:
        """Mark the hold expired when its time is up; ``True`` when that just happened."""
        hold = self.hold
        if hold and hold.status is HoldStatus.ACTIVE and hold.held and hold.held.until <= now:
            hold.status = HoldStatus.EXPIRED
            return True
        return False

    def hold_ended_elsewhere(self, hold_id: str) -> bool:
        """A check found the server no longer counts the hold: an operation at this point
        (from another till) ended it. ``True`` when that changed the state."""
        if self.hold and self.hold.id == hold_id and self.hold.status is HoldStatus.ACTIVE:
            self.hold.status = HoldStatus.ENDED_BY_OPERATION
            return True
        return False

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
        if self.phase is not Phase.CUSTOMER or self.client is None:
            return QT_TRANSLATE_NOOP("Checkout", "Find the customer first.")
        if self.amount is None:
            return QT_TRANSLATE_NOOP("Checkout", "Enter the purchase amount.")
        if self.recalc is None or self.busy("recalc"):
            return QT_TRANSLATE_NOOP("Checkout", "Wait for the preview.")
        if self.field_errors:
            return QT_TRANSLATE_NOOP("Checkout", "Correct the marked field first.")
        if self.busy("hold"):
            return QT_TRANSLATE_NOOP("Checkout", "Wait for the hold to finish.")
        return None

    def submit(self) -> Token:
        problem = self.confirm_problem()
        if problem:
            raise InputProblem("Checkout", problem)
        self.phase = Phase.SUBMITTING
        self.error = None
        return self.issue("retail")

    def completed(self, token: Token, retail: Retail) -> bool:
        if not self.accept(token):
            return False
        self.result = retail
        self.phase = Phase.DONE
        self.checking_entry = None
        self.without_balance = False
        if self.hold and self.hold.status is HoldStatus.ACTIVE:
            self.hold.status = HoldStatus.ENDED_BY_OPERATION
        return True

    def submit_failed(self, token: Token, error: ApiError) -> bool:
        if not self.accept(token):
            return False
        self.error = error
        self.checking_entry = None
        if isinstance(error, ReconciledUnknown) and error.verdict is Verdict.CHECKING:
            self.phase = Phase.CHECKING  # no repeat until the settle window has spoken
            self.checking_entry = error.entry_id
            return True
        if isinstance(error, ReconciledUnknown) and error.verdict is Verdict.NOT_HAPPENED:
            # Nothing happened, by the balance: the cashier may repeat, after a warning.
            self.phase = Phase.CUSTOMER
            self.repeat_warning = True
            return True
        if isinstance(error, OutcomeUnknown):
            self.phase = Phase.UNKNOWN
            return True
        if isinstance(error, EarlierOperationHappened):
            # The operation being repeated had gone through: show it as the result.
            self.result = error.retail
            self.phase = Phase.DONE
            return True
        if isinstance(error, BalanceUnread):
            self.without_balance = True  # the next confirmation states the consequence
        self.phase = Phase.CUSTOMER
        if isinstance(error, FieldRejected):
            self.field_errors.update(error.fields)
        return True

    def recheck_request(self) -> tuple[Token, int] | None:
        """At the end of the settle window: a token and the entry to check again."""
        if self.phase is not Phase.CHECKING or self.checking_entry is None:
            return None
        return self.issue("retail"), self.checking_entry

    def balance_request(self) -> Token | None:
        """After a retail, read the customer again for the new balance."""
        if self.phase is not Phase.DONE or self.client is None:
            return None
        return self.issue("balance")

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
        self.without_balance = False
        self.receipt = None
        return to_release
