"""The cashier's workflow: what each key press and each reply leads to, as a list of effects.

:class:`~app.core.sale.checkout.Checkout` holds the state and decides which replies still count.
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

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from app.api.errors import ApiError, ClientNotFound, OutcomeUnknown, Transient
from app.base.i18n import QT_TRANSLATE_NOOP, translate
from app.base.privacy import mask_lookup
from app.core.journal.reads import JournalCounts
from app.core.journal.text import plain_number
from app.core.ledger.outcome import Checking, NotHappened, Queued, SaleOutcome, Unknown, Went
from app.core.link.state import LinkState
from app.core.sale.checkout import EXPIRY_MARGIN_SECONDS, Checkout
from app.core.sale.effects import (
    NOBODY,
    CheckHold,
    CountQueued,
    CountUnsettled,
    CustomerLeft,
    CustomerShown,
    Effect,
    Event,
    Focus,
    HandoffDetached,
    HoldPoints,
    LoadExtras,
    Preview,
    QueueEarn,
    ReadBalance,
    Recheck,
    RecheckAt,
    ReleaseHold,
    RetryPreview,
    SaleEnded,
    SaleNotSent,
    SaleQueued,
    SaleSent,
    SearchCustomer,
    SendRetail,
    SweepLater,
    WatchHold,
)
from app.core.sale.messages import Level, Message, Slot, say
from app.core.sale.scanning import latin_reading, typed_on_russian_layout
from app.core.sale.state import Ask, HoldStatus, InputProblem, Phase, Sale, SpendMode, Token

if TYPE_CHECKING:
    from app.api.loyalty import Granted
    from app.api.models import Client, Recalc
    from app.core.journal.entry import Entry


# ---- the workflow --------------------------------------------------------------------------


@dataclass
class Workflow:
    """The customer, the amount, the spend and the holds, and the sale: F9's confirmation,
    sending exactly what it showed, and what each outcome leads to (the balance read after
    it, a re-check at the end of the settle window, the events the POS hand-off follows).
    One concept, so one class: every rule of the cashier's flow in one place."""

    checkout: Checkout = field(default_factory=Checkout)
    messages: dict[Slot, Message] = field(default_factory=dict)
    # A search typed through the Russian layout found nobody: its Latin reading, offered.
    latin_offer: str | None = None
    search_typed: bool = False  # the search field was typed into since the last search
    # The till around the sale, which the screen shows beside it: the link as the replies
    # tell it, what waits in the journal, and whether a connection is there to ask with.
    link: LinkState = field(default_factory=LinkState)
    counts: JournalCounts = field(default_factory=JournalCounts)
    ready: bool = False  # connected: requests can be sent
    waiting_search: str | None = None  # typed before the connection was made; made once it is

    # ---- the connection --------------------------------------------------------------------

    def connected(self) -> list[Effect]:
        """The connection is made: the search typed while it was being made goes out now."""
        self.ready = True
        text, self.waiting_search = self.waiting_search, None
        return self.search(text) if text is not None else []

    def disconnected(self) -> None:
        """Another profile is being connected: nothing can be asked until it is."""
        self.ready = False

    # ---- the cashier -----------------------------------------------------------------------

    def typed_in_search(self) -> None:
        """The search field was typed into (or scanned into) since the last search."""
        self.search_typed = True

    def scanned_during_confirmation(self) -> None:
        """A scan arrived while the confirmation was open: it waits in the search field."""
        self.search_typed = True
        self._tell(
            "search",
            say(
                QT_TRANSLATE_NOOP(
                    "Workflow", "Scanned during the confirmation: press Enter to find."
                )
            ),
        )

    def on_enter(self, text: str) -> str | None:
        """Enter in the search field: what to search for, or ``None`` for nothing. While a
        sale's result is on screen, an Enter with nothing new typed (a bouncing key, an
        impatient second Enter) only says how to move on: it must not clear the result, nor
        invite the same sale again. After a search typed on the Russian layout found nobody, a
        second Enter takes the Latin reading it offered."""
        typed, self.search_typed = self.search_typed, False
        if self.checkout.phase in (Phase.DONE, Phase.UNKNOWN, Phase.CHECKING) and not typed:
            self._tell(
                "search",
                say(
                    QT_TRANSLATE_NOOP(
                        "Workflow",
                        "The sale's result is on screen. Next customer: scan the card, type a "
                        "phone, or press Esc.",
                    )
                ),
            )
            return None
        if self.latin_offer and not typed:
            return self.latin_offer
        return text

    def search(self, text: str) -> list[Effect]:
        if not self.ready:
            self.waiting_search = text  # found once connected
            return []
        c = self.checkout
        self.latin_offer = None
        leaving = self._leaving()
        try:
            token, key, to_release = c.search(text)
        except InputProblem as problem:
            self._problem("search", problem)
            return [Focus("search")]
        effects = self._leave(to_release, leaving)
        effects.append(
            SearchCustomer(
                token,
                key,
                on_reply=lambda client: self._found(token, client),
                on_failure=lambda error: self._search_failed(token, error),
            )
        )
        return effects

    def _leaving(self) -> CustomerLeft:
        c = self.checkout
        return CustomerLeft(c.generation, c.client, in_doubt=c.phase is Phase.CHECKING)

    def _leave(self, to_release: list[str], left: CustomerLeft) -> list[Effect]:
        """The customer ``left`` the screen: their holds are released, their messages go."""
        self.messages.clear()
        client_id = left.client.id if left.client is not None else None
        releases: list[Effect] = [
            self._release(hold_id, left.generation, client_id) for hold_id in to_release
        ]
        return [*releases, RetryPreview(False), WatchHold(False), left]

    def amount_typed(self, text: str) -> list[Effect]:
        c = self.checkout
        self.messages.pop("action", None)
        receipt = c.receipt
        effects = self._preview(c.enter_amount(text))
        if c.amount is not None and c.detached():
            said = say(
                QT_TRANSLATE_NOOP(
                    "Workflow",
                    "The amount differs from the POS's: this sale is no longer the POS's "
                    "receipt %1, and the POS hears that it was cancelled.",
                )
            )
            self._tell("last", said.replace("%1", receipt or "—"), Level.WARNING)
            effects.append(HandoffDetached(c.generation))
        return effects

    def hand_over(self, amount: Decimal, receipt: str | None) -> None:
        """The POS handed this sale over (its amount goes into the field next)."""
        self.checkout.hand_over(amount, receipt)

    def _preview(self, token: Token | None) -> list[Effect]:
        """Ask the preview for ``token``; while a hold is being placed or released it waits
        (the token stays pending, so F9 waits too) and the hold's reply asks it."""
        c = self.checkout
        if token is None or c.client is None or c.amount is None or not c.holds_settled:
            return []
        return [
            Preview(
                token,
                c.client.id,
                c.amount,
                tuple(c.active_hold_ids),
                on_reply=lambda recalc: self._previewed(token, recalc),
                on_failure=lambda error: self._preview_failed(token, error),
            )
        ]

    def retry_preview(self) -> list[Effect]:
        """The preview failed for want of a connection: ask again (the server may be back)."""
        if not isinstance(self.checkout.error, Transient):
            return []
        return self._preview(self.checkout.refresh_recalc())

    def choose_spend(self, mode: SpendMode, custom: str = "") -> list[Effect]:
        if self.checkout.phase not in (Phase.CUSTOMER, Phase.OFFLINE):
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
        if not self.ready:
            return []
        c = self.checkout
        try:
            token, amount = c.hold_request(minutes)
        except InputProblem as problem:
            self._problem("hold", problem)
            return []
        client = c.client
        assert client is not None
        self.messages.pop("hold", None)
        return [
            HoldPoints(
                token,
                client,
                amount,
                minutes,
                on_reply=lambda held: self._held(token, held, client),
                on_failure=lambda error: self._hold_failed(token, error),
            )
        ]

    def release(self) -> list[Effect]:
        """F8: release the hold; the preview is asked again once the release is answered (the
        server counts the hold until then)."""
        c = self.checkout
        request = c.release_request()
        if request is None or c.client is None:
            return []
        token, hold_id = request
        generation = c.generation
        release = ReleaseHold(
            hold_id,
            generation,
            c.client.id,
            on_reply=lambda _none: self._released(generation, ok=True, token=token),
            on_failure=lambda _error: self._released(generation, ok=False, token=token),
        )
        return [release, WatchHold(False)]

    def _release(self, hold_id: str, generation: int, client_id: str | None = None) -> ReleaseHold:
        """A hold released for a customer who left (or never saw it placed)."""
        return ReleaseHold(
            hold_id,
            generation,
            client_id,
            on_reply=lambda _none: self._released(generation, ok=True),
            on_failure=lambda _error: self._released(generation, ok=False),
        )

    def _again(self) -> list[Effect]:
        """The holds changed: the preview is asked again with them."""
        return self._preview(self.checkout.refresh_recalc())

    def queue_passed(self, posted: list[Entry], refused: list[Entry]) -> bool:
        """A background pass over the offline earns: the one on screen, if among them, is no
        longer "not yet credited". ``True`` when the screen changed."""
        c = self.checkout
        if c.phase is not Phase.QUEUED or c.queued_entry is None:
            return False
        for entry in posted:
            if entry.id == c.queued_entry:
                c.queued_fate = (True, entry.earn)
                return True
        for entry in refused:
            if entry.id == c.queued_entry:
                c.queued_fate = (False, None)
                return True
        return False

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
        if last is not None and last.while_held:
            del self.messages["last"]

    def check_hold(self) -> list[Effect]:
        c = self.checkout
        hold = c.hold
        if c.client is None or hold is None or not hold.id or hold.status is not HoldStatus.ACTIVE:
            return []
        if c.busy(Ask.HOLD_CHECK):
            return []
        key, hold_id, token = c.client.phone or c.client.id, hold.id, c.issue(Ask.HOLD_CHECK)
        left = c.hold_left()
        return [
            CheckHold(
                token,
                key,
                hold_id,
                hold.amount,
                expiring=left is not None and left <= EXPIRY_MARGIN_SECONDS,
                on_reply=lambda counted: self._hold_checked(token, hold_id, counted),
                on_failure=lambda _error: self._quietly(token),
            )
        ]

    # ---- replies: each request's handlers, bound to its token when it was made -------------

    def _found(self, token: Token, client: Client) -> list[Effect]:
        c = self.checkout
        if not c.searched(token, client):
            return []
        self.messages.pop("search", None)
        return [LoadExtras(c.generation, client), CustomerShown(c.generation), Focus("amount")]

    def _search_failed(self, token: Token, error: ApiError) -> list[Effect]:
        c = self.checkout
        if not c.search_failed(token, error):
            return []
        text = error.user_message()
        self.latin_offer = None
        if c.phase is Phase.OFFLINE:
            self._tell(
                "search",
                say(
                    QT_TRANSLATE_NOOP(
                        "Workflow",
                        "No connection to the server: the customer cannot be looked up now, "
                        "but an earn can be recorded.",
                    )
                ),
                Level.WARNING,
            )
            return [CustomerShown(c.generation), Focus("amount")]
        if isinstance(error, ClientNotFound) and typed_on_russian_layout(c.search_text):
            self.latin_offer = latin_reading(c.search_text)
            text += " " + say(
                QT_TRANSLATE_NOOP(
                    "Workflow", "Perhaps the Russian keyboard layout is on: search %1? Press Enter."
                )
            ).replace("%1", self.latin_offer)
        self._tell("search", text, Level.ERROR)
        return [Focus("search")]

    def _previewed(self, token: Token, recalc: Recalc) -> list[Effect]:
        if not self.checkout.recalculated(token, recalc):
            return []
        return [RetryPreview(False), *self._choice_told()]

    def _preview_failed(self, token: Token, error: ApiError) -> list[Effect]:
        if not self.checkout.recalc_failed(token, error):
            return []
        return [RetryPreview(True)] if isinstance(error, Transient) else []

    def _held(self, token: Token, held: Granted, client: Client) -> list[Effect]:
        if not self.checkout.held(token, held):  # the customer changed while it was on its way
            return [self._release(held.id, NOBODY, client.id)]
        self.messages["last"] = Message(
            say(QT_TRANSLATE_NOOP("Workflow", "Points held")), while_held=True
        )
        return [WatchHold(True), *self._again()]

    def _hold_failed(self, token: Token, error: ApiError) -> list[Effect]:
        if not self.checkout.hold_failed(token, error):
            return []
        again = self._again()  # a preview deferred while the hold was on its way
        text = error.user_message()
        if isinstance(error, OutcomeUnknown):
            text = say(
                QT_TRANSLATE_NOOP(
                    "Workflow",
                    "No answer: the points may be held without the program knowing. Such a hold "
                    "ends by itself; the outcome of this customer's next operation is checked "
                    "with it in mind.",
                )
            )
        self._tell("hold", text, Level.ERROR)
        return again

    def _hold_checked(self, token: Token, hold_id: str, counted: bool) -> list[Effect]:
        c = self.checkout
        if c.accept(token) and not counted and c.hold_ended_elsewhere(hold_id):
            self._hold_over()
            return [WatchHold(False), *self._again()]
        return []

    def _choice_told(self) -> list[Effect]:
        """A preview dropped the cashier's spend: say what changed and what to do."""
        lost = self.checkout.choice_lost
        if lost is None:
            return []
        chosen, allowed = lost
        self._tell(
            "spend",
            say(
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

    def _released(self, generation: int, *, ok: bool, token: Token | None = None) -> list[Effect]:
        """A release's reply: told to the customer it was for, if still on screen; the release
        of the hold on screen is settled, so the preview is asked again."""
        if generation != self.checkout.generation:
            return []
        again = self._again() if token is not None and self.checkout.released(token) else []
        if ok:
            self._tell("last", say(QT_TRANSLATE_NOOP("Workflow", "Hold released")))
        else:
            self._tell(
                "last",
                say(QT_TRANSLATE_NOOP("Workflow", "Could not release the hold; it ends by itself")),
                Level.WARNING,
            )
        return again

    # ---- the sale ------------------------------------------------------------------------------

    def message(self, slot: Slot) -> Message | None:
        return self.messages.get(slot)

    def _tell(self, slot: Slot, text: str, level: Level = Level.INFO) -> None:
        self.messages[slot] = Message(text, level)

    def _problem(self, slot: Slot, problem: InputProblem) -> None:
        self._tell(slot, translate(problem.context, problem.source), Level.ERROR)

    def confirm_allowed(self) -> bool:
        """F9: may the confirmation open? If not, the reason is the action message."""
        if not self.ready:
            return False
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
        self.messages.pop("last", None)
        if confirmed.offline:
            return [
                QueueEarn(
                    token,
                    c.lookup,
                    confirmed.amount,
                    c.receipt,
                    on_reply=lambda outcome: self._sale_replied(token, outcome),
                    on_failure=lambda error: self._sale_failed(token, error),
                ),
                SaleSent(c.generation),
            ]
        assert c.client is not None
        return [
            SendRetail(
                token,
                c.client,
                c.lookup,
                confirmed,
                c.without_balance,
                c.receipt,
                on_reply=lambda outcome: self._sale_replied(token, outcome),
                on_failure=lambda error: self._sale_failed(token, error),
            ),
            SaleSent(c.generation),
        ]

    def recheck(self, generation: int, entry_id: int) -> list[Effect]:
        """The settle window of the operation on screen ended: check it again."""
        c = self.checkout
        request = c.recheck_request() if c.generation == generation else None
        if request is None or request[1] != entry_id:
            return [SweepLater()]  # the customer left; the sweep settles the entry
        token = request[0]
        return [
            Recheck(
                token,
                entry_id,
                on_reply=lambda outcome: self._sale_replied(token, outcome),
                on_failure=lambda error: self._sale_failed(token, error),
            )
        ]

    def _quietly(self, token: Token) -> list[Effect]:
        """A read that only fills a figure in failed: nothing to say."""
        self.checkout.accept(token)
        return []

    def _balance_read(self, token: Token, client: Client) -> list[Effect]:
        c = self.checkout
        if not c.balance_read(token, client):
            return []
        return [LoadExtras(c.generation, client, photo=False)]  # what expires next, now

    def _sale_failed(self, token: Token, error: ApiError) -> list[Effect]:
        """The sale's call broke without an outcome (a bug): nobody can tell what happened."""
        return self._sale_replied(token, Unknown(OutcomeUnknown(error)))

    def _sale_replied(self, token: Token, outcome: SaleOutcome) -> list[Effect]:
        c = self.checkout
        if not c.sale_ended(token, outcome):
            return []
        self.messages.pop("action", None)  # what F9 said while it was on its way
        if isinstance(outcome, Queued):
            return self._queued(outcome)
        if c.client is None:  # an offline earn the journal refused
            return self._sale_not_done(outcome)
        if not isinstance(outcome, Went) or outcome.earlier is not None:
            return self._sale_not_done(outcome)
        self.messages.pop("last", None)
        effects: list[Effect] = [
            WatchHold(False),
            CountUnsettled(),
            SaleEnded(c.generation, c.client, c.result),
            Focus("search"),
        ]
        balance = c.balance_request()
        if balance is not None:
            effects.append(
                ReadBalance(
                    balance,
                    c.client.phone or c.client.id,
                    on_reply=lambda client: self._balance_read(balance, client),
                    on_failure=lambda _error: self._quietly(balance),
                )
            )
        return effects

    def _queued(self, outcome: Queued) -> list[Effect]:
        """The offline earn is recorded: the result panel says so; "the customer can be
        earned for" is answered."""
        c = self.checkout
        assert c.amount is not None
        self.messages.pop("search", None)
        customer = mask_lookup(c.lookup)
        return [
            CountQueued(),
            SaleQueued(c.generation, outcome.entry_id, c.amount, customer),
            Focus("search"),
        ]

    def _sale_not_done(self, outcome: SaleOutcome) -> list[Effect]:
        c = self.checkout
        effects: list[Effect] = [CountUnsettled()]
        match outcome:
            case Checking():
                self._tell(
                    "last",
                    say(QT_TRANSLATE_NOOP("Workflow", "Checking the last operation…")),
                    Level.WARNING,
                )
                effects.append(RecheckAt(outcome.entry_id, c.generation))
            case Went():  # a repeat stopped: the earlier operation went through
                effects.append(WatchHold(False))
            case NotHappened():
                self._tell(
                    "last",
                    say(QT_TRANSLATE_NOOP("Workflow", "Did not happen: may be repeated")),
                    Level.ERROR,
                )
                effects.append(SweepLater())  # its customer stays under watch for an hour
            case Unknown():
                unknown = say(QT_TRANSLATE_NOOP("Workflow", "Outcome unknown"))
                self._tell("last", unknown, Level.ERROR)
        effects.append(self._sale_event())
        # Editing goes on when the cashier may act on this customer; else the next one comes.
        effects.append(Focus("amount" if c.phase is Phase.CUSTOMER else "search-if-empty"))
        return effects

    def _sale_event(self) -> Event:
        """What a failed retail means for the sale: still in doubt, ended, or not made."""
        c = self.checkout
        if c.client is None:  # an offline earn not recorded: nothing happened
            return SaleNotSent(c.generation)
        if c.phase is Phase.CHECKING:
            return SaleSent(c.generation)
        if c.phase is Phase.DONE:
            return SaleEnded(c.generation, c.client, c.result)
        if c.phase is Phase.UNKNOWN:
            return SaleEnded(c.generation, c.client, None)
        return SaleNotSent(c.generation)
