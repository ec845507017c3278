"""The sale in the workflow: F9's confirmation, sending exactly what it showed, and what each
outcome leads to (the balance read after it, a re-check at the end of the settle window, the
events the POS hand-off follows). :class:`~app.core.workflow.Workflow` builds on it with the
customer, the amount and the holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.api.errors import ApiError, OutcomeUnknown
from app.base.privacy import mask_lookup
from app.core.checkout import Checkout
from app.core.checkout_state import InputProblem, Phase, Sale, Token
from app.core.effects import (
    CountQueued,
    CountUnsettled,
    Effect,
    Event,
    Focus,
    LoadExtras,
    QueueEarn,
    ReadBalance,
    Recheck,
    RecheckAt,
    SaleEnded,
    SaleNotSent,
    SaleQueued,
    SaleSent,
    SendRetail,
    SweepLater,
    WatchHold,
)
from app.core.messages import Level, Message, Slot, say
from app.core.sale_outcome import Checking, NotHappened, Queued, SaleOutcome, Unknown, Went
from app.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from app.api.models import Client


@dataclass
class SaleFlow:
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
