"""The cashier's workflow: what each key press and each reply leads to, as a list of effects.

:class:`~app.core.checkout.Checkout` holds the state and decides which replies still count.
:class:`Workflow` decides what follows: the requests to send, the holds to release, the timers
to run, where the keyboard goes and which message the cashier reads. The window's controller
carries the effects out; the window draws the state. Nothing here touches widgets, threads or
the network, so every rule (a hold whose reply came after the customer left is released, a
sale is followed by a balance read, the hold is checked while it is held) is tested plainly.

Messages have owners: each sits in a slot (search, action, spend, hold, last) and all of
them leave with the customer they were about.

Besides requests, the workflow says what happened to a sale, as events among the effects
(:class:`SaleSent`, :class:`SaleEnded`, :class:`CustomerShown`, :class:`CustomerLeft`): the
POS hand-off listens to them instead of guessing from redraws.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, cast

from app.api.errors import ApiError, ClientNotFound, OutcomeUnknown, Transient
from app.core.checkout import Checkout
from app.core.checkout_state import Ask, HoldStatus, InputProblem, Phase, Sale, SpendMode, Token
from app.core.journal_text import plain_number
from app.core.scanning import latin_reading, typed_on_russian_layout
from app.core.teller import ReconciledUnknown
from app.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from app.api.loyalty import Granted
    from app.api.models import Client, Recalc, Retail


class Level(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


Slot = Literal["search", "action", "spend", "hold", "last"]


@dataclass(frozen=True)
class Message:
    text: str
    level: Level = Level.INFO


def _say(source: str) -> str:
    return translate("Workflow", source)


# ---- effects -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchCustomer:
    token: Token
    key: str


@dataclass(frozen=True)
class Preview:
    token: Token
    client_id: str
    amount: Decimal
    hold_ids: tuple[str, ...]


@dataclass(frozen=True)
class HoldPoints:
    token: Token
    client: Client
    amount: Decimal
    minutes: int


NOBODY = -1  # the generation of a release whose outcome is told to no one


@dataclass(frozen=True)
class ReleaseHold:
    hold_id: str
    generation: int  # the customer it was released for; its message is theirs


@dataclass(frozen=True)
class SendRetail:
    """The confirmed sale, exactly as the confirmation showed it."""

    token: Token
    client: Client
    lookup: str
    sale: Sale
    without_balance: bool
    receipt: str | None = None


@dataclass(frozen=True)
class Recheck:
    token: Token
    entry_id: int


@dataclass(frozen=True)
class RecheckAt:
    """Check the customer on screen again when the entry's settle window ends."""

    entry_id: int
    generation: int


@dataclass(frozen=True)
class ReadBalance:
    token: Token
    key: str


@dataclass(frozen=True)
class CheckHold:
    """Is our hold still counted? Two reads: with the hold named, and without."""

    token: Token
    key: str
    hold_id: str
    amount: Decimal


@dataclass(frozen=True)
class LoadExtras:
    """The customer's photo and next expiry, in the background; never delays the card."""

    generation: int
    client: Client


@dataclass(frozen=True)
class RetryPreview:
    on: bool


@dataclass(frozen=True)
class WatchHold:
    """Run (or stop) the hold's countdown and its periodic check."""

    on: bool


@dataclass(frozen=True)
class Focus:
    target: Literal["search", "amount", "search-if-empty"]


@dataclass(frozen=True)
class CountUnsettled:
    """The journal may have changed: count the entries that need checking again."""


@dataclass(frozen=True)
class SweepLater:
    """Settle, in the background, operations still being checked once their window ends."""


# ---- events: what happened, for whoever listens (the POS hand-off) -------------------------


@dataclass(frozen=True)
class CustomerShown:
    """A customer's card is on screen (``generation`` names them)."""

    generation: int


@dataclass(frozen=True)
class SaleSent:
    """The retail left (or is being re-checked): until it ends, leaving is not a cancel."""

    generation: int


@dataclass(frozen=True)
class SaleEnded:
    """The sale of ``generation`` ended: ``retail`` is what happened (as the server or the
    balance proved it), or ``None`` when nobody can tell (the manager decides)."""

    generation: int
    client: Client
    retail: Retail | None


@dataclass(frozen=True)
class SaleNotSent:
    """The retail was refused or proved not to have happened: it may be made again."""

    generation: int


@dataclass(frozen=True)
class CustomerLeft:
    """The customer of ``generation`` left the screen; ``in_doubt`` when their sale was sent
    and its outcome is still being checked (a late server may still apply it)."""

    generation: int
    client: Client | None
    in_doubt: bool


Event = CustomerShown | SaleSent | SaleEnded | SaleNotSent | CustomerLeft

Effect = (
    SearchCustomer
    | Preview
    | HoldPoints
    | ReleaseHold
    | SendRetail
    | Recheck
    | RecheckAt
    | ReadBalance
    | CheckHold
    | LoadExtras
    | RetryPreview
    | WatchHold
    | Focus
    | CountUnsettled
    | SweepLater
    | Event
)


# ---- the workflow --------------------------------------------------------------------------


@dataclass
class Workflow:
    checkout: Checkout = field(default_factory=Checkout)
    messages: dict[Slot, Message] = field(default_factory=dict)
    # A search typed through the Russian layout found nobody: its Latin reading, offered.
    latin_offer: str | None = None

    def message(self, slot: Slot) -> Message | None:
        return self.messages.get(slot)

    def _tell(self, slot: Slot, text: str, level: Level = Level.INFO) -> None:
        self.messages[slot] = Message(text, level)

    def _problem(self, slot: Slot, problem: InputProblem) -> None:
        self._tell(slot, translate(problem.context, problem.source), Level.ERROR)

    # ---- the cashier -----------------------------------------------------------------------

    def search(self, text: str) -> list[Effect]:
        c = self.checkout
        self.latin_offer = None
        leaving = self._leaving()
        try:
            token, key, to_release = c.search(text)
        except InputProblem as problem:
            self._problem("search", problem)
            return [Focus("search")]
        effects = self._leave(to_release, leaving)
        effects.append(SearchCustomer(token, key))
        return effects

    def _leaving(self) -> CustomerLeft:
        c = self.checkout
        return CustomerLeft(c.generation, c.client, in_doubt=c.phase is Phase.CHECKING)

    def _leave(self, to_release: list[str], left: CustomerLeft) -> list[Effect]:
        """The customer ``left`` the screen: their holds are released, their messages go."""
        self.messages.clear()
        releases: list[Effect] = [ReleaseHold(hold_id, left.generation) for hold_id in to_release]
        return [*releases, RetryPreview(False), WatchHold(False), left]

    def amount_typed(self, text: str) -> list[Effect]:
        self.messages.pop("action", None)
        return self._preview(self.checkout.enter_amount(text))

    def _preview(self, token: Token | None) -> list[Effect]:
        c = self.checkout
        if token is None or c.client is None or c.amount is None:
            return []
        return [Preview(token, c.client.id, c.amount, tuple(c.active_hold_ids))]

    def retry_preview(self) -> list[Effect]:
        """The preview failed for want of a connection: ask again (the server may be back)."""
        if not isinstance(self.checkout.error, Transient):
            return []
        return self._preview(self.checkout.refresh_recalc())

    def choose_spend(self, mode: SpendMode, custom: str = "") -> list[Effect]:
        if self.checkout.phase is not Phase.CUSTOMER:
            return []
        self.messages.pop("spend", None)
        self.messages.pop("action", None)  # "choose again" is answered
        try:
            self.checkout.choose_spend(mode, custom)
        except InputProblem as problem:
            if mode is not SpendMode.CUSTOM:  # a custom value's problem marks its field
                self._problem("spend", problem)
        return []

    def hold(self, minutes: int) -> list[Effect]:
        c = self.checkout
        try:
            token, amount = c.hold_request(minutes)
        except InputProblem as problem:
            self._problem("hold", problem)
            return []
        assert c.client is not None
        self.messages.pop("hold", None)
        return [HoldPoints(token, c.client, amount, minutes)]

    def release(self) -> list[Effect]:
        hold_id = self.checkout.release_request()
        if hold_id is None:
            return []
        return [ReleaseHold(hold_id, self.checkout.generation), WatchHold(False), *self._again()]

    def _again(self) -> list[Effect]:
        """The holds changed: the preview is asked again with them."""
        return self._preview(self.checkout.refresh_recalc())

    def confirm_allowed(self) -> bool:
        """F9: may the confirmation open? If not, the reason is the action message."""
        problem = self.checkout.confirm_problem()
        if problem:
            self._tell("action", translate("Checkout", problem), Level.ERROR)
            return False
        self.messages.pop("action", None)
        return True

    def submit(self, confirmed: Sale) -> list[Effect]:
        """The cashier confirmed ``confirmed``: send exactly it (never repeated by itself)."""
        c = self.checkout
        try:
            token = c.submit(confirmed)
        except InputProblem as problem:
            self._problem("action", problem)
            return [Focus("amount")] if c.phase is Phase.CUSTOMER else []
        assert c.client is not None
        self.messages.pop("last", None)
        return [
            SendRetail(token, c.client, c.lookup, confirmed, c.without_balance, c.receipt),
            SaleSent(c.generation),
        ]

    def cancel(self) -> list[Effect]:
        leaving = self._leaving()
        try:
            to_release = self.checkout.cancel()
        except InputProblem as problem:
            self._problem("action", problem)
            return []
        return [*self._leave(to_release, leaving), Focus("search")]

    def tick(self) -> list[Effect]:
        """Once a second while a hold runs: has it expired (by the monotonic clock)?"""
        if self.checkout.expire_holds():
            self._hold_over()
            return [WatchHold(False), *self._again()]
        return []

    def _hold_over(self) -> None:
        """ "Points held" is no longer true once the hold ended."""
        last = self.messages.get("last")
        if last is not None and last.text == _say(QT_TRANSLATE_NOOP("Workflow", "Points held")):
            del self.messages["last"]

    def check_hold(self) -> list[Effect]:
        c = self.checkout
        hold = c.hold
        if c.client is None or hold is None or not hold.id or hold.status is not HoldStatus.ACTIVE:
            return []
        if c.busy(Ask.HOLD_CHECK):
            return []
        key = c.client.phone or c.client.id
        return [CheckHold(c.issue(Ask.HOLD_CHECK), key, hold.id, hold.amount)]

    def recheck(self, generation: int, entry_id: int) -> list[Effect]:
        """The settle window of the operation on screen ended: check it again."""
        c = self.checkout
        request = c.recheck_request() if c.generation == generation else None
        if request is None or request[1] != entry_id:
            return [SweepLater()]  # the customer left; the sweep settles the entry
        return [Recheck(request[0], entry_id)]

    # ---- replies ---------------------------------------------------------------------------

    def replied(self, token: Token, result: object) -> list[Effect]:
        c = self.checkout
        match token.kind:
            case Ask.SEARCH if c.searched(token, cast("Client", result)):
                self.messages.pop("search", None)
                client = cast("Client", result)
                return [
                    LoadExtras(c.generation, client),
                    CustomerShown(c.generation),
                    Focus("amount"),
                ]
            case Ask.RECALC if c.recalculated(token, cast("Recalc", result)):
                return [RetryPreview(False), *self._choice_told()]
            case Ask.HOLD:
                held = cast("Granted", result)
                if not c.held(token, held):  # the customer changed while the reply was on its way
                    return [ReleaseHold(held.id, NOBODY)]
                self._tell("last", _say(QT_TRANSLATE_NOOP("Workflow", "Points held")))
                return [WatchHold(True), *self._again()]
            case Ask.HOLD_CHECK if c.accept(token):
                hold_id, counted = cast("tuple[str, bool]", result)
                if not counted and c.hold_ended_elsewhere(hold_id):
                    self._hold_over()
                    return [WatchHold(False), *self._again()]
            case Ask.RETAIL if c.completed(token, cast("Retail", result)):
                self.messages.pop("last", None)
                self.messages.pop("action", None)  # what F9 said while it was on its way
                assert c.client is not None
                effects: list[Effect] = [
                    WatchHold(False),
                    CountUnsettled(),
                    SaleEnded(c.generation, c.client, c.result),
                    Focus("search"),
                ]
                balance = c.balance_request()
                if balance is not None:
                    effects.append(ReadBalance(balance, c.client.phone or c.client.id))
                return effects
            case Ask.BALANCE:
                c.balance_read(token, cast("Client", result))
        return []

    def _choice_told(self) -> list[Effect]:
        """A preview dropped the cashier's spend: say what changed and what to do."""
        lost = self.checkout.choice_lost
        if lost is None:
            return []
        chosen, allowed = lost
        self._tell(
            "spend",
            _say(
                QT_TRANSLATE_NOOP(
                    "Workflow",
                    "The points to spend changed: you chose %1 points, now at most %2 may be "
                    "spent. Choose again: F4 earn, F6 spend the maximum, F7 points.",
                )
            )
            .replace("%1", plain_number(chosen))
            .replace("%2", plain_number(allowed)),
            Level.ERROR,
        )
        return []

    def failed(self, token: Token, error: ApiError) -> list[Effect]:
        c = self.checkout
        match token.kind:
            case Ask.BALANCE | Ask.HOLD_CHECK:
                c.accept(token)  # only a figure missing from the screen; nothing to say
            case Ask.SEARCH if c.search_failed(token, error):
                text = error.user_message()
                self.latin_offer = None
                if isinstance(error, ClientNotFound) and typed_on_russian_layout(c.search_text):
                    self.latin_offer = latin_reading(c.search_text)
                    text += " " + _say(
                        QT_TRANSLATE_NOOP(
                            "Workflow",
                            "Perhaps the Russian keyboard layout is on: search %1? Press Enter.",
                        )
                    ).replace("%1", self.latin_offer)
                self._tell("search", text, Level.ERROR)
                return [Focus("search")]
            case Ask.RECALC if c.recalc_failed(token, error):
                return [RetryPreview(True)] if isinstance(error, Transient) else []
            case Ask.HOLD if c.hold_failed(token, error):
                text = error.user_message()
                if isinstance(error, OutcomeUnknown):
                    text = _say(
                        QT_TRANSLATE_NOOP(
                            "Workflow",
                            "No answer: the points may be held without the program knowing. "
                            "Such a hold ends by itself; the outcome of this customer's next "
                            "operation is checked with it in mind.",
                        )
                    )
                self._tell("hold", text, Level.ERROR)
            case Ask.RETAIL if c.submit_failed(token, error):
                self.messages.pop("action", None)  # what F9 said while it was on its way
                return self._retail_failed(error)
        return []

    def _retail_failed(self, error: ApiError) -> list[Effect]:
        c = self.checkout
        effects: list[Effect] = [CountUnsettled()]
        if c.phase is Phase.CHECKING and isinstance(error, ReconciledUnknown):
            self._tell(
                "last",
                _say(QT_TRANSLATE_NOOP("Workflow", "Checking the last operation…")),
                Level.WARNING,
            )
            effects.append(RecheckAt(error.entry_id, c.generation))
        elif c.phase is Phase.DONE:  # a repeat stopped: the earlier operation went through
            effects.append(WatchHold(False))
        elif isinstance(error, OutcomeUnknown):
            source = (
                QT_TRANSLATE_NOOP("Workflow", "Did not happen: may be repeated")
                if c.repeat_warning
                else QT_TRANSLATE_NOOP("Workflow", "Outcome unknown")
            )
            self._tell("last", _say(source), Level.ERROR)
        effects.append(self._sale_event())
        # Editing goes on when the cashier may act on this customer; else the next one comes.
        effects.append(Focus("amount" if c.phase is Phase.CUSTOMER else "search-if-empty"))
        return effects

    def _sale_event(self) -> Event:
        """What a failed retail means for the sale: still in doubt, ended, or not made."""
        c = self.checkout
        assert c.client is not None
        if c.phase is Phase.CHECKING:
            return SaleSent(c.generation)
        if c.phase is Phase.DONE:
            return SaleEnded(c.generation, c.client, c.result)
        if c.phase is Phase.UNKNOWN:
            return SaleEnded(c.generation, c.client, None)
        return SaleNotSent(c.generation)

    def released(self, generation: int, *, ok: bool) -> None:
        """A release's reply: told to the customer it was for, if still on screen."""
        if generation != self.checkout.generation:
            return
        if ok:
            self._tell("last", _say(QT_TRANSLATE_NOOP("Workflow", "Hold released")))
        else:
            self._tell(
                "last",
                _say(
                    QT_TRANSLATE_NOOP("Workflow", "Could not release the hold; it ends by itself")
                ),
                Level.WARNING,
            )
