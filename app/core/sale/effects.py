"""What the workflow asks for: requests (each kind one class that names its call and who hears
its reply), the other effects the controller carries out (timers, focus, journal counts), and
the events that say what happened to a sale.

Nothing here runs anything: :class:`~app.ui.cashier.controller.TillController` runs a request's
:meth:`Request.call` off the GUI thread and gives its reply to the handler the workflow bound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from app.core.ledger.outcome import SaleOutcome, outcome_of
from app.core.sale.state import Ask, Sale, Token

if TYPE_CHECKING:
    from app.api.errors import ApiError
    from app.api.loyalty import Granted, LoyaltyClient
    from app.api.models import Client, Recalc, Retail
    from app.core.ledger.teller import Teller

R = TypeVar("R")

# ---- requests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Services:
    """What requests run against once the till is connected."""

    teller: Teller
    loyalty: LoyaltyClient


@dataclass(frozen=True)
class Request(Generic[R]):
    """One kind of request: its data, its call (run off the GUI thread) and who hears its
    reply and its failure. The workflow makes it with the handlers bound to the token it was
    issued for; the controller only runs :meth:`call` and hands back what came of it. Adding a
    kind is one subclass here and the workflow's handlers."""

    kind: ClassVar[Ask]  # the checkout's word for it (its token's kind, but for Recheck)
    writes: ClassVar[bool] = False  # writes the journal: closing the program waits for it
    asks_server: ClassVar[bool] = True  # False: its outcome says nothing of the link

    on_reply: Callable[[R], list[Effect]] = field(kw_only=True, compare=False, repr=False)
    on_failure: Callable[[ApiError], list[Effect]] = field(kw_only=True, compare=False, repr=False)

    def call(self, services: Services) -> R:
        raise NotImplementedError


@dataclass(frozen=True)
class SearchCustomer(Request["Client"]):
    kind = Ask.SEARCH
    writes = True
    token: Token
    key: str

    def call(self, services: Services) -> Client:
        return services.teller.search(self.key)  # the balance is evidence too


@dataclass(frozen=True)
class Preview(Request["Recalc"]):
    kind = Ask.RECALC
    token: Token
    client_id: str
    amount: Decimal
    hold_ids: tuple[str, ...]

    def call(self, services: Services) -> Recalc:
        return services.loyalty.recalc(self.client_id, self.amount, hold_ids=list(self.hold_ids))


@dataclass(frozen=True)
class HoldPoints(Request["Granted"]):
    kind = Ask.HOLD
    writes = True
    token: Token
    client: Client
    amount: Decimal
    minutes: int

    def call(self, services: Services) -> Granted:
        return services.teller.hold(self.client, self.amount, self.minutes)


NOBODY = -1  # the generation of a release whose outcome is told to no one


@dataclass(frozen=True)
class ReleaseHold(Request[None]):
    kind = Ask.RELEASE
    writes = True
    hold_id: str
    generation: int  # the customer it was released for; its message is theirs
    client_id: str | None = None  # the journal names whose hold it was

    def call(self, services: Services) -> None:
        services.teller.release(self.hold_id, client_id=self.client_id)


@dataclass(frozen=True)
class SendRetail(Request[SaleOutcome]):
    """The confirmed sale, exactly as the confirmation showed it."""

    kind = Ask.RETAIL
    writes = True
    token: Token
    client: Client
    lookup: str
    sale: Sale
    without_balance: bool
    receipt: str | None = None

    def call(self, services: Services) -> SaleOutcome:
        sale = self.sale
        return outcome_of(
            lambda: services.teller.retail(
                self.client,
                self.lookup,
                sale.amount,
                sale.spend,
                hold_ids=list(sale.hold_ids),
                expected_earn=sale.earn,
                without_balance=self.without_balance,
                receipt=self.receipt,
                to_pay=sale.to_pay,
            )
        )


@dataclass(frozen=True)
class QueueEarn(Request[SaleOutcome]):
    """An earn for what was searched, recorded while the server cannot be reached (nothing is
    sent: the journal entry is the queue, posted later by :mod:`app.core.ledger.earn_queue`)."""

    kind = Ask.RETAIL
    writes = True
    asks_server = False
    token: Token
    lookup: str
    amount: Decimal
    receipt: str | None = None

    def call(self, services: Services) -> SaleOutcome:
        return outcome_of(
            lambda: services.teller.queue_earn(self.lookup, self.amount, receipt=self.receipt)
        )


@dataclass(frozen=True)
class Recheck(Request[SaleOutcome]):
    """The sale on screen, checked again when its settle window ends."""

    kind = Ask.RECHECK
    writes = True
    token: Token
    entry_id: int

    def call(self, services: Services) -> SaleOutcome:
        return outcome_of(lambda: services.teller.recheck(self.entry_id))


@dataclass(frozen=True)
class ReadBalance(Request["Client"]):
    """The customer read again after a sale, for the balance it left."""

    kind = Ask.BALANCE
    token: Token
    key: str

    def call(self, services: Services) -> Client:
        return services.loyalty.search(self.key)


@dataclass(frozen=True)
class CheckHold(Request[bool]):
    """Is our hold still counted? Two reads: with the hold named, and without (the server
    ends a hold when any operation is made at this point, and does not say so)."""

    kind = Ask.HOLD_CHECK
    writes = True  # a hold found ended early is journaled so
    token: Token
    key: str
    hold_id: str
    amount: Decimal
    expiring: bool  # the hold is within its last seconds: gone means expired

    def call(self, services: Services) -> bool:
        loyalty = services.loyalty
        named_balance = loyalty.search(self.key, hold_ids=[self.hold_id]).balance
        plain_balance = loyalty.search(self.key).balance
        counted = named_balance - plain_balance >= self.amount
        if not counted:
            services.teller.journal.hold_gone(self.hold_id, expired=self.expiring)
        return counted


@dataclass(frozen=True)
class RecheckAt:
    """Check the customer on screen again when the entry's settle window ends."""

    entry_id: int
    generation: int


@dataclass(frozen=True)
class LoadExtras:
    """The customer's photo and next expiry, in the background; never delays the card.
    After a sale only the expiry is read again (``photo`` False): the points it spoke of may
    be gone."""

    generation: int
    client: Client
    photo: bool = True


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
class CountQueued:
    """An offline earn was recorded: count the queue, and post it once the server is back."""


@dataclass(frozen=True)
class SweepLater:
    """Settle, in the background, operations still being checked once their window ends."""


# ---- events: what happened, for whoever listens (the POS hand-off) -------------------------


@dataclass(frozen=True)
class CustomerShown:
    """A customer is on screen to sell to (``generation`` names them): their card, or, with
    the server out of reach, what was searched (an earn may be recorded for it)."""

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
class SaleQueued:
    """The sale of ``generation`` was recorded as an offline earn (journal ``entry_id``): the
    customer pays ``amount`` in full; the points are credited when the server is back."""

    generation: int
    entry_id: int
    amount: Decimal
    customer: str  # masked, as the journal names them


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


@dataclass(frozen=True)
class HandoffDetached:
    """The cashier changed the amount the POS handed over for ``generation``: the sale on
    screen is no longer the POS's (its receipt is dropped); the hand-off ends as cancelled."""

    generation: int


Event = (
    CustomerShown | SaleSent | SaleEnded | SaleQueued | SaleNotSent | CustomerLeft | HandoffDetached
)

# Every request is a Request; the rest are carried out by the controller itself.
Effect = (
    Request[Any]
    | RecheckAt
    | LoadExtras
    | RetryPreview
    | WatchHold
    | Focus
    | CountUnsettled
    | CountQueued
    | SweepLater
    | Event
)
